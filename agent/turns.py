"""One chat turn: lease the conversation, run the agent (a new message or a resumed approval),
translate pydantic-ai events into wire events, and store the outcome even when the client leaves."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from pydantic_ai.messages import (
    FunctionToolCallEvent,
    FunctionToolResultEvent,
    PartDeltaEvent,
    PartStartEvent,
    TextPart,
    TextPartDelta,
)
from pydantic_ai.tools import DeferredToolRequests, DeferredToolResults
from pydantic_ai.usage import RunUsage

from agent import approvals, attachments, conversations
from agent.build import chat_agent, tenant_context
from agent.deps import ChatDeps
from agent.describe import describe, object_refs
from agent.offline import offline_model
from storage.models import Conversation
from tools import llm
from tools.actor import Actor
from tools.ai_budget import ensure_budget
from tools.ai_usage import record_model_usage
from tools.clock import utcnow
from tools.errors import DomainError

log = logging.getLogger("hirebot.chat")
WireEvent = tuple[str, dict[str, Any]]
TOKENS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")


@dataclass
class Turn:
    """A leased conversation and what to run on it."""

    actor: Actor
    row: Conversation
    prompt: str | None
    results: DeferredToolResults | None = None
    pending: list[dict] = field(default_factory=list)


async def begin_message(actor: Actor, message: str, conversation_id: str | None,
                        channel: conversations.Channel = "web") -> Turn:
    """Lease (or start) the conversation for a new user message; 402/404/409 before anything
    streams. Calls still waiting for approval are denied: the user moved on."""
    await _check_budget(actor)
    if conversation_id is None:
        row = await conversations.start(actor, channel, attachments.split(message)[0])
    else:
        await conversations.get_conversation(actor, conversation_id)
        row = await conversations.row_in_tenant(actor, conversation_id)
        await conversations.lease(row)
    undecided = [p for p in row.pending_approvals if "decision" not in p]
    return Turn(actor, row, message, approvals.deny_all(undecided) if undecided else None)


async def begin_decision(actor: Actor, conversation_id: str, call_id: str,
                         data: approvals.ApprovalDecision) -> Turn:
    """Record a decision on a pending call and lease the conversation to resume it."""
    await _check_budget(actor)
    row = await conversations.row_in_tenant(actor, conversation_id)
    pending = approvals.decide(actor, row, call_id, data)
    await conversations.lease(row)
    results = approvals.results_for(pending)
    return Turn(actor, row, None, results, pending if results is None else [])


async def _check_budget(actor: Actor) -> None:
    """A model-backed turn needs budget left (402 ``budget_exceeded``); offline chat is free."""
    if not llm.is_offline():
        await ensure_budget(actor.tenant_id)


def _usage(before: RunUsage, after: RunUsage) -> dict[str, Any]:
    used = {k: getattr(after, k) - getattr(before, k) for k in TOKENS}
    cost = (after.cost or 0) - (before.cost or 0)
    return {**used, "cost_usd": float(cost)}


async def run(turn: Turn) -> AsyncIterator[WireEvent]:
    """Stream the turn as (event type, payload) pairs, ending with ``done`` or ``error``."""
    row, actor = turn.row, turn.actor
    display = list(row.messages)
    if turn.prompt is not None:
        display.append({"role": "user", "text": turn.prompt, "at": utcnow().isoformat()})
    reply: dict[str, Any] = {"role": "assistant", "text": "", "tool_calls": [], "approvals": []}
    state = usage = None
    pending = turn.pending
    runs = turn.prompt is not None or turn.results is not None
    try:
        if not runs:                                            # more decisions are needed first
            reply["text"] = "Noted. Waiting for the other pending approvals."
            yield "text", {"delta": reply["text"]}
        else:
            previous = conversations.run_state(row)
            deps = ChatDeps(actor=actor, conversation_id=row.id, context=await tenant_context(actor))
            model = offline_model() if llm.is_offline() else llm.configured_model()
            agent = chat_agent()
            async with agent.run_stream_events(turn.prompt, conversation=previous, deps=deps, model=model,
                                               deferred_tool_results=turn.results) as events:
                async for event in events:
                    for wire in _translate(event, reply):
                        yield wire
            result = events.result
            state = result.conversation
            offline = llm.is_offline()          # the command model's token estimates cost nothing
            usage = _usage(RunUsage(), RunUsage()) if offline else _usage(
                previous.usage if previous else RunUsage(), result.usage)
            if isinstance(result.output, DeferredToolRequests):
                pending = approvals.pending_from(row, result.output)
                for call in pending:
                    reply["approvals"].append(call)
                    yield "approval_required", call
            if not offline:  # the ledger prices the turn; the done event reports the same cost
                record = await record_model_usage(actor, "chat", llm.model_name(), RunUsage(
                    requests=result.usage.requests - (previous.usage.requests if previous else 0),
                    **{k: usage[k] for k in TOKENS}), conversation_id=row.id)
                usage["cost_usd"] = float(record.cost_usd)
        yield "done", {"conversation_id": row.id, "usage": usage or _usage(RunUsage(), RunUsage())}
    except DomainError as exc:
        yield "error", {"code": exc.code, "message": exc.message}
    except Exception:  # noqa: BLE001 - after the headers, a failure can only be reported as an event
        log.exception("chat turn failed", extra={"conversation_id": row.id})
        yield "error", {"code": "internal_error", "message": "the turn failed; the conversation is unchanged"}
    finally:
        display.append({**reply, "at": utcnow().isoformat()})
        kept = pending if state is not None or not runs else row.pending_approvals   # a failed run changes nothing
        save = conversations.finish(row, state, display, kept, usage or _usage(RunUsage(), RunUsage()))
        await asyncio.shield(asyncio.ensure_future(save))


def _translate(event: object, reply: dict[str, Any]) -> list[WireEvent]:
    if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart) and event.part.content:
        reply["text"] += event.part.content
        return [("text", {"delta": event.part.content})]
    if isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta) and event.delta.content_delta:
        reply["text"] += event.delta.content_delta
        return [("text", {"delta": event.delta.content_delta})]
    if isinstance(event, FunctionToolCallEvent):
        call = {"id": event.part.tool_call_id, "tool": event.part.tool_name, "args": event.part.args_as_dict()}
        reply["tool_calls"].append(call)
        return [("tool_call", call)]
    if isinstance(event, FunctionToolResultEvent):
        content = event.part.content
        ok = isinstance(content, dict) and content.get("ok", False)
        summary = describe(event.part.tool_name, content).split("\n", 1)[0]
        refs = object_refs(content)
        for call in reply["tool_calls"]:
            if call["id"] == event.part.tool_call_id:
                call.update(ok=ok, summary=summary, refs=refs)
        return [("tool_result", {"id": event.part.tool_call_id, "tool": event.part.tool_name,
                                 "summary": summary, "ok": ok, "refs": refs})]
    return []

