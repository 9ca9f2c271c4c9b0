"""POST /api/v1/parse, parse jobs and usage, through HTTP; the durable queue via its tools."""

from __future__ import annotations

import asyncio

import pytest

from api.app import create_app
from storage import queue
from storage.models import Candidate, Job, JobItem, StoredFile, Tenant
from storage.scoping import scoped
from tests.conftest import PG_URL, truncate_all
from tests.helpers import Api, multipart
from tools import worker
from tools.actor import Actor
from tools.ingest import ParseOptions, ingest_file


def cv(name: str, email: str, extra: str = "") -> bytes:
    return (f"{name}\n{email} | +44 20 7946 0{abs(hash(email)) % 1000:03d}\nLondon, UK\n\n"
            f"EXPERIENCE\nBackend Engineer — Acme Ltd\nMar 2019 – Present\nBuilt Python and PostgreSQL services.\n\n"
            f"EDUCATION\nBSc Computer Science, University of Leeds, 2015 – 2018\n\n"
            f"SKILLS\nPython, PostgreSQL, Docker\n{extra}").encode()


async def post_parse(client, *files, **fields):
    return await client.call("POST", "/api/v1/parse", **multipart(list(files), fields))


async def test_single_cv_parses_and_is_cached_by_content(api):
    admin = await api.signup()
    r = await post_parse(admin, ("amara.txt", cv("Amara Okafor", "amara@example.com")))
    body = await r.get_json()
    assert r.status_code == 200, body
    [result] = body["data"]["results"]
    assert result["success"] is True and result["cached"] is False and result["status"] == "parsed"
    assert result["candidate"]["email"] == "amara@example.com"
    usage = (await (await admin.get("/api/v1/account/usage")).get_json())["data"]["parses"]
    assert usage["quota_used"] == 1

    again = await post_parse(admin, ("renamed.pdf", cv("Amara Okafor", "amara@example.com")))
    [cached] = (await again.get_json())["data"]["results"]
    assert cached["cached"] is True and cached["file_id"] == result["file_id"]
    usage = (await (await admin.get("/api/v1/account/usage")).get_json())["data"]["parses"]
    assert usage["quota_used"] == 1


async def test_create_candidates_dedupes_by_email_and_applies_to_vacancy(api):
    admin = await api.signup()
    vacancy = (await (await admin.post("/api/v1/vacancies", json={"title": "Backend"})).get_json())["data"]
    first = await post_parse(admin, ("a.txt", cv("Ben Ode", "ben@example.com")),
                             create_candidates=True, vacancy_id=vacancy["id"])
    [r1] = (await first.get_json())["data"]["results"]
    assert r1["candidate_id"].startswith("cand_") and r1["duplicate_of"] is None
    assert r1["application_id"].startswith("app_")
    second = await post_parse(admin, ("b.txt", cv("Ben Ode", "ben@example.com", "Kubernetes")),
                              create_candidates=True, vacancy_id=vacancy["id"])
    [r2] = (await second.get_json())["data"]["results"]
    assert r2["duplicate_of"] == r1["candidate_id"] == r2["candidate_id"]
    assert r2["application_id"] == r1["application_id"]
    listing = (await (await admin.get("/api/v1/candidates")).get_json())
    assert listing["meta"]["total"] == 1


@pytest.mark.parametrize("payload,status,code", [
    (b"\x00\x01\x02\xff\xfe" * 200, 415, "unsupported_media_type"),
    (b"%PDF-1.4\n" + b"x" * (10 * 1024 * 1024 + 1), 413, "payload_too_large"),
])
async def test_bad_uploads_are_refused_whole(api, payload, status, code):
    admin = await api.signup()
    r = await post_parse(admin, ("cv.pdf", payload))
    body = await r.get_json()
    assert r.status_code == status, body
    assert body["error"]["code"] == code


async def test_no_files_is_a_validation_error(api):
    admin = await api.signup()
    r = await post_parse(admin, create_candidates=True)
    assert r.status_code == 400


async def test_quota_exceeded_reports_usage(api):
    admin = await api.signup()
    await Tenant.filter(id=admin.tenant["id"]).update(parse_quota_monthly=1)
    r = await post_parse(admin, ("a.txt", cv("A One", "a1@example.com")), ("b.txt", cv("B Two", "b2@example.com")))
    body = await r.get_json()
    assert r.status_code == 402, body
    details = body["error"]["details"]
    assert body["error"]["code"] == "quota_exceeded"
    assert details["quota_used"] == 0 and details["quota_limit"] == 1 and details["resets_at"]


async def test_interviewer_cannot_parse(api):
    admin = await api.signup()
    interviewer = await api.member(admin, "interviewer")
    r = await post_parse(interviewer, ("a.txt", cv("A One", "a1@example.com")))
    assert r.status_code == 403


async def _wait_for_job(client, job_id: str) -> dict:
    for _ in range(200):
        job = (await (await client.get(f"/api/v1/parse-jobs/{job_id}")).get_json())["data"]
        if job["status"] in ("completed", "failed"):
            return job
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


async def test_large_batch_becomes_a_job_with_paginated_results(api):
    admin = await api.signup()
    files = [(f"cv{i}.txt", cv(f"Person Number{i}", f"p{i}@example.com")) for i in range(8)]
    r = await post_parse(admin, *files, create_candidates=True)
    body = await r.get_json()
    assert r.status_code == 202, body
    job_id = body["data"]["job_id"]
    assert body["data"]["poll_url"] == f"/api/v1/parse-jobs/{job_id}"
    job = await _wait_for_job(admin, job_id)
    assert job["status"] == "completed" and job["total"] == 8 and job["completed"] == 8 and job["failed"] == 0
    page1 = (await (await admin.get(f"{body['data']['results_url']}?offset=0&limit=5")).get_json())["data"]
    page2 = (await (await admin.get(f"{body['data']['results_url']}?offset=5&limit=5")).get_json())["data"]
    results = page1["results"] + page2["results"]
    assert [x["filename"] for x in results] == [name for name, _ in files]
    assert all(x["success"] and x["candidate_id"] for x in results)
    other = await api.signup(company="Other Co")
    assert (await other.get(f"/api/v1/parse-jobs/{job_id}")).status_code == 404


async def test_job_resumes_after_a_worker_dies_without_duplicates(settings):
    """A worker that stops mid-job leaves items pending; the next claim finishes them and
    no file turns into two candidates."""
    app = create_app(settings.model_copy(update={"embedded_worker": False}))  # we drive the queue
    async with app.test_app():
        if PG_URL:
            await truncate_all()
        await _resume_scenario(Api(app, settings))


async def _resume_scenario(api: Api) -> None:
    admin = await api.signup()
    files = [(f"cv{i}.txt", cv(f"Resume Person{i}", f"r{i}@example.com")) for i in range(7)]
    r = await post_parse(admin, *files, create_candidates=True)
    job_id = (await r.get_json())["data"]["job_id"]

    job = await queue.claim_next()
    assert job is not None and job.id == job_id
    actor = Actor(**job.actor)
    for item in (await queue.pending_items(job))[:3]:   # the "crashed" worker did three
        file = await scoped(StoredFile, job.tenant_id).get(id=item.file_id)
        result = await ingest_file(actor, file, ParseOptions(create_candidates=True))
        await queue.finish_item(item, result.success, result.model_dump(mode="json"))
    file = await scoped(StoredFile, job.tenant_id).get(id=(await queue.pending_items(job))[0].file_id)
    await ingest_file(actor, file, ParseOptions(create_candidates=True))  # died before recording it
    assert await queue.claim_next() is None  # still leased by the dead worker
    await scoped(Job, job.tenant_id).filter(id=job.id).update(lease_until=None)  # lease expiry

    assert await worker.run_one() is True
    job = await scoped(Job, job.tenant_id).get(id=job_id)
    assert (job.status, job.completed, job.failed, job.attempts) == ("completed", 7, 0, 2)
    assert await scoped(JobItem, job.tenant_id).filter(job_id=job_id, status="done").count() == 7
    assert await scoped(Candidate, job.tenant_id).count() == 7
    usage = (await (await admin.get("/api/v1/account/usage")).get_json())["data"]["parses"]
    assert usage["quota_used"] == 7
