"""Bulk import over HTTP: JSON and CSV, row-numbered errors, dedupe, all-or-nothing, limits."""

from __future__ import annotations

from storage.models import Application, Candidate, Vacancy
from storage.scoping import scoped
from tests.helpers import multipart


async def body(r, status: int):
    data = await r.get_json()
    assert r.status_code == status, data
    return data


async def import_csv(client, text: bytes, **fields):
    return await client.call("POST", "/api/v1/candidates/import",
                             **multipart([("people.csv", text)], fields, field="file"))


async def test_json_rows_dedupe_and_errors(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/candidates", json={"name": "Old Name", "email": "old@example.com",
                                                      "skills": ["Go"], "tags": ["x"]})
    old = (await body(r, 201))["data"]
    r = await admin.post("/api/v1/candidates/import", json={"rows": [
        {"name": "New", "email": "new@example.com", "skills": "Python; SQL", "tags": "Remote|lagos"},
        {"name": "", "email": "bad"},
        {"name": "Renamed", "email": "OLD@example.com", "skills": ["Rust"], "tags": ["y"], "headline": ""},
        {"name": "Repeat", "email": "new@example.com"},
        {"name": "No email"},
    ]})
    out = (await body(r, 200))["data"]
    assert (out["total"], out["created"], out["updated"], out["skipped"]) == (5, 2, 1, 2)
    assert {(e["row"], e["field"]) for e in out["errors"]} == {(2, "name"), (2, "email")}
    assert out["candidate_ids"][2] == old["id"] and out["candidate_ids"][1] is None and out["candidate_ids"][3] is None
    r = await admin.get(f"/api/v1/candidates/{old['id']}")
    got = (await body(r, 200))["data"]
    assert got["name"] == "Renamed" and got["skills"] == ["Go", "Rust"] and got["tags"] == ["x", "y"]
    r = await admin.get(f"/api/v1/candidates/{out['candidate_ids'][0]}")
    new = (await body(r, 200))["data"]
    assert new["skills"] == ["Python", "SQL"] and new["tags"] == ["remote", "lagos"] and new["source"] == "import"
    r = await admin.get("/api/v1/candidates?skill=sql")
    assert [c["id"] for c in (await body(r, 200))["data"]] == [new["id"]]


async def test_all_or_nothing_writes_nothing(api):
    admin = await api.signup()
    rows = [{"name": "Fine", "email": "fine@example.com"}, {"name": "Broken", "email": "nope"}]
    r = await admin.post("/api/v1/candidates/import", json={"rows": rows, "all_or_nothing": True})
    err = (await body(r, 400))["error"]
    assert err["details"] == [{"row": 2, "field": "email", "message": err["details"][0]["message"]}]
    assert not await scoped(Candidate, admin.tenant["id"]).exists()
    r = await import_csv(admin, b"name,email\nFine,fine@example.com\n,x@example.com\n", all_or_nothing=True)
    assert [(e["row"], e["field"]) for e in (await body(r, 400))["error"]["details"]] == [(3, "name")]
    assert not await scoped(Candidate, admin.tenant["id"]).exists()


async def test_csv_encodings_row_numbers_and_vacancy(api):
    admin = await api.signup()
    tid = admin.tenant["id"]
    r = await admin.post("/api/v1/vacancies", json={"title": "Data", "status": "open"})
    vac = (await body(r, 201))["data"]["id"]
    utf8 = ("\ufeffname,email,skills,tags,location\n"
            "Chidi Ọkafor,chidi@example.com,Python|Go,a;b,Lagos\n"
            "\n"
            "Bad Email,not-an-email,,,\n"
            "Zoë,zoe@example.com,,,Zürich\n").encode("utf-8")
    r = await import_csv(admin, utf8, vacancy_id=vac)
    out = (await body(r, 200))["data"]
    assert (out["created"], out["skipped"]) == (2, 1)
    assert [(e["row"], e["field"]) for e in out["errors"]] == [(4, "email")]
    r = await admin.get(f"/api/v1/candidates/{out['candidate_ids'][0]}")
    chidi = (await body(r, 200))["data"]
    assert chidi["name"] == "Chidi Ọkafor" and chidi["skills"] == ["Python", "Go"] and chidi["tags"] == ["a", "b"]
    assert len(chidi["applications"]) == 1 and chidi["applications"][0]["vacancy_id"] == vac
    latin1 = "name;email;location\nJosé Müller;jose@example.com;Málaga\nZoë;zoe@example.com;Genève\n".encode("latin-1")
    r = await import_csv(admin, latin1, vacancy_id=vac)
    out = (await body(r, 200))["data"]
    assert (out["created"], out["updated"], out["errors"]) == (1, 1, [])
    r = await admin.get(f"/api/v1/candidates/{out['candidate_ids'][0]}")
    assert (await body(r, 200))["data"]["location"] == "Málaga"
    # the repeat import applied zoe once
    zoe = await scoped(Candidate, tid).get(email="zoe@example.com")
    assert await scoped(Application, tid).filter(candidate_id=zoe.id, vacancy_id=vac).count() == 1
    assert (await scoped(Vacancy, tid).get(id=vac)).applicants_count in (0, 3)


async def test_limits_and_bad_input(api):
    admin = await api.signup()
    rows = [{"name": f"P{n}"} for n in range(501)]
    r = await admin.post("/api/v1/candidates/import", json={"rows": rows})
    await body(r, 413)
    r = await admin.post("/api/v1/candidates/import", json={"rows": []})
    await body(r, 400)
    r = await admin.post("/api/v1/candidates/import", json={"rows": "nope"})
    await body(r, 400)
    r = await import_csv(admin, b"fullname,email\nA,a@example.com\n")
    assert (await body(r, 400))["error"]["details"]["unknown"] == ["fullname"]
    r = await import_csv(admin, b"")
    await body(r, 400)
    r = await admin.post("/api/v1/candidates/import", json={"rows": [{"name": "A"}], "vacancy_id": "vac_x"})
    await body(r, 404)
    manager = await api.member(admin, "hiring_manager")
    r = await manager.post("/api/v1/candidates/import", json={"rows": [{"name": "A"}]})
    await body(r, 403)
