"""Rate limits on the ``limits`` library: memory by default, Redis when configured."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from limits import parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

from tools.errors import RateLimited

log = logging.getLogger("hirebot.ratelimit")
WINDOW_SECONDS = 60


@dataclass
class Quota:
    limit: int
    remaining: int
    reset: int  # epoch seconds when the window ends
    retry_after: int = 0  # seconds to wait; > 0 only when the limit is exceeded

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(self.reset)}


class RateLimiter:
    """Per-principal fixed windows (atomic counters, so headers count down exactly
    under concurrency) plus moving windows for login-style endpoints."""

    def __init__(self, redis_url: str | None, auth_limit: str, public_per_minute: int = 120,
                 apply_limit: str = "5/hour") -> None:
        uri = f"async+{redis_url}" if redis_url else "async+memory://"
        self.storage = storage_from_string(uri, key_prefix="hirebot") if redis_url else storage_from_string(uri)
        self.moving = MovingWindowRateLimiter(self.storage)
        self.auth_item = parse(auth_limit)
        self.public_per_minute = public_per_minute
        self.apply_item = parse(apply_limit)

    async def hit_principal(self, principal: str, limit: int) -> Quota:
        """Count one request; ``retry_after`` > 0 when it is past ``limit`` per minute."""
        now = time.time()
        window = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
        reset = window + WINDOW_SECONDS
        try:
            count = await self.storage.incr(f"rl/{principal}/{window}", WINDOW_SECONDS + 1)
        except Exception:  # noqa: BLE001 - a limiter outage must not take the API down
            log.warning("rate-limit storage unavailable; request allowed", exc_info=True)
            return Quota(limit, limit, reset)
        retry_after = max(1, math.ceil(reset - now)) if count > limit else 0
        return Quota(limit, max(0, limit - count), reset, retry_after)

    async def hit_public(self, ip: str) -> Quota:
        """One public (careers) request from ``ip``, per minute; raises 429 past the limit."""
        quota = await self.hit_principal(f"public:{ip}", self.public_per_minute)
        if quota.retry_after:
            raise RateLimited(f"rate limit of {quota.limit} requests per minute exceeded", quota.retry_after)
        return quota

    async def hit_auth(self, *identifiers: str) -> None:
        """One attempt against every identifier (e.g. IP and email); 429 past the limit."""
        await self._hit_moving(self.auth_item, "auth", identifiers)

    async def hit_apply(self, ip: str, vacancy: str) -> None:
        """One careers application from ``ip`` to ``vacancy``; 429 past the limit."""
        await self._hit_moving(self.apply_item, "apply", (f"{ip}/{vacancy}",))

    async def _hit_moving(self, item, namespace: str, identifiers) -> None:
        for ident in identifiers:
            try:
                allowed = await self.moving.hit(item, namespace, ident)
                if allowed:
                    continue
                stats = await self.moving.get_window_stats(item, namespace, ident)
            except Exception:  # noqa: BLE001
                log.warning("rate-limit storage unavailable; attempt allowed", exc_info=True)
                continue
            raise RateLimited("too many attempts; try again later",
                              max(1, math.ceil(stats.reset_time - time.time())))
