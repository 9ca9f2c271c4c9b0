"""Accounts over HTTP: signup, login, me, email verification, password reset and change."""

from __future__ import annotations

import secrets
from datetime import timedelta

from api.app import create_app
from storage.models import OneTimeToken
from storage.scoping import unscoped
from tests.helpers import PASSWORD, Client
from tools.clock import utcnow

NEW_PASSWORD = "a brand new passphrase 42"


def _email(tag: str = "user") -> str:
    return f"{tag}-{secrets.token_hex(4)}@example.com"


def _session_cookie(client: Client) -> str:
    return next(c.value for c in client.http.cookie_jar if c.name == "hirebot_session")


def _set_cookie_header(response) -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("hirebot_session="))


async def _signup(api, company="Acme Talent", email=None, password=PASSWORD):
    return await api.anonymous().post("/api/v1/auth/signup", json={
        "company_name": company, "name": "Ada Admin", "email": email or _email("admin"),
        "password": password})


async def _login(api, email, password=PASSWORD, **kw):
    client = api.anonymous()
    r = await client.post("/api/v1/auth/login", json={"email": email, "password": password}, **kw)
    body = await r.get_json()
    if r.status_code == 200:
        client.csrf, client.user, client.tenant = (
            body["data"]["csrf_token"], body["data"]["user"], body["data"]["tenant"])
    return client, r, body


# --- signup -----------------------------------------------------------------------------

async def test_signup_creates_tenant_admin_and_session_cookie(api):
    email = _email("founder")
    r = await _signup(api, company="Acme Talent", email=email)
    body = await r.get_json()
    assert r.status_code == 201, body
    data = body["data"]
    assert data["tenant"]["id"].startswith("ten_")
    assert data["tenant"]["name"] == "Acme Talent"
    assert data["user"]["id"].startswith("usr_")
    assert data["user"]["email"] == email
    assert data["user"]["role"] == "admin"
    assert data["user"]["email_verified"] is False
    assert isinstance(data["csrf_token"], str) and len(data["csrf_token"]) >= 20
    assert "password_hash" not in data["user"]
    assert body["meta"]["api_version"] == "v1"

    cookie = _set_cookie_header(r)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie


async def test_signup_cookie_authenticates_the_new_admin(api):
    admin = await api.signup()
    r = await admin.get("/api/v1/auth/me")
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["user"]["id"] == admin.user["id"]
    assert body["data"]["tenant"]["id"] == admin.tenant["id"]
    assert body["data"]["api_key"] is None


async def test_signup_slug_is_lowercase_hyphenated_company_name(api):
    admin = await api.signup(company="  Acme Talent, Inc.  ")
    assert admin.tenant["slug"] == "acme-talent-inc"
    assert admin.tenant["name"] == "Acme Talent, Inc."


async def test_signup_slug_transliterates_accents(api):
    admin = await api.signup(company="Ünïcode Café GmbH")
    assert admin.tenant["slug"] == "unicode-cafe-gmbh"


async def test_signup_slug_is_made_unique(api):
    first = await api.signup(company="Same Name")
    second = await api.signup(company="same   name!")
    assert first.tenant["slug"] == "same-name"
    assert second.tenant["slug"] == "same-name-2"
    assert first.tenant["id"] != second.tenant["id"]


async def test_signup_duplicate_email_is_409_case_insensitive(api):
    email = _email("dup")
    assert (await _signup(api, email=email)).status_code == 201
    r = await _signup(api, company="Other Co", email=email.upper())
    body = await r.get_json()
    assert r.status_code == 409, body
    assert body["error"]["code"] == "conflict"
    assert not r.headers.getlist("Set-Cookie")


async def test_signup_weak_password_is_400_with_field_details(api):
    r = await _signup(api, password="short")
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["code"] == "validation_error"
    fields = [d["field"] for d in body["error"]["details"]]
    assert fields == ["password"]
    assert "10 characters" in body["error"]["details"][0]["message"]


async def test_signup_invalid_email_and_missing_fields_are_400(api):
    r = await api.anonymous().post("/api/v1/auth/signup", json={
        "company_name": "X", "name": "Y", "email": "not-an-email", "password": PASSWORD})
    body = await r.get_json()
    assert r.status_code == 400
    assert [d["field"] for d in body["error"]["details"]] == ["email"]

    r = await api.anonymous().post("/api/v1/auth/signup", json={"email": _email()})
    body = await r.get_json()
    assert r.status_code == 400
    assert {"company_name", "name", "password"} <= {d["field"] for d in body["error"]["details"]}


# --- login ------------------------------------------------------------------------------

async def test_login_with_correct_password_opens_a_new_session(api):
    admin = await api.signup()
    client, r, body = await _login(api, admin.user["email"].upper())
    assert r.status_code == 200, body
    assert body["data"]["user"]["id"] == admin.user["id"]
    assert body["data"]["csrf_token"] != admin.csrf
    assert "HttpOnly" in _set_cookie_header(r)
    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert (await me.get_json())["data"]["user"]["id"] == admin.user["id"]


async def test_login_wrong_password_and_unknown_email_get_the_same_401(api):
    admin = await api.signup()
    _, wrong, wrong_body = await _login(api, admin.user["email"], "definitely not it")
    _, unknown, unknown_body = await _login(api, _email("nobody"), PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong_body["error"]["code"] == unknown_body["error"]["code"] == "unauthenticated"
    assert wrong_body["error"]["message"] == unknown_body["error"]["message"]
    assert not wrong.headers.getlist("Set-Cookie")
    assert not unknown.headers.getlist("Set-Cookie")


async def test_login_rate_limit_per_email_returns_429_with_retry_after(settings):
    strict = create_app(settings.model_copy(update={"auth_rate_limit": "3/minute"}))
    email = _email("limited")

    def from_ip():  # a fresh address per attempt: only the per-email counter can trip
        return {"scope_base": {"client": (f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}."
                                          f"{secrets.randbelow(250) + 1}", 40000)}}

    async with strict.test_app():
        anon = Client(strict.test_client())
        r = await anon.post("/api/v1/auth/signup", json={
            "company_name": "Limited", "name": "L", "email": email, "password": PASSWORD}, **from_ip())
        assert r.status_code == 201, await r.get_json()

        statuses = []
        for password in ("wrong one 1", "wrong one 2", PASSWORD):
            r = await anon.post("/api/v1/auth/login", json={"email": email, "password": password},
                                **from_ip())
            statuses.append(r.status_code)
        assert statuses == [401, 401, 200]

        r = await anon.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD},
                            **from_ip())
        body = await r.get_json()
        assert r.status_code == 429, body
        assert body["error"]["code"] == "rate_limited"
        assert 1 <= int(r.headers["Retry-After"]) <= 60

        r = await anon.post("/api/v1/auth/login", json={"email": _email("other"), "password": PASSWORD},
                            **from_ip())
        assert r.status_code == 401  # another email is not limited


async def test_login_rate_limit_per_ip_across_emails(settings):
    strict = create_app(settings.model_copy(update={"auth_rate_limit": "3/minute"}))
    ip = {"scope_base": {"client": (f"172.16.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}", 1)}}
    async with strict.test_app():
        anon = Client(strict.test_client())
        statuses = []
        for _ in range(4):
            r = await anon.post("/api/v1/auth/login",
                                json={"email": _email("spray"), "password": PASSWORD}, **ip)
            statuses.append(r.status_code)
        assert statuses == [401, 401, 401, 429]
        assert "Retry-After" in r.headers


# --- me ---------------------------------------------------------------------------------

async def test_me_for_an_api_key_shows_key_identity_and_role(api):
    admin = await api.signup()
    key = await api.key_client(admin, "recruiter")
    r = await key.get("/api/v1/auth/me")
    body = await r.get_json()
    assert r.status_code == 200, body
    data = body["data"]
    assert data["user"] is None
    assert data["role"] == "recruiter"
    assert data["tenant"]["id"] == admin.tenant["id"]
    assert data["api_key"]["id"].startswith("key_")
    assert data["api_key"]["role"] == "recruiter"
    assert key.api_key.startswith(data["api_key"]["prefix"])
    assert "token" not in data["api_key"]


async def test_me_without_credentials_is_401(api):
    r = await api.anonymous().get("/api/v1/auth/me")
    body = await r.get_json()
    assert r.status_code == 401
    assert body["error"]["code"] == "unauthenticated"


# --- email verification -----------------------------------------------------------------

async def test_verify_email_with_signup_token_is_single_use(api):
    admin = await api.signup()
    token = api.token_from_mail(admin.user["email"])
    anon = api.anonymous()

    r = await anon.post("/api/v1/auth/verify-email", json={"token": token})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["id"] == admin.user["id"]
    assert body["data"]["email_verified"] is True

    me = await (await admin.get("/api/v1/auth/me")).get_json()
    assert me["data"]["user"]["email_verified"] is True

    r = await anon.post("/api/v1/auth/verify-email", json={"token": token})
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["code"] == "validation_error"


async def test_verify_email_with_unknown_token_is_400(api):
    r = await api.anonymous().post("/api/v1/auth/verify-email", json={"token": "x" * 43})
    assert r.status_code == 400


async def test_resend_verification_mails_a_fresh_token_only_while_unverified(api):
    admin = await api.signup()
    assert len(api.mails(admin.user["email"])) == 1
    r = await admin.post("/api/v1/auth/resend-verification")
    assert r.status_code == 202
    assert len(api.mails(admin.user["email"])) == 2
    token = api.token_from_mail(admin.user["email"])
    r = await api.anonymous().post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 200
    assert (await admin.post("/api/v1/auth/resend-verification")).status_code == 202
    assert len(api.mails(admin.user["email"])) == 2


# --- forgot / reset password ------------------------------------------------------------

async def _reset_token(api, email: str) -> str:
    r = await api.anonymous().post("/api/v1/auth/forgot-password", json={"email": email})
    assert r.status_code == 202, await r.get_json()
    return api.token_from_mail(email)


async def test_forgot_password_is_202_for_known_and_unknown_email(api):
    admin = await api.signup()
    known = await api.anonymous().post("/api/v1/auth/forgot-password", json={"email": admin.user["email"]})
    unknown_email = _email("ghost")
    unknown = await api.anonymous().post("/api/v1/auth/forgot-password", json={"email": unknown_email})
    assert known.status_code == unknown.status_code == 202
    assert (await known.get_json())["data"] == (await unknown.get_json())["data"]
    assert api.mails(unknown_email) == []
    reset_mails = [m for m in api.mails(admin.user["email"]) if "Reset" in m["Subject"]]
    assert len(reset_mails) == 1


async def test_reset_password_works_once_and_swaps_the_password(api):
    admin = await api.signup()
    token = await _reset_token(api, admin.user["email"])
    anon = api.anonymous()
    r = await anon.post("/api/v1/auth/reset-password", json={"token": token, "password": NEW_PASSWORD})
    assert r.status_code == 200, await r.get_json()

    r = await anon.post("/api/v1/auth/reset-password", json={"token": token, "password": "yet another one 99"})
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["code"] == "validation_error"

    _, r, _ = await _login(api, admin.user["email"], NEW_PASSWORD)
    assert r.status_code == 200
    _, r, _ = await _login(api, admin.user["email"], PASSWORD)
    assert r.status_code == 401
    _, r, _ = await _login(api, admin.user["email"], "yet another one 99")
    assert r.status_code == 401


async def test_reset_password_revokes_every_existing_session(api):
    admin = await api.signup()
    other, r, _ = await _login(api, admin.user["email"])
    assert r.status_code == 200
    token = await _reset_token(api, admin.user["email"])
    r = await api.anonymous().post("/api/v1/auth/reset-password", json={"token": token, "password": NEW_PASSWORD})
    assert r.status_code == 200
    assert (await admin.get("/api/v1/auth/me")).status_code == 401
    assert (await other.get("/api/v1/auth/me")).status_code == 401


async def test_reset_password_with_expired_token_is_400_and_keeps_password(api):
    admin = await api.signup()
    token = await _reset_token(api, admin.user["email"])
    updated = await unscoped(OneTimeToken).filter(
        email=admin.user["email"], purpose="reset_password", used_at__isnull=True,
    ).update(expires_at=utcnow() - timedelta(seconds=1))
    assert updated == 1
    r = await api.anonymous().post("/api/v1/auth/reset-password", json={"token": token, "password": NEW_PASSWORD})
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["details"] == {"token": "invalid"}
    _, r, _ = await _login(api, admin.user["email"], PASSWORD)
    assert r.status_code == 200
    assert (await admin.get("/api/v1/auth/me")).status_code == 200


async def test_new_reset_request_retires_the_previous_token(api):
    admin = await api.signup()
    first = await _reset_token(api, admin.user["email"])
    second = await _reset_token(api, admin.user["email"])
    assert first != second
    anon = api.anonymous()
    r = await anon.post("/api/v1/auth/reset-password", json={"token": first, "password": NEW_PASSWORD})
    assert r.status_code == 400
    r = await anon.post("/api/v1/auth/reset-password", json={"token": second, "password": NEW_PASSWORD})
    assert r.status_code == 200


async def test_reset_password_weak_password_is_400_and_token_stays_usable(api):
    admin = await api.signup()
    token = await _reset_token(api, admin.user["email"])
    anon = api.anonymous()
    r = await anon.post("/api/v1/auth/reset-password", json={"token": token, "password": "weak"})
    body = await r.get_json()
    assert r.status_code == 400
    assert [d["field"] for d in body["error"]["details"]] == ["password"]
    r = await anon.post("/api/v1/auth/reset-password", json={"token": token, "password": NEW_PASSWORD})
    assert r.status_code == 200


async def test_verification_token_is_not_a_reset_token(api):
    admin = await api.signup()
    verify_token = api.token_from_mail(admin.user["email"])
    r = await api.anonymous().post("/api/v1/auth/reset-password",
                                   json={"token": verify_token, "password": NEW_PASSWORD})
    assert r.status_code == 400
    _, r, _ = await _login(api, admin.user["email"], NEW_PASSWORD)
    assert r.status_code == 401


# --- change password --------------------------------------------------------------------

async def test_change_password_revokes_other_sessions_but_keeps_current(api):
    admin = await api.signup()
    other, r, _ = await _login(api, admin.user["email"])
    assert r.status_code == 200
    assert (await other.get("/api/v1/auth/me")).status_code == 200

    r = await admin.post("/api/v1/auth/change-password",
                         json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["sessions_revoked"] == 1

    assert (await other.get("/api/v1/auth/me")).status_code == 401
    assert (await admin.get("/api/v1/auth/me")).status_code == 200
    _, r, _ = await _login(api, admin.user["email"], PASSWORD)
    assert r.status_code == 401
    _, r, _ = await _login(api, admin.user["email"], NEW_PASSWORD)
    assert r.status_code == 200


async def test_change_password_with_wrong_current_password_is_400_and_changes_nothing(api):
    admin = await api.signup()
    other, _, _ = await _login(api, admin.user["email"])
    r = await admin.post("/api/v1/auth/change-password",
                         json={"current_password": "not my password", "new_password": NEW_PASSWORD})
    body = await r.get_json()
    assert r.status_code == 400, body
    assert body["error"]["details"] == {"current_password": "mismatch"}
    assert (await other.get("/api/v1/auth/me")).status_code == 200
    _, r, _ = await _login(api, admin.user["email"], PASSWORD)
    assert r.status_code == 200


async def test_change_password_rejects_weak_new_password(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/auth/change-password",
                         json={"current_password": PASSWORD, "new_password": "tiny"})
    body = await r.get_json()
    assert r.status_code == 400
    assert [d["field"] for d in body["error"]["details"]] == ["new_password"]


async def test_change_password_retires_outstanding_reset_tokens(api):
    admin = await api.signup()
    token = await _reset_token(api, admin.user["email"])
    r = await admin.post("/api/v1/auth/change-password",
                         json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert r.status_code == 200
    r = await api.anonymous().post("/api/v1/auth/reset-password",
                                   json={"token": token, "password": "attacker chosen 123"})
    assert r.status_code == 400
    _, r, _ = await _login(api, admin.user["email"], NEW_PASSWORD)
    assert r.status_code == 200


async def test_change_password_needs_a_user_not_an_api_key(api):
    admin = await api.signup()
    key = await api.key_client(admin)
    r = await key.post("/api/v1/auth/change-password",
                       json={"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert r.status_code == 400
    _, r, _ = await _login(api, admin.user["email"], PASSWORD)
    assert r.status_code == 200
