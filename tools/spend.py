"""The usage ledger's read side: AI spend per window, grouped by feature, user, model or day."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from tortoise.functions import Sum

from storage.models import UsageRecord
from storage.scoping import scoped
from storage.sql_functions import UtcDate
from tools.actor import Actor
from tools.ai_budget import BudgetStatus, Usd, as_money, budget_status
from tools.clock import utcnow
from tools.policy import require

Window = Literal["24h", "7d", "30d", "all"]
GroupBy = Literal["feature", "user", "model", "day"]
WINDOWS: dict[str, timedelta | None] = {
    "24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30), "all": None}
COUNTS = ("requests", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")
SUMMED = (*COUNTS, "cost_usd")
# group_by -> the columns the rows are grouped on (a user is a user id, else an API key id)
_COLUMNS: dict[str, tuple[str, ...]] = {
    "feature": ("feature",), "user": ("user_id", "api_key_id"), "model": ("model",), "day": ("day",)}


class SpendQuery(BaseModel):
    window: Window = Field(default="30d", description="24h, 7d, 30d or all")
    group_by: GroupBy = Field(default="feature", description="feature, user, model or day (UTC)")


class SpendTotals(BaseModel):
    requests: int = Field(description="model requests (one call may retry)")
    input_tokens: int = Field(description="all input tokens, cached ones included")
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    cost_usd: Usd


class SpendGroup(SpendTotals):
    key: str | None = Field(description="the feature, model, UTC date (YYYY-MM-DD), or user id "
                                        "(an API key id for calls made by a key; null for system work)")


class SpendReport(BaseModel):
    window: Window
    group_by: GroupBy
    since: datetime | None = Field(description="start of the window; null for all")
    totals: SpendTotals
    groups: list[SpendGroup] = Field(description="most expensive first; by date for group_by=day")
    budget: BudgetStatus


def _sums() -> dict:
    return {name: Sum(name) for name in SUMMED}


def _totals(row: dict) -> dict:
    return {**{name: int(row.get(name) or 0) for name in COUNTS}, "cost_usd": as_money(row.get("cost_usd"))}


async def spend_report(actor: Actor, query: SpendQuery) -> SpendReport:
    """Admins: the tenant's ledger summed in SQL over the window, overall and per group."""
    require(actor, "spend.read")
    span = WINDOWS[query.window]
    since = utcnow() - span if span else None
    rows = scoped(UsageRecord, actor.tenant_id)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    total = await rows.annotate(**_sums()).first().values(*SUMMED)
    columns = _COLUMNS[query.group_by]
    grouped = rows.annotate(day=UtcDate("created_at")) if query.group_by == "day" else rows
    found = await grouped.annotate(**_sums()).group_by(*columns).values(*columns, *SUMMED)
    groups = [SpendGroup(key=next((r[c] for c in columns if r[c]), None), **_totals(r)) for r in found]
    if query.group_by == "day":
        groups.sort(key=lambda g: g.key or "")
    else:
        groups.sort(key=lambda g: (-g.cost_usd, g.key or ""))
    return SpendReport(window=query.window, group_by=query.group_by, since=since,
                       totals=SpendTotals(**_totals(total or {})), groups=groups,
                       budget=await budget_status(actor.tenant_id))
