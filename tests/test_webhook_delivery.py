"""Webhook delivery by the worker: retries on the documented schedule (observed through the
advanceable clock), exactly-once after dedupe for a flaky receiver, order per endpoint,
410 Gone and 20 consecutive failures disabling an endpoint (with the admins emailed), and
the SSRF guard at delivery time. Receivers are real servers on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from api.app import create_app
from storage import outbox
from storage.ids import new_id
from storage.models import WebhookDelivery, WebhookEndpoint
from storage.scoping import scoped
from tests.helpers import Api
from tests.webhook_receiver import Receiver, always, drain, fail_first
from tools import clock
from tools.webhook_delivery import BACKOFF_SECONDS, JITTER, run_once
from tools.webhook_signing import new_secret

HOOKS = "/api/v1/webhooks"


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"embedded_worker": False})





async def _hook(admin, url: str, events: tuple[str, ...] = ("candidate.updated",)) -> dict:
    r = await admin.post(HOOKS, json={"url": url, "events": list(events)})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]


async def _burst(tenant_id: str, count: int, event_type: str = "candidate.updated") -> list[str]:
    """``count`` events, each in its own transaction as a domain write would make them."""
    ids = []
    for n in range(count):
        async with in_transaction():
            ids.append((await outbox.emit(tenant_id, event_type, {"n": n})).id)
    return ids


def _gaps(times: list) -> list[float]:
    return [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]


async def test_flaky_receiver_gets_a_500_event_burst_exactly_once_in_order(api, receiver, sender):
    admin = await api.signup()
    hook = await _hook(admin, receiver.url)
    receiver.plan = fail_first(2)
    emitted = await _burst(admin.tenant["id"], 500)
    await drain(sender)
    accepted = receiver.accepted()
    assert [r.webhook_id for r in accepted] == emitted          # every event once, in event order
    assert len(receiver.received) == 3 * 500
    assert all(r.signed_by(hook["secret"]) for r in receiver.received)
    for event_id in emitted[:50]:                               # retries after 5 s, then 30 s (+ jitter)
        times = [r.at for r in receiver.received if r.webhook_id == event_id]
        first, second = _gaps(times)
        assert BACKOFF_SECONDS[0] <= first <= BACKOFF_SECONDS[0] * (1 + JITTER) + 1, first
        assert BACKOFF_SECONDS[1] <= second <= BACKOFF_SECONDS[1] * (1 + JITTER) + 1, second
    rows = await scoped(WebhookDelivery, admin.tenant["id"]).all()
    assert {(r.status, r.attempts) for r in rows} == {("succeeded", 3)} and len(rows) == 500


async def test_later_events_wait_for_an_earlier_retry_of_the_same_endpoint(api, receiver, sender):
    admin = await api.signup()
    await _hook(admin, receiver.url)
    other = await Receiver().start()
    try:
        await _hook(admin, other.url)
        first, *rest = await _burst(admin.tenant["id"], 4)
        receiver.plan = lambda webhook_id, attempt: 500 if webhook_id == first and attempt == 1 else 200
        assert await run_once(sender)
        assert [r.webhook_id for r in receiver.received] == [first]       # failed, retry in 5 s
        assert [r.webhook_id for r in other.received] == [first, *rest]   # the other endpoint moves on
        assert not await run_once(sender)                                 # nothing due before the retry
        await drain(sender)
        assert [r.webhook_id for r in receiver.received] == [first, first, *rest]
        assert [r.webhook_id for r in other.received] == [first, *rest]
    finally:
        await other.stop()


async def test_retries_follow_the_schedule_then_dead_and_20_failures_disable(api, receiver, sender):
    admin = await api.signup()
    hook = await _hook(admin, receiver.url)
    receiver.plan = always(500)
    emitted = await _burst(admin.tenant["id"], 5)
    await drain(sender)
    assert len(receiver.received) == 20                     # 7 + 7 + 6 attempts, then disabled
    times = [r.at for r in receiver.received if r.webhook_id == emitted[0]]
    for gap, base in zip(_gaps(times), BACKOFF_SECONDS, strict=True):
        assert base <= gap <= base * (1 + JITTER) + 1, (gap, base)
    endpoint = (await (await admin.get(f"{HOOKS}/{hook['id']}")).get_json())["data"]
    assert not endpoint["enabled"] and endpoint["consecutive_failures"] == 20
    assert endpoint["disabled_reason"] == "20 consecutive failed deliveries"
    by_event = {d["event_id"]: d for d in (await (await admin.get(
        f"{HOOKS}/{hook['id']}/deliveries?limit=100")).get_json())["data"]}
    assert [(by_event[e]["status"], by_event[e]["attempts"]) for e in emitted] == [
        ("dead", 7), ("dead", 7), ("failed", 6), ("pending", 0), ("pending", 0)]
    assert by_event[emitted[0]]["last_status_code"] == 500 and by_event[emitted[0]]["last_error"] == "HTTP 500"
    [mail] = [m for m in api.mails(admin.user["email"]) if m["Subject"] == "Webhook endpoint disabled"]
    assert hook["id"] in mail.get_payload(decode=True).decode()
    audit = await (await admin.get("/api/v1/audit", query_string={"action": "webhook.disabled"})).get_json()
    assert [(a["target_id"], a["actor_type"]) for a in audit["data"]] == [(hook["id"], "system")]
    # Re-enabled against a healthy receiver, the queued events go out, nothing is lost.
    receiver.plan = always(200)
    await admin.patch(f"{HOOKS}/{hook['id']}", json={"enabled": True})
    await drain(sender)
    assert [r.webhook_id for r in receiver.accepted()] == emitted[2:]


async def test_410_gone_disables_the_endpoint_at_once(api, receiver, sender):
    admin = await api.signup()
    hook = await _hook(admin, receiver.url)
    receiver.plan = always(410)
    emitted = await _burst(admin.tenant["id"], 3)
    await drain(sender)
    assert [r.webhook_id for r in receiver.received] == emitted[:1]
    endpoint = (await (await admin.get(f"{HOOKS}/{hook['id']}")).get_json())["data"]
    assert not endpoint["enabled"] and "410" in endpoint["disabled_reason"]
    rows = {d.event_id: d.status for d in await scoped(WebhookDelivery, admin.tenant["id"]).all()}
    assert [rows[e] for e in emitted] == ["dead", "pending", "pending"]
    assert any(m["Subject"] == "Webhook endpoint disabled" for m in api.mails(admin.user["email"]))


async def test_ssrf_guard_applies_again_at_delivery_time(settings, receiver, sender):
    """Endpoints whose address is (or became) unsafe: the request is never made."""
    strict = settings.model_copy(update={"allow_insecure_webhooks": False})
    app = create_app(strict)
    async with app.test_app():
        admin = await Api(app, strict).signup()
        tenant_id = admin.tenant["id"]
        port = receiver.url.split(":")[2].split("/")[0]
        urls = [receiver.url, f"http://localhost:{port}/hooks", "https://10.0.0.7/hooks",
                "https://169.254.169.254/latest/meta-data", "https://0x0a000001/hooks"]
        for url in urls:   # stored directly: what DNS said at create time no longer holds
            await WebhookEndpoint.create(
                id=new_id("wh"), tenant_id=tenant_id, url=url, events=["candidate.updated"], secret=new_secret())
        await _burst(tenant_id, 1)
        assert await run_once(sender)
        rows = await scoped(WebhookDelivery, tenant_id).all()
        assert len(rows) == len(urls)
        assert all(r.status == "failed" and r.last_error.startswith("refused:") for r in rows), [
            (r.status, r.last_error) for r in rows]
        assert receiver.received == []


async def test_a_run_stops_before_its_lease_could_run_out(api, receiver, sender):
    """A slow receiver (5 s per answer on the advanceable clock): a worker sends only what
    fits in its 20 s lease with room for a full 10 s request, then gives the rest back."""
    admin = await api.signup()
    await _hook(admin, receiver.url)
    emitted = await _burst(admin.tenant["id"], 5)

    def slow(_id: str, _attempt: int) -> int:
        clock.advance(timedelta(seconds=5))
        return 200
    receiver.plan = slow
    assert await run_once(sender)
    assert [r.webhook_id for r in receiver.received] == emitted[:2]
    leased = await scoped(WebhookDelivery, admin.tenant["id"]).filter(lease_until__isnull=False).count()
    assert leased == 0
    await drain(sender)
    assert [r.webhook_id for r in receiver.received] == emitted
