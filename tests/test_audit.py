"""The hash-chained audit log (SPEC §11): contents, filters, CSV export, verification, access."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from datetime import datetime, timedelta

import pytest

from storage.models import AuditEvent
from storage.scoping import scoped
from tests.helpers import PASSWORD, Client
from tools.audit import _hashed_fields, _row_hash

CSV_COLUMNS = ["seq", "created_at", "actor_type", "actor_id", "action", "target_type", "target_id",
               "request_id", "details", "hash"]


async def _signup(api, request_id: str, company: str = "Audit Co") -> Client:
    client = api.anonymous()
    email = f"admin-{request_id}@example.com".lower()
    r = await client.post("/api/v1/auth/signup", headers={"X-Request-ID": request_id}, json={
        "company_name": company, "name": "Ada Admin", "email": email, "password": PASSWORD})
    body = await r.get_json()
    assert r.status_code == 201, body
    client.csrf, client.user, client.tenant = (body["data"]["csrf_token"], body["data"]["user"],
                                               body["data"]["tenant"])
    return client


async def _create_key(admin, role: str, request_id: str | None = None) -> tuple[str, Client]:
    headers = {"X-Request-ID": request_id} if request_id else {}
    r = await admin.post("/api/v1/api-keys", json={"name": f"{role} key", "role": role}, headers=headers)
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]["id"], Client(admin.http.app.test_client(), api_key=body["data"]["token"],
                                      tenant=admin.tenant)


async def _events(client, **filters) -> list[dict]:
    """Every audit event (all pages), newest first."""
    out, cursor = [], None
    while True:
        qs = {"limit": "100", **filters} | ({"cursor": cursor} if cursor else {})
        r = await client.get("/api/v1/audit", query_string=qs)
        body = await r.get_json()
        assert r.status_code == 200, body
        out.extend(body["data"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            return out


async def _verify(client) -> dict:
    r = await client.get("/api/v1/audit/verify")
    body = await r.get_json()
    assert r.status_code == 200, body
    return body["data"]


def _one(events: list[dict], action: str) -> dict:
    found = [e for e in events if e["action"] == action]
    assert len(found) == 1, (action, [e["action"] for e in events])
    return found[0]


@pytest.fixture
async def populated(api):
    """A tenant with one of each audited write; returns ids for the assertions."""
    admin = await _signup(api, "rid-signup")
    key_id, key = await _create_key(admin, "admin", request_id="rid-key-create")
    r = await key.post("/api/v1/vacancies", json={"title": "Audited role"}, headers={"X-Request-ID": "rid-vac"})
    vacancy = (await r.get_json())["data"]
    assert r.status_code == 201
    member = await api.member(admin, "recruiter")
    r = await admin.patch(f"/api/v1/team/{member.user['id']}", json={"role": "hiring_manager"},
                          headers={"X-Request-ID": "rid-role"})
    assert r.status_code == 200, await r.get_json()
    r = await admin.delete(f"/api/v1/api-keys/{key_id}", headers={"X-Request-ID": "rid-key-revoke"})
    assert r.status_code == 200, await r.get_json()
    return {"admin": admin, "key_id": key_id, "vacancy": vacancy, "member": member}


# --------------------------------------------------------------------------- contents


async def test_writes_are_audited(populated):
    admin, key_id = populated["admin"], populated["key_id"]
    user_id, tenant_id = admin.user["id"], admin.tenant["id"]
    events = await _events(admin)

    ev = _one(events, "tenant.created")
    assert (ev["actor_type"], ev["actor_id"], ev["target_type"], ev["target_id"], ev["request_id"]) == \
        ("user", user_id, "tenant", tenant_id, "rid-signup")
    ev = _one(events, "user.signed_up")
    assert (ev["actor_id"], ev["target_type"], ev["target_id"], ev["request_id"]) == \
        (user_id, "user", user_id, "rid-signup")
    assert ev["details"]["email"] == admin.user["email"]

    ev = _one(events, "api_key.created")
    assert (ev["actor_type"], ev["actor_id"], ev["target_type"], ev["target_id"], ev["request_id"]) == \
        ("user", user_id, "api_key", key_id, "rid-key-create")
    assert ev["details"] == {"name": "admin key", "role": "admin"}
    assert "token" not in json.dumps(ev["details"]) and "hb_live_" not in json.dumps(ev)

    ev = _one(events, "vacancy.created")
    assert (ev["actor_type"], ev["actor_id"], ev["target_type"], ev["target_id"], ev["request_id"]) == \
        ("api_key", key_id, "vacancy", populated["vacancy"]["id"], "rid-vac")
    assert ev["details"]["title"] == "Audited role"

    ev = _one(events, "user.role_changed")
    assert (ev["actor_id"], ev["target_type"], ev["target_id"], ev["request_id"]) == \
        (user_id, "user", populated["member"].user["id"], "rid-role")
    assert ev["details"] == {"from": "recruiter", "to": "hiring_manager"}

    ev = _one(events, "api_key.revoked")
    assert (ev["actor_id"], ev["target_type"], ev["target_id"], ev["request_id"]) == \
        (user_id, "api_key", key_id, "rid-key-revoke")

    _one(events, "user.invited")
    joined = _one(events, "user.joined")
    assert joined["actor_id"] == populated["member"].user["id"]


async def test_events_are_chained_newest_first(populated):
    admin = populated["admin"]
    r = await admin.get("/api/v1/audit")
    body = await r.get_json()
    assert r.status_code == 200
    assert body["meta"]["api_version"] == "v1" and body["meta"]["limit"] == 25
    events = body["data"]
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(len(events), 0, -1)), seqs
    assert body["meta"]["total"] == len(events)
    for e in events:
        assert re.fullmatch(r"[0-9a-f]{64}", e["hash"])
        datetime.fromisoformat(e["created_at"])
    assert len({e["hash"] for e in events}) == len(events)
    times = [datetime.fromisoformat(e["created_at"]) for e in events]
    assert times == sorted(times, reverse=True)


async def test_audit_pagination(populated):
    admin = populated["admin"]
    total = (await (await admin.get("/api/v1/audit")).get_json())["meta"]["total"]
    seen, cursor = [], None
    while True:
        qs = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        body = await (await admin.get("/api/v1/audit", query_string=qs)).get_json()
        seen.extend(e["seq"] for e in body["data"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
    assert seen == list(range(total, 0, -1))


async def test_reads_are_not_audited(populated):
    admin = populated["admin"]
    before = len(await _events(admin))
    await admin.get("/api/v1/vacancies")
    await admin.get(f"/api/v1/vacancies/{populated['vacancy']['id']}")
    await admin.get("/api/v1/audit/verify")
    assert len(await _events(admin)) == before


async def test_tenant_update_is_audited(api):
    admin = await _signup(api, "rid-t")
    r = await admin.patch("/api/v1/tenant", json={"rate_limit_per_minute": 120},
                          headers={"X-Request-ID": "rid-tenant"})
    assert r.status_code == 200
    ev = _one(await _events(admin), "tenant.updated")
    assert ev["request_id"] == "rid-tenant"
    assert ev["details"] == {"rate_limit_per_minute": "120"}


async def test_tenants_see_only_their_own_events(api, populated):
    other = await _signup(api, "rid-other", company="Other Co")
    events = await _events(other)
    assert {e["action"] for e in events} == {"tenant.created", "user.signed_up"}
    assert [e["seq"] for e in events] == [2, 1]
    assert all(e["actor_id"] == other.user["id"] for e in events)


# --------------------------------------------------------------------------- filters


async def test_filter_by_action(populated):
    admin = populated["admin"]
    events = await _events(admin, action="api_key.created")
    assert [e["action"] for e in events] == ["api_key.created"]
    assert await _events(admin, action="no.such.action") == []


async def test_filter_by_actor(populated):
    admin, key_id = populated["admin"], populated["key_id"]
    by_key = await _events(admin, actor=key_id)
    assert [e["action"] for e in by_key] == ["vacancy.created"]
    by_admin = await _events(admin, actor=admin.user["id"])
    assert by_admin and all(e["actor_id"] == admin.user["id"] for e in by_admin)
    assert "vacancy.created" not in {e["action"] for e in by_admin}
    both = await _events(admin, actor=admin.user["id"], action="api_key.revoked")
    assert [e["action"] for e in both] == ["api_key.revoked"]


async def test_filter_by_since_until(populated):
    admin = populated["admin"]
    events = await _events(admin)
    assert len(events) >= 6
    pivot = events[len(events) // 2]
    pivot_at = datetime.fromisoformat(pivot["created_at"])
    at = lambda e: datetime.fromisoformat(e["created_at"])  # noqa: E731

    since = await _events(admin, since=pivot["created_at"])
    assert pivot["seq"] in {e["seq"] for e in since}
    assert {e["seq"] for e in since} == {e["seq"] for e in events if at(e) >= pivot_at}

    until = await _events(admin, until=pivot["created_at"])  # exclusive
    assert pivot["seq"] not in {e["seq"] for e in until}
    assert {e["seq"] for e in until} == {e["seq"] for e in events if at(e) < pivot_at}
    assert len(since) + len(until) == len(events)

    first, last = at(events[-1]), at(events[0])
    window = await _events(admin, since=first.isoformat(), until=(last + timedelta(seconds=1)).isoformat())
    assert len(window) == len(events)
    # "Z" suffix and a zone other than UTC are understood
    z = await _events(admin, since=pivot_at.astimezone().strftime("%Y-%m-%dT%H:%M:%S.%f%z"))
    assert {e["seq"] for e in z} == {e["seq"] for e in since}
    zulu = pivot_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert {e["seq"] for e in await _events(admin, since=zulu)} == {e["seq"] for e in since}
    future = (last + timedelta(days=1)).isoformat()
    assert await _events(admin, since=future) == []
    past = (first - timedelta(days=1)).isoformat()
    assert await _events(admin, until=past) == []


async def test_bad_filter_is_400(populated):
    admin = populated["admin"]
    r = await admin.get("/api/v1/audit", query_string={"since": "yesterday"})
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["code"] == "validation_error"
    assert "since" in {d["field"] for d in body["error"]["details"]}


# --------------------------------------------------------------------------- CSV export


def _parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def test_export_csv(populated):
    admin = populated["admin"]
    r = await admin.get("/api/v1/audit/export.csv")
    assert r.status_code == 200
    assert r.mimetype == "text/csv"
    assert "attachment" in r.headers.get("Content-Disposition", "")
    assert r.headers["X-Request-ID"]
    rows = _parse_csv(await r.get_data(as_text=True))
    assert rows[0] == CSV_COLUMNS
    data = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    events = await _events(admin)
    assert len(data) == len(events)
    assert [int(d["seq"]) for d in data] == list(range(1, len(events) + 1))  # oldest first
    by_seq = {e["seq"]: e for e in events}
    for d in data:
        e = by_seq[int(d["seq"])]
        assert d["action"] == e["action"] and d["hash"] == e["hash"]
        assert d["actor_id"] == (e["actor_id"] or "")
        assert d["request_id"] == (e["request_id"] or "")
        assert json.loads(d["details"]) == e["details"]


async def test_export_csv_filtered(populated):
    admin = populated["admin"]
    r = await admin.get("/api/v1/audit/export.csv", query_string={"action": "vacancy.created"})
    rows = _parse_csv(await r.get_data(as_text=True))
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 2 and rows[1][CSV_COLUMNS.index("action")] == "vacancy.created"
    r = await admin.get("/api/v1/audit/export.csv", query_string={"actor": "usr_nobody"})
    assert _parse_csv(await r.get_data(as_text=True)) == [CSV_COLUMNS]


# --------------------------------------------------------------------------- verification


async def test_verify_ok(populated):
    admin = populated["admin"]
    report = await _verify(admin)
    total = len(await _events(admin))
    assert report == {"ok": True, "checked": total, "first_broken_seq": None, "reason": None}


async def test_verify_detects_changed_details(populated):
    admin = populated["admin"]
    tenant_id = admin.tenant["id"]
    assert (await _verify(admin))["ok"] is True
    updated = await scoped(AuditEvent, tenant_id).filter(seq=2).update(details={"email": "mallory@example.com"})
    assert updated == 1
    report = await _verify(admin)
    assert report["ok"] is False
    assert report["first_broken_seq"] == 2
    assert report["checked"] == 1
    assert report["reason"]


async def test_verify_detects_changed_action(populated):
    admin = populated["admin"]
    await scoped(AuditEvent, admin.tenant["id"]).filter(seq=2).update(action="user.nothing_happened")
    report = await _verify(admin)
    assert (report["ok"], report["first_broken_seq"]) == (False, 2)


async def test_verify_detects_rehashed_row(populated):
    """Re-computing the edited row's own hash does not help: the next link breaks."""
    admin = populated["admin"]
    tenant_id = admin.tenant["id"]
    row = await scoped(AuditEvent, tenant_id).get(seq=2)
    row.details = {"email": "mallory@example.com"}
    new_hash = _row_hash(row.prev_hash, _hashed_fields(row))
    await scoped(AuditEvent, tenant_id).filter(seq=2).update(details=row.details, hash=new_hash)
    report = await _verify(admin)
    assert (report["ok"], report["first_broken_seq"]) == (False, 3)


async def test_verify_detects_deleted_row(populated):
    admin = populated["admin"]
    deleted = await scoped(AuditEvent, admin.tenant["id"]).filter(seq=3).delete()
    assert deleted == 1
    report = await _verify(admin)
    assert (report["ok"], report["first_broken_seq"]) == (False, 3)
    assert report["checked"] == 2


async def test_verify_detects_deleted_last_row(populated):
    admin = populated["admin"]
    tenant_id = admin.tenant["id"]
    last = await scoped(AuditEvent, tenant_id).order_by("-seq").first()
    await scoped(AuditEvent, tenant_id).filter(seq=last.seq).delete()
    report = await _verify(admin)
    assert report["ok"] is False
    assert report["first_broken_seq"] == last.seq


async def test_verify_detects_deleted_first_row(populated):
    admin = populated["admin"]
    await scoped(AuditEvent, admin.tenant["id"]).filter(seq=1).delete()
    report = await _verify(admin)
    assert (report["ok"], report["first_broken_seq"]) == (False, 1)


async def test_tampering_is_per_tenant(api, populated):
    other = await _signup(api, "rid-other2", company="Other Co")
    await scoped(AuditEvent, populated["admin"].tenant["id"]).filter(seq=2).update(action="forged")
    assert (await _verify(populated["admin"]))["ok"] is False
    assert (await _verify(other))["ok"] is True


async def test_chain_continues_after_verify(populated):
    admin = populated["admin"]
    for i in range(3):
        r = await admin.post("/api/v1/vacancies", json={"title": f"more {i}"})
        assert r.status_code == 201
    report = await _verify(admin)
    assert report["ok"] is True and report["checked"] == len(await _events(admin))


# --------------------------------------------------------------------------- access


AUDIT_PATHS = ("/api/v1/audit", "/api/v1/audit/export.csv", "/api/v1/audit/verify")


@pytest.mark.parametrize("role", ["recruiter", "hiring_manager", "interviewer"])
async def test_non_admin_roles_are_forbidden(api, role):
    admin = await api.signup()
    member = await api.member(admin, role)
    _, key = await _create_key(admin, role)
    for client in (member, key):
        for path in AUDIT_PATHS:
            r = await client.get(path)
            body = await r.get_json()
            assert r.status_code == 403, (role, path, body)
            assert body["error"]["code"] == "forbidden"


async def test_admin_key_may_read_audit(api):
    admin = await api.signup()
    _, key = await _create_key(admin, "admin")
    for path in AUDIT_PATHS:
        r = await key.get(path)
        assert r.status_code == 200, (path, await r.get_data(as_text=True))


async def test_anonymous_is_401(api):
    for path in AUDIT_PATHS:
        r = await api.anonymous().get(path)
        assert r.status_code == 401
        assert (await r.get_json())["error"]["code"] == "unauthenticated"


async def test_audit_log_is_append_only_over_http(api):
    admin = await api.signup()
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        r = await admin.call(method, "/api/v1/audit", json={})
        assert r.status_code == 405, (method, r.status_code)
    r = await admin.delete("/api/v1/audit/1")
    assert r.status_code in (404, 405)


# --------------------------------------------------------------------------- concurrency


async def test_concurrent_writers_do_not_fork_the_chain(api):
    admin = await api.signup()
    _, key = await _create_key(admin, "admin")
    _, key2 = await _create_key(admin, "recruiter")
    writers = [key.post("/api/v1/vacancies", json={"title": f"Parallel {i}"}) for i in range(10)]
    writers += [key2.post("/api/v1/vacancies", json={"title": f"Parallel r{i}"}) for i in range(3)]
    writers += [admin.post("/api/v1/vacancies", json={"title": f"Parallel s{i}"}) for i in range(2)]
    responses = await asyncio.gather(*writers)
    assert [r.status_code for r in responses] == [201] * 15
    events = await _events(admin)
    seqs = sorted(e["seq"] for e in events)
    assert seqs == list(range(1, len(events) + 1))
    created = [e for e in events if e["action"] == "vacancy.created"]
    assert len(created) == 15
    assert len({e["target_id"] for e in created}) == 15
    report = await _verify(admin)
    assert report == {"ok": True, "checked": len(events), "first_broken_seq": None, "reason": None}
    # the stored links form one chain
    rows = await scoped(AuditEvent, admin.tenant["id"]).order_by("seq")
    for prev, row in zip(rows, rows[1:], strict=False):
        assert row.prev_hash == prev.hash


async def test_concurrent_writers_in_two_tenants(api):
    a = await api.signup("Tenant A")
    b = await api.signup("Tenant B")
    writes = []
    for i in range(8):
        writes.append(a.post("/api/v1/vacancies", json={"title": f"A{i}"}))
        writes.append(b.post("/api/v1/vacancies", json={"title": f"B{i}"}))
    responses = await asyncio.gather(*writes)
    assert all(r.status_code == 201 for r in responses)
    for client in (a, b):
        events = await _events(client)
        assert sorted(e["seq"] for e in events) == list(range(1, len(events) + 1))
        assert (await _verify(client))["ok"] is True


async def test_concurrent_mixed_writes_keep_one_chain(api):
    """Different write paths (FK inserts, tenant updates, role changes) interleave safely."""
    admin = await api.signup()
    _, key = await _create_key(admin, "admin")
    member = await api.member(admin, "recruiter")
    writes = []
    for i in range(4):
        writes.append(key.post("/api/v1/vacancies", json={"title": f"Mixed {i}"}))
        writes.append(key.post("/api/v1/api-keys", json={"name": f"k{i}", "role": "interviewer"}))
        writes.append(key.patch("/api/v1/tenant", json={"rate_limit_per_minute": 600 + i}))
        writes.append(key.patch(f"/api/v1/team/{member.user['id']}",
                                json={"role": ("recruiter", "hiring_manager")[i % 2]}))
        writes.append(key.post("/api/v1/candidates", json={"name": f"Cand {i}",
                                                          "email": f"cand{i}@example.com"}))
    responses = await asyncio.gather(*writes)
    bodies = [await r.get_data(as_text=True) for r in responses]
    assert all(r.status_code in (200, 201) for r in responses), [
        (r.status_code, b[:200]) for r, b in zip(responses, bodies, strict=True) if r.status_code >= 300]
    events = await _events(admin)
    assert sorted(e["seq"] for e in events) == list(range(1, len(events) + 1))
    assert (await _verify(admin))["ok"] is True
