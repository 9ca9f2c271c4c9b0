"""The talent pool: candidates saved by department with a note, listed with filters."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from storage import search
from storage.models import Candidate, TalentPoolEntry
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidates import CandidateOut, candidate_row
from tools.errors import Conflict, InvalidInput, NotFound
from tools.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor
from tools.parsing.skills import canonical_skill
from tools.policy import require


class PoolSave(BaseModel):
    candidate_id: str = Field(max_length=40)
    department: str = Field(default="", max_length=120, description="empty: the general pool")
    note: str = Field(default="", max_length=5_000)


class PoolEntryOut(BaseModel):
    candidate: CandidateOut
    department: str
    note: str
    added_by_id: str | None
    created_at: datetime


class PoolFilter(BaseModel):
    department: str | None = Field(default=None, max_length=120)
    skill: str | None = Field(default=None, max_length=100)
    q: str | None = Field(default=None, max_length=200, description="name, headline or note contains")


def _department(value: str) -> str:
    return " ".join(value.split())


async def save_to_pool(actor: Actor, data: PoolSave) -> tuple[PoolEntryOut, bool]:
    """Save a candidate for a department; saving again replaces the note. Returns (entry, created)."""
    require(actor, "candidates.write")
    try:
        return await _save(actor, data.candidate_id, _department(data.department), data.note)
    except IntegrityError as exc:
        raise Conflict("the talent pool changed meanwhile; send the request again") from exc


async def _save(actor: Actor, candidate_id: str, department: str, note: str) -> tuple[PoolEntryOut, bool]:
    async with in_transaction():
        candidate = await candidate_row(actor, candidate_id)
        entry = await scoped(TalentPoolEntry, actor.tenant_id).get_or_none(
            candidate_id=candidate.id, department=department)
        created = entry is None
        if created:
            entry = await TalentPoolEntry.create(tenant_id=actor.tenant_id, candidate_id=candidate.id,
                                                 department=department, note=note,
                                                 added_by_id=actor.principal_id)
        else:
            entry.note = note
            await entry.save()
        await audit.record(actor, "talent_pool.saved", "candidate", candidate.id, {"department": department})
    return _out(entry, candidate), created


async def remove_from_pool(actor: Actor, candidate_id: str, department: str | None) -> int:
    """Remove a candidate from one department (or, without one, from the whole pool)."""
    require(actor, "candidates.write")
    async with in_transaction():
        entries = scoped(TalentPoolEntry, actor.tenant_id).filter(candidate_id=candidate_id)
        if department is not None:
            entries = entries.filter(department=_department(department))
        removed = await entries.delete()
        if not removed:
            raise NotFound("candidate is not in the talent pool", {"candidate_id": candidate_id,
                                                                    "department": department})
        await audit.record(actor, "talent_pool.removed", "candidate", candidate_id, {"department": department})
    return removed


def _out(entry: TalentPoolEntry, candidate: Candidate) -> PoolEntryOut:
    return PoolEntryOut(candidate=CandidateOut.of(candidate), department=entry.department, note=entry.note,
                        added_by_id=entry.added_by_id, created_at=entry.created_at)


async def list_pool(actor: Actor, flt: PoolFilter, limit: int, cursor: str | None) -> Page[PoolEntryOut]:
    """Entries newest first, filtered by department, skill (any alias) and a text."""
    require(actor, "candidates.read")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", {"limit": limit})
    qs = scoped(TalentPoolEntry, actor.tenant_id)
    if flt.department is not None:
        qs = qs.filter(department=_department(flt.department))
    people = scoped(Candidate, actor.tenant_id)
    if flt.skill:
        token = search.skill_token(canonical_skill(flt.skill) or flt.skill.strip())
        qs = qs.filter(candidate_id__in=Subquery(people.filter(search_text__contains=token).values("id")))
    if flt.q:
        named = Subquery(people.filter(Q(name__icontains=flt.q) | Q(headline__icontains=flt.q)).values("id"))
        qs = qs.filter(Q(candidate_id__in=named) | Q(note__icontains=flt.q))
    total = await qs.count()
    page_qs = qs.filter(id__lt=decode_cursor(cursor)) if cursor else qs
    entries = await page_qs.order_by("-id").limit(limit + 1)
    more, entries = len(entries) > limit, entries[:limit]
    candidates = {c.id: c for c in await scoped(Candidate, actor.tenant_id).filter(
        id__in=[e.candidate_id for e in entries])}
    return Page[PoolEntryOut](items=[_out(e, candidates[e.candidate_id]) for e in entries],
                              next_cursor=encode_cursor(entries[-1].id) if more else None, total=total)
