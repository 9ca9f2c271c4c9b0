"""Screening batches over HTTP: create, upload, start, poll, ranked results, reports, cancel."""

from __future__ import annotations

import asyncio
import io
from contextlib import asynccontextmanager

from pypdf import PdfReader

from api.app import create_app
from storage import queue
from storage.models import Evaluation, Job, JobItem, OutboxEvent, StoredFile, Tenant
from storage.scoping import scoped
from tests.conftest import PG_URL, truncate_all
from tests.fixtures_cv import docx_cv, pdf_text_lines
from tests.helpers import Api, multipart
from tests.test_screening_engine import CV
from tools import screening_batches, worker
from tools.actor import Actor
from tools.ingest import parse_stored
from tools.screening_batch_worker import run_screening_batch, screen_item
from tools.screening_batches import BatchOptions

BASE = "/api/v1/screening-batches"
BROKEN_PDF = b"%PDF-1.4\n" + b"garbage " * 50


def twin_cv(name: str, email: str) -> bytes:
    """CVs that differ only in identity, so they score the same (a tie)."""
    return (f"{name}\n{email}\nLeeds, UK\n\nEXPERIENCE\nBackend Engineer, Acme Ltd\nJan 2020 – Present\n"
            "- Built Python services on Kubernetes.\n\nEDUCATION\nBSc Computer Science, University of Leeds, "
            "2015 – 2019\n").encode()


def weak_cv(name: str, email: str) -> bytes:
    return (f"{name}\n{email}\n\nEXPERIENCE\nShop Assistant, Corner Store\nJan 2021 – Present\n"
            "- Served customers and kept the till.\n").encode()


async def _vacancy(client) -> str:
    r = await client.post("/api/v1/vacancies", json={
        "title": "Backend Engineer", "required_skills": ["Python", "Kubernetes"], "nice_to_have_skills": ["Go"]})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def _create(client, **body) -> dict:
    r = await client.post(BASE, json=body)
    data = await r.get_json()
    assert r.status_code == 201, data
    return data["data"]


async def _upload(client, batch_id: str, files: list[tuple[str, bytes]]):
    return await client.call("POST", f"{BASE}/{batch_id}/files", **multipart(files))


async def _usage(client) -> int:
    return (await (await client.get("/api/v1/account/usage")).get_json())["data"]["parses"]["quota_used"]


async def _wait(client, batch_id: str) -> dict:
    for _ in range(400):
        batch = (await (await client.get(f"{BASE}/{batch_id}")).get_json())["data"]
        if batch["status"] in ("completed", "failed", "cancelled"):
            return batch
        await asyncio.sleep(0.05)
    raise AssertionError(f"batch {batch_id} did not finish: {batch}")


def _files() -> list[tuple[str, bytes]]:
    return [
        ("amara.txt", CV.encode()),
        ("jane.docx", docx_cv()),
        ("twin-a.txt", twin_cv("Tom Twin", "tom@example.com")),
        ("broken.pdf", BROKEN_PDF),
        ("twin-b.txt", twin_cv("Tim Twin", "tim@example.com")),
        ("weak.pdf", pdf_text_lines(weak_cv("Wendy Weak", "wendy@example.com").decode().splitlines())),
        ("weak2.txt", weak_cv("Walt Weak", "walt@example.com")),
    ]


async def test_batch_for_a_vacancy_ranks_reports_and_survives_a_broken_file(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    batch = await _create(admin, vacancy_id=vacancy)
    assert batch["status"] == "draft" and batch["title"] == "Backend Engineer" and batch["total"] == 0
    files = _files()
    first = await _upload(admin, batch["id"], files[:4])
    assert first.status_code == 201, await first.get_json()
    second = (await (await _upload(admin, batch["id"], files[4:] + files[:1])).get_json())["data"]
    assert second["added"] == 3 and second["total"] == 7
    assert second["items"][-1] == {"id": "item_0000", "filename": "amara.txt",
                                   "file_id": second["items"][-1]["file_id"], "duplicate": True}

    r = await admin.post(f"{BASE}/{batch['id']}/start")
    assert r.status_code == 202, await r.get_json()
    assert await _usage(admin) == 7  # reserved at start: one parse per new file
    done = await _wait(admin, batch["id"])
    assert (done["status"], done["total"], done["processed"], done["failed"], done["pending"]) == (
        "completed", 7, 7, 1, 0)
    assert sum(done["bands"].values()) == 6 and done["criteria"]["required_skills"] == ["Python", "Kubernetes"]
    assert await _usage(admin) == 7

    results = (await (await admin.get(f"{BASE}/{batch['id']}/results?limit=100")).get_json())["data"]
    ranked = results["results"]
    scored = [x for x in ranked if x["status"] == "done"]
    assert [x["rank"] for x in scored] == [1, 2, 3, 4, 5, 6]
    assert [x["score"] for x in scored] == sorted((x["score"] for x in scored), reverse=True)
    assert scored[0]["filename"] == "amara.txt" and scored[0]["candidate_name"] == "Amara Okafor"
    twins = [x for x in scored if x["filename"].startswith("twin")]
    assert twins[0]["score"] == twins[1]["score"]  # a tie, broken by upload order
    assert [x["filename"] for x in twins] == ["twin-a.txt", "twin-b.txt"]
    assert scored.index(twins[1]) == scored.index(twins[0]) + 1
    broken = ranked[-1]
    assert broken["filename"] == "broken.pdf" and broken["status"] == "failed" and broken["rank"] is None
    assert broken["error"]["code"] == "corrupt" and "damaged" in broken["error"]["message"]
    page = (await (await admin.get(f"{BASE}/{batch['id']}/results?offset=2&limit=2")).get_json())["data"]
    assert [x["id"] for x in page["results"]] == [x["id"] for x in ranked[2:4]] and page["total"] == 7

    top = scored[0]
    report = (await (await admin.get(f"{BASE}/{batch['id']}/items/{top['id']}")).get_json())["data"]
    assert report["candidate"]["email"] == "amara.okafor@example.com"
    ev = report["evaluation"]
    assert ev["id"] == top["evaluation_id"] and ev["score"] == top["score"] and ev["vacancy_id"] == vacancy
    assert ev["application_id"] is None and ev["candidate_id"] is None
    python = next(s for s in ev["skills"] if s["skill"] == "Python")
    assert python["status"] == "evidenced"
    assert (await admin.get(f"/api/v1/evaluations/{ev['id']}")).status_code == 200

    pdf = await admin.get(f"{BASE}/{batch['id']}/items/{top['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(await pdf.get_data()))
    assert 1 <= len(reader.pages) <= 2
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    assert f"Score {top['score']}/100" in text and "Amara Okafor" in text
    assert python["evidence"]["quote"][:40] in " ".join(text.split())

    r = await admin.get(f"{BASE}/{batch['id']}/items/{broken['id']}/report.pdf")
    assert r.status_code == 409
    failed = (await (await admin.get(f"{BASE}/{batch['id']}/items/{broken['id']}")).get_json())["data"]
    assert failed["evaluation"] is None and failed["error"]["code"] == "corrupt"
    assert (await admin.get(f"{BASE}/{batch['id']}/items/item_9999")).status_code == 404
    assert (await admin.get(f"{BASE}/{batch['id']}/items/17")).status_code == 404
    events = await scoped(OutboxEvent, admin.tenant["id"]).filter(type="evaluation.completed").count()
    assert events == 6
    listing = (await (await admin.get(f"{BASE}?limit=10")).get_json())
    assert [b["id"] for b in listing["data"]] == [batch["id"]] and listing["meta"]["total"] == 1


async def test_batch_from_job_description_text_in_blind_mode(api):
    admin = await api.signup()
    batch = await _create(admin, title="Platform engineer", blind=True, job_description=(
        "We build payment infrastructure. You have strong Python and Kubernetes experience; Go is a plus."))
    assert batch["vacancy_id"] is None and batch["blind"] is True
    assert {"Python", "Kubernetes"} <= set(batch["criteria"]["required_skills"])
    await _upload(admin, batch["id"], [("amara.txt", CV.encode()), ("weak.txt", weak_cv("W W", "w@example.com"))])
    assert (await admin.post(f"{BASE}/{batch['id']}/start")).status_code == 202
    assert (await _wait(admin, batch["id"]))["status"] == "completed"
    ranked = (await (await admin.get(f"{BASE}/{batch['id']}/results")).get_json())["data"]["results"]
    assert ranked[0]["filename"] == "amara.txt" and ranked[0]["candidate_name"] is None
    report = (await (await admin.get(f"{BASE}/{batch['id']}/items/{ranked[0]['id']}")).get_json())["data"]
    assert report["candidate"] is None and report["evaluation"]["blind"] is True
    assert "Amara" not in report["evaluation"]["verdict"]


async def test_a_batch_holds_at_most_max_items(api, monkeypatch):
    monkeypatch.setattr(screening_batches, "MAX_ITEMS", 3)
    admin = await api.signup()
    batch = await _create(admin, vacancy_id=await _vacancy(admin))
    files = [(f"cv{i}.txt", twin_cv(f"Cap Person{i}", f"cap{i}@example.com")) for i in range(4)]
    assert (await _upload(admin, batch["id"], files[:2])).status_code == 201
    r = await _upload(admin, batch["id"], files[2:])
    body = await r.get_json()
    assert r.status_code == 400 and body["error"]["details"] == {"total": 2, "adding": 2, "max": 3}, body
    assert (await (await admin.get(f"{BASE}/{batch['id']}")).get_json())["data"]["total"] == 2


async def test_validation_conflicts_and_quota(api):
    admin = await api.signup()
    vacancy = await _vacancy(admin)
    for body in ({}, {"vacancy_id": vacancy, "job_description": "Python"}, {"job_description": "We bake bread."}):
        r = await admin.post(BASE, json=body)
        assert r.status_code == 400, (body, await r.get_json())
    batch = await _create(admin, vacancy_id=vacancy)
    bid = batch["id"]
    r = await admin.post(f"{BASE}/{bid}/start")
    assert r.status_code == 409 and (await r.get_json())["error"]["code"] == "conflict"  # empty
    r = await _upload(admin, bid, [("x.bin", b"\x00\x01\x02\xff\xfe" * 200)])
    assert r.status_code == 415
    assert (await _upload(admin, bid, [])).status_code == 400
    await _upload(admin, bid, [(f"cv{i}.txt", twin_cv(f"Person {i}", f"p{i}@example.com")) for i in range(3)])
    await Tenant.filter(id=admin.tenant["id"]).update(parse_quota_monthly=2)
    r = await admin.post(f"{BASE}/{bid}/start")
    body = await r.get_json()
    assert r.status_code == 402 and body["error"]["details"]["requested"] == 3, body
    assert (await (await admin.get(f"{BASE}/{bid}")).get_json())["data"]["status"] == "draft"
    await Tenant.filter(id=admin.tenant["id"]).update(parse_quota_monthly=100)
    assert (await admin.post(f"{BASE}/{bid}/start")).status_code == 202
    assert (await admin.post(f"{BASE}/{bid}/start")).status_code == 409
    assert (await _upload(admin, bid, [("late.txt", CV.encode())])).status_code == 409
    await _wait(admin, bid)
    assert (await admin.post(f"{BASE}/{bid}/cancel")).status_code == 409


async def test_tenants_and_roles(api):
    admin = await api.signup()
    batch = await _create(admin, vacancy_id=await _vacancy(admin))
    await _upload(admin, batch["id"], [("amara.txt", CV.encode())])
    other = await api.signup(company="Other Co")
    assert (await other.post(BASE, json={"vacancy_id": batch["vacancy_id"]})).status_code == 404
    for method, path in (("GET", ""), ("GET", "/results"), ("GET", "/items/item_0000"),
                         ("GET", "/items/item_0000/report.pdf"), ("POST", "/start"), ("POST", "/cancel")):
        r = await other.call(method, f"{BASE}/{batch['id']}{path}")
        assert r.status_code == 404, (method, path, r.status_code)
    assert (await _upload(other, batch["id"], [("a.txt", CV.encode())])).status_code == 404
    assert (await (await other.get(BASE)).get_json())["data"] == []
    for role in ("interviewer", "hiring_manager"):
        member = await api.member(admin, role)
        assert (await member.get(f"{BASE}/{batch['id']}")).status_code == 403
        assert (await member.post(BASE, json={"vacancy_id": batch["vacancy_id"]})).status_code == 403
    recruiter = await api.member(admin, "recruiter")
    assert (await recruiter.post(f"{BASE}/{batch['id']}/start")).status_code == 202


@asynccontextmanager
async def _started_batch(settings, count: int, name: str):
    """An app whose queue the test drives (no embedded worker), with a batch of ``count`` CVs
    started: yields (admin, batch)."""
    app = create_app(settings.model_copy(update={"embedded_worker": False}))
    async with app.test_app():
        if PG_URL:
            await truncate_all()
        admin = await Api(app, settings).signup()
        batch = await _create(admin, vacancy_id=await _vacancy(admin))
        files = [(f"cv{i}.txt", twin_cv(f"{name} Person{i}", f"{name.lower()}{i}@example.com")) for i in range(count)]
        await _upload(admin, batch["id"], files)
        assert (await admin.post(f"{BASE}/{batch['id']}/start")).status_code == 202
        yield admin, batch


async def test_cancel_stops_the_worker_and_refunds_unprocessed_items(settings):
    async with _started_batch(settings, 5, "Cancel") as (admin, batch):
        assert await _usage(admin) == 5

        job = await queue.claim_next()
        opts = BatchOptions.model_validate(job.options)
        for item in (await queue.pending_items(job))[:2]:  # the worker got through two items
            await screen_item(Actor(**job.actor), job, opts, item)
        r = await admin.post(f"{BASE}/{batch['id']}/cancel")
        body = (await r.get_json())["data"]
        assert r.status_code == 200 and body["status"] == "cancelled"
        assert (body["processed"], body["cancelled"], body["pending"]) == (2, 3, 0)
        assert await _usage(admin) == 2  # three unprocessed parses refunded

        await run_screening_batch(job)  # the running worker notices the cancel and stops
        tid = admin.tenant["id"]
        assert await scoped(JobItem, tid).filter(job_id=batch["id"], status="done").count() == 2
        assert (await scoped(Job, tid).get(id=batch["id"])).status == "cancelled"
        assert await scoped(Evaluation, tid).count() == 2
        assert await queue.claim_next() is None
        assert (await admin.post(f"{BASE}/{batch['id']}/cancel")).status_code == 409

        draft = await _create(admin, vacancy_id=batch["vacancy_id"])
        assert (await admin.post(f"{BASE}/{draft['id']}/cancel")).status_code == 200
        assert await _usage(admin) == 2


async def test_restart_mid_batch_resumes_without_parsing_twice(settings):
    async with _started_batch(settings, 6, "Resume") as (admin, batch):
        job = await queue.claim_next()
        actor, opts = Actor(**job.actor), BatchOptions.model_validate(job.options)
        pending = await queue.pending_items(job)
        for item in pending[:3]:
            await screen_item(actor, job, opts, item)
        tid = job.tenant_id
        file = await scoped(StoredFile, tid).get(id=pending[3].file_id)
        await parse_stored(actor, file, charge=False)  # parsed, then the worker died before recording
        assert await queue.claim_next() is None  # still leased by the dead worker
        await scoped(Job, tid).filter(id=job.id).update(lease_until=None)  # lease expiry

        assert await worker.run_one() is True
        done = (await (await admin.get(f"{BASE}/{batch['id']}")).get_json())["data"]
        assert (done["status"], done["processed"], done["failed"]) == ("completed", 6, 0)
        assert await scoped(Evaluation, tid).count() == 6
        parses = await scoped(OutboxEvent, tid).filter(type="parse.completed").count()
        assert parses == 6  # each file parsed exactly once
        assert await _usage(admin) == 6
