"""Benchmark: offline screening and rescoring speed (targets in docs/screening.md).

Run with ``make bench``. Prints, side by side in one run:
  screening 1,000 applications on one core (facts read from the profile + scoring),
  rescoring 10,000 applications through ``rescore_vacancy`` and its job, end to end on the
  configured database (stored facts reused, evaluations, scores and events written).
Targets: screening 1,000 <= 2 s; rescoring 10,000 <= 10 s. Asserts only correctness.
"""

from __future__ import annotations

import random
import time

import pytest_asyncio

from api.app import create_app
from storage import queue
from storage.ids import new_id
from storage.models import Application, Candidate, Evaluation
from storage.scoping import scoped
from tests.conftest import PG_URL, truncate_all
from tests.helpers import Api
from tools.actor import Actor
from tools.evaluations import RescoreInput, rescore_vacancy, run_rescore_job
from tools.screening.criteria import Criteria
from tools.screening.engine import assess
from tools.screening.facts import candidate_facts

SKILLS = ["Python", "Go", "PostgreSQL", "Kubernetes", "Docker", "React", "TypeScript", "AWS", "Kafka",
          "Terraform", "Django", "GraphQL", "Redis", "Java", "Spring Boot", "SQL", "dbt", "Airflow"]
TITLES = ["Senior Backend Engineer", "Software Engineer", "Data Engineer", "Platform Engineer"]


def _profile(rng: random.Random, i: int) -> dict:
    year, jobs = 2026, []
    for n in range(rng.randint(2, 5)):
        start = year - rng.randint(1, 4)
        jobs.append({"title": rng.choice(TITLES), "company": f"Company {rng.randint(1, 500)}",
                     "start_date": f"{start}-0{rng.randint(1, 9)}", "end_date": None if n == 0 else f"{year}-0{rng.randint(1, 9)}",
                     "is_current": n == 0,
                     "description": "\n".join(f"- Built {rng.choice(SKILLS)} services with {rng.choice(SKILLS)} "
                                              f"for {rng.randint(2, 90)}k users." for _ in range(4))})
        year = start - rng.randint(0, 1)
    return {"name": f"Person {i}", "location": "London, UK", "skills": rng.sample(SKILLS, 8),
            "seniority": rng.choice(["mid", "senior"]), "total_experience_years": float(2026 - year),
            "experience": jobs}


@pytest_asyncio.fixture
async def quiet_app(settings):
    app = create_app(settings.model_copy(update={"embedded_worker": False}))
    async with app.test_app():
        if PG_URL:
            await truncate_all()
        yield app


def test_screening_1000_applications_on_one_core():
    rng = random.Random(3)
    profiles = [_profile(rng, i) for i in range(1000)]
    criteria = Criteria(required_skills=["Python", "Kubernetes", "PostgreSQL"], nice_to_have_skills=["Go"],
                        min_years=5, seniority="senior", location="London")
    started = time.perf_counter()
    results = [assess(candidate_facts(p), criteria) for p in profiles]
    elapsed = time.perf_counter() - started
    assert len(results) == 1000 and all(0 <= r.score <= 100 for r in results)
    print(f"\nscreening 1,000 applications (facts + score), one core: {elapsed:.2f} s (target <= 2 s)")


async def test_rescoring_10000_applications(quiet_app, settings):
    api = Api(quiet_app, settings)
    admin = await api.signup()
    tenant = admin.tenant["id"]
    r = await admin.post("/api/v1/vacancies", json={"title": "Backend", "required_skills": ["Python"]})
    vacancy = (await r.get_json())["data"]["id"]
    rng = random.Random(4)
    cands = [Candidate(id=new_id("cand"), tenant_id=tenant, name=f"Person {i}", profile=_profile(rng, i))
             for i in range(10_000)]
    started = time.perf_counter()
    await scoped(Candidate, tenant).bulk_create(cands, batch_size=1000)
    await scoped(Application, tenant).bulk_create(
        [Application(id=new_id("app"), tenant_id=tenant, candidate_id=c.id, vacancy_id=vacancy) for c in cands],
        batch_size=1000)
    print(f"\nsetup: 10,000 candidates and applications inserted in {time.perf_counter() - started:.1f} s")
    actor = Actor(tenant_id=tenant, role="admin", user_id=admin.user["id"])

    async def rescore(skills: list[str]) -> float:
        t0 = time.perf_counter()
        out = await rescore_vacancy(actor, vacancy, RescoreInput(required_skills=skills))
        job = await queue.claim_next()
        assert out.status == "queued" and job is not None and job.id == out.job_id
        await run_rescore_job(job)
        return time.perf_counter() - t0

    first = await rescore(["Python", "Kafka"])          # reads facts from 10,000 stored profiles
    second = await rescore(["Go", "Kubernetes", "AWS"])  # reuses the facts stored with each evaluation
    assert await scoped(Evaluation, tenant).count() == 20_000
    assert await scoped(Application, tenant).filter(score__isnull=True).count() == 0
    print(f"rescoring 10,000 applications: first (facts from profiles) {first:.1f} s, "
          f"again with new skills (stored facts) {second:.1f} s (target <= 10 s)")
