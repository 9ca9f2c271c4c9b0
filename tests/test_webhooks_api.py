"""Webhook endpoints over REST: create (secret once), validation, SSRF at create time,
admin only, tenant isolation, test ping, rotation with two signatures, redelivery, the
payload, and erasure reaching deliveries that are still queued. Receivers are real servers
on 127.0.0.1; signatures are checked with the reference ``standardwebhooks`` package."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from api.app import create_app
from tests.helpers import Api
from tests.webhook_receiver import always, drain
from tools import clock
from tools.webhooks import EVENT_TYPES

HOOKS = "/api/v1/webhooks"


@pytest.fixture
def settings(settings):
    """Deliveries are driven by the tests (``drain``), not by an embedded worker."""
    return settings.model_copy(update={"embedded_worker": False})





async def _create(client, url: str, events: list[str]) -> dict:
    r = await client.post(HOOKS, json={"url": url, "events": events})
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]


async def test_create_shows_the_secret_once(api, receiver):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["candidate.created", "ping"])
    assert hook["id"].startswith("wh_") and hook["secret"].startswith("whsec_")
    assert hook["url"] == receiver.url and hook["events"] == ["candidate.created", "ping"] and hook["enabled"]
    listed = await (await admin.get(HOOKS)).get_json()
    one = await (await admin.get(f"{HOOKS}/{hook['id']}")).get_json()
    assert [h["id"] for h in listed["data"]] == [hook["id"]] and listed["meta"]["total"] == 1
    for text in (str(listed), str(one)):
        assert hook["secret"] not in text and "'secret'" not in text
    audit = await (await admin.get("/api/v1/audit", query_string={"action": "webhook.created"})).get_json()
    assert audit["data"][0]["target_id"] == hook["id"]


async def test_unknown_event_types_are_refused_with_the_valid_list(api, receiver):
    admin = await api.signup()
    r = await admin.post(HOOKS, json={"url": receiver.url, "events": ["candidate.created", "candidate.hired"]})
    body = await r.get_json()
    assert r.status_code == 400 and body["error"]["code"] == "validation_error"
    assert body["error"]["details"]["events"] == ["candidate.hired"]
    assert body["error"]["details"]["valid"] == list(EVENT_TYPES)
    assert "offer.approval_requested" in body["error"]["message"]
    r = await admin.post(HOOKS, json={"url": receiver.url, "events": []})
    assert r.status_code == 400


@pytest.mark.parametrize("url", [
    "https://10.1.2.3/hooks",                      # 10.0.0.0/8
    "https://0x0a000001/hooks",                    # resolves to 10.0.0.1
    "https://167772161/hooks",                     # resolves to 10.0.0.1
    "https://169.254.169.254/latest/meta-data",    # cloud metadata
    "https://[::ffff:10.0.0.1]/hooks",             # IPv4-mapped private
    "https://192.168.1.10/hooks",
    "https://172.16.0.1/hooks",
    "https://[fd00::1]/hooks",
    "https://[fe80::1]/hooks",
    "https://224.0.0.1/hooks",
    "https://0.0.0.0/hooks",
    "https://100.64.0.1/hooks",                    # carrier-grade NAT
    "http://93.184.216.34/hooks",                  # public, but plain http
    "ftp://93.184.216.34/hooks",
    "https://user:pw@93.184.216.34/hooks",
    "not a url",
])
async def test_unsafe_urls_are_refused_at_create_time(api, url):
    admin = await api.signup()
    r = await admin.post(HOOKS, json={"url": url, "events": ["ping"]})
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["code"] == "validation_error" and "url" in body["error"]["details"]


async def test_loopback_is_refused_unless_insecure_webhooks_are_allowed(settings, receiver):
    strict = settings.model_copy(update={"allow_insecure_webhooks": False})
    app = create_app(strict)
    async with app.test_app():
        admin = await Api(app, strict).signup()
        port = receiver.url.split(":")[2].split("/")[0]
        for url in (receiver.url, f"http://localhost:{port}/hooks", "https://localhost/hooks",
                    "https://127.0.0.1/hooks", "https://[::1]/hooks"):
            r = await admin.post(HOOKS, json={"url": url, "events": ["ping"]})
            assert r.status_code == 400, (url, await r.get_json())


async def test_admin_only_and_other_tenants_get_404(api, receiver):
    admin = await api.signup(company="Hooks A")
    hook = await _create(admin, receiver.url, ["ping"])
    for role in ("recruiter", "hiring_manager", "interviewer"):
        member = await api.member(admin, role)
        assert (await member.get(HOOKS)).status_code == 403
        assert (await member.post(HOOKS, json={"url": receiver.url, "events": ["ping"]})).status_code == 403
        assert (await member.get(f"{HOOKS}/{hook['id']}")).status_code == 403
    recruiter_key = await api.key_client(admin, "recruiter")
    assert (await recruiter_key.post(f"{HOOKS}/{hook['id']}/test")).status_code == 403
    other = await api.signup(company="Hooks B")
    delivery = (await (await admin.post(f"{HOOKS}/{hook['id']}/test")).get_json())["data"]
    for method, path in (("GET", f"{HOOKS}/{hook['id']}"), ("PATCH", f"{HOOKS}/{hook['id']}"),
                         ("DELETE", f"{HOOKS}/{hook['id']}"), ("POST", f"{HOOKS}/{hook['id']}/test"),
                         ("POST", f"{HOOKS}/{hook['id']}/rotate-secret"),
                         ("GET", f"{HOOKS}/{hook['id']}/deliveries"),
                         ("POST", f"{HOOKS}/{hook['id']}/deliveries/{delivery['id']}/redeliver")):
        r = await other.call(method, path, json={} if method == "PATCH" else None)
        assert r.status_code == 404, (method, path, await r.get_json())
    other_hook = await _create(other, receiver.url, ["ping"])
    r = await admin.post(f"{HOOKS}/{other_hook['id']}/deliveries/{delivery['id']}/redeliver")
    assert r.status_code == 404
    assert [h["id"] for h in (await (await other.get(HOOKS)).get_json())["data"]] == [other_hook["id"]]


async def test_ping_is_delivered_signed_and_recorded(api, receiver, sender):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["candidate.created"])
    r = await admin.post(f"{HOOKS}/{hook['id']}/test")
    queued = (await r.get_json())["data"]
    assert r.status_code == 202 and queued["status"] == "pending" and queued["event_type"] == "ping"
    await drain(sender)
    [got] = receiver.received
    payload = Webhook(hook["secret"]).verify(got.body, got.headers)   # timestamp, id and signature
    assert payload["type"] == "ping" and payload["id"] == got.webhook_id == queued["event_id"]
    assert payload["tenant_id"] == admin.tenant["id"] and payload["data"] == {"webhook_id": hook["id"]}
    assert set(payload) == {"id", "type", "created_at", "tenant_id", "data"}
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 43 + "=").verify(got.body, got.headers)
    [row] = (await (await admin.get(f"{HOOKS}/{hook['id']}/deliveries")).get_json())["data"]
    assert row["status"] == "succeeded" and row["attempts"] == 1 and row["last_status_code"] == 200
    assert row["last_latency_ms"] is not None and row["next_attempt_at"] is None and row["delivered_at"]


async def test_rotation_signs_with_both_secrets_for_24_hours(api, receiver, sender):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["ping"])
    r = await admin.post(f"{HOOKS}/{hook['id']}/rotate-secret")
    rotated = (await r.get_json())["data"]
    assert r.status_code == 200 and rotated["secret"].startswith("whsec_") and rotated["secret"] != hook["secret"]
    assert rotated["secret"] not in str(await (await admin.get(f"{HOOKS}/{hook['id']}")).get_json())
    await admin.post(f"{HOOKS}/{hook['id']}/test")
    await drain(sender)
    got = receiver.received[-1]
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    Webhook(hook["secret"]).verify(got.body, got.headers)
    Webhook(rotated["secret"]).verify(got.body, got.headers)
    clock.advance(timedelta(hours=24, minutes=1))
    await admin.post(f"{HOOKS}/{hook['id']}/test")
    await drain(sender)
    got = receiver.received[-1]
    assert len(got.headers["webhook-signature"].split(" ")) == 1
    assert got.signed_by(rotated["secret"]) and not got.signed_by(hook["secret"])


async def test_redeliver_sends_the_same_webhook_id_again(api, receiver, sender):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["ping"])
    delivery = (await (await admin.post(f"{HOOKS}/{hook['id']}/test")).get_json())["data"]
    await drain(sender)
    r = await admin.post(f"{HOOKS}/{hook['id']}/deliveries/{delivery['id']}/redeliver")
    again = (await r.get_json())["data"]
    assert r.status_code == 202 and again["status"] == "pending" and again["attempts"] == 0
    await drain(sender)
    assert [g.webhook_id for g in receiver.received] == [delivery["event_id"]] * 2
    [row] = (await (await admin.get(f"{HOOKS}/{hook['id']}/deliveries")).get_json())["data"]
    assert row["status"] == "succeeded" and row["attempts"] == 1
    r = await admin.post(f"{HOOKS}/{hook['id']}/deliveries/whd_{'0' * 26}/redeliver")
    assert r.status_code == 404


async def test_subscribed_types_only_with_the_documented_payload(api, receiver, sender):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["candidate.created"])
    r = await admin.post("/api/v1/candidates", json={"name": "Hook Person", "email": "hook@example.com"})
    candidate = (await r.get_json())["data"]
    await admin.post("/api/v1/vacancies", json={"title": "Not subscribed"})
    await drain(sender)
    [got] = receiver.received
    payload = Webhook(hook["secret"]).verify(got.body, got.headers)
    assert payload["type"] == "candidate.created" and payload["data"]["id"] == candidate["id"]
    assert payload["tenant_id"] == admin.tenant["id"] and payload["id"].startswith("evt_")


async def test_patch_changes_and_delete_stops_delivery(api, receiver, sender):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["candidate.created"])
    r = await admin.patch(f"{HOOKS}/{hook['id']}", json={"events": ["vacancy.created"], "enabled": False})
    changed = (await r.get_json())["data"]
    assert r.status_code == 200 and changed["events"] == ["vacancy.created"] and not changed["enabled"]
    assert changed["disabled_reason"] == "disabled by an admin"
    assert (await admin.patch(f"{HOOKS}/{hook['id']}", json={"url": "https://10.0.0.1/x"})).status_code == 400
    assert (await admin.patch(f"{HOOKS}/{hook['id']}", json={"events": ["nope"]})).status_code == 400
    await admin.post("/api/v1/vacancies", json={"title": "While disabled"})
    await drain(sender)
    assert receiver.received == []
    enabled = (await (await admin.patch(f"{HOOKS}/{hook['id']}", json={"enabled": True})).get_json())["data"]
    assert enabled["enabled"] and enabled["disabled_reason"] is None
    await admin.post("/api/v1/vacancies", json={"title": "Enabled again"})
    await drain(sender)
    assert [g.payload["data"]["title"] for g in receiver.received] == ["Enabled again"]
    r = await admin.delete(f"{HOOKS}/{hook['id']}")
    assert r.status_code == 200 and (await r.get_json())["data"] == {"id": hook["id"], "deleted": True}
    assert (await admin.get(f"{HOOKS}/{hook['id']}")).status_code == 404
    await admin.post("/api/v1/vacancies", json={"title": "After delete"})
    await drain(sender)
    assert len(receiver.received) == 1


async def test_erasure_reaches_a_delivery_still_waiting_for_its_retry(api, receiver, sender):
    """The payload is rendered at send time from the outbox event, so a candidate erased
    while a delivery about them waits for a retry is not sent afterwards."""
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["candidate.created"])
    receiver.plan = always(503)
    r = await admin.post("/api/v1/candidates", json={"name": "Erase Me", "email": "erase-me@example.com"})
    candidate_id = (await r.get_json())["data"]["id"]
    from tools.webhook_delivery import run_once
    assert await run_once(sender)   # fan-out and the first (failed) attempt
    assert b"erase-me@example.com" in receiver.received[0].body
    r = await admin.delete(f"/api/v1/candidates/{candidate_id}", query_string={"erase": "true"})
    assert r.status_code == 200, await r.get_json()
    receiver.plan = always(200)
    await drain(sender)
    last = receiver.received[-1]
    assert last.status == 200 and last.signed_by(hook["secret"])
    assert last.payload["data"] == {"redacted": True} and b"erase-me" not in last.body


async def test_tenant_export_scrubs_webhook_secrets(api, receiver):
    admin = await api.signup()
    hook = await _create(admin, receiver.url, ["ping"])
    rotated = (await (await admin.post(f"{HOOKS}/{hook['id']}/rotate-secret")).get_json())["data"]
    await admin.post(f"{HOOKS}/{hook['id']}/test")
    r = await admin.get("/api/v1/tenant/export")
    text = (await r.get_data()).decode()
    assert r.status_code == 200
    tables = json.loads(text)["tables"]
    [row] = tables["webhook_endpoint"]
    assert row["secret"] == row["previous_secret"] == "[scrubbed]"
    assert hook["secret"] not in text and rotated["secret"] not in text
    assert [d["endpoint_id"] for d in tables["webhook_delivery"]] == [hook["id"]]
