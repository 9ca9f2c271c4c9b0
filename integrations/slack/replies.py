"""Run an agent turn into Slack: text streams into the sink, the cost closes it, paused calls
become approval buttons, and a submitted offer asks its hiring manager by DM."""

from __future__ import annotations

from contextlib import aclosing
from typing import Any

from agent import turns
from integrations.slack import blocks, offer_dm
from integrations.slack.bot import SlackBot
from integrations.slack.sinks import Sink


async def reply(bot: SlackBot, turn: turns.Turn, sink: Sink, requester: str) -> None:
    """Stream one leased turn into ``sink``; ``requester`` is the Slack user it runs for."""
    calls: dict[str, dict[str, Any]] = {}
    submitted: list[dict[str, Any]] = []
    paused: list[dict[str, Any]] = []
    usage: dict[str, Any] | None = None
    async with aclosing(turns.run(turn)) as events:   # a failed Slack call still ends the turn cleanly
        async for kind, payload in events:
            if kind == "text":
                await sink.append(payload["delta"])
            elif kind == "tool_call":
                calls[payload["id"]] = payload
            elif kind == "tool_result" and payload["ok"] and payload["tool"] == "submit_offer":
                submitted.append(calls[payload["id"]]["args"])
            elif kind == "approval_required":
                paused.append(payload)
            elif kind == "done":
                usage = payload["usage"]
            elif kind == "error":
                await sink.append(f"\n:warning: {payload['message']}")
    await sink.stop([blocks.cost_line(usage)] if usage else [])
    for call in paused:
        await sink.post(f"Approval needed: {blocks.describe_call(call)}", blocks.call_approval(turn.row.id, call))
    for args in submitted:
        await offer_dm.ask_approvers(bot, turn.actor, args, requester, sink.thread)
