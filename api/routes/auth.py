"""/api/v1/auth: signup, login, logout, me, invites, email verification, passwords."""

from __future__ import annotations

from pydantic import BaseModel
from quart import Blueprint, current_app, g, make_response, request
from quart_schema import validate_request

from api.envelope import ok
from api.guard import SESSION_COOKIE, actor, authenticated, client_ip, public, set_session_cookie
from api.routes.common import ERRORS_PUBLIC, responds
from tools import accounts, team
from tools.accounts import MeOut
from tools.schemas import TenantOut, UserOut

bp = Blueprint("auth", __name__, url_prefix="/api/v1/auth")


class SessionOut(BaseModel):
    tenant: TenantOut
    user: UserOut
    csrf_token: str


class Accepted(BaseModel):
    accepted: bool = True


class PasswordChanged(BaseModel):
    sessions_revoked: int


async def _with_session(signed_in: accounts.SignedIn, status: int):
    body = SessionOut(tenant=signed_in.tenant, user=signed_in.user, csrf_token=signed_in.csrf_token)
    response = await make_response(*ok(body, status))
    set_session_cookie(response, signed_in.session_id)
    return response


async def limit_attempts(email: str | None = None) -> None:
    """One sign-in attempt from this IP (and for this email); 429 past the limit."""
    keys = [f"ip:{client_ip()}"] + ([f"email:{email}"] if email else [])
    await current_app.extensions["hirebot.ratelimiter"].hit_auth(*keys)


@bp.post("/signup")
@public
@validate_request(accounts.SignupInput)
@responds(SessionOut, 201, errors=(400, 409, 429))
async def signup(data: accounts.SignupInput):
    """Create a company (tenant) and its first admin; sets the session cookie."""
    await limit_attempts()
    signed_in = await accounts.signup(data, client_ip(), request.headers.get("User-Agent"), g.request_id)
    return await _with_session(signed_in, 201)


@bp.post("/login")
@public
@validate_request(accounts.LoginInput)
@responds(SessionOut, 200, errors=(400, 401, 429))
async def login(data: accounts.LoginInput):
    """Sign in with email and password; sets the session cookie and returns the CSRF token."""
    await limit_attempts(data.email)
    signed_in = await accounts.login(data, client_ip(), request.headers.get("User-Agent"), g.request_id)
    return await _with_session(signed_in, 200)


@bp.post("/logout")
@authenticated
@responds(Accepted)
async def logout():
    """End the current browser session."""
    await accounts.logout(actor())
    response = await make_response(*ok(Accepted()))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@bp.get("/me")
@authenticated
@responds(MeOut)
async def me():
    """Who is calling: the tenant, the role, and the user or API key."""
    return ok(await accounts.me(actor()))


@bp.post("/invites")
@authenticated
@validate_request(team.InviteInput)
@responds(team.InviteOut, 201)
async def invite(data: team.InviteInput):
    """Invite a person by email with a role (admin only). The link is emailed, valid 7 days."""
    return ok(await team.invite(actor(), data), 201)


@bp.post("/accept-invite")
@public
@validate_request(team.AcceptInviteInput)
@responds(SessionOut, 201, errors=(400, 409, 429))
async def accept_invite(data: team.AcceptInviteInput):
    """Join a tenant from an invite token, choosing a password; signs the new user in."""
    await limit_attempts()
    signed_in = await team.accept_invite(data, client_ip(), request.headers.get("User-Agent"), g.request_id)
    return await _with_session(signed_in, 201)


@bp.post("/verify-email")
@public
@validate_request(accounts.TokenInput)
@responds(UserOut, errors=ERRORS_PUBLIC)
async def verify_email(data: accounts.TokenInput):
    """Confirm an email address with the single-use token from the verification email."""
    await limit_attempts()
    return ok(await accounts.verify_email(data, g.request_id))


@bp.post("/resend-verification")
@authenticated
@responds(Accepted, 202)
async def resend_verification():
    """Send the verification email again (no-op when already verified)."""
    await accounts.resend_verification(actor())
    return ok(Accepted(), 202)


@bp.post("/forgot-password")
@public
@validate_request(accounts.ForgotPasswordInput)
@responds(Accepted, 202, errors=ERRORS_PUBLIC)
async def forgot_password(data: accounts.ForgotPasswordInput):
    """Email a one-hour password-reset link. Always 202, whether or not the address exists."""
    await limit_attempts(data.email)
    await accounts.forgot_password(data, g.request_id)
    return ok(Accepted(), 202)


@bp.post("/reset-password")
@public
@validate_request(accounts.ResetPasswordInput)
@responds(Accepted, errors=ERRORS_PUBLIC)
async def reset_password(data: accounts.ResetPasswordInput):
    """Set a new password with a reset token (single use); signs out every session."""
    await limit_attempts()
    await accounts.reset_password(data, g.request_id)
    return ok(Accepted())


@bp.post("/change-password")
@authenticated
@validate_request(accounts.ChangePasswordInput)
@responds(PasswordChanged)
async def change_password(data: accounts.ChangePasswordInput):
    """Change your password; your other sessions are signed out."""
    return ok(PasswordChanged(sessions_revoked=await accounts.change_password(actor(), data)))
