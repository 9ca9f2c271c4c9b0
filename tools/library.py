"""The library: saved AI artifacts (job descriptions, outreach, interview questions, offer letters)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import Candidate, LibraryItem, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.errors import Forbidden, NotFound
from tools.pagination import Page, paginate
from tools.policy import ADMIN, require

Kind = Literal["job_description", "outreach", "interview_questions", "offer_letter", "screening", "note"]
MAX_CONTENT_BYTES = 200_000


class LibrarySave(BaseModel):
    kind: Kind
    title: str = Field(min_length=1, max_length=200)
    content: dict[str, Any] = Field(default_factory=dict, description="the structured result, as returned")
    text: str = Field(default="", max_length=100_000, description="a readable rendering (Markdown or plain)")
    engine: str | None = Field(default=None, max_length=80)
    vacancy_id: str | None = Field(default=None, max_length=40)
    candidate_id: str | None = Field(default=None, max_length=40)

    @field_validator("content")
    @classmethod
    def _size(cls, v: dict) -> dict:
        if len(json.dumps(v, default=str)) > MAX_CONTENT_BYTES:
            raise ValueError(f"content is larger than {MAX_CONTENT_BYTES // 1000} KB")
        return v


class LibraryItemOut(BaseModel):
    id: str
    kind: Kind
    title: str
    content: dict[str, Any]
    text: str
    engine: str | None
    vacancy_id: str | None
    candidate_id: str | None
    created_by_id: str | None
    created_at: datetime
    updated_at: datetime


class LibraryFilter(BaseModel):
    kind: Kind | None = None
    q: str | None = Field(default=None, max_length=200)
    vacancy_id: str | None = Field(default=None, max_length=40)
    candidate_id: str | None = Field(default=None, max_length=40)


async def save_item(actor: Actor, data: LibrarySave) -> LibraryItemOut:
    """Save an artifact; the vacancy and candidate it names must be the tenant's."""
    require(actor, "library.write")
    for model, key in ((Vacancy, "vacancy_id"), (Candidate, "candidate_id")):
        ref = getattr(data, key)
        if ref and not await scoped(model, actor.tenant_id).filter(id=ref).exists():
            raise NotFound(f"{key.removesuffix('_id')} not found", {key: ref})
    async with in_transaction():
        row = await LibraryItem.create(id=new_id("lib"), tenant_id=actor.tenant_id, created_by_id=actor.principal_id,
                                       **data.model_dump())
        await audit.record(actor, "library_item.saved", "library_item", row.id, {"kind": row.kind})
    return LibraryItemOut.model_validate(row, from_attributes=True)


async def list_items(actor: Actor, flt: LibraryFilter, limit: int, cursor: str | None) -> Page[LibraryItemOut]:
    require(actor, "library.read")
    qs = scoped(LibraryItem, actor.tenant_id)
    for key in ("kind", "vacancy_id", "candidate_id"):
        if getattr(flt, key):
            qs = qs.filter(**{key: getattr(flt, key)})
    if flt.q:
        qs = qs.filter(Q(title__icontains=flt.q) | Q(text__icontains=flt.q))
    return await paginate(qs, LibraryItemOut, limit, cursor)


async def _row(actor: Actor, item_id: str) -> LibraryItem:
    row = await scoped(LibraryItem, actor.tenant_id).get_or_none(id=item_id)
    if row is None:
        raise NotFound("library item not found", {"id": item_id})
    return row


async def get_item(actor: Actor, item_id: str) -> LibraryItemOut:
    require(actor, "library.read")
    return LibraryItemOut.model_validate(await _row(actor, item_id), from_attributes=True)


async def delete_item(actor: Actor, item_id: str) -> LibraryItemOut:
    """Delete an artifact: its author or an admin."""
    require(actor, "library.write")
    async with in_transaction():
        row = await _row(actor, item_id)
        if actor.role != ADMIN and row.created_by_id != actor.principal_id:
            raise Forbidden("only the author or an admin may delete a library item")
        out = LibraryItemOut.model_validate(row, from_attributes=True)
        await scoped(LibraryItem, actor.tenant_id).filter(id=row.id).delete()
        await audit.record(actor, "library_item.deleted", "library_item", row.id, {"kind": row.kind})
    return out
