"""Clients and feedback, shortlists, talent pool over HTTP, with roles and tenant isolation."""

from __future__ import annotations

from storage.models import OutboxEvent, Vacancy
from storage.scoping import scoped


async def body(r, status: int):
    data = await r.get_json()
    assert r.status_code == status, data
    return data


async def make_candidate(client, name: str, **extra) -> str:
    r = await client.post("/api/v1/candidates", json={"name": name, **extra})
    return (await body(r, 201))["data"]["id"]


async def test_clients_crud_and_feedback(api):
    admin = await api.signup()
    tid = admin.tenant["id"]
    r = await admin.post("/api/v1/clients", json={"name": "Paystack", "website": "https://paystack.com",
                                                  "contact_name": "Ade", "contact_email": "ADE@paystack.com"})
    client = (await body(r, 201))["data"]
    assert client["contact_email"] == "ade@paystack.com" and client["notes"] == ""
    r = await admin.post("/api/v1/clients", json={"name": "Flutterwave"})
    other = (await body(r, 201))["data"]
    r = await admin.get("/api/v1/clients?q=PAY")
    assert [c["id"] for c in (await body(r, 200))["data"]] == [client["id"]]
    r = await admin.patch(f"/api/v1/clients/{client['id']}", json={"notes": "pays on time"})
    assert (await body(r, 200))["data"]["notes"] == "pays on time"
    r = await admin.patch(f"/api/v1/clients/{client['id']}", json={"name": None})
    await body(r, 400)
    # feedback
    cand = await make_candidate(admin, "Amara")
    r = await admin.post("/api/v1/vacancies", json={"title": "Go dev"})
    vac = (await body(r, 201))["data"]["id"]
    r = await admin.post(f"/api/v1/clients/{client['id']}/feedback", json={
        "candidate_id": cand, "vacancy_id": vac, "decision": "interview", "rating": 4, "comment": "strong"})
    fb = (await body(r, 201))["data"]
    assert fb["decision"] == "interview" and fb["rating"] == 4
    for bad in ({"candidate_id": cand, "decision": "maybe"}, {"candidate_id": cand, "decision": "hold", "rating": 6}):
        r = await admin.post(f"/api/v1/clients/{client['id']}/feedback", json=bad)
        await body(r, 400)
    r = await admin.post(f"/api/v1/clients/{client['id']}/feedback", json={"candidate_id": "cand_x", "decision": "hold"})
    await body(r, 404)
    other_cand = await make_candidate(admin, "Bola")
    r = await admin.post(f"/api/v1/clients/{client['id']}/feedback", json={"candidate_id": other_cand,
                                                                           "decision": "reject"})
    await body(r, 201)
    r = await admin.get(f"/api/v1/clients/{client['id']}/feedback?candidate_id={cand}")
    assert [f["id"] for f in (await body(r, 200))["data"]] == [fb["id"]]
    r = await admin.get(f"/api/v1/clients/{other['id']}/feedback")
    assert (await body(r, 200))["data"] == []
    received = await scoped(OutboxEvent, tid).filter(type="client_feedback.received").count()
    assert received == 2
    # deleting the client keeps its vacancies, without a client
    await scoped(Vacancy, tid).filter(id=vac).update(client_id=client["id"])
    r = await admin.delete(f"/api/v1/clients/{client['id']}")
    await body(r, 200)
    assert (await scoped(Vacancy, tid).get(id=vac)).client_id is None
    r = await admin.get(f"/api/v1/vacancies/{vac}")
    await body(r, 200)
    r = await admin.get(f"/api/v1/clients/{client['id']}")
    await body(r, 404)
    # roles and other tenants
    manager = await api.member(admin, "hiring_manager")
    interviewer = await api.member(admin, "interviewer")
    r = await manager.get("/api/v1/clients")
    await body(r, 200)
    r = await manager.post("/api/v1/clients", json={"name": "X"})
    await body(r, 403)
    r = await interviewer.get("/api/v1/clients")
    await body(r, 403)
    stranger = await api.signup(company="Elsewhere")
    r = await stranger.get(f"/api/v1/clients/{other['id']}")
    await body(r, 404)
    r = await stranger.get("/api/v1/clients")
    assert (await body(r, 200))["data"] == []


async def test_shortlists(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"title": "Go dev", "required_skills": ["Go"]})
    vac = (await body(r, 201))["data"]["id"]
    r = await admin.post(f"/api/v1/vacancies/{vac}/shortlists", json={"name": "Top picks"})
    sl = (await body(r, 201))["data"]
    r = await admin.post(f"/api/v1/vacancies/{vac}/shortlists", json={"name": ""})
    await body(r, 400)
    ids = [await make_candidate(admin, f"P{n}", email=f"p{n}@example.com", skills=["Go"]) for n in range(3)]
    # an evaluation for the vacancy shows on the shortlist
    r = await admin.post("/api/v1/candidates/import", json={"rows": [{"name": "P0", "email": "p0@example.com"}],
                                                            "vacancy_id": vac})
    await body(r, 200)
    r = await admin.get(f"/api/v1/candidates/{ids[0]}")
    app_id = (await body(r, 200))["data"]["applications"][0]["id"]
    r = await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={})
    ev = (await body(r, 201))["data"]
    r = await admin.post(f"/api/v1/shortlists/{sl['id']}/candidates", json={"candidate_ids": ids[:2], "note": "call"})
    assert (await body(r, 200))["data"] == {"added": ids[:2], "already_listed": []}
    r = await admin.post(f"/api/v1/shortlists/{sl['id']}/candidates", json={"candidate_ids": [ids[1], ids[2], ids[2]]})
    assert (await body(r, 200))["data"] == {"added": [ids[2]], "already_listed": [ids[1]]}
    stranger = await api.signup(company="Elsewhere")
    foreign = await make_candidate(stranger, "Foreign")
    r = await admin.post(f"/api/v1/shortlists/{sl['id']}/candidates", json={"candidate_ids": [ids[0], foreign, "cand_x"]})
    assert (await body(r, 404))["error"]["details"]["candidate_ids"] == [foreign, "cand_x"]
    r = await admin.post(f"/api/v1/shortlists/{sl['id']}/candidates", json={"candidate_ids": [f"c{n}" for n in range(101)]})
    await body(r, 400)
    r = await admin.get(f"/api/v1/shortlists/{sl['id']}")
    detail = (await body(r, 200))["data"]
    assert [c["candidate"]["id"] for c in detail["candidates"]] == ids and detail["size"] == 3
    assert detail["candidates"][0]["evaluation"]["id"] == ev["id"] and detail["candidates"][1]["evaluation"] is None
    assert detail["candidates"][0]["note"] == "call"
    r = await admin.delete(f"/api/v1/shortlists/{sl['id']}/candidates/{ids[1]}")
    assert (await body(r, 200))["data"]["size"] == 2
    r = await admin.delete(f"/api/v1/shortlists/{sl['id']}/candidates/{ids[1]}")
    await body(r, 404)
    r = await admin.get(f"/api/v1/vacancies/{vac}/shortlists")
    assert [(s["id"], s["size"]) for s in (await body(r, 200))["data"]["shortlists"]] == [(sl["id"], 2)]
    # roles and tenants
    manager = await api.member(admin, "hiring_manager")
    interviewer = await api.member(admin, "interviewer")
    r = await manager.get(f"/api/v1/shortlists/{sl['id']}")
    await body(r, 200)
    r = await manager.post(f"/api/v1/shortlists/{sl['id']}/candidates", json={"candidate_ids": ids})
    await body(r, 403)
    r = await interviewer.get(f"/api/v1/vacancies/{vac}/shortlists")
    await body(r, 403)
    r = await stranger.get(f"/api/v1/shortlists/{sl['id']}")
    await body(r, 404)
    r = await stranger.post(f"/api/v1/vacancies/{vac}/shortlists", json={"name": "x"})
    await body(r, 404)
    r = await admin.delete(f"/api/v1/shortlists/{sl['id']}")
    await body(r, 200)
    r = await admin.get(f"/api/v1/shortlists/{sl['id']}")
    await body(r, 404)


async def test_talent_pool(api):
    admin = await api.signup()
    go = await make_candidate(admin, "Ada Lovelace", skills=["golang"], headline="Backend")
    py = await make_candidate(admin, "Bola", skills=["Python"])
    r = await admin.post("/api/v1/talent-pool", json={"candidate_id": go, "department": " Engineering ",
                                                      "note": "great systems person"})
    entry = (await body(r, 201))["data"]
    assert entry["department"] == "Engineering" and entry["candidate"]["id"] == go
    r = await admin.post("/api/v1/talent-pool", json={"candidate_id": go, "department": "Engineering", "note": "v2"})
    assert (await body(r, 200))["data"]["note"] == "v2"
    for cand, dept in ((py, "Engineering"), (py, "Data")):
        r = await admin.post("/api/v1/talent-pool", json={"candidate_id": cand, "department": dept})
        await body(r, 201)
    r = await admin.post("/api/v1/talent-pool", json={"candidate_id": "cand_x"})
    await body(r, 404)

    async def listed(query: str = "") -> list[tuple[str, str]]:
        r = await admin.get(f"/api/v1/talent-pool?{query}")
        return [(e["candidate"]["id"], e["department"]) for e in (await body(r, 200))["data"]]

    assert await listed() == [(py, "Data"), (py, "Engineering"), (go, "Engineering")]
    assert await listed("department=Engineering") == [(py, "Engineering"), (go, "Engineering")]
    assert await listed("skill=Go") == [(go, "Engineering")]
    assert await listed("q=lovelace") == [(go, "Engineering")]
    assert await listed("q=v2") == [(go, "Engineering")]
    assert await listed("skill=python&department=Data") == [(py, "Data")]
    r = await admin.get("/api/v1/talent-pool?limit=2")
    page = await body(r, 200)
    assert page["meta"]["total"] == 3 and page["meta"]["next_cursor"]
    r = await admin.get(f"/api/v1/talent-pool?limit=2&cursor={page['meta']['next_cursor']}")
    assert [e["candidate"]["id"] for e in (await body(r, 200))["data"]] == [go]
    r = await admin.delete(f"/api/v1/talent-pool/{py}?department=Data")
    assert (await body(r, 200))["data"]["removed"] == 1
    r = await admin.delete(f"/api/v1/talent-pool/{py}")
    assert (await body(r, 200))["data"]["removed"] == 1
    r = await admin.delete(f"/api/v1/talent-pool/{py}")
    await body(r, 404)
    interviewer = await api.member(admin, "interviewer")
    r = await interviewer.get("/api/v1/talent-pool")
    await body(r, 403)
    stranger = await api.signup(company="Elsewhere")
    r = await stranger.get("/api/v1/talent-pool")
    assert (await body(r, 200))["data"] == []
    r = await stranger.post("/api/v1/talent-pool", json={"candidate_id": go})
    await body(r, 404)
    r = await stranger.delete(f"/api/v1/talent-pool/{go}")
    await body(r, 404)
