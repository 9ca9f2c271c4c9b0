"""Candidates (the foundation slice: create, list, get)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage import outbox, search
from storage.ids import new_id
from storage.models import Candidate
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_index import index_fields
from tools.errors import Conflict, InvalidInput, NotFound
from tools.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor, paginate
from tools.parsing.skills import find_skill_spans
from tools.policy import require
from tools.schemas import Email

MAX_Q_WORDS = 8


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


_OUT_COLUMNS = tuple(name for name in CandidateOut.model_fields if name != "id")


class CandidateFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200,
                          description="Full-text search (name, title, skills incl. aliases, location); best match first")


async def create_candidate(actor: Actor, data: CandidateCreate) -> CandidateOut:
    require(actor, "candidates.write")
    if data.email and await scoped(Candidate, actor.tenant_id).filter(email=data.email).exists():
        raise Conflict("a candidate with this email already exists", {"email": data.email})
    try:
        async with in_transaction():
            values = data.model_dump()
            row = await Candidate.create(id=new_id("cand"), tenant_id=actor.tenant_id, **values,
                                         **index_fields(actor.tenant_id, values))
            out = CandidateOut.model_validate(row, from_attributes=True)
            await audit.record(actor, "candidate.created", "candidate", row.id)
            await outbox.emit(actor.tenant_id, "candidate.created", out.model_dump(mode="json"))
    except IntegrityError as exc:
        raise Conflict("a candidate with this email already exists", {"email": data.email}) from exc
    return out


async def list_candidates(actor: Actor, flt: CandidateFilter, limit: int, cursor: str | None) -> Page[CandidateOut]:
    require(actor, "candidates.read")
    if flt.q:
        return await _search_page(actor.tenant_id, flt.q, limit, cursor)
    return await paginate(scoped(Candidate, actor.tenant_id), CandidateOut, limit, cursor)


def search_expr(q: str) -> search.Expr | None:
    """A ``q`` string as a full-text query: every word must match (the last one as a
    prefix, for search-as-you-type); a skill matches as the skill (any alias) or as words."""
    parts: list[search.Expr] = []
    rest = q
    for name, start, end in find_skill_spans(q):
        spelled = tuple(search.Term(w) for w in search.words(q[start:end]))
        parts.append(search.AnyOf((search.Term(search.skill_token(name)), search.AllOf(spelled))))
        rest = rest[:start] + " " * (end - start) + rest[end:]
    terms = search.words(rest)[:MAX_Q_WORDS]
    parts += [search.Term(w, prefix=i == len(terms) - 1) for i, w in enumerate(terms)]
    return search.AllOf(tuple(parts)) if parts else None


async def _search_page(tenant_id: str, q: str, limit: int, cursor: str | None) -> Page[CandidateOut]:
    """One page of search hits, best first. The cursor is the offset into the ranking, so
    a page boundary can shift by the rows written since the previous page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", {"limit": limit})
    offset = decode_cursor(cursor) if cursor else 0
    if not isinstance(offset, int) or offset < 0:
        raise InvalidInput("cursor is not valid", {"cursor": cursor})
    expr = search_expr(q)
    if expr is None:
        return Page[CandidateOut](items=[], next_cursor=None, total=0)
    hits = await search.search(tenant_id, expr, limit + 1, offset, columns=_OUT_COLUMNS)
    more, hits = len(hits) > limit, hits[:limit]
    items = [CandidateOut.model_validate(hit) for hit in hits]
    return Page[CandidateOut](items=items, next_cursor=encode_cursor(offset + limit) if more else None,
                              total=await search.count(tenant_id, expr))


async def get_candidate(actor: Actor, candidate_id: str) -> CandidateOut:
    require(actor, "candidates.read")
    row = await scoped(Candidate, actor.tenant_id).get_or_none(id=candidate_id)
    if row is None:
        raise NotFound("candidate not found", {"id": candidate_id})
    return CandidateOut.model_validate(row, from_attributes=True)
