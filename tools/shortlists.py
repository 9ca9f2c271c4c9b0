"""Shortlists of candidates for a vacancy, each candidate shown with its latest evaluation there."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import Candidate, Evaluation, Shortlist, ShortlistEntry
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidates import CandidateOut, EvaluationBrief
from tools.errors import Conflict, NotFound
from tools.policy import require
from tools.vacancies import get_vacancy

MAX_ADD = 100


class ShortlistCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)


class ShortlistOut(BaseModel):
    id: str
    vacancy_id: str
    name: str
    size: int = 0
    created_by_id: str | None
    created_at: datetime


class ShortlistAdd(BaseModel):
    candidate_ids: list[str] = Field(min_length=1, max_length=MAX_ADD)
    note: str = Field(default="", max_length=2_000)


class AddOut(BaseModel):
    added: list[str]
    already_listed: list[str]


class ShortlistedCandidate(BaseModel):
    candidate: CandidateOut
    note: str
    added_at: datetime
    evaluation: EvaluationBrief | None = Field(description="latest evaluation for the shortlist's vacancy")


class ShortlistDetail(ShortlistOut):
    candidates: list[ShortlistedCandidate]


async def _row(actor: Actor, shortlist_id: str) -> Shortlist:
    row = await scoped(Shortlist, actor.tenant_id).get_or_none(id=shortlist_id)
    if row is None:
        raise NotFound("shortlist not found", {"id": shortlist_id})
    return row


def _out(row: Shortlist, size: int) -> ShortlistOut:
    return ShortlistOut(id=row.id, vacancy_id=row.vacancy_id, name=row.name, size=size,
                        created_by_id=row.created_by_id, created_at=row.created_at)


async def create_shortlist(actor: Actor, vacancy_id: str, data: ShortlistCreate) -> ShortlistOut:
    require(actor, "candidates.write")
    await get_vacancy(actor, vacancy_id)
    async with in_transaction():
        row = await Shortlist.create(id=new_id("sl"), tenant_id=actor.tenant_id, vacancy_id=vacancy_id,
                                     name=data.name, created_by_id=actor.principal_id)
        await audit.record(actor, "shortlist.created", "shortlist", row.id, {"vacancy_id": vacancy_id})
    return _out(row, 0)


async def list_shortlists(actor: Actor, vacancy_id: str) -> list[ShortlistOut]:
    require(actor, "candidates.read")
    await get_vacancy(actor, vacancy_id)
    rows = await scoped(Shortlist, actor.tenant_id).filter(vacancy_id=vacancy_id).order_by("created_at", "id")
    entries = scoped(ShortlistEntry, actor.tenant_id)
    return [_out(r, await entries.filter(shortlist_id=r.id).count()) for r in rows]


async def get_shortlist(actor: Actor, shortlist_id: str) -> ShortlistDetail:
    """The shortlist with its candidates in the order they were added."""
    require(actor, "candidates.read")
    row = await _row(actor, shortlist_id)
    entries = await scoped(ShortlistEntry, actor.tenant_id).filter(shortlist_id=row.id).order_by("id")
    ids = [e.candidate_id for e in entries]
    people = {c.id: c for c in await scoped(Candidate, actor.tenant_id).filter(id__in=ids)}
    latest: dict[str, Evaluation] = {}
    for ev in await scoped(Evaluation, actor.tenant_id).filter(
            vacancy_id=row.vacancy_id, candidate_id__in=ids).order_by("created_at", "id"):
        latest[ev.candidate_id] = ev
    items = [ShortlistedCandidate(
        candidate=CandidateOut.of(people[e.candidate_id]), note=e.note, added_at=e.added_at,
        evaluation=EvaluationBrief.model_validate(latest[e.candidate_id], from_attributes=True)
        if e.candidate_id in latest else None) for e in entries]
    return ShortlistDetail(**_out(row, len(items)).model_dump(), candidates=items)


async def add_candidates(actor: Actor, shortlist_id: str, data: ShortlistAdd) -> AddOut:
    """Add up to 100 candidates; ids not in the tenant answer 404 listing them, and nothing is
    added; candidates already on the list are reported and left as they are."""
    require(actor, "candidates.write")
    wanted = list(dict.fromkeys(data.candidate_ids))
    try:
        return await _add(actor, shortlist_id, wanted, data.note)
    except IntegrityError as exc:
        raise Conflict("the shortlist changed meanwhile; send the request again") from exc


async def _add(actor: Actor, shortlist_id: str, wanted: list[str], note: str) -> AddOut:
    async with in_transaction():
        row = await _row(actor, shortlist_id)
        found = set(await scoped(Candidate, actor.tenant_id).filter(
            id__in=wanted, merged_into_id=None).values_list("id", flat=True))
        missing = [c for c in wanted if c not in found]
        if missing:
            raise NotFound("candidates not found", {"candidate_ids": missing})
        listed = set(await scoped(ShortlistEntry, actor.tenant_id).filter(
            shortlist_id=row.id, candidate_id__in=wanted).values_list("candidate_id", flat=True))
        new = [c for c in wanted if c not in listed]
        for candidate_id in new:
            await ShortlistEntry.create(tenant_id=actor.tenant_id, shortlist_id=row.id, candidate_id=candidate_id,
                                        note=note, added_by_id=actor.principal_id)
        if new:
            await audit.record(actor, "shortlist.candidates_added", "shortlist", row.id, {"candidate_ids": new})
    return AddOut(added=new, already_listed=[c for c in wanted if c in listed])


async def remove_candidate(actor: Actor, shortlist_id: str, candidate_id: str) -> ShortlistOut:
    require(actor, "candidates.write")
    async with in_transaction():
        row = await _row(actor, shortlist_id)
        entries = scoped(ShortlistEntry, actor.tenant_id).filter(shortlist_id=row.id)
        if not await entries.filter(candidate_id=candidate_id).delete():
            raise NotFound("candidate is not on this shortlist", {"candidate_id": candidate_id})
        await audit.record(actor, "shortlist.candidate_removed", "shortlist", row.id, {"candidate_id": candidate_id})
        return _out(row, await entries.count())


async def delete_shortlist(actor: Actor, shortlist_id: str) -> ShortlistOut:
    require(actor, "candidates.write")
    async with in_transaction():
        row = await _row(actor, shortlist_id)
        await scoped(Shortlist, actor.tenant_id).filter(id=row.id).delete()
        await audit.record(actor, "shortlist.deleted", "shortlist", row.id, {"vacancy_id": row.vacancy_id})
    return _out(row, 0)
