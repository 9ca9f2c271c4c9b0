"""/api/v1/careers: the public careers site (no credentials; rate limited per IP)."""

from __future__ import annotations

from pydantic import BaseModel, Field, ValidationError
from quart import Blueprint, current_app, g, request
from quart_schema import DataSource, document_request, validate_querystring
from quart_schema.pydantic import File

from api.envelope import ok, page
from api.guard import client_ip, public
from api.routes.common import ListQuery, multipart, responds
from tools import careers
from tools.errors import InvalidInput, PayloadTooLarge
from tools.ingest import MAX_FILE_BYTES, IncomingFile

bp = Blueprint("careers", __name__, url_prefix="/api/v1/careers")
TRUE = frozenset({"1", "true", "yes", "on"})
HONEYPOT = "website"
FORM_OVERHEAD = 64 * 1024
PUBLIC_ERRORS = (400, 404, 413, 415, 429)


class CareersQuery(ListQuery, careers.CareersFilter):
    pass


class TenantQuery(BaseModel):
    tenant: str | None = Field(default=None, max_length=80, description="company slug, to pick a vacancy by slug")


class ApplyForm(BaseModel):
    """multipart/form-data. Leave ``website`` empty: it is a trap for bots."""

    vacancy_id: str
    name: str
    email: str
    phone: str | None = None
    consent: bool = Field(description="required: true/on/1")
    cv: File = Field(description="the CV: PDF, DOCX, DOC, ODT, RTF or TXT, 10 MB at most")
    tenant: str | None = None
    website: str | None = Field(default=None, description="must stay empty")


def _limiter():
    return current_app.extensions["hirebot.ratelimiter"]


async def _count_request() -> None:
    g.rate_headers = (await _limiter().hit_public(client_ip())).headers()


@bp.get("/vacancies")
@public
@validate_querystring(CareersQuery)
@responds(careers.CareersVacancy, many=True, errors=PUBLIC_ERRORS)
async def careers_vacancies(query_args: CareersQuery):
    """Open vacancies of every company, newest first, or of one (`tenant`: its slug);
    filter by `location`, `skill` and `q` (title and description words)."""
    await _count_request()
    flt = careers.CareersFilter.model_validate(query_args.model_dump(include=set(careers.CareersFilter.model_fields)))
    return page(await careers.list_open_vacancies(flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/vacancies/<ref>")
@public
@validate_querystring(TenantQuery)
@responds(careers.CareersVacancy, errors=PUBLIC_ERRORS)
async def careers_vacancy(ref: str, query_args: TenantQuery):
    """One open vacancy by id or slug (404 when it is not open)."""
    await _count_request()
    return ok(await careers.get_open_vacancy(ref, query_args.tenant))


@bp.post("/apply")
@multipart
@public
@document_request(ApplyForm, source=DataSource.FORM_MULTIPART)
@responds(careers.ApplyOut, 201, errors=PUBLIC_ERRORS)
async def careers_apply():
    """Apply to an open vacancy with a CV (`consent` required). Applying again with the same
    email updates the application (`dedup: true`); the applicant gets an acknowledgement
    email. Limited per IP and vacancy (429)."""
    if (request.content_length or 0) > MAX_FILE_BYTES + FORM_OVERHEAD:
        raise PayloadTooLarge(f"a CV is limited to {MAX_FILE_BYTES // (1024 * 1024)} MB")
    request.max_content_length = MAX_FILE_BYTES + FORM_OVERHEAD
    form, files = await request.form, await request.files
    vacancy_ref = (form.get("vacancy_id") or "").strip()[:120]
    if (form.get(HONEYPOT) or "").strip():
        return ok(careers.decoy_answer(vacancy_ref), 201)
    await _limiter().hit_apply(client_ip(), vacancy_ref)
    raw = {k: form.get(k) for k in ("vacancy_id", "tenant", "name", "email", "phone") if form.get(k) is not None}
    raw["consent"] = (form.get("consent") or "").strip().lower() in TRUE
    try:
        data = careers.ApplyInput.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput("application is not valid", [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]}
            for e in exc.errors(include_url=False, include_context=False, include_input=False)]) from exc
    uploads = files.getlist("cv")
    if len(uploads) != 1:
        raise InvalidInput("attach exactly one CV file as 'cv'", [{"field": "cv", "message": "required"}])
    cv = IncomingFile(uploads[0].filename, uploads[0].read())
    return ok(await careers.apply(data, cv, g.request_id), 201)
