"""The public careers API through HTTP: browsing open vacancies and applying with a CV."""

from __future__ import annotations

import secrets

from limits import parse

from storage.models import (
    Application,
    AuditEvent,
    Candidate,
    Evaluation,
    OutboxEvent,
    Tenant,
    Vacancy,
)
from storage.scoping import scoped
from tests.helpers import multipart

INTERNAL = ("applicants_count", "hires_count", "hiring_manager", "hiring_manager_id", "client", "client_id",
            "status", "headcount", "score", "min_years", "created_at", "updated_at", "tenant_id")


def ip() -> dict:
    """A unique client address, so per-IP limits of one test never touch another's (Redis)."""
    return {"scope_base": {"client": (f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}", 40000)}}


def cv_text(name: str, email: str, skills: str = "Go, PostgreSQL, Kubernetes") -> bytes:
    return (f"{name}\n{email} | +44 20 7946 0123\nLagos, Nigeria\n\nEXPERIENCE\nSenior Backend Engineer — Paystack\n"
            f"Jan 2018 – Present\nBuilt payment services in Go and PostgreSQL on Kubernetes.\n\n"
            f"EDUCATION\nBSc Computer Science, University of Lagos, 2012 – 2016\n\nSKILLS\n{skills}\n").encode()


async def open_vacancy(admin, title: str = "Senior Go Engineer", **extra) -> dict:
    r = await admin.post("/api/v1/vacancies", json={
        "title": title, "status": "open", "location": "Lagos, Nigeria", "description": "Payments in Go.",
        "required_skills": ["Go", "PostgreSQL"], "nice_to_have_skills": ["Docker"], **extra})
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]


async def apply(client, fields: dict, files=None, where=None):
    files = files if files is not None else [("cv.txt", cv_text(fields.get("name", "Amara Okafor"),
                                                                 fields.get("email", "amara@example.com")))]
    return await client.call("POST", "/api/v1/careers/apply", **multipart(files, fields, field="cv"),
                             **(where or ip()))


def form(vacancy_id: str, **kw) -> dict:
    return {"vacancy_id": vacancy_id, "name": "Amara Okafor", "email": "amara@example.com",
            "phone": "+234 803 555 0101", "consent": "on", **kw}


async def test_list_shows_only_open_vacancies_with_public_fields(api):
    admin = await api.signup(company="Paystack Talent")
    shown = await open_vacancy(admin)
    r = await admin.post("/api/v1/vacancies", json={"title": "Secret draft role", "status": "draft"})
    draft = (await r.get_json())["data"]
    anon = api.anonymous()
    r = await anon.get(f"/api/v1/careers/vacancies?tenant={admin.tenant['slug']}", **ip())
    body = await r.get_json()
    assert r.status_code == 200, body
    assert [v["id"] for v in body["data"]] == [shown["id"]]
    assert body["meta"]["total"] == 1 and body["meta"]["next_cursor"] is None
    item = body["data"][0]
    assert item["company"] == "Paystack Talent" and item["tenant"] == admin.tenant["slug"]
    assert item["required_skills"] == ["Go", "PostgreSQL"] and item["nice_to_have_skills"] == ["Docker"]
    assert not set(INTERNAL) & set(item), item
    text = (await r.get_data()).decode()
    assert draft["id"] not in text and "Secret draft role" not in text
    assert int(r.headers["X-RateLimit-Remaining"]) >= 0

    r = await anon.get(f"/api/v1/careers/vacancies/{draft['id']}", **ip())
    assert r.status_code == 404 and (await r.get_json())["error"]["code"] == "not_found"
    r = await anon.get(f"/api/v1/careers/vacancies/{shown['id']}", **ip())
    one = (await r.get_json())["data"]
    assert r.status_code == 200 and one["id"] == shown["id"] and not set(INTERNAL) & set(one)


async def test_list_across_tenants_filters_and_pagination(api):
    a = await api.signup(company="Alpha")
    b = await api.signup(company="Beta")
    go = await open_vacancy(a, "Go Engineer")
    design = await open_vacancy(b, "Product Designer", location="Berlin, Germany", description="Figma work.",
                                required_skills=["Figma"], nice_to_have_skills=[])
    anon = api.anonymous()

    async def ids(query: str) -> list[str]:
        r = await anon.get(f"/api/v1/careers/vacancies?{query}", **ip())
        body = await r.get_json()
        assert r.status_code == 200, body
        return [v["id"] for v in body["data"]]

    assert {go["id"], design["id"]} <= set(await ids("limit=100"))
    assert await ids(f"tenant={b.tenant['slug']}") == [design["id"]]
    assert await ids("tenant=no-such-company") == []
    assert await ids(f"tenant={a.tenant['slug']}&location=lagos") == [go["id"]]
    assert await ids(f"tenant={a.tenant['slug']}&location=berlin") == []
    assert await ids(f"tenant={b.tenant['slug']}&skill=figma") == [design["id"]]
    assert await ids(f"tenant={a.tenant['slug']}&skill=golang") == [go["id"]]      # an alias
    assert await ids(f"tenant={a.tenant['slug']}&skill=docker") == [go["id"]]       # nice to have
    assert await ids(f"tenant={a.tenant['slug']}&skill=Figma") == []
    assert await ids(f"tenant={b.tenant['slug']}&q=figma") == [design["id"]]
    assert await ids(f"tenant={b.tenant['slug']}&q=payments") == []

    more = [await open_vacancy(a, f"Role {i}") for i in range(4)]
    seen, cursor = [], None
    while True:
        r = await anon.get(f"/api/v1/careers/vacancies?tenant={a.tenant['slug']}&limit=2"
                           + (f"&cursor={cursor}" if cursor else ""), **ip())
        body = await r.get_json()
        seen += [v["id"] for v in body["data"]]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted([go["id"], *(m["id"] for m in more)]) and len(seen) == len(set(seen))
    r = await anon.get("/api/v1/careers/vacancies?limit=500", **ip())
    assert r.status_code == 400


async def test_vacancy_by_slug_and_ambiguous_slug(api):
    a = await api.signup(company="Alpha")
    b = await api.signup(company="Beta")
    va, vb = await open_vacancy(a), await open_vacancy(b)
    await scoped(Vacancy, a.tenant["id"]).filter(id=va["id"]).update(slug="senior-go-engineer")
    await scoped(Vacancy, b.tenant["id"]).filter(id=vb["id"]).update(slug="senior-go-engineer")
    anon = api.anonymous()
    r = await anon.get("/api/v1/careers/vacancies/senior-go-engineer", **ip())
    assert r.status_code == 404 and "tenant" in (await r.get_json())["error"]["message"]
    r = await anon.get(f"/api/v1/careers/vacancies/senior-go-engineer?tenant={b.tenant['slug']}", **ip())
    body = await r.get_json()
    assert r.status_code == 200 and body["data"]["id"] == vb["id"] and body["data"]["slug"] == "senior-go-engineer"
    r = await apply(anon, form("senior-go-engineer", tenant=b.tenant["slug"]))
    body = await r.get_json()
    assert r.status_code == 201 and body["data"]["vacancy_id"] == vb["id"], body
    assert await scoped(Application, b.tenant["id"]).filter(vacancy_id=vb["id"]).count() == 1
    assert (await apply(anon, form("senior-go-engineer"))).status_code == 404


async def test_apply_creates_candidate_application_evaluation_and_mail(api):
    admin = await api.signup(company="Paystack Talent")
    vacancy = await open_vacancy(admin)
    r = await apply(api.anonymous(), form(vacancy["id"]))
    body = await r.get_json()
    assert r.status_code == 201, body
    out = body["data"]
    assert out["dedup"] is False and out["cv_parsed"] is True and out["cv_error"] is None
    tid = admin.tenant["id"]
    app = await scoped(Application, tid).get(id=out["application_id"])
    assert app.source == "careers" and app.stage == "applied" and app.vacancy_id == vacancy["id"]
    assert app.score is not None and app.band
    cand = await scoped(Candidate, tid).get(id=app.candidate_id)
    assert cand.email == "amara@example.com" and cand.source == "careers" and cand.consent_at is not None
    assert cand.phone == "+234 803 555 0101" and "Go" in cand.skills and cand.profile["name"] == "Amara Okafor"
    assert await scoped(Evaluation, tid).filter(application_id=app.id).count() == 1
    assert await scoped(AuditEvent, tid).filter(action="careers.applied", target_id=app.id).exists()
    assert await scoped(OutboxEvent, tid).filter(type="application.created").exists()
    [mail] = api.mails("amara@example.com")
    assert "Senior Go Engineer" in mail["Subject"]
    assert "Paystack Talent" in mail.get_payload(decode=True).decode()

    # the same email again: the candidate is updated, nothing is duplicated
    r = await apply(api.anonymous(), form(vacancy["id"], name="Amara O. Okafor", phone="+234 803 555 0199"),
                    files=[("new.txt", cv_text("Amara Okafor", "amara@example.com", "Go, Docker"))])
    again = (await r.get_json())["data"]
    assert r.status_code == 201 and again["dedup"] is True and again["application_id"] == out["application_id"]
    assert await scoped(Candidate, tid).filter(email="amara@example.com").count() == 1
    assert await scoped(Application, tid).filter(vacancy_id=vacancy["id"]).count() == 1
    cand = await scoped(Candidate, tid).get(id=app.candidate_id)
    assert cand.name == "Amara O. Okafor" and cand.phone == "+234 803 555 0199" and "Docker" in cand.skills
    assert len(api.mails("amara@example.com")) == 2

    # the same person to another vacancy: a new application, same candidate, not a dedup
    other = await open_vacancy(admin, "Staff Go Engineer")
    r = await apply(api.anonymous(), form(other["id"]))
    third = (await r.get_json())["data"]
    assert third["dedup"] is False and third["application_id"] != out["application_id"]
    assert await scoped(Candidate, tid).filter(email="amara@example.com").count() == 1


async def test_unreadable_cv_still_records_the_application(api):
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    broken = b"%PDF-1.4\n" + secrets.token_bytes(400)
    r = await apply(api.anonymous(), form(vacancy["id"], email="ben@example.com"), files=[("cv.pdf", broken)])
    body = await r.get_json()
    assert r.status_code == 201, body
    assert body["data"]["cv_parsed"] is False and body["data"]["cv_error"]
    cand = await scoped(Candidate, admin.tenant["id"]).get(email="ben@example.com")
    assert cand.name == "Amara Okafor" and cand.phone == "+234 803 555 0101" and cand.profile is None
    app = await scoped(Application, admin.tenant["id"]).get(id=body["data"]["application_id"])
    assert app.score is None and app.source == "careers"


async def test_validation_consent_types_and_sizes(api):
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    anon = api.anonymous()
    no_consent = form(vacancy["id"])
    del no_consent["consent"]
    cases = [
        (no_consent, None, 400, "consent"),
        (form(vacancy["id"], consent="no"), None, 400, "consent"),
        (form(vacancy["id"], email="not-an-email"), None, 400, "email"),
        (form(vacancy["id"], name=""), None, 400, "name"),
        (form(vacancy["id"], phone="call me maybe"), None, 400, "phone"),
        (form(vacancy["id"]), [], 400, "cv"),
        (form(vacancy["id"]), [("cv.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)], 415, None),
        (form(vacancy["id"]), [("cv.txt", b"x" * (10 * 1024 * 1024 + 10))], 413, None),
    ]
    for fields, files, status, field in cases:
        r = await apply(anon, fields, files)
        body = await r.get_json()
        assert r.status_code == status, (fields, body)
        if field:
            assert field in str(body["error"]["details"]), body
    assert await scoped(Candidate, admin.tenant["id"]).count() == 0
    assert api.mails("amara@example.com") == []


async def test_header_injection_in_name_is_refused(api):
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    r = await apply(api.anonymous(), form(vacancy["id"], name="Eve\r\nBcc: victim@example.com"))
    body = await r.get_json()
    assert r.status_code == 400 and "name" in str(body["error"]["details"])
    r = await apply(api.anonymous(), form(vacancy["id"], email="eve@example.com\r\nBcc: victim@example.com"))
    assert r.status_code == 400
    assert api.mails("victim@example.com") == [] and api.mails("amara@example.com") == []


async def test_only_open_vacancies_accept_applications(api):
    admin = await api.signup()
    other = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"title": "Draft", "status": "draft"})
    draft = (await r.get_json())["data"]
    for ref in (draft["id"], "vac_" + "0" * 26):
        r = await apply(api.anonymous(), form(ref))
        assert r.status_code == 404, await r.get_json()
    assert await scoped(Candidate, admin.tenant["id"]).count() == 0
    # a vacancy of another tenant is fine when open: the application lands in that tenant
    theirs = await open_vacancy(other)
    r = await apply(api.anonymous(), form(theirs["id"]))
    assert r.status_code == 201
    assert await scoped(Candidate, other.tenant["id"]).count() == 1
    assert await scoped(Candidate, admin.tenant["id"]).count() == 0


async def test_honeypot_pretends_success_and_stores_nothing(api):
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    r = await apply(api.anonymous(), form(vacancy["id"], website="http://spam.example"))
    body = await r.get_json()
    assert r.status_code == 201 and body["data"]["application_id"].startswith("app_")
    assert await scoped(Candidate, admin.tenant["id"]).count() == 0
    assert await scoped(Application, admin.tenant["id"]).count() == 0
    assert api.mails("amara@example.com") == []


async def test_apply_rate_limit_per_ip_and_vacancy(api, app):
    app.extensions["hirebot.ratelimiter"].apply_item = parse("2/hour")
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    other = await open_vacancy(admin, "Another role")
    where = ip()
    for i in range(2):
        r = await apply(api.anonymous(), form(vacancy["id"], email=f"p{i}@example.com"), where=where)
        assert r.status_code == 201, await r.get_json()
    r = await apply(api.anonymous(), form(vacancy["id"], email="p3@example.com"), where=where)
    body = await r.get_json()
    assert r.status_code == 429 and body["error"]["code"] == "rate_limited" and int(r.headers["Retry-After"]) > 0
    assert await scoped(Candidate, admin.tenant["id"]).filter(email="p3@example.com").count() == 0
    r = await apply(api.anonymous(), form(other["id"], email="p3@example.com"), where=where)
    assert r.status_code == 201                                  # another vacancy
    r = await apply(api.anonymous(), form(vacancy["id"], email="p4@example.com"))
    assert r.status_code == 201                                  # another address


async def test_browsing_rate_limit_per_ip(api, app):
    app.extensions["hirebot.ratelimiter"].public_per_minute = 3
    anon, where = api.anonymous(), ip()
    statuses = [(await anon.get("/api/v1/careers/vacancies", **where)).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    assert (await anon.get("/api/v1/careers/vacancies", **ip())).status_code == 200


async def test_exhausted_parse_quota_keeps_the_application(api):
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    await Tenant.filter(id=admin.tenant["id"]).update(parse_quota_monthly=0)
    r = await apply(api.anonymous(), form(vacancy["id"], email="quota@example.com"))
    body = await r.get_json()
    assert r.status_code == 201, body
    assert body["data"]["cv_parsed"] is False and "saved" in body["data"]["cv_error"]
    assert await scoped(Application, admin.tenant["id"]).filter(id=body["data"]["application_id"]).exists()
    assert len(api.mails("quota@example.com")) == 1


async def test_two_cv_files_are_refused(api):
    admin = await api.signup()
    vacancy = await open_vacancy(admin)
    r = await apply(api.anonymous(), form(vacancy["id"]),
                    files=[("a.txt", cv_text("A", "a@example.com")), ("b.txt", cv_text("B", "b@example.com"))])
    assert r.status_code == 400 and "cv" in str((await r.get_json())["error"]["details"])
