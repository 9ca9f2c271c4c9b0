"""Browser hardening for the web pages: security headers and CSRF tokens for HTML forms."""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from quart import Blueprint, Response, current_app, g, request

from tools.errors import Forbidden
from tools.secrets import same

FORM_COOKIE = "hirebot_form"
FORM_FIELD = "csrf_token"
FORM_MAX_AGE = 4 * 3600
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin"}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="hirebot-form")


def form_token() -> str:
    """A signed token for a hidden form field, bound to this browser's form cookie."""
    if "form_nonce" not in g:
        g.form_nonce = request.cookies.get(FORM_COOKIE) or secrets.token_urlsafe(24)
    return _serializer().dumps(g.form_nonce)


def check_form_token(sent: str | None) -> None:
    """Refuse a form post whose token is missing, expired, or made for another browser."""
    nonce = request.cookies.get(FORM_COOKIE)
    try:
        signed = _serializer().loads(sent or "", max_age=FORM_MAX_AGE)
    except BadSignature:
        signed = None
    if not nonce or not signed or not same(signed, nonce):
        raise Forbidden("this form has expired or was not sent from this site; reload the page and try again")


async def _harden(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    nonce = g.get("form_nonce")
    if nonce and request.cookies.get(FORM_COOKIE) != nonce:
        response.set_cookie(FORM_COOKIE, nonce, httponly=True, samesite="Strict", path="/",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def install(bp: Blueprint) -> None:
    """Add the security headers (and the form cookie when a token was issued) to ``bp``'s responses."""
    bp.after_request(_harden)
    bp.context_processor(lambda: {"form_token": form_token})
