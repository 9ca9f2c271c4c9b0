"""A local OpenAI-compatible model (Ollama, vLLM) through configuration alone:
``HIREBOT_MODEL=openai-chat:<model>`` and ``OPENAI_BASE_URL`` point the real ``openai`` client (via
pydantic-ai) at a small Chat Completions server on 127.0.0.1; the chat runs tools as the user."""

from __future__ import annotations

import json

import pytest_asyncio
from quart import Quart, Response, request

from api.app import create_app
from storage.models import UsageRecord
from storage.scoping import scoped
from tests.chat_helpers import Chat, of, text
from tests.conftest import PG_URL, truncate_all
from tests.helpers import Api
from tests.served import serving


def _chunk(delta: dict, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": "llama3.1",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _stream(chunks: list[dict], usage: tuple[int, int]) -> str:
    tail = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": "llama3.1", "choices": [],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)}}
    return "".join(f"data: {json.dumps(c)}\n\n" for c in [*chunks, tail]) + "data: [DONE]\n\n"


class FakeChatCompletions:
    """Answers the first request with a ``find_candidates`` tool call, then with text."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.app = Quart(__name__)
        self.app.add_url_rule("/v1/chat/completions", view_func=self._complete, methods=["POST"])

    async def _complete(self):
        body = await request.get_json()
        self.requests.append(body)
        if any(m["role"] == "tool" for m in body["messages"]):
            chunks = [_chunk({"role": "assistant", "content": "Amara Okafor "}), _chunk({"content": "fits best."}),
                      _chunk({}, "stop")]
        else:
            call = {"index": 0, "id": "call_1", "type": "function",
                    "function": {"name": "find_candidates", "arguments": json.dumps({"brief": "Go engineer"})}}
            chunks = [_chunk({"role": "assistant", "tool_calls": [call]}), _chunk({}, "tool_calls")]
        return Response(_stream(chunks, (120, 30)), content_type="text/event-stream")


@pytest_asyncio.fixture
async def local_model_api(settings, monkeypatch):
    fake = FakeChatCompletions()
    async with serving(fake.app) as base:
        monkeypatch.setenv("OPENAI_BASE_URL", f"{base}/v1")
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        configured = settings.model_copy(update={"model": "openai-chat:llama3.1"})
        app = create_app(configured)
        async with app.test_app():
            if PG_URL:
                await truncate_all()
            yield Api(app, configured), fake


async def test_a_local_openai_compatible_model_drives_the_chat(local_model_api):
    api, fake = local_model_api
    admin = await api.signup()
    r = await admin.post("/api/v1/candidates", json={"name": "Amara Okafor", "email": "amara@example.com",
                                                     "headline": "Go engineer", "skills": ["Go"]})
    amara = (await r.get_json())["data"]["id"]

    events = await Chat(admin).say("who should I call for the Go role?")

    assert of(events, "tool_call")[0]["tool"] == "find_candidates"
    assert of(events, "tool_result")[0]["ok"] is True
    assert text(events) == "Amara Okafor fits best."
    assert fake.requests[0]["model"] == "llama3.1" and fake.requests[0]["stream"] is True
    returned = next(m for m in fake.requests[1]["messages"] if m["role"] == "tool")
    assert amara in returned["content"]
    (row,) = await scoped(UsageRecord, admin.tenant["id"]).all()
    assert (row.model, row.input_tokens, row.output_tokens) == ("openai-chat:llama3.1", 240, 60)
    assert row.priced is False and row.cost_usd == 0          # a local model has no price
