"""Vacancy counters under concurrent application creates and stage moves (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

from storage.models import OutboxEvent
from storage.scoping import scoped

N = 20


async def _vacancy(admin, headcount: int) -> str:
    r = await admin.post("/api/v1/vacancies", json={"title": "Busy", "status": "open", "headcount": headcount})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def _candidates(admin, n: int) -> list[str]:
    ids = []
    for i in range(n):
        r = await admin.post("/api/v1/candidates", json={"name": f"Person {i}"})
        ids.append((await r.get_json())["data"]["id"])
    return ids


async def _vacancy_state(admin, vacancy_id: str) -> tuple[int, int, str]:
    data = (await (await admin.get(f"/api/v1/vacancies/{vacancy_id}")).get_json())["data"]
    return data["applicants_count"], data["hires_count"], data["status"]


async def _all_ok(calls, status: int = 200) -> list[dict]:
    responses = await asyncio.gather(*calls)
    bodies = [await r.get_json() for r in responses]
    assert [r.status_code for r in responses] == [status] * len(responses), bodies
    return bodies


async def test_concurrent_creates_and_moves_keep_counters_exact(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin, headcount=N)
    people = await _candidates(admin, N)
    created = await _all_ok([admin.post("/api/v1/applications", json={"candidate_id": c, "vacancy_id": vacancy})
                             for c in people], 201)
    apps = [b["data"]["id"] for b in created]
    assert await _vacancy_state(admin, vacancy) == (N, 0, "open")

    def move(stage: str):
        return [admin.post(f"/api/v1/applications/{a}/stage", json={"stage": stage}) for a in apps]

    await _all_ok(move("interview"))
    await _all_ok(move("hired"))
    assert await _vacancy_state(admin, vacancy) == (N, N, "filled")
    fills = await scoped(OutboxEvent, admin.tenant["id"]).filter(type="vacancy.status_changed").order_by("created_at", "id").values_list("data", flat=True)
    assert [d["to"] for d in fills] == ["open", "filled"]     # filled exactly once
    await _all_ok(move("screening"))
    assert await _vacancy_state(admin, vacancy) == (N, 0, "filled")
    pipeline = (await (await admin.get(f"/api/v1/vacancies/{vacancy}/pipeline")).get_json())["data"]
    assert {s["stage"]: s["count"] for s in pipeline["stages"]}["screening"] == N


async def test_concurrent_duplicate_creates_make_one_application(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin, headcount=1)
    (person,) = await _candidates(admin, 1)
    responses = await asyncio.gather(*[
        admin.post("/api/v1/applications", json={"candidate_id": person, "vacancy_id": vacancy}) for _ in range(N)])
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * (N - 1)
    bodies = [await r.get_json() for r in responses]
    app_id = next(b["data"]["id"] for b in bodies if "data" in b)
    assert {b["error"]["details"]["application_id"] for b in bodies if "error" in b} == {app_id}
    assert await _vacancy_state(admin, vacancy) == (1, 0, "open")


async def test_concurrent_moves_of_one_application_apply_once(api):
    """Twenty racing 'hire' requests for the same application: one wins, the rest are 409."""
    admin = await api.signup()
    vacancy = await _vacancy(admin, headcount=5)
    (person,) = await _candidates(admin, 1)
    r = await admin.post("/api/v1/applications", json={"candidate_id": person, "vacancy_id": vacancy})
    app_id = (await r.get_json())["data"]["id"]
    await admin.post(f"/api/v1/applications/{app_id}/stage", json={"stage": "interview"})
    responses = await asyncio.gather(*[
        admin.post(f"/api/v1/applications/{app_id}/stage", json={"stage": "hired"}) for _ in range(N)])
    assert sorted(r.status_code for r in responses) == [200] + [409] * (N - 1)
    assert await _vacancy_state(admin, vacancy) == (1, 1, "open")


async def test_creates_and_moves_racing_each_other(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin, headcount=100)
    people = await _candidates(admin, N)
    half = N // 2
    created = await _all_ok([admin.post("/api/v1/applications", json={"candidate_id": c, "vacancy_id": vacancy})
                             for c in people[:half]], 201)
    apps = [b["data"]["id"] for b in created]
    await _all_ok([admin.post(f"/api/v1/applications/{a}/stage", json={"stage": "interview"}) for a in apps])
    calls = [admin.post("/api/v1/applications", json={"candidate_id": c, "vacancy_id": vacancy}) for c in people[half:]]
    calls += [admin.post(f"/api/v1/applications/{a}/stage", json={"stage": "hired"}) for a in apps]
    responses = await asyncio.gather(*calls)
    assert sorted(r.status_code for r in responses) == [200] * half + [201] * half
    assert await _vacancy_state(admin, vacancy) == (N, half, "open")
