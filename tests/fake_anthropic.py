"""A small Anthropic Messages API on 127.0.0.1 for tests, served by Hypercorn.

It speaks the wire format the official ``anthropic`` client (and pydantic-ai through it)
expects from ``POST /v1/messages``: a ``message`` object, or an SSE stream when the request
asks for ``stream: true``. Each test scripts the answers with ``respond``; every request body
is kept in ``requests`` for assertions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Any

from quart import Quart, Response, request

from tests.served import serving

Responder = Callable[[dict], dict | tuple[int, dict]]


def tool_answer(name: str, args: dict, usage: tuple[int, int] = (240, 60), cache: tuple[int, int] = (0, 0)) -> dict:
    """A ``tool_use`` message; ``usage`` is (uncached input, output) tokens and ``cache`` the
    prompt-cache (read, write) tokens, reported as Anthropic does."""
    return {"id": "msg_fake", "type": "message", "role": "assistant", "model": "claude-sonnet-4-6",
            "content": [{"type": "tool_use", "id": "toolu_fake", "name": name, "input": args}],
            "stop_reason": "tool_use", "stop_sequence": None,
            "usage": {"input_tokens": usage[0], "output_tokens": usage[1],
                      "cache_read_input_tokens": cache[0], "cache_creation_input_tokens": cache[1]}}


def _sse(message: dict) -> str:
    events = [("message_start", {"type": "message_start", "message": {**message, "content": [],
                                                                       "stop_reason": None}})]
    for i, block in enumerate(message["content"]):
        if block["type"] == "text":
            events += [("content_block_start", {"type": "content_block_start", "index": i,
                                                "content_block": {"type": "text", "text": ""}}),
                       ("content_block_delta", {"type": "content_block_delta", "index": i,
                                                "delta": {"type": "text_delta", "text": block["text"]}})]
        else:
            events += [("content_block_start", {"type": "content_block_start", "index": i,
                                                "content_block": {**block, "input": {}}}),
                       ("content_block_delta", {"type": "content_block_delta", "index": i, "delta": {
                           "type": "input_json_delta", "partial_json": json.dumps(block["input"])}})]
        events.append(("content_block_stop", {"type": "content_block_stop", "index": i}))
    events += [("message_delta", {"type": "message_delta", "delta": {"stop_reason": message["stop_reason"]},
                                  "usage": {"output_tokens": message["usage"]["output_tokens"]}}),
               ("message_stop", {"type": "message_stop"})]
    return "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)


class FakeAnthropic:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.responder: Responder = lambda body: (500, {"type": "error", "error": {
            "type": "api_error", "message": "no answer scripted"}})
        self.app = Quart(__name__)
        self.app.add_url_rule("/v1/messages", view_func=self._messages, methods=["POST"])
        self.url = ""

    def respond(self, responder: Responder) -> None:
        self.responder = responder

    async def _messages(self):
        body = await request.get_json()
        self.requests.append(body)
        answer = self.responder(body)
        status, payload = answer if isinstance(answer, tuple) else (200, answer)
        if status == 200 and body.get("stream"):
            return Response(_sse(payload), content_type="text/event-stream")
        return payload, status


@asynccontextmanager
async def running_fake_anthropic():
    """Serve a ``FakeAnthropic`` on 127.0.0.1 for the duration of the block."""
    fake = FakeAnthropic()
    async with serving(fake.app) as fake.url:
        yield fake


def final_result_args(body: dict[str, Any]) -> str | None:
    """The name of the structured-output tool pydantic-ai offered, if any."""
    return next((t["name"] for t in body.get("tools", []) if t["name"].startswith("final_result")), None)
