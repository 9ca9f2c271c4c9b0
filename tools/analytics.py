"""Recruiting analytics: the tenant overview and one vacancy's trend, funnel, scores and timing.

Counts and averages are SQL aggregates; stage histories are read only where a metric needs
them (hired applications for time to hire; one vacancy's applications for its funnel).
A history entry is ``{"stage": …}`` (creation) or ``{"from": …, "to": …}`` (a move), with ``at``.
"""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field
from tortoise.functions import Avg, Count

from storage.models import Application, Candidate, ShortlistEntry, Vacancy
from storage.scoping import scoped
from tools.actor import Actor
from tools.clock import utcnow
from tools.policy import require
from tools.vacancy_status import vacancy_row

STAGES = ("applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn")
FUNNEL = ("applied", "screening", "interview", "offer", "hired")
BANDS = ("exceptional", "strong", "good", "fair", "limited", "invalid")
TREND_DAYS = 30
DAY = 86400.0


class Overview(BaseModel):
    open_vacancies: int
    candidates: int
    applications: int
    applications_by_stage: dict[str, int]
    average_score: float | None = Field(description="mean score of scored applications")
    shortlisted: int = Field(description="shortlist entries")
    hires: int
    time_to_hire_median_days: float | None = Field(description="application to hired, median")


class TrendDay(BaseModel):
    date: date
    applications: int


class FunnelStage(BaseModel):
    stage: str
    reached: int = Field(description="applications that got at least this far")
    share: float = Field(description="reached / all applications")
    conversion: float | None = Field(description="reached / reached at the previous stage")


class VacancyAnalytics(BaseModel):
    vacancy_id: str
    applications: int
    trend: list[TrendDay] = Field(description=f"applications per day, the last {TREND_DAYS} days (UTC)")
    funnel: list[FunnelStage]
    exits: dict[str, int] = Field(description="applications that ended rejected or withdrawn")
    score_bands: dict[str, int]
    average_score: float | None
    median_days_in_stage: dict[str, float | None] = Field(description="completed stays only")


def entry_stage(entry: dict[str, Any]) -> str | None:
    return entry.get("to") or entry.get("stage")


def _at(entry: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(entry["at"])
    except (KeyError, TypeError, ValueError):
        return None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def _by(rows: list[dict], key: str, names: tuple[str, ...]) -> dict[str, int]:
    counts = {name: 0 for name in names}
    for row in rows:
        if row[key] in counts:
            counts[row[key]] = row["n"]
    return counts


class _Mean(Avg):
    """AVG as a float (Tortoise's ``Avg`` converts to the column's type, here an int)."""

    populate_field_object = False


async def _average_score(apps) -> float | None:
    row = await apps.filter(score__isnull=False).annotate(avg=_Mean("score")).first().values("avg")
    avg = (row or {}).get("avg")
    return round(float(avg), 1) if avg is not None else None


async def overview(actor: Actor) -> Overview:
    """The tenant's pipeline at a glance."""
    require(actor, "analytics.read")
    tid = actor.tenant_id
    apps = scoped(Application, tid)
    by_stage = _by(await apps.annotate(n=Count("id")).group_by("stage").values("stage", "n"), "stage", STAGES)
    avg = await _average_score(apps)
    hired = await apps.filter(stage="hired").values_list("created_at", "stage_history")
    days = []
    for created, history in hired:
        moved = next((_at(e) for e in history or [] if entry_stage(e) == "hired" and _at(e)), None)
        if moved is not None:
            days.append(max(0.0, (moved - created).total_seconds() / DAY))
    return Overview(
        open_vacancies=await scoped(Vacancy, tid).filter(status="open").count(),
        candidates=await scoped(Candidate, tid).filter(merged_into_id__isnull=True).count(),
        applications=sum(by_stage.values()), applications_by_stage=by_stage,
        average_score=avg, shortlisted=await scoped(ShortlistEntry, tid).count(), hires=by_stage["hired"],
        time_to_hire_median_days=_median(days))


async def vacancy_analytics(actor: Actor, vacancy_id: str) -> VacancyAnalytics:
    """Daily applications (30 days, zero-filled), funnel, score bands and time in stage."""
    require(actor, "analytics.read")
    tid = actor.tenant_id
    await vacancy_row(actor, vacancy_id)                     # hiring managers: their vacancies only
    apps = scoped(Application, tid).filter(vacancy_id=vacancy_id)
    today = utcnow().date()
    first = today - timedelta(days=TREND_DAYS - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=utcnow().tzinfo)
    per_day = {first + timedelta(days=i): 0 for i in range(TREND_DAYS)}
    for created in await apps.filter(created_at__gte=start).values_list("created_at", flat=True):
        day = created.astimezone(start.tzinfo).date()
        if day in per_day:
            per_day[day] += 1
    bands = _by(await apps.filter(band__isnull=False).annotate(n=Count("id")).group_by("band").values("band", "n"),
                "band", BANDS)
    avg = await _average_score(apps)
    histories = await apps.values_list("stage", "stage_history")
    funnel, exits, stays = _funnel(histories)
    return VacancyAnalytics(
        vacancy_id=vacancy_id, applications=len(histories),
        trend=[TrendDay(date=d, applications=n) for d, n in per_day.items()],
        funnel=funnel, exits=exits, score_bands=bands,
        average_score=avg, median_days_in_stage={stage: _median(stays[stage]) for stage in FUNNEL[:-1]})


def _funnel(histories: list[tuple[str, list]]) -> tuple[list[FunnelStage], dict[str, int], dict[str, list[float]]]:
    """Funnel counts (furthest pipeline stage reached, from the history and the current
    stage), exits, and the completed stays in each stage in days."""
    reached = {stage: 0 for stage in FUNNEL}
    exits = {"rejected": 0, "withdrawn": 0}
    stays: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for current, history in histories:
        entries = [e for e in history or [] if entry_stage(e) and _at(e)]
        entries.sort(key=_at)
        seen = {entry_stage(e) for e in entries} | {current}
        furthest = max((FUNNEL.index(s) for s in seen if s in FUNNEL), default=0)
        for stage in FUNNEL[:furthest + 1]:
            reached[stage] += 1
        if current in exits:
            exits[current] += 1
        for this, nxt in zip(entries, entries[1:], strict=False):
            stays.setdefault(entry_stage(this), []).append((_at(nxt) - _at(this)).total_seconds() / DAY)
    total = len(histories)
    funnel, previous = [], None
    for stage in FUNNEL:
        n = reached[stage]
        funnel.append(FunnelStage(stage=stage, reached=n, share=round(n / total, 4) if total else 0.0,
                                  conversion=round(n / previous, 4) if previous else None))
        previous = n
    return funnel, exits, stays
