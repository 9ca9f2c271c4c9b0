"""Socket Mode: the same bot over a WebSocket Slack opens, for hosts without a public URL."""

from __future__ import annotations

import asyncio
import sys

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.web.async_client import AsyncWebClient

from integrations.email import make_sender
from integrations.slack.bot import build_bot
from storage import db
from storage.config import Settings
from tools import runtime

NEEDS = ("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…, with connections:write) "
         "and SLACK_BOT_TOKEN (xoxb-…).")


async def _serve(settings: Settings) -> None:
    runtime.configure(settings, make_sender(settings))
    await db.run_migrations(settings.database_url)
    await db.connect(settings)
    bot = build_bot(settings)
    handler = AsyncSocketModeHandler(bot.bolt, settings.slack_app_token,
                                     web_client=AsyncWebClient(base_url=bot.client.base_url))
    try:
        await handler.start_async()
    finally:
        await handler.close_async()
        await bot.background.drain()
        await db.close()


def run_socket_mode(settings: Settings) -> int:
    """Serve Slack over Socket Mode until interrupted; 2 when the tokens are missing."""
    if not (settings.slack_app_token and settings.slack_bot_token):
        print(f"hirebot slack: {NEEDS}", file=sys.stderr)
        return 2
    print("Hirebot Slack bot connected over Socket Mode (Ctrl+C to stop)", flush=True)
    try:
        asyncio.run(_serve(settings))
    except KeyboardInterrupt:
        pass
    return 0
