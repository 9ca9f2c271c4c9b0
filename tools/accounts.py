"""Accounts: signup, login, logout, me, email verification, password change and reset."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import ApiKey, Tenant, User
from storage.scoping import scoped, unscoped
from tools import audit, one_time_tokens, sessions
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from tools.passwords import check_password, hash_password
from tools.runtime import runtime
from tools.schemas import Email, NewPassword, TenantOut, UserOut, normalise_email


class SignupInput(BaseModel):
    company_name: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=200)
    email: Email
    password: NewPassword


class LoginInput(BaseModel):
    email: Email
    password: str = Field(min_length=1, max_length=256)


class ChangePasswordInput(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: NewPassword


class TokenInput(BaseModel):
    token: str = Field(min_length=10, max_length=200)


class ResetPasswordInput(TokenInput):
    password: NewPassword


class ForgotPasswordInput(BaseModel):
    email: Email


class SignedIn(BaseModel):
    """A new browser session for a user (the API layer turns it into a cookie)."""

    tenant: TenantOut
    user: UserOut
    session_id: str
    csrf_token: str


class ApiKeyIdentity(BaseModel):
    id: str
    name: str
    role: str
    prefix: str


class MeOut(BaseModel):
    tenant: TenantOut
    role: str
    user: UserOut | None
    api_key: ApiKeyIdentity | None


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60] or "company"


async def _free_slug(base: str) -> str:
    slug, n = base, 1
    while await Tenant.exists(slug=slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


async def open_session(user: User, ip: str | None, ua: str | None) -> SignedIn:
    session = await sessions.create_session(user, ip, ua)
    tenant = await Tenant.get(id=user.tenant_id)
    return SignedIn(tenant=TenantOut.of(tenant),
                    user=UserOut.model_validate(user), session_id=session.id, csrf_token=session.csrf_token)


async def send_verification(user: User) -> None:
    raw, _ = await one_time_tokens.issue(user.tenant_id, "verify_email", user.email, user_id=user.id)
    link = f"{runtime().settings.base_url}/verify-email?token={raw}"
    await runtime().mailer.send(
        user.email, "Confirm your email for Hirebot",
        f"Hello {user.name},\n\nConfirm your address: {link}\n\nToken: {raw}\n")


async def signup(data: SignupInput, ip: str | None = None, ua: str | None = None,
                 request_id: str | None = None) -> SignedIn:
    """Create a tenant and its first admin, and sign the admin in."""
    if await unscoped(User).filter(email=data.email).exists():
        raise Conflict("an account with this email already exists", {"email": data.email})
    password_hash = await hash_password(data.password)
    try:
        async with in_transaction():
            tenant = await Tenant.create(
                id=new_id("ten"), name=data.company_name.strip(),
                slug=await _free_slug(slugify(data.company_name)),
                rate_limit_per_minute=runtime().settings.default_rate_limit_per_minute)
            user = await User.create(id=new_id("usr"), tenant_id=tenant.id, email=data.email,
                                     name=data.name.strip(), role="admin", password_hash=password_hash)
            actor = Actor(tenant_id=tenant.id, role="admin", user_id=user.id, request_id=request_id)
            await audit.record(actor, "tenant.created", "tenant", tenant.id, {"name": tenant.name})
            await audit.record(actor, "user.signed_up", "user", user.id, {"email": user.email})
            signed_in = await open_session(user, ip, ua)
    except IntegrityError as exc:
        raise Conflict("an account with this email already exists", {"email": data.email}) from exc
    await send_verification(user)
    return signed_in


async def login(data: LoginInput, ip: str | None = None, ua: str | None = None,
                request_id: str | None = None) -> SignedIn:
    user = await unscoped(User).get_or_none(email=data.email)
    ok = await check_password(user.password_hash if user else None, data.password)
    if not ok or user is None or not user.is_active:
        raise Unauthenticated("invalid email or password")
    async with in_transaction():
        signed_in = await open_session(user, ip, ua)
        actor = Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id, request_id=request_id)
        await audit.record(actor, "user.logged_in", "user", user.id, {"ip": ip})
    return signed_in


async def operator_actor(email: str) -> Actor:
    """An active user's actor for a local operator who holds the database (``hirebot chat``)."""
    user = await unscoped(User).get_or_none(email=normalise_email(email))
    if user is None or not user.is_active:
        raise NotFound("no active user with this email", {"email": email})
    return Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id)


async def logout(actor: Actor) -> None:
    async with in_transaction():
        await sessions.revoke_session(actor)
        if actor.session_id:
            await audit.record(actor, "user.logged_out", "user", actor.user_id)


async def me(actor: Actor) -> MeOut:
    tenant = await Tenant.get(id=actor.tenant_id)
    user = key = None
    if actor.user_id:
        user = UserOut.model_validate(await scoped(User, actor.tenant_id).get(id=actor.user_id))
    if actor.api_key_id:
        row = await scoped(ApiKey, actor.tenant_id).get(id=actor.api_key_id)
        key = ApiKeyIdentity(id=row.id, name=row.name, role=row.role, prefix=row.prefix)
    return MeOut(tenant=TenantOut.of(tenant), role=actor.role,
                 user=user, api_key=key)


async def _current_user(actor: Actor) -> User:
    if not actor.user_id:
        raise InvalidInput("this operation needs a signed-in user, not an API key")
    user = await scoped(User, actor.tenant_id).get_or_none(id=actor.user_id)
    if user is None:
        raise NotFound("user not found")
    return user


async def change_password(actor: Actor, data: ChangePasswordInput) -> int:
    """Set a new password and revoke the user's other sessions; returns how many."""
    user = await _current_user(actor)
    if not await check_password(user.password_hash, data.current_password):
        raise InvalidInput("current password is wrong", {"current_password": "mismatch"})
    new_hash = await hash_password(data.new_password)
    async with in_transaction():
        await scoped(User, actor.tenant_id).filter(id=user.id).update(password_hash=new_hash)
        revoked = await sessions.revoke_user_sessions(actor.tenant_id, user.id, keep=actor.session_id)
        await one_time_tokens.retire_open(actor.tenant_id, "reset_password", user_id=user.id)
        await audit.record(actor, "user.password_changed", "user", user.id, {"sessions_revoked": revoked})
    return revoked


async def resend_verification(actor: Actor) -> None:
    user = await _current_user(actor)
    if user.email_verified_at is None:
        await send_verification(user)


async def verify_email(data: TokenInput, request_id: str | None = None) -> UserOut:
    token = await one_time_tokens.consume("verify_email", data.token)
    async with in_transaction():
        users = scoped(User, token.tenant_id).filter(id=token.user_id, email=token.email)
        if await users.update(email_verified_at=utcnow()) != 1:
            raise InvalidInput("token is invalid, expired or already used", {"token": "invalid"})
        user = await users.get()
        actor = Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id, request_id=request_id)
        await audit.record(actor, "user.email_verified", "user", user.id)
    return UserOut.model_validate(user)


async def forgot_password(data: ForgotPasswordInput, request_id: str | None = None) -> None:
    """Email a reset link if the address belongs to an active user; silent otherwise."""
    user = await unscoped(User).get_or_none(email=data.email)
    if user is None or not user.is_active:
        return
    async with in_transaction():
        await one_time_tokens.retire_open(user.tenant_id, "reset_password", user_id=user.id)
        raw, _ = await one_time_tokens.issue(user.tenant_id, "reset_password", user.email, user_id=user.id)
        actor = Actor.system(user.tenant_id, request_id)
        await audit.record(actor, "user.password_reset_requested", "user", user.id)
    link = f"{runtime().settings.base_url}/reset-password?token={raw}"
    await runtime().mailer.send(
        user.email, "Reset your Hirebot password",
        f"Hello {user.name},\n\nReset your password within one hour: {link}\n\nToken: {raw}\n"
        "If you did not ask for this, ignore this email.\n")


async def reset_password(data: ResetPasswordInput, request_id: str | None = None) -> None:
    """Set a new password from a single-use token; every session of the user is revoked."""
    new_hash = await hash_password(data.password)
    token = await one_time_tokens.consume("reset_password", data.token)
    async with in_transaction():
        user = await scoped(User, token.tenant_id).get_or_none(id=token.user_id)
        if user is None or not user.is_active:
            raise InvalidInput("token is invalid, expired or already used", {"token": "invalid"})
        await scoped(User, user.tenant_id).filter(id=user.id).update(password_hash=new_hash)
        revoked = await sessions.revoke_user_sessions(user.tenant_id, user.id)
        actor = Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id, request_id=request_id)
        await audit.record(actor, "user.password_reset", "user", user.id, {"sessions_revoked": revoked})
