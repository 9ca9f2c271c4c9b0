"""A vacancy's applications as CSV for spreadsheets: stable columns, best score first.

Cells that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) are prefixed with a single quote.
"""

from __future__ import annotations

import csv
import io
import re

from storage.models import Application, Evaluation
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.policy import require
from tools.vacancy_status import vacancy_row

COLUMNS = ("application_id", "candidate_id", "name", "email", "phone", "location", "stage", "score", "band",
           "recommendation", "applied_at", "stage_changed_at", "source")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def safe_cell(value: object) -> object:
    """The value, with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


async def export_applications_csv(actor: Actor, vacancy_id: str) -> tuple[str, str]:
    """(filename, CSV text) of every application to the vacancy, by score (unscored last), then id."""
    require(actor, "applications.export")
    vacancy = await vacancy_row(actor, vacancy_id)           # hiring managers: their vacancies only
    rows = await scoped(Application, actor.tenant_id).filter(vacancy_id=vacancy.id).values(
        "id", "candidate_id", "candidate__name", "candidate__email", "candidate__phone", "candidate__location",
        "stage", "score", "band", "created_at", "stage_changed_at", "source")
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["id"]))
    latest = dict(await scoped(Evaluation, actor.tenant_id).filter(
        vacancy_id=vacancy.id, application_id__isnull=False).order_by("id").values_list("application_id", "recommendation"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([safe_cell(v) for v in (
            r["id"], r["candidate_id"], r["candidate__name"], r["candidate__email"], r["candidate__phone"],
            r["candidate__location"], r["stage"], r["score"], r["band"], latest.get(r["id"]),
            _iso(r["created_at"]), _iso(r["stage_changed_at"]), r["source"])])
    await audit.record(actor, "vacancy.applications_exported", "vacancy", vacancy.id, {"rows": len(rows)})
    name = _UNSAFE_NAME.sub("-", vacancy.slug or vacancy.id).strip("-") or "vacancy"
    return f"applications-{name}-{utcnow().date().isoformat()}.csv", out.getvalue()


def _iso(value) -> str | None:
    return value.isoformat() if value else None
