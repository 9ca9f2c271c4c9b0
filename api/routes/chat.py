"""/api/v1/chat (SSE) and /api/v1/conversations: the agent over HTTP."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field
from quart import Blueprint, make_response
from quart_schema import validate_querystring, validate_request

from agent import approvals, conversations, turns
from agent.attachments import with_attachments
from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds

bp = Blueprint("chat", __name__, url_prefix="/api/v1")
SSE_HEADERS = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


class ChatIn(BaseModel):
    message: str = Field(min_length=1, max_length=8000)
    conversation_id: str | None = Field(default=None, max_length=40)
    attachments: list[str] = Field(default_factory=list, max_length=10, description="uploaded file ids (file_…), e.g. CVs to parse")
    stream: bool = Field(default=True, description="false: the whole answer as one JSON envelope")


class ChatAnswer(BaseModel):
    conversation_id: str | None
    text: str
    tool_calls: list[dict[str, Any]]
    tool_results: list[dict[str, Any]]
    approvals: list[dict[str, Any]]
    usage: dict[str, Any] | None
    error: dict[str, Any] | None


def _sse(kind: str, payload: dict) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(payload, default=str)}\n\n".encode()


async def _respond(turn: turns.Turn, stream: bool):
    if stream:
        async def body():
            async for kind, payload in turns.run(turn):
                yield _sse(kind, payload)

        response = await make_response(body(), 200, SSE_HEADERS)
        response.timeout = None
        return response
    answer = ChatAnswer(conversation_id=turn.row.id, text="", tool_calls=[], tool_results=[], approvals=[],
                        usage=None, error=None)
    async for kind, payload in turns.run(turn):
        if kind == "text":
            answer.text += payload["delta"]
        elif kind in ("tool_call", "tool_result"):
            getattr(answer, kind + "s").append(payload)
        elif kind == "approval_required":
            answer.approvals.append(payload)
        elif kind == "done":
            answer.usage = payload["usage"]
        elif kind == "error":
            answer.error = payload
    return ok(answer)


@bp.post("/chat")
@authenticated
@validate_request(ChatIn)
@responds(ChatAnswer, errors=(400, 401, 403, 404, 409, 429))
async def chat(data: ChatIn):
    """Send a message to the agent. Streams `text/event-stream` events `text` {delta}, `tool_call`
    {id, tool, args}, `tool_result` {id, tool, summary, ok, refs}, `approval_required` {call_id, tool,
    args, approvers}, `done` {conversation_id, usage} or `error` {code, message}; with
    `stream: false` the whole answer comes as one JSON envelope. A conversation runs one turn at
    a time (409 while busy)."""
    message = await with_attachments(actor(), data.message, data.attachments)
    turn = await turns.begin_message(actor(), message, data.conversation_id, "api" if actor().api_key_id else "web")
    return await _respond(turn, data.stream)


@bp.get("/conversations")
@authenticated
@validate_querystring(ListQuery)
@responds(conversations.ConversationOut, many=True)
async def list_conversations(query_args: ListQuery):
    """The signed-in user's own conversations, newest first."""
    return page(await conversations.list_conversations(actor(), query_args.limit, query_args.cursor),
                query_args.limit)


@bp.get("/conversations/<conversation_id>")
@authenticated
@responds(conversations.ConversationDetail)
async def get_conversation(conversation_id: str):
    """One of the user's conversations with its messages rendered for display; others' are 404."""
    return ok(await conversations.get_conversation(actor(), conversation_id))


class DecisionQuery(BaseModel):
    stream: bool = True


@bp.post("/conversations/<conversation_id>/approvals/<call_id>")
@authenticated
@validate_request(approvals.ApprovalDecision)
@validate_querystring(DecisionQuery)
@responds(ChatAnswer, errors=(400, 401, 404, 409, 429))
async def decide(conversation_id: str, call_id: str, data: approvals.ApprovalDecision, query_args: DecisionQuery):
    """Approve or deny a paused tool call (`decision`: approve|deny, `comment`) and stream the rest
    of the run like `POST /chat` (`?stream=false` for one JSON envelope)."""
    turn = await turns.begin_decision(actor(), conversation_id, call_id, data)
    return await _respond(turn, query_args.stream)
