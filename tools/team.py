"""Team: invites, accepting them, listing members, changing roles, tenant settings."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import Tenant, User
from storage.scoping import scoped, unscoped
from tools import audit, one_time_tokens
from tools.accounts import SignedIn, open_session
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Conflict, NotFound
from tools.pagination import Page, paginate
from tools.passwords import hash_password
from tools.policy import require
from tools.runtime import runtime
from tools.schemas import Email, NewPassword, Role, TenantOut, UserOut


class InviteInput(BaseModel):
    email: Email
    name: str = Field(min_length=1, max_length=200)
    role: Role


class InviteOut(BaseModel):
    id: str
    email: str
    name: str
    role: Role
    expires_at: datetime


class AcceptInviteInput(BaseModel):
    token: str = Field(min_length=10, max_length=200)
    password: NewPassword


class RoleChange(BaseModel):
    role: Role


class TenantUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    rate_limit_per_minute: int | None = Field(default=None, ge=1, le=100_000)
    monthly_budget_usd: float | None = Field(default=None, ge=0, le=1_000_000)
    blind_screening: bool | None = Field(default=None, description="withhold identity cues when screening")


async def invite(actor: Actor, data: InviteInput) -> InviteOut:
    """Email a 7-day invitation to join the tenant with a role (admin only)."""
    require(actor, "team.manage")
    if await unscoped(User).filter(email=data.email).exists():
        raise Conflict("a user with this email already exists", {"email": data.email})
    tenant = await Tenant.get(id=actor.tenant_id)
    async with in_transaction():
        await one_time_tokens.retire_open(actor.tenant_id, "invite", email=data.email)
        raw, row = await one_time_tokens.issue(
            actor.tenant_id, "invite", data.email, created_by=actor.principal_id,
            payload={"name": data.name, "role": data.role})
        await audit.record(actor, "user.invited", "invite", row.id, {"email": data.email, "role": data.role})
    link = f"{runtime().settings.base_url}/accept-invite?token={raw}"
    await runtime().mailer.send(
        data.email, f"You are invited to {tenant.name} on Hirebot",
        f"Hello {data.name},\n\nYou were invited to join {tenant.name} as {data.role}.\n"
        f"Accept within 7 days: {link}\n\nToken: {raw}\n")
    return InviteOut(id=row.id, email=data.email, name=data.name, role=data.role,
                     expires_at=row.expires_at)


async def accept_invite(data: AcceptInviteInput, ip: str | None = None, ua: str | None = None,
                        request_id: str | None = None) -> SignedIn:
    """Create the invited user (email counts as verified) and sign them in."""
    password_hash = await hash_password(data.password)
    token = await one_time_tokens.consume("invite", data.token)
    try:
        async with in_transaction():
            user = await User.create(
                id=new_id("usr"), tenant_id=token.tenant_id, email=token.email,
                name=token.payload["name"], role=token.payload["role"],
                password_hash=password_hash, email_verified_at=utcnow())
            actor = Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id, request_id=request_id)
            await audit.record(actor, "user.joined", "user", user.id, {"invite_id": token.id})
            return await open_session(user, ip, ua)
    except IntegrityError as exc:
        raise Conflict("a user with this email already exists", {"email": token.email}) from exc


async def list_members(actor: Actor, limit: int, cursor: str | None) -> Page[UserOut]:
    require(actor, "team.read")
    page = await paginate(scoped(User, actor.tenant_id), UserOut, limit, cursor)
    return page


async def change_role(actor: Actor, user_id: str, data: RoleChange) -> UserOut:
    """Change a member's role; the last admin cannot be demoted."""
    require(actor, "team.manage")
    async with in_transaction():
        await Tenant.filter(id=actor.tenant_id).select_for_update().get()
        user = await scoped(User, actor.tenant_id).get_or_none(id=user_id)
        if user is None:
            raise NotFound("user not found", {"user_id": user_id})
        if user.role == "admin" and data.role != "admin":
            admins = await scoped(User, actor.tenant_id).filter(role="admin", is_active=True).count()
            if admins <= 1:
                raise Conflict("a tenant needs at least one admin", {"user_id": user_id})
        old = user.role
        user.role = data.role
        await user.save(update_fields=["role", "updated_at"])
        await audit.record(actor, "user.role_changed", "user", user.id, {"from": old, "to": data.role})
    return UserOut.model_validate(user)


async def get_tenant(actor: Actor) -> TenantOut:
    require(actor, "tenant.read")
    return TenantOut.of(await Tenant.get(id=actor.tenant_id))


async def update_tenant(actor: Actor, data: TenantUpdate) -> TenantOut:
    require(actor, "tenant.update")
    changes = data.model_dump(exclude_none=True)
    async with in_transaction():
        if "blind_screening" in changes:
            row = await Tenant.filter(id=actor.tenant_id).select_for_update().get()
            changes["settings"] = {**(row.settings or {}), "blind_screening": changes.pop("blind_screening")}
        if changes:
            await Tenant.filter(id=actor.tenant_id).update(**changes)
            await audit.record(actor, "tenant.updated", "tenant", actor.tenant_id,
                               {k: str(v) for k, v in changes.items()})
    return await get_tenant(actor)
