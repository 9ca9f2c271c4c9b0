"""Approval-gated tool calls: who may decide, recording decisions, and the results that resume a run."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from pydantic_ai.tools import DeferredToolRequests, DeferredToolResults, ToolDenied

from storage.models import Conversation
from tools.actor import Actor
from tools.errors import Conflict, NotFound


class ApprovalDecision(BaseModel):
    decision: Literal["approve", "deny"]
    comment: str = Field(default="", max_length=2000)


def owner_of(row: Conversation) -> str:
    return row.user_id or row.api_key_id or ""


def pending_from(row: Conversation, requests: DeferredToolRequests) -> list[dict]:
    """The calls a paused run waits on: the conversation's owner confirms their own actions; a
    call routed to others (an offer decision) names them and who they are (``waiting_for``)."""
    pending = []
    for call in requests.approvals:
        routed = requests.metadata.get(call.tool_call_id) or {}
        pending.append({"call_id": call.tool_call_id, "tool": call.tool_name, "args": call.args_as_dict(),
                        "approvers": routed.get("approvers") or [owner_of(row)],
                        **({"waiting_for": routed["waiting_for"]} if routed.get("waiting_for") else {})})
    return pending


def decide(actor: Actor, row: Conversation, call_id: str, data: ApprovalDecision) -> list[dict]:
    """Record one decision on a pending call; 404 for an unknown call or someone who may not decide."""
    pending = [dict(p) for p in row.pending_approvals]
    call = next((p for p in pending if p["call_id"] == call_id), None)
    if call is None or actor.principal_id not in call["approvers"]:
        raise NotFound("no pending approval with this id for you", {"call_id": call_id})
    if "decision" in call:
        raise Conflict("this call was already decided", {"call_id": call_id, "decision": call["decision"]})
    call.update(decision=data.decision, comment=data.comment, decided_by=actor.principal_id)
    return pending


def results_for(pending: list[dict]) -> DeferredToolResults | None:
    """The results that resume the run once every pending call is decided, else None."""
    if any("decision" not in p for p in pending):
        return None
    return DeferredToolResults(approvals={
        p["call_id"]: True if p["decision"] == "approve"
        else ToolDenied(f"Denied by the user{': ' + p['comment'] if p['comment'] else ''}.") for p in pending})


def deny_all(pending: list[dict]) -> DeferredToolResults:
    """Results for calls left undecided when the user moves on with a new message."""
    return DeferredToolResults(approvals={p["call_id"]: ToolDenied("Not approved: the user moved on.")
                                          for p in pending})
