"""Sign-up, sign-in, invites, email verification and password reset as plain HTML forms."""

from __future__ import annotations

from pydantic import ValidationError
from quart import g, redirect, request

from api.guard import SESSION_COOKIE, browser_session, client_ip, set_session_cookie
from api.routes.auth import limit_attempts
from api.web.common import page, readable, render, safe_next, web_blueprint
from api.web.security import FORM_FIELD, check_form_token
from tools import accounts, team
from tools.errors import DomainError

bp = web_blueprint("web_auth")


async def _form() -> dict[str, str]:
    """The posted form after the CSRF check, with the token removed."""
    form = (await request.form).to_dict()
    check_form_token(form.pop(FORM_FIELD, None))
    return form


async def _signed_in_response(session_id: str, target: str):
    response = redirect(target, 303)
    set_session_cookie(response, session_id)
    return response


async def _failed(template: str, exc: Exception, form: dict[str, str], **context):
    status = getattr(exc, "status", 400)
    form.pop("password", None)
    return await render(template, error=readable(exc), form=form, **context), status


@bp.route("/", methods=["GET"])
@page
async def home():
    """The web app for a signed-in browser, else the sign-in page."""
    return redirect("/app" if await browser_session() else "/login")


@bp.route("/login", methods=["GET", "POST"])
@page
async def login():
    target = safe_next(request.args.get("next"))
    if request.method == "GET":
        return await render("web/login.html", form={}, next=target)
    form = await _form()
    try:
        await limit_attempts(form.get("email"))
        signed = await accounts.login(accounts.LoginInput.model_validate(form), client_ip(),
                                      request.headers.get("User-Agent"), g.request_id)
    except (DomainError, ValidationError) as exc:
        return await _failed("web/login.html", exc, form, next=target)
    return await _signed_in_response(signed.session_id, target)


@bp.route("/signup", methods=["GET", "POST"])
@page
async def signup():
    if request.method == "GET":
        return await render("web/signup.html", form={})
    form = await _form()
    try:
        await limit_attempts()
        signed = await accounts.signup(accounts.SignupInput.model_validate(form), client_ip(),
                                       request.headers.get("User-Agent"), g.request_id)
    except (DomainError, ValidationError) as exc:
        return await _failed("web/signup.html", exc, form)
    return await _signed_in_response(signed.session_id, "/app")


@bp.route("/accept-invite", methods=["GET", "POST"])
@page
async def accept_invite():
    if request.method == "GET":
        return await render("web/accept_invite.html", form={"token": request.args.get("token", "")})
    form = await _form()
    try:
        await limit_attempts()
        signed = await team.accept_invite(team.AcceptInviteInput.model_validate(form), client_ip(),
                                          request.headers.get("User-Agent"), g.request_id)
    except (DomainError, ValidationError) as exc:
        return await _failed("web/accept_invite.html", exc, form)
    return await _signed_in_response(signed.session_id, "/app")


@bp.route("/verify-email", methods=["GET", "POST"])
@page
async def verify_email():
    if request.method == "GET":
        return await render("web/verify_email.html", form={"token": request.args.get("token", "")})
    form = await _form()
    try:
        await limit_attempts()
        await accounts.verify_email(accounts.TokenInput.model_validate(form), g.request_id)
    except (DomainError, ValidationError) as exc:
        return await _failed("web/verify_email.html", exc, form)
    return await render("web/message.html", title="Email confirmed",
                        text="Your email address is confirmed.", link="/app")


@bp.route("/forgot-password", methods=["GET", "POST"])
@page
async def forgot_password():
    if request.method == "GET":
        return await render("web/forgot_password.html", form={})
    form = await _form()
    try:
        await limit_attempts(form.get("email"))
        await accounts.forgot_password(accounts.ForgotPasswordInput.model_validate(form), g.request_id)
    except (DomainError, ValidationError) as exc:
        return await _failed("web/forgot_password.html", exc, form)
    return await render("web/message.html", title="Check your email",
                        text="If an account uses this address, a reset link valid for one hour is on its way.",
                        link="/login")


@bp.route("/reset-password", methods=["GET", "POST"])
@page
async def reset_password():
    if request.method == "GET":
        return await render("web/reset_password.html", form={"token": request.args.get("token", "")})
    form = await _form()
    try:
        await limit_attempts()
        await accounts.reset_password(accounts.ResetPasswordInput.model_validate(form), g.request_id)
    except (DomainError, ValidationError) as exc:
        return await _failed("web/reset_password.html", exc, form)
    return await render("web/message.html", title="Password changed",
                        text="Your password is changed and every session was signed out.", link="/login")


@bp.route("/logout", methods=["POST"])
@page
async def logout():
    await _form()
    found = await browser_session()
    if found is not None:
        await accounts.logout(found.actor)
    response = redirect("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
