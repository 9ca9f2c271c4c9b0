"""Tool results as compact dicts: ``{"ok": True, ...}``, or a domain refusal the model can explain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, ParamSpec

from tools.drafting.runner import as_data
from tools.errors import DomainError

P = ParamSpec("P")


def guarded(func: Callable[P, Awaitable[dict]]) -> Callable[P, Awaitable[dict]]:
    """Turn a domain error (403, 404, 409, ambiguity…) into ``{"ok": False, "error": …}`` so the
    agent answers with the refusal instead of failing the run."""

    @wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> dict:
        try:
            return {"ok": True, **await func(*args, **kwargs)}
        except DomainError as exc:
            return {"ok": False, "error": {"code": exc.code, "message": exc.message, "details": exc.details}}

    return wrapper


def data(text: str | None, limit: int = 2000) -> str:
    """Candidate-written text inside a tool result: delimited, never instructions."""
    return f"<data>{as_data((text or '')[:limit])}</data>"


def people(rows: list[Any], *fields: str) -> list[dict]:
    return [{f: getattr(r, f) for f in fields} for r in rows]
