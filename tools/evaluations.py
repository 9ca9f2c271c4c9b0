"""Evaluations: screen an application, list and read evaluations, rescore a vacancy.

Rescoring reads the screening facts stored on each candidate (read once from the parsed
profile), never the CV file. Small vacancies rescore at once; larger ones become a
durable job that the worker runs in chunks and resumes after a restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from storage import outbox, queue
from storage.ids import new_id
from storage.models import Application, Candidate, Evaluation, Job, Tenant, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.errors import NotFound
from tools.jd import extract_requirements
from tools.pagination import Page, paginate
from tools.policy import HIRING_MANAGER, require
from tools.screening.criteria import Criteria
from tools.screening.engine import Band, Recommendation, SkillAssessment
from tools.screening.facts import CandidateFacts, candidate_facts
from tools.screening.service import Screening, screen, screen_offline
from tools.vacancies import VacancyUpdate, update_vacancy

RESCORE_JOB = "rescore_vacancy"
RESCORE_SYNC_MAX = 200
RESCORE_CHUNK = 500


class EvaluateInput(BaseModel):
    blind: bool | None = Field(default=None, description="withhold identity cues; default: the tenant setting")


class EvaluationOut(BaseModel):
    id: str
    application_id: str | None
    candidate_id: str | None
    vacancy_id: str | None
    score: int
    band: Band
    recommendation: Recommendation
    skills: list[SkillAssessment]
    strengths: list[str]
    concerns: list[str]
    red_flags: list[str]
    verdict: str
    criteria: Criteria
    blind: bool
    engine: str
    prompt_version: str | None
    created_at: datetime
    notices: list[str] = Field(default_factory=list, description=(
        "this answer only, not stored: e.g. `budget_exceeded: …` when the offline engine wrote the prose"))


class EvaluationFilter(BaseModel):
    vacancy_id: str | None = Field(default=None, max_length=40)
    candidate_id: str | None = Field(default=None, max_length=40)
    min_score: int | None = Field(default=None, ge=0, le=100)
    band: Band | None = None
    recommendation: Recommendation | None = None


class RescoreInput(BaseModel):
    required_skills: list[str] | None = Field(default=None, max_length=100)
    nice_to_have_skills: list[str] | None = Field(default=None, max_length=100)


class RescoreOut(BaseModel):
    status: str = Field(description="completed (answered at once) or queued (a job)")
    vacancy_id: str
    total: int
    rescored: int = 0
    job_id: str | None = None
    poll_url: str | None = None


# --------------------------------------------------------------------------- helpers

def criteria_of(vacancy: Vacancy) -> Criteria:
    return Criteria(title=vacancy.title, required_skills=vacancy.required_skills or [], nice_to_have_skills=vacancy.nice_to_have_skills or [],
                    seniority=vacancy.seniority, min_years=vacancy.min_years, location=vacancy.location,
                    remote=vacancy.remote, languages=vacancy.languages or [])


def criteria_of_text(job_description: str, title: str | None = None) -> Criteria:
    """Criteria read from a job description by the JD extractor."""
    found = extract_requirements(job_description, title)
    return Criteria(title=title, required_skills=found.required, nice_to_have_skills=found.nice_to_have,
                    seniority=found.seniority, min_years=found.min_years, languages=found.languages)


def profile_of(candidate: Candidate) -> dict[str, Any]:
    """The parsed profile, or what a manually created candidate has."""
    if candidate.profile:
        return candidate.profile
    return {"name": candidate.name, "headline": candidate.headline, "location": candidate.location,
            "skills": candidate.skills, "seniority": candidate.seniority,
            "total_experience_years": candidate.total_years}


async def facts_for(tenant_id: str, candidate: Candidate) -> CandidateFacts:
    """The candidate's screening facts: stored ones, or read from the profile once and stored."""
    if candidate.screening_facts:
        return CandidateFacts.model_validate(candidate.screening_facts)
    facts = candidate_facts(profile_of(candidate))
    await scoped(Candidate, tenant_id).filter(id=candidate.id).update(screening_facts=facts.model_dump(mode="json"))
    return facts


async def tenant_blind_default(tenant_id: str) -> bool:
    tenant = await Tenant.get(id=tenant_id)
    return bool((tenant.settings or {}).get("blind_screening"))


def evaluation_row(actor: Actor, s: Screening, criteria: Criteria, blind: bool, *, application_id: str | None,
                   candidate_id: str | None, vacancy_id: str | None) -> Evaluation:
    a = s.assessment
    return Evaluation(
        id=new_id("eval"), tenant_id=actor.tenant_id, application_id=application_id, candidate_id=candidate_id,
        vacancy_id=vacancy_id, score=a.score, band=a.band, recommendation=a.recommendation,
        skills=[x.model_dump(mode="json") for x in a.skills], strengths=a.strengths, concerns=a.concerns,
        red_flags=a.red_flags, verdict=a.verdict, criteria=criteria.model_dump(mode="json"), blind=blind, engine=s.engine, prompt_version=s.prompt_version,
        input_hash=s.input_hash, created_by_id=actor.principal_id)


def evaluation_out(row: Evaluation) -> EvaluationOut:
    return EvaluationOut.model_validate(row, from_attributes=True)


def completed_event(row: Evaluation) -> dict[str, Any]:
    return {"id": row.id, "application_id": row.application_id, "candidate_id": row.candidate_id,
            "vacancy_id": row.vacancy_id, "score": row.score, "band": row.band,
            "recommendation": row.recommendation, "engine": row.engine}


async def record_evaluation(actor: Actor, row: Evaluation, **details: Any) -> None:
    """Save an evaluation with its audit entry and ``evaluation.completed`` event; call it
    inside the transaction that makes the change."""
    await row.save()
    await audit.record(actor, "evaluation.created", "evaluation", row.id, {
        **details, "engine": row.engine, "prompt_version": row.prompt_version,
        "input_hash": row.input_hash, "score": row.score, "recommendation": row.recommendation})
    await outbox.emit(actor.tenant_id, "evaluation.completed", completed_event(row))


# --------------------------------------------------------------------------- operations

async def store_evaluation(actor: Actor, profile: dict[str, Any], criteria: Criteria, *, blind: bool,
                           facts: CandidateFacts | None = None, application_id: str | None = None,
                           candidate_id: str | None = None, vacancy_id: str | None = None) -> EvaluationOut:
    """Screen a profile with the configured engine and store the evaluation, its audit record and
    its ``evaluation.completed`` event; an application also gets the score and band."""
    target = ("application", application_id) if application_id else None
    result = await screen(actor, profile, criteria, blind=blind, facts=facts, target=target)
    row = evaluation_row(actor, result, criteria, blind, application_id=application_id, candidate_id=candidate_id,
                         vacancy_id=vacancy_id)
    async with in_transaction():
        await record_evaluation(actor, row, application_id=application_id, candidate_id=candidate_id,
                                vacancy_id=vacancy_id)
        if application_id:
            await scoped(Application, actor.tenant_id).filter(id=application_id).update(score=row.score, band=row.band)
    return evaluation_out(row).model_copy(update={"notices": result.notices})


async def evaluate_application(actor: Actor, application_id: str, data: EvaluateInput) -> EvaluationOut:
    """Screen an application's candidate against its vacancy and store the evaluation."""
    require(actor, "screening.run")
    app = await scoped(Application, actor.tenant_id).get_or_none(id=application_id)
    if app is None:
        raise NotFound("application not found", {"id": application_id})
    vacancy = await scoped(Vacancy, actor.tenant_id).get(id=app.vacancy_id)
    candidate = await scoped(Candidate, actor.tenant_id).get(id=app.candidate_id)
    blind = data.blind if data.blind is not None else await tenant_blind_default(actor.tenant_id)
    return await store_evaluation(actor, profile_of(candidate), criteria_of(vacancy), blind=blind,
                                  facts=await facts_for(actor.tenant_id, candidate), application_id=app.id,
                                  candidate_id=candidate.id, vacancy_id=vacancy.id)


def _readable(actor: Actor) -> QuerySet[Evaluation]:
    """A hiring manager reads only the evaluations against the vacancies they manage."""
    qs = scoped(Evaluation, actor.tenant_id)
    if actor.role == HIRING_MANAGER:
        qs = qs.filter(vacancy__hiring_manager_id=actor.user_id or "")
    return qs


async def list_evaluations(actor: Actor, flt: EvaluationFilter, limit: int, cursor: str | None) -> Page[EvaluationOut]:
    require(actor, "evaluations.read")
    qs = _readable(actor)
    for field in ("vacancy_id", "candidate_id", "band", "recommendation"):
        if getattr(flt, field) is not None:
            qs = qs.filter(**{field: getattr(flt, field)})
    if flt.min_score is not None:
        qs = qs.filter(score__gte=flt.min_score)
    return await paginate(qs, EvaluationOut, limit, cursor)


async def get_evaluation(actor: Actor, evaluation_id: str) -> EvaluationOut:
    require(actor, "evaluations.read")
    row = await _readable(actor).get_or_none(id=evaluation_id)
    if row is None:
        raise NotFound("evaluation not found", {"id": evaluation_id})
    return evaluation_out(row)


async def rescore_vacancy(actor: Actor, vacancy_id: str, data: RescoreInput) -> RescoreOut:
    """Optionally replace the vacancy's skills, then rescore every application (offline engine)."""
    require(actor, "screening.run")
    vacancy = await scoped(Vacancy, actor.tenant_id).get_or_none(id=vacancy_id)
    if vacancy is None:
        raise NotFound("vacancy not found", {"id": vacancy_id})
    changes = data.model_dump(exclude_none=True)
    if changes:                                      # the one vacancy update, with its checks and event
        await update_vacancy(actor, vacancy.id, VacancyUpdate(**changes))
    total = await scoped(Application, actor.tenant_id).filter(vacancy_id=vacancy.id).count()
    if total <= RESCORE_SYNC_MAX:
        done = await _rescore_chunk(actor, vacancy.id, None, total + 1)
        await audit.record(actor, "vacancy.rescored", "vacancy", vacancy.id, {"applications": done[0]})
        return RescoreOut(status="completed", vacancy_id=vacancy.id, total=total, rescored=done[0])
    async with in_transaction():
        job = await queue.enqueue(actor.tenant_id, RESCORE_JOB, [], {"vacancy_id": vacancy.id}, actor.to_dict())
        await scoped(Job, actor.tenant_id).filter(id=job.id).update(total=total)
        await audit.record(actor, "vacancy.rescore_queued", "vacancy", vacancy.id, {"job_id": job.id, "applications": total})
    return RescoreOut(status="queued", vacancy_id=vacancy.id, total=total, job_id=job.id, poll_url=f"/api/v1/jobs/{job.id}")


async def _rescore_chunk(actor: Actor, vacancy_id: str, after: str | None, size: int,
                         job: Job | None = None) -> tuple[int, str | None]:
    """Rescore up to ``size`` applications with ids after ``after``; (count, last id).

    With ``job``, its position moves in the same transaction, so a restart never redoes a chunk.
    """
    tid = actor.tenant_id
    vacancy = await scoped(Vacancy, tid).get(id=vacancy_id)
    criteria = criteria_of(vacancy)
    blind = await tenant_blind_default(tid)
    qs = scoped(Application, tid).filter(vacancy_id=vacancy_id)
    if after:
        qs = qs.filter(id__gt=after)
    apps = await qs.order_by("id").limit(size)
    if not apps:
        return 0, None
    ids = [a.candidate_id for a in apps]
    # the same rows joined to their candidates' facts: one query (an IN list of ids is ~10x slower on PostgreSQL)
    stored = dict(await qs.order_by("id").limit(size).values_list("candidate_id", "candidate__screening_facts"))
    facts = {cid: CandidateFacts.model_validate(f) for cid, f in stored.items() if f}
    fresh = await scoped(Candidate, tid).filter(id__in=[i for i in ids if i not in facts])
    for cand in fresh:                               # read once, stored for every later rescoring
        facts[cand.id] = candidate_facts(profile_of(cand))
        cand.screening_facts = facts[cand.id].model_dump(mode="json")
    rows = [evaluation_row(actor, screen_offline(facts[app.candidate_id], criteria, blind), criteria, blind,
                 application_id=app.id, candidate_id=app.candidate_id, vacancy_id=vacancy_id) for app in apps]
    async with in_transaction():
        if fresh:
            await scoped(Candidate, tid).bulk_update(fresh, fields=["screening_facts"], batch_size=500)
        await scoped(Evaluation, tid).bulk_create(rows, batch_size=500)
        for app, row in zip(apps, rows, strict=True):
            app.score, app.band = row.score, row.band
        await scoped(Application, tid).bulk_update(apps, fields=["score", "band"], batch_size=500)
        await outbox.emit_many(tid, "evaluation.completed", [completed_event(r) for r in rows])
        if job is not None:
            job.options = {**job.options, "after": apps[-1].id}
            job.completed += len(rows)
            await scoped(Job, tid).filter(id=job.id).update(options=job.options, completed=job.completed)
    return len(rows), apps[-1].id


async def run_rescore_job(job: Job) -> None:
    """Worker handler: rescore in chunks from the saved position, so a restart resumes it."""
    actor = Actor(**job.actor)
    while True:
        count, _ = await _rescore_chunk(actor, job.options["vacancy_id"], job.options.get("after"), RESCORE_CHUNK, job)
        if not count:
            break
        await queue.renew(job)
    await queue.finish_job(job, "completed")
