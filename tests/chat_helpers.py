"""Chat test helpers: send messages over the SSE endpoint and parse the events."""

from __future__ import annotations

import json


def parse_sse(body: str) -> list[tuple[str, dict]]:
    """``event: <type>`` + ``data: <json>`` blocks, in order; anything else fails the test."""
    events = []
    for block in body.strip().split("\n\n"):
        lines = block.split("\n")
        assert len(lines) == 2 and lines[0].startswith("event: ") and lines[1].startswith("data: "), block
        events.append((lines[0][7:], json.loads(lines[1][6:])))
    return events


async def sse(client, path: str, body: dict) -> list[tuple[str, dict]]:
    r = await client.post(path, json=body)
    assert r.status_code == 200, await r.get_data(as_text=True)
    assert r.headers["Content-Type"].startswith("text/event-stream")
    return parse_sse(await r.get_data(as_text=True))


class Chat:
    """One user's conversation with the agent."""

    def __init__(self, client) -> None:
        self.client, self.id = client, None

    async def say(self, message: str, attachments: list[str] | None = None) -> list[tuple[str, dict]]:
        body = {"message": message, **({"conversation_id": self.id} if self.id else {}),
                **({"attachments": attachments} if attachments else {})}
        events = await sse(self.client, "/api/v1/chat", body)
        self.id = events[-1][1].get("conversation_id", self.id)
        return events

    async def decide(self, call_id: str, decision: str = "approve", comment: str = "") -> list[tuple[str, dict]]:
        return await sse(self.client, f"/api/v1/conversations/{self.id}/approvals/{call_id}",
                         {"decision": decision, "comment": comment})


def text(events: list[tuple[str, dict]]) -> str:
    return "".join(p["delta"] for k, p in events if k == "text")


def kinds(events: list[tuple[str, dict]]) -> list[str]:
    return [k for k, _ in events]


def of(events: list[tuple[str, dict]], kind: str) -> list[dict]:
    return [p for k, p in events if k == kind]
