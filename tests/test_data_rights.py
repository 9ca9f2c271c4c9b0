"""Data-subject rights through HTTP: candidate erasure, retention, tenant export and deletion."""

from __future__ import annotations

import asyncio
import base64
import json
from datetime import date, timedelta
from pathlib import Path

from tortoise import connections

from api.app import create_app
from tests.helpers import Api, multipart
from tests.test_careers_api import apply, cv_text, form, open_vacancy
from tools import worker
from tools.retention import erase_expired_candidates

EMAIL = "zeb.quartermaine@example.org"
NAME = "Zebulon Quartermaine"


async def table_rows_mentioning(needle: str) -> dict[str, int]:
    """Every table of the database (search index shadow tables included), each row as text:
    how many rows per table contain ``needle`` (case-insensitive)."""
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    if postgres:
        _, tables = await conn.execute_query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    else:
        _, tables = await conn.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    found: dict[str, int] = {}
    for (table,) in (tuple(t) for t in tables):
        sql = f'SELECT t::text FROM "{table}" t' if postgres else f'SELECT * FROM "{table}"'
        _, rows = await conn.execute_query(sql)
        hits = sum(needle.lower() in " ".join(_text(v) for v in tuple(row)).lower() for row in rows)
        if hits:
            found[table] = hits
    return found


def _text(value) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def files_mentioning(root: Path, needle: str) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and needle.lower().encode() in p.read_bytes().lower()]


async def _candidate_id(admin, email: str) -> str:
    rows = (await (await admin.get("/api/v1/candidates?limit=100")).get_json())["data"]
    (row,) = [r for r in rows if r["email"] == email]
    return row["id"]


async def _batch_of(admin, vacancy_id: str, files: list[tuple[str, bytes]]) -> dict:
    batch = (await (await admin.post("/api/v1/screening-batches", json={"vacancy_id": vacancy_id})).get_json())["data"]
    r = await admin.call("POST", f"/api/v1/screening-batches/{batch['id']}/files", **multipart(files))
    assert r.status_code == 201, await r.get_json()
    assert (await admin.post(f"/api/v1/screening-batches/{batch['id']}/start")).status_code == 202
    for _ in range(400):
        batch = (await (await admin.get(f"/api/v1/screening-batches/{batch['id']}")).get_json())["data"]
        if batch["status"] == "completed":
            return batch
        await asyncio.sleep(0.05)
    raise AssertionError(f"batch did not finish: {batch}")


async def test_erasure_leaves_no_trace_of_the_person_in_any_table_or_file(api, settings):
    admin = await api.signup(company="Erasure Co")
    vacancy = await open_vacancy(admin)
    # they apply on the careers site: CV file, parse cache, candidate, application, evaluation,
    # events and an acknowledgement email
    r = await apply(api.anonymous(), form(vacancy["id"], name=NAME, email=EMAIL),
                    files=[("cv.txt", cv_text(NAME, EMAIL))])
    assert r.status_code == 201, await r.get_json()
    cand = await _candidate_id(admin, EMAIL)
    # a newer CV replaces the first one (which stays in the store until erasure)
    newer = cv_text(NAME, EMAIL, skills="Go, Rust, PostgreSQL")
    r = await admin.call("POST", f"/api/v1/candidates/{cand}/files", **multipart([("cv2.txt", newer)], field="file"))
    assert r.status_code == 201, await r.get_json()
    # the first CV also went through a screening batch (job item, evaluation without a candidate)
    batch = await _batch_of(admin, vacancy["id"], [("again.txt", cv_text(NAME, EMAIL)),
                                                   ("other.txt", cv_text("Ola Other", "ola@example.net"))])
    # a drafted outreach kept in the library, and a stored idempotent reply quoting the email
    r = await admin.post("/api/v1/ai/outreach", json={"candidate_id": cand, "vacancy_id": vacancy["id"],
                                                      "save_to_library": True})
    assert r.status_code == 200, await r.get_json()
    r = await admin.post(f"/api/v1/candidates/{cand}/tags", json={"add": ["vip"]},
                         headers={"Idempotency-Key": "tag-zeb"})
    assert r.status_code == 200 and EMAIL in (await r.get_data(as_text=True))
    # a chat about them
    r = await admin.post("/api/v1/chat", json={"message": f"show {NAME}", "stream": False})
    assert r.status_code == 200 and NAME in (await r.get_json())["data"]["text"]
    chat = (await r.get_json())["data"]["conversation_id"]
    # someone else in the tenant, who must stay
    other = (await (await admin.post("/api/v1/candidates", json={
        "name": "Kept Person", "email": "kept@example.com"})).get_json())["data"]["id"]
    assert {"candidate", "stored_file", "outbox_event", "idempotency_record", "conversation"} <= set(
        await table_rows_mentioning(EMAIL))
    assert {"candidate", "job_item", "library_item", "evaluation", "outbox_event"} <= set(
        await table_rows_mentioning("Zebulon"))
    assert len(files_mentioning(settings.data_dir, EMAIL)) == 3   # two CVs and the acknowledgement

    r = await admin.delete(f"/api/v1/candidates/{cand}?erase=true")
    body = await r.get_json()
    assert r.status_code == 200, body
    out = body["data"]
    assert out["erased"] is True and len(out["deleted_files"]) == 2 and out["kept_files"] == []
    assert out["redacted"]["job_items"] == 1 and out["redacted"]["evaluations"] == 1
    assert out["redacted"]["library_items"] == 1 and out["redacted"]["stored_replies"] == 1
    assert out["redacted"]["mail"] >= 1 and out["redacted"]["conversations"] == 1

    assert await table_rows_mentioning(EMAIL) == {}
    assert await table_rows_mentioning("Zebulon") == {}
    assert files_mentioning(settings.data_dir, EMAIL) == []
    assert (await admin.get(f"/api/v1/candidates/{cand}")).status_code == 404
    # the chat reads on, the person replaced by a marker, and can continue
    talk = (await (await admin.get(f"/api/v1/conversations/{chat}")).get_json())["data"]
    assert talk["messages"][0]["text"] == "show [erased]"
    r = await admin.post("/api/v1/chat", json={"message": "help", "conversation_id": chat, "stream": False})
    assert r.status_code == 200 and (await r.get_json())["data"]["error"] is None
    assert (await admin.get(f"/api/v1/candidates/{other}")).status_code == 200
    # the batch still reads, its erased item says why; the other item is untouched
    results = (await (await admin.get(f"/api/v1/screening-batches/{batch['id']}/results")).get_json())["data"]
    by_status = {r["status"]: r for r in results["results"]}
    assert by_status["failed"]["error"]["code"] == "erased" and by_status["done"]["candidate_name"] == "Ola Other"
    erased_item = by_status["failed"]["id"]
    report = await admin.get(f"/api/v1/screening-batches/{batch['id']}/items/{erased_item}")
    assert report.status_code == 200 and (await report.get_json())["data"]["candidate"] is None
    # the vacancy no longer counts them; the audit keeps ids and counts, and its chain holds
    v = (await (await admin.get(f"/api/v1/vacancies/{vacancy['id']}")).get_json())["data"]
    assert v["applicants_count"] == 0
    trail = (await (await admin.get("/api/v1/audit?action=candidate.erased")).get_json())["data"]
    assert [e["target_id"] for e in trail] == [cand] and trail[0]["details"]["reason"] == "request"
    assert (await (await admin.get("/api/v1/audit/verify")).get_json())["data"]["ok"] is True


async def test_erasure_stays_inside_the_tenant_and_needs_write_rights(api, settings):
    a, b = await api.signup(company="Tenant A"), await api.signup(company="Tenant B")
    mine = (await (await a.post("/api/v1/candidates", json={"name": NAME, "email": EMAIL})).get_json())["data"]["id"]
    theirs = (await (await b.post("/api/v1/candidates", json={"name": NAME, "email": EMAIL})).get_json())["data"]["id"]
    r = await b.call("POST", f"/api/v1/candidates/{theirs}/files",
                     **multipart([("cv.txt", cv_text(NAME, EMAIL))], field="file"))
    assert r.status_code == 201
    file_b = (await r.get_json())["data"]["file"]["id"]

    assert (await b.delete(f"/api/v1/candidates/{mine}?erase=true")).status_code == 404
    hm = await api.member(a, "hiring_manager")
    assert (await hm.delete(f"/api/v1/candidates/{mine}?erase=true")).status_code == 403
    assert (await a.delete(f"/api/v1/candidates/{mine}?erase=yes-please")).status_code == 400
    assert (await a.delete(f"/api/v1/candidates/{mine}?erase=true")).status_code == 200

    kept = (await (await b.get(f"/api/v1/candidates/{theirs}")).get_json())["data"]
    assert kept["email"] == EMAIL
    download = await b.get(f"/api/v1/files/{file_b}")
    assert download.status_code == 200 and EMAIL.encode() in await download.get_data()


async def test_the_worker_erases_candidates_past_their_retention_date(api, settings):
    admin = await api.signup(company="Retention Co")
    today = date.today()
    expired = (await (await admin.post("/api/v1/candidates", json={
        "name": "Old Applicant", "email": "old@example.com",
        "retention_until": (today - timedelta(days=1)).isoformat()})).get_json())["data"]["id"]
    current = (await (await admin.post("/api/v1/candidates", json={
        "name": "Fresh Applicant", "email": "fresh@example.com",
        "retention_until": today.isoformat()})).get_json())["data"]["id"]

    assert await erase_expired_candidates(today) == 1
    assert (await admin.get(f"/api/v1/candidates/{expired}")).status_code == 404
    assert (await admin.get(f"/api/v1/candidates/{current}")).status_code == 200
    (entry,) = (await (await admin.get("/api/v1/audit?action=candidate.erased")).get_json())["data"]
    assert entry["actor_type"] == "system" and entry["details"]["reason"] == "retention"
    assert await erase_expired_candidates(today) == 0
    assert await erase_expired_candidates(today + timedelta(days=1)) == 1


async def test_the_worker_loop_runs_the_retention_sweep(settings):
    app = create_app(settings.model_copy(update={"embedded_worker": False}))
    async with app.test_app():
        api = Api(app, settings)
        admin = await api.signup(company="Sweep Co")
        expired = (await (await admin.post("/api/v1/candidates", json={
            "name": "Past Due", "email": "due@example.com",
            "retention_until": (date.today() - timedelta(days=3)).isoformat()})).get_json())["data"]["id"]
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run_worker(stop, idle_seconds=0.05))
        for _ in range(100):
            if (await admin.get(f"/api/v1/candidates/{expired}")).status_code == 404:
                break
            await asyncio.sleep(0.05)
        await worker.stop_gracefully(task, stop)
        assert (await admin.get(f"/api/v1/candidates/{expired}")).status_code == 404


async def _export(client, query: str = "") -> tuple[int, str]:
    r = await client.get(f"/api/v1/tenant/export{query}")
    return r.status_code, await r.get_data(as_text=True)


async def test_tenant_export_holds_all_its_data_and_no_secrets(api):
    a, b = await api.signup(company="Export A"), await api.signup(company="Export B")
    await api.key_client(a, "recruiter")
    cv = cv_text("Ada Exported", "ada@example.com")
    r = await a.call("POST", "/api/v1/parse", **multipart([("ada.txt", cv)], {"create_candidates": True}))
    assert r.status_code == 200, await r.get_json()
    await b.post("/api/v1/candidates", json={"name": "Bea Elsewhere", "email": "bea@example.com"})

    status, text = await _export(a)
    assert status == 200
    doc = json.loads(text)
    assert doc["format"] == "hirebot-export/1" and doc["tenant"]["id"] == a.tenant["id"]
    tables = doc["tables"]
    assert [c["email"] for c in tables["candidate"]] == ["ada@example.com"]
    assert {u["password_hash"] for u in tables["app_user"]} == {"[scrubbed]"}
    assert {k["token_hash"] for k in tables["api_key"]} == {"[scrubbed]"}
    assert "web_session" not in tables and "$argon2" not in text
    assert all(row["tenant_id"] == a.tenant["id"] for rows in tables.values() for row in rows)
    assert b.tenant["id"] not in text and "bea@example.com" not in text
    assert "content_base64" not in tables["stored_file"][0]
    _, with_files = await _export(a, "?include_files=true")
    (stored,) = json.loads(with_files)["tables"]["stored_file"]
    assert base64.b64decode(stored["content_base64"]) == cv
    trail = (await (await a.get("/api/v1/audit?action=tenant.exported")).get_json())["data"]
    assert len(trail) == 2

    recruiter = await api.member(a, "recruiter")
    assert (await _export(recruiter))[0] == 403


async def test_tenant_deletion_needs_the_typed_slug_and_leaves_other_tenants_alone(api, settings):
    a, b = await api.signup(company="Doomed Corp"), await api.signup(company="Survivor Ltd")
    for client, name in ((a, "Ann Doomed"), (b, "Sam Survivor")):
        r = await client.call("POST", "/api/v1/parse", **multipart(
            [("cv.txt", cv_text(name, f"{name.split()[0].lower()}@example.com"))], {"create_candidates": True}))
        assert r.status_code == 200, await r.get_json()
    await open_vacancy(a)
    survivor_file = (await (await b.get("/api/v1/candidates")).get_json())["data"][0]["cv_file_id"]
    before_b = await _export(b)
    key = await api.key_client(a, "admin")
    recruiter = await api.member(a, "recruiter")
    slug = a.tenant["slug"]
    assert slug == "doomed-corp"

    assert (await a.call("DELETE", "/api/v1/tenant", json={"confirm": "Doomed"})).status_code == 400
    assert (await key.call("DELETE", "/api/v1/tenant", json={"confirm": slug})).status_code == 403
    assert (await recruiter.call("DELETE", "/api/v1/tenant", json={"confirm": slug})).status_code == 403
    assert (await a.get("/api/v1/auth/me")).status_code == 200   # nothing happened yet

    r = await a.call("DELETE", "/api/v1/tenant", json={"confirm": slug})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["rows"]["candidate"] == 1 and body["data"]["rows"]["vacancy"] == 1
    assert body["data"]["files"] == 1

    assert (await a.get("/api/v1/auth/me")).status_code == 401
    assert (await key.get("/api/v1/auth/me")).status_code == 401
    assert await table_rows_mentioning(a.tenant["id"]) == {}
    assert await table_rows_mentioning("ann@example.com") == {}
    assert not (Path(settings.data_dir) / "files" / a.tenant["id"]).exists()
    # the other tenant: same data as before, its file still downloads
    after_b = await _export(b)
    assert json.loads(after_b[1])["tables"]["candidate"] == json.loads(before_b[1])["tables"]["candidate"]
    assert (await b.get(f"/api/v1/files/{survivor_file}")).status_code == 200
    assert (await b.get("/api/v1/audit/verify")).status_code == 200

