"""Candidates over HTTP: create/patch/delete, filters, pagination, tags, files, merge."""

from __future__ import annotations

import asyncio

from storage.models import Application, Candidate, OutboxEvent, StoredFile, Vacancy
from storage.scoping import scoped
from tests.helpers import multipart

CV = b"Amara Okafor\namara@example.com\n\nEXPERIENCE\nBackend Engineer, Paystack, 2019 - present\n\nSKILLS\nGo, Python\n"


async def body(r, status: int):
    data = await r.get_json()
    assert r.status_code == status, data
    return data


async def make(client, **fields) -> dict:
    r = await client.post("/api/v1/candidates", json={"name": "Someone", **fields})
    return (await body(r, 201))["data"]


async def make_vacancy(client, title: str = "Backend Engineer") -> str:
    r = await client.post("/api/v1/vacancies", json={"title": title, "status": "open"})
    return (await body(r, 201))["data"]["id"]


async def apply(client, candidate_email: str, vacancy_id: str) -> None:
    r = await client.post("/api/v1/candidates/import", json={
        "rows": [{"name": "x", "email": candidate_email}], "vacancy_id": vacancy_id})
    assert (await body(r, 200))["data"]["errors"] == []


async def events(tenant_id: str, kind: str) -> list[dict]:
    return [e.data for e in await scoped(OutboxEvent, tenant_id).filter(type=kind).order_by("created_at")]


async def test_create_patch_and_tags(api):
    admin = await api.signup()
    c = await make(admin, email="Ada@Example.com", skills=["golang"], tags=[" Remote ", "remote", "Senior  Go"],
                   consent_at="2026-01-02T03:04:05Z", retention_until="2028-01-01", source="referral")
    assert c["email"] == "ada@example.com" and c["tags"] == ["remote", "senior go"]
    assert c["consent_at"].startswith("2026-01-02") and c["retention_until"] == "2028-01-01"
    r = await admin.patch(f"/api/v1/candidates/{c['id']}", json={"headline": "Staff engineer", "skills": ["Rust"]})
    patched = (await body(r, 200))["data"]
    assert patched["headline"] == "Staff engineer" and patched["skills"] == ["Rust"] and patched["name"] == "Someone"
    row = await scoped(Candidate, admin.tenant["id"]).get(id=c["id"])
    assert "staff" in row.search_text and row.screening_facts is None
    r = await admin.post(f"/api/v1/candidates/{c['id']}/tags", json={"add": ["Lagos", "REMOTE"], "remove": ["senior go"]})
    assert (await body(r, 200))["data"]["tags"] == ["remote", "lagos"]
    updates = await events(admin.tenant["id"], "candidate.updated")
    assert [e["id"] for e in updates] == [c["id"], c["id"]]
    # validation and conflicts
    for bad in ({"name": None}, {"email": "not-an-email"}, {"tags": ["x" * 61]}, {"skills": None}):
        r = await admin.patch(f"/api/v1/candidates/{c['id']}", json=bad)
        assert (await body(r, 400))["error"]["code"] == "validation_error"
    other = await make(admin, email="b@example.com")
    r = await admin.patch(f"/api/v1/candidates/{other['id']}", json={"email": "ada@example.com"})
    await body(r, 409)


async def test_filters_combine(api):
    admin = await api.signup()
    vac = await make_vacancy(admin)
    a = await make(admin, name="Ada Go", email="a@example.com", skills=["Go"], tags=["remote"], location="Lagos",
                   source="referral")
    b = await make(admin, name="Bola Py", email="b@example.com", skills=["Python"], tags=["remote"], location="Accra")
    c = await make(admin, name="Chi Go", email="c@example.com", skills=["golang"], location="Lagos, Nigeria")
    await apply(admin, "c@example.com", vac)
    await scoped(Application, admin.tenant["id"]).filter(candidate_id=c["id"]).update(stage="interview")

    async def ids(query: str) -> list[str]:
        r = await admin.get(f"/api/v1/candidates?{query}")
        return [x["id"] for x in (await body(r, 200))["data"]]

    assert await ids("tag=REMOTE") == [b["id"], a["id"]]
    assert await ids("skill=golang") == [c["id"], a["id"]]
    assert await ids("skill=Go&tag=remote") == [a["id"]]
    assert await ids("location=lagos") == [c["id"], a["id"]]
    assert await ids("source=referral") == [a["id"]]
    assert await ids(f"vacancy_id={vac}") == [c["id"]]
    assert await ids(f"vacancy_id={vac}&stage=applied") == []
    assert await ids("stage=interview") == [c["id"]]
    assert await ids("created_after=2000-01-01T00:00:00Z&created_before=2100-01-01T00:00:00Z") == [c["id"], b["id"], a["id"]]
    assert await ids("created_after=2100-01-01T00:00:00Z") == []
    # q combines with the other filters
    assert await ids("q=go") == [a["id"], c["id"]] or await ids("q=go") == [c["id"], a["id"]]
    assert await ids("q=go&location=accra") == []
    assert await ids("q=go&tag=remote") == [a["id"]]
    assert await ids(f"q=go&vacancy_id={vac}&stage=interview") == [c["id"]]
    assert await ids("q=go&source=referral") == [a["id"]]
    assert await ids("q=go&created_after=2000-01-01T01:00:00%2B01:00&created_before=2100-01-01T00:00:00") in (
        [a["id"], c["id"]], [c["id"], a["id"]])
    assert await ids("q=go&created_before=2000-01-01T00:00:00Z") == []
    r = await admin.get("/api/v1/candidates?stage=bogus")
    await body(r, 400)


async def test_pagination_walks_250_without_gaps(api):
    admin = await api.signup()
    rows = [{"name": f"Person {n}", "email": f"p{n}@example.com", "tags": ["bulk"]} for n in range(250)]
    r = await admin.post("/api/v1/candidates/import", json={"rows": rows})
    made = (await body(r, 200))["data"]
    assert made["created"] == 250
    for query in ("limit=100", "limit=100&tag=bulk", "limit=100&q=person"):
        seen, cursor, pages = [], None, 0
        while True:
            r = await admin.get(f"/api/v1/candidates?{query}" + (f"&cursor={cursor}" if cursor else ""))
            page = await body(r, 200)
            assert page["meta"]["total"] == 250, query
            seen += [c["id"] for c in page["data"]]
            cursor, pages = page["meta"]["next_cursor"], pages + 1
            if cursor is None:
                break
        assert pages == 3 and len(seen) == 250 and set(seen) == set(made["candidate_ids"]), query


async def test_get_includes_applications_and_latest_evaluations(api):
    admin = await api.signup()
    vac = await make_vacancy(admin)
    c = await make(admin, email="e@example.com", skills=["Go"])
    await apply(admin, "e@example.com", vac)
    app_id = (await scoped(Application, admin.tenant["id"]).get(candidate_id=c["id"])).id
    for _ in range(2):
        r = await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={})
        last = (await body(r, 201))["data"]
    r = await admin.get(f"/api/v1/candidates/{c['id']}")
    got = (await body(r, 200))["data"]
    assert got["applications"] == [{"id": app_id, "vacancy_id": vac, "stage": "applied", "score": last["score"]}]
    assert [e["id"] for e in got["latest_evaluations"]] == [last["id"]]


async def test_files_attach_download_delete(api):
    admin = await api.signup()
    c = await make(admin, email="f@example.com")
    r = await admin.call("POST", f"/api/v1/candidates/{c['id']}/files",
                         **multipart([("../etc/évil;cv.txt", CV)], field="file"))
    attached = (await body(r, 201))["data"]
    file_id = attached["file"]["id"]
    assert attached["candidate"]["cv_file_id"] == file_id and attached["file"]["content_type"] == "text/plain"
    r = await admin.get(f"/api/v1/candidates/{c['id']}/files")
    assert [f["id"] for f in (await body(r, 200))["data"]["files"]] == [file_id]
    r = await admin.get(f"/api/v1/files/{file_id}")
    assert r.status_code == 200 and await r.get_data() == CV
    assert r.headers["Content-Type"].startswith("text/plain")
    assert r.headers["Content-Disposition"] == 'attachment; filename="evil_cv.txt"'
    r = await admin.delete(f"/api/v1/files/{file_id}")
    assert (await body(r, 409))["error"]["details"]["candidates"] == [c["id"]]
    # limits and sniffing
    r = await admin.call("POST", "/api/v1/files", **multipart([("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50)], field="file"))
    await body(r, 415)
    r = await admin.call("POST", "/api/v1/files", **multipart([("big.txt", b"a" * (10 * 1024 * 1024 + 1))], field="file"))
    await body(r, 413)
    r = await admin.call("POST", "/api/v1/files", **multipart([("a.txt", CV), ("b.txt", CV)], field="file"))
    await body(r, 400)
    # a generic file is deletable; the bytes go
    r = await admin.call("POST", "/api/v1/files", **multipart([("note.pdf", b"%PDF-1.4\n%%EOF\n")], field="file"))
    generic = (await body(r, 201))["data"]
    assert generic["content_type"] == "application/pdf"
    r = await admin.delete(f"/api/v1/files/{generic['id']}")
    await body(r, 200)
    r = await admin.get(f"/api/v1/files/{generic['id']}")
    await body(r, 404)
    # another tenant cannot see the file
    other = await api.signup(company="Other")
    r = await other.get(f"/api/v1/files/{file_id}")
    await body(r, 404)
    interviewer = await api.member(admin, "interviewer")
    r = await interviewer.get(f"/api/v1/files/{file_id}")
    await body(r, 403)
    manager = await api.member(admin, "hiring_manager")
    r = await manager.get(f"/api/v1/files/{file_id}")
    assert r.status_code == 200


async def test_delete_erases_candidate_and_unshared_files(api, settings):
    admin = await api.signup()
    tid = admin.tenant["id"]
    vac = await make_vacancy(admin)
    c = await make(admin, email="d@example.com")
    keep = await make(admin, email="k@example.com")
    await apply(admin, "d@example.com", vac)
    assert (await scoped(Vacancy, tid).get(id=vac)).applicants_count in (0, 1)
    before = (await scoped(Vacancy, tid).get(id=vac)).applicants_count
    r = await admin.call("POST", f"/api/v1/candidates/{c['id']}/files", **multipart([("cv.txt", CV)], field="file"))
    own_file = (await body(r, 201))["data"]["file"]["id"]
    shared = CV + b"\nshared"
    for who in (c, keep):
        r = await admin.call("POST", f"/api/v1/candidates/{who['id']}/files", **multipart([("s.txt", shared)], field="file"))
        shared_id = (await body(r, 201))["data"]["file"]["id"]
    sha = (await scoped(StoredFile, tid).get(id=shared_id)).sha256
    r = await admin.delete(f"/api/v1/candidates/{c['id']}")
    out = (await body(r, 200))["data"]
    assert out["deleted_files"] == [] and out["kept_files"] == [shared_id]
    # the first CV was replaced: attach it again to see it erased
    c2 = await make(admin, email="d2@example.com")
    r = await admin.call("POST", f"/api/v1/candidates/{c2['id']}/files", **multipart([("cv.txt", CV)], field="file"))
    assert (await body(r, 201))["data"]["file"]["id"] == own_file
    r = await admin.delete(f"/api/v1/candidates/{c2['id']}")
    assert (await body(r, 200))["data"]["deleted_files"] == [own_file]
    assert not await scoped(StoredFile, tid).filter(id=own_file).exists()
    assert await scoped(StoredFile, tid).filter(sha256=sha).exists()
    assert not await scoped(Application, tid).filter(candidate_id=c["id"]).exists()
    assert (await scoped(Vacancy, tid).get(id=vac)).applicants_count == max(before - 1, 0)
    r = await admin.get(f"/api/v1/candidates/{c['id']}")
    await body(r, 404)
    assert [e["id"] for e in await events(tid, "candidate.deleted")] == [c["id"], c2["id"]]
    r = await admin.delete(f"/api/v1/candidates/{c['id']}")
    await body(r, 404)


async def test_merge_moves_history_and_leaves_a_tombstone(api):
    admin = await api.signup()
    tid = admin.tenant["id"]
    v1, v2, v3 = [await make_vacancy(admin, t) for t in ("One", "Two", "Three")]
    keep = await make(admin, name="Ada", email="ada@example.com", tags=["a"], skills=["Go"])
    other = await make(admin, name="Ada O.", phone="+2348000000000", location="Lagos", tags=["b"], skills=["SQL"],
                       email="ada.o@example.com")
    for email, vac in (("ada@example.com", v1), ("ada.o@example.com", v1), ("ada.o@example.com", v2),
                       ("ada@example.com", v3), ("ada.o@example.com", v3)):
        await apply(admin, email, vac)
    apps = scoped(Application, tid)
    await apps.filter(candidate_id=other["id"], vacancy_id=v1).update(stage="interview")   # further along: moves
    await apps.filter(candidate_id=keep["id"], vacancy_id=v3).update(stage="offer")        # kept's stays
    dropped_v3 = (await apps.get(candidate_id=other["id"], vacancy_id=v3)).id
    r = await admin.post(f"/api/v1/applications/{dropped_v3}/evaluate", json={})
    moved_eval = (await body(r, 201))["data"]["id"]
    r = await admin.post("/api/v1/talent-pool", json={"candidate_id": other["id"], "department": "Eng"})
    await body(r, 201)
    r = await admin.post(f"/api/v1/vacancies/{v1}/shortlists", json={"name": "Top"})
    sl = (await body(r, 201))["data"]["id"]
    r = await admin.post(f"/api/v1/shortlists/{sl}/candidates", json={"candidate_ids": [keep["id"], other["id"]]})
    await body(r, 200)
    r = await admin.call("POST", f"/api/v1/candidates/{other['id']}/files", **multipart([("cv.txt", CV)], field="file"))
    other_file = (await body(r, 201))["data"]["file"]["id"]

    r = await admin.post(f"/api/v1/candidates/{keep['id']}/merge", json={"other_id": other["id"]})
    merged = (await body(r, 200))["data"]
    assert merged["merged_id"] == other["id"]
    assert set(merged["filled_fields"]) >= {"phone", "location", "cv_file_id"}
    cand = merged["candidate"]
    assert cand["email"] == "ada@example.com" and cand["phone"] == "+2348000000000"
    assert cand["tags"] == ["a", "b"] and cand["skills"] == ["Go", "SQL"]
    rows = {a.vacancy_id: a for a in await apps.filter(candidate_id=keep["id"])}
    assert set(rows) == {v1, v2, v3} and rows[v1].stage == "interview" and rows[v3].stage == "offer"
    assert not await apps.filter(candidate_id=other["id"]).exists()
    r = await admin.get(f"/api/v1/evaluations/{moved_eval}")
    ev = (await body(r, 200))["data"]
    assert ev["candidate_id"] == keep["id"] and ev["application_id"] == rows[v3].id
    r = await admin.get(f"/api/v1/shortlists/{sl}")
    assert [x["candidate"]["id"] for x in (await body(r, 200))["data"]["candidates"]] == [keep["id"]]
    r = await admin.get("/api/v1/talent-pool")
    assert [x["candidate"]["id"] for x in (await body(r, 200))["data"]] == [keep["id"]]
    r = await admin.get(f"/api/v1/candidates/{keep['id']}/files")
    assert [f["id"] for f in (await body(r, 200))["data"]["files"]] == [other_file]
    # the tombstone: 404 with a pointer, out of lists and search, not mergeable again
    r = await admin.get(f"/api/v1/candidates/{other['id']}")
    assert (await body(r, 404))["error"]["details"]["merged_into_id"] == keep["id"]
    r = await admin.get("/api/v1/candidates?q=ada")
    assert [c["id"] for c in (await body(r, 200))["data"]] == [keep["id"]]
    r = await admin.get("/api/v1/candidates")
    assert other["id"] not in [c["id"] for c in (await body(r, 200))["data"]]
    r = await admin.post(f"/api/v1/candidates/{keep['id']}/merge", json={"other_id": other["id"]})
    await body(r, 404)
    r = await admin.post(f"/api/v1/candidates/{keep['id']}/merge", json={"other_id": keep["id"]})
    await body(r, 400)
    # the other's email is free again; history is kept
    await make(admin, email="ada.o@example.com")
    assert [e["merged_into"] for e in await events(tid, "candidate.deleted")] == [keep["id"]]
    r = await admin.get("/api/v1/audit?action=candidate.merged")
    assert (await body(r, 200))["data"][0]["target_id"] == other["id"]
    r = await admin.get("/api/v1/audit/verify")
    assert (await body(r, 200))["data"]["ok"]


async def test_merge_and_delete_follow_tombstone_chains(api):
    admin = await api.signup()
    a, b, c = [await make(admin, name=n, email=f"{n}@example.com") for n in ("a", "b", "c")]
    for keep, other in ((b, a), (c, b)):
        r = await admin.post(f"/api/v1/candidates/{keep['id']}/merge", json={"other_id": other["id"]})
        await body(r, 200)
    rows = await scoped(Candidate, admin.tenant["id"]).filter(id__in=[a["id"], b["id"]])
    assert {r.merged_into_id for r in rows} == {c["id"]}
    r = await admin.delete(f"/api/v1/candidates/{c['id']}")
    await body(r, 200)
    assert not await scoped(Candidate, admin.tenant["id"]).exists()


async def test_concurrent_tag_changes_keep_both(api):
    admin = await api.signup()
    c = await make(admin, email="t@example.com")
    await asyncio.gather(*(admin.post(f"/api/v1/candidates/{c['id']}/tags", json={"add": [f"t{n}"]})
                           for n in range(5)))
    r = await admin.get(f"/api/v1/candidates/{c['id']}")
    assert sorted((await body(r, 200))["data"]["tags"]) == [f"t{n}" for n in range(5)]


async def test_reparsing_a_merged_away_cv_updates_the_survivor(api):
    admin = await api.signup()
    r = await admin.call("POST", "/api/v1/parse", **multipart([("cv.txt", CV)], {"create_candidates": True}))
    parsed = (await body(r, 200))["data"]["results"][0]["candidate_id"]
    keep = await make(admin, name="Ada", email="keep@example.com")
    r = await admin.call("POST", f"/api/v1/candidates/{keep['id']}/files",
                         **multipart([("mine.txt", CV + b"\nother")], field="file"))
    await body(r, 201)
    r = await admin.post(f"/api/v1/candidates/{keep['id']}/merge", json={"other_id": parsed})
    await body(r, 200)
    r = await admin.call("POST", "/api/v1/parse", **multipart([("cv.txt", CV)], {"create_candidates": True}))
    result = (await body(r, 200))["data"]["results"][0]
    assert result["candidate_id"] == keep["id"] and result["duplicate_of"] == keep["id"]
    assert await scoped(Candidate, admin.tenant["id"]).filter(merged_into_id=None).count() == 1
