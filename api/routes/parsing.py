"""/api/v1/parse, /api/v1/parse-jobs, /api/v1/account/usage: CV ingestion over HTTP."""

from __future__ import annotations

import json

from pydantic import BaseModel, Field, ValidationError
from quart import Blueprint, request
from quart_schema import DataSource, document_request, validate_querystring
from quart_schema.pydantic import File

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import multipart, responds, uploaded_files
from tools import ingest, usage
from tools.errors import InvalidInput

bp = Blueprint("parsing", __name__, url_prefix="/api/v1")
TRUE = frozenset({"1", "true", "yes", "on"})


class ParseForm(BaseModel):
    """multipart/form-data: ``files[]`` (1-50 files, 10 MB each), options as fields."""

    files: list[File] = Field(alias="files[]")
    create_candidates: bool = False
    vacancy_id: str | None = Field(default=None, description="screen each CV against this vacancy")
    job_description: str | None = Field(default=None, description="screen each CV against this text")
    blind: bool | None = None
    options: str | None = Field(default=None, description='JSON object, e.g. {"create_candidates": true}')


class ResultsQuery(BaseModel):
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=25, ge=1, le=100)


async def _read_upload() -> tuple[list[ingest.IncomingFile], ingest.ParseOptions]:
    uploads = await uploaded_files()
    form = await request.form
    raw: dict = {}
    if form.get("options"):
        try:
            raw = json.loads(form["options"])
        except ValueError as exc:
            raise InvalidInput("options must be a JSON object", {"options": form["options"][:200]}) from exc
        if not isinstance(raw, dict):
            raise InvalidInput("options must be a JSON object", {"options": form["options"][:200]})
    for name in ("create_candidates", "blind"):
        if name in form:
            raw[name] = form[name].strip().lower() in TRUE
    for name in ("vacancy_id", "job_description"):
        if form.get(name):
            raw[name] = form[name].strip()
    try:
        options = ingest.ParseOptions.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput("options are not valid", exc.errors(include_url=False, include_context=False)) from exc
    return uploads, options


@bp.post("/parse")
@multipart
@authenticated
@document_request(ParseForm, source=DataSource.FORM_MULTIPART)
@responds(ingest.ParseBatchOut, 200, errors=(400, 401, 402, 403, 404, 409, 413, 415, 429))
async def parse_cvs():
    """Parse CVs (PDF, DOCX, DOC, ODT, RTF, TXT; type sniffed from the bytes).

    Up to 5 files answer 200 with per-file results; more answer 202 with a job to poll.
    Files seen before by your tenant return their cached parse and cost no quota.
    `create_candidates=true` creates or updates candidates (dedupe by email, then phone);
    with `vacancy_id` each candidate also gets an application to that vacancy.
    `vacancy_id` or `job_description` also screens each CV (admin, recruiter): the result
    carries the stored `evaluation` (score, band, per-skill evidence, verdict).
    """
    uploads, options = await _read_upload()
    out = await ingest.parse_files(actor(), uploads, options)
    return ok(out, 200 if out.status == "completed" else 202)


@bp.get("/parse-jobs/<job_id>")
@authenticated
@responds(ingest.ParseJobOut)
async def parse_job(job_id: str):
    """A parse job's status and counters."""
    return ok(await ingest.get_job(actor(), job_id))


@bp.get("/parse-jobs/<job_id>/results")
@authenticated
@validate_querystring(ResultsQuery)
@responds(ingest.ParseJobResults)
async def parse_job_results(job_id: str, query_args: ResultsQuery):
    """Per-file results of a parse job, in upload order (`offset`, `limit`)."""
    return ok(await ingest.job_results(actor(), job_id, query_args.offset, query_args.limit))


@bp.get("/account/usage")
@authenticated
@responds(usage.UsageOut)
async def account_usage():
    """This month's metered usage against the plan: CV parses used, limit, reset time."""
    return ok(await usage.account_usage(actor()))
