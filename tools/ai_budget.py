"""The tenant's monthly AI budget (USD), checked before every model call.

``ensure_budget`` raises ``BudgetExceeded`` (402) once this calendar month's (UTC) ledger
spend has reached the budget; a budget of 0 allows no model use. The check runs before the
call, so calls already in flight may overshoot by their own cost.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer
from tortoise.functions import Sum

from storage.models import Tenant, UsageRecord
from storage.scoping import scoped
from tools.clock import utcnow
from tools.errors import BudgetExceeded

# USD on the wire: a decimal string in positional notation ("0.00000030", never "3.0E-7")
Usd = Annotated[Decimal, PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json")]


class BudgetStatus(BaseModel):
    monthly_budget_usd: Usd
    month_to_date_usd: Usd = Field(description="ledger spend since the first of this month (UTC)")
    remaining_usd: Usd = Field(description="never below 0")
    resets_at: datetime


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The first instant of ``now``'s calendar month and of the next one."""
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return start, datetime(now.year + (now.month == 12), now.month % 12 + 1, 1, tzinfo=now.tzinfo)


def as_money(value: object) -> Decimal:
    """A SQL sum as a Decimal with the ledger's 8 places (SQLite sums decimals as floats)."""
    return Decimal(str(value or 0)).quantize(Decimal("0.00000001"))


async def budget_status(tenant_id: str) -> BudgetStatus:
    """This month's ledger spend against the tenant's budget (for chat, usage and spend reports)."""
    start, resets_at = month_bounds(utcnow())
    tenant = await Tenant.get(id=tenant_id)
    row = await scoped(UsageRecord, tenant_id).filter(created_at__gte=start).annotate(
        spent=Sum("cost_usd")).first().values("spent")
    spent = as_money((row or {}).get("spent"))
    budget = tenant.monthly_budget_usd
    return BudgetStatus(monthly_budget_usd=budget, month_to_date_usd=spent,
                        remaining_usd=as_money(max(budget - spent, Decimal(0))), resets_at=resets_at)


async def ensure_budget(tenant_id: str) -> BudgetStatus:
    """Raise ``BudgetExceeded`` when the month's spend has reached the budget; else the status."""
    status = await budget_status(tenant_id)
    if status.month_to_date_usd >= status.monthly_budget_usd:
        raise BudgetExceeded(
            f"the monthly AI budget of {status.monthly_budget_usd:f} USD is spent "
            f"({status.month_to_date_usd:f} USD this month); it resets at {status.resets_at:%Y-%m-%d %H:%M} UTC",
            status.model_dump(mode="json", include={"month_to_date_usd", "monthly_budget_usd", "resets_at"}))
    return status


def fallback_notice(exc: BudgetExceeded) -> str:
    """The notice an AI tool returns when it answered offline because of the budget."""
    return f"budget_exceeded: {exc.message}; the offline engine answered instead"
