"""Offers in Slack: a submitted offer is sent by DM to its hiring manager with Approve / Reject,
and their click approves or rejects it through ``tools.offers`` as that user."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from agent import resolve
from integrations.slack import blocks, identity
from integrations.slack.bot import SlackBot
from integrations.slack.clicks import Clicked
from tools import offers, slack_link
from tools.actor import Actor
from tools.errors import Conflict, Forbidden, NotFound
from tools.policy import HIRING_MANAGER

log = logging.getLogger("hirebot.slack")
CANNOT_DECIDE = "You can't approve this: only the vacancy's hiring manager or an admin (not the offer's author) decides."


async def _slack_id(bot: SlackBot, tenant_id: str, person: slack_link.Contact) -> str | None:
    """The person's Slack user id: remembered, else found by their email (and remembered)."""
    if person.slack_user_id:
        return person.slack_user_id
    try:
        found = await bot.client.users_lookupByEmail(email=person.email)
    except SlackApiError:
        return None
    await slack_link.map_slack_user(tenant_id, found["user"]["id"], person.email)
    return found["user"]["id"]


async def ask_approvers(bot: SlackBot, actor: Actor, args: dict[str, Any], requester: str,
                        thread: str | None) -> None:
    """DM the vacancy's hiring manager (the admins when it has none) about an offer the requester
    just submitted but cannot approve themselves."""
    offer, person = await resolve.offer(actor, args["candidate"], args.get("vacancy"))
    makers = await offers.decision_makers(actor, offer.id)
    if any(m.id == actor.user_id for m in makers):
        return
    chosen = [m for m in makers if m.role == HIRING_MANAGER] or makers
    message = blocks.offer_approval(offer.model_dump(mode="json"), person.name, requester, thread)
    for contact in await slack_link.contacts(actor.tenant_id, [m.id for m in chosen]):
        slack_id = await _slack_id(bot, actor.tenant_id, contact)
        if slack_id is None:
            log.info("no Slack user for approver %s", contact.id)
            continue
        await bot.client.chat_postMessage(channel=slack_id, text=f"Offer awaiting your approval: {person.name}",
                                          blocks=message)


async def decide(bot: SlackBot, clicked: Clicked, value: dict[str, Any], action: str, comment: str = "") -> None:
    """Approve or reject the offer as the person who clicked; others are told they can't."""
    try:
        actor = await identity.actor_of(bot.client, clicked.team_id, clicked.user_id)
        await offers.transition(actor, value["offer"], action, offers.Decision(comment=comment))
    except identity.Refused as exc:
        return await clicked.tell(bot.client, exc.message)
    except (Forbidden, NotFound):
        return await clicked.tell(bot.client, CANNOT_DECIDE)
    except Conflict as exc:
        return await clicked.tell(bot.client, f"Nothing changed: {exc.message}.")
    verdict = "Approved" if action == "approve" else "Rejected"
    what = f"Offer: {value['what']}"
    await clicked.replace(bot.client, f"{what}: {verdict}", blocks.decided(what, verdict, clicked.user_id, comment))
    if value.get("thread"):
        channel, thread_ts = value["thread"].split(":", 1)
        note = f" ({comment})" if comment else ""
        await bot.client.chat_postMessage(channel=channel, thread_ts=thread_ts,
                                          text=f"<@{clicked.user_id}> {verdict.lower()} {value['what']}{note}.")


def register(bot: SlackBot) -> None:
    @bot.bolt.action("hb_offer_approve")
    async def approve(ack, body, action) -> None:
        await ack()
        bot.background.spawn(decide(bot, Clicked.from_body(body), json.loads(action["value"]), "approve"))

    @bot.bolt.action("hb_offer_reject")
    async def reject(ack, body, action) -> None:
        await ack()
        metadata = {"kind": "offer", "value": json.loads(action["value"]),
                    "clicked": Clicked.from_body(body).to_metadata()}
        bot.background.spawn(bot.client.views_open(trigger_id=body["trigger_id"],
                                                   view=blocks.comment_modal(metadata, "Reject the offer")))
