"""Benchmark: webhook deliveries per second to a local receiver, one ``hirebot worker``
process against two, side by side.

Run with ``make bench`` (SQLite by default; with ``HIREBOT_TEST_DATABASE_URL`` on
PostgreSQL, where two workers claim with leases side by side). Each round queues
``EVENTS`` events for ``ENDPOINTS`` endpoints of one tenant and times the receiver from its
first to its last request; fan-out is part of the work measured. It asserts only that
every delivery arrived.
"""

from __future__ import annotations

import asyncio
import signal

import pytest
from tortoise.transactions import in_transaction

from storage import outbox
from tests.test_webhook_worker_process import _start_worker, _wait_for
from tests.webhook_receiver import Receiver

EVENTS, ENDPOINTS = 250, 16


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"embedded_worker": False})



async def _round(tenant_id: str, receiver: Receiver, workers: int, database_url: str, tmp_path) -> float:
    receiver.received.clear()
    for n in range(EVENTS):
        async with in_transaction():
            await outbox.emit(tenant_id, "candidate.updated", {"n": n})
    procs = [_start_worker(database_url, tmp_path, f"bench-{workers}-{i}") for i in range(workers)]
    try:
        await _wait_for(lambda: len(receiver.accepted()) >= EVENTS * ENDPOINTS, 600)
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            await asyncio.to_thread(proc.wait, 30)
    accepted = receiver.accepted()
    assert len({(r.webhook_id, r.target) for r in accepted}) == EVENTS * ENDPOINTS
    seconds = (accepted[-1].at - accepted[0].at).total_seconds()
    return EVENTS * ENDPOINTS / seconds


async def test_webhook_deliveries_one_vs_two_workers(api, receiver, settings, tmp_path):
    admin = await api.signup()
    for n in range(ENDPOINTS):   # distinct URLs on one receiver: one queue per endpoint
        url = f"{receiver.url}?endpoint={n}"
        r = await admin.post("/api/v1/webhooks", json={"url": url, "events": ["candidate.updated"]})
        assert r.status_code == 201, await r.get_json()
    results = {w: await _round(admin.tenant["id"], receiver, w, settings.database_url, tmp_path) for w in (1, 2)}
    db = "PostgreSQL" if settings.is_postgres else "SQLite"
    print(f"\nwebhook deliveries/s ({db}, {EVENTS} events x {ENDPOINTS} endpoints, local receiver)")
    print(f"{'workers':<10}{'deliveries/s':>14}{'vs 1 worker':>13}")
    for workers, rate in results.items():
        print(f"{workers:<10}{rate:>14.0f}{rate / results[1]:>12.2f}x")
