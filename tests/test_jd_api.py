"""Skill extraction and editable vacancy requirements over HTTP."""

from __future__ import annotations

from storage.models import AuditEvent, OutboxEvent
from storage.scoping import scoped

JD = ("About us\nWe run on AWS.\n\nRequirements\n- 5+ years of experience with Python\n- PostgreSQL\n"
      "- Fluent English\n\nNice to have\n- Kubernetes\n\nBenefits\n- Free lunch")


async def test_extract_skills(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/skills/extract", json={"description": JD, "title": "Senior Python Developer"})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"] == {"required": ["Python", "PostgreSQL"],
                            "nice_to_have": ["Kubernetes"], "seniority": "senior", "min_years": 5.0,
                            "languages": ["English"], "engine": "offline"}


async def test_extract_skills_validation(api):
    admin = await api.signup()
    for payload in ({}, {"description": ""}, {"description": "x" * 50_001}, {"description": 5},
                    {"description": "   "}):
        r = await admin.post("/api/v1/skills/extract", json=payload)
        body = await r.get_json()
        assert r.status_code == 400, (payload, body)
        assert body["error"]["code"] == "validation_error"


async def test_vacancy_create_fills_requirements_from_the_description(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"title": "Data Engineer", "description": JD})
    data = (await r.get_json())["data"]
    assert r.status_code == 201
    assert data["required_skills"] == ["Python", "PostgreSQL"]
    assert data["nice_to_have_skills"] == ["Kubernetes"]
    assert (data["seniority"], data["min_years"], data["languages"]) == ("senior", 5.0, ["English"])
    # given skills are kept (canonicalised), and given fields win over extraction
    r = await admin.post("/api/v1/vacancies", json={
        "title": "Data Engineer", "description": JD, "required_skills": ["golang", "Underwater basket weaving"],
        "seniority": "lead", "min_years": 2})
    data = (await r.get_json())["data"]
    assert data["required_skills"] == ["Go", "Underwater basket weaving"]
    assert data["nice_to_have_skills"] == []
    assert (data["seniority"], data["min_years"], data["languages"]) == ("lead", 2.0, [])


async def test_patch_vacancy(api):
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    vac = (await (await admin.post("/api/v1/vacancies", json={"title": "Dev", "description": JD})).get_json())["data"]
    r = await recruiter.patch(f"/api/v1/vacancies/{vac['id']}", json={
        "required_skills": ["python", "k8s", "Python ", "Cobol-ish"], "nice_to_have_skills": ["Rust"],
        "seniority": "mid", "min_years": 3, "languages": ["German"], "remote": True})
    body = await r.get_json()
    assert r.status_code == 200, body
    data = body["data"]
    assert data["required_skills"] == ["Python", "Kubernetes", "Cobol-ish"]
    assert data["nice_to_have_skills"] == ["Rust"]
    assert (data["seniority"], data["min_years"], data["languages"], data["remote"]) == ("mid", 3.0, ["German"], True)
    assert data["title"] == "Dev" and data["description"] == JD
    # clearing nullable fields
    r = await admin.patch(f"/api/v1/vacancies/{vac['id']}", json={"seniority": None, "min_years": None})
    assert (await r.get_json())["data"]["seniority"] is None
    tenant_id = admin.tenant["id"]
    actions = [e.action for e in await scoped(AuditEvent, tenant_id).all().order_by("seq")]
    assert actions.count("vacancy.updated") == 2
    events = await scoped(OutboxEvent, tenant_id).filter(type="vacancy.updated").all()
    assert len(events) == 2 and {e.data["id"] for e in events} == {vac["id"]}


async def test_patch_vacancy_validation(api):
    admin = await api.signup()
    vac = (await (await admin.post("/api/v1/vacancies", json={
        "title": "Dev", "required_skills": ["Go"]})).get_json())["data"]
    url = f"/api/v1/vacancies/{vac['id']}"
    for payload in ({"nice_to_have_skills": ["golang"]},             # conflicts with stored required Go
                    {"required_skills": ["SQL"], "nice_to_have_skills": ["sql"]},
                    {"title": ""}, {"title": None}, {"required_skills": None}, {"seniority": "guru"},
                    {"min_years": 51}, {"min_years": -1}, {"required_skills": [""]}):
        r = await admin.patch(url, json=payload)
        body = await r.get_json()
        assert r.status_code == 400, (payload, body)
        assert body["error"]["code"] == "validation_error"
    r = await admin.post("/api/v1/vacancies", json={"title": "X", "required_skills": ["Go"],
                                                    "nice_to_have_skills": ["golang"]})
    assert r.status_code == 400
    assert (await (await admin.get(url)).get_json())["data"]["required_skills"] == ["Go"]


async def test_reextract_vacancy_skills(api):
    admin = await api.signup()
    vac = (await (await admin.post("/api/v1/vacancies", json={
        "title": "Dev", "description": JD, "required_skills": ["Cobol"]})).get_json())["data"]
    assert vac["required_skills"] == ["COBOL"]
    r = await admin.post(f"/api/v1/vacancies/{vac['id']}/extract-skills")
    data = (await r.get_json())["data"]
    assert r.status_code == 200
    assert data["required_skills"] == ["Python", "PostgreSQL"]
    assert data["nice_to_have_skills"] == ["Kubernetes"] and data["min_years"] == 5.0


async def test_rbac_and_tenant_isolation(api):
    admin = await api.signup()
    vac = (await (await admin.post("/api/v1/vacancies", json={"title": "Dev"})).get_json())["data"]
    url = f"/api/v1/vacancies/{vac['id']}"
    for role in ("hiring_manager", "interviewer"):
        member = await api.member(admin, role)
        assert (await member.patch(url, json={"title": "Hacked"})).status_code == 403
        assert (await member.post(url + "/extract-skills")).status_code == 403
    manager = await api.member(admin, "hiring_manager")
    assert (await manager.post("/api/v1/skills/extract", json={"description": "Python"})).status_code == 200
    interviewer = await api.member(admin, "interviewer")
    assert (await interviewer.post("/api/v1/skills/extract", json={"description": "Python"})).status_code == 403
    other = await api.signup(company="Other Co")
    r = await other.patch(url, json={"title": "Stolen"})
    assert r.status_code == 404 and (await r.get_json())["error"]["code"] == "not_found"
    assert (await other.post(url + "/extract-skills")).status_code == 404
    assert (await (await admin.get(url)).get_json())["data"]["title"] == "Dev"
