"""Candidates (the foundation slice: create, list, get)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Candidate
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.errors import Conflict, NotFound
from tools.pagination import Page, paginate
from tools.policy import require
from tools.schemas import Email


class CandidateCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=40)
    location: str | None = Field(default=None, max_length=200)
    headline: str | None = Field(default=None, max_length=300)
    skills: list[str] = Field(default_factory=list, max_length=200)
    source: str = Field(default="manual", max_length=40)


class CandidateOut(BaseModel):
    id: str
    name: str
    email: str | None
    phone: str | None
    location: str | None
    headline: str | None
    skills: list[str]
    source: str
    created_at: datetime
    updated_at: datetime


class CandidateFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200)


async def create_candidate(actor: Actor, data: CandidateCreate) -> CandidateOut:
    require(actor, "candidates.write")
    if data.email and await scoped(Candidate, actor.tenant_id).filter(email=data.email).exists():
        raise Conflict("a candidate with this email already exists", {"email": data.email})
    try:
        async with in_transaction():
            row = await Candidate.create(id=new_id("cand"), tenant_id=actor.tenant_id, **data.model_dump())
            out = CandidateOut.model_validate(row, from_attributes=True)
            await audit.record(actor, "candidate.created", "candidate", row.id)
            await outbox.emit(actor.tenant_id, "candidate.created", out.model_dump(mode="json"))
    except IntegrityError as exc:
        raise Conflict("a candidate with this email already exists", {"email": data.email}) from exc
    return out


async def list_candidates(actor: Actor, flt: CandidateFilter, limit: int, cursor: str | None) -> Page[CandidateOut]:
    require(actor, "candidates.read")
    qs = scoped(Candidate, actor.tenant_id)
    if flt.q:
        qs = qs.filter(name__icontains=flt.q)
    return await paginate(qs, CandidateOut, limit, cursor)


async def get_candidate(actor: Actor, candidate_id: str) -> CandidateOut:
    require(actor, "candidates.read")
    row = await scoped(Candidate, actor.tenant_id).get_or_none(id=candidate_id)
    if row is None:
        raise NotFound("candidate not found", {"id": candidate_id})
    return CandidateOut.model_validate(row, from_attributes=True)
