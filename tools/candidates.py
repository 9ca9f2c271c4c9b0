"""Candidates: create, list with filters, read one (with applications and latest evaluations).

Edits, tags and deletion live in ``tools.candidate_edit``; merging in ``tools.candidate_merge``.
A merged-away candidate (``merged_into_id`` set) is a tombstone: hidden from lists and
search, and ``get_candidate`` answers 404 with ``details.merged_into_id``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, field_validator
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from storage import outbox, search
from storage.ids import new_id
from storage.models import Application, Candidate, Evaluation
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_index import index_fields
from tools.errors import Conflict, InvalidInput, NotFound
from tools.pagination import MAX_LIMIT, Page, decode_cursor, encode_cursor, paginate
from tools.parsing.skills import canonical_skill, find_skill_spans
from tools.policy import require
from tools.schemas import Email

MAX_Q_WORDS = 8
MAX_TAGS = 50
Stage = Literal["applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn"]


def normalise_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, inner whitespace collapsed, lower-cased, de-duplicated in order."""
    out = list(dict.fromkeys(" ".join(t.split()).casefold() for t in tags))
    out = [t for t in out if t]
    if len(out) > MAX_TAGS or any(len(t) > 60 for t in out):
        raise ValueError(f"at most {MAX_TAGS} tags of at most 60 characters")
    return out


Tags = Annotated[list[str], AfterValidator(normalise_tags)]


class CandidateCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=40)
    location: str | None = Field(default=None, max_length=200)
    headline: str | None = Field(default=None, max_length=300)
    skills: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=200)
    tags: Tags = Field(default_factory=list, description="normalised: trimmed, lower case, de-duplicated")
    source: str = Field(default="manual", min_length=1, max_length=40)
    consent_at: datetime | None = Field(default=None, description="when the candidate consented to processing")
    retention_until: date | None = Field(default=None, description="erase after this date")


class CandidateOut(BaseModel):
    id: str
    name: str
    email: str | None
    phone: str | None
    location: str | None
    headline: str | None
    skills: list[str]
    tags: list[str]
    source: str
    cv_file_id: str | None
    consent_at: datetime | None
    retention_until: date | None
    created_at: datetime
    updated_at: datetime

    @field_validator("tags", mode="before")
    @classmethod
    def _null_tags(cls, v):
        return v or []

    @classmethod
    def of(cls, row: Candidate | dict) -> CandidateOut:
        return cls.model_validate(row, from_attributes=not isinstance(row, dict))


class ApplicationBrief(BaseModel):
    id: str
    vacancy_id: str
    stage: str
    score: int | None


class EvaluationBrief(BaseModel):
    id: str
    vacancy_id: str | None
    application_id: str | None
    score: int
    band: str
    recommendation: str
    created_at: datetime


class CandidateDetail(CandidateOut):
    applications: list[ApplicationBrief]
    latest_evaluations: list[EvaluationBrief] = Field(description="the newest evaluation per vacancy")


OUT_COLUMNS = tuple(name for name in CandidateOut.model_fields if name != "id")


class CandidateFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200,
                          description="Full-text search (name, title, skills incl. aliases, location); best match first")
    tag: str | None = Field(default=None, max_length=60)
    skill: str | None = Field(default=None, max_length=100, description="a skill (any alias)")
    location: str | None = Field(default=None, max_length=200, description="substring, case-insensitive")
    vacancy_id: str | None = Field(default=None, max_length=40, description="has an application to this vacancy")
    stage: Stage | None = Field(default=None, description="application stage (for vacancy_id, else any application)")
    source: str | None = Field(default=None, max_length=40)
    created_after: datetime | None = Field(default=None, description="ISO 8601; without an offset, UTC")
    created_before: datetime | None = Field(default=None, description="ISO 8601, exclusive; without an offset, UTC")

    @field_validator("created_after", "created_before")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        return v if v is None else (v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC))


async def create_candidate(actor: Actor, data: CandidateCreate) -> CandidateOut:
    require(actor, "candidates.write")
    if data.email and await scoped(Candidate, actor.tenant_id).filter(email=data.email).exists():
        raise Conflict("a candidate with this email already exists", {"email": data.email})
    try:
        async with in_transaction():
            return await insert_candidate(actor, data.model_dump())
    except IntegrityError as exc:
        raise Conflict("a candidate with this email already exists", {"email": data.email}) from exc


async def insert_candidate(actor: Actor, values: dict, **details) -> CandidateOut:
    """Insert one candidate with its audit record and event; call inside a transaction."""
    row = await Candidate.create(id=new_id("cand"), tenant_id=actor.tenant_id, **values,
                                 **index_fields(actor.tenant_id, values))
    out = CandidateOut.of(row)
    await audit.record(actor, "candidate.created", "candidate", row.id, details)
    await outbox.emit(actor.tenant_id, "candidate.created", out.model_dump(mode="json"))
    return out


def _hard_filters(flt: CandidateFilter) -> search.HardFilters:
    return search.HardFilters(location=flt.location, source=flt.source, created_after=flt.created_after,
                              created_before=flt.created_before, vacancy_id=flt.vacancy_id, stage=flt.stage)


def _token_terms(flt: CandidateFilter) -> list[search.Expr]:
    terms = []
    if flt.skill:
        terms.append(search.Term(search.skill_token(canonical_skill(flt.skill) or flt.skill.strip())))
    if flt.tag:
        terms.append(search.Term(search.tag_token(" ".join(flt.tag.split()))))
    return terms


async def list_candidates(actor: Actor, flt: CandidateFilter, limit: int, cursor: str | None) -> Page[CandidateOut]:
    """Newest first; with ``q``, best match first. Every filter combines with every other."""
    require(actor, "candidates.read")
    if flt.q:
        return await _search_page(actor.tenant_id, flt, limit, cursor)
    qs = scoped(Candidate, actor.tenant_id).filter(merged_into_id=None)
    for term in _token_terms(flt):
        qs = qs.filter(search_text__contains=term.word)
    if flt.location:
        qs = qs.filter(location__icontains=flt.location)
    if flt.source:
        qs = qs.filter(source=flt.source)
    if flt.created_after:
        qs = qs.filter(created_at__gte=flt.created_after)
    if flt.created_before:
        qs = qs.filter(created_at__lt=flt.created_before)
    if flt.vacancy_id or flt.stage:
        apps = scoped(Application, actor.tenant_id)
        apps = apps.filter(vacancy_id=flt.vacancy_id) if flt.vacancy_id else apps
        apps = apps.filter(stage=flt.stage) if flt.stage else apps
        qs = qs.filter(id__in=Subquery(apps.values("candidate_id")))
    return await paginate(qs, CandidateOut, limit, cursor)


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


async def _search_page(tenant_id: str, flt: CandidateFilter, limit: int, cursor: str | None) -> Page[CandidateOut]:
    """One page of search hits, best first. The cursor is the offset into the ranking, so
    a page boundary can shift by the rows written since the previous page."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", {"limit": limit})
    offset = decode_cursor(cursor) if cursor else 0
    if not isinstance(offset, int) or offset < 0:
        raise InvalidInput("cursor is not valid", {"cursor": cursor})
    expr = search_expr(flt.q or "")
    if expr is None:
        return Page[CandidateOut](items=[], next_cursor=None, total=0)
    expr = search.AllOf((expr, *_token_terms(flt)))
    filters = _hard_filters(flt)
    hits = await search.search(tenant_id, expr, limit + 1, offset, filters=filters, columns=OUT_COLUMNS)
    more, hits = len(hits) > limit, hits[:limit]
    items = [CandidateOut.of(hit) for hit in hits]
    return Page[CandidateOut](items=items, next_cursor=encode_cursor(offset + limit) if more else None,
                              total=await search.count(tenant_id, expr, filters))


async def candidate_row(actor: Actor, candidate_id: str, *, lock: bool = False) -> Candidate:
    """A live candidate of the actor's tenant; 404 for unknown ids and tombstones."""
    qs = scoped(Candidate, actor.tenant_id)
    row = await (qs.select_for_update() if lock else qs).get_or_none(id=candidate_id)
    if row is None:
        raise NotFound("candidate not found", {"id": candidate_id})
    if row.merged_into_id:
        raise NotFound("candidate was merged into another", {"id": candidate_id, "merged_into_id": row.merged_into_id})
    return row


async def get_candidate(actor: Actor, candidate_id: str) -> CandidateDetail:
    require(actor, "candidates.read")
    row = await candidate_row(actor, candidate_id)
    apps = await scoped(Application, actor.tenant_id).filter(candidate_id=row.id).order_by("created_at", "id")
    latest: dict[str | None, Evaluation] = {}
    for ev in await scoped(Evaluation, actor.tenant_id).filter(candidate_id=row.id).order_by("created_at", "id"):
        latest[ev.vacancy_id] = ev
    return CandidateDetail(
        **CandidateOut.of(row).model_dump(),
        applications=[ApplicationBrief.model_validate(a, from_attributes=True) for a in apps],
        latest_evaluations=[EvaluationBrief.model_validate(e, from_attributes=True)
                            for e in sorted(latest.values(), key=lambda e: e.created_at, reverse=True)])
