"""Agent tools over offers: draft, submit and send (both need a human's approval), approve and
reject (routed to the offer's deciders when the user is not one)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic_ai import RunContext
from pydantic_ai.exceptions import ApprovalRequired
from pydantic_ai.toolsets import FunctionToolset

from agent import resolve
from agent.deps import ChatDeps
from agent.results import guarded
from tools import offers
from tools.candidates import CandidateOut
from tools.errors import Forbidden
from tools.policy import allowed, require

toolset: FunctionToolset[ChatDeps] = FunctionToolset()


def _offer(o: offers.OfferOut, person: CandidateOut) -> dict:
    return {"offer_id": o.id, "candidate": person.name, "candidate_id": person.id, "status": o.status,
            "base_salary": str(o.base_salary), "currency": o.currency, "start_date": o.start_date.isoformat() if o.start_date else None}


@toolset.tool
@guarded
async def draft_offer(ctx: RunContext[ChatDeps], candidate: str, base_salary: Decimal, currency: str,
                      start_date: dt.date | None = None, vacancy: str | None = None) -> dict:
    """Draft an offer for a candidate's application (it stays a draft until submitted).

    Args:
        candidate: the candidate's name or id.
        base_salary: yearly base salary, e.g. 80000.
        currency: ISO 4217 code, e.g. USD.
        start_date: the proposed start date.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    app, person = await resolve.application(ctx.deps.actor, candidate, vacancy)
    made = await offers.create_offer(ctx.deps.actor, offers.OfferCreate(
        application_id=app.id, base_salary=base_salary, currency=currency, start_date=start_date))
    return _offer(made, person)


async def _transition(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None, action: str,
                      comment: str = "") -> dict:
    found, person = await resolve.offer(ctx.deps.actor, candidate, vacancy)
    decision = offers.Decision(comment=comment) if action in ("approve", "reject") else None
    done = await offers.transition(ctx.deps.actor, found.id, action, decision)
    result = _offer(done, person)
    if action == "submit":
        result["waiting_for"] = [a.name for a in await offers.decision_makers(ctx.deps.actor, done.id)]
    return result


@toolset.tool(requires_approval=True)
@guarded
async def submit_offer(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None = None) -> dict:
    """Submit the candidate's draft offer for approval; the vacancy's hiring manager is notified.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    return await _transition(ctx, candidate, vacancy, "submit")


async def _decide(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None, action: str, comment: str) -> dict:
    """Approve or reject as one of the offer's deciders. Someone who works on offers but may not
    decide this one (its author, a recruiter) has the request routed: the run pauses until one
    of the deciders answers it, and the decision then runs as that decider. Anyone else is
    refused; a refusal names who the offer is waiting for when the user may see it."""
    actor = ctx.deps.actor
    if not ctx.tool_call_approved and allowed(actor, "offers.write"):
        found, _ = await resolve.offer(actor, candidate, vacancy)
        deciders = await offers.decision_makers(actor, found.id)
        if found.status == "pending_approval" and deciders and actor.user_id not in {d.id for d in deciders}:
            raise ApprovalRequired(metadata={"approvers": [d.id for d in deciders],
                                             "waiting_for": [d.name for d in deciders]})
    require(actor, "offers.approve")
    try:
        return await _transition(ctx, candidate, vacancy, action, comment)
    except Forbidden as exc:
        found, _ = await resolve.offer(ctx.deps.actor, candidate, vacancy)
        who = [a.name for a in await offers.decision_makers(ctx.deps.actor, found.id)]
        raise Forbidden(f"{exc.message}. The offer is waiting for {' or '.join(who) or 'an admin'}.",
                        {"offer_id": found.id, "waiting_for": who}) from exc


@toolset.tool
@guarded
async def approve_offer(ctx: RunContext[ChatDeps], candidate: str, comment: str = "", vacancy: str | None = None) -> dict:
    """Approve the candidate's pending offer. Only the vacancy's hiring manager or an admin may.

    Args:
        candidate: the candidate's name or id.
        comment: the approver's comment.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    return await _decide(ctx, candidate, vacancy, "approve", comment)


@toolset.tool
@guarded
async def reject_offer(ctx: RunContext[ChatDeps], candidate: str, comment: str, vacancy: str | None = None) -> dict:
    """Reject the candidate's pending offer with a reason. Only the vacancy's hiring manager or an admin may.

    Args:
        candidate: the candidate's name or id.
        comment: why the offer is rejected.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    return await _decide(ctx, candidate, vacancy, "reject", comment)


@toolset.tool(requires_approval=True)
@guarded
async def send_offer(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None = None) -> dict:
    """Send the candidate's approved offer; the application moves to the offer stage.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    return await _transition(ctx, candidate, vacancy, "send")
