"""/api/v1/screening-batches: upload CVs against a vacancy or a job description, get a ranked shortlist."""

from __future__ import annotations

from pydantic import BaseModel, Field
from quart import Blueprint, Response
from quart_schema import DataSource, document_request, validate_querystring, validate_request
from quart_schema.pydantic import File

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, multipart, responds, uploaded_files
from tools import screening_batches as batches
from tools.screening_report_pdf import item_report_pdf

bp = Blueprint("screening_batches", __name__, url_prefix="/api/v1/screening-batches")


class FilesForm(BaseModel):
    """multipart/form-data: ``files[]`` (1-50 files, 10 MB each)."""

    files: list[File] = Field(alias="files[]")


class ResultsQuery(BaseModel):
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=25, ge=1, le=100)


@bp.post("")
@authenticated
@validate_request(batches.BatchCreate)
@responds(batches.BatchDetail, 201)
async def create_batch(data: batches.BatchCreate):
    """Create a draft screening batch (admin, recruiter) for `vacancy_id` or a `job_description`
    text (with an optional `title`); `blind` withholds identity cues (default: tenant setting).
    Then upload files, and start it."""
    return ok(await batches.create_batch(actor(), data), 201)


@bp.get("")
@authenticated
@validate_querystring(ListQuery)
@responds(batches.BatchOut, many=True)
async def list_batches(query_args: ListQuery):
    """Screening batches, newest first."""
    return page(await batches.list_batches(actor(), query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/<batch_id>")
@authenticated
@responds(batches.BatchDetail)
async def get_batch(batch_id: str):
    """A batch's status and progress: total, processed, failed, pending, cancelled, counts per band."""
    return ok(await batches.get_batch(actor(), batch_id))


@bp.post("/<batch_id>/files")
@multipart
@authenticated
@document_request(FilesForm, source=DataSource.FORM_MULTIPART)
@responds(batches.UploadOut, 201, errors=(400, 401, 403, 404, 409, 413, 415, 429))
async def add_files(batch_id: str):
    """Add 1-50 CVs (`files[]`; PDF, DOCX, DOC, ODT, RTF, TXT, 10 MB each) to a draft batch,
    up to 1,000 per batch. A file already in the batch is reported as `duplicate`, not added twice.
    """
    return ok(await batches.add_files(actor(), batch_id, await uploaded_files()), 201)


@bp.post("/<batch_id>/start")
@authenticated
@responds(batches.BatchDetail, 202, errors=(400, 401, 402, 403, 404, 409, 429))
async def start_batch(batch_id: str):
    """Start a draft batch. One parse per file not parsed before is reserved from the monthly
    quota now (402 `quota_exceeded` if they do not all fit); poll the batch for progress."""
    return ok(await batches.start_batch(actor(), batch_id), 202)


@bp.post("/<batch_id>/cancel")
@authenticated
@responds(batches.BatchDetail)
async def cancel_batch(batch_id: str):
    """Cancel a draft, queued or running batch: unprocessed items become `cancelled` and their
    reserved parses return to the quota. 409 once the batch has finished."""
    return ok(await batches.cancel_batch(actor(), batch_id))


@bp.get("/<batch_id>/results")
@authenticated
@validate_querystring(ResultsQuery)
@responds(batches.BatchResults)
async def batch_results(batch_id: str, query_args: ResultsQuery):
    """Ranked results (`offset`, `limit`): screened items by score, highest first, ties by upload
    order; then failed, pending and cancelled items in upload order."""
    return ok(await batches.batch_results(actor(), batch_id, query_args.offset, query_args.limit))


@bp.get("/<batch_id>/items/<item_id>")
@authenticated
@responds(batches.ItemReport)
async def item_report(batch_id: str, item_id: str):
    """One item's full report: the evaluation (per-skill evidence, strengths, concerns, red flags,
    verdict), the file name and, unless the batch is blind, the parsed contact details."""
    return ok(await batches.item_report(actor(), batch_id, item_id))


@bp.get("/<batch_id>/items/<item_id>/report.pdf")
@authenticated
@responds(None)
async def item_report_pdf_route(batch_id: str, item_id: str):
    """One screened item's report as a PDF (application/pdf); 409 while it has no evaluation."""
    body = await item_report_pdf(actor(), batch_id, item_id)
    return Response(body, content_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{batch_id}-{item_id}.pdf"'})
