"""API keys over HTTP: created once, listed by prefix, role-bound, revocable, tracked."""

from __future__ import annotations

from datetime import datetime

from tests.helpers import Client


async def _create(admin: Client, name: str = "ci", role: str = "recruiter", **kw):
    r = await admin.post("/api/v1/api-keys", json={"name": name, "role": role}, **kw)
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]


async def _listed(admin: Client) -> list[dict]:
    r = await admin.get("/api/v1/api-keys")
    assert r.status_code == 200, await r.get_json()
    return (await r.get_json())["data"]


async def _me_with(api, headers: dict):
    return await api.anonymous().get("/api/v1/auth/me", headers=headers)


async def test_create_returns_the_token_once_and_list_shows_only_the_prefix(api):
    admin = await api.signup()
    created = await _create(admin, name="ATS sync", role="recruiter")
    token = created["token"]
    assert token.startswith("hb_live_")
    assert len(token) > 40
    assert created["id"].startswith("key_")
    assert created["name"] == "ATS sync"
    assert created["role"] == "recruiter"
    assert token.startswith(created["prefix"]) and created["prefix"] != token
    assert created["last_used_at"] is None and created["revoked_at"] is None

    r = await admin.get("/api/v1/api-keys")
    raw = (await r.get_data()).decode()
    assert token not in raw
    listed = (await r.get_json())["data"]
    assert len(listed) == 1
    assert listed[0]["id"] == created["id"]
    assert listed[0]["prefix"] == created["prefix"]
    assert "token" not in listed[0]
    assert "token_hash" not in listed[0]


async def test_each_key_gets_a_distinct_token(api):
    admin = await api.signup()
    a, b = await _create(admin, "a"), await _create(admin, "b")
    assert a["token"] != b["token"]
    assert {k["id"] for k in await _listed(admin)} == {a["id"], b["id"]}


async def test_idempotent_replay_of_key_creation_does_not_reveal_the_token_again(api):
    admin = await api.signup()
    headers = {"Idempotency-Key": "create-key-once"}
    first = await _create(admin, headers=headers)
    r = await admin.post("/api/v1/api-keys", json={"name": "ci", "role": "recruiter"}, headers=headers)
    body = await r.get_json()
    assert r.status_code == 201, body
    assert r.headers.get("Idempotent-Replayed") == "true"
    assert body["data"]["id"] == first["id"]
    assert body["data"]["token"] is None
    assert len(await _listed(admin)) == 1


async def test_non_admin_cannot_create_or_list_keys(api):
    admin = await api.signup()
    for role in ("recruiter", "hiring_manager", "interviewer"):
        member = await api.member(admin, role)
        r = await member.post("/api/v1/api-keys", json={"name": "mine", "role": "admin"})
        body = await r.get_json()
        assert r.status_code == 403, (role, body)
        assert body["error"]["code"] == "forbidden"
        assert (await member.get("/api/v1/api-keys")).status_code == 403
    assert await _listed(admin) == []


async def test_a_recruiter_key_cannot_mint_keys(api):
    admin = await api.signup()
    recruiter_key = await api.key_client(admin, "recruiter")
    r = await recruiter_key.post("/api/v1/api-keys", json={"name": "escalate", "role": "admin"})
    assert r.status_code == 403
    assert len(await _listed(admin)) == 1


async def test_bearer_and_x_api_key_headers_both_authenticate(api):
    admin = await api.signup()
    created = await _create(admin, role="hiring_manager")
    for headers in ({"Authorization": f"Bearer {created['token']}"},
                    {"Authorization": f"bearer {created['token']}"},
                    {"X-API-Key": created["token"]}):
        r = await _me_with(api, headers)
        body = await r.get_json()
        assert r.status_code == 200, (headers, body)
        assert body["data"]["api_key"]["id"] == created["id"]
        assert body["data"]["role"] == "hiring_manager"


async def test_garbage_keys_are_401(api):
    admin = await api.signup()
    created = await _create(admin)
    for headers in ({"Authorization": "Bearer hb_live_not-a-real-key"},
                    {"Authorization": "Bearer nonsense"},
                    {"Authorization": "Bearer "},
                    {"Authorization": f"Bearer {created['prefix']}"},
                    {"Authorization": f"Bearer {created['token']}x"},
                    {"X-API-Key": "hb_live_" + "A" * 300}):
        r = await _me_with(api, headers)
        body = await r.get_json()
        assert r.status_code == 401, headers
        assert body["error"]["code"] == "unauthenticated"


async def test_a_bad_key_is_not_rescued_by_a_valid_session_cookie(api):
    admin = await api.signup()
    r = await admin.get("/api/v1/auth/me", headers={"Authorization": "Bearer hb_live_wrong"})
    assert r.status_code == 401


async def test_revoked_key_is_401_immediately_and_stays_listed(api):
    admin = await api.signup()
    created = await _create(admin)
    auth = {"Authorization": f"Bearer {created['token']}"}
    assert (await _me_with(api, auth)).status_code == 200

    r = await admin.delete(f"/api/v1/api-keys/{created['id']}")
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["id"] == created["id"]
    revoked_at = body["data"]["revoked_at"]
    assert revoked_at is not None

    r = await _me_with(api, auth)
    assert r.status_code == 401
    assert (await _me_with(api, {"X-API-Key": created["token"]})).status_code == 401

    listed = await _listed(admin)
    assert [k["id"] for k in listed] == [created["id"]]
    assert listed[0]["revoked_at"] == revoked_at

    again = await admin.delete(f"/api/v1/api-keys/{created['id']}")
    assert again.status_code == 200
    assert (await again.get_json())["data"]["revoked_at"] == revoked_at


async def test_revoking_one_key_leaves_others_working(api):
    admin = await api.signup()
    keep, drop = await _create(admin, "keep"), await _create(admin, "drop")
    assert (await admin.delete(f"/api/v1/api-keys/{drop['id']}")).status_code == 200
    assert (await _me_with(api, {"X-API-Key": keep["token"]})).status_code == 200


async def test_a_key_can_revoke_itself_and_then_stops_working(api):
    admin = await api.signup()
    key = await api.key_client(admin, "admin")
    me = await (await key.get("/api/v1/auth/me")).get_json()
    r = await key.delete(f"/api/v1/api-keys/{me['data']['api_key']['id']}")
    assert r.status_code == 200
    assert (await key.get("/api/v1/auth/me")).status_code == 401


async def test_last_used_at_is_set_after_use(api):
    admin = await api.signup()
    created = await _create(admin)
    assert (await _listed(admin))[0]["last_used_at"] is None
    before = datetime.fromisoformat(created["created_at"])
    assert (await _me_with(api, {"X-API-Key": created["token"]})).status_code == 200
    used = (await _listed(admin))[0]["last_used_at"]
    assert used is not None
    assert datetime.fromisoformat(used) >= before


async def test_failed_key_use_does_not_touch_last_used_at(api):
    admin = await api.signup()
    created = await _create(admin)
    assert (await admin.delete(f"/api/v1/api-keys/{created['id']}")).status_code == 200
    assert (await _me_with(api, {"X-API-Key": created["token"]})).status_code == 401
    assert (await _listed(admin))[0]["last_used_at"] is None


async def test_deleting_another_tenants_key_is_404_and_key_keeps_working(api):
    acme, globex = await api.signup("Acme"), await api.signup("Globex")
    theirs = await _create(globex)
    r = await acme.delete(f"/api/v1/api-keys/{theirs['id']}")
    body = await r.get_json()
    assert r.status_code == 404, body
    assert body["error"]["code"] == "not_found"
    assert (await _me_with(api, {"X-API-Key": theirs["token"]})).status_code == 200
    assert (await _listed(globex))[0]["revoked_at"] is None
    assert await _listed(acme) == []


async def test_deleting_an_unknown_key_is_404(api):
    admin = await api.signup()
    r = await admin.delete("/api/v1/api-keys/key_doesnotexist")
    assert r.status_code == 404


async def test_key_acts_inside_its_own_tenant_only(api):
    acme, globex = await api.signup("Acme"), await api.signup("Globex")
    acme_key = await api.key_client(acme, "admin")
    globex_key_id = (await _create(globex))["id"]
    r = await acme_key.get("/api/v1/api-keys")
    listed = (await r.get_json())["data"]
    assert [k["name"] for k in listed] == ["admin key"]
    assert globex_key_id not in {k["id"] for k in listed}
    assert (await acme_key.delete(f"/api/v1/api-keys/{globex_key_id}")).status_code == 404
    me = await (await acme_key.get("/api/v1/auth/me")).get_json()
    assert me["data"]["tenant"]["id"] == acme.tenant["id"]


async def test_create_key_validates_role_and_name(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/api-keys", json={"name": "x", "role": "superuser"})
    body = await r.get_json()
    assert r.status_code == 400
    assert [d["field"] for d in body["error"]["details"]] == ["role"]
    r = await admin.post("/api/v1/api-keys", json={"name": "", "role": "admin"})
    assert r.status_code == 400
    assert await _listed(admin) == []
