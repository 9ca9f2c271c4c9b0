"""A button click on a Slack message: who clicked, where, and how to answer or update it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from integrations.slack.blocks import Block


@dataclass(frozen=True)
class Clicked:
    team_id: str
    user_id: str
    channel: str
    message_ts: str
    thread_ts: str | None
    ephemeral: bool
    response_url: str | None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Clicked:
        """From a ``block_actions`` payload."""
        container, message = body.get("container", {}), body.get("message") or {}
        return cls(team_id=(body.get("team") or {}).get("id") or body["user"].get("team_id", ""),
                   user_id=body["user"]["id"], channel=(body.get("channel") or {}).get("id") or container["channel_id"],
                   message_ts=container.get("message_ts") or message.get("ts", ""),
                   thread_ts=container.get("thread_ts") or message.get("thread_ts"),
                   ephemeral=bool(container.get("is_ephemeral")), response_url=body.get("response_url"))

    def to_metadata(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def thread(self) -> str:
        """The thread the clicked message belongs to (the message itself starts one)."""
        return self.thread_ts or self.message_ts

    async def tell(self, client: AsyncWebClient, text: str) -> None:
        """Answer only the person who clicked."""
        if self.ephemeral and self.response_url:
            await AsyncWebhookClient(self.response_url).send(text=text, response_type="ephemeral",
                                                             replace_original=False)
        else:
            await client.chat_postEphemeral(channel=self.channel, user=self.user_id, text=text,
                                            thread_ts=self.thread_ts)

    async def replace(self, client: AsyncWebClient, text: str, blocks: list[Block]) -> None:
        """Replace the clicked message (its buttons go)."""
        if self.ephemeral and self.response_url:
            await AsyncWebhookClient(self.response_url).send(text=text, blocks=blocks, replace_original=True)
        else:
            await client.chat_update(channel=self.channel, ts=self.message_ts, text=text, blocks=blocks)
