"""Applications: a candidate × a vacancy moving through stages (rules in docs/pipeline.md).

Counters live on the vacancy and change in the same transaction as the application, with
the vacancy row locked first (then the application) and ``F()`` updates, so concurrent
creates and moves keep ``applicants_count`` and ``hires_count`` exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Application, Candidate, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Conflict, NotFound
from tools.pagination import Page, paginate
from tools.policy import HIRING_MANAGER, require
from tools.rejection_reasons import known_reason
from tools.vacancy_status import move_status, vacancy_row

Stage = Literal["applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn"]
STAGES: tuple[str, ...] = ("applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn")
MOVES: dict[str, tuple[str, ...]] = {
    "applied": ("screening", "interview", "rejected", "withdrawn"),
    "screening": ("interview", "offer", "rejected", "withdrawn"),
    "interview": ("screening", "offer", "hired", "rejected", "withdrawn"),
    "offer": ("interview", "hired", "rejected", "withdrawn"),
    "hired": ("screening",),
    "rejected": ("screening",),
    "withdrawn": ("screening",),
}


class ApplicationCreate(BaseModel):
    candidate_id: str = Field(min_length=1, max_length=40)
    vacancy_id: str = Field(min_length=1, max_length=40)
    source: str = Field(default="manual", min_length=1, max_length=40)


class StageMove(BaseModel):
    stage: Stage
    reason: str | None = Field(default=None, max_length=500,
                               description="Required for `rejected`: one of the tenant's rejection reasons")


class Withdrawal(BaseModel):
    reason: str | None = Field(default=None, max_length=500)


class ApplicationFilter(BaseModel):
    vacancy_id: str | None = Field(default=None, max_length=40)
    candidate_id: str | None = Field(default=None, max_length=40)
    stage: Stage | None = None


class ApplicationOut(BaseModel):
    id: str
    candidate_id: str
    vacancy_id: str
    stage: Stage
    source: str
    score: int | None
    band: str | None
    rejection_reason: str | None
    stage_changed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ApplicationDetail(ApplicationOut):
    stage_history: list[dict[str, Any]] = Field(
        description="Oldest first: {from, to, at, actor, reason}; the first entry has from = null")


def visible_applications(actor: Actor) -> QuerySet[Application]:
    """The tenant's applications this actor may read: a hiring manager only their vacancies'."""
    qs = scoped(Application, actor.tenant_id)
    if actor.role == HIRING_MANAGER:
        qs = qs.filter(vacancy__hiring_manager_id=actor.user_id or "")
    return qs


def _entry(actor: Actor, before: str | None, to: str, reason: str | None) -> dict[str, Any]:
    return {"from": before, "to": to, "at": utcnow().isoformat(), "actor": actor.principal_id, "reason": reason}


async def open_application(actor: Actor, candidate_id: str, vacancy_id: str, source: str) -> tuple[str, bool]:
    """The one way an application comes to exist: (id, created). An existing application of
    the candidate to the vacancy is returned as is. No permission check: callers check theirs."""
    applications = scoped(Application, actor.tenant_id)
    found = await applications.get_or_none(candidate_id=candidate_id, vacancy_id=vacancy_id)
    if found:
        return found.id, False
    try:
        async with in_transaction():
            await scoped(Vacancy, actor.tenant_id).select_for_update(no_key=True).get(id=vacancy_id)
            row = await Application.create(
                id=new_id("app"), tenant_id=actor.tenant_id, candidate_id=candidate_id, vacancy_id=vacancy_id,
                stage="applied", source=source, stage_changed_at=utcnow(),
                stage_history=[_entry(actor, None, "applied", None)])
            await scoped(Vacancy, actor.tenant_id).filter(id=vacancy_id).update(applicants_count=F("applicants_count") + 1)
            event = {"id": row.id, "candidate_id": candidate_id, "vacancy_id": vacancy_id, "source": source}
            await audit.record(actor, "application.created", "application", row.id, event)
            await outbox.emit(actor.tenant_id, "application.created", event)
            return row.id, True
    except IntegrityError:  # created concurrently: the other request's row is the application
        return (await applications.get(candidate_id=candidate_id, vacancy_id=vacancy_id)).id, False


async def create_application(actor: Actor, data: ApplicationCreate) -> ApplicationDetail:
    """Apply a candidate to a vacancy; 409 with ``application_id`` when they already applied."""
    require(actor, "applications.write")
    if not await scoped(Candidate, actor.tenant_id).filter(id=data.candidate_id).exists():
        raise NotFound("candidate not found", {"candidate_id": data.candidate_id})
    await vacancy_row(actor, data.vacancy_id)
    app_id, created = await open_application(actor, data.candidate_id, data.vacancy_id, data.source)
    if not created:
        raise Conflict("the candidate already applied to this vacancy", {"application_id": app_id})
    return await _detail(actor, app_id)


async def list_applications(actor: Actor, flt: ApplicationFilter, limit: int,
                            cursor: str | None) -> Page[ApplicationOut]:
    """Newest first; a hiring manager sees only the applications to their vacancies."""
    require(actor, "applications.read")
    qs = visible_applications(actor)
    for name in ("vacancy_id", "candidate_id", "stage"):
        if getattr(flt, name):
            qs = qs.filter(**{name: getattr(flt, name)})
    return await paginate(qs, ApplicationOut, limit, cursor)


async def get_application(actor: Actor, application_id: str) -> ApplicationDetail:
    require(actor, "applications.read")
    return await _detail(actor, application_id)


async def move_stage(actor: Actor, application_id: str, data: StageMove) -> ApplicationDetail:
    """Move an application (hiring managers: only in their vacancies). ``rejected`` needs a
    reason from the tenant's list; entering ``hired`` counts a hire and fills the vacancy at
    headcount, leaving it takes the hire back (the vacancy stays filled until reopened)."""
    require(actor, "applications.move")
    reason = await known_reason(actor.tenant_id, data.reason) if data.stage == "rejected" else data.reason
    return await _move(actor, application_id, data.stage, reason)


async def withdraw(actor: Actor, application_id: str, data: Withdrawal) -> ApplicationDetail:
    """The candidate withdrew (recorded by a recruiter or admin)."""
    require(actor, "applications.write")
    return await _move(actor, application_id, "withdrawn", data.reason)


async def _move(actor: Actor, application_id: str, to: str, reason: str | None) -> ApplicationDetail:
    current = await visible_applications(actor).get_or_none(id=application_id)
    if current is None:
        raise NotFound("application not found", {"id": application_id})
    async with in_transaction():
        vacancy = await scoped(Vacancy, actor.tenant_id).select_for_update(no_key=True).get(id=current.vacancy_id)
        row = await scoped(Application, actor.tenant_id).select_for_update(no_key=True).get(id=application_id)
        before = row.stage
        if to not in MOVES[before]:
            raise Conflict(f"an application in {before} cannot move to {to}",
                           {"stage": before, "requested": to, "allowed": list(MOVES[before])})
        entry = _entry(actor, before, to, reason)
        row.stage, row.stage_changed_at = to, utcnow()
        row.stage_history = [*(row.stage_history or []), entry]
        row.rejection_reason = reason if to == "rejected" else None
        await row.save(update_fields=["stage", "stage_changed_at", "stage_history", "rejection_reason", "updated_at"])
        await _count_hire(actor, vacancy, int(to == "hired") - int(before == "hired"))
        event = {"id": row.id, "candidate_id": row.candidate_id, "vacancy_id": row.vacancy_id, **entry}
        await audit.record(actor, "application.stage_changed", "application", row.id, event)
        await outbox.emit(actor.tenant_id, "application.stage_changed", event)
    return await _detail(actor, application_id)


async def _count_hire(actor: Actor, vacancy: Vacancy, delta: int) -> None:
    """Apply a hire (+1) or an undone hire (-1) to the locked vacancy; an open vacancy becomes filled at headcount."""
    if not delta:
        return
    await scoped(Vacancy, actor.tenant_id).filter(id=vacancy.id).update(hires_count=F("hires_count") + delta)
    if delta > 0 and vacancy.status == "open" and vacancy.hires_count + delta >= vacancy.headcount:
        await move_status(actor, vacancy, "filled", "headcount reached")


async def _detail(actor: Actor, application_id: str) -> ApplicationDetail:
    row = await visible_applications(actor).get_or_none(id=application_id)
    if row is None:
        raise NotFound("application not found", {"id": application_id})
    return ApplicationDetail.model_validate(row, from_attributes=True)
