"""Webhook fan-out and delivery, run by the worker.

Fan-out turns undispatched outbox events into one delivery per enabled endpoint of the
event's tenant that subscribes to its type (and existed when it happened), and marks the
events dispatched in the same transaction. Workers claim a batch of events by a
conditional update of ``dispatched_at``: a worker that loses the race rolls back, so no
event is fanned out twice and a later batch never overtakes an earlier one.

Delivery is at-least-once and ordered per endpoint by event time: only the head of an
endpoint's open deliveries (the oldest event not yet succeeded or dead) may be sent, so a
later event waits while an earlier one waits for its retry. A worker leases a head (a
conditional update) with the due deliveries after it, sends them one by one outside any
transaction, and records each outcome before the next request (outcomes of concurrent
endpoints share a commit); a worker that dies leaves its lease to expire. Every time comes
from ``tools.clock.utcnow``, so tests advance through the retry schedule without sleeping.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import F, Q
from tortoise.functions import Min
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import OutboxEvent, WebhookDelivery, WebhookEndpoint
from storage.scoping import scoped, unscoped
from tools.clock import utcnow
from tools.runtime import runtime
from tools.ssrf import UnsafeUrl, VettedTarget, vet_url
from tools.webhook_notify import notify_disabled
from tools.webhook_sender import TIMEOUT_SECONDS, Sender
from tools.webhook_signing import headers as signed_headers

log = logging.getLogger("hirebot.webhooks")

BACKOFF_SECONDS = (5, 30, 120, 600, 3600, 21600)   # before retry 1..6; the 7th failure is final
JITTER = 0.1                                        # each wait is stretched by up to 10 %
DISABLE_AFTER_FAILURES = 20
LEASE = timedelta(seconds=20)                       # longer than the 10 s request timeout
SEND_BUDGET = timedelta(seconds=TIMEOUT_SECONDS + 2)  # a request and its record fit in the lease
OPEN = ("pending", "failed")
FANOUT_BATCH = 200
ENDPOINTS_PER_ROUND = 8                             # endpoints served concurrently by one worker
RUN_LENGTH = 20                                     # deliveries in order per endpoint and round


class _LostRace(Exception):
    """Another worker claimed the same events first."""


def order_key(event: OutboxEvent) -> str:
    """Sorts like (event time, event id): the per-endpoint delivery order."""
    return f"{event.created_at.astimezone(UTC):%Y%m%dT%H%M%S.%f}|{event.id}"


def new_delivery(event: OutboxEvent, endpoint: WebhookEndpoint, now: datetime) -> WebhookDelivery:
    return WebhookDelivery(id=new_id("whd"), tenant_id=endpoint.tenant_id, endpoint_id=endpoint.id,
                           event_id=event.id, event_type=event.type, order_key=order_key(event),
                           next_attempt_at=now)


def retry_delay(attempts: int) -> timedelta | None:
    """The wait after ``attempts`` failed attempts (with jitter), or None when retries are spent."""
    if attempts > len(BACKOFF_SECONDS):
        return None
    return timedelta(seconds=BACKOFF_SECONDS[attempts - 1] * (1 + random.uniform(0, JITTER)))


def payload(event: OutboxEvent) -> bytes:
    """The body as sent, rendered from the event now (so an erasure's redaction applies)."""
    return json.dumps({"id": event.id, "type": event.type, "created_at": event.created_at.isoformat(),
                       "tenant_id": event.tenant_id, "data": event.data}, separators=(",", ":")).encode()


async def fan_out(limit: int = FANOUT_BATCH) -> int:
    """Dispatch up to ``limit`` of the oldest undispatched events; returns how many."""
    now = utcnow()
    try:
        async with in_transaction():
            events = await unscoped(OutboxEvent).filter(dispatched_at__isnull=True).order_by(
                "created_at", "id").limit(limit)
            if not events:
                return 0
            ids = [e.id for e in events]
            claimed = await unscoped(OutboxEvent).filter(id__in=ids, dispatched_at__isnull=True).update(
                dispatched_at=now)
            if claimed != len(ids):
                raise _LostRace
            endpoints = await unscoped(WebhookEndpoint).filter(
                tenant_id__in={e.tenant_id for e in events}, enabled=True)
            deliveries = [new_delivery(e, ep, now) for e in events for ep in endpoints
                          if ep.tenant_id == e.tenant_id and e.type in ep.events and ep.created_at <= e.created_at]
            if deliveries:
                await unscoped(WebhookDelivery).bulk_create(deliveries, batch_size=500)
    except _LostRace:
        return 0
    return len(events)


def _lease_free(now: datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


async def claim_runs(endpoints: int = ENDPOINTS_PER_ROUND, run: int = RUN_LENGTH) -> list[list[WebhookDelivery]]:
    """Lease work for up to ``endpoints`` enabled endpoints whose head delivery is due: the
    head and up to ``run - 1`` due deliveries after it, in order. Only heads are contended
    (a conditional update on the lease); the rest of a run cannot become another worker's
    head while its head is leased here."""
    now = utcnow()
    heads = await unscoped(WebhookDelivery).filter(status__in=OPEN, endpoint__enabled=True).annotate(
        head=Min("order_key")).group_by("endpoint_id").values_list("endpoint_id", "head")
    if not heads:
        return []
    wanted = set(heads)
    due = await unscoped(WebhookDelivery).filter(
        _lease_free(now), status__in=OPEN, next_attempt_at__lte=now,
        endpoint_id__in=[e for e, _ in heads], order_key__in=[k for _, k in heads],
    ).values("id", "tenant_id", "endpoint_id", "order_key")
    random.shuffle(due)   # workers polling side by side spread over the endpoints
    runs: list[list[WebhookDelivery]] = []
    for head in due:
        if (head["endpoint_id"], head["order_key"]) not in wanted:
            continue
        queue = scoped(WebhookDelivery, head["tenant_id"])
        if not await queue.filter(_lease_free(now), id=head["id"], status__in=OPEN).update(lease_until=now + LEASE):
            continue
        ids = [head["id"], *await queue.filter(
            endpoint_id=head["endpoint_id"], status__in=OPEN, next_attempt_at__lte=now,
            order_key__gt=head["order_key"]).order_by("order_key").limit(run - 1).values_list("id", flat=True)]
        await queue.filter(id__in=ids[1:]).update(lease_until=now + LEASE)
        rows = {d.id: d for d in await queue.filter(id__in=ids).select_related("endpoint", "event")}
        runs.append([rows[i] for i in ids])
        if len(runs) == endpoints:
            break
    return runs


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    latency_ms: int | None
    error: str | None

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def send(delivery: WebhookDelivery, target: VettedTarget, sender: Sender) -> Outcome:
    """One attempt: sign the rendered payload and POST it to the vetted address."""
    endpoint, event = delivery.endpoint, delivery.event
    now = utcnow()
    keys = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_expires_at and endpoint.previous_secret_expires_at > now:
        keys.append(endpoint.previous_secret)
    body = payload(event)
    started = time.perf_counter()
    try:
        code = await sender.post(target, body, signed_headers(keys, event.id, int(now.timestamp()), body))
    except Exception as exc:  # noqa: BLE001 - any transport failure is a failed attempt
        return Outcome(None, round((time.perf_counter() - started) * 1000), f"{type(exc).__name__}: {exc}"[:500])
    latency = round((time.perf_counter() - started) * 1000)
    return Outcome(code, latency, None if 200 <= code < 300 else f"HTTP {code}")


async def _store(delivery: WebhookDelivery, outcome: Outcome) -> str | None:
    """Store an attempt's outcome (inside the caller's transaction), schedule the retry or
    close it, and keep the endpoint's failure streak; disable the endpoint on 410 Gone or
    after 20 consecutive failures and return why (None when it stays as it was)."""
    now = utcnow()
    attempts = delivery.attempts + 1
    fields = {"attempts": attempts, "lease_until": None, "last_status_code": outcome.status_code,
              "last_latency_ms": outcome.latency_ms, "last_error": outcome.error}
    disabled_reason = None
    if outcome.succeeded:
        fields.update(status="succeeded", delivered_at=now, next_attempt_at=None)
    elif outcome.status_code == 410:
        fields.update(status="dead", next_attempt_at=None)
        disabled_reason = "the receiver answered 410 Gone"
    else:
        delay = retry_delay(attempts)
        if delay is None:
            fields.update(status="dead", next_attempt_at=None)
        else:
            fields.update(status="failed", next_attempt_at=now + delay)
    endpoints = scoped(WebhookEndpoint, delivery.tenant_id).filter(id=delivery.endpoint_id)
    await scoped(WebhookDelivery, delivery.tenant_id).filter(id=delivery.id, status__in=OPEN).update(**fields)
    if outcome.succeeded:
        if delivery.endpoint.consecutive_failures:
            await endpoints.update(consecutive_failures=0)
        return None
    await endpoints.update(consecutive_failures=F("consecutive_failures") + 1)
    streak = (await endpoints.values_list("consecutive_failures", flat=True))[0]
    if disabled_reason is None and streak >= DISABLE_AFTER_FAILURES:
        disabled_reason = f"{streak} consecutive failed deliveries"
    if disabled_reason and await endpoints.filter(enabled=True).update(enabled=False, disabled_reason=disabled_reason):
        return disabled_reason
    return None   # not disabled now (or already disabled, and notified then)


class Recorder:
    """Group commit of outcomes: the outcomes that arrive while one commit runs are stored
    together in the next, so concurrent endpoint runs share transactions. ``record`` returns
    once the caller's own outcome is committed, before its run sends the next delivery."""

    def __init__(self) -> None:
        self._queued: list[tuple[WebhookDelivery, Outcome, asyncio.Future]] = []
        self._lock = asyncio.Lock()

    async def record(self, delivery: WebhookDelivery, outcome: Outcome) -> None:
        committed = asyncio.get_running_loop().create_future()
        self._queued.append((delivery, outcome, committed))
        async with self._lock:
            if not committed.done():
                batch, self._queued = self._queued, []
                await self._commit(batch)
        await committed

    async def _commit(self, batch: list[tuple[WebhookDelivery, Outcome, asyncio.Future]]) -> None:
        try:
            async with in_transaction():
                reasons = [await _store(delivery, outcome) for delivery, outcome, _ in batch]
        except Exception as exc:  # noqa: BLE001 - handed to every waiting caller
            for *_, committed in batch:
                if not committed.done():
                    committed.set_exception(exc)
            return
        for (delivery, _, committed), reason in zip(batch, reasons, strict=True):
            if not committed.done():
                committed.set_result(None)
            if reason:
                await notify_disabled(delivery.tenant_id, delivery.endpoint_id, reason)


async def deliver_run(run: list[WebhookDelivery], sender: Sender, recorder: Recorder) -> int:
    """Send one endpoint's run in order to the address its URL resolves to now (the SSRF
    guard at delivery time); a failure, or a lease too close to its end for another
    request, ends the run and gives the rest back."""
    try:
        target = await vet_url(run[0].endpoint.url, runtime().settings.allow_insecure_webhooks)
    except UnsafeUrl as exc:
        await recorder.record(run[0], Outcome(None, None, f"refused: {exc.message}"))
        await release(run[1:])
        return 1
    for n, delivery in enumerate(run):
        if n and utcnow() + SEND_BUDGET > delivery.lease_until:
            await release(run[n:])
            return n
        try:
            outcome = await send(delivery, target, sender)
        except asyncio.CancelledError:
            await asyncio.shield(release(run[n:]))
            raise
        await recorder.record(delivery, outcome)
        if not outcome.succeeded:
            await release(run[n + 1:])
            return n + 1
    return len(run)


async def deliver_due(sender: Sender) -> int:
    """Deliver the claimed runs of several endpoints concurrently; returns the attempts made."""
    runs = await claim_runs()
    recorder = Recorder()
    return sum(await asyncio.gather(*(deliver_run(run, sender, recorder) for run in runs)))


async def release(run: list[WebhookDelivery]) -> None:
    """Give claimed deliveries of one endpoint back: another worker may send them at once."""
    if run:
        await scoped(WebhookDelivery, run[0].tenant_id).filter(id__in=[d.id for d in run]).update(lease_until=None)


async def run_once(sender: Sender) -> bool:
    """One round of fan-out and delivery; True when there was work."""
    dispatched = await fan_out()
    return bool(dispatched) | bool(await deliver_due(sender))


async def run_deliveries(stop: asyncio.Event, idle_seconds: float = 0.5) -> None:
    """The worker's webhook loop: fan out and deliver until ``stop`` is set."""
    sender = Sender()
    try:
        while not stop.is_set():
            try:
                busy = await run_once(sender)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - e.g. the database restarting or a lost SQLite write race
                log.exception("webhook delivery loop error")
                busy = False
            if not busy:
                try:
                    await asyncio.wait_for(stop.wait(), idle_seconds)
                except TimeoutError:
                    pass
    finally:
        await sender.aclose()
