"""Per-principal rate limits (SPEC §3): headers, 429 + Retry-After, exact counts under concurrency."""

from __future__ import annotations

import asyncio
import time

HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


async def _clear_of_minute_boundary(margin: float = 3.0) -> None:
    """Windows are calendar minutes: start a sequence with at least ``margin`` s left in one."""
    left = 60 - time.time() % 60
    if left < margin:
        await asyncio.sleep(left + 0.05)


async def _set_limit(admin, per_minute: int) -> None:
    r = await admin.patch("/api/v1/tenant", json={"rate_limit_per_minute": per_minute})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["rate_limit_per_minute"] == per_minute


def _int_header(r, name: str) -> int:
    value = r.headers.get(name)
    assert value is not None, (name, dict(r.headers))
    assert value.isdigit(), (name, value)
    return int(value)


async def test_headers_on_authenticated_success(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    await _clear_of_minute_boundary()
    r = await client.get("/api/v1/vacancies")
    assert r.status_code == 200
    assert _int_header(r, "X-RateLimit-Limit") == 600  # the default
    assert _int_header(r, "X-RateLimit-Remaining") == 599
    reset = _int_header(r, "X-RateLimit-Reset")
    assert 0 < reset - time.time() <= 61
    assert reset % 60 == 0  # end of the calendar minute


async def test_limit_then_429_with_retry_after(api):
    n = 5
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    await _set_limit(admin, n)
    await _clear_of_minute_boundary()
    for i in range(n):
        r = await client.get("/api/v1/vacancies")
        assert r.status_code == 200, (i, await r.get_json())
        assert _int_header(r, "X-RateLimit-Limit") == n
        assert _int_header(r, "X-RateLimit-Remaining") == n - 1 - i
    r = await client.get("/api/v1/vacancies")
    body = await r.get_json()
    assert r.status_code == 429, body
    assert body["error"]["code"] == "rate_limited"
    assert body["error"]["request_id"] == r.headers["X-Request-ID"]
    retry_after = _int_header(r, "Retry-After")
    assert 1 <= retry_after <= 60
    assert _int_header(r, "X-RateLimit-Limit") == n
    assert _int_header(r, "X-RateLimit-Remaining") == 0
    reset = _int_header(r, "X-RateLimit-Reset")
    assert abs((time.time() + retry_after) - reset) <= 2
    # writes are limited as well, and nothing is created
    r = await client.post("/api/v1/vacancies", json={"title": "blocked"})
    assert r.status_code == 429
    assert "Retry-After" in r.headers
    listed = await (await admin.get("/api/v1/vacancies")).get_json()
    assert listed["meta"]["total"] == 0


async def test_limit_is_per_principal(api):
    n = 3
    admin = await api.signup()
    key_a = await api.key_client(admin, "recruiter")
    key_b = await api.key_client(admin, "recruiter")
    member = await api.member(admin, "recruiter")
    await _set_limit(admin, n)
    await _clear_of_minute_boundary()
    for _ in range(n):
        assert (await key_a.get("/api/v1/vacancies")).status_code == 200
    assert (await key_a.get("/api/v1/vacancies")).status_code == 429
    # another key of the same tenant has its own budget
    r = await key_b.get("/api/v1/vacancies")
    assert r.status_code == 200
    assert _int_header(r, "X-RateLimit-Remaining") == n - 1
    # so does a signed-in user
    r = await member.get("/api/v1/vacancies")
    assert r.status_code == 200
    assert _int_header(r, "X-RateLimit-Remaining") == n - 1
    # another tenant's keys are unaffected
    other = await api.signup("Other Co")
    other_key = await api.key_client(other, "recruiter")
    r = await other_key.get("/api/v1/vacancies")
    assert r.status_code == 200
    assert _int_header(r, "X-RateLimit-Limit") == 600


async def test_user_session_is_limited(api):
    n = 4
    admin = await api.signup()
    member = await api.member(admin, "recruiter")
    await _set_limit(admin, n)
    await _clear_of_minute_boundary()
    statuses = [(await member.get("/api/v1/vacancies")).status_code for _ in range(n + 1)]
    assert statuses == [200] * n + [429]


async def test_raising_the_limit_applies_at_once(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    other_admin = await api.member(admin, "admin")  # has used none of its budget
    await _clear_of_minute_boundary()
    await _set_limit(admin, 2)
    for _ in range(2):
        assert (await client.get("/api/v1/vacancies")).status_code == 200
    assert (await client.get("/api/v1/vacancies")).status_code == 429
    await _set_limit(other_admin, 10)
    r = await client.get("/api/v1/vacancies")
    assert r.status_code == 200
    assert _int_header(r, "X-RateLimit-Limit") == 10
    assert _int_header(r, "X-RateLimit-Remaining") == 10 - 4  # the 429 counted too


async def test_public_routes_carry_no_principal_headers(api):
    r = await api.anonymous().get("/api/v1/health")
    assert r.status_code == 200
    assert "X-RateLimit-Limit" not in r.headers


async def test_unauthenticated_request_is_401_not_counted(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    await _clear_of_minute_boundary()
    bad = api.anonymous()
    for _ in range(3):
        r = await bad.get("/api/v1/vacancies", headers={"Authorization": "Bearer hb_live_wrong"})
        assert r.status_code == 401
    r = await client.get("/api/v1/vacancies")
    assert _int_header(r, "X-RateLimit-Remaining") == 599


async def test_concurrent_requests_count_down_exactly(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    await _set_limit(admin, 50)
    await _clear_of_minute_boundary(margin=5.0)
    started = time.time()
    responses = await asyncio.gather(*[client.get("/api/v1/vacancies") for _ in range(20)])
    assert int(started // 60) == int(time.time() // 60), "straddled a minute boundary"
    assert [r.status_code for r in responses] == [200] * 20
    assert {r.headers["X-RateLimit-Limit"] for r in responses} == {"50"}
    remaining = sorted(_int_header(r, "X-RateLimit-Remaining") for r in responses)
    assert remaining == list(range(30, 50))
    resets = {r.headers["X-RateLimit-Reset"] for r in responses}
    assert len(resets) == 1


async def test_concurrent_requests_past_the_limit(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    await _set_limit(admin, 10)
    await _clear_of_minute_boundary(margin=5.0)
    responses = await asyncio.gather(*[client.get("/api/v1/vacancies") for _ in range(15)])
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == 10 and statuses.count(429) == 5, statuses
    for r in responses:
        if r.status_code == 429:
            assert _int_header(r, "Retry-After") >= 1
            assert r.headers["X-RateLimit-Remaining"] == "0"
