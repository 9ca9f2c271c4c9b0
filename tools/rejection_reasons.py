"""The tenant's list of rejection reasons (kept in the tenant's settings)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from tortoise.transactions import in_transaction

from storage.models import Tenant
from tools import audit
from tools.actor import Actor
from tools.errors import InvalidInput
from tools.policy import require

DEFAULT_REASONS = (
    "Skills mismatch", "Not enough experience", "Overqualified", "Salary expectations",
    "Location or work authorisation", "Failed assessment", "Failed interview", "Culture or values mismatch",
    "Candidate not responsive", "Position filled", "Other",
)
SETTING = "rejection_reasons"
Reason = Annotated[str, Field(min_length=1, max_length=200)]


class RejectionReasons(BaseModel):
    reasons: list[Reason] = Field(min_length=1, max_length=50)

    @field_validator("reasons")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        cleaned = [r.strip() for r in v]
        if any(not r for r in cleaned):
            raise ValueError("reasons may not be blank")
        if len({r.casefold() for r in cleaned}) != len(cleaned):
            raise ValueError("reasons must be distinct (case-insensitive)")
        return cleaned


async def _reasons(tenant_id: str) -> list[str]:
    tenant = await Tenant.get(id=tenant_id)
    return list((tenant.settings or {}).get(SETTING) or DEFAULT_REASONS)


async def get_reasons(actor: Actor) -> RejectionReasons:
    require(actor, "rejection_reasons.read")
    return RejectionReasons(reasons=await _reasons(actor.tenant_id))


async def set_reasons(actor: Actor, data: RejectionReasons) -> RejectionReasons:
    """Replace the list; applications keep the reason they were rejected with."""
    require(actor, "rejection_reasons.manage")
    async with in_transaction():
        row = await Tenant.filter(id=actor.tenant_id).select_for_update(no_key=True).get()
        await Tenant.filter(id=actor.tenant_id).update(settings={**(row.settings or {}), SETTING: data.reasons})
        await audit.record(actor, "rejection_reasons.updated", "tenant", actor.tenant_id, {"reasons": data.reasons})
    return data


async def known_reason(tenant_id: str, reason: str | None) -> str:
    """The tenant's spelling of ``reason``; 400 listing the choices when it is not on the list."""
    choices = await _reasons(tenant_id)
    match = next((c for c in choices if reason and c.casefold() == reason.strip().casefold()), None)
    if match is None:
        raise InvalidInput("rejecting needs a reason from the tenant's rejection-reason list",
                           {"reason": reason, "allowed": choices})
    return match
