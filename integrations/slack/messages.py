"""Mentions and DMs: each Slack thread is a conversation with the agent (one per person), and the
answer streams into the thread. CVs shared with the bot are parsed."""

from __future__ import annotations

import re
from typing import Any

from agent import conversations, turns
from integrations.slack import files, identity, replies
from integrations.slack.bot import SlackBot
from integrations.slack.sinks import ThreadStream
from tools.errors import DomainError

MENTION = re.compile(r"<@[A-Z0-9]+>")


def thread_key(team_id: str, channel: str, thread_ts: str) -> str:
    return f"{team_id}:{channel}:{thread_ts}"


async def on_message(bot: SlackBot, team_id: str, event: dict[str, Any]) -> None:
    """Answer a mention or a DM in its thread, as the tenant user behind the Slack user."""
    channel, user = event["channel"], event["user"]
    thread = ThreadStream(bot.client, channel, event.get("thread_ts") or event["ts"], team_id, user)
    try:
        actor = await identity.actor_of(bot.client, team_id, user)
    except identity.Refused as exc:
        await bot.client.chat_postEphemeral(channel=channel, user=user, text=exc.message,
                                            thread_ts=thread.thread_ts)
        return
    if event.get("files"):
        await files.ingest_shared(bot, actor, event["files"], thread)
    text = MENTION.sub("", event.get("text") or "").strip()
    if not text:
        return
    key = thread_key(team_id, channel, thread.thread_ts)
    known = await conversations.by_external_key(actor, key)
    try:
        turn = await turns.begin_message(actor, text, known.id if known else None, "slack")
    except DomainError as exc:
        await thread.post(exc.message, [])
        return
    if known is None:
        await conversations.bind_external_key(turn.row, key)
    await replies.reply(bot, turn, thread, user)


async def on_thread_files(bot: SlackBot, team_id: str, event: dict[str, Any]) -> None:
    """CVs shared without a mention count only in a thread where the sharer talks with the bot."""
    thread = ThreadStream(bot.client, event["channel"], event["thread_ts"], team_id, event["user"])
    try:
        actor = await identity.actor_of(bot.client, team_id, event["user"])
    except identity.Refused:
        return
    if await conversations.by_external_key(actor, thread_key(team_id, thread.channel, thread.thread_ts)):
        await files.ingest_shared(bot, actor, event["files"], thread)


def register(bot: SlackBot) -> None:
    @bot.bolt.event("app_mention")
    async def mentioned(event, context) -> None:
        bot.background.spawn(on_message(bot, context.team_id, event))

    @bot.bolt.event("message")
    async def message(event, context) -> None:
        """DMs to the bot, and CVs shared in its threads (mentions come as app_mention)."""
        if event.get("bot_id") or event.get("subtype") not in (None, "file_share") or "user" not in event:
            return
        if event.get("channel_type") == "im":
            bot.background.spawn(on_message(bot, context.team_id, event))
        elif event.get("files") and event.get("thread_ts") and f"<@{context.bot_user_id}>" not in (event.get("text") or ""):
            bot.background.spawn(on_thread_files(bot, context.team_id, event))
