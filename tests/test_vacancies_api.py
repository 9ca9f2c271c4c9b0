"""Vacancies over HTTP: fields, validation, slugs, filters, deletion, status moves, HM visibility."""

from __future__ import annotations

import pytest

from storage.ids import new_id
from storage.models import Client as ClientRow
from storage.models import OutboxEvent
from storage.scoping import scoped
from tools.vacancy_status import TRANSITIONS

FULL = {
    "title": "Senior Go Engineer", "description": "Build payments services.", "location": "Lagos, Nigeria",
    "remote": True, "seniority": "senior", "employment_type": "full_time", "required_skills": ["golang", "K8s"],
    "nice_to_have_skills": ["Rust"], "salary_min": 60000, "salary_max": 90000.5, "currency": "usd",
    "headcount": 2, "status": "draft",
}


async def _create(client, **fields) -> dict:
    r = await client.post("/api/v1/vacancies", json={"title": "Engineer", **fields})
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]


async def _client_row(tenant_id: str, name: str = "Globex") -> str:
    row = await ClientRow.create(id=new_id("cli"), tenant_id=tenant_id, name=name)
    return row.id


async def test_create_with_every_field(api):
    admin = await api.signup()
    manager = await api.member(admin, "hiring_manager")
    client_id = await _client_row(admin.tenant["id"])
    data = await _create(admin, **FULL, client_id=client_id, hiring_manager_id=manager.user["id"])
    assert data["slug"] == "senior-go-engineer" and data["status"] == "draft" and data["published_at"] is None
    assert data["required_skills"] == ["Go", "Kubernetes"] and data["nice_to_have_skills"] == ["Rust"]
    assert (data["salary_min"], data["salary_max"], data["currency"]) == (60000, 90000.5, "USD")
    assert data["employment_type"] == "full_time" and data["headcount"] == 2 and data["remote"] is True
    assert data["client_id"] == client_id and data["hiring_manager_id"] == manager.user["id"]
    assert data["applicants_count"] == 0 and data["hires_count"] == 0


@pytest.mark.parametrize("bad", [
    {"currency": "US"}, {"currency": "U$D"}, {"salary_min": 10, "salary_max": 5}, {"headcount": 0},
    {"employment_type": "freelance"}, {"status": "filled"}, {"salary_min": -1}, {"title": ""},
])
async def test_create_validation_errors(api, bad):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"title": "Engineer", **bad})
    body = await r.get_json()
    assert r.status_code == 400 and body["error"]["code"] == "validation_error", body


async def test_client_and_hiring_manager_must_be_in_the_tenant(api):
    admin = await api.signup()
    other = await api.signup(company="Other Co")
    foreign_client = await _client_row(other.tenant["id"])
    r = await admin.post("/api/v1/vacancies", json={"title": "X", "client_id": foreign_client})
    assert r.status_code == 404
    r = await admin.post("/api/v1/vacancies", json={"title": "X", "hiring_manager_id": other.user["id"]})
    assert r.status_code == 404
    recruiter = await api.member(admin, "recruiter")
    r = await admin.post("/api/v1/vacancies", json={"title": "X", "hiring_manager_id": recruiter.user["id"]})
    body = await r.get_json()
    assert r.status_code == 400 and body["error"]["details"]["role"] == "recruiter"
    r = await admin.post("/api/v1/vacancies", json={"title": "X", "hiring_manager_id": admin.user["id"]})
    assert r.status_code == 201


async def test_slugs_are_unique_per_tenant_and_stable(api):
    admin = await api.signup()
    slugs = [(await _create(admin, title="Data Engineer (Remote)!"))["slug"] for _ in range(3)]
    assert slugs == ["data-engineer-remote", "data-engineer-remote-2", "data-engineer-remote-3"]
    other = await api.signup(company="Other Co")
    assert (await _create(other, title="Data Engineer (Remote)!"))["slug"] == "data-engineer-remote"
    first = await _create(admin, title="Señor Développeur")
    assert first["slug"] == "senor-developpeur"
    r = await admin.patch(f"/api/v1/vacancies/{first['id']}", json={"title": "Something else"})
    assert (await r.get_json())["data"]["slug"] == "senor-developpeur"
    assert (await _create(admin, title="!!!"))["slug"] == "vacancy"


async def test_patch_every_field_and_salary_rule(api):
    admin = await api.signup()
    manager = await api.member(admin, "hiring_manager")
    vac = await _create(admin, salary_min=100, salary_max=200, currency="EUR")
    url = f"/api/v1/vacancies/{vac['id']}"
    client_id = await _client_row(admin.tenant["id"])
    r = await admin.patch(url, json={"employment_type": "contract", "headcount": 3, "currency": "gbp",
                                     "client_id": client_id, "hiring_manager_id": manager.user["id"],
                                     "location": "Accra", "remote": True, "salary_max": 300})
    data = (await r.get_json())["data"]
    assert r.status_code == 200, data
    assert (data["employment_type"], data["headcount"], data["currency"], data["salary_max"]) == ("contract", 3, "GBP", 300)
    assert data["client_id"] == client_id and data["hiring_manager_id"] == manager.user["id"]
    r = await admin.patch(url, json={"salary_min": 500})
    assert r.status_code == 400
    r = await admin.patch(url, json={"headcount": None})
    assert r.status_code == 400
    r = await admin.patch(url, json={"client_id": None, "hiring_manager_id": None})
    data = (await r.get_json())["data"]
    assert data["client_id"] is None and data["hiring_manager_id"] is None
    r = await admin.patch(url, json={"status": "open"})
    assert (await r.get_json())["data"]["published_at"]
    r = await admin.patch(url, json={"status": "draft"})
    assert r.status_code == 409


async def test_list_filters(api):
    admin = await api.signup()
    manager = await api.member(admin, "hiring_manager")
    client_id = await _client_row(admin.tenant["id"])
    a = await _create(admin, title="Backend", description="Payments platform", department="Engineering",
                      location="Lagos", required_skills=["Python"], client_id=client_id, status="open")
    b = await _create(admin, title="Designer", department="design", location="Nairobi",
                      nice_to_have_skills=["golang"], hiring_manager_id=manager.user["id"])

    async def ids(query: str) -> list[str]:
        r = await admin.get(f"/api/v1/vacancies?{query}")
        body = await r.get_json()
        assert r.status_code == 200, body
        return [v["id"] for v in body["data"]]

    assert await ids("q=payments") == [a["id"]]
    assert await ids("q=design") == [b["id"]]
    assert await ids("status=open") == [a["id"]]
    assert await ids(f"client_id={client_id}") == [a["id"]]
    assert await ids("department=ENGINEERING") == [a["id"]]
    assert await ids("location=nairo") == [b["id"]]
    assert await ids("skill=python") == [a["id"]]
    assert await ids("skill=Go") == [b["id"]]
    assert await ids(f"hiring_manager_id={manager.user['id']}") == [b["id"]]
    assert await ids("skill=Cobol") == []
    assert (await admin.get("/api/v1/vacancies?status=nope")).status_code == 400


async def test_delete_only_without_applications(api):
    admin = await api.signup()
    vac = await _create(admin)
    r = await admin.delete(f"/api/v1/vacancies/{vac['id']}")
    assert r.status_code == 200 and (await r.get_json())["data"]["id"] == vac["id"]
    assert (await admin.get(f"/api/v1/vacancies/{vac['id']}")).status_code == 404
    vac = await _create(admin, status="open")
    cand = (await (await admin.post("/api/v1/candidates", json={"name": "Ann"})).get_json())["data"]
    r = await admin.post("/api/v1/applications", json={"candidate_id": cand["id"], "vacancy_id": vac["id"]})
    assert r.status_code == 201
    r = await admin.delete(f"/api/v1/vacancies/{vac['id']}")
    body = await r.get_json()
    assert r.status_code == 409 and body["error"]["details"]["applications"] == 1
    manager = await api.member(admin, "hiring_manager")
    assert (await manager.delete(f"/api/v1/vacancies/{vac['id']}")).status_code == 403


async def _vacancy_in(admin, status: str) -> dict:
    """A vacancy brought to ``status`` through allowed moves."""
    vac = await _create(admin, status="open" if status != "draft" else "draft")
    if status not in ("draft", "open"):
        r = await admin.post(f"/api/v1/vacancies/{vac['id']}/status", json={"status": status})
        assert r.status_code == 200, await r.get_json()
    return vac


STATUSES = ("draft", "open", "on_hold", "closed", "filled")


@pytest.mark.parametrize("start", STATUSES)
async def test_status_transition_table(api, start):
    admin = await api.signup()
    for to in STATUSES:
        vac = await _vacancy_in(admin, start)
        r = await admin.post(f"/api/v1/vacancies/{vac['id']}/status", json={"status": to, "reason": "plan"})
        body = await r.get_json()
        if to in TRANSITIONS[start]:
            assert r.status_code == 200, (start, to, body)
            assert body["data"]["status"] == to
        else:
            assert r.status_code == 409, (start, to, body)
            assert body["error"]["details"] == {"status": start, "requested": to, "allowed": list(TRANSITIONS[start])}


async def test_publishing_sets_published_at_once_and_emits_events(api):
    admin = await api.signup()
    vac = await _create(admin)
    url = f"/api/v1/vacancies/{vac['id']}/status"
    first = (await (await admin.post(url, json={"status": "open"})).get_json())["data"]["published_at"]
    assert first
    await admin.post(url, json={"status": "closed", "reason": "budget"})
    again = (await (await admin.post(url, json={"status": "open"})).get_json())["data"]
    assert again["published_at"] == first and again["status"] == "open"
    events = await scoped(OutboxEvent, admin.tenant["id"]).order_by("id").values_list("type", flat=True)
    assert events == ["vacancy.created", "vacancy.status_changed", "vacancy.published",
                      "vacancy.status_changed", "vacancy.status_changed"]
    audit = (await (await admin.get("/api/v1/audit?action=vacancy.status_changed")).get_json())["data"]
    assert {"from": "open", "to": "closed", "reason": "budget"} in [a["details"] for a in audit]


async def test_hiring_manager_sees_only_managed_vacancies(api):
    admin = await api.signup()
    manager = await api.member(admin, "hiring_manager")
    mine = await _create(admin, title="Mine", hiring_manager_id=manager.user["id"])
    theirs = await _create(admin, title="Theirs")
    listed = [v["id"] for v in (await (await manager.get("/api/v1/vacancies")).get_json())["data"]]
    assert listed == [mine["id"]]
    assert (await manager.get(f"/api/v1/vacancies/{mine['id']}")).status_code == 200
    assert (await manager.get(f"/api/v1/vacancies/{theirs['id']}")).status_code == 404
    assert (await manager.get(f"/api/v1/vacancies/{theirs['id']}/pipeline")).status_code == 404
    assert (await manager.get(f"/api/v1/vacancies/{theirs['id']}/suggestions")).status_code == 404
    assert (await manager.get(f"/api/v1/vacancies/{mine['id']}/suggestions")).status_code == 200
    r = await manager.post("/api/v1/source", json={"brief": "x", "vacancy_id": theirs["id"]})
    assert r.status_code == 404
    assert (await manager.post(f"/api/v1/vacancies/{mine['id']}/status", json={"status": "open"})).status_code == 403
    recruiter = await api.member(admin, "recruiter")
    assert len((await (await recruiter.get("/api/v1/vacancies")).get_json())["data"]) == 2
    interviewer = await api.member(admin, "interviewer")
    assert (await interviewer.get("/api/v1/vacancies")).status_code == 403


async def test_foreign_tenant_gets_404(api):
    admin = await api.signup()
    vac = await _create(admin)
    other = await api.signup(company="Other Co")
    url = f"/api/v1/vacancies/{vac['id']}"
    assert (await other.delete(url)).status_code == 404
    assert (await other.post(url + "/status", json={"status": "open"})).status_code == 404
    assert (await other.get(url + "/pipeline")).status_code == 404
    assert (await admin.get(url)).status_code == 200
