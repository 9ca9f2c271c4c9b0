"""Applications CSV export and analytics through HTTP."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from storage.ids import new_id
from storage.models import Application, Shortlist, ShortlistEntry
from storage.scoping import scoped
from tools.clock import utcnow


async def make_vacancy(admin, title: str = "Backend Engineer") -> str:
    r = await admin.post("/api/v1/vacancies", json={"title": title, "status": "open", "required_skills": ["Python"]})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def make_candidate(admin, name: str, email: str, **extra) -> str:
    r = await admin.post("/api/v1/candidates", json={"name": name, "email": email, **extra})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


def moves(start, *stages_days: tuple[str, float]) -> list[dict]:
    """A stage history: created at ``start``, then each (stage, days after start)."""
    history = [{"stage": "applied", "at": start.isoformat(), "actor": None}]
    previous = "applied"
    for stage, days in stages_days:
        history.append({"from": previous, "to": stage, "at": (start + timedelta(days=days)).isoformat(),
                        "actor": None, "reason": "rejected: skills" if stage == "rejected" else None})
        previous = stage
    return history


async def add_application(tenant_id: str, vacancy_id: str, candidate_id: str, *, stage: str = "applied",
                          history: list | None = None, score: int | None = None, band: str | None = None,
                          created=None, source: str = "manual") -> str:
    row = await Application.create(id=new_id("app"), tenant_id=tenant_id, vacancy_id=vacancy_id,
                                   candidate_id=candidate_id, stage=stage, stage_history=history or [],
                                   score=score, band=band, source=source)
    if created is not None:
        await scoped(Application, tenant_id).filter(id=row.id).update(created_at=created)
    return row.id


async def test_export_csv_columns_order_and_escaping(api):
    admin = await api.signup()
    tid = admin.tenant["id"]
    vacancy = await make_vacancy(admin)
    evil = await make_candidate(admin, "=HYPERLINK(\"http://x\")", "evil@example.com", phone="+44 20 7946 0000",
                                location="@home")
    plain = await make_candidate(admin, "Jane, \"JJ\" Doe", "jane@example.com", location="-Leeds")
    unscored = await make_candidate(admin, "\tTabby", "tab@example.com")
    a1 = await add_application(tid, vacancy, evil, score=40, band="fair")
    a2 = await add_application(tid, vacancy, plain, score=90, band="exceptional", stage="interview")
    a3 = await add_application(tid, vacancy, unscored)
    r = await admin.post(f"/api/v1/applications/{a2}/evaluate", json={})
    assert r.status_code == 201
    score2 = (await r.get_json())["data"]["score"]

    r = await admin.get(f"/api/v1/vacancies/{vacancy}/applications/export.csv")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/csv")
    slug = (await (await admin.get(f"/api/v1/vacancies/{vacancy}")).get_json())["data"]["slug"]
    assert r.headers["Content-Disposition"].startswith(f'attachment; filename="applications-{slug}-')
    text = (await r.get_data()).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["application_id", "candidate_id", "name", "email", "phone", "location", "stage", "score",
                       "band", "recommendation", "applied_at", "stage_changed_at", "source"]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == sorted([a1, a2], key=lambda a: -({a1: 40, a2: score2}[a])) + [a3]
    assert by_id[a1]["name"] == "'=HYPERLINK(\"http://x\")" and by_id[a1]["location"] == "'@home"
    assert by_id[a1]["phone"] == "'+44 20 7946 0000"
    assert by_id[a2]["name"] == "Jane, \"JJ\" Doe" and by_id[a2]["location"] == "'-Leeds"
    assert by_id[a2]["recommendation"] in ("strong_yes", "yes", "maybe", "no") and by_id[a1]["recommendation"] == ""
    assert by_id[a3]["name"] == "'\tTabby" and by_id[a3]["score"] == ""
    assert by_id[a2]["stage"] == "interview" and by_id[a2]["applied_at"]


async def test_export_and_analytics_rbac_and_foreign_tenant(api):
    admin = await api.signup()
    other = await api.signup()
    vacancy = await make_vacancy(admin)
    theirs = await make_vacancy(other)
    interviewer = await api.key_client(admin, "interviewer")
    manager = await api.member(admin, "hiring_manager")
    bystander = await api.member(admin, "hiring_manager")
    r = await admin.patch(f"/api/v1/vacancies/{vacancy}", json={"hiring_manager_id": manager.user["id"]})
    assert r.status_code == 200, await r.get_json()
    for path in (f"/api/v1/vacancies/{vacancy}/applications/export.csv", f"/api/v1/analytics/vacancies/{vacancy}",
                 "/api/v1/analytics/overview"):
        assert (await interviewer.get(path)).status_code == 403
        assert (await manager.get(path)).status_code == 200
        assert (await bystander.get(path)).status_code == (200 if path.endswith("overview") else 404)
        assert (await api.anonymous().get(path)).status_code == 401
    for path in (f"/api/v1/vacancies/{theirs}/applications/export.csv", f"/api/v1/analytics/vacancies/{theirs}"):
        r = await admin.get(path)
        assert r.status_code == 404 and (await r.get_json())["error"]["code"] == "not_found"


async def test_overview_counts(api):
    admin = await api.signup()
    tid = admin.tenant["id"]
    v1, v2 = await make_vacancy(admin), await make_vacancy(admin, "Designer")
    await admin.post("/api/v1/vacancies", json={"title": "Draft"})
    now = utcnow()
    people = [await make_candidate(admin, f"P{i}", f"p{i}@example.com") for i in range(5)]
    await add_application(tid, v1, people[0], stage="hired", score=80, band="strong", created=now - timedelta(days=20),
                          history=moves(now - timedelta(days=20), ("screening", 2), ("interview", 5), ("hired", 10)))
    await add_application(tid, v2, people[1], stage="hired", score=60, band="good", created=now - timedelta(days=30),
                          history=moves(now - timedelta(days=30), ("offer", 20), ("hired", 30)))
    await add_application(tid, v1, people[2], stage="rejected", score=10, band="limited",
                          history=moves(now, ("rejected", 0.5)))
    await add_application(tid, v1, people[3])
    shortlist = await Shortlist.create(id=new_id("sl"), tenant_id=tid, vacancy_id=v1, name="Top")
    await ShortlistEntry.create(tenant_id=tid, shortlist_id=shortlist.id, candidate_id=people[0])
    other = await api.signup()
    await make_vacancy(other)

    r = await admin.get("/api/v1/analytics/overview")
    body = await r.get_json()
    assert r.status_code == 200, body
    d = body["data"]
    assert d["open_vacancies"] == 2 and d["candidates"] == 5 and d["applications"] == 4
    assert d["applications_by_stage"] == {"applied": 1, "screening": 0, "interview": 0, "offer": 0, "hired": 2,
                                          "rejected": 1, "withdrawn": 0}
    assert d["average_score"] == 50.0 and d["shortlisted"] == 1 and d["hires"] == 2
    assert d["time_to_hire_median_days"] == 20.0      # median of 10 and 30 days


async def test_vacancy_analytics_trend_funnel_bands_and_stage_times(api):
    admin = await api.signup()
    tid = admin.tenant["id"]
    vacancy = await make_vacancy(admin)
    now = utcnow()
    people = [await make_candidate(admin, f"P{i}", f"p{i}@example.com") for i in range(5)]
    t0 = now - timedelta(days=12)
    await add_application(tid, vacancy, people[0], stage="hired", score=90, band="exceptional", created=t0,
                          history=moves(t0, ("screening", 1), ("interview", 3), ("offer", 7), ("hired", 9)))
    await add_application(tid, vacancy, people[1], stage="interview", score=70, band="strong", created=t0,
                          history=moves(t0, ("screening", 3), ("interview", 4)))
    await add_application(tid, vacancy, people[2], stage="rejected", score=30, band="fair", created=now,
                          history=moves(now, ("screening", 0), ("rejected", 0)))
    await add_application(tid, vacancy, people[3], stage="withdrawn", created=now - timedelta(days=45),
                          history=moves(now - timedelta(days=45), ("withdrawn", 1)))
    await add_application(tid, vacancy, people[4], created=now, history=moves(now))

    r = await admin.get(f"/api/v1/analytics/vacancies/{vacancy}")
    body = await r.get_json()
    assert r.status_code == 200, body
    d = body["data"]
    assert d["applications"] == 5
    trend = {t["date"]: t["applications"] for t in d["trend"]}
    assert len(trend) == 30 and sum(trend.values()) == 4            # the 45-day-old one is outside
    assert trend[now.date().isoformat()] == 2 and trend[t0.date().isoformat()] == 2
    assert list(trend) == sorted(trend) and list(trend)[-1] == now.date().isoformat()
    funnel = {f["stage"]: f for f in d["funnel"]}
    assert [f["stage"] for f in d["funnel"]] == ["applied", "screening", "interview", "offer", "hired"]
    assert {s: f["reached"] for s, f in funnel.items()} == {"applied": 5, "screening": 3, "interview": 2,
                                                             "offer": 1, "hired": 1}
    assert funnel["screening"]["share"] == 0.6 and funnel["interview"]["conversion"] == round(2 / 3, 4)
    assert funnel["applied"]["conversion"] is None
    assert d["exits"] == {"rejected": 1, "withdrawn": 1}
    assert d["score_bands"] == {"exceptional": 1, "strong": 1, "good": 0, "fair": 1, "limited": 0, "invalid": 0}
    assert d["average_score"] == round((90 + 70 + 30) / 3, 1)
    days = d["median_days_in_stage"]
    assert days["applied"] == 1.0             # 1, 3, 0 and 1 day
    assert days["screening"] == 1.0           # 2, 1, 0
    assert days["interview"] == 4.0 and days["offer"] == 2.0


async def test_vacancy_analytics_of_an_empty_vacancy(api):
    admin = await api.signup()
    vacancy = await make_vacancy(admin)
    d = (await (await admin.get(f"/api/v1/analytics/vacancies/{vacancy}")).get_json())["data"]
    assert d["applications"] == 0 and sum(t["applications"] for t in d["trend"]) == 0
    assert all(f["reached"] == 0 and f["share"] == 0 for f in d["funnel"])
    assert d["average_score"] is None and set(d["median_days_in_stage"].values()) == {None}
    overview = (await (await admin.get("/api/v1/analytics/overview")).get_json())["data"]
    assert overview["average_score"] is None and overview["time_to_hire_median_days"] is None
