"""``Idempotency-Key`` on POST (SPEC §3): replay, conflicts, scoping, secret redaction."""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import timedelta

from storage.models import IdempotencyRecord
from storage.scoping import unscoped
from tools.clock import utcnow


async def _clear_of_minute_boundary(margin: float = 3.0) -> None:
    """Rate-limit windows are calendar minutes: start a short sequence well inside one."""
    left = 60 - time.time() % 60
    if left < margin:
        await asyncio.sleep(left + 0.05)


def _key() -> str:
    return f"idem-{secrets.token_hex(8)}"


async def _post(client, path: str, body: dict, key: str | None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    r = await client.post(path, json=body, headers=headers)
    return r, await r.get_json()


async def _total(client, path: str = "/api/v1/vacancies") -> int:
    r = await client.get(path)
    body = await r.get_json()
    assert r.status_code == 200, body
    return body["meta"]["total"]


async def _audit_count(admin, action: str) -> int:
    r = await admin.get("/api/v1/audit", query_string={"action": action, "limit": "100"})
    body = await r.get_json()
    assert r.status_code == 200, body
    return body["meta"]["total"]


async def test_replay_returns_first_response_and_creates_nothing(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    key = _key()
    r1, b1 = await _post(client, "/api/v1/vacancies", {"title": "Data engineer"}, key)
    assert r1.status_code == 201, b1
    assert "Idempotent-Replayed" not in r1.headers

    r2, b2 = await _post(client, "/api/v1/vacancies", {"title": "Data engineer"}, key)
    assert r2.status_code == 201, b2
    assert r2.headers["Idempotent-Replayed"] == "true"
    assert r2.mimetype == "application/json"
    assert b2["data"] == b1["data"]
    assert b2["data"]["id"] == b1["data"]["id"]
    # the replay still gets its own request id header; the stored body is the first one
    assert r2.headers["X-Request-ID"] != r1.headers["X-Request-ID"]
    assert b2["meta"]["request_id"] == b1["meta"]["request_id"]

    r3, b3 = await _post(client, "/api/v1/vacancies", {"title": "Data engineer"}, key)
    assert r3.status_code == 201 and b3["data"]["id"] == b1["data"]["id"]

    assert await _total(client) == 1
    assert await _audit_count(admin, "vacancy.created") == 1


async def test_replay_with_session_principal(api):
    admin = await api.signup()
    key = _key()
    r1, b1 = await _post(admin, "/api/v1/vacancies", {"title": "PM"}, key)
    r2, b2 = await _post(admin, "/api/v1/vacancies", {"title": "PM"}, key)
    assert r1.status_code == r2.status_code == 201
    assert r2.headers.get("Idempotent-Replayed") == "true"
    assert b2["data"]["id"] == b1["data"]["id"]
    assert await _total(admin) == 1


async def test_without_key_each_post_creates(api):
    admin = await api.signup()
    ids = {(await _post(admin, "/api/v1/vacancies", {"title": "Same"}, None))[1]["data"]["id"]
           for _ in range(3)}
    assert len(ids) == 3
    assert await _total(admin) == 3


async def test_same_key_different_body_is_409(api):
    admin = await api.signup()
    client = await api.key_client(admin, "admin")
    key = _key()
    r1, b1 = await _post(client, "/api/v1/vacancies", {"title": "First"}, key)
    assert r1.status_code == 201, b1
    r2, b2 = await _post(client, "/api/v1/vacancies", {"title": "Second"}, key)
    assert r2.status_code == 409, b2
    assert b2["error"]["code"] == "conflict"
    assert b2["error"]["details"] == {"header": "Idempotency-Key"}
    assert "Idempotent-Replayed" not in r2.headers
    assert await _total(client) == 1
    titles = [v["title"] for v in (await (await client.get("/api/v1/vacancies")).get_json())["data"]]
    assert titles == ["First"]


async def test_same_key_different_path_is_409(api):
    admin = await api.signup()
    key = _key()
    r1, _ = await _post(admin, "/api/v1/vacancies", {"title": "X"}, key)
    assert r1.status_code == 201
    r2, b2 = await _post(admin, "/api/v1/candidates", {"title": "X"}, key)
    assert r2.status_code == 409, b2
    assert b2["error"]["code"] == "conflict"


async def test_different_principals_are_independent(api):
    admin = await api.signup()
    key_a = await api.key_client(admin, "recruiter")
    key_b = await api.key_client(admin, "recruiter")
    other_tenant = await api.signup("Other Co")
    key = _key()
    body = {"title": "Shared key"}
    ids = set()
    for client in (admin, key_a, key_b, other_tenant):
        r, b = await _post(client, "/api/v1/vacancies", body, key)
        assert r.status_code == 201, b
        assert "Idempotent-Replayed" not in r.headers
        ids.add(b["data"]["id"])
    assert len(ids) == 4
    assert await _total(admin) == 3
    assert await _total(other_tenant) == 1
    # ... and each principal replays its own response only
    r, b = await _post(key_b, "/api/v1/vacancies", body, key)
    assert r.headers.get("Idempotent-Replayed") == "true"
    assert b["data"]["id"] in ids
    # a different body under another principal's key is not a conflict for this one
    r, b = await _post(other_tenant, "/api/v1/vacancies", {"title": "Shared key"}, key)
    assert r.status_code == 201 and r.headers.get("Idempotent-Replayed") == "true"


async def test_api_key_replay_does_not_reveal_token(api):
    admin = await api.signup()
    key = _key()
    r1, b1 = await _post(admin, "/api/v1/api-keys", {"name": "CI", "role": "recruiter"}, key)
    assert r1.status_code == 201, b1
    token = b1["data"]["token"]
    assert token.startswith("hb_live_")

    r2, b2 = await _post(admin, "/api/v1/api-keys", {"name": "CI", "role": "recruiter"}, key)
    assert r2.status_code == 201, b2
    assert r2.headers["Idempotent-Replayed"] == "true"
    assert b2["data"]["id"] == b1["data"]["id"]
    assert b2["data"]["prefix"] == b1["data"]["prefix"]
    assert "token" in b2["data"] and b2["data"]["token"] is None
    raw = await r2.get_data(as_text=True)
    assert token not in raw
    assert token[len("hb_live_"):] not in raw

    # the stored record never held the token either
    rows = await unscoped(IdempotencyRecord).filter(key=key)
    assert len(rows) == 1 and token not in (rows[0].response_body or "")

    # only one key exists and the token shown first still works
    keys = await (await admin.get("/api/v1/api-keys")).get_json()
    assert keys["meta"]["total"] == 1
    r = await api.anonymous().get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200


async def test_concurrent_same_key_creates_once(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    key = _key()
    results = await asyncio.gather(*[
        _post(client, "/api/v1/vacancies", {"title": "Race"}, key) for _ in range(5)])
    statuses = sorted(r.status_code for r, _ in results)
    assert set(statuses) <= {201, 409}, statuses
    fresh = [b for r, b in results if r.status_code == 201 and "Idempotent-Replayed" not in r.headers]
    assert len(fresh) == 1, [(r.status_code, dict(r.headers)) for r, _ in results]
    for r, b in results:
        if r.status_code == 201:
            assert b["data"]["id"] == fresh[0]["data"]["id"]
        else:
            assert b["error"]["code"] == "conflict"
    assert await _total(client) == 1
    # after the race the key replays
    r, b = await _post(client, "/api/v1/vacancies", {"title": "Race"}, key)
    assert r.status_code == 201 and r.headers["Idempotent-Replayed"] == "true"
    assert b["data"]["id"] == fresh[0]["data"]["id"]


async def test_error_responses_are_replayed_too(api):
    """A 4xx answer is the first response as well; the same request gets it again."""
    admin = await api.signup()
    interviewer = await api.key_client(admin, "interviewer")
    key = _key()
    r1, b1 = await _post(interviewer, "/api/v1/vacancies", {"title": "Nope"}, key)
    assert r1.status_code == 403, b1
    r2, b2 = await _post(interviewer, "/api/v1/vacancies", {"title": "Nope"}, key)
    assert r2.status_code == 403 and b2["error"]["code"] == "forbidden"
    assert await _total(admin) == 0


async def test_key_is_ignored_on_get(api):
    admin = await api.signup()
    key = _key()
    await _post(admin, "/api/v1/vacancies", {"title": "A"}, None)
    r1 = await admin.get("/api/v1/vacancies", headers={"Idempotency-Key": key})
    await _post(admin, "/api/v1/vacancies", {"title": "B"}, None)
    r2 = await admin.get("/api/v1/vacancies", headers={"Idempotency-Key": key})
    assert (await r1.get_json())["meta"]["total"] == 1
    assert (await r2.get_json())["meta"]["total"] == 2
    assert "Idempotent-Replayed" not in r2.headers


async def test_invalid_key_length_is_400(api):
    admin = await api.signup()
    for bad in ("x" * 256, ""):
        r, b = await _post(admin, "/api/v1/vacancies", {"title": "A"}, bad)
        assert r.status_code == 400, b
        assert b["error"]["code"] == "validation_error"
        assert b["error"]["details"] == {"header": "Idempotency-Key"}
    r, b = await _post(admin, "/api/v1/vacancies", {"title": "B"}, "x" * 255)
    assert r.status_code == 201, b


async def test_expired_key_can_be_reused(api):
    admin = await api.signup()
    key = _key()
    r1, b1 = await _post(admin, "/api/v1/vacancies", {"title": "Old"}, key)
    assert r1.status_code == 201
    await unscoped(IdempotencyRecord).filter(key=key).update(created_at=utcnow() - timedelta(hours=25))
    r2, b2 = await _post(admin, "/api/v1/vacancies", {"title": "New"}, key)
    assert r2.status_code == 201, b2
    assert "Idempotent-Replayed" not in r2.headers
    assert b2["data"]["id"] != b1["data"]["id"]
    # within 24 h it still replays
    await unscoped(IdempotencyRecord).filter(key=key).update(created_at=utcnow() - timedelta(hours=23))
    r3, b3 = await _post(admin, "/api/v1/vacancies", {"title": "New"}, key)
    assert r3.headers.get("Idempotent-Replayed") == "true"
    assert b3["data"]["id"] == b2["data"]["id"]


async def test_rate_limited_request_does_not_claim_key(api):
    admin = await api.signup()
    client = await api.key_client(admin, "recruiter")
    r = await admin.patch("/api/v1/tenant", json={"rate_limit_per_minute": 1})
    assert r.status_code == 200, await r.get_json()
    await _clear_of_minute_boundary()
    assert (await client.get("/api/v1/vacancies")).status_code == 200  # the one request this minute
    key = _key()
    r, b = await _post(client, "/api/v1/vacancies", {"title": "Later"}, key)
    assert r.status_code == 429, b
    assert b["error"]["code"] == "rate_limited"
    assert not await unscoped(IdempotencyRecord).filter(key=key).exists()
