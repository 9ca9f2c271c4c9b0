"""Bulk candidate import from JSON rows or a CSV file (up to 500 rows).

Rows are validated first; each problem is reported as ``{row, field, message}`` (JSON rows
count from 1; CSV rows count the header as row 1). A row whose email matches an existing
candidate updates it (empty cells change nothing; skills and tags are added), a later row
repeating an email of the same import is skipped, and with ``vacancy_id`` every imported
candidate gets one application to it. Without ``all_or_nothing`` valid rows are written and
invalid ones skipped; with it, any error answers 400 and nothing is written (one transaction).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from charset_normalizer import from_bytes
from pydantic import BaseModel, Field, ValidationError, field_validator
from tortoise.transactions import in_transaction

from storage.models import Candidate
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_edit import save_candidate
from tools.candidate_matching import ensure_application
from tools.candidates import CandidateCreate, insert_candidate, normalise_tags
from tools.errors import InvalidInput, PayloadTooLarge
from tools.policy import require
from tools.vacancies import get_vacancy

MAX_ROWS = 500
MAX_CSV_BYTES = 5 * 1024 * 1024
COLUMNS = ("name", "email", "phone", "location", "headline", "skills", "tags", "source")
_LIST_SPLIT = re.compile(r"[;|]")


class ImportRow(CandidateCreate):
    """One row: the candidate fields; ``skills`` and ``tags`` may be one string split on ; or |."""

    source: str = Field(default="import", min_length=1, max_length=40)

    @field_validator("skills", "tags", mode="before")
    @classmethod
    def _split(cls, v: Any) -> Any:
        if isinstance(v, str):
            return [part.strip() for part in _LIST_SPLIT.split(v) if part.strip()]
        return v

    @field_validator("email", "phone", "location", "headline", mode="before")
    @classmethod
    def _blank_is_none(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v


class ImportInput(BaseModel):
    rows: list[dict[str, Any]] = Field(description=f"candidate objects (at most {MAX_ROWS})")
    vacancy_id: str | None = Field(default=None, max_length=40, description="apply every imported candidate")
    all_or_nothing: bool = False


class RowError(BaseModel):
    row: int
    field: str
    message: str


class ImportOut(BaseModel):
    total: int
    created: int
    updated: int
    skipped: int = Field(description="rows not written: invalid, or repeating an email of this import")
    errors: list[RowError]
    candidate_ids: list[str | None] = Field(description="per input row, the candidate written (null if skipped)")


Numbered = tuple[int, dict[str, Any]]  # (row number, raw row)


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (BOM or not), else the detected encoding (latin-1, cp1252 …)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("latin-1")


def csv_rows(data: bytes) -> list[Numbered]:
    """(row number, row) for each non-empty CSV line; the header row is row 1."""
    if len(data) > MAX_CSV_BYTES:
        raise PayloadTooLarge(f"CSV files are limited to {MAX_CSV_BYTES // (1024 * 1024)} MB")
    text = decode_csv(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise InvalidInput("the CSV file is empty: send a header row and data rows", {"file": "empty"})
    names = [h.strip().lower() for h in header]
    unknown = [h for h in names if h and h not in COLUMNS]
    if "name" not in names or unknown:
        raise InvalidInput(f"CSV header must name the columns {', '.join(COLUMNS)} (name is required)",
                           {"missing": [] if "name" in names else ["name"], "unknown": unknown})
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        rows.append((number, {k: v.strip() for k, v in zip(names, cells, strict=False) if k}))
    return rows


def _validate(numbered: list[Numbered]) -> tuple[list[tuple[int, ImportRow]], list[RowError]]:
    good, errors = [], []
    for number, raw in numbered:
        try:
            good.append((number, ImportRow.model_validate(raw)))
        except ValidationError as exc:
            for e in exc.errors(include_url=False, include_context=False, include_input=False):
                field = ".".join(str(p) for p in e["loc"]) or "row"
                errors.append(RowError(row=number, field=field, message=e["msg"]))
    return good, errors


async def import_candidates(actor: Actor, numbered: list[Numbered], vacancy_id: str | None,
                            all_or_nothing: bool) -> ImportOut:
    require(actor, "candidates.write")
    if len(numbered) > MAX_ROWS:
        raise PayloadTooLarge(f"at most {MAX_ROWS} rows per import", {"rows": len(numbered)})
    if not numbered:
        raise InvalidInput("no rows to import", {"rows": 0})
    if vacancy_id:
        await get_vacancy(actor, vacancy_id)
    good, errors = _validate(numbered)
    if errors and all_or_nothing:
        raise InvalidInput("the import has errors; nothing was written", [e.model_dump() for e in errors])
    written: dict[int, str] = {}
    created = updated = 0
    async with in_transaction():
        seen: set[str] = set()
        for number, row in good:
            if row.email and row.email in seen:
                continue
            if row.email:
                seen.add(row.email)
            existing = None
            if row.email:
                existing = await scoped(Candidate, actor.tenant_id).select_for_update().get_or_none(email=row.email)
            if existing is not None:
                await save_candidate(actor, existing, _changes(existing, row), import_row=number)
                written[number], updated = existing.id, updated + 1
            else:
                out = await insert_candidate(actor, row.model_dump(), import_row=number)
                written[number], created = out.id, created + 1
            if vacancy_id:
                await ensure_application(actor, written[number], vacancy_id)
        await audit.record(actor, "candidates.imported", "vacancy" if vacancy_id else None, vacancy_id, {
            "total": len(numbered), "created": created, "updated": updated, "errors": len(errors)})
    return ImportOut(total=len(numbered), created=created, updated=updated, skipped=len(numbered) - len(written),
                     errors=errors, candidate_ids=[written.get(n) for n, _ in numbered])


def _changes(existing: Candidate, row: ImportRow) -> dict:
    """What a row changes on an existing candidate: its non-empty fields; skills and tags added."""
    changes = {k: v for k, v in row.model_dump(include={"name", "phone", "location", "headline"}).items() if v}
    if row.consent_at:
        changes["consent_at"] = row.consent_at
    if row.retention_until:
        changes["retention_until"] = row.retention_until
    changes["skills"] = list(dict.fromkeys([*existing.skills, *row.skills]))
    changes["tags"] = normalise_tags([*(existing.tags or []), *row.tags])
    return changes
