"""Offers over HTTP: the status machine, approval rights, idempotent approval, hire on accept."""

from __future__ import annotations

from storage.models import OutboxEvent
from storage.scoping import scoped
from tests.test_evaluations_api import _apply, _vacancy
from tests.test_screening_engine import CV

OFFER = {"base_salary": "85000", "currency": "eur", "bonus": "5000", "start_date": "2027-02-01"}


async def _world(api):
    admin = await api.signup(company="Orbit Pay")
    manager = await api.member(admin, "hiring_manager")
    recruiter = await api.member(admin, "recruiter")
    vacancy = await _vacancy(admin)
    r = await admin.patch(f"/api/v1/vacancies/{vacancy}", json={"hiring_manager_id": manager.user["id"], "headcount": 1})
    assert r.status_code == 200, await r.get_json()
    r = await admin.post(f"/api/v1/vacancies/{vacancy}/status", json={"status": "open"})
    assert r.status_code == 200, await r.get_json()
    (app_id,) = await _apply(admin, vacancy, CV)
    for stage in ("screening", "interview"):
        r = await admin.post(f"/api/v1/applications/{app_id}/stage", json={"stage": stage})
        assert r.status_code == 200, await r.get_json()
    return admin, manager, recruiter, vacancy, app_id


async def test_offer_from_draft_to_hire(api):
    admin, manager, recruiter, vacancy, app_id = await _world(api)
    r = await recruiter.post("/api/v1/offers", json={"application_id": app_id, **OFFER})
    offer = (await r.get_json())["data"]
    assert r.status_code == 201 and offer["status"] == "draft" and offer["currency"] == "EUR"
    oid = offer["id"]
    assert (await recruiter.post(f"/api/v1/offers/{oid}/submit")).status_code == 200
    mail = api.mails(manager.user["email"])[-1]
    assert "Offer awaiting your approval" in " ".join(mail["Subject"].split())
    waiting = (await (await manager.get("/api/v1/approvals")).get_json())["data"]
    assert [o["id"] for o in waiting] == [oid]
    assert (await recruiter.get("/api/v1/approvals")).status_code == 200
    assert (await (await recruiter.get("/api/v1/approvals")).get_json())["data"] == []
    assert (await recruiter.post(f"/api/v1/offers/{oid}/approve", json={"comment": "self"})).status_code == 403
    r = await manager.post(f"/api/v1/offers/{oid}/approve", json={"comment": "Within band"})
    approved = (await r.get_json())["data"]
    assert r.status_code == 200 and approved["status"] == "approved"
    assert approved["approvals"][0]["approver_id"] == manager.user["id"]
    again = await manager.post(f"/api/v1/offers/{oid}/approve", json={"comment": "Within band"})
    assert again.status_code == 200 and len((await again.get_json())["data"]["approvals"]) == 1   # idempotent
    assert (await recruiter.patch(f"/api/v1/offers/{oid}", json={"bonus": "1"})).status_code == 409
    assert (await recruiter.post(f"/api/v1/offers/{oid}/send")).status_code == 200
    app = (await (await admin.get(f"/api/v1/applications/{app_id}")).get_json())["data"]
    assert app["stage"] == "offer"
    r = await recruiter.post(f"/api/v1/offers/{oid}/accept")
    assert r.status_code == 200 and (await r.get_json())["data"]["status"] == "accepted"
    app = (await (await admin.get(f"/api/v1/applications/{app_id}")).get_json())["data"]
    vac = (await (await admin.get(f"/api/v1/vacancies/{vacancy}")).get_json())["data"]
    assert app["stage"] == "hired" and vac["hires_count"] == 1 and vac["status"] == "filled"
    kinds = await scoped(OutboxEvent, admin.tenant["id"]).filter(type__startswith="offer.").order_by("created_at", "id").values_list("type", flat=True)
    assert list(kinds) == ["offer.created", "offer.approval_requested", "offer.approved", "offer.sent", "offer.accepted"]


async def test_forbidden_transitions_and_rejection_loop(api):
    admin, manager, recruiter, _, app_id = await _world(api)
    oid = (await (await recruiter.post("/api/v1/offers", json={"application_id": app_id, **OFFER})).get_json())["data"]["id"]
    for action in ("approve", "reject", "send", "accept", "decline"):
        body = {"comment": "x"} if action in ("approve", "reject") else None
        r = await (manager if action in ("approve", "reject") else recruiter).post(
            f"/api/v1/offers/{oid}/{action}", json=body)
        assert r.status_code == 409, (action, await r.get_json())
    await recruiter.post(f"/api/v1/offers/{oid}/submit")
    assert (await recruiter.post(f"/api/v1/offers/{oid}/send")).status_code == 409     # not approved yet
    r = await manager.post(f"/api/v1/offers/{oid}/reject", json={"comment": "Too high"})
    assert (await r.get_json())["data"]["status"] == "rejected"
    r = await recruiter.patch(f"/api/v1/offers/{oid}", json={"base_salary": "80000"})
    assert r.status_code == 200 and (await r.get_json())["data"]["status"] == "draft"
    assert (await recruiter.post(f"/api/v1/offers/{oid}/withdraw")).status_code == 200
    assert (await recruiter.post(f"/api/v1/offers/{oid}/submit")).status_code == 409


async def test_who_may_decide_and_see(api):
    admin, manager, recruiter, _, app_id = await _world(api)
    other_manager = await api.member(admin, "hiring_manager")
    oid = (await (await recruiter.post("/api/v1/offers", json={"application_id": app_id, **OFFER})).get_json())["data"]["id"]
    await recruiter.post(f"/api/v1/offers/{oid}/submit")
    assert (await other_manager.post(f"/api/v1/offers/{oid}/approve", json={})).status_code == 404   # not theirs
    assert (await other_manager.get("/api/v1/approvals")).status_code == 200
    assert (await (await other_manager.get("/api/v1/approvals")).get_json())["data"] == []
    assert (await manager.post("/api/v1/offers", json={"application_id": app_id, **OFFER})).status_code == 403
    key = await api.key_client(admin, "admin")
    assert (await key.post(f"/api/v1/offers/{oid}/approve", json={})).status_code == 403    # a key is nobody
    assert (await admin.post(f"/api/v1/offers/{oid}/approve", json={})).status_code == 200  # an admin may
    stranger = await api.signup(company="Elsewhere")
    assert (await stranger.get(f"/api/v1/offers/{oid}")).status_code == 404
    for bad in ({"currency": "EURO"}, {"base_salary": "-1"}, {"currency": "€€€"}):
        r = await recruiter.post("/api/v1/offers", json={"application_id": app_id, **OFFER, **bad})
        assert r.status_code == 400, bad


async def test_offer_letter_uses_exactly_the_offer_terms(api):
    admin, manager, recruiter, _, app_id = await _world(api)
    oid = (await (await recruiter.post("/api/v1/offers", json={
        "application_id": app_id, **OFFER, "sign_on_bonus": "2500", "expires_at": "2027-01-15T17:00:00Z"})).get_json())["data"]["id"]
    r = await recruiter.post(f"/api/v1/offers/{oid}/letter", json={"save_to_library": True})
    d = (await r.get_json())["data"]
    assert r.status_code == 200 and d["engine"] == "offline" and d["saved_to_offer"] is True
    letter = d["letter"]
    assert letter.splitlines()[2] == "Dear Amara,"
    assert "position of Backend Engineer" in letter and "Orbit Pay" in letter
    assert ("Your starting base salary will be 85,000 EUR per year, with a target bonus of 5,000 EUR and a "
            "sign-on bonus of 2,500 EUR.") in letter
    assert "start date of 2027-02-01" in letter and "by 2027-01-15" in letter and "$" not in letter
    stored = (await (await recruiter.get(f"/api/v1/offers/{oid}")).get_json())["data"]
    assert stored["letter_text"] == letter and d["library_item_id"].startswith("lib_")
    await recruiter.post(f"/api/v1/offers/{oid}/submit")
    again = (await (await recruiter.post(f"/api/v1/offers/{oid}/letter", json={})).get_json())["data"]
    assert again["saved_to_offer"] is False                       # no longer editable: the stored letter stays
    assert (await manager.post(f"/api/v1/offers/{oid}/letter", json={})).status_code == 403


async def test_salary_benchmark_reports_own_data_with_sample_sizes(api):
    admin, manager, recruiter, vacancy, app_id = await _world(api)
    await admin.patch(f"/api/v1/vacancies/{vacancy}", json={"salary_min": "70000", "salary_max": "90000", "currency": "EUR"})
    r = await admin.post("/api/v1/vacancies", json={"title": "Senior Backend Developer", "salary_min": "90000",
                                                    "salary_max": "110000", "currency": "EUR"})
    assert r.status_code == 201
    await admin.post("/api/v1/vacancies", json={"title": "Nurse", "salary_min": "30000", "salary_max": "40000",
                                                "currency": "EUR"})
    oid = (await (await recruiter.post("/api/v1/offers", json={"application_id": app_id, **OFFER})).get_json())["data"]["id"]
    await recruiter.post(f"/api/v1/offers/{oid}/submit")
    await admin.post(f"/api/v1/offers/{oid}/approve", json={})
    r = await recruiter.post("/api/v1/ai/salary-benchmark", json={"role": "Backend Engineer"})
    d = (await r.get_json())["data"]
    assert r.status_code == 200 and d["currency"] == "EUR" and d["engine"] == "offline" and d["model_estimate"] is None
    assert d["vacancy_ranges"] == {"min": "80000", "median": "90000", "max": "100000", "sample_size": 2}
    assert d["offers"]["sample_size"] == 1 and d["offers"]["median"] == "85000"
    assert len(d["sources"]["vacancies"]) == 2 and d["sources"]["offers"] == [oid]
    nothing = (await (await recruiter.post("/api/v1/ai/salary-benchmark", json={"role": "Pilot"})).get_json())["data"]
    assert nothing["vacancy_ranges"] is None and nothing["offers"] is None


# the actions that lead from a new draft to each status
PATHS = {"draft": [], "pending_approval": ["submit"], "approved": ["submit", "approve"],
         "rejected": ["submit", "reject"], "sent": ["submit", "approve", "send"],
         "accepted": ["submit", "approve", "send", "accept"], "declined": ["submit", "approve", "send", "decline"],
         "withdrawn": ["withdraw"]}
ALLOWED = {("draft", "submit"): "pending_approval", ("draft", "withdraw"): "withdrawn",
           ("pending_approval", "approve"): "approved", ("pending_approval", "reject"): "rejected",
           ("pending_approval", "withdraw"): "withdrawn", ("approved", "send"): "sent",
           ("approved", "withdraw"): "withdrawn", ("sent", "accept"): "accepted", ("sent", "decline"): "declined",
           ("sent", "withdraw"): "withdrawn"}
ACTION_NAMES = ("submit", "approve", "reject", "send", "accept", "decline", "withdraw")
REPEATS = {("approved", "approve"), ("rejected", "reject")}   # the same decision again changes nothing


async def test_every_action_from_every_status(api):
    """Each allowed transition lands where SPEC §5 says; every other action is 409 (or, repeating
    a decision, a harmless 200) and changes nothing."""
    admin, manager, recruiter, vacancy, _ = await _world(api)

    async def act(oid: str, action: str):
        client = manager if action in ("approve", "reject") else recruiter
        return await client.post(f"/api/v1/offers/{oid}/{action}", json={"comment": "matrix"})

    async def offer_in(status: str) -> str:
        """A new offer on a new application, walked to ``status``."""
        r = await admin.post("/api/v1/candidates", json={"name": "Matrix Person"})
        cand = (await r.get_json())["data"]["id"]
        r = await admin.post("/api/v1/applications", json={"candidate_id": cand, "vacancy_id": vacancy})
        app_id = (await r.get_json())["data"]["id"]
        await admin.post(f"/api/v1/applications/{app_id}/stage", json={"stage": "interview"})
        r = await recruiter.post("/api/v1/offers", json={"application_id": app_id, **OFFER})
        oid = (await r.get_json())["data"]["id"]
        for step in PATHS[status]:
            assert (await act(oid, step)).status_code == 200, (status, step)
        return oid

    await admin.patch(f"/api/v1/vacancies/{vacancy}", json={"headcount": 10})   # room for every accept
    for status in PATHS:
        oid = await offer_in(status)
        for action in ACTION_NAMES:
            if (status, action) in ALLOWED:
                continue
            r = await act(oid, action)
            assert r.status_code == (200 if (status, action) in REPEATS else 409), (status, action)
        now = (await (await admin.get(f"/api/v1/offers/{oid}")).get_json())["data"]["status"]
        assert now == status, (status, now)
    for (status, action), target in ALLOWED.items():
        r = await act(await offer_in(status), action)
        assert r.status_code == 200 and (await r.get_json())["data"]["status"] == target, (status, action)
