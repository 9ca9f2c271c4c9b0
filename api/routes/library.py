"""/api/v1/library: saved AI artifacts."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import library

bp = Blueprint("library", __name__, url_prefix="/api/v1/library")


class LibraryQuery(ListQuery, library.LibraryFilter):
    pass


@bp.post("")
@authenticated
@validate_request(library.LibrarySave)
@responds(library.LibraryItemOut, 201)
async def save_item(data: library.LibrarySave):
    """Save an artifact (a job description, outreach, interview questions, an offer letter…):
    `kind`, `title`, the structured `content` as a drafting endpoint returned it, a readable `text`."""
    return ok(await library.save_item(actor(), data), 201)


@bp.get("")
@authenticated
@validate_querystring(LibraryQuery)
@responds(library.LibraryItemOut, many=True)
async def list_items(query_args: LibraryQuery):
    """Saved artifacts, newest first; filter by kind, q (title and text), vacancy_id, candidate_id."""
    flt = library.LibraryFilter.model_validate(query_args.model_dump(exclude={"limit", "cursor"}))
    return page(await library.list_items(actor(), flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/<item_id>")
@authenticated
@responds(library.LibraryItemOut)
async def get_item(item_id: str):
    """One saved artifact."""
    return ok(await library.get_item(actor(), item_id))


@bp.delete("/<item_id>")
@authenticated
@responds(library.LibraryItemOut)
async def delete_item(item_id: str):
    """Delete a saved artifact (its author or an admin); returns what was deleted."""
    return ok(await library.delete_item(actor(), item_id))
