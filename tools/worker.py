"""The background worker: claims durable jobs and runs their handler, and delivers webhooks.

Runs in-process inside ``hirebot serve`` by default, or as ``hirebot worker`` processes
when scaled out. Jobs survive restarts: a job whose worker stopped is claimed again
when its lease expires, and its finished items are not redone. Webhook deliveries
(``tools.webhook_delivery``) are leased the same way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from storage import queue
from storage.models import Job
from tools.evaluations import RESCORE_JOB, run_rescore_job
from tools.ingest import JOB_KIND as PARSE_BATCH
from tools.ingest import run_parse_job
from tools.retention import erase_expired_candidates
from tools.screening_batch_worker import run_screening_batch
from tools.screening_batches import JOB_KIND as SCREENING_BATCH
from tools.webhook_delivery import run_deliveries

log = logging.getLogger("hirebot.worker")
RETENTION_SWEEP_SECONDS = 3600

HANDLERS: dict[str, Callable[[Job], Awaitable[None]]] = {
    PARSE_BATCH: run_parse_job, RESCORE_JOB: run_rescore_job, SCREENING_BATCH: run_screening_batch}


async def run_one() -> bool:
    """Claim and run one job; False when the queue is empty."""
    job = await queue.claim_next()
    if job is None:
        return False
    handler = HANDLERS.get(job.kind)
    try:
        if handler is None:
            await queue.finish_job(job, "failed", f"no handler for job kind {job.kind!r}")
            return True
        await handler(job)
    except asyncio.CancelledError:
        await asyncio.shield(queue.release(job))
        raise
    except Exception as exc:  # noqa: BLE001 - one bad job must not stop the worker
        log.exception("job %s failed", job.id)
        await queue.finish_job(job, "failed", f"{type(exc).__name__}: {exc}")
    return True


async def run_worker(stop: asyncio.Event, idle_seconds: float = 0.5,
                     sweep_seconds: float = RETENTION_SWEEP_SECONDS) -> None:
    """Process jobs and webhook deliveries (two loops side by side, so a long parse batch
    does not hold up webhooks) until ``stop`` is set."""
    await asyncio.gather(run_jobs(stop, idle_seconds, sweep_seconds), run_deliveries(stop, idle_seconds))


async def run_jobs(stop: asyncio.Event, idle_seconds: float, sweep_seconds: float) -> None:
    """Process jobs until ``stop`` is set; sleeps briefly when there is nothing to do. Erases
    candidates past their retention date at start and every ``sweep_seconds``."""
    next_sweep = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + sweep_seconds
                await erase_expired_candidates()
            busy = await run_one()
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001 - e.g. the database restarting
            log.exception("worker loop error")
            busy = False
        if not busy:
            try:
                await asyncio.wait_for(stop.wait(), idle_seconds)
            except TimeoutError:
                pass


async def stop_gracefully(task: asyncio.Task, stop: asyncio.Event, grace_seconds: float = 10) -> None:
    """Let the running job finish within ``grace_seconds``; otherwise cancel it, which
    releases its lease so another worker resumes it at once."""
    stop.set()
    try:
        await asyncio.wait_for(asyncio.shield(task), grace_seconds)
    except TimeoutError:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
