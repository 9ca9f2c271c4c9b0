"""Where a turn's answer goes: streamed into a thread, or sent through a slash command's response_url."""

from __future__ import annotations

import time
from typing import Protocol

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from integrations.slack.blocks import Block, section

STREAM_INTERVAL_SECONDS = 1.0


class Sink(Protocol):
    thread: str | None      # "channel:thread_ts" when the answer lives in a thread

    async def append(self, text: str) -> None: ...

    async def stop(self, blocks: list[Block]) -> None: ...

    async def post(self, text: str, blocks: list[Block]) -> None: ...


class ThreadStream:
    """A reply streamed into a thread with Slack's chat streaming methods: ``chat.startStream`` on the
    first text, ``chat.appendStream`` at most once per ``interval``, ``chat.stopStream`` with the rest
    and the closing blocks."""

    def __init__(self, client: AsyncWebClient, channel: str, thread_ts: str, team_id: str, user_id: str,
                 interval: float = STREAM_INTERVAL_SECONDS) -> None:
        self.client, self.channel, self.thread_ts = client, channel, thread_ts
        self.team_id, self.user_id, self.interval = team_id, user_id, interval
        self.thread = f"{channel}:{thread_ts}"
        self.ts: str | None = None
        self._pending = ""
        self._flushed_at = 0.0

    async def append(self, text: str) -> None:
        self._pending += text
        if self.ts is None:
            await self._start()
        elif self._pending and time.monotonic() - self._flushed_at >= self.interval:
            await self.client.chat_appendStream(channel=self.channel, ts=self.ts, markdown_text=self._pending)
            self._pending, self._flushed_at = "", time.monotonic()

    async def _start(self) -> None:
        started = await self.client.chat_startStream(
            channel=self.channel, thread_ts=self.thread_ts, markdown_text=self._pending or None,
            recipient_team_id=self.team_id, recipient_user_id=self.user_id)
        self.ts, self._pending, self._flushed_at = started["ts"], "", time.monotonic()

    async def stop(self, blocks: list[Block]) -> None:
        if self.ts is None:
            await self._start()
        await self.client.chat_stopStream(channel=self.channel, ts=self.ts, markdown_text=self._pending or None,
                                          blocks=blocks or None)
        self._pending = ""

    async def post(self, text: str, blocks: list[Block]) -> None:
        await self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text, blocks=blocks)


class ResponseSink:
    """A slash command's answer: collected, then sent once through its ``response_url``."""

    thread = None

    def __init__(self, respond: AsyncRespond, response_type: str = "ephemeral") -> None:
        self.respond, self.response_type = respond, response_type
        self.text = ""

    async def append(self, text: str) -> None:
        self.text += text

    async def stop(self, blocks: list[Block]) -> None:
        await self.respond(text=self.text, blocks=[section(self.text), *blocks], response_type=self.response_type,
                           replace_original=False)

    async def post(self, text: str, blocks: list[Block]) -> None:
        await self.respond(text=text, blocks=blocks, response_type=self.response_type, replace_original=False)
