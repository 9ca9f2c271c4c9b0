"""Authentication, CSRF, rate limiting and idempotency for ``/api/v1`` routes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from quart import Response, current_app, g, request
from quart_schema import security_scheme

from storage import idempotency
from tools.actor import Actor, Authenticated
from tools.api_keys import authenticate_key
from tools.errors import Conflict, Forbidden, InvalidInput, RateLimited, Unauthenticated
from tools.secrets import same
from tools.sessions import resolve_session

SESSION_COOKIE = "hirebot_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
AUTH_SCHEMES = [{"bearerAuth": []}, {"apiKeyHeader": []}, {"sessionCookie": []}]
SECRET_FIELDS = frozenset({"token", "secret", "csrf_token"})


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hirebot-session")


def sign_session(session_id: str) -> str:
    return _serializer().dumps(session_id)


def _unsign_session(value: str) -> str | None:
    max_age = current_app.config["SESSION_DAYS"] * 86400
    try:
        return _serializer().loads(value, max_age=max_age)
    except BadSignature:
        return None


def _presented_key() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("X-API-Key")


def set_session_cookie(response: Response, session_id: str) -> None:
    """The signed, HttpOnly, SameSite=Lax session cookie (Secure as configured)."""
    response.set_cookie(
        SESSION_COOKIE, sign_session(session_id), max_age=current_app.config["SESSION_DAYS"] * 86400,
        httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], path="/")


async def browser_session() -> Authenticated | None:
    """The signed-in browser user behind the session cookie, or None (no CSRF check: reads only)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    session_id = _unsign_session(cookie) if cookie else None
    return await resolve_session(session_id, g.request_id) if session_id else None


async def authenticate() -> Authenticated:
    """The caller: an API key header wins; otherwise the session cookie (+CSRF)."""
    key = _presented_key()
    if key is not None:
        found = await authenticate_key(key, g.request_id)
        if found is None:
            raise Unauthenticated("API key is invalid or revoked")
        return found
    found = await browser_session()
    if found is None:
        raise Unauthenticated("sign in or send an API key (Authorization: Bearer hb_live_…)")
    if request.method in UNSAFE:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same(sent, found.csrf_token):
            raise Forbidden(f"missing or invalid {CSRF_HEADER} header")
    return found


async def _limit(found: Authenticated) -> None:
    actor = found.actor
    quota = await current_app.extensions["hirebot.ratelimiter"].hit_principal(
        actor.principal_id, found.tenant.rate_limit_per_minute)
    g.rate_headers = quota.headers()
    if quota.retry_after:
        raise RateLimited(f"rate limit of {quota.limit} requests per minute exceeded", quota.retry_after)


def _redact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (None if k in SECRET_FIELDS else _redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v) for v in value]
    return value


async def _claim_idempotency(actor: Actor) -> Response | None:
    key = request.headers.get("Idempotency-Key")
    if key is None or request.method != "POST":
        return None
    if not 1 <= len(key) <= 255:
        raise InvalidInput("Idempotency-Key must be 1-255 characters", {"header": "Idempotency-Key"})
    body = await request.get_data()
    fingerprint = hashlib.sha256(f"{request.method} {request.path}\n".encode() + body).hexdigest()
    # user and key ids are globally unique (and belong to one tenant), so the principal alone
    # scopes the key; "<tenant>:<principal>" (61 chars) overflowed the 60-char scope column
    claim = await idempotency.claim(actor.principal_id, key, fingerprint)
    if claim.state == "mismatch":
        raise Conflict("Idempotency-Key was already used with a different request",
                       {"header": "Idempotency-Key"})
    if claim.state == "in_progress":
        raise Conflict("a request with this Idempotency-Key is still in progress",
                       {"header": "Idempotency-Key"})
    if claim.state == "replay":
        response = Response(claim.body, status=claim.status_code, content_type="application/json")
        response.headers["Idempotent-Replayed"] = "true"
        return response
    g.idempotency_record = claim.record_id
    return None


async def finish_idempotency(response: Response) -> None:
    """Store the first response (secrets redacted) or release the key on a server error."""
    record_id = getattr(g, "idempotency_record", None)
    if record_id is None:
        return
    g.idempotency_record = None
    if response.status_code >= 500 or response.status_code == 429:
        await idempotency.release(record_id)
        return
    raw = await response.get_data()
    try:
        body = json.dumps(_redact(json.loads(raw)))
    except ValueError:
        body = raw.decode(errors="replace")
    await idempotency.complete(record_id, response.status_code, body)


def authenticated(func: Callable) -> Callable:
    """Route decorator: resolve the actor (``g.actor``), enforce CSRF, rate limit and
    idempotency, and document the accepted security schemes."""

    @wraps(func)
    async def wrapper(*args, **kwargs):
        found = await authenticate()
        g.actor = found.actor
        await _limit(found)
        replay = await _claim_idempotency(g.actor)
        if replay is not None:
            return replay
        return await func(*args, **kwargs)

    return security_scheme(AUTH_SCHEMES)(wrapper)


def public(func: Callable) -> Callable:
    """Route decorator for endpoints that need no credentials."""
    return security_scheme([])(func)


def actor() -> Actor:
    return g.actor


def client_ip() -> str:
    return request.remote_addr or "unknown"
