"""Agent tools over interviews, transcripts, drafting, analytics, and what the agent can do."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime
from pydantic_ai import RunContext
from pydantic_ai.toolsets import FunctionToolset

from agent import resolve
from agent.deps import ChatDeps
from agent.results import data, guarded
from tools import analytics, interviews, transcripts
from tools.drafting import interview_questions as questions
from tools.drafting import outreach
from tools.errors import InvalidInput, NotFound

toolset: FunctionToolset[ChatDeps] = FunctionToolset()
CAPABILITIES = [
    "find 5 senior go engineers in Lagos",
    "show Amara Okafor",
    "list open vacancies",
    "what's the pipeline for Backend Engineer",
    "screen Amara for Backend Engineer",
    "move Kwame to interview",
    "shortlist Amara for Backend Engineer",
    "reject Kwame because not a fit (asks for approval)",
    "draft an offer for Amara at 80k USD starting June 1",
    "submit the offer for Amara (asks for approval)",
    "approve the offer for Amara / reject the offer for Amara because over budget",
    "send the offer to Amara (asks for approval)",
    "schedule a video interview with Kwame tomorrow 3pm",
    "summarise the last interview with Kwame",
    "interview questions for Backend Engineer",
    "draft outreach to Amara for Backend Engineer",
    "analytics overview",
]


@toolset.tool
@guarded
async def schedule_interview(ctx: RunContext[ChatDeps], candidate: str, starts_at: AwareDatetime,
                             kind: Literal["phone", "video", "onsite", "technical", "panel"] = "video",
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
    return {"interview_id": row.id, "candidate": person.name, "candidate_id": person.id, "kind": row.kind,
            "scheduled_at": row.scheduled_at.astimezone(dt.UTC).isoformat(), "duration_min": row.duration_min,
            "interviewer_ids": row.interviewer_ids}


@toolset.tool
@guarded
async def summarise_interview(ctx: RunContext[ChatDeps], candidate: str, vacancy: str | None = None) -> dict:
    """Summarise the candidate's most recent interview transcript: evidence per skill, concerns, hints.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id; needed when they applied to several.
    """
    actor = ctx.deps.actor
    app, person = await resolve.application(actor, candidate, vacancy)
    page = await interviews.list_interviews(actor, interviews.InterviewFilter(application_id=app.id), 20, None)
    for row in sorted(page.items, key=lambda r: r.scheduled_at, reverse=True):
        try:
            s = await transcripts.summarise(actor, row.id)
        except InvalidInput:
            continue
        return {"candidate": person.name, "candidate_id": person.id, "interview_id": row.id, "summary": data(s.summary),
                "evidence": [{"skill": e.skill, "quote": data(e.quotes[0], 300)} for e in s.evidence if e.quotes],
                "concerns": s.concerns[:5], "suggested_score": s.hints.suggested_score,
                "suggested_recommendation": s.hints.suggested_recommendation, "engine": s.engine}
    raise NotFound(f"{person.name} has no interview with a transcript yet", {"application_id": app.id})


@toolset.tool
@guarded
async def interview_questions(ctx: RunContext[ChatDeps], vacancy: str, candidate: str | None = None) -> dict:
    """Interview questions for a vacancy (tailored to a candidate's CV when named), with rationales.

    Args:
        vacancy: the vacancy's title or id.
        candidate: the candidate's name or id.
    """
    actor = ctx.deps.actor
    vac = await resolve.vacancy(actor, vacancy)
    person = await resolve.candidate(actor, candidate) if candidate else None
    out = await questions.interview_questions(actor, questions.QuestionsRequest(
        vacancy_id=vac.id, candidate_id=person.id if person else None))
    return {"vacancy": vac.title, "candidate": person.name if person else None, "engine": out.engine,
            **{k: [q.question for q in getattr(out, k)] for k in ("technical", "behavioural", "scenario", "red_flags")}}


@toolset.tool
@guarded
async def draft_outreach(ctx: RunContext[ChatDeps], candidate: str, vacancy: str,
                         tone: Literal["friendly", "formal", "concise"] = "friendly",
                         channel: Literal["email", "linkedin", "sms"] = "email") -> dict:
    """Draft outreach to a candidate about a vacancy from what their CV proves; nothing is sent.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id.
        tone: the tone of the message.
        channel: where it will be sent.
    """
    actor = ctx.deps.actor
    person = await resolve.candidate(actor, candidate)
    vac = await resolve.vacancy(actor, vacancy)
    out = await outreach.draft_outreach(actor, outreach.OutreachRequest(
        candidate_id=person.id, vacancy_id=vac.id, tone=tone, channel=channel))
    return {"candidate": person.name, "candidate_id": person.id, "vacancy": vac.title, "subject": out.subject, "body": data(out.body, 4000),
            "engine": out.engine}


@toolset.tool
@guarded
async def analytics_overview(ctx: RunContext[ChatDeps]) -> dict:
    """The tenant's pipeline at a glance: open vacancies, candidates, applications by stage, hires."""
    return (await analytics.overview(ctx.deps.actor)).model_dump()


@toolset.tool
@guarded
async def help(ctx: RunContext[ChatDeps]) -> dict:  # noqa: A001 - the verb users type
    """What the assistant can do, with example requests."""
    return {"examples": CAPABILITIES}
