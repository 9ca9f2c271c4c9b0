"""Every event type of SPEC section 10 is emitted where it belongs and reaches an endpoint
subscribed to all of them, signed, through a real receiver on 127.0.0.1."""

from __future__ import annotations

import pytest
from standardwebhooks import Webhook

from tests.helpers import multipart
from tests.test_evaluations_api import _apply, _vacancy
from tests.test_screening_engine import CV
from tests.webhook_receiver import drain
from tools.webhook_sender import Sender
from tools.webhooks import EVENT_TYPES


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"embedded_worker": False})



async def _ok(response, status: int = 200) -> dict:
    body = await response.get_json()
    assert response.status_code == status, body
    return body["data"]


async def _offer_events(admin, approver, app_id: str) -> None:
    """offer.created, approval_requested, rejected, approved, sent, declined, then accepted."""
    offer = {"base_salary": "85000", "currency": "EUR"}
    first = (await _ok(await admin.post("/api/v1/offers", json={"application_id": app_id, **offer}), 201))["id"]
    await _ok(await admin.post(f"/api/v1/offers/{first}/submit"))
    await _ok(await approver.post(f"/api/v1/offers/{first}/reject", json={"comment": "too high"}))
    await _ok(await admin.patch(f"/api/v1/offers/{first}", json={"base_salary": "80000"}))
    for action in ("submit", "approve", "send", "decline"):
        client = approver if action == "approve" else admin
        await _ok(await client.post(f"/api/v1/offers/{first}/{action}", json={"comment": "ok"}
                                    if action == "approve" else None))
    second = (await _ok(await admin.post("/api/v1/offers", json={"application_id": app_id, **offer}), 201))["id"]
    for action in ("submit", "approve", "send", "accept"):
        client = approver if action == "approve" else admin
        await _ok(await client.post(f"/api/v1/offers/{second}/{action}", json={"comment": "ok"}
                                    if action == "approve" else None))


async def _interview_events(admin, app_id: str) -> None:
    """interview.scheduled, scorecard.submitted, interview.completed and interview.cancelled."""
    ids = []
    for day in ("2030-01-07", "2030-01-08"):
        ids.append((await _ok(await admin.post("/api/v1/interviews", json={
            "application_id": app_id, "kind": "video", "scheduled_at": f"{day}T10:00:00Z", "duration_min": 45,
            "interviewer_ids": [admin.user["id"]], "notify": False}), 201))["id"])
    await _ok(await admin.post(f"/api/v1/interviews/{ids[0]}/scorecards",
                               json={"score": 80, "recommendation": "hire"}), 201)
    await _ok(await admin.post(f"/api/v1/interviews/{ids[0]}/complete"))
    await _ok(await admin.post(f"/api/v1/interviews/{ids[1]}/cancel"))


async def test_every_spec_event_type_is_emitted_and_delivered(api, receiver):
    admin = await api.signup()
    approver = await api.member(admin, "admin")
    hook = await _ok(await admin.post("/api/v1/webhooks", json={"url": receiver.url, "events": list(EVENT_TYPES)}),
                     201)
    vacancy = await _vacancy(admin)                                                     # vacancy.created
    await _ok(await admin.patch(f"/api/v1/vacancies/{vacancy}", json={"headcount": 2}))  # vacancy.updated
    await _ok(await admin.post(f"/api/v1/vacancies/{vacancy}/status", json={"status": "open"}))  # published
    (app_id,) = await _apply(admin, vacancy, CV)       # parse.completed, candidate.created, application.*
    await _ok(await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={}), 201)  # evaluation.completed
    for stage in ("screening", "interview"):                                         # stage_changed
        await _ok(await admin.post(f"/api/v1/applications/{app_id}/stage", json={"stage": stage}))
    r = await admin.call("POST", "/api/v1/parse", **multipart([("broken.pdf", b"%PDF-1.4\n\x00garbage")]))
    assert (await _ok(r))["results"][0]["success"] is False                         # parse.failed
    await _interview_events(admin, app_id)
    await _offer_events(admin, approver, app_id)
    other = await _ok(await admin.post("/api/v1/candidates", json={"name": "Other", "email": "o@example.com"}), 201)
    await _ok(await admin.patch(f"/api/v1/candidates/{other['id']}", json={"headline": "SRE"}))  # updated
    client = await _ok(await admin.post("/api/v1/clients", json={"name": "Client Co"}), 201)
    await _ok(await admin.post(f"/api/v1/clients/{client['id']}/feedback",                 # client_feedback
                               json={"candidate_id": other["id"], "decision": "interested"}), 201)
    await _ok(await admin.delete(f"/api/v1/candidates/{other['id']}"))              # candidate.deleted
    await _ok(await admin.post(f"/api/v1/webhooks/{hook['id']}/test"), 202)         # ping
    sender = Sender()
    try:
        await drain(sender)
    finally:
        await sender.aclose()
    delivered = {Webhook(hook["secret"]).verify(r.body, r.headers)["type"] for r in receiver.received}
    assert delivered == set(EVENT_TYPES), sorted(set(EVENT_TYPES) - delivered)
