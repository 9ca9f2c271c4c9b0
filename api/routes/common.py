"""Pieces shared by the route modules: list query parameters, response docs, uploads."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field
from quart import request
from quart_schema import document_response

from api.envelope import Envelope, ErrorEnvelope, ListEnvelope
from tools.errors import InvalidInput
from tools.ingest import IncomingFile


class ListQuery(BaseModel):
    limit: int = Field(default=25, ge=1, le=100, description="Page size (1-100)")
    cursor: str | None = Field(default=None, max_length=200, description="Opaque cursor from meta.next_cursor")


ERRORS_PUBLIC = (400, 429)
ERRORS_AUTH = (400, 401, 403, 404, 409, 429)


def responds(model: type | None, status: int = 200, *, many: bool = False,
             errors: tuple[int, ...] = ERRORS_AUTH) -> Callable:
    """Document the success envelope and the error envelope for a route."""

    def decorator(func: Callable) -> Callable:
        if model is not None:
            func = document_response(ListEnvelope[model] if many else Envelope[model], status)(func)
        for code in errors:
            func = document_response(ErrorEnvelope, code)(func)
        return func

    return decorator


class Empty(BaseModel):
    """No content."""


def multipart(func: Callable) -> Callable:
    """Mark a route as accepting multipart/form-data bodies."""
    func.accepts_multipart = True
    return func


async def uploaded_files() -> list[IncomingFile]:
    """The files of a multipart request, sent as ``files[]`` (or ``files``)."""
    files = await request.files
    return [IncomingFile(f.filename, f.read()) for key in ("files[]", "files") for f in files.getlist(key)]


async def uploaded_file() -> IncomingFile:
    """The one file of a multipart request, sent as ``file``."""
    found = (await request.files).getlist("file")
    if len(found) != 1:
        raise InvalidInput("send exactly one file as the multipart field 'file'", {"files": len(found)})
    return IncomingFile(found[0].filename, found[0].read())
