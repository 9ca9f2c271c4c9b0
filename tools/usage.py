"""Monthly metered usage (CV parses) against the tenant's plan quota."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from storage.models import Tenant, UsageCounter
from storage.scoping import scoped
from tools.actor import Actor
from tools.ai_budget import BudgetStatus, budget_status, month_bounds
from tools.clock import utcnow
from tools.errors import QuotaExceeded
from tools.policy import require

PARSES = "parses"


class QuotaStatus(BaseModel):
    metric: str
    period: str
    quota_used: int
    quota_limit: int
    resets_at: datetime


class UsageOut(BaseModel):
    parses: QuotaStatus
    ai_spend: BudgetStatus = Field(description="this month's model spend against the AI budget")


def _period(now: datetime) -> tuple[str, datetime]:
    return f"{now.year:04d}-{now.month:02d}", month_bounds(now)[1]


async def parse_quota(tenant_id: str) -> QuotaStatus:
    period, resets_at = _period(utcnow())
    tenant = await Tenant.get(id=tenant_id)
    row = await scoped(UsageCounter, tenant_id).get_or_none(metric=PARSES, period=period)
    return QuotaStatus(metric=PARSES, period=period, quota_used=row.count if row else 0,
                       quota_limit=tenant.parse_quota_monthly, resets_at=resets_at)


def _exceeded(status: QuotaStatus, wanted: int) -> QuotaExceeded:
    return QuotaExceeded(
        f"monthly parse quota reached ({status.quota_used}/{status.quota_limit}); "
        f"{wanted} more requested", status.model_dump(mode="json") | {"requested": wanted})


async def check_parse_quota(tenant_id: str, wanted: int) -> None:
    """Raise ``QuotaExceeded`` (402) unless ``wanted`` parses fit this month."""
    status = await parse_quota(tenant_id)
    if wanted and status.quota_used + wanted > status.quota_limit:
        raise _exceeded(status, wanted)


async def consume_parse(tenant_id: str) -> None:
    """Count one parse atomically; the conditional update never overshoots the quota."""
    await consume_parses(tenant_id, 1)


async def consume_parses(tenant_id: str, count: int) -> str:
    """Count ``count`` parses at once, all or none (402 otherwise); returns the period charged."""
    period, _ = _period(utcnow())
    limit = (await Tenant.get(id=tenant_id)).parse_quota_monthly
    counters = scoped(UsageCounter, tenant_id).filter(metric=PARSES, period=period)
    if not await counters.exists():
        try:
            async with in_transaction():  # a savepoint inside a caller's transaction (batch start)
                await UsageCounter.create(tenant_id=tenant_id, metric=PARSES, period=period, count=0)
        except IntegrityError:
            pass  # created concurrently
    if count and await counters.filter(count__lte=limit - count).update(count=F("count") + count) != 1:
        raise _exceeded(await parse_quota(tenant_id), count)
    return period


async def refund_parses(tenant_id: str, period: str, count: int) -> None:
    """Give back ``count`` parses charged in ``period`` (never below zero)."""
    if count:
        await scoped(UsageCounter, tenant_id).filter(metric=PARSES, period=period, count__gte=count).update(
            count=F("count") - count)


async def account_usage(actor: Actor) -> UsageOut:
    require(actor, "usage.read")
    return UsageOut(parses=await parse_quota(actor.tenant_id), ai_spend=await budget_status(actor.tenant_id))
