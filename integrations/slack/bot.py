"""Build the bolt app from settings, with a tracker for the work that runs after the ack."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from storage.config import Settings

log = logging.getLogger("hirebot.slack")
SLACK_API_URL = "https://slack.com/api/"


@dataclass
class Background:
    """Tasks started after Slack got its ack (Slack wants one within 3 s)."""

    tasks: set[asyncio.Task] = field(default_factory=set)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("slack background work failed", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait until no work is left, including work that running work started."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)


@dataclass
class SlackBot:
    bolt: AsyncApp
    background: Background

    @property
    def client(self) -> AsyncWebClient:
        return self.bolt.client


def configured(settings: Settings) -> bool:
    return bool(settings.slack_bot_token and settings.slack_signing_secret)


def build_bot(settings: Settings) -> SlackBot:
    """The bolt app (its Web API client talks to ``SLACK_API_URL``) with every listener registered.
    Listeners only ack and hand the work to ``background``, so acks never wait for the agent."""
    from integrations.slack import approvals, commands, home, messages, offer_dm

    base_url = (settings.slack_api_url or SLACK_API_URL).rstrip("/") + "/"
    client = AsyncWebClient(token=settings.slack_bot_token, base_url=base_url)
    bolt = AsyncApp(signing_secret=settings.slack_signing_secret, client=client, process_before_response=True)
    bot = SlackBot(bolt, Background())
    for module in (messages, approvals, offer_dm, commands, home):
        module.register(bot)
    return bot
