"""The Slack test rig: the fake Slack Web API and Hirebot, both served over HTTP on 127.0.0.1;
requests are signed like Slack signs them and POSTed to ``/slack/events``."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from integrations.slack.bot import SlackBot
from tests.fake_slack import BOT_USER_ID, TEAM_ID, FakeSlack
from tests.helpers import Api

SIGNING_SECRET = "test-signing-secret"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Rig:
    fake: FakeSlack
    api: Api
    bot: SlackBot
    http: httpx.AsyncClient

    async def send(self, body: str, content_type: str, *, age: int = 0, secret: str = SIGNING_SECRET,
                   ) -> httpx.Response:
        """POST a signed request and wait for the work it started in the background."""
        ts = str(int(time.time()) - age)
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        response = await self.http.post("/slack/events", content=body, headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature})
        await self.bot.background.drain()
        return response

    async def event(self, event: dict[str, Any], team: str = TEAM_ID, **kw) -> httpx.Response:
        body = {"token": "unused", "team_id": team, "api_app_id": "A0APP", "type": "event_callback",
                "event_id": f"Ev{time.monotonic_ns()}", "event_time": int(time.time()), "event": event,
                "authorizations": [{"team_id": team, "user_id": BOT_USER_ID, "is_bot": True}]}
        return await self.send(json.dumps(body), "application/json", **kw)

    async def mention(self, user: str, text: str, ts: str, thread_ts: str | None = None, channel: str = "C0CHAN",
                      team: str = TEAM_ID, files: list[dict] | None = None, **kw) -> httpx.Response:
        event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts,
                 "channel": channel, "event_ts": ts, **({"thread_ts": thread_ts} if thread_ts else {}),
                 **({"files": files} if files else {})}
        return await self.event(event, team, **kw)

    async def click(self, user: str, action_id: str, value: str, channel: str, message_ts: str,
                    thread_ts: str | None = None, team: str = TEAM_ID) -> httpx.Response:
        payload = {"type": "block_actions", "team": {"id": team}, "user": {"id": user, "team_id": team},
                   "api_app_id": "A0APP", "trigger_id": f"trig-{message_ts}", "channel": {"id": channel},
                   "container": {"type": "message", "message_ts": message_ts, "channel_id": channel,
                                 **({"thread_ts": thread_ts} if thread_ts else {})},
                   "message": {"ts": message_ts, "text": "", **({"thread_ts": thread_ts} if thread_ts else {})},
                   "response_url": self.fake.response_url(f"click-{message_ts}"),
                   "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                                "action_ts": str(time.time())}]}
        return await self.send(urlencode({"payload": json.dumps(payload)}), FORM)

    async def submit_view(self, user: str, view: dict[str, Any], comment: str, team: str = TEAM_ID) -> httpx.Response:
        payload = {"type": "view_submission", "team": {"id": team}, "user": {"id": user, "team_id": team},
                   "api_app_id": "A0APP", "trigger_id": "trig-view",
                   "view": {**view, "id": "V0VIEW", "team_id": team,
                            "state": {"values": {"comment": {"text": {"type": "plain_text_input", "value": comment}}}}}}
        return await self.send(urlencode({"payload": json.dumps(payload)}), FORM)

    async def command(self, user: str, text: str, team: str = TEAM_ID, name: str = "cmd") -> httpx.Response:
        form = {"token": "unused", "team_id": team, "channel_id": "C0CHAN", "user_id": user, "command": "/hirebot",
                "text": text, "api_app_id": "A0APP", "trigger_id": "trig-cmd",
                "response_url": self.fake.response_url(name)}
        return await self.send(urlencode(form), FORM)
