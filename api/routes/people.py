"""/api/v1 clients (and their feedback), shortlists, talent pool and files."""

from __future__ import annotations

from pydantic import BaseModel, Field, RootModel
from quart import Blueprint, Response
from quart_schema import (
    DataSource,
    document_request,
    document_response,
    validate_querystring,
    validate_request,
)

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.candidates import UPLOAD_ERRORS, FileForm
from api.routes.common import ListQuery, multipart, responds, uploaded_file
from tools import clients, files, shortlists, talent_pool

bp = Blueprint("people", __name__, url_prefix="/api/v1")


class ClientQuery(ListQuery, clients.ClientFilter):
    pass


class FeedbackQuery(ListQuery, clients.FeedbackFilter):
    pass


class PoolQuery(ListQuery, talent_pool.PoolFilter):
    pass


class PoolRemoveQuery(BaseModel):
    department: str | None = Field(default=None, max_length=120, description="only this department")


class ShortlistList(BaseModel):
    shortlists: list[shortlists.ShortlistOut]


class Removed(BaseModel):
    candidate_id: str
    removed: int


# --------------------------------------------------------------------------- clients

@bp.post("/clients")
@authenticated
@validate_request(clients.ClientCreate)
@responds(clients.ClientOut, 201)
async def create_client(data: clients.ClientCreate):
    """Create a client company (admin, recruiter)."""
    return ok(await clients.create_client(actor(), data), 201)


@bp.get("/clients")
@authenticated
@validate_querystring(ClientQuery)
@responds(clients.ClientOut, many=True)
async def list_clients(query_args: ClientQuery):
    """Clients, newest first; `q` matches the name."""
    flt = clients.ClientFilter(q=query_args.q)
    return page(await clients.list_clients(actor(), flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/clients/<client_id>")
@authenticated
@responds(clients.ClientOut)
async def get_client(client_id: str):
    """One client."""
    return ok(await clients.get_client(actor(), client_id))


@bp.patch("/clients/<client_id>")
@authenticated
@validate_request(clients.ClientUpdate)
@responds(clients.ClientOut)
async def update_client(client_id: str, data: clients.ClientUpdate):
    """Edit a client (admin, recruiter): only the fields sent change."""
    return ok(await clients.update_client(actor(), client_id, data))


@bp.delete("/clients/<client_id>")
@authenticated
@responds(clients.ClientOut)
async def delete_client(client_id: str):
    """Delete a client (admin, recruiter): its vacancies stay, without a client; its feedback goes."""
    return ok(await clients.delete_client(actor(), client_id))


@bp.post("/clients/<client_id>/feedback")
@authenticated
@validate_request(clients.FeedbackCreate)
@responds(clients.FeedbackOut, 201)
async def add_feedback(client_id: str, data: clients.FeedbackCreate):
    """Record a client's feedback on a candidate (decision, rating 1-5, comment); emits
    `client_feedback.received`."""
    return ok(await clients.add_feedback(actor(), client_id, data), 201)


@bp.get("/clients/<client_id>/feedback")
@authenticated
@validate_querystring(FeedbackQuery)
@responds(clients.FeedbackOut, many=True)
async def list_feedback(client_id: str, query_args: FeedbackQuery):
    """A client's feedback, newest first; filter by `candidate_id`."""
    flt = clients.FeedbackFilter(candidate_id=query_args.candidate_id)
    result = await clients.list_feedback(actor(), client_id, flt, query_args.limit, query_args.cursor)
    return page(result, query_args.limit)


# --------------------------------------------------------------------------- shortlists

@bp.post("/vacancies/<vacancy_id>/shortlists")
@authenticated
@validate_request(shortlists.ShortlistCreate)
@responds(shortlists.ShortlistOut, 201)
async def create_shortlist(vacancy_id: str, data: shortlists.ShortlistCreate):
    """Create a shortlist for a vacancy (admin, recruiter)."""
    return ok(await shortlists.create_shortlist(actor(), vacancy_id, data), 201)


@bp.get("/vacancies/<vacancy_id>/shortlists")
@authenticated
@responds(ShortlistList)
async def list_shortlists(vacancy_id: str):
    """The vacancy's shortlists, oldest first, with their sizes."""
    return ok(ShortlistList(shortlists=await shortlists.list_shortlists(actor(), vacancy_id)))


@bp.get("/shortlists/<shortlist_id>")
@authenticated
@responds(shortlists.ShortlistDetail)
async def get_shortlist(shortlist_id: str):
    """A shortlist with its candidates (in the order added), each with its latest evaluation for the vacancy."""
    return ok(await shortlists.get_shortlist(actor(), shortlist_id))


@bp.delete("/shortlists/<shortlist_id>")
@authenticated
@responds(shortlists.ShortlistOut)
async def delete_shortlist(shortlist_id: str):
    """Delete a shortlist (the candidates stay)."""
    return ok(await shortlists.delete_shortlist(actor(), shortlist_id))


@bp.post("/shortlists/<shortlist_id>/candidates")
@authenticated
@validate_request(shortlists.ShortlistAdd)
@responds(shortlists.AddOut)
async def add_to_shortlist(shortlist_id: str, data: shortlists.ShortlistAdd):
    """Add up to 100 candidates (admin, recruiter). Unknown ids answer 404 listing them and nothing
    is added; candidates already listed are reported in `already_listed`."""
    return ok(await shortlists.add_candidates(actor(), shortlist_id, data))


@bp.delete("/shortlists/<shortlist_id>/candidates/<candidate_id>")
@authenticated
@responds(shortlists.ShortlistOut)
async def remove_from_shortlist(shortlist_id: str, candidate_id: str):
    """Take a candidate off a shortlist."""
    return ok(await shortlists.remove_candidate(actor(), shortlist_id, candidate_id))


# --------------------------------------------------------------------------- talent pool

@bp.post("/talent-pool")
@authenticated
@validate_request(talent_pool.PoolSave)
@responds(talent_pool.PoolEntryOut, 201)
async def save_to_pool(data: talent_pool.PoolSave):
    """Save a candidate to the talent pool for a department (201); saving again updates the note (200)."""
    entry, created = await talent_pool.save_to_pool(actor(), data)
    return ok(entry, 201 if created else 200)


@bp.get("/talent-pool")
@authenticated
@validate_querystring(PoolQuery)
@responds(talent_pool.PoolEntryOut, many=True)
async def list_pool(query_args: PoolQuery):
    """Talent-pool entries, newest first; filters `department`, `skill` (any alias), `q`
    (name, headline or note)."""
    flt = talent_pool.PoolFilter.model_validate(query_args.model_dump(exclude={"limit", "cursor"}))
    return page(await talent_pool.list_pool(actor(), flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.delete("/talent-pool/<candidate_id>")
@authenticated
@validate_querystring(PoolRemoveQuery)
@responds(Removed)
async def remove_from_pool(candidate_id: str, query_args: PoolRemoveQuery):
    """Remove a candidate from the talent pool: from `department` only, or from every department."""
    removed = await talent_pool.remove_from_pool(actor(), candidate_id, query_args.department)
    return ok(Removed(candidate_id=candidate_id, removed=removed))


# --------------------------------------------------------------------------- files

@bp.post("/files")
@multipart
@authenticated
@document_request(FileForm, source=DataSource.FORM_MULTIPART)
@responds(files.FileOut, 201, errors=UPLOAD_ERRORS)
async def upload_file():
    """Upload a document (multipart `file`; PDF, DOCX, DOC, ODT, RTF or text sniffed from the
    bytes, 10 MB). The same bytes are stored once per tenant and answer the same id."""
    return ok(await files.upload_file(actor(), await uploaded_file()), 201)


class FileBytes(RootModel[bytes]):
    """The file's bytes, with its own content type."""


@bp.get("/files/<file_id>")
@authenticated
@document_response(FileBytes, 200)
@responds(None)
async def download_file(file_id: str):
    """Download a file of your tenant (admin, recruiter, hiring manager) with its content type."""
    found = await files.download_file(actor(), file_id)
    return Response(found.data, content_type=found.content_type, headers={
        "Content-Disposition": f'attachment; filename="{found.filename}"',
        "X-Content-Type-Options": "nosniff"})


@bp.delete("/files/<file_id>")
@authenticated
@responds(files.FileOut)
async def delete_file(file_id: str):
    """Delete a file (admin, recruiter); 409 while a candidate's CV or a job uses it."""
    return ok(await files.delete_file(actor(), file_id))
