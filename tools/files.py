"""Files of a tenant: upload (type sniffed, 10 MB), candidate CVs, download, delete.

A candidate has one current CV (``cv_file_id``); attaching a file makes it the CV and
the previous one stays in the store. A candidate's files are its CV plus the CVs of
candidates merged into it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage.models import Candidate, JobItem, StoredFile
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_edit import save_candidate
from tools.candidates import CandidateOut, candidate_row
from tools.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge, UnsupportedMediaType
from tools.ingest import MAX_FILE_BYTES, IncomingFile, file_store, store_file
from tools.parsing.errors import UnsupportedFile
from tools.parsing.sniff import sniff
from tools.policy import require

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "txt": "text/plain",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


class FileOut(BaseModel):
    id: str
    filename: str | None
    kind: str | None
    content_type: str
    size: int
    sha256: str
    created_at: datetime

    @classmethod
    def of(cls, row: StoredFile) -> FileOut:
        return cls(id=row.id, filename=row.filename, kind=row.kind, size=row.size, sha256=row.sha256,
                   created_at=row.created_at, content_type=CONTENT_TYPES.get(row.kind or "", "application/octet-stream"))


class FileList(BaseModel):
    files: list[FileOut] = Field(description="the CV and the CVs of candidates merged into this one")


class AttachOut(BaseModel):
    file: FileOut
    candidate: CandidateOut
    previous_file_id: str | None


@dataclass
class Download:
    data: bytes
    content_type: str
    filename: str


def safe_filename(name: str | None, fallback: str) -> str:
    """An ASCII file name without paths, quotes or control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = _UNSAFE.sub("_", ascii_name).strip(" .")[:150]
    return cleaned or fallback


async def _store(actor: Actor, upload: IncomingFile) -> StoredFile:
    if len(upload.data) > MAX_FILE_BYTES:
        raise PayloadTooLarge(f"files are limited to {MAX_FILE_BYTES // (1024 * 1024)} MB", {"file": upload.filename})
    if not upload.data:
        raise InvalidInput("the file is empty", {"file": upload.filename})
    try:
        kind = sniff(upload.data)
    except UnsupportedFile as exc:
        raise UnsupportedMediaType(exc.message, {"file": upload.filename}) from exc
    row = await store_file(actor, upload)
    if row.kind is None:
        await scoped(StoredFile, actor.tenant_id).filter(id=row.id).update(kind=kind)
        row.kind = kind
    return row


async def upload_file(actor: Actor, upload: IncomingFile) -> FileOut:
    """Store a document (PDF, DOCX, DOC, ODT, RTF, TXT) once per tenant by content."""
    require(actor, "candidates.write")
    row = await _store(actor, upload)
    await audit.record(actor, "file.uploaded", "file", row.id, {"size": row.size, "kind": row.kind})
    return FileOut.of(row)


async def attach_cv(actor: Actor, candidate_id: str, upload: IncomingFile) -> AttachOut:
    """Store a file and make it the candidate's CV."""
    require(actor, "candidates.write")
    await candidate_row(actor, candidate_id)
    row = await _store(actor, upload)
    async with in_transaction():
        candidate = await candidate_row(actor, candidate_id, lock=True)
        previous = candidate.cv_file_id
        out = await save_candidate(actor, candidate, {"cv_file_id": row.id}, file_id=row.id)
    return AttachOut(file=FileOut.of(row), candidate=out, previous_file_id=previous if previous != row.id else None)


async def candidate_files(actor: Actor, candidate_id: str) -> FileList:
    """The candidate's CV and the CVs of candidates merged into it, newest first."""
    require(actor, "candidates.read")
    row = await candidate_row(actor, candidate_id)
    ids = await scoped(Candidate, actor.tenant_id).filter(merged_into_id=row.id, cv_file_id__not_isnull=True).values_list(
        "cv_file_id", flat=True)
    ids = {*ids, *([row.cv_file_id] if row.cv_file_id else [])}
    files = await scoped(StoredFile, actor.tenant_id).filter(id__in=ids).order_by("-created_at")
    return FileList(files=[FileOut.of(f) for f in files])


async def _file(actor: Actor, file_id: str) -> StoredFile:
    row = await scoped(StoredFile, actor.tenant_id).get_or_none(id=file_id)
    if row is None:
        raise NotFound("file not found", {"id": file_id})
    return row


async def get_file(actor: Actor, file_id: str) -> FileOut:
    """A tenant file's metadata."""
    require(actor, "candidates.read")
    return FileOut.of(await _file(actor, file_id))


async def download_file(actor: Actor, file_id: str) -> Download:
    require(actor, "candidates.read")
    row = await _file(actor, file_id)
    data = await file_store().get(actor.tenant_id, row.sha256)
    kind = row.kind or "bin"
    name = safe_filename(row.filename, f"{row.id}.{kind}")
    return Download(data=data, content_type=CONTENT_TYPES.get(row.kind or "", "application/octet-stream"),
                    filename=name)


async def delete_file(actor: Actor, file_id: str) -> FileOut:
    """Delete a file; 409 while a candidate (its CV) or a parse/screening job uses it."""
    require(actor, "candidates.write")
    async with in_transaction():
        row = await _file(actor, file_id)
        users = await scoped(Candidate, actor.tenant_id).filter(cv_file_id=row.id).values_list("id", flat=True)
        jobs = await scoped(JobItem, actor.tenant_id).filter(file_id=row.id).exists()
        if users or jobs:
            raise Conflict("the file is in use", {"candidates": sorted(users), "jobs": jobs})
        await scoped(StoredFile, actor.tenant_id).filter(id=row.id).delete()
        await audit.record(actor, "file.deleted", "file", row.id, {"sha256": row.sha256})
    await file_store().delete(actor.tenant_id, row.sha256)
    return FileOut.of(row)
