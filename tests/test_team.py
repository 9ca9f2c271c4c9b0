"""Team over HTTP: invites and accepting them, listing members, changing roles."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from tests.helpers import PASSWORD, Client


def _email(tag: str = "invitee") -> str:
    return f"{tag}-{secrets.token_hex(4)}@example.com"


async def _invite(admin: Client, email: str, role: str = "recruiter", name: str = "Rita Recruiter"):
    return await admin.post("/api/v1/auth/invites", json={"email": email, "name": name, "role": role})


async def _accept(api, token: str, password: str = PASSWORD):
    client = api.anonymous()
    r = await client.post("/api/v1/auth/accept-invite", json={"token": token, "password": password})
    body = await r.get_json()
    if r.status_code == 201:
        client.csrf, client.user, client.tenant = (
            body["data"]["csrf_token"], body["data"]["user"], body["data"]["tenant"])
    return client, r, body


async def _members(client: Client) -> dict[str, dict]:
    r = await client.get("/api/v1/team")
    body = await r.get_json()
    assert r.status_code == 200, body
    return {m["email"]: m for m in body["data"]}


# --- invites ----------------------------------------------------------------------------

async def test_admin_invite_emails_a_seven_day_token(api):
    admin = await api.signup(company="Acme")
    email = _email()
    r = await _invite(admin, email, "hiring_manager", "Hank Manager")
    body = await r.get_json()
    assert r.status_code == 201, body
    data = body["data"]
    assert data["email"] == email and data["role"] == "hiring_manager" and data["name"] == "Hank Manager"
    expires = datetime.fromisoformat(data["expires_at"])
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    left = expires - datetime.now(UTC)
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)
    [mail] = api.mails(email)
    assert "Acme" in mail["Subject"]
    assert api.token_from_mail(email)
    assert "token" not in data


async def test_non_admin_cannot_invite(api):
    admin = await api.signup()
    for role in ("recruiter", "hiring_manager", "interviewer"):
        member = await api.member(admin, role)
        email = _email("blocked")
        r = await _invite(member, email, "admin")
        body = await r.get_json()
        assert r.status_code == 403, (role, body)
        assert body["error"]["code"] == "forbidden"
        assert api.mails(email) == []


async def test_recruiter_api_key_cannot_invite_but_admin_key_can(api):
    admin = await api.signup()
    recruiter_key = await api.key_client(admin, "recruiter")
    assert (await _invite(recruiter_key, _email())).status_code == 403
    admin_key = await api.key_client(admin, "admin")
    assert (await _invite(admin_key, _email())).status_code == 201


async def test_accept_invite_creates_the_user_with_the_invited_role(api):
    admin = await api.signup()
    email = _email()
    assert (await _invite(admin, email, "interviewer", "Ivy Interviewer")).status_code == 201
    client, r, body = await _accept(api, api.token_from_mail(email))
    assert r.status_code == 201, body
    user = body["data"]["user"]
    assert user["email"] == email
    assert user["name"] == "Ivy Interviewer"
    assert user["role"] == "interviewer"
    assert user["email_verified"] is True
    assert body["data"]["tenant"]["id"] == admin.tenant["id"]
    cookie = next(h for h in r.headers.getlist("Set-Cookie") if h.startswith("hirebot_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    me = await (await client.get("/api/v1/auth/me")).get_json()
    assert me["data"]["role"] == "interviewer"
    assert me["data"]["user"]["id"] == user["id"]
    assert (await _members(admin))[email]["role"] == "interviewer"

    login = await api.anonymous().post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200


async def test_invite_token_is_single_use(api):
    admin = await api.signup()
    email = _email()
    await _invite(admin, email)
    token = api.token_from_mail(email)
    _, first, _ = await _accept(api, token)
    assert first.status_code == 201
    _, second, body = await _accept(api, token, "another good password")
    assert second.status_code == 400, body
    assert body["error"]["code"] == "validation_error"
    assert not second.headers.getlist("Set-Cookie")
    assert set(await _members(admin)) == {admin.user["email"], email}


async def test_accept_with_unknown_token_is_400(api):
    _, r, _ = await _accept(api, "not-a-real-invite-token")
    assert r.status_code == 400


async def test_accept_with_weak_password_is_400_and_keeps_the_token(api):
    admin = await api.signup()
    email = _email()
    await _invite(admin, email)
    token = api.token_from_mail(email)
    _, r, body = await _accept(api, token, "weak")
    assert r.status_code == 400
    assert [d["field"] for d in body["error"]["details"]] == ["password"]
    _, r, _ = await _accept(api, token)
    assert r.status_code == 201


async def test_invite_for_an_existing_email_is_409(api):
    admin = await api.signup()
    member = await api.member(admin, "recruiter")
    r = await _invite(admin, member.user["email"].upper())
    body = await r.get_json()
    assert r.status_code == 409, body
    assert body["error"]["code"] == "conflict"
    r = await _invite(admin, admin.user["email"])
    assert r.status_code == 409
    elsewhere = await api.signup(company="Elsewhere")
    assert (await _invite(admin, elsewhere.user["email"])).status_code == 409


async def test_accepting_after_the_email_signed_up_elsewhere_is_409(api):
    admin = await api.signup()
    email = _email()
    await _invite(admin, email)
    token = api.token_from_mail(email)
    await api.signup(company="Faster Co", email=email)
    _, r, body = await _accept(api, token)
    assert r.status_code == 409, body
    assert body["error"]["code"] == "conflict"


async def test_reinviting_retires_the_earlier_token(api):
    admin = await api.signup()
    email = _email()
    await _invite(admin, email, "recruiter")
    first = api.token_from_mail(email)
    await _invite(admin, email, "hiring_manager")
    second = api.token_from_mail(email)
    _, r, _ = await _accept(api, first)
    assert r.status_code == 400
    _, r, body = await _accept(api, second)
    assert r.status_code == 201
    assert body["data"]["user"]["role"] == "hiring_manager"


async def test_invite_validates_role_and_email(api):
    admin = await api.signup()
    r = await _invite(admin, _email(), "owner")
    assert r.status_code == 400
    assert [d["field"] for d in (await r.get_json())["error"]["details"]] == ["role"]
    r = await _invite(admin, "nope", "recruiter")
    assert r.status_code == 400


async def test_invite_token_cannot_verify_an_email(api):
    admin = await api.signup()
    email = _email()
    await _invite(admin, email)
    token = api.token_from_mail(email)
    r = await api.anonymous().post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 400
    _, r, _ = await _accept(api, token)
    assert r.status_code == 201


# --- members and roles ------------------------------------------------------------------

async def test_team_lists_the_tenants_members_only(api):
    admin = await api.signup("Acme")
    recruiter = await api.member(admin, "recruiter")
    interviewer = await api.member(admin, "interviewer")
    other = await api.signup("Globex")
    await api.member(other, "recruiter")

    r = await admin.get("/api/v1/team")
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["meta"]["total"] == 3
    members = {m["email"]: m for m in body["data"]}
    assert set(members) == {admin.user["email"], recruiter.user["email"], interviewer.user["email"]}
    assert members[recruiter.user["email"]]["role"] == "recruiter"
    assert members[admin.user["email"]]["role"] == "admin"
    assert members[admin.user["email"]]["email_verified"] is False
    assert members[recruiter.user["email"]]["email_verified"] is True
    assert all("password_hash" not in m for m in body["data"])

    assert set(await _members(recruiter)) == set(members)


async def test_team_list_paginates(api):
    admin = await api.signup()
    for role in ("recruiter", "interviewer"):
        await api.member(admin, role)
    r = await admin.get("/api/v1/team?limit=2")
    body = await r.get_json()
    assert len(body["data"]) == 2 and body["meta"]["next_cursor"]
    r = await admin.get(f"/api/v1/team?limit=2&cursor={body['meta']['next_cursor']}")
    rest = await r.get_json()
    assert len(rest["data"]) == 1 and rest["meta"]["next_cursor"] is None
    ids = [m["id"] for m in body["data"] + rest["data"]]
    assert len(set(ids)) == 3


async def test_interviewer_cannot_list_team(api):
    admin = await api.signup()
    interviewer = await api.member(admin, "interviewer")
    assert (await interviewer.get("/api/v1/team")).status_code == 403


async def test_admin_changes_a_members_role_and_it_applies_at_once(api):
    admin = await api.signup()
    member = await api.member(admin, "interviewer")
    assert (await member.get("/api/v1/team")).status_code == 403

    r = await admin.patch(f"/api/v1/team/{member.user['id']}", json={"role": "recruiter"})
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["role"] == "recruiter"

    me = await (await member.get("/api/v1/auth/me")).get_json()
    assert me["data"]["role"] == "recruiter"
    assert (await member.get("/api/v1/team")).status_code == 200
    assert (await _members(admin))[member.user["email"]]["role"] == "recruiter"


async def test_only_admins_change_roles(api):
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    interviewer = await api.member(admin, "interviewer")
    r = await recruiter.patch(f"/api/v1/team/{interviewer.user['id']}", json={"role": "admin"})
    assert r.status_code == 403
    r = await recruiter.patch(f"/api/v1/team/{recruiter.user['id']}", json={"role": "admin"})
    assert r.status_code == 403
    members = await _members(admin)
    assert members[interviewer.user["email"]]["role"] == "interviewer"
    assert members[recruiter.user["email"]]["role"] == "recruiter"


async def test_last_admin_cannot_be_demoted(api):
    admin = await api.signup()
    r = await admin.patch(f"/api/v1/team/{admin.user['id']}", json={"role": "recruiter"})
    body = await r.get_json()
    assert r.status_code == 409, body
    assert body["error"]["code"] == "conflict"
    me = await (await admin.get("/api/v1/auth/me")).get_json()
    assert me["data"]["role"] == "admin"


async def test_one_of_two_admins_can_be_demoted_but_then_not_the_other(api):
    admin = await api.signup()
    second = await api.member(admin, "admin")
    r = await admin.patch(f"/api/v1/team/{second.user['id']}", json={"role": "recruiter"})
    assert r.status_code == 200
    r = await admin.patch(f"/api/v1/team/{admin.user['id']}", json={"role": "hiring_manager"})
    assert r.status_code == 409
    r = await admin.patch(f"/api/v1/team/{admin.user['id']}", json={"role": "admin"})
    assert r.status_code == 200


async def test_demoted_admin_loses_admin_rights_in_the_same_session(api):
    admin = await api.signup()
    second = await api.member(admin, "admin")
    r = await second.post("/api/v1/api-keys", json={"name": "before", "role": "recruiter"})
    assert r.status_code == 201

    r = await admin.patch(f"/api/v1/team/{second.user['id']}", json={"role": "recruiter"})
    assert r.status_code == 200

    r = await second.post("/api/v1/api-keys", json={"name": "after", "role": "recruiter"})
    assert r.status_code == 403
    r = await second.patch(f"/api/v1/team/{admin.user['id']}", json={"role": "recruiter"})
    assert r.status_code == 403
    assert (await _members(admin))[admin.user["email"]]["role"] == "admin"


async def test_promoted_member_gains_admin_rights_at_once(api):
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    assert (await recruiter.post("/api/v1/api-keys", json={"name": "k", "role": "recruiter"})).status_code == 403
    r = await admin.patch(f"/api/v1/team/{recruiter.user['id']}", json={"role": "admin"})
    assert r.status_code == 200
    assert (await recruiter.post("/api/v1/api-keys", json={"name": "k", "role": "recruiter"})).status_code == 201


async def test_changing_role_of_another_tenants_user_is_404(api):
    acme = await api.signup("Acme")
    globex = await api.signup("Globex")
    victim = await api.member(globex, "recruiter")
    for target in (victim.user["id"], globex.user["id"]):
        r = await acme.patch(f"/api/v1/team/{target}", json={"role": "interviewer"})
        body = await r.get_json()
        assert r.status_code == 404, body
        assert body["error"]["code"] == "not_found"
    members = await _members(globex)
    assert members[victim.user["email"]]["role"] == "recruiter"
    assert members[globex.user["email"]]["role"] == "admin"


async def test_role_change_rejects_unknown_roles(api):
    admin = await api.signup()
    member = await api.member(admin, "recruiter")
    r = await admin.patch(f"/api/v1/team/{member.user['id']}", json={"role": "owner"})
    assert r.status_code == 400
    assert (await _members(admin))[member.user["email"]]["role"] == "recruiter"
