"""Benchmark: authenticated API calls against the public health probe, side by side.

Run with ``make bench``. Prints requests/s and latency percentiles for each endpoint on a real
Hypercorn process and the ratio between them (the machine is noisy: compare ratios, not
absolute numbers). It asserts only that every request succeeded.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import time

import httpx

from tests.test_serve_e2e import server  # noqa: F401  (fixture)

REQUESTS, CONCURRENCY = 1500, 16


async def _load(http: httpx.AsyncClient, path: str, headers: dict) -> tuple[float, list[float]]:
    latencies: list[float] = []
    remaining = iter(range(REQUESTS))

    async def worker() -> None:
        for _ in remaining:
            t0 = time.perf_counter()
            r = await http.get(path, headers=headers)
            latencies.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return REQUESTS / (time.perf_counter() - started), latencies


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


async def test_authenticated_reads_vs_health(server):  # noqa: F811
    base, output = server
    key = re.search(r"API key\s+(hb_live_\S+)", output).group(1)
    auth = {"Authorization": f"Bearer {key}"}
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, limits=limits) as http:
        r = await http.patch("/api/v1/tenant", json={"rate_limit_per_minute": 100_000}, headers=auth)
        assert r.status_code == 200
        results = {}
        for name, path, headers in (("health", "/api/v1/health", {}),
                                    ("auth/me", "/api/v1/auth/me", auth),
                                    ("vacancies", "/api/v1/vacancies?limit=25", auth)):
            await _load(http, path, headers)  # warm-up pass, discarded
            results[name] = await _load(http, path, headers)
    print(f"\n{'endpoint':<12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs health':>11}")
    floor = results["health"][0]
    for name, (rps, lat) in results.items():
        print(f"{name:<12}{rps:>9.0f}{_pct(lat, 50):>9.1f}{_pct(lat, 99):>9.1f}{rps / floor:>10.2f}x")
