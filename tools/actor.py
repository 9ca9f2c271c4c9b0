"""Who is acting: every domain operation receives an ``Actor``."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Tenant


@dataclass(frozen=True, slots=True)
class Actor:
    """A user, an API key (with its own role) or the system, inside one tenant."""

    tenant_id: str
    role: str
    user_id: str | None = None
    api_key_id: str | None = None
    session_id: str | None = None
    request_id: str | None = None

    @property
    def kind(self) -> str:
        if self.api_key_id:
            return "api_key"
        if self.user_id:
            return "user"
        return "system"

    @property
    def principal_id(self) -> str | None:
        return self.api_key_id or self.user_id

    def to_dict(self) -> dict:
        """What a durable job stores to act later as the same principal."""
        return {"tenant_id": self.tenant_id, "role": self.role, "user_id": self.user_id,
                "api_key_id": self.api_key_id, "request_id": self.request_id}

    @classmethod
    def system(cls, tenant_id: str, request_id: str | None = None) -> Actor:
        return cls(tenant_id=tenant_id, role="admin", request_id=request_id)


@dataclass(frozen=True, slots=True)
class Authenticated:
    """A resolved credential: the actor, its tenant (for per-tenant limits) and, for
    browser sessions, the session's CSRF token."""

    actor: Actor
    tenant: Tenant
    csrf_token: str | None = None
