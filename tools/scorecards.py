"""Scorecards: each interviewer submits (and may edit) one per interview; aggregated per application."""

from __future__ import annotations

import datetime as dt
from statistics import mean
from typing import Literal

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Interview, Scorecard
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.applications import visible_applications
from tools.errors import Conflict, Forbidden, InvalidInput, NotFound
from tools.interviews import visible
from tools.policy import INTERVIEWER, require

Recommendation = Literal["strong_hire", "hire", "no_hire", "strong_no_hire"]


class ScorecardIn(BaseModel):
    score: int = Field(ge=0, le=100)
    recommendation: Recommendation
    notes: str = Field(default="", max_length=20_000)
    ratings: dict[str, int] = Field(default_factory=dict, max_length=20,
                                    description="optional per-criterion ratings 1-5, e.g. {\"system design\": 4}")

    def model_post_init(self, _context) -> None:
        bad = {k: v for k, v in self.ratings.items() if not (1 <= v <= 5 and 0 < len(k) <= 100)}
        if bad:
            raise ValueError(f"ratings must be 1-5 with names up to 100 characters: {sorted(bad)}")


class ScorecardOut(BaseModel):
    id: str
    interview_id: str
    interviewer_id: str
    score: int
    recommendation: Recommendation
    notes: str
    ratings: dict[str, int]
    created_at: dt.datetime
    updated_at: dt.datetime


class ApplicationScorecards(BaseModel):
    application_id: str
    count: int
    average_score: float | None
    recommendations: dict[str, int]
    scorecards: list[ScorecardOut]


def _out(row: Scorecard) -> ScorecardOut:
    return ScorecardOut.model_validate(row, from_attributes=True)


async def submit(actor: Actor, interview_id: str, data: ScorecardIn) -> tuple[ScorecardOut, bool]:
    """The signed-in interviewer's scorecard for an interview they are on; (scorecard, created)."""
    require(actor, "scorecards.submit")
    if not actor.user_id:
        raise InvalidInput("scorecards are submitted by the interviewer, signed in", {})
    async with in_transaction():
        row = await visible(actor, interview_id, lock=True)
        if actor.user_id not in row.interviewer_ids:
            raise Forbidden("only an interviewer of this interview may submit a scorecard")
        if row.status not in ("scheduled", "completed"):
            raise Conflict(f"a {row.status} interview takes no scorecards", {"status": row.status})
        card = await scoped(Scorecard, actor.tenant_id).get_or_none(interview_id=row.id, interviewer_id=actor.user_id)
        created = card is None
        if created:
            card = await Scorecard.create(id=new_id("scr"), tenant_id=actor.tenant_id, interview_id=row.id,
                                          interviewer_id=actor.user_id, **data.model_dump())
        else:
            for key, value in data.model_dump().items():
                setattr(card, key, value)
            await card.save()
        await audit.record(actor, "scorecard.submitted" if created else "scorecard.updated", "scorecard", card.id,
                           {"interview_id": row.id, "score": card.score, "recommendation": card.recommendation})
        if created:
            await outbox.emit(actor.tenant_id, "scorecard.submitted", {
                "id": card.id, "interview_id": row.id, "application_id": row.application_id,
                "interviewer_id": actor.user_id, "score": card.score, "recommendation": card.recommendation})
    return _out(card), created


async def list_for_interview(actor: Actor, interview_id: str) -> list[ScorecardOut]:
    """All scorecards of an interview; an interviewer sees only their own."""
    require(actor, "interviews.read")
    row = await visible(actor, interview_id)
    qs = scoped(Scorecard, actor.tenant_id).filter(interview_id=row.id)
    if actor.role == INTERVIEWER:
        qs = qs.filter(interviewer_id=actor.user_id)
    return [_out(c) for c in await qs.order_by("created_at", "id")]


async def for_application(actor: Actor, application_id: str) -> ApplicationScorecards:
    """Every scorecard of an application's interviews, with the average and the recommendation counts."""
    require(actor, "scorecards.read_all")
    if not await visible_applications(actor).filter(id=application_id).exists():
        raise NotFound("application not found", {"id": application_id})
    interview_ids = await scoped(Interview, actor.tenant_id).filter(application_id=application_id).values_list(
        "id", flat=True)
    cards = [_out(c) for c in await scoped(Scorecard, actor.tenant_id).filter(
        interview_id__in=list(interview_ids)).order_by("created_at", "id")]
    counts: dict[str, int] = {}
    for c in cards:
        counts[c.recommendation] = counts.get(c.recommendation, 0) + 1
    return ApplicationScorecards(application_id=application_id, count=len(cards),
                                 average_score=round(mean(c.score for c in cards), 1) if cards else None,
                                 recommendations=counts, scorecards=cards)
