"""Shared pieces of the web pages: the signed-in user, page rendering, readable errors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from urllib.parse import quote

from pydantic import ValidationError
from quart import Blueprint, g, redirect, render_template, request
from quart_schema import hide

from api.guard import browser_session
from api.web import security
from tools import accounts
from tools.actor import Actor
from tools.errors import DomainError

TEMPLATES = str(Path(__file__).parents[1] / "templates")


def web_blueprint(name: str) -> Blueprint:
    """A blueprint for HTML pages: shared templates, security headers, form CSRF tokens."""
    bp = Blueprint(name, __name__, template_folder=TEMPLATES)
    security.install(bp)
    bp.register_error_handler(DomainError, _error_page)
    return bp


async def _error_page(exc: DomainError):
    return await render("web/message.html", title="Something went wrong", text=exc.message,
                        link="/app" if g.get("me") else "/login"), exc.status


def page(func: Callable) -> Callable:
    """An HTML page left out of the OpenAPI document."""
    return hide(func)


def signed_in(func: Callable) -> Callable:
    """Page decorator: the session's user as ``g.actor`` and ``g.me``; anonymous → /login."""

    @wraps(func)
    async def wrapper(*args, **kwargs):
        found = await browser_session()
        if found is None:
            return redirect(f"/login?next={quote(request.full_path.rstrip('?'), safe='/')}")
        g.actor, g.csrf = found.actor, found.csrf_token
        g.me = await accounts.me(found.actor)
        return await func(*args, **kwargs)

    return hide(wrapper)


def actor() -> Actor:
    return g.actor


async def render(template: str, **context) -> str:
    """Render a page with the signed-in user (if any) and its API CSRF token."""
    return await render_template(template, me=g.get("me"), csrf=g.get("csrf"), **context)


def readable(exc: Exception) -> str:
    """A message for a person: a domain error's text, or which fields a form got wrong."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors(include_url=False):
            field = ".".join(str(p) for p in err["loc"]) or "form"
            parts.append(f"{field.replace('_', ' ')}: {err['msg'].removeprefix('Value error, ')}")
        return "; ".join(parts)
    return getattr(exc, "message", str(exc))


def safe_next(target: str | None) -> str:
    """Only same-site app paths are followed after sign-in."""
    return target if target and target.startswith("/app") and "//" not in target else "/app"
