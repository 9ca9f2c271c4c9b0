"""Single-use, expiring tokens for invites, email verification and password reset."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from storage.ids import new_id
from storage.models import OneTimeToken
from storage.scoping import scoped, unscoped
from tools.clock import utcnow
from tools.errors import InvalidInput
from tools.secrets import digest, new_token

LIFETIMES = {
    "invite": timedelta(days=7),
    "verify_email": timedelta(days=7),
    "reset_password": timedelta(hours=1),
}


async def issue(
    tenant_id: str, purpose: str, email: str, *, user_id: str | None = None,
    created_by: str | None = None, payload: dict[str, Any] | None = None,
) -> tuple[str, OneTimeToken]:
    """Store a new token's digest; return the raw token (to be emailed) and the row."""
    raw = new_token()
    row = await OneTimeToken.create(
        id=new_id("tok"), tenant_id=tenant_id, purpose=purpose, token_hash=digest(raw),
        user_id=user_id, email=email, payload=payload or {}, created_by_id=created_by,
        expires_at=utcnow() + LIFETIMES[purpose],
    )
    return raw, row


async def consume(purpose: str, raw: str) -> OneTimeToken:
    """Mark a live token used and return it; unknown, used or expired tokens fail alike.
    The conditional update makes a race between two uses succeed at most once."""
    row = await unscoped(OneTimeToken).get_or_none(token_hash=digest(raw), purpose=purpose)
    now = utcnow()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise InvalidInput("token is invalid, expired or already used", {"token": "invalid"})
    claimed = await scoped(OneTimeToken, row.tenant_id).filter(id=row.id, used_at__isnull=True).update(used_at=now)
    if claimed != 1:
        raise InvalidInput("token is invalid, expired or already used", {"token": "invalid"})
    return row


async def retire_open(tenant_id: str, purpose: str, *, user_id: str | None = None,
                      email: str | None = None) -> None:
    """Invalidate outstanding tokens of one purpose for a user or address."""
    qs = scoped(OneTimeToken, tenant_id).filter(purpose=purpose, used_at__isnull=True)
    if user_id:
        qs = qs.filter(user_id=user_id)
    if email:
        qs = qs.filter(email=email)
    await qs.update(used_at=utcnow())
