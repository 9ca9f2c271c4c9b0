"""GET /api/v1/health reports the worker's lag: how long the oldest waiting work has waited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from storage.models import OutboxEvent
from storage.scoping import scoped
from tools.webhook_delivery import run_once
from tools.webhook_sender import Sender


@pytest.fixture
def settings(settings):
    """No embedded worker: the test decides when work is done."""
    return settings.model_copy(update={"embedded_worker": False})


async def _lag(api) -> float:
    r = await api.anonymous().get("/api/v1/health")
    body = (await r.get_json())["data"]
    assert r.status_code == 200 and body["status"] == "ok"
    return body["worker"]["lag_seconds"]


async def test_health_reports_how_long_waiting_work_has_waited(api):
    admin = await api.signup()
    await admin.post("/api/v1/candidates", json={"name": "Lag Person"})
    events = scoped(OutboxEvent, admin.tenant["id"])
    await events.update(created_at=datetime.now(UTC) - timedelta(minutes=5))
    assert 300 <= await _lag(api) < 330

    sender = Sender()
    try:
        while await run_once(sender):      # the worker's webhook round fans the events out
            pass
    finally:
        await sender.aclose()
    assert await _lag(api) == 0
