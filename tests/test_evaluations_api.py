"""Evaluations over HTTP: evaluate an application, list and filter, rescore, blind setting."""

from __future__ import annotations

import asyncio

from storage.ids import new_id
from storage.models import Application, Candidate, OutboxEvent
from storage.scoping import scoped
from tests.helpers import multipart
from tests.test_screening_engine import CV

OTHER_CV = """Lukas Meyer
lukas.meyer@example.com

EXPERIENCE
Frontend Developer, Zalando
Jan 2021 – Present
- React and TypeScript dashboards.
"""


async def _vacancy(admin, **fields) -> str:
    body = {"title": "Backend Engineer", "required_skills": ["Python", "Kubernetes"],
            "nice_to_have_skills": ["Go"], **fields}
    r = await admin.post("/api/v1/vacancies", json=body)
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def _apply(admin, vacancy_id: str, *cvs: str) -> list[str]:
    r = await admin.call("POST", "/api/v1/parse", **multipart(
        [(f"cv{i}.txt", cv.encode()) for i, cv in enumerate(cvs)],
        {"create_candidates": True, "vacancy_id": vacancy_id}))
    body = await r.get_json()
    assert r.status_code == 200, body
    return [res["application_id"] for res in body["data"]["results"]]


async def test_evaluate_application_returns_evidence_and_is_stored(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    app_id, _ = await _apply(admin, vacancy, CV, OTHER_CV)
    r = await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={})
    body = await r.get_json()
    assert r.status_code == 201, body
    ev = body["data"]
    assert ev["id"].startswith("eval_") and ev["application_id"] == app_id and ev["vacancy_id"] == vacancy
    assert ev["engine"] == "offline" and ev["prompt_version"] == "screen-rules-1"
    assert ev["band"] in ("exceptional", "strong") and ev["recommendation"] in ("strong_yes", "yes")
    python = next(s for s in ev["skills"] if s["skill"] == "Python")
    assert python["status"] == "evidenced" and "Python" in python["evidence"]["quote"]
    assert python["evidence"]["company"] == "Paystack"
    assert ev["verdict"].startswith("Amara Okafor shows 2 of 2 required skills")
    again = await admin.get(f"/api/v1/evaluations/{ev['id']}")
    assert (await again.get_json())["data"] == ev
    events = await scoped(OutboxEvent, admin.tenant["id"]).filter(type="evaluation.completed").order_by(
        "created_at", "id").values_list("data", flat=True)
    assert len(events) == 3 and events[-1]["id"] == ev["id"]   # the parse screened both CVs first


async def test_list_evaluations_filters_and_paginates(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    strong, weak = await _apply(admin, vacancy, CV, OTHER_CV)       # the parse screens each CV once
    everything = (await (await admin.get(f"/api/v1/evaluations?vacancy_id={vacancy}")).get_json())
    assert everything["meta"]["total"] == 2
    high = (await (await admin.get("/api/v1/evaluations?min_score=60")).get_json())["data"]
    assert [e["application_id"] for e in high] == [strong]
    limited = (await (await admin.get("/api/v1/evaluations?band=limited&recommendation=no")).get_json())["data"]
    assert [e["application_id"] for e in limited] == [weak]
    page1 = await (await admin.get("/api/v1/evaluations?limit=1")).get_json()
    page2 = await (await admin.get(f"/api/v1/evaluations?limit=1&cursor={page1['meta']['next_cursor']}")).get_json()
    assert {page1["data"][0]["id"], page2["data"][0]["id"]} == {e["id"] for e in everything["data"]}
    bad = await admin.get("/api/v1/evaluations?min_score=101")
    assert bad.status_code == 400 and (await bad.get_json())["error"]["code"] == "validation_error"


async def test_rescore_with_new_skills_needs_no_cv_and_emits_events(api, settings):
    admin = await api.signup()
    vacancy = await _vacancy(admin, required_skills=["Rust"])
    app_id, other = await _apply(admin, vacancy, CV, OTHER_CV)
    first = (await (await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={})).get_json())["data"]
    assert first["score"] < 40 and first["recommendation"] == "no"
    for path in (settings.data_dir / "files").rglob("*"):      # the CV files are not needed any more
        if path.is_file():
            path.unlink()
    r = await admin.post(f"/api/v1/vacancies/{vacancy}/rescore",
                         json={"required_skills": ["python", "k8s"], "nice_to_have_skills": ["React"]})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"] == {"status": "completed", "vacancy_id": vacancy, "total": 2, "rescored": 2,
                            "job_id": None, "poll_url": None}
    saved = (await (await admin.get(f"/api/v1/vacancies/{vacancy}")).get_json())["data"]
    assert saved["required_skills"] == ["Python", "Kubernetes"] and saved["nice_to_have_skills"] == ["React"]
    latest = (await (await admin.get(f"/api/v1/evaluations?vacancy_id={vacancy}&limit=100")).get_json())["data"]
    newest = {e["application_id"]: e for e in reversed(latest)}
    assert newest[app_id]["score"] >= 75 and newest[app_id]["criteria"]["required_skills"] == ["Python", "Kubernetes"]
    assert next(s for s in newest[other]["skills"] if s["skill"] == "React")["status"] == "evidenced"
    events = await scoped(OutboxEvent, admin.tenant["id"]).filter(type="evaluation.completed").count()
    assert events == 2 + 1 + 2           # the parse, the explicit evaluation, the rescoring
    conflict = await admin.post(f"/api/v1/vacancies/{vacancy}/rescore",
                                json={"required_skills": ["Go"], "nice_to_have_skills": ["go"]})
    assert conflict.status_code == 400


async def test_rescoring_a_big_vacancy_runs_as_a_job(api):
    admin = await api.signup()
    tenant = admin.tenant["id"]
    vacancy = await _vacancy(admin, required_skills=["Python"])
    profile = {"name": "Pool Person", "skills": ["Python"], "experience": [
        {"title": "Engineer", "company": "Acme", "start_date": "2020-01", "is_current": True,
         "description": "Python services."}]}
    for i in range(230):
        cand = await Candidate.create(id=new_id("cand"), tenant_id=tenant, name=f"Pool {i}", profile=profile)
        await Application.create(id=new_id("app"), tenant_id=tenant, candidate_id=cand.id, vacancy_id=vacancy)
    r = await admin.post(f"/api/v1/vacancies/{vacancy}/rescore", json={"required_skills": ["Python", "Rust"]})
    body = await r.get_json()
    assert r.status_code == 202, body
    job_url = body["data"]["poll_url"]
    for _ in range(300):
        job = (await (await admin.get(job_url)).get_json())["data"]
        if job["status"] == "completed":
            break
        await asyncio.sleep(0.05)
    assert job["status"] == "completed" and job["kind"] == "rescore_vacancy"
    assert job["completed"] == job["total"] == 230
    total = (await (await admin.get(f"/api/v1/evaluations?vacancy_id={vacancy}&limit=1")).get_json())["meta"]["total"]
    assert total == 230
    scores = set(await scoped(Application, tenant).filter(vacancy_id=vacancy).values_list("score", flat=True))
    assert len(scores) == 1 and None not in scores


async def test_blind_screening_tenant_setting_and_per_request_override(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    (app_id,) = await _apply(admin, vacancy, CV)
    r = await admin.patch("/api/v1/tenant", json={"blind_screening": True})
    assert r.status_code == 200 and (await r.get_json())["data"]["blind_screening"] is True
    blind = (await (await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={})).get_json())["data"]
    text = " ".join([blind["verdict"], *blind["strengths"], *blind["concerns"]])
    assert blind["blind"] is True and "Amara" not in text and "Okafor" not in text
    seen = (await (await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={"blind": False})).get_json())["data"]
    assert seen["blind"] is False and "Amara Okafor" in seen["verdict"]
    assert seen["score"] == blind["score"]


async def test_roles_and_tenants_are_enforced(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    (app_id,) = await _apply(admin, vacancy, CV)
    manager = await api.member(admin, "hiring_manager")
    assert (await manager.post(f"/api/v1/applications/{app_id}/evaluate", json={})).status_code == 403
    other = await api.signup(company="Other Co")
    r = await other.post(f"/api/v1/applications/{app_id}/evaluate", json={})
    assert r.status_code == 404
    assert (await other.post(f"/api/v1/vacancies/{vacancy}/rescore", json={})).status_code == 404


JD = """Senior Backend Engineer

Requirements
- 5+ years building services in Python
- Experience running Kubernetes in production

Nice to have
- Go
"""


async def test_parse_with_a_job_description_screens_each_cv(api):
    admin = await api.signup()
    r = await admin.call("POST", "/api/v1/parse", **multipart(
        [("a.txt", CV.encode()), ("b.txt", OTHER_CV.encode())], {"job_description": JD}))
    body = await r.get_json()
    assert r.status_code == 200, body
    first, second = body["data"]["results"]
    assert first["candidate_id"] is None and first["evaluation"]["vacancy_id"] is None
    crit = first["evaluation"]["criteria"]
    assert crit["required_skills"] == ["Python", "Kubernetes"] and crit["nice_to_have_skills"] == ["Go"]
    assert crit["min_years"] == 5 and crit["seniority"] == "senior"
    assert first["evaluation"]["score"] > second["evaluation"]["score"]
    assert second["evaluation"]["recommendation"] == "no"
    stored = await admin.get(f"/api/v1/evaluations/{first['evaluation']['id']}")
    assert (await stored.get_json())["data"]["score"] == first["evaluation"]["score"]


async def test_parse_refuses_both_a_vacancy_and_a_job_description(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    r = await admin.call("POST", "/api/v1/parse", **multipart(
        [("a.txt", CV.encode())], {"job_description": JD, "vacancy_id": vacancy}))
    body = await r.get_json()
    assert r.status_code == 400 and body["error"]["code"] == "validation_error"
    assert "not both" in str(body["error"]["details"])
