"""Chat over a real Hypercorn server on 127.0.0.1 with streaming httpx clients, the model a
Messages-API server whose answer waits on a gate: two turns at once on one conversation, and a
client that leaves mid-stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from quart import Quart, request

from api.app import create_app
from tests.chat_helpers import parse_sse
from tests.conftest import PG_URL, truncate_all
from tests.helpers import PASSWORD
from tests.served import serving

FIRST, REST = "Working on it", " - all done."


class GatedModel:
    """``POST /v1/messages`` streaming the first words at once and the rest when ``gate`` opens."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.gate.set()
        self.bodies: list[dict] = []
        self.app = Quart(__name__)
        self.app.add_url_rule("/v1/messages", view_func=self.messages, methods=["POST"])

    async def messages(self):
        body = await request.get_json()
        self.bodies.append(body)
        assert body["stream"], "the chat streams its model requests"

        def event(name: str, data: dict) -> bytes:
            return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()

        async def answer():
            yield event("message_start", {"message": {
                "id": "msg_gated", "type": "message", "role": "assistant", "model": "claude-sonnet-4-6",
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": {"input_tokens": 100, "output_tokens": 1}}})
            yield event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
            yield event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": FIRST}})
            await self.gate.wait()
            yield event("content_block_delta", {"index": 0, "delta": {"type": "text_delta", "text": REST}})
            yield event("content_block_stop", {"index": 0})
            yield event("message_delta", {"delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 20}})
            yield event("message_stop", {})

        return answer(), 200, {"Content-Type": "text/event-stream"}


@pytest_asyncio.fixture
async def served(settings) -> AsyncIterator[tuple[httpx.AsyncClient, GatedModel]]:
    """Hirebot on Hypercorn with the gated model; an httpx client holding an admin's API key."""
    model = GatedModel()
    async with serving(model.app) as model_url:
        app = create_app(settings.model_copy(update={
            "model": "anthropic:claude-sonnet-4-6", "anthropic_api_key": "test", "anthropic_base_url": model_url}))
        try:
            async with serving(app) as base, httpx.AsyncClient(base_url=base, timeout=30) as http:
                if PG_URL:
                    await truncate_all()
                r = await http.post("/api/v1/auth/signup", json={
                    "company_name": "Served Co", "name": "Sam Served", "email": "sam@served.example.org",
                    "password": PASSWORD})
                assert r.status_code == 201, r.text
                r = await http.post("/api/v1/api-keys", json={"name": "chat", "role": "admin"},
                                    headers={"X-CSRF-Token": r.json()["data"]["csrf_token"]})
                assert r.status_code == 201, r.text
                http.cookies.clear()
                http.headers["Authorization"] = f"Bearer {r.json()['data']['token']}"
                yield http, model
        finally:
            model.gate.set()


async def _events(response: httpx.Response) -> AsyncIterator[tuple[str, dict]]:
    """SSE events as they arrive."""
    kind = None
    async for line in response.aiter_lines():
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: "):
            yield kind or "", json.loads(line.removeprefix("data: "))


async def _turn(http: httpx.AsyncClient, message: str, conversation_id: str | None = None) -> list[tuple[str, dict]]:
    r = await http.post("/api/v1/chat", json={"message": message, "conversation_id": conversation_id})
    assert r.status_code == 200, r.text
    return parse_sse(r.text)


async def _messages(http: httpx.AsyncClient, conversation_id: str) -> list[dict]:
    return (await http.get(f"/api/v1/conversations/{conversation_id}")).json()["data"]["messages"]


async def test_two_turns_at_once_one_is_409_and_the_conversation_stays_consistent(served):
    http, model = served
    events = await _turn(http, "hello")
    conv = events[-1][1]["conversation_id"]
    assert "".join(e["delta"] for k, e in events if k == "text") == FIRST + REST

    model.gate.clear()
    requests = [http.build_request("POST", "/api/v1/chat", json={"message": m, "conversation_id": conv})
                for m in ("turn alpha", "turn bravo")]
    responses = await asyncio.gather(*(http.send(r, stream=True) for r in requests))
    try:
        by_status = {r.status_code: r for r in responses}
        assert sorted(by_status) == [200, 409]
        refused = json.loads(await by_status[409].aread())
        assert refused["error"]["code"] == "conflict"
        events = _events(by_status[200])
        assert await anext(events) == ("text", {"delta": FIRST})
        model.gate.set()
        rest = [e async for e in events]
    finally:
        for r in responses:
            await r.aclose()
    assert rest[-1] == ("done", {"conversation_id": conv, "usage": rest[-1][1]["usage"]})
    assert rest[-1][1]["usage"]["input_tokens"] == 100 and rest[-1][1]["usage"]["output_tokens"] == 20
    winner = json.loads(by_status[200].request.content)["message"]
    loser = json.loads(by_status[409].request.content)["message"]

    messages = await _messages(http, conv)
    assert [(m["role"], m["text"]) for m in messages] == [
        ("user", "hello"), ("assistant", FIRST + REST), ("user", winner), ("assistant", FIRST + REST)]
    events = await _turn(http, "third", conv)
    assert events[-1][0] == "done" and len(await _messages(http, conv)) == 6
    history = json.dumps(model.bodies[-1]["messages"])
    assert "hello" in history and winner in history and loser not in history


async def test_a_client_leaving_mid_stream_leaves_the_conversation_usable(served):
    http, model = served
    events = await _turn(http, "hello")
    conv = events[-1][1]["conversation_id"]

    model.gate.clear()
    async with http.stream("POST", "/api/v1/chat", json={"message": "tell me a long story",
                                                         "conversation_id": conv}) as r:
        assert r.status_code == 200
        assert await anext(_events(r)) == ("text", {"delta": FIRST})
    # the client hung up while the model was still answering

    for _ in range(200):                                    # the server notices the hang-up, then stores
        messages = await _messages(http, conv)
        if len(messages) == 4:
            break
        await asyncio.sleep(0.05)
    assert [(m["role"], m["text"]) for m in messages] == [
        ("user", "hello"), ("assistant", FIRST + REST), ("user", "tell me a long story"), ("assistant", FIRST)]

    model.gate.set()
    events = await _turn(http, "are you there?", conv)
    assert [k for k, _ in events][-1] == "done" and "".join(e["delta"] for k, e in events if k == "text") == FIRST + REST
    messages = await _messages(http, conv)
    assert [m["text"] for m in messages if m["role"] == "user"] == ["hello", "tell me a long story", "are you there?"]
    history = json.dumps(model.bodies[-1]["messages"])      # the cut-off turn left the agent state as it was
    assert "hello" in history and "are you there?" in history and "tell me a long story" not in history
