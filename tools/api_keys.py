"""API keys: created by admins, shown once, stored as a digest, revocable."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import ApiKey
from storage.scoping import scoped, unscoped
from tools import audit
from tools.actor import Actor, Authenticated
from tools.clock import utcnow
from tools.errors import NotFound
from tools.pagination import Page, paginate
from tools.policy import require
from tools.schemas import Role
from tools.secrets import digest, new_token

TOKEN_PREFIX = "hb_live_"
DISPLAY_PREFIX_LEN = 12
LAST_USED_RESOLUTION = timedelta(seconds=60)


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Role


class ApiKeyOut(BaseModel):
    id: str
    name: str
    role: Role
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    token: str = Field(description="The raw key. Shown only in this response; store it now.")


async def create_key(actor: Actor, data: ApiKeyCreate) -> ApiKeyCreated:
    require(actor, "api_keys.manage")
    raw = new_token(TOKEN_PREFIX)
    async with in_transaction():
        row = await ApiKey.create(id=new_id("key"), tenant_id=actor.tenant_id, name=data.name,
                                  role=data.role, prefix=raw[:DISPLAY_PREFIX_LEN],
                                  token_hash=digest(raw), created_by_id=actor.principal_id)
        await audit.record(actor, "api_key.created", "api_key", row.id, {"name": data.name, "role": data.role})
    return ApiKeyCreated(**ApiKeyOut.model_validate(row, from_attributes=True).model_dump(), token=raw)


async def list_keys(actor: Actor, limit: int, cursor: str | None) -> Page[ApiKeyOut]:
    require(actor, "api_keys.manage")
    return await paginate(scoped(ApiKey, actor.tenant_id), ApiKeyOut, limit, cursor)


async def revoke_key(actor: Actor, key_id: str) -> ApiKeyOut:
    """Revoke a key at once; the row stays for the audit trail."""
    require(actor, "api_keys.manage")
    async with in_transaction():
        row = await scoped(ApiKey, actor.tenant_id).get_or_none(id=key_id)
        if row is None:
            raise NotFound("API key not found", {"id": key_id})
        if row.revoked_at is None:
            row.revoked_at = utcnow()
            await row.save(update_fields=["revoked_at"])
            await audit.record(actor, "api_key.revoked", "api_key", row.id)
    return ApiKeyOut.model_validate(row, from_attributes=True)


async def authenticate_key(raw: str, request_id: str | None) -> Authenticated | None:
    """The actor for a live key, or None; notes ``last_used_at`` once a minute at most."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    row = await unscoped(ApiKey).select_related("tenant").get_or_none(token_hash=digest(raw))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        await scoped(ApiKey, row.tenant_id).filter(id=row.id).update(last_used_at=now)
    return Authenticated(Actor(tenant_id=row.tenant_id, role=row.role, api_key_id=row.id,
                               request_id=request_id), row.tenant)
