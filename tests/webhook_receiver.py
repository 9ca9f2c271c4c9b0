"""A real webhook receiver for tests: an aiohttp server on 127.0.0.1 that records what it
gets, answers from a plan, and checks signatures with the reference ``standardwebhooks``
package (not with Hirebot's own signing code)."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiohttp import web
from standardwebhooks import Webhook

from tools.clock import utcnow

# plan(webhook_id, attempt number for that id) -> HTTP status to answer
Plan = Callable[[str, int], int]


def always(status: int) -> Plan:
    return lambda _id, _n: status


def fail_first(times: int, status: int = 503) -> Plan:
    return lambda _id, n: status if n <= times else 200


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    status: int
    at: datetime   # Hirebot's (advanceable) clock when the request arrived
    target: str    # path and query string the request was sent to

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    def signed_by(self, secret: str) -> bool:
        """True when one of the ``webhook-signature`` entries is ``secret``'s signature of
        this message, as computed by the reference implementation."""
        stamp = datetime.fromtimestamp(int(self.headers["webhook-timestamp"]), UTC)
        expected = Webhook(secret).sign(self.webhook_id, stamp, self.body)
        return expected in self.headers["webhook-signature"].split(" ")


@dataclass
class Receiver:
    plan: Plan = field(default_factory=lambda: always(200))
    received: list[Received] = field(default_factory=list)
    url: str = ""
    delay: float = 0.0   # seconds each answer takes (a slow receiver)
    attempts: Counter = field(default_factory=Counter)   # webhook-id -> requests so far
    _runner: web.AppRunner | None = None

    async def start(self, path: str = "/hooks") -> Receiver:
        app = web.Application()
        app.router.add_post(path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}{path}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        webhook_id = headers.get("webhook-id", "")
        self.attempts[webhook_id] += 1
        status = self.plan(webhook_id, self.attempts[webhook_id])
        if self.delay:
            await asyncio.sleep(self.delay)
        self.received.append(Received(headers, body, status, utcnow(), request.path_qs))
        return web.Response(status=status, text="ok" if status < 300 else "no")

    def accepted(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.status < 300]

    def accepted_ids(self) -> Counter:
        return Counter(r.webhook_id for r in self.accepted())


async def drain(sender, rounds: int = 100_000) -> None:
    """Run the worker's webhook rounds until nothing is left to do; whenever nothing is due,
    advance the clock to the next scheduled retry instead of sleeping."""
    from storage.models import WebhookDelivery
    from storage.scoping import unscoped
    from tools import clock
    from tools.webhook_delivery import OPEN, run_once

    for _ in range(rounds):
        if await run_once(sender):
            continue
        upcoming = await unscoped(WebhookDelivery).filter(
            status__in=OPEN, endpoint__enabled=True, next_attempt_at__gt=utcnow()).order_by("next_attempt_at").first()
        if upcoming is None:
            return
        clock.advance(upcoming.next_attempt_at - utcnow() + timedelta(milliseconds=1))
    raise AssertionError("webhook delivery did not settle")
