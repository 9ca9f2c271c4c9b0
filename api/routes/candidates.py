"""/api/v1/candidates: CRUD, filters, tags, merge, CV files, bulk import."""

from __future__ import annotations

from pydantic import BaseModel, Field, ValidationError
from quart import Blueprint, request
from quart_schema import DataSource, document_request, validate_querystring, validate_request
from quart_schema.pydantic import File

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, multipart, responds, uploaded_file
from tools import (
    candidate_edit,
    candidate_import,
    candidate_merge,
    candidate_removal,
    candidates,
    files,
)
from tools.errors import InvalidInput

bp = Blueprint("candidates", __name__, url_prefix="/api/v1/candidates")
TRUE = frozenset({"1", "true", "yes", "on"})
UPLOAD_ERRORS = (400, 401, 403, 404, 409, 413, 415, 429)


class CandidateQuery(ListQuery, candidates.CandidateFilter):
    pass


class FileForm(BaseModel):
    """multipart/form-data: one ``file`` (PDF, DOCX, DOC, ODT, RTF or text; 10 MB)."""

    file: File


@bp.post("")
@authenticated
@validate_request(candidates.CandidateCreate)
@responds(candidates.CandidateOut, 201)
async def create_candidate(data: candidates.CandidateCreate):
    """Create a candidate (admin, recruiter); one per email within a tenant (409)."""
    return ok(await candidates.create_candidate(actor(), data), 201)


@bp.get("")
@authenticated
@validate_querystring(CandidateQuery)
@responds(candidates.CandidateOut, many=True)
async def list_candidates(query_args: CandidateQuery):
    """List candidates, newest first (with `q`, best match first). Filters combine: `q`,
    `tag`, `skill` (any alias), `location`, `vacancy_id`, `stage`, `source`,
    `created_after`, `created_before`. Merged-away candidates are not listed."""
    flt = candidates.CandidateFilter.model_validate(query_args.model_dump(exclude={"limit", "cursor"}))
    return page(await candidates.list_candidates(actor(), flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.post("/import")
@multipart
@authenticated
@document_request(candidate_import.ImportInput)
@responds(candidate_import.ImportOut, errors=UPLOAD_ERRORS)
async def import_candidates():
    """Bulk import (admin, recruiter): JSON `{rows, vacancy_id, all_or_nothing}` or a multipart CSV
    `file` (columns name, email, phone, location, headline, skills, tags, source; lists split
    on `;` or `|`; UTF-8 or Latin-1). Up to 500 rows (more: 413). Rows are deduplicated by
    email: an existing candidate is updated. Errors come per row as `{row, field, message}`
    (CSV rows count the header as row 1); `all_or_nothing` turns any error into a 400 and
    writes nothing."""
    if request.mimetype == "multipart/form-data":
        upload = await uploaded_file()
        form = await request.form
        rows = candidate_import.csv_rows(upload.data)
        vacancy_id = form.get("vacancy_id", "").strip() or None
        all_or_nothing = form.get("all_or_nothing", "").strip().lower() in TRUE
    else:
        try:
            data = candidate_import.ImportInput.model_validate(await request.get_json())
        except ValidationError as exc:
            raise InvalidInput("request is not valid", exc.errors(include_url=False, include_context=False,
                                                                  include_input=False)) from exc
        rows = list(enumerate(data.rows, start=1))
        vacancy_id, all_or_nothing = data.vacancy_id, data.all_or_nothing
    return ok(await candidate_import.import_candidates(actor(), rows, vacancy_id, all_or_nothing))


@bp.get("/<candidate_id>")
@authenticated
@responds(candidates.CandidateDetail)
async def get_candidate(candidate_id: str):
    """One candidate with its applications and latest evaluation per vacancy. A candidate merged
    into another answers 404 with `details.merged_into_id`."""
    return ok(await candidates.get_candidate(actor(), candidate_id))


@bp.patch("/<candidate_id>")
@authenticated
@validate_request(candidate_edit.CandidateUpdate)
@responds(candidates.CandidateOut)
async def update_candidate(candidate_id: str, data: candidate_edit.CandidateUpdate):
    """Edit a candidate (admin, recruiter): only the fields sent change; `tags` replaces the tags."""
    return ok(await candidate_edit.update_candidate(actor(), candidate_id, data))


class DeleteQuery(BaseModel):
    erase: bool = Field(default=False, description="data-subject erasure: also remove every trace elsewhere")


@bp.delete("/<candidate_id>")
@authenticated
@validate_querystring(DeleteQuery)
@responds(candidate_removal.DeletedOut)
async def delete_candidate(candidate_id: str, query_args: DeleteQuery):
    """Delete a candidate (admin, recruiter): applications, evaluations, shortlist and talent-pool
    entries, client feedback, candidates merged into it, and CV files no one else uses.
    `?erase=true` erases the person: also every CV they sent with its parse cache, batch results
    and evaluations of those CVs, library drafts, event payloads and stored replies that mention
    them, and dropped mail to them; the audit keeps ids and counts only."""
    return ok(await candidate_removal.delete_candidate(actor(), candidate_id, erase=query_args.erase))


@bp.post("/<candidate_id>/tags")
@authenticated
@validate_request(candidate_edit.TagsChange)
@responds(candidates.CandidateOut)
async def change_tags(candidate_id: str, data: candidate_edit.TagsChange):
    """Add and remove tags (`{add: [...], remove: [...]}`); tags are trimmed, lower-cased, de-duplicated."""
    return ok(await candidate_edit.change_tags(actor(), candidate_id, data))


@bp.post("/<candidate_id>/merge")
@authenticated
@validate_request(candidate_merge.MergeInput)
@responds(candidate_merge.MergeOut)
async def merge_candidate(candidate_id: str, data: candidate_merge.MergeInput):
    """Fold `other_id` into this candidate (admin, recruiter): applications (on a shared vacancy the
    one further along stays), evaluations, shortlist/talent-pool entries, feedback, tags, files and
    empty fields move here; the other becomes a tombstone answering 404 with `merged_into_id`."""
    return ok(await candidate_merge.merge_candidates(actor(), candidate_id, data))


@bp.post("/<candidate_id>/files")
@multipart
@authenticated
@document_request(FileForm, source=DataSource.FORM_MULTIPART)
@responds(files.AttachOut, 201, errors=UPLOAD_ERRORS)
async def attach_file(candidate_id: str):
    """Attach a CV (multipart `file`; type sniffed from the bytes, 10 MB): it becomes the
    candidate's current CV; the previous one stays in the file store."""
    return ok(await files.attach_cv(actor(), candidate_id, await uploaded_file()), 201)


@bp.get("/<candidate_id>/files")
@authenticated
@responds(files.FileList)
async def list_files(candidate_id: str):
    """The candidate's files, newest first; download each with `GET /api/v1/files/{id}`."""
    return ok(await files.candidate_files(actor(), candidate_id))
