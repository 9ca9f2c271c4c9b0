"""Agent tools over interviews: schedule, reschedule, cancel (needs a human's approval),
record a scorecard, summarise the last transcript."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime
from pydantic_ai import RunContext
from pydantic_ai.toolsets import FunctionToolset

from agent import resolve
from agent.deps import ChatDeps
from agent.results import data, guarded
from tools import interviews, scorecards, transcripts
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import InvalidInput, NotFound

toolset: FunctionToolset[ChatDeps] = FunctionToolset()
Kind = Literal["phone", "video", "onsite", "technical", "panel"]


def _interview(row: interviews.InterviewOut, name: str) -> dict:
    return {"interview_id": row.id, "candidate": name, "kind": row.kind, "status": row.status,
            "scheduled_at": row.scheduled_at.astimezone(dt.UTC).isoformat(), "duration_min": row.duration_min,
            "interviewer_ids": row.interviewer_ids}


async def _interviews(actor: Actor, candidate: str, vacancy: str | None, status: str | None = None
                      ) -> tuple[list[interviews.InterviewOut], str]:
    """The candidate's interviews for the application (oldest first) and the candidate's name."""
    app, person = await resolve.application(actor, candidate, vacancy)
    page = await interviews.list_interviews(actor, interviews.InterviewFilter(application_id=app.id, status=status),
                                            100, None)
    return sorted(page.items, key=lambda r: r.scheduled_at), person.name


async def _next_scheduled(actor: Actor, candidate: str, vacancy: str | None) -> tuple[interviews.InterviewOut, str]:
    """The candidate's next scheduled interview (else the latest scheduled one)."""
    rows, name = await _interviews(actor, candidate, vacancy, "scheduled")
    if not rows:
        raise NotFound(f"{name} has no scheduled interview", {"candidate": name})
    return next((r for r in rows if r.scheduled_at >= utcnow()), rows[-1]), name


@toolset.tool
@guarded
async def schedule_interview(ctx: RunContext[ChatDeps], candidate: str, starts_at: AwareDatetime, kind: Kind = "video",
                             duration_min: int = 45, vacancy: str | None = None, location_or_url: str = "",
                             interviewer_ids: list[str] | None = None) -> dict:
    """Schedule an interview; interviewers get an email with an .ics invite.

    Args:
        candidate: the candidate's name or id.
        starts_at: ISO 8601 start time with an offset.
        kind: the kind of interview.
        duration_min: length in minutes.
        vacancy: the vacancy's title or id; needed when they applied to several.
        location_or_url: where, or the video link.
        interviewer_ids: user ids of the interviewers; default the chatting user.
    """
    actor = ctx.deps.actor
    people = interviewer_ids or ([actor.user_id] if actor.user_id else [])
    app, person = await resolve.application(actor, candidate, vacancy)
    row = await interviews.schedule(actor, interviews.InterviewCreate(
        application_id=app.id, kind=kind, scheduled_at=starts_at, duration_min=duration_min,
        location_or_url=location_or_url, interviewer_ids=people))
    return _interview(row, person.name)


@toolset.tool
@guarded
async def reschedule_interview(ctx: RunContext[ChatDeps], candidate: str, starts_at: AwareDatetime,
                               duration_min: int | None = None, vacancy: str | None = None) -> dict:
    """Move the candidate's next scheduled interview to a new time; interviewers get an updated invite.

    Args:
        candidate: the candidate's name or id.
        starts_at: the new ISO 8601 start time with an offset.
        duration_min: a new length in minutes; unchanged when omitted.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    actor = ctx.deps.actor
    row, name = await _next_scheduled(actor, candidate, vacancy)
    moved = await interviews.reschedule(actor, row.id, interviews.InterviewUpdate(
        scheduled_at=starts_at, duration_min=duration_min))
    return {**_interview(moved, name), "previous": row.scheduled_at.astimezone(dt.UTC).isoformat()}


@toolset.tool(requires_approval=True)
@guarded
async def cancel_interview(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None = None) -> dict:
    """Cancel the candidate's next scheduled interview (needs a human's approval first); interviewers are told.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    actor = ctx.deps.actor
    row, name = await _next_scheduled(actor, candidate, vacancy)
    return _interview(await interviews.finish(actor, row.id, "cancel"), name)


@toolset.tool
@guarded
async def record_scorecard(ctx: RunContext[ChatDeps], candidate: str, score: int,
                           recommendation: Literal["strong_hire", "hire", "no_hire", "strong_no_hire"],
                           notes: str = "", vacancy: str | None = None) -> dict:
    """Record the chatting user's scorecard for their latest interview with the candidate (edits an earlier one).

    Args:
        candidate: the candidate's name or id.
        score: 0-100.
        recommendation: the interviewer's recommendation.
        notes: what the interviewer observed.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    actor = ctx.deps.actor
    rows, name = await _interviews(actor, candidate, vacancy)
    held = [r for r in rows if r.status in ("scheduled", "completed")]
    mine = [r for r in held if actor.user_id in r.interviewer_ids] or held
    if not mine:
        raise NotFound(f"{name} has no interview to score", {"candidate": name})
    past = [r for r in mine if r.scheduled_at <= utcnow()]
    target = (past or mine)[-1]
    card, created = await scorecards.submit(actor, target.id, scorecards.ScorecardIn(
        score=score, recommendation=recommendation, notes=notes))
    return {"candidate": name, "interview_id": target.id, "scorecard_id": card.id, "score": card.score,
            "recommendation": card.recommendation, "created": created}


@toolset.tool
@guarded
async def summarise_interview(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None = None) -> dict:
    """Summarise the candidate's most recent interview transcript: evidence per skill, concerns, hints.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    actor = ctx.deps.actor
    rows, name = await _interviews(actor, candidate, vacancy)
    for row in reversed(rows):
        try:
            s = await transcripts.summarise(actor, row.id)
        except InvalidInput:
            continue
        return {"candidate": name, "interview_id": row.id, "summary": data(s.summary),
                "evidence": [{"skill": e.skill, "quote": data(e.quotes[0], 300)} for e in s.evidence if e.quotes],
                "concerns": s.concerns[:5], "suggested_score": s.hints.suggested_score,
                "suggested_recommendation": s.hints.suggested_recommendation, "engine": s.engine}
    raise NotFound(f"{name} has no interview with a transcript yet", {"candidate": name})
