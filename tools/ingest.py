"""CV ingestion for a tenant: store files once, parse (cached by content), optionally
create or update candidates and applications. Small requests answer at once; larger
ones become a durable job that the worker runs."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage import outbox, queue
from storage.files import FileStore
from storage.ids import new_id
from storage.models import Job, JobItem, StoredFile, Vacancy
from storage.scoping import scoped
from tools import audit, usage
from tools.actor import Actor
from tools.candidate_matching import ensure_application, upsert_from_cv
from tools.clock import utcnow
from tools.errors import (
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    QuotaExceeded,
    UnsupportedMediaType,
)
from tools.evaluations import (
    EvaluationOut,
    criteria_of,
    criteria_of_text,
    store_evaluation,
    tenant_blind_default,
)
from tools.pagination import MAX_LIMIT
from tools.parsing.errors import UnsupportedFile
from tools.parsing.isolation import parse_isolated
from tools.parsing.pipeline import ParseError, ParseResult
from tools.parsing.schema import ParsedCandidate
from tools.parsing.sniff import sniff
from tools.policy import require
from tools.runtime import runtime

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 50
SYNC_MAX_FILES = 5
PARSE_TIMEOUT_SECONDS = 30
JOB_KIND = "parse_batch"


@dataclass
class IncomingFile:
    filename: str | None
    data: bytes


class ParseOptions(BaseModel):
    create_candidates: bool = False
    vacancy_id: str | None = Field(default=None, max_length=40,
                                   description="screen each CV against this vacancy (and apply with create_candidates)")
    job_description: str | None = Field(default=None, min_length=1, max_length=50_000,
                                        description="screen each CV against this job description text")
    blind: bool | None = Field(default=None, description="blind screening; default: the tenant setting")

    @model_validator(mode="after")
    def _one_target(self) -> ParseOptions:
        if self.vacancy_id and self.job_description:
            raise ValueError("give vacancy_id or job_description, not both")
        return self


class FileResult(BaseModel):
    file_id: str
    filename: str | None
    status: Literal["parsed", "failed", "pending"] = "failed"
    success: bool
    cached: bool
    candidate: ParsedCandidate | None = None
    error: ParseError | None = None
    candidate_id: str | None = None
    duplicate_of: str | None = Field(default=None, description="Existing candidate updated instead of duplicated")
    application_id: str | None = None
    evaluation: EvaluationOut | None = Field(default=None, description="with vacancy_id or job_description")


class ParseBatchOut(BaseModel):
    """Either ``results`` (answered at once) or a ``job_id`` to poll."""

    status: Literal["completed", "queued"]
    results: list[FileResult] | None = None
    job_id: str | None = None
    poll_url: str | None = None
    results_url: str | None = None


class ParseJobOut(BaseModel):
    id: str
    status: Literal["queued", "processing", "completed", "failed"]
    total: int
    completed: int
    failed: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class ParseJobResults(BaseModel):
    job_id: str
    offset: int
    limit: int
    total: int
    results: list[FileResult]


def file_store() -> FileStore:
    return FileStore(runtime().settings.data_dir / "files")


def validate_uploads(files: list[IncomingFile]) -> None:
    """1-50 files, 10 MB each (413), a CV type sniffed from the bytes (415): all or nothing."""
    if not 1 <= len(files) <= MAX_FILES:
        raise InvalidInput(f"send between 1 and {MAX_FILES} files", {"files": len(files)})
    too_large = [f.filename for f in files if len(f.data) > MAX_FILE_BYTES]
    if too_large:
        raise PayloadTooLarge(f"files are limited to {MAX_FILE_BYTES // (1024 * 1024)} MB each",
                              {"files": too_large})
    unsupported = []
    for f in files:
        try:
            sniff(f.data)
        except UnsupportedFile as exc:
            unsupported.append({"file": f.filename, "message": exc.message})
    if unsupported:
        raise UnsupportedMediaType("unsupported file type: send PDF, DOCX, DOC, ODT, RTF or text",
                                   unsupported)


async def store_file(actor: Actor, f: IncomingFile) -> StoredFile:
    """Store the bytes once per tenant (content-addressed); the same bytes give the same row."""
    digest = await file_store().put(actor.tenant_id, f.data)
    files = scoped(StoredFile, actor.tenant_id)
    existing = await files.get_or_none(sha256=digest)
    if existing:
        return existing
    try:
        return await StoredFile.create(id=new_id("file"), tenant_id=actor.tenant_id, sha256=digest,
                                       size=len(f.data), filename=(f.filename or "")[:255] or None)
    except IntegrityError:
        return await files.get(sha256=digest)


async def parse_stored(actor: Actor, file: StoredFile, *, charge: bool = True) -> tuple[ParseResult, bool]:
    """The file's parse, from cache when this tenant saw the same bytes before.

    A fresh parse counts one against the quota unless ``charge`` is false (the caller
    reserved it already, as screening batches do when they start).
    """
    if file.parse_result is not None:
        return ParseResult.model_validate(file.parse_result), True
    if charge:
        await usage.consume_parse(actor.tenant_id)
    result = await parse_isolated(await file_store().get(actor.tenant_id, file.sha256), PARSE_TIMEOUT_SECONDS)
    async with in_transaction():
        await scoped(StoredFile, actor.tenant_id).filter(id=file.id).update(
            parse_result=result.model_dump(mode="json"), parsed_at=utcnow(), kind=result.kind)
        event = "parse.completed" if result.success else "parse.failed"
        await outbox.emit(actor.tenant_id, event, {
            "file_id": file.id, "success": result.success,
            "error": result.error.model_dump() if result.error else None})
    return result, False


async def ingest_file(actor: Actor, file: StoredFile, options: ParseOptions) -> FileResult:
    """Parse one stored file and apply the options; failures become the file's result."""
    out = FileResult(file_id=file.id, filename=file.filename, success=False, cached=False)
    try:
        result, out.cached = await parse_stored(actor, file)
    except QuotaExceeded as exc:
        out.error = ParseError(code="quota_exceeded", message=exc.message)
        return out
    out.success, out.candidate, out.error = result.success, result.candidate, result.error
    out.status = "parsed" if result.success else "failed"
    if result.success and options.create_candidates:
        out.candidate_id, out.duplicate_of = await upsert_from_cv(actor, result.candidate, file)
        if options.vacancy_id:
            out.application_id = await ensure_application(actor, out.candidate_id, options.vacancy_id)
    if result.success and (options.vacancy_id or options.job_description):
        out.evaluation = await _screen(actor, result.candidate, options, out)
    return out


async def _screen(actor: Actor, parsed: ParsedCandidate, options: ParseOptions, out: FileResult) -> EvaluationOut:
    if options.vacancy_id:
        criteria = criteria_of(await scoped(Vacancy, actor.tenant_id).get(id=options.vacancy_id))
    else:
        criteria = criteria_of_text(options.job_description or "")
    blind = options.blind if options.blind is not None else await tenant_blind_default(actor.tenant_id)
    return await store_evaluation(actor, parsed.model_dump(mode="json"), criteria, blind=blind,
                                  application_id=out.application_id, candidate_id=out.candidate_id,
                                  vacancy_id=options.vacancy_id)


async def _check(actor: Actor, options: ParseOptions) -> None:
    require(actor, "parsing.run")
    if options.create_candidates:
        require(actor, "candidates.write")
    if options.vacancy_id or options.job_description:
        require(actor, "screening.run")
    if options.vacancy_id:
        if not await scoped(Vacancy, actor.tenant_id).filter(id=options.vacancy_id).exists():
            raise NotFound("vacancy not found", {"vacancy_id": options.vacancy_id})


async def parse_files(actor: Actor, files: list[IncomingFile], options: ParseOptions) -> ParseBatchOut:
    """Validate, store and parse files: up to 5 files answer at once, more become a job."""
    await _check(actor, options)
    validate_uploads(files)
    stored = [await store_file(actor, f) for f in files]
    uncached = len({s.id for s in stored if s.parse_result is None})
    await usage.check_parse_quota(actor.tenant_id, uncached)
    if len(files) <= SYNC_MAX_FILES:
        limit = asyncio.Semaphore(os.cpu_count() or 2)

        async def one(file: StoredFile) -> FileResult:
            async with limit:
                return await ingest_file(actor, file, options)

        results = await asyncio.gather(*(one(s) for s in stored))
        if len(files) == 1 and results[0].error and results[0].error.code == "unsupported_media_type":
            raise UnsupportedMediaType(results[0].error.message, {"file": files[0].filename})
        return ParseBatchOut(status="completed", results=list(results))
    async with in_transaction():
        job = await queue.enqueue(actor.tenant_id, JOB_KIND, [s.id for s in stored],
                                  options.model_dump(), actor.to_dict())
        await audit.record(actor, "parse_job.created", "job", job.id, {"files": len(stored)})
    base = f"/api/v1/parse-jobs/{job.id}"
    return ParseBatchOut(status="queued", job_id=job.id, poll_url=base, results_url=f"{base}/results")


async def parse_uploaded(actor: Actor, file_id: str, options: ParseOptions) -> FileResult:
    """Parse a file already uploaded (``POST /files``) and apply the options, like one upload."""
    await _check(actor, options)
    file = await scoped(StoredFile, actor.tenant_id).get_or_none(id=file_id)
    if file is None:
        raise NotFound("file not found", {"id": file_id})
    await usage.check_parse_quota(actor.tenant_id, int(file.parse_result is None))
    return await ingest_file(actor, file, options)


async def run_parse_job(job: Job) -> None:
    """Worker handler: parse every pending item of a job, both cores busy, resumable."""
    actor = Actor(**job.actor)
    options = ParseOptions.model_validate(job.options)
    limit = asyncio.Semaphore(os.cpu_count() or 2)

    async def one(item: JobItem) -> None:
        async with limit:
            file = await scoped(StoredFile, job.tenant_id).get_or_none(id=item.file_id)
            if file is None:
                return  # erased meanwhile: the erasure closed the item
            result = await ingest_file(actor, file, options)
            await queue.finish_item(item, result.success, result.model_dump(mode="json"))
            await queue.renew(job)

    await asyncio.gather(*(one(item) for item in await queue.pending_items(job)))
    await queue.finish_job(job, "completed")


async def get_job(actor: Actor, job_id: str) -> ParseJobOut:
    require(actor, "parsing.run")
    job = await scoped(Job, actor.tenant_id).get_or_none(id=job_id, kind=JOB_KIND)
    if job is None:
        raise NotFound("parse job not found", {"id": job_id})
    return ParseJobOut.model_validate(job, from_attributes=True)


async def job_results(actor: Actor, job_id: str, offset: int, limit: int) -> ParseJobResults:
    job = await get_job(actor, job_id)
    if offset < 0 or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"offset must be >= 0 and limit 1-{MAX_LIMIT}", {"offset": offset, "limit": limit})
    items = await scoped(JobItem, actor.tenant_id).filter(job_id=job.id).order_by("position").offset(offset).limit(limit)
    results = []
    for item in items:
        if item.result is not None:
            results.append(FileResult.model_validate(item.result))
        else:
            file = await scoped(StoredFile, actor.tenant_id).get(id=item.file_id)
            results.append(FileResult(file_id=file.id, filename=file.filename, status="pending",
                                      success=False, cached=False))
    return ParseJobResults(job_id=job.id, offset=offset, limit=limit, total=job.total, results=results)
