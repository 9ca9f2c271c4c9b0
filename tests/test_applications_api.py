"""Applications over HTTP: create, list, stage moves, rejection reasons, counters, pipeline, roles."""

from __future__ import annotations

import pytest

from storage.ids import new_id
from storage.models import Application, Candidate
from storage.scoping import scoped
from tests.helpers import multipart
from tools.applications import MOVES, STAGES
from tools.rejection_reasons import DEFAULT_REASONS


async def _vacancy(client, **fields) -> dict:
    r = await client.post("/api/v1/vacancies", json={"title": "Engineer", "status": "open", **fields})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]


async def _candidate(client, name: str = "Ann Lee") -> str:
    r = await client.post("/api/v1/candidates", json={"name": name})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def _apply(client, vacancy_id: str, name: str = "Ann Lee") -> dict:
    r = await client.post("/api/v1/applications", json={"candidate_id": await _candidate(client, name),
                                                        "vacancy_id": vacancy_id, "source": "referral"})
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]


async def _move(client, app_id: str, stage: str, reason: str | None = None, status: int = 200) -> dict:
    r = await client.post(f"/api/v1/applications/{app_id}/stage", json={"stage": stage, "reason": reason})
    body = await r.get_json()
    assert r.status_code == status, body
    return body


async def _counts(client, vacancy_id: str) -> tuple[int, int, str]:
    data = (await (await client.get(f"/api/v1/vacancies/{vacancy_id}")).get_json())["data"]
    return data["applicants_count"], data["hires_count"], data["status"]


async def test_create_is_unique_and_counts_applicants(api):
    admin = await api.signup()
    vac = await _vacancy(admin)
    app = await _apply(admin, vac["id"])
    assert app["stage"] == "applied" and app["source"] == "referral" and app["stage_changed_at"]
    assert app["stage_history"][0]["from"] is None and app["stage_history"][0]["to"] == "applied"
    r = await admin.post("/api/v1/applications", json={"candidate_id": app["candidate_id"], "vacancy_id": vac["id"]})
    body = await r.get_json()
    assert r.status_code == 409 and body["error"]["details"] == {"application_id": app["id"]}
    assert await _counts(admin, vac["id"]) == (1, 0, "open")
    for bad in ({"candidate_id": app["candidate_id"]}, {"candidate_id": "", "vacancy_id": vac["id"]}):
        assert (await admin.post("/api/v1/applications", json=bad)).status_code == 400
    r = await admin.post("/api/v1/applications", json={"candidate_id": "cand_x", "vacancy_id": vac["id"]})
    assert r.status_code == 404


async def test_stage_moves_history_and_rules(api):
    admin = await api.signup()
    vac = await _vacancy(admin)
    app = await _apply(admin, vac["id"])
    await _move(admin, app["id"], "screening", "looks good")
    body = await _move(admin, app["id"], "hired", status=409)
    assert body["error"]["details"]["allowed"] == list(MOVES["screening"])
    await _move(admin, app["id"], "screening", status=409)
    body = await _move(admin, app["id"], "rejected", status=400)
    assert body["error"]["details"]["allowed"] == list(DEFAULT_REASONS)
    await _move(admin, app["id"], "rejected", "made up reason", status=400)
    data = (await _move(admin, app["id"], "rejected", "skills MISMATCH"))["data"]
    assert data["rejection_reason"] == "Skills mismatch"
    await _move(admin, app["id"], "interview", status=409)
    data = (await _move(admin, app["id"], "screening", "reconsidered"))["data"]
    assert data["rejection_reason"] is None
    got = (await (await admin.get(f"/api/v1/applications/{app['id']}")).get_json())["data"]
    history = [(h["from"], h["to"], h["reason"]) for h in got["stage_history"]]
    assert history == [(None, "applied", None), ("applied", "screening", "looks good"),
                       ("screening", "rejected", "Skills mismatch"), ("rejected", "screening", "reconsidered")]
    assert all(h["actor"] == admin.user["id"] and h["at"] for h in got["stage_history"])
    assert (await admin.post(f"/api/v1/applications/{app['id']}/stage", json={"stage": "nowhere"})).status_code == 400


@pytest.mark.parametrize("start", STAGES)
async def test_stage_transition_table(api, start):
    """Every (from, to) pair: allowed moves answer 200, the rest 409 with the allowed list."""
    admin = await api.signup()
    vac = await _vacancy(admin, headcount=100)
    path = {"applied": [], "screening": ["screening"], "interview": ["interview"], "offer": ["screening", "offer"],
            "hired": ["interview", "hired"], "rejected": ["rejected"], "withdrawn": ["withdrawn"]}[start]
    for to in STAGES:
        app = await _apply(admin, vac["id"], f"Person {to}")
        for step in path:
            await _move(admin, app["id"], step, "Other" if step == "rejected" else None)
        reason = "Other" if to == "rejected" else None
        await _move(admin, app["id"], to, reason, status=200 if to in MOVES[start] else 409)


async def test_hires_fill_the_vacancy_and_undoing_a_hire_counts_down(api):
    admin = await api.signup()
    vac = await _vacancy(admin, headcount=2)
    first, second = await _apply(admin, vac["id"], "A"), await _apply(admin, vac["id"], "B")
    for app in (first, second):
        await _move(admin, app["id"], "interview")
    await _move(admin, first["id"], "hired")
    assert await _counts(admin, vac["id"]) == (2, 1, "open")
    await _move(admin, second["id"], "hired")
    assert await _counts(admin, vac["id"]) == (2, 2, "filled")
    await _move(admin, second["id"], "screening", "start date fell through")
    assert await _counts(admin, vac["id"]) == (2, 1, "filled")   # reopening is explicit
    r = await admin.post(f"/api/v1/vacancies/{vac['id']}/status", json={"status": "open"})
    assert (await r.get_json())["data"]["status"] == "open"


async def test_withdraw(api):
    admin = await api.signup()
    vac = await _vacancy(admin)
    app = await _apply(admin, vac["id"])
    r = await admin.post(f"/api/v1/applications/{app['id']}/withdraw", json={"reason": "took another offer"})
    data = (await r.get_json())["data"]
    assert r.status_code == 200 and data["stage"] == "withdrawn"
    assert data["stage_history"][-1]["reason"] == "took another offer"
    assert (await admin.post(f"/api/v1/applications/{app['id']}/withdraw", json={})).status_code == 409


async def test_rejection_reasons_settings(api):
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    manager = await api.member(admin, "hiring_manager")
    url = "/api/v1/settings/rejection-reasons"
    for client in (admin, recruiter, manager):
        assert (await (await client.get(url)).get_json())["data"]["reasons"] == list(DEFAULT_REASONS)
    assert (await recruiter.call("PUT", url, json={"reasons": ["Too far"]})).status_code == 403
    for bad in ({"reasons": []}, {"reasons": ["A", "a"]}, {"reasons": [" "]}):
        assert (await admin.call("PUT", url, json=bad)).status_code == 400
    r = await admin.call("PUT", url, json={"reasons": ["Too far", " Visa "]})
    assert (await r.get_json())["data"]["reasons"] == ["Too far", "Visa"]
    vac = await _vacancy(admin)
    app = await _apply(admin, vac["id"])
    await _move(admin, app["id"], "rejected", "Skills mismatch", status=400)
    await _move(admin, app["id"], "rejected", "visa")
    other = await api.signup(company="Other Co")
    assert (await (await other.get(url)).get_json())["data"]["reasons"] == list(DEFAULT_REASONS)


async def test_list_filters_and_pagination_walk(api):
    admin = await api.signup()
    tenant = admin.tenant["id"]
    vac, other_vac = await _vacancy(admin), await _vacancy(admin, title="Other")
    candidates = [Candidate(id=new_id("cand"), tenant_id=tenant, name=f"C{i}") for i in range(250)]
    await scoped(Candidate, tenant).bulk_create(candidates)
    apps = [Application(id=new_id("app"), tenant_id=tenant, candidate_id=c.id, vacancy_id=vac["id"],
                        stage="screening" if i % 5 == 0 else "applied") for i, c in enumerate(candidates)]
    await scoped(Application, tenant).bulk_create(apps)
    extra = await _apply(admin, other_vac["id"], "Outsider")
    seen, cursor, pages = [], None, 0
    while True:
        r = await admin.get(f"/api/v1/applications?vacancy_id={vac['id']}&limit=40" + (f"&cursor={cursor}" if cursor else ""))
        body = await r.get_json()
        assert r.status_code == 200 and body["meta"]["total"] == 250
        seen += [a["id"] for a in body["data"]]
        cursor, pages = body["meta"]["next_cursor"], pages + 1
        if cursor is None:
            break
    assert pages == 7 and len(seen) == 250 and len(set(seen)) == 250
    assert set(seen) == {a.id for a in apps} and seen == sorted(seen, reverse=True)
    r = await admin.get(f"/api/v1/applications?vacancy_id={vac['id']}&stage=screening&limit=100")
    assert (await r.get_json())["meta"]["total"] == 50
    r = await admin.get(f"/api/v1/applications?candidate_id={extra['candidate_id']}")
    assert [a["id"] for a in (await r.get_json())["data"]] == [extra["id"]]
    assert (await admin.get("/api/v1/applications?stage=nope")).status_code == 400
    assert (await admin.get("/api/v1/applications?cursor=%%%")).status_code == 400


async def test_pipeline_counts_and_ranks(api):
    admin = await api.signup()
    tenant = admin.tenant["id"]
    vac = await _vacancy(admin)
    apps = [await _apply(admin, vac["id"], name) for name in ("Low", "High", "Unscored", "Gone")]
    for app, score in zip(apps[:2], (40, 90), strict=True):
        await scoped(Application, tenant).filter(id=app["id"]).update(score=score, band="good")
    await _move(admin, apps[3]["id"], "rejected", "Other")
    data = (await (await admin.get(f"/api/v1/vacancies/{vac['id']}/pipeline")).get_json())["data"]
    assert data["total"] == 4 and data["applicants_count"] == 4
    stages = {s["stage"]: s for s in data["stages"]}
    assert [s["stage"] for s in data["stages"]] == list(STAGES)
    assert stages["applied"]["count"] == 3 and stages["rejected"]["count"] == 1 and stages["hired"]["count"] == 0
    assert [c["name"] for c in stages["applied"]["candidates"]] == ["High", "Low", "Unscored"]
    top = stages["applied"]["candidates"][0]
    assert top["score"] == 90 and top["application_id"] == apps[1]["id"] and top["id"] == apps[1]["candidate_id"]
    small = (await (await admin.get(f"/api/v1/vacancies/{vac['id']}/pipeline?per_stage=1")).get_json())["data"]
    assert small["stages"][0]["count"] == 3 and len(small["stages"][0]["candidates"]) == 1


async def test_hiring_manager_reads_and_moves_only_in_their_vacancies(api):
    admin = await api.signup()
    manager = await api.member(admin, "hiring_manager")
    mine = await _vacancy(admin, hiring_manager_id=manager.user["id"])
    theirs = await _vacancy(admin, title="Theirs")
    my_app, their_app = await _apply(admin, mine["id"], "Mine"), await _apply(admin, theirs["id"], "Theirs")
    listed = [a["id"] for a in (await (await manager.get("/api/v1/applications")).get_json())["data"]]
    assert listed == [my_app["id"]]
    assert (await manager.get(f"/api/v1/applications/{their_app['id']}")).status_code == 404
    await _move(manager, my_app["id"], "interview")
    await _move(manager, their_app["id"], "interview", status=404)
    assert (await manager.get(f"/api/v1/vacancies/{mine['id']}/pipeline")).status_code == 200
    r = await manager.post("/api/v1/applications", json={"candidate_id": my_app["candidate_id"], "vacancy_id": mine["id"]})
    assert r.status_code == 403
    assert (await manager.post(f"/api/v1/applications/{my_app['id']}/withdraw", json={})).status_code == 403
    interviewer = await api.member(admin, "interviewer")
    assert (await interviewer.get("/api/v1/applications")).status_code == 403
    assert (await interviewer.post(f"/api/v1/applications/{my_app['id']}/stage", json={"stage": "offer"})).status_code == 403
    key = await api.key_client(admin, "hiring_manager")
    assert (await (await key.get("/api/v1/applications")).get_json())["data"] == []
    evals = [(await (await admin.post(f"/api/v1/applications/{a['id']}/evaluate", json={})).get_json())["data"]["id"]
             for a in (my_app, their_app)]
    seen = [e["id"] for e in (await (await manager.get("/api/v1/evaluations")).get_json())["data"]]
    assert seen == [evals[0]]
    assert (await manager.get(f"/api/v1/evaluations/{evals[1]}")).status_code == 404


async def test_foreign_tenant_gets_404(api):
    admin = await api.signup()
    vac = await _vacancy(admin)
    app = await _apply(admin, vac["id"])
    other = await api.signup(company="Other Co")
    assert (await other.get(f"/api/v1/applications/{app['id']}")).status_code == 404
    await _move(other, app["id"], "screening", status=404)
    assert (await other.post(f"/api/v1/applications/{app['id']}/withdraw", json={})).status_code == 404
    own_candidate = await _candidate(other)
    r = await other.post("/api/v1/applications", json={"candidate_id": own_candidate, "vacancy_id": vac["id"]})
    assert r.status_code == 404
    assert (await (await other.get("/api/v1/applications")).get_json())["data"] == []


async def test_parse_into_a_vacancy_goes_through_the_same_create(api):
    admin = await api.signup()
    vac = await _vacancy(admin)
    cv = b"Ama Mensah\nama@example.com\n\nSKILLS\nPython, Go\n"
    for _ in range(2):
        r = await admin.call("POST", "/api/v1/parse", **multipart([("cv.txt", cv)], {"vacancy_id": vac["id"], "create_candidates": True}))
        assert r.status_code == 200, await r.get_json()
    assert (await _counts(admin, vac["id"]))[0] == 1
    apps = (await (await admin.get(f"/api/v1/applications?vacancy_id={vac['id']}")).get_json())["data"]
    assert len(apps) == 1 and apps[0]["source"] == "cv"
