"""Candidate edits: partial update, tags, and erasure (data-subject deletion)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from storage import outbox
from storage.models import Application, Candidate, JobItem, StoredFile, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_index import INDEXED, index_fields
from tools.candidates import CandidateOut, Tags, candidate_row, normalise_tags
from tools.errors import Conflict
from tools.ingest import file_store
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


class DeletedOut(BaseModel):
    id: str
    deleted: bool = True
    deleted_files: list[str] = Field(description="CV files erased with the candidate")
    kept_files: list[str] = Field(description="CV files kept: another candidate or a parse/screening job uses them")


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


async def delete_candidate(actor: Actor, candidate_id: str) -> DeletedOut:
    """Erase a candidate (and candidates merged into it): applications, evaluations, shortlist
    and talent-pool entries and client feedback go by cascade; vacancy counters drop; CV files
    go unless another candidate or a job still uses them. Emits ``candidate.deleted``."""
    require(actor, "candidates.write")
    async with in_transaction():
        row = await candidate_row(actor, candidate_id, lock=True)
        candidates = scoped(Candidate, actor.tenant_id)
        ids = [row.id, *await candidates.filter(merged_into_id=row.id).values_list("id", flat=True)]
        file_ids = set(await candidates.filter(id__in=ids, cv_file_id__not_isnull=True).values_list(
            "cv_file_id", flat=True))
        await release_applications(actor, await scoped(Application, actor.tenant_id).filter(candidate_id__in=ids))
        await candidates.filter(id__in=ids).delete()
        used = set(await candidates.filter(cv_file_id__in=file_ids).values_list("cv_file_id", flat=True))
        used |= set(await scoped(JobItem, actor.tenant_id).filter(file_id__in=file_ids).values_list("file_id", flat=True))
        gone = sorted(file_ids - used)
        files = await scoped(StoredFile, actor.tenant_id).filter(id__in=gone)
        await scoped(StoredFile, actor.tenant_id).filter(id__in=gone).delete()
        await audit.record(actor, "candidate.deleted", "candidate", row.id,
                           {"merged": ids[1:], "deleted_files": gone})
        await outbox.emit(actor.tenant_id, "candidate.deleted", {"id": row.id, "merged": ids[1:]})
    for f in files:  # the bytes go once the rows are gone
        await file_store().delete(actor.tenant_id, f.sha256)
    return DeletedOut(id=row.id, deleted_files=gone, kept_files=sorted(file_ids & used))


async def release_applications(actor: Actor, apps: list[Application]) -> None:
    """Lower the vacancy counters for applications about to be deleted."""
    per_vacancy = Counter(a.vacancy_id for a in apps)
    hired = Counter(a.vacancy_id for a in apps if a.stage == "hired")
    for vacancy_id, n in per_vacancy.items():
        await scoped(Vacancy, actor.tenant_id).filter(id=vacancy_id, applicants_count__gte=n).update(
            applicants_count=F("applicants_count") - n)
        if hired[vacancy_id]:
            await scoped(Vacancy, actor.tenant_id).filter(id=vacancy_id, hires_count__gte=hired[vacancy_id]).update(
                hires_count=F("hires_count") - hired[vacancy_id])
    await scoped(Application, actor.tenant_id).filter(id__in=[a.id for a in apps]).delete()
