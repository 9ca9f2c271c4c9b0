"""The offline command model: a pydantic-ai ``FunctionModel`` that turns the user's message into
one tool call and the tool's result into sentences, streamed word by word."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator

from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    RetryPromptPart,
    ToolReturnPart,
    UserPromptPart,
)
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, DeltaToolCalls, FunctionModel

from agent.describe import describe
from agent.offline_parse import Call, parse
from tools.clock import utcnow

MODEL_NAME = "offline"


def _chunks(text: str) -> list[str]:
    """Text in small pieces (a few words each) so the answer streams."""
    return [m.group(0) for m in re.finditer(r"(?:\S+\s*){1,4}", text)] or [text]


def _prompt(request: ModelRequest) -> str | None:
    """The user's new message in this request (after any results of calls the user moved on from)."""
    texts = [p.content for p in request.parts if isinstance(p, UserPromptPart) and isinstance(p.content, str)]
    return texts[-1] if texts else None


def _answer(last: ModelRequest) -> str | None:
    """Sentences for the tool results (or a retry) that end the history, if it ends with them."""
    texts = []
    for part in last.parts:
        if isinstance(part, ToolReturnPart):
            texts.append(describe(part.tool_name, part.content))
        elif isinstance(part, RetryPromptPart):
            texts.append(f"I couldn't do that: {part.model_response()}")
    return "\n\n".join(texts) if texts else None


async def _stream(messages: list[ModelMessage], info: AgentInfo) -> AsyncIterator[str | DeltaToolCalls]:
    last = messages[-1]
    prompt = _prompt(last) if isinstance(last, ModelRequest) else None
    answer = _answer(last) if isinstance(last, ModelRequest) and prompt is None else None
    if answer is None:
        command = parse(prompt or "", utcnow())
        if isinstance(command, Call):
            yield {0: DeltaToolCall(name=command.tool, json_args=json.dumps(command.args),
                                    tool_call_id=f"call_{uuid.uuid4().hex[:16]}")}
            return
        answer = command.text
    for chunk in _chunks(answer):
        yield chunk


def offline_model() -> FunctionModel:
    return FunctionModel(stream_function=_stream, model_name=MODEL_NAME)
