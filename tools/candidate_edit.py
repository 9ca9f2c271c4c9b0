"""Candidate edits: partial update and tags."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage import outbox
from storage.models import Candidate
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_index import INDEXED, index_fields
from tools.candidates import CandidateOut, Tags, candidate_row, normalise_tags
from tools.errors import Conflict
from tools.policy import require
from tools.schemas import Email


class CandidateUpdate(BaseModel):
    """Fields to change; those left out stay as they are."""

    name: str = Field(default=None, min_length=1, max_length=200)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=40)
    location: str | None = Field(default=None, max_length=200)
    headline: str | None = Field(default=None, max_length=300)
    skills: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default=None, max_length=200)
    tags: Tags = Field(default=None)
    source: str = Field(default=None, min_length=1, max_length=40)
    consent_at: datetime | None = None
    retention_until: date | None = None

    @field_validator("name", "skills", "tags", "source")
    @classmethod
    def _not_null(cls, v):
        if v is None:
            raise ValueError("may not be null")
        return v


class TagsChange(BaseModel):
    add: Tags = Field(default_factory=list)
    remove: Tags = Field(default_factory=list)


async def save_candidate(actor: Actor, row: Candidate, changes: dict, **details) -> CandidateOut:
    """Apply ``changes`` with the derived search fields recomputed, screening facts cleared
    when what they are read from changed, an audit record and ``candidate.updated``.
    Call inside a transaction."""
    if set(changes) & set(INDEXED):
        changes = {**changes, "screening_facts": None}
    for name, value in changes.items():
        setattr(row, name, value)
    for name, value in index_fields(actor.tenant_id, {k: getattr(row, k) for k in INDEXED}).items():
        setattr(row, name, value)
    try:
        await row.save()
    except IntegrityError as exc:
        raise Conflict("a candidate with this email already exists", {"email": row.email}) from exc
    out = CandidateOut.of(row)
    await audit.record(actor, "candidate.updated", "candidate", row.id, {"fields": sorted(changes), **details})
    await outbox.emit(actor.tenant_id, "candidate.updated", out.model_dump(mode="json"))
    return out


async def update_candidate(actor: Actor, candidate_id: str, data: CandidateUpdate) -> CandidateOut:
    require(actor, "candidates.write")
    changes = data.model_dump(include=data.model_fields_set)
    async with in_transaction():
        row = await candidate_row(actor, candidate_id, lock=True)
        if changes.get("email") and changes["email"] != row.email and await scoped(
                Candidate, actor.tenant_id).filter(email=changes["email"]).exists():
            raise Conflict("a candidate with this email already exists", {"email": changes["email"]})
        return await save_candidate(actor, row, changes)


async def change_tags(actor: Actor, candidate_id: str, data: TagsChange) -> CandidateOut:
    """Add and remove tags (normalised); adding a tag it has, or removing one it lacks, is a no-op."""
    require(actor, "candidates.write")
    async with in_transaction():
        row = await candidate_row(actor, candidate_id, lock=True)
        drop = set(data.remove)
        tags = normalise_tags([t for t in [*(row.tags or []), *data.add] if t not in drop])
        return await save_candidate(actor, row, {"tags": tags})
