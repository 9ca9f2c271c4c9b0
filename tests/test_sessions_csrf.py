"""Browser sessions over HTTP: logout, cookie integrity, CSRF on unsafe methods."""

from __future__ import annotations

from itsdangerous import URLSafeTimedSerializer

from tests.helpers import Client

COOKIE = "hirebot_session"


def _session_cookie(client: Client) -> str:
    return next(c.value for c in client.http.cookie_jar if c.name == COOKIE)


def _with_cookie(api, value: str) -> tuple[Client, dict]:
    """A fresh client (empty jar) and the header that presents ``value`` as the session."""
    return api.anonymous(), {"Cookie": f"{COOKIE}={value}"}


def _no_csrf(client: Client) -> Client:
    """Same cookie jar, but no X-CSRF-Token header added."""
    return Client(client.http)


async def _create_key(client: Client, **kw):
    return await client.post("/api/v1/api-keys", json={"name": "ci", "role": "recruiter"}, **kw)


async def _key_count(admin: Client) -> int:
    body = await (await admin.get("/api/v1/api-keys")).get_json()
    return len(body["data"])


# --- logout and cookie integrity --------------------------------------------------------

async def test_logout_revokes_the_session_server_side(api):
    admin = await api.signup()
    cookie = _session_cookie(admin)
    r = await admin.post("/api/v1/auth/logout")
    assert r.status_code == 200, await r.get_json()
    cleared = next(h for h in r.headers.getlist("Set-Cookie") if h.startswith(f"{COOKIE}="))
    assert "Max-Age=0" in cleared or "Expires=Thu, 01 Jan 1970" in cleared

    replay, headers = _with_cookie(api, cookie)
    r = await replay.get("/api/v1/auth/me", headers=headers)
    body = await r.get_json()
    assert r.status_code == 401, body
    assert body["error"]["code"] == "unauthenticated"


async def test_logout_ends_only_that_session(api):
    admin = await api.signup()
    other = api.anonymous()
    r = await other.post("/api/v1/auth/login", json={"email": admin.user["email"],
                                                      "password": "correct horse battery staple"})
    other.csrf = (await r.get_json())["data"]["csrf_token"]
    assert (await admin.post("/api/v1/auth/logout")).status_code == 200
    assert (await other.get("/api/v1/auth/me")).status_code == 200


async def test_logout_needs_csrf(api):
    admin = await api.signup()
    r = await _no_csrf(admin).post("/api/v1/auth/logout")
    assert r.status_code == 403
    assert (await admin.get("/api/v1/auth/me")).status_code == 200


async def test_tampered_session_cookie_is_401(api):
    admin = await api.signup()
    cookie = _session_cookie(admin)
    i = len(cookie) - 5  # inside the signature, away from base64 padding bits
    flipped = cookie[:i] + ("z" if cookie[i] != "z" else "A") + cookie[i + 1:]
    for value in (flipped, "x" + cookie, cookie.split(".", 1)[1], "garbage"):
        client, headers = _with_cookie(api, value)
        r = await client.get("/api/v1/auth/me", headers=headers)
        assert r.status_code == 401, value


async def test_session_cookie_signed_with_another_secret_is_401(api):
    admin = await api.signup()
    genuine = URLSafeTimedSerializer("test-secret-key", salt="hirebot-session").loads(_session_cookie(admin))
    forged = URLSafeTimedSerializer("some-other-secret", salt="hirebot-session").dumps(genuine)
    client, headers = _with_cookie(api, forged)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_validly_signed_unknown_session_id_is_401(api):
    await api.signup()
    forged = URLSafeTimedSerializer("test-secret-key", salt="hirebot-session").dumps("ses_doesnotexist")
    client, headers = _with_cookie(api, forged)
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


# --- CSRF -------------------------------------------------------------------------------

async def test_cookie_post_without_csrf_header_is_403(api):
    admin = await api.signup()
    r = await _create_key(_no_csrf(admin))
    body = await r.get_json()
    assert r.status_code == 403, body
    assert body["error"]["code"] == "forbidden"
    assert "X-CSRF-Token" in body["error"]["message"]
    assert await _key_count(admin) == 0


async def test_cookie_post_with_wrong_csrf_header_is_403(api):
    admin = await api.signup()
    r = await _create_key(_no_csrf(admin), headers={"X-CSRF-Token": admin.csrf[:-2] + "zz"})
    assert r.status_code == 403
    r = await _create_key(_no_csrf(admin), headers={"X-CSRF-Token": ""})
    assert r.status_code == 403
    assert await _key_count(admin) == 0


async def test_cookie_post_with_right_csrf_header_succeeds(api):
    admin = await api.signup()
    r = await _create_key(_no_csrf(admin), headers={"X-CSRF-Token": admin.csrf})
    assert r.status_code == 201, await r.get_json()
    assert await _key_count(admin) == 1


async def test_csrf_token_of_another_session_is_rejected(api):
    admin = await api.signup()
    other = await api.signup()
    r = await _create_key(_no_csrf(admin), headers={"X-CSRF-Token": other.csrf})
    assert r.status_code == 403
    assert await _key_count(admin) == 0


async def test_csrf_token_is_per_session_for_the_same_user(api):
    admin = await api.signup()
    second = api.anonymous()
    r = await second.post("/api/v1/auth/login", json={"email": admin.user["email"],
                                                       "password": "correct horse battery staple"})
    second_csrf = (await r.get_json())["data"]["csrf_token"]
    r = await _create_key(_no_csrf(admin), headers={"X-CSRF-Token": second_csrf})
    assert r.status_code == 403


async def test_cookie_patch_requires_csrf(api):
    admin = await api.signup()
    bare = _no_csrf(admin)
    r = await bare.patch("/api/v1/tenant", json={"name": "Hijacked"})
    assert r.status_code == 403
    r = await bare.patch("/api/v1/tenant", json={"name": "Hijacked"}, headers={"X-CSRF-Token": "nope"})
    assert r.status_code == 403
    tenant = await (await admin.get("/api/v1/tenant")).get_json()
    assert tenant["data"]["name"] == admin.tenant["name"]

    r = await admin.patch("/api/v1/tenant", json={"name": "Renamed"})
    assert r.status_code == 200, await r.get_json()
    assert (await r.get_json())["data"]["name"] == "Renamed"


async def test_cookie_delete_requires_csrf(api):
    admin = await api.signup()
    key_id = (await (await _create_key(admin)).get_json())["data"]["id"]
    bare = _no_csrf(admin)
    assert (await bare.delete(f"/api/v1/api-keys/{key_id}")).status_code == 403
    r = await bare.delete(f"/api/v1/api-keys/{key_id}", headers={"X-CSRF-Token": "wrong"})
    assert r.status_code == 403
    listed = (await (await admin.get("/api/v1/api-keys")).get_json())["data"]
    assert listed[0]["revoked_at"] is None

    r = await bare.delete(f"/api/v1/api-keys/{key_id}", headers={"X-CSRF-Token": admin.csrf})
    assert r.status_code == 200
    assert (await r.get_json())["data"]["revoked_at"] is not None


async def test_cookie_get_needs_no_csrf(api):
    admin = await api.signup()
    bare = _no_csrf(admin)
    for path in ("/api/v1/auth/me", "/api/v1/team", "/api/v1/api-keys", "/api/v1/tenant"):
        r = await bare.get(path)
        assert r.status_code == 200, path


async def test_api_key_requests_need_no_csrf(api):
    admin = await api.signup()
    key = await api.key_client(admin, "admin")
    r = await key.post("/api/v1/api-keys", json={"name": "from key", "role": "interviewer"})
    assert r.status_code == 201, await r.get_json()
    r = await key.patch("/api/v1/tenant", json={"name": "Via Key"})
    assert r.status_code == 200
    created = (await (await key.get("/api/v1/api-keys")).get_json())["data"]
    victim = next(k for k in created if k["name"] == "from key")
    r = await key.delete(f"/api/v1/api-keys/{victim['id']}")
    assert r.status_code == 200


async def test_unsafe_request_without_any_credentials_is_401_not_403(api):
    r = await api.anonymous().post("/api/v1/api-keys", json={"name": "x", "role": "admin"})
    assert r.status_code == 401
