"""The Home tab: the user's offers waiting for their approval and today's interviews."""

from __future__ import annotations

import datetime as dt

from integrations.slack import blocks, identity
from integrations.slack.bot import SlackBot
from tools import interviews, offers
from tools.actor import Actor
from tools.clock import utcnow
from tools.policy import allowed


async def home_blocks(actor: Actor) -> list[blocks.Block]:
    pending = await offers.pending_for(actor) if allowed(actor, "offers.read") else []
    mine = await interviews.list_interviews(actor, interviews.InterviewFilter(interviewer_id=actor.user_id,
                                                                               status="scheduled"), 100, None)
    today = utcnow().date()
    todays = sorted((i for i in mine.items if i.scheduled_at.astimezone(dt.UTC).date() == today),
                    key=lambda i: i.scheduled_at)
    out = [{"type": "header", "text": {"type": "plain_text", "text": "Waiting for your approval"}}]
    for offer in pending:
        out += blocks.offer_approval(offer.model_dump(mode="json"), f"application `{offer.application_id}`", None, None)
    if not pending:
        out.append(blocks.section("Nothing waits for you."))
    out.append({"type": "header", "text": {"type": "plain_text", "text": "Today's interviews (UTC)"}})
    out += [blocks.section(f"{i.scheduled_at.astimezone(dt.UTC):%H:%M} · {i.kind} · {i.duration_min} min · "
                           f"{i.location_or_url or 'no location'} · application `{i.application_id}`") for i in todays]
    if not todays:
        out.append(blocks.section("No interviews today."))
    return out


async def publish(bot: SlackBot, team_id: str, slack_user_id: str) -> None:
    try:
        view_blocks = await home_blocks(await identity.actor_of(bot.client, team_id, slack_user_id))
    except identity.Refused as exc:
        view_blocks = [blocks.section(exc.message)]
    await bot.client.views_publish(user_id=slack_user_id, view={"type": "home", "blocks": view_blocks})


def register(bot: SlackBot) -> None:
    @bot.bolt.event("app_home_opened")
    async def opened(event, context) -> None:
        if event.get("tab", "home") == "home":
            bot.background.spawn(publish(bot, context.team_id, event["user"]))
