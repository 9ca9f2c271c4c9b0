"""A vacancy's pipeline: applications counted and listed per stage, best score first."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from storage.models import Application
from storage.scoping import scoped
from tools.actor import Actor
from tools.applications import STAGES, Stage
from tools.policy import require
from tools.vacancy_status import vacancy_row

DEFAULT_PER_STAGE, MAX_PER_STAGE = 50, 200


class PipelineQuery(BaseModel):
    per_stage: int = Field(default=DEFAULT_PER_STAGE, ge=1, le=MAX_PER_STAGE,
                           description="Candidates listed per stage (the counts are always complete)")


class PipelineCandidate(BaseModel):
    id: str = Field(description="The candidate id")
    application_id: str
    name: str
    score: int | None
    band: str | None
    stage_changed_at: datetime | None


class PipelineStage(BaseModel):
    stage: Stage
    count: int
    candidates: list[PipelineCandidate]


class PipelineOut(BaseModel):
    vacancy_id: str
    status: str
    total: int
    applicants_count: int
    hires_count: int
    headcount: int
    stages: list[PipelineStage]


async def vacancy_pipeline(actor: Actor, vacancy_id: str, query: PipelineQuery) -> PipelineOut:
    """Every stage in order with its count and its candidates ranked by score (unscored last,
    then the earliest application first)."""
    require(actor, "applications.read")
    vacancy = await vacancy_row(actor, vacancy_id)
    rows = await scoped(Application, actor.tenant_id).filter(vacancy_id=vacancy.id).values(
        "id", "stage", "score", "band", "stage_changed_at", "candidate_id", name="candidate__name")
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["id"]))
    stages = []
    for stage in STAGES:
        here = [r for r in rows if r["stage"] == stage]
        listed = [PipelineCandidate(id=r["candidate_id"], application_id=r["id"], name=r["name"], score=r["score"],
                                    band=r["band"], stage_changed_at=r["stage_changed_at"])
                  for r in here[:query.per_stage]]
        stages.append(PipelineStage(stage=stage, count=len(here), candidates=listed))
    return PipelineOut(vacancy_id=vacancy.id, status=vacancy.status, total=len(rows),
                       applicants_count=vacancy.applicants_count, hires_count=vacancy.hires_count,
                       headcount=vacancy.headcount, stages=stages)
