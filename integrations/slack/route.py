"""``POST /slack/events``: Events API, interactivity and slash commands, handed to bolt, which
checks the signature and the timestamp (a 5-minute replay window) before any listener runs."""

from __future__ import annotations

import asyncio

from quart import Blueprint, Quart, Response, current_app, request
from quart_schema import hide
from slack_bolt.request.async_request import AsyncBoltRequest

from integrations.slack.bot import SlackBot, build_bot, configured
from storage.config import Settings

bp = Blueprint("slack", __name__)
DRAIN_SECONDS = 30


def bot_of(app: Quart) -> SlackBot:
    return app.extensions["hirebot.slack"]


@bp.post("/slack/events")
@hide
async def slack_events() -> Response:
    """Slack's request URL for events, interactivity and slash commands."""
    body = (await request.get_data()).decode()
    bolt_request = AsyncBoltRequest(body=body, query=request.query_string.decode(),
                                    headers=dict(request.headers.items()))
    answer = await bot_of(current_app).bolt.async_dispatch(bolt_request)
    return Response(answer.body, status=answer.status, headers=answer.first_headers_without_set_cookie())


def install(app: Quart, settings: Settings) -> None:
    """Serve the bot when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set; work still running
    after an ack gets ``DRAIN_SECONDS`` to finish at shutdown."""
    if not configured(settings):
        return
    app.extensions["hirebot.slack"] = build_bot(settings)
    app.register_blueprint(bp)

    @app.after_serving
    async def _drain() -> None:
        try:
            await asyncio.wait_for(bot_of(app).background.drain(), DRAIN_SECONDS)
        except TimeoutError:
            pass
