"""Server-side browser sessions: create, resolve, revoke."""

from __future__ import annotations

import secrets
from datetime import timedelta

from storage.ids import new_id
from storage.models import User, WebSession
from storage.scoping import scoped, unscoped
from tools.actor import Actor, Authenticated
from tools.clock import utcnow
from tools.runtime import runtime


async def create_session(user: User, ip: str | None, user_agent: str | None) -> WebSession:
    days = runtime().settings.session_days
    return await WebSession.create(
        id=new_id("ses"), tenant_id=user.tenant_id, user_id=user.id,
        csrf_token=secrets.token_urlsafe(32), expires_at=utcnow() + timedelta(days=days),
        ip=ip, user_agent=(user_agent or "")[:300] or None,
    )


async def resolve_session(session_id: str, request_id: str | None) -> Authenticated | None:
    """The actor behind a live session, or None if it is unknown, expired or revoked.
    One query: the session with its user and tenant."""
    session = await unscoped(WebSession).select_related("user", "tenant").get_or_none(id=session_id)
    if session is None or session.revoked_at is not None or session.expires_at <= utcnow():
        return None
    user = session.user
    if not user.is_active or user.tenant_id != session.tenant_id:
        return None
    actor = Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id,
                  session_id=session.id, request_id=request_id)
    return Authenticated(actor, session.tenant, session.csrf_token)


async def revoke_session(actor: Actor) -> None:
    if actor.session_id:
        await scoped(WebSession, actor.tenant_id).filter(id=actor.session_id).update(revoked_at=utcnow())


async def revoke_user_sessions(tenant_id: str, user_id: str, keep: str | None = None) -> int:
    """Revoke every live session of a user except ``keep``; returns how many."""
    qs = scoped(WebSession, tenant_id).filter(user_id=user_id, revoked_at__isnull=True)
    if keep:
        qs = qs.exclude(id=keep)
    return await qs.update(revoked_at=utcnow())
