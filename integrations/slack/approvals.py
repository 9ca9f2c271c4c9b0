"""Approve / Deny buttons on a paused tool call: only an allowed approver's click counts; the
decision is shown on the message and the run resumes in its thread."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond

from agent import conversations, turns
from agent.approvals import ApprovalDecision
from integrations.slack import blocks, identity, offer_dm, replies
from integrations.slack.bot import SlackBot
from integrations.slack.clicks import Clicked
from integrations.slack.sinks import ResponseSink, Sink, ThreadStream
from tools.actor import Actor
from tools.errors import Conflict, DomainError, NotFound

CANNOT_APPROVE = "You can't approve this: only the person who asked me to do it can."
ALREADY_DECIDED = "Nothing changed: this was already decided."


def _sink(bot: SlackBot, clicked: Clicked) -> Sink:
    if clicked.ephemeral and clicked.response_url:
        return ResponseSink(AsyncRespond(response_url=clicked.response_url))
    return ThreadStream(bot.client, clicked.channel, clicked.thread, clicked.team_id, clicked.user_id)


async def _waiting(actor: Actor, value: dict[str, Any]) -> bool:
    """Whether the call still waits for a decision (clicks after the run went on change nothing)."""
    try:
        row = await conversations.row_in_tenant(actor, value["conv"])
    except NotFound:
        return False
    return any(p["call_id"] == value["call"] and "decision" not in p for p in row.pending_approvals)


async def decide(bot: SlackBot, clicked: Clicked, value: dict[str, Any], decision: str, comment: str = "") -> None:
    """Record the click's decision as the clicking user and resume the paused run."""
    try:
        actor = await identity.actor_of(bot.client, clicked.team_id, clicked.user_id)
    except identity.Refused as exc:
        return await clicked.tell(bot.client, exc.message)
    try:
        turn = await turns.begin_decision(actor, value["conv"], value["call"],
                                          ApprovalDecision(decision=decision, comment=comment))
    except NotFound:
        return await clicked.tell(bot.client, CANNOT_APPROVE if await _waiting(actor, value) else ALREADY_DECIDED)
    except Conflict as exc:
        return await clicked.tell(bot.client, f"Nothing changed: {exc.message}.")
    except DomainError as exc:
        return await clicked.tell(bot.client, exc.message)
    verdict = "Approved" if decision == "approve" else "Denied"
    what = f"Approval needed: {value['what']}"
    await clicked.replace(bot.client, f"{what}: {verdict}", blocks.decided(what, verdict, clicked.user_id, comment))
    await replies.reply(bot, turn, _sink(bot, clicked), clicked.user_id)


def register(bot: SlackBot) -> None:
    @bot.bolt.action("hb_call_approve")
    async def approve(ack, body, action) -> None:
        await ack()
        bot.background.spawn(decide(bot, Clicked.from_body(body), json.loads(action["value"]), "approve"))

    @bot.bolt.action("hb_call_deny")
    async def deny(ack, body, action) -> None:
        await ack()
        metadata = {"kind": "call", "value": json.loads(action["value"]),
                    "clicked": Clicked.from_body(body).to_metadata()}
        bot.background.spawn(bot.client.views_open(trigger_id=body["trigger_id"],
                                                   view=blocks.comment_modal(metadata, "Deny")))

    @bot.bolt.view("hb_comment")
    async def commented(ack, body, view) -> None:
        """The comment modal of a deny (a paused call) or a reject (an offer) was submitted."""
        await ack()
        metadata = json.loads(view["private_metadata"])
        comment = (view["state"]["values"].get("comment", {}).get("text", {}).get("value") or "").strip()
        clicked = Clicked(**{**metadata["clicked"], "user_id": body["user"]["id"]})
        if metadata["kind"] == "call":
            bot.background.spawn(decide(bot, clicked, metadata["value"], "deny", comment))
        else:
            bot.background.spawn(offer_dm.decide(bot, clicked, metadata["value"], "reject", comment))
