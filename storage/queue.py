"""The durable job queue: enqueue with items, claim with a lease, record progress.

Claims are conditional updates on the lease, so two workers never hold one job; on
PostgreSQL candidates are picked with ``FOR UPDATE SKIP LOCKED``. A worker that dies
simply lets its lease expire and the job is claimed again; finished items are skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import connections
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import Job, JobItem, OutboxEvent, WebhookDelivery
from storage.scoping import scoped, unscoped

LEASE = timedelta(seconds=60)
OPEN = ("queued", "processing")


def _now() -> datetime:
    return datetime.now(UTC)


async def enqueue(tenant_id: str, kind: str, file_ids: list[str], options: dict[str, Any],
                  actor: dict[str, Any], status: str = "queued") -> Job:
    """Create a job and its items in the caller's transaction; a status outside ``OPEN``
    (e.g. ``draft``) keeps it from being claimed until it moves to ``queued``."""
    job = await Job.create(id=new_id("job"), tenant_id=tenant_id, kind=kind, options=options,
                           actor=actor, status=status, total=0)
    await add_items(job, file_ids)
    return job


async def add_items(job: Job, file_ids: list[str], results: list[dict[str, Any]] | None = None) -> list[JobItem]:
    """Append items after the job's last one (in the caller's transaction, job row locked);
    ``results`` pre-fill what a pending item already knows (e.g. its upload name)."""
    results = results or [None] * len(file_ids)
    items = [JobItem(tenant_id=job.tenant_id, job_id=job.id, position=job.total + i, file_id=file_id, result=result)
             for i, (file_id, result) in enumerate(zip(file_ids, results, strict=True))]
    if items:
        await scoped(JobItem, job.tenant_id).bulk_create(items)
        job.total += len(items)
        await scoped(Job, job.tenant_id).filter(id=job.id).update(total=job.total)
    return items


async def claim_next() -> Job | None:
    """Lease the oldest open job whose lease is free; None when there is nothing to do."""
    now = _now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    postgres = connections.get("default").capabilities.dialect == "postgres"
    for _ in range(5):
        async with in_transaction():
            candidates = unscoped(Job).filter(free, status__in=OPEN).order_by("created_at").limit(1)
            if postgres:
                candidates = candidates.select_for_update(skip_locked=True)
            job = await candidates.first()
            if job is None:
                return None
            claimed = await scoped(Job, job.tenant_id).filter(free, id=job.id, status__in=OPEN).update(
                status="processing", lease_until=now + LEASE, attempts=F("attempts") + 1,
                started_at=job.started_at or now)
        if claimed:
            return await scoped(Job, job.tenant_id).get(id=job.id)
    return None


async def renew(job: Job) -> None:
    await scoped(Job, job.tenant_id).filter(id=job.id).update(lease_until=_now() + LEASE)


async def pending_items(job: Job) -> list[JobItem]:
    return await scoped(JobItem, job.tenant_id).filter(job_id=job.id, status="pending").order_by("position")


async def finish_item(item: JobItem, ok: bool, result: dict[str, Any]) -> bool:
    """Record one item's outcome and the job's counters together; False when the item was
    no longer pending (finished or cancelled meanwhile)."""
    async with in_transaction():
        done = await scoped(JobItem, item.tenant_id).filter(id=item.id, status="pending").update(
            status="done" if ok else "failed", result=result)
        if done:
            counter = "completed" if ok else "failed"
            await scoped(Job, item.tenant_id).filter(id=item.job_id).update(**{counter: F(counter) + 1})
    return bool(done)


async def finish_job(job: Job, status: str, error: str | None = None) -> None:
    """Close an open job; a job already closed (e.g. cancelled meanwhile) keeps its status."""
    await scoped(Job, job.tenant_id).filter(id=job.id, status__in=OPEN).update(
        status=status, lease_until=None, finished_at=_now(), error=error)


async def release(job: Job) -> None:
    """Give a job back (graceful shutdown): another worker may claim it at once."""
    await scoped(Job, job.tenant_id).filter(id=job.id, status="processing").update(lease_until=None)


async def worker_lag() -> float:
    """Seconds the oldest waiting background work has waited (0 when nothing waits): a queued
    job, an event not yet fanned out to webhooks, or a webhook delivery past its due time."""
    now = _now()
    waiting = [
        await unscoped(Job).filter(status="queued").order_by("created_at").limit(1).values_list(
            "created_at", flat=True),
        await unscoped(OutboxEvent).filter(dispatched_at__isnull=True).order_by("created_at").limit(1).values_list(
            "created_at", flat=True),
        await unscoped(WebhookDelivery).filter(status__in=("pending", "failed"), next_attempt_at__lte=now).order_by(
            "next_attempt_at").limit(1).values_list("next_attempt_at", flat=True),
    ]
    oldest = [rows[0] for rows in waiting if rows]
    return max(((now - t).total_seconds() for t in oldest), default=0.0)
