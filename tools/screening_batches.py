"""Screening batches: upload CVs against a vacancy or a job description, get a ranked shortlist.

A batch is a durable ``Job`` of kind ``screening_batch`` with one ``JobItem`` per uploaded
file. It is created as ``draft`` (not claimable), filled with files, then started
(``queued``); the worker parses and screens each item (``tools.screening_batch_worker``).

Quota: parses are reserved when the batch starts, one per file with no cached parse (all
or nothing, 402 otherwise); the worker does not charge again. Cancelling refunds the
reservation of every item not yet processed, in the period it was charged.

Item ids are ``item_`` plus the item's zero-padded upload position; they only mean
something under their batch's path.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from tortoise.transactions import in_transaction

from storage import queue
from storage.models import Evaluation, Job, JobItem, StoredFile, Vacancy
from storage.scoping import scoped
from tools import audit, ingest, usage
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Conflict, InvalidInput, NotFound
from tools.evaluations import (
    EvaluationOut,
    criteria_of,
    criteria_of_text,
    evaluation_out,
    tenant_blind_default,
)
from tools.pagination import MAX_LIMIT, Page, paginate
from tools.parsing.pipeline import ParseError
from tools.parsing.schema import Links
from tools.policy import require
from tools.screening.criteria import Criteria
from tools.screening.engine import Band, Recommendation

JOB_KIND = "screening_batch"
MAX_ITEMS = 1000
BatchStatus = Literal["draft", "queued", "processing", "completed", "failed", "cancelled"]
ItemStatus = Literal["pending", "done", "failed", "cancelled"]
CANCELLABLE = ("draft", "queued", "processing")
BANDS = ("exceptional", "strong", "good", "fair", "limited", "invalid")
_ITEM_ID = re.compile(r"item_(\d{4,6})")


# --------------------------------------------------------------------------- models

class BatchCreate(BaseModel):
    """Screen against a vacancy (``vacancy_id``) or a job description text, not both."""

    vacancy_id: str | None = Field(default=None, max_length=40)
    job_description: str | None = Field(default=None, min_length=1, max_length=50_000)
    title: str | None = Field(default=None, max_length=200, description="defaults to the vacancy's title")
    blind: bool | None = Field(default=None, description="withhold identity cues; default: the tenant setting")

    @model_validator(mode="after")
    def _one_source(self) -> BatchCreate:
        if (self.vacancy_id is None) == (self.job_description is None):
            raise ValueError("send exactly one of vacancy_id and job_description")
        return self


class BatchOptions(BaseModel):
    """What the job row keeps in ``options``."""

    title: str
    vacancy_id: str | None = None
    criteria: Criteria | None = None
    blind: bool = False
    charged_period: str | None = None
    charged_positions: list[int] = Field(default_factory=list)


class BatchOut(BaseModel):
    id: str
    status: BatchStatus
    title: str
    vacancy_id: str | None
    blind: bool
    total: int
    processed: int = Field(description="items screened or failed")
    failed: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @model_validator(mode="before")
    @classmethod
    def _from_job(cls, value: Any) -> Any:
        if not isinstance(value, Job):
            return value
        opts = BatchOptions.model_validate(value.options)
        return {"id": value.id, "status": value.status, "title": opts.title, "vacancy_id": opts.vacancy_id,
                "blind": opts.blind, "total": value.total, "processed": value.completed + value.failed,
                "failed": value.failed, "error": value.error, "created_at": value.created_at,
                "started_at": value.started_at, "finished_at": value.finished_at}


class BatchDetail(BatchOut):
    pending: int
    cancelled: int
    bands: dict[str, int] = Field(description="screened items per band")
    criteria: Criteria | None = Field(description="what items are scored against (set at start for vacancies)")
    results_url: str


class UploadedItem(BaseModel):
    id: str
    filename: str | None
    file_id: str
    duplicate: bool = Field(description="the same file is already in this batch; not added again")


class UploadOut(BaseModel):
    batch_id: str
    added: int
    total: int
    items: list[UploadedItem]


class BatchResult(BaseModel):
    id: str
    rank: int | None = Field(description="1 = best; null for items without a score")
    position: int = Field(description="upload order, from 0")
    filename: str | None
    status: ItemStatus
    score: int | None = None
    band: Band | None = None
    recommendation: Recommendation | None = None
    candidate_name: str | None = Field(default=None, description="null in blind batches")
    evaluation_id: str | None = None
    error: ParseError | None = None


class BatchResults(BaseModel):
    batch_id: str
    status: BatchStatus
    offset: int
    limit: int
    total: int
    results: list[BatchResult]


class CandidateContact(BaseModel):
    name: str | None
    email: str | None
    phone: str | None
    location: str | None
    links: Links


class ItemReport(BaseModel):
    id: str
    batch_id: str
    batch_title: str
    vacancy_id: str | None
    position: int
    filename: str | None
    status: ItemStatus
    candidate: CandidateContact | None = Field(description="contact as parsed; null in blind batches")
    evaluation: EvaluationOut | None
    error: ParseError | None


# --------------------------------------------------------------------------- helpers

def item_id(position: int) -> str:
    return f"item_{position:04d}"


async def _batch(actor: Actor, batch_id: str, *, lock: bool = False) -> Job:
    require(actor, "screening_batches.run")
    qs = scoped(Job, actor.tenant_id).filter(id=batch_id, kind=JOB_KIND)
    job = await (qs.select_for_update() if lock else qs).first()
    if job is None:
        raise NotFound("screening batch not found", {"id": batch_id})
    return job


async def _item(actor: Actor, batch_id: str, ref: str) -> tuple[Job, JobItem]:
    job = await _batch(actor, batch_id)
    match = _ITEM_ID.fullmatch(ref)
    item = match and await scoped(JobItem, actor.tenant_id).get_or_none(job_id=job.id, position=int(match[1]))
    if not item:
        raise NotFound("batch item not found", {"batch_id": batch_id, "id": ref})
    return job, item


async def _detail(job: Job) -> BatchDetail:
    rows = await scoped(JobItem, job.tenant_id).filter(job_id=job.id).values("status", "result")
    bands = dict.fromkeys(BANDS, 0)
    for row in rows:
        if row["status"] == "done":
            bands[row["result"]["band"]] += 1
    opts = BatchOptions.model_validate(job.options)
    return BatchDetail(**BatchOut.model_validate(job).model_dump(), bands=bands, criteria=opts.criteria,
                       pending=sum(r["status"] == "pending" for r in rows),
                       cancelled=sum(r["status"] == "cancelled" for r in rows),
                       results_url=f"/api/v1/screening-batches/{job.id}/results")


# --------------------------------------------------------------------------- operations

async def create_batch(actor: Actor, data: BatchCreate) -> BatchDetail:
    """A draft batch for a vacancy (criteria taken when it starts) or a job description."""
    require(actor, "screening_batches.run")
    criteria, title = None, data.title
    if data.vacancy_id:
        vacancy = await scoped(Vacancy, actor.tenant_id).get_or_none(id=data.vacancy_id)
        if vacancy is None:
            raise NotFound("vacancy not found", {"vacancy_id": data.vacancy_id})
        title = title or vacancy.title
    else:
        criteria = criteria_of_text(data.job_description, title)
        if not criteria.required_skills and not criteria.nice_to_have_skills:
            raise InvalidInput("the job description names no skill the taxonomy knows", {"job_description": None})
    blind = data.blind if data.blind is not None else await tenant_blind_default(actor.tenant_id)
    opts = BatchOptions(title=title or "Screening batch", vacancy_id=data.vacancy_id, criteria=criteria, blind=blind)
    async with in_transaction():
        job = await queue.enqueue(actor.tenant_id, JOB_KIND, [], opts.model_dump(mode="json"), actor.to_dict(),
                                  status="draft")
        await audit.record(actor, "screening_batch.created", "job", job.id,
                           {"vacancy_id": data.vacancy_id, "blind": blind})
    return await _detail(job)


async def add_files(actor: Actor, batch_id: str, files: list[ingest.IncomingFile]) -> UploadOut:
    """Store 1-50 CVs (limits and errors as ``/parse``) and add them to a draft batch."""
    job = await _batch(actor, batch_id)
    ingest.validate_uploads(files)
    if job.status != "draft":
        raise Conflict(f"files can only be added to a draft batch; this one is {job.status}", {"status": job.status})
    stored = [await ingest.store_file(actor, f) for f in files]
    async with in_transaction():
        job = await _batch(actor, batch_id, lock=True)
        if job.status != "draft":
            raise Conflict(f"files can only be added to a draft batch; this one is {job.status}", {"status": job.status})
        known = dict(await scoped(JobItem, actor.tenant_id).filter(job_id=job.id).values_list("file_id", "position"))
        items, new_ids, names = [], [], []
        for f, s in zip(files, stored, strict=True):
            duplicate = s.id in known
            if not duplicate:
                known[s.id] = job.total + len(new_ids)
                new_ids.append(s.id)
                names.append({"filename": (f.filename or "")[:255] or None, "file_id": s.id})
            items.append(UploadedItem(id=item_id(known[s.id]), filename=f.filename, file_id=s.id, duplicate=duplicate))
        if job.total + len(new_ids) > MAX_ITEMS:
            raise InvalidInput(f"a batch holds at most {MAX_ITEMS} files",
                               {"total": job.total, "adding": len(new_ids), "max": MAX_ITEMS})
        await queue.add_items(job, new_ids, names)
        await audit.record(actor, "screening_batch.files_added", "job", job.id, {"files": len(new_ids)})
    return UploadOut(batch_id=job.id, added=len(new_ids), total=job.total, items=items)


async def start_batch(actor: Actor, batch_id: str) -> BatchDetail:
    """Queue a draft batch, reserving one parse per file not parsed before (402 if short)."""
    async with in_transaction():
        job = await _batch(actor, batch_id, lock=True)
        if job.status != "draft":
            raise Conflict(f"only a draft batch can start; this one is {job.status}", {"status": job.status})
        if not job.total:
            raise Conflict("add files before starting the batch", {"total": 0})
        opts = BatchOptions.model_validate(job.options)
        if opts.vacancy_id:
            vacancy = await scoped(Vacancy, actor.tenant_id).get_or_none(id=opts.vacancy_id)
            if vacancy is None:
                raise NotFound("vacancy not found", {"vacancy_id": opts.vacancy_id})
            opts.criteria = criteria_of(vacancy)
        items = await scoped(JobItem, actor.tenant_id).filter(job_id=job.id).values_list("position", "file_id")
        uncached = set(await scoped(StoredFile, actor.tenant_id).filter(
            id__in=[f for _, f in items], parse_result__isnull=True).values_list("id", flat=True))
        opts.charged_positions = sorted(p for p, f in items if f in uncached)
        opts.charged_period = await usage.consume_parses(actor.tenant_id, len(opts.charged_positions))
        job.options, job.status = opts.model_dump(mode="json"), "queued"
        await scoped(Job, actor.tenant_id).filter(id=job.id).update(options=job.options, status=job.status)
        await audit.record(actor, "screening_batch.started", "job", job.id,
                           {"files": job.total, "parses_reserved": len(opts.charged_positions)})
    return await _detail(job)


async def cancel_batch(actor: Actor, batch_id: str) -> BatchDetail:
    """Stop a batch: unprocessed items become ``cancelled`` and their reserved parses return."""
    async with in_transaction():
        job = await _batch(actor, batch_id, lock=True)
        if job.status not in CANCELLABLE:
            raise Conflict(f"a {job.status} batch cannot be cancelled", {"status": job.status})
        opts = BatchOptions.model_validate(job.options)
        pending = scoped(JobItem, actor.tenant_id).filter(job_id=job.id, status="pending")
        positions = set(await pending.select_for_update().values_list("position", flat=True))
        refund = len(positions & set(opts.charged_positions))
        await pending.update(status="cancelled")
        if opts.charged_period:
            await usage.refund_parses(actor.tenant_id, opts.charged_period, refund)
        await scoped(Job, actor.tenant_id).filter(id=job.id).update(
            status="cancelled", lease_until=None, finished_at=utcnow())
        await audit.record(actor, "screening_batch.cancelled", "job", job.id,
                           {"items_cancelled": len(positions), "parses_refunded": refund})
    return await _detail(await _batch(actor, batch_id))


async def get_batch(actor: Actor, batch_id: str) -> BatchDetail:
    return await _detail(await _batch(actor, batch_id))


async def list_batches(actor: Actor, limit: int, cursor: str | None) -> Page[BatchOut]:
    require(actor, "screening_batches.run")
    return await paginate(scoped(Job, actor.tenant_id).filter(kind=JOB_KIND), BatchOut, limit, cursor)


def _result(item: dict, rank: int | None) -> BatchResult:
    res = item["result"] or {}
    return BatchResult(id=item_id(item["position"]), rank=rank, position=item["position"],
                       status=item["status"], **{k: v for k, v in res.items() if k in BatchResult.model_fields})


async def batch_results(actor: Actor, batch_id: str, offset: int, limit: int) -> BatchResults:
    """Scored items by score (highest first; ties by upload position), then the others in upload order."""
    job = await _batch(actor, batch_id)
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"offset must be >= 0 and limit 1-{MAX_LIMIT}", {"offset": offset, "limit": limit})
    rows = await scoped(JobItem, actor.tenant_id).filter(job_id=job.id).values("id", "position", "status", "result")
    scored = sorted((r for r in rows if r["status"] == "done"),
                    key=lambda r: (-r["result"]["score"], r["position"], r["id"]))
    rest = sorted((r for r in rows if r["status"] != "done"), key=lambda r: r["position"])
    ranked = [_result(r, i + 1) for i, r in enumerate(scored)] + [_result(r, None) for r in rest]
    return BatchResults(batch_id=job.id, status=job.status, offset=offset, limit=limit, total=len(ranked),
                        results=ranked[offset:offset + limit])


async def item_report(actor: Actor, batch_id: str, ref: str) -> ItemReport:
    """One item's full report: the evaluation, the file name and (unless blind) the contact."""
    job, item = await _item(actor, batch_id, ref)
    opts = BatchOptions.model_validate(job.options)
    res = item.result or {}
    file = await scoped(StoredFile, actor.tenant_id).get_or_none(id=item.file_id)  # None once erased
    evaluation = contact = None
    if res.get("evaluation_id"):
        evaluation = evaluation_out(await scoped(Evaluation, actor.tenant_id).get(id=res["evaluation_id"]))
    parsed = (file.parse_result or {}).get("candidate") if file else None
    if parsed and not opts.blind:
        contact = CandidateContact.model_validate(parsed)
    return ItemReport(id=item_id(item.position), batch_id=job.id, batch_title=opts.title, vacancy_id=opts.vacancy_id,
                      position=item.position, filename=res.get("filename"), status=item.status,
                      candidate=contact, evaluation=evaluation, error=res.get("error"))
