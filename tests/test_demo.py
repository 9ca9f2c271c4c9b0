"""The demo seed of ``make serve``: a realistic pipeline, fast and idempotent."""

from __future__ import annotations

import time

from storage.models import Application, Candidate, Evaluation, Tenant, Vacancy
from storage.scoping import scoped
from tests.helpers import Client
from tools.analytics import STAGES
from tools.demo import seed_demo


async def test_demo_seed_shows_every_stage_and_is_idempotent(api):
    started = time.perf_counter()
    creds = await seed_demo()
    # ~4 s on an idle 2-core machine, most of it starting the CV parser's worker processes;
    # the bound leaves room for a loaded CI box and still catches a seed gone slow
    assert time.perf_counter() - started < 15
    client = Client(api.app.test_client(), api_key=creds.api_key)
    r = await client.get("/api/v1/analytics/overview")
    body = await r.get_json()
    assert r.status_code == 200, body
    overview = body["data"]
    assert set(overview["applications_by_stage"]) == set(STAGES)
    assert all(overview["applications_by_stage"][s] > 0 for s in STAGES), overview
    assert overview["hires"] >= 2 and overview["time_to_hire_median_days"] > 0
    assert overview["average_score"] is not None

    tenant = await Tenant.get(slug=creds.tenant_slug)
    statuses = set(await scoped(Vacancy, tenant.id).values_list("status", flat=True))
    assert {"open", "draft", "on_hold"} <= statuses
    applications = await scoped(Application, tenant.id).all()
    assert all(a.score is not None for a in applications)
    assert await scoped(Evaluation, tenant.id).count() == len(applications)
    assert all(a.rejection_reason for a in applications if a.stage == "rejected")
    candidates = await scoped(Candidate, tenant.id).all()
    assert all(c.profile and c.profile["experience"] for c in candidates)
    go = await scoped(Vacancy, tenant.id).get(slug="senior-go-engineer-payments")
    assert go.applicants_count == 7 and go.hires_count == 1

    r = await client.get(f"/api/v1/analytics/vacancies/{go.id}")
    funnel = {f["stage"]: f["reached"] for f in (await r.get_json())["data"]["funnel"]}
    assert funnel["applied"] == 7 and funnel["hired"] == 1
    r = await api.anonymous().get(f"/api/v1/careers/vacancies?tenant={creds.tenant_slug}")
    assert {v["slug"] for v in (await r.get_json())["data"]} == {
        "senior-go-engineer-payments", "product-designer", "backend-python-engineer"}

    again = await seed_demo()
    assert again.api_key != creds.api_key
    assert await scoped(Application, tenant.id).count() == len(applications)
    assert await scoped(Candidate, tenant.id).count() == len(candidates)
    assert await scoped(Vacancy, tenant.id).count() == 5


async def test_demo_stays_out_of_real_tenants(api):
    await api.signup()
    assert await seed_demo() is None
