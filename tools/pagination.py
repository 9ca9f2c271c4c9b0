"""Keyset pagination with opaque cursors, newest first."""

from __future__ import annotations

import base64
import json
from typing import Generic, TypeVar

from pydantic import BaseModel
from tortoise.queryset import QuerySet

from tools.errors import InvalidInput

T = TypeVar("T", bound=BaseModel)

DEFAULT_LIMIT, MAX_LIMIT = 25, 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None
    total: int | None = None


def encode_cursor(value: str | int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"k": value}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> str | int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))["k"]
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("cursor is not valid", {"cursor": cursor}) from exc
    if not isinstance(value, (str, int)):
        raise InvalidInput("cursor is not valid", {"cursor": cursor})
    return value


async def paginate(
    qs: QuerySet, out: type[T], limit: int, cursor: str | None, key: str = "id"
) -> Page[T]:
    """One page of ``qs`` ordered by ``key`` descending, plus the total count."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}", {"limit": limit})
    total = await qs.count()
    page_qs = qs
    if cursor:
        page_qs = page_qs.filter(**{f"{key}__lt": decode_cursor(cursor)})
    rows = await page_qs.order_by(f"-{key}").limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [out.model_validate(r, from_attributes=True) for r in rows]
    next_cursor = encode_cursor(getattr(rows[-1], key)) if more and rows else None
    return Page[out](items=items, next_cursor=next_cursor, total=total)
