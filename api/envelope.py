"""The response envelope of SPEC §3, and its OpenAPI models."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from quart import g

from tools.pagination import Page

T = TypeVar("T")
API_VERSION = "v1"


class Meta(BaseModel):
    request_id: str
    api_version: str = API_VERSION


class ListMeta(Meta):
    limit: int
    next_cursor: str | None
    total: int | None = None


class Envelope(BaseModel, Generic[T]):
    """Success envelope."""

    data: T
    meta: Meta


class ListEnvelope(BaseModel, Generic[T]):
    """Success envelope of a paginated list."""

    data: list[T]
    meta: ListMeta


class ErrorBody(BaseModel):
    code: str
    message: str
    details: Any = None
    request_id: str


class ErrorEnvelope(BaseModel):
    """Error envelope (every non-2xx answer)."""

    error: ErrorBody


def request_id() -> str:
    return getattr(g, "request_id", "-")


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_dump(item) for item in value]
    return value


def ok(data: Any, status: int = 200, **meta: Any) -> tuple[dict, int]:
    return {"data": _dump(data), "meta": {"request_id": request_id(), "api_version": API_VERSION, **meta}}, status


def page(result: Page, limit: int) -> tuple[dict, int]:
    return {
        "data": [_dump(item) for item in result.items],
        "meta": {"request_id": request_id(), "api_version": API_VERSION, "limit": limit,
                 "next_cursor": result.next_cursor, "total": result.total},
    }, 200


def error(status: int, code: str, message: str, details: Any = None) -> tuple[dict, int]:
    return {"error": {"code": code, "message": message, "details": details,
                      "request_id": request_id()}}, status
