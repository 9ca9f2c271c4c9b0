"""RBAC x tenant-isolation matrix over every route registered under ``/api/v1``.

The routes are enumerated from the app's ``url_map`` at collection time, so a route
added later is exercised automatically -- and fails until its policy is declared in
``EXPECTATIONS`` (public or authenticated, which roles may call it, how to build a
valid request). Each route is one test; it builds two tenants (A with a session user
and an API key for every role, B with an admin, a member, a key, a vacancy and a
candidate) and calls the route as:

* every role of tenant A, once as a signed-in user and once as an API key,
* anonymous,
* tenant B's admin (session and key), to check isolation in the other direction,

with tenant A's own ids, tenant B's (foreign) ids and unknown ids for routes with path
parameters. Expected: anonymous on an authenticated route -> 401; a role the policy
does not allow -> 403 (before any lookup, so the answer is the same for own, foreign
and unknown ids: no existence oracle); an allowed role -> 2xx on its own ids and 404 on
foreign or unknown ids. A public route with an id (the careers site) answers every caller
alike: 2xx for any tenant's public object, 404 for unknown ids. No response to one tenant
ever contains the other tenant's ids, emails or names (unless it is that tenant's public
object, asked for by id). Hiring managers see only the vacancies they manage (and their
applications and pipelines): tenant A's vacancy is managed by A's hiring-manager user,
while an API key with that role acts for no user and manages nothing, so routes marked
``managed`` answer it 404 on own ids and lists leave the own row out. Destructive routes (logout, change password, role change, key
revocation) run against throwaway sessions, users and keys so cases stay independent.
"""

from __future__ import annotations

import asyncio
import datetime
import secrets
import shutil
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from limits import parse

from api.app import create_app
from storage.config import Settings
from storage.ids import new_id
from storage.models import Application, Tenant, User, Vacancy
from storage.scoping import scoped
from tests.helpers import PASSWORD, Api, Client, multipart
from tools import runtime as runtime_module
from tools.policy import POLICY

API_PREFIX = "/api/v1"
IGNORED_METHODS = frozenset({"HEAD", "OPTIONS"})

ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER = "admin", "recruiter", "hiring_manager", "interviewer"
ROLES = (ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER)
EVERYONE = frozenset(ROLES)
STAFF = frozenset({ADMIN, RECRUITER, HIRING_MANAGER})
WRITERS = frozenset({ADMIN, RECRUITER})
ADMIN_ONLY = frozenset({ADMIN})
ADMIN_AND_MANAGER = frozenset({ADMIN, HIRING_MANAGER})

ERROR_CODES = {400: "validation_error", 401: "unauthenticated", 403: "forbidden", 404: "not_found"}


# --------------------------------------------------------------------------- routes


def api_routes(app) -> list[tuple[str, str]]:
    """(method, rule) for every route under /api/v1, HEAD/OPTIONS aside."""
    found = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule == API_PREFIX or rule.rule.startswith(API_PREFIX + "/")
        for method in rule.methods - IGNORED_METHODS
    }
    return sorted(found, key=lambda mr: (mr[1], mr[0]))


def _routes_at_collection() -> list[tuple[str, str]]:
    """Build a throwaway app (no database connection) just to read its url_map."""
    saved = runtime_module._runtime
    data_dir = Path(tempfile.mkdtemp(prefix="hirebot-rbac-routes-"))
    try:
        app = create_app(Settings.from_env(
            data_dir=data_dir, database_url=f"sqlite://{data_dir / 'unused.db'}",
            secret_key="route-collection", redis_url=None, email_backend="console", demo=False))
        return api_routes(app)
    finally:
        runtime_module._runtime = saved
        shutil.rmtree(data_dir, ignore_errors=True)


# --------------------------------------------------------------------------- world


@dataclass
class TenantData:
    label: str
    id: str
    admin: Client                      # the signed-up admin (session), used for setup
    sessions: dict[str, Client]        # role -> signed-in member
    keys: dict[str, Client]            # role -> API-key client
    key_ids: dict[str, str]            # role -> API key id
    vacancy_id: str
    candidate_id: str
    markers: set[str]                  # strings that must never reach the other tenant
    job_id: str | None = None          # a parse job, created on first use
    application_id: str | None = None  # an application of the candidate to the vacancy, on first use
    evaluation_id: str | None = None   # an evaluation of that application, on first use
    library_item_id: str | None = None  # a saved library item, on first use
    interview_id: str | None = None    # an interview with every session user on it, on first use
    offer_id: str | None = None        # a draft offer, on first use
    batch_id: str | None = None        # a completed screening batch of one CV, on first use
    client_id: str | None = None       # a client, on first use
    shortlist_id: str | None = None    # a shortlist of the vacancy holding the candidate, on first use
    file_id: str | None = None         # a stored file, on first use
    webhook_id: str | None = None      # a webhook endpoint, on first use
    delivery_id: str | None = None     # a queued test ping of that endpoint, on first use

    def email(self, role: str) -> str:
        return self.sessions[role].user["email"]


@dataclass
class World:
    api: Api
    a: TenantData
    b: TenantData

    def other(self, tenant: TenantData) -> TenantData:
        return self.b if tenant is self.a else self.a


@dataclass
class Caller:
    kind: str                          # "session" | "api_key" | "anonymous"
    role: str | None
    tenant: TenantData | None
    client: Client

    @property
    def label(self) -> str:
        if self.kind == "anonymous":
            return "anonymous"
        return f"tenant {self.tenant.label} {self.role}/{self.kind}"


def clone(api: Api, client: Client) -> Client:
    """A client with the same credentials and its own cookie jar, so a response that
    sets or clears a cookie cannot disturb the shared matrix clients."""
    http = api.app.test_client()
    for cookie in client.http.cookie_jar:
        http.cookie_jar.set_cookie(cookie)
    return Client(http, csrf=client.csrf, api_key=client.api_key, user=client.user, tenant=client.tenant)


async def _json(response) -> Any:
    try:
        return await response.get_json(force=True)
    except Exception:  # noqa: BLE001 - non-JSON bodies (CSV) are checked as text
        return None


async def create_key(api: Api, admin: Client, role: str, name: str) -> tuple[str, Client, str]:
    r = await admin.post(f"{API_PREFIX}/api-keys", json={"name": name, "role": role})
    body = await r.get_json()
    assert r.status_code == 201, body
    data = body["data"]
    return data["id"], Client(api.app.test_client(), api_key=data["token"], tenant=admin.tenant), data["prefix"]


async def login(api: Api, email: str) -> Client:
    """A fresh, separate browser session for an existing user."""
    client = api.anonymous()
    r = await client.post(f"{API_PREFIX}/auth/login", json={"email": email, "password": PASSWORD})
    body = await r.get_json()
    assert r.status_code == 200, body
    client.csrf, client.user, client.tenant = body["data"]["csrf_token"], body["data"]["user"], body["data"]["tenant"]
    return client


async def build_tenant(api: Api, label: str, session_roles, key_roles) -> TenantData:
    tag = secrets.token_hex(4)
    admin = await api.signup(company=f"Tenant {label} {tag}", email=f"admin-{label.lower()}-{tag}@example.com")
    sessions = {ADMIN: admin}
    for role in session_roles:
        if role != ADMIN:
            sessions[role] = await api.member(admin, role, email=f"{role}-{label.lower()}-{tag}@example.com")
    keys, key_ids, markers = {}, {}, set()
    for role in key_roles:
        key_id, client, prefix = await create_key(api, admin, role, f"key {label} {role} {tag}")
        keys[role], key_ids[role] = client, key_id
        markers |= {key_id, prefix, f"key {label} {role} {tag}"}
    vacancy = {"title": f"Vacancy {label} {tag}", "status": "open"}
    if HIRING_MANAGER in sessions:
        vacancy["hiring_manager_id"] = sessions[HIRING_MANAGER].user["id"]
    r = await admin.post(f"{API_PREFIX}/vacancies", json=vacancy)
    assert r.status_code == 201, await r.get_json()
    vacancy_id = (await r.get_json())["data"]["id"]
    r = await admin.post(f"{API_PREFIX}/candidates", json={
        "name": f"Candidate {label} {tag}", "email": f"cand-{label.lower()}-{tag}@example.com"})
    assert r.status_code == 201, await r.get_json()
    candidate_id = (await r.get_json())["data"]["id"]
    markers |= {admin.tenant["id"], admin.tenant["name"], admin.tenant["slug"], vacancy_id,
                f"Vacancy {label} {tag}", candidate_id, f"Candidate {label} {tag}",
                f"cand-{label.lower()}-{tag}@example.com"}
    for client in sessions.values():
        markers |= {client.user["id"], client.user["email"]}
    return TenantData(label=label, id=admin.tenant["id"], admin=admin, sessions=sessions, keys=keys,
                      key_ids=key_ids, vacancy_id=vacancy_id, candidate_id=candidate_id, markers=markers)


async def build_world(api: Api) -> World:
    a = await build_tenant(api, "A", ROLES, ROLES)
    b = await build_tenant(api, "B", (ADMIN, RECRUITER), (ADMIN,))
    return World(api, a, b)


def callers(world: World) -> list[Caller]:
    out = []
    for role in ROLES:
        out.append(Caller("session", role, world.a, world.a.sessions[role]))
        out.append(Caller("api_key", role, world.a, world.a.keys[role]))
    out.append(Caller("anonymous", None, None, world.api.anonymous()))
    out.append(Caller("session", ADMIN, world.b, world.b.sessions[ADMIN]))
    out.append(Caller("api_key", ADMIN, world.b, world.b.keys[ADMIN]))
    return out


# --------------------------------------------------------------------------- requests


@dataclass
class Ctx:
    world: World
    caller: Caller
    scope: str                         # "own" | "foreign" | "missing"

    @property
    def api(self) -> Api:
        return self.world.api

    @property
    def home(self) -> TenantData:
        """The caller's tenant (tenant A for anonymous callers)."""
        return self.caller.tenant or self.world.a

    @property
    def other(self) -> TenantData:
        return self.world.other(self.home)

    @property
    def target(self) -> TenantData | None:
        return {"own": self.home, "foreign": self.other, "missing": None}[self.scope]

    def client(self) -> Client:
        return clone(self.api, self.caller.client)

    def ref(self, attr: str, prefix: str) -> str:
        """The id to put in the path: own, foreign (the other tenant's) or unknown."""
        if self.target is None:
            return f"{prefix}_{'0' * 26}"
        return getattr(self.target, attr)


Check = Callable[[Any, str], list[str]]


@dataclass
class Req:
    method: str
    path: str
    client: Client
    json: Any = None
    echo: frozenset[str] = frozenset()            # ids the caller itself sent (may be echoed back)
    hidden: frozenset[str] = frozenset()          # extra strings that must not appear
    check: Check | None = None                    # extra assertions on a success body
    after: Callable[[int], Awaitable[list[str]]] | None = None  # state checks after the call
    extra: dict = field(default_factory=dict)     # other request arguments (form, files)


Builder = Callable[[Ctx], Awaitable[Req]]


def _ids(body: Any) -> set[str]:
    return {item.get("id") for item in (body or {}).get("data", []) if isinstance(item, dict)}


def get_route(path: str, check: Callable[[Ctx, Any, str], list[str]] | None = None) -> Builder:
    async def build(ctx: Ctx) -> Req:
        return Req("GET", API_PREFIX + path, ctx.client(),
                   check=(lambda body, text: check(ctx, body, text)) if check else None)
    return build


def manages_nothing(caller: Caller) -> bool:
    """A hiring-manager API key: it acts for no user, so it manages no vacancy."""
    return caller.role == HIRING_MANAGER and caller.kind == "api_key"


def listing(own_id: Callable[[TenantData], str], managed: bool = False) -> Callable[[Ctx, Any, str], list[str]]:
    def check(ctx: Ctx, body: Any, _text: str) -> list[str]:
        wanted = own_id(ctx.home)
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            return [f"list body is not {{data: [...]}}: {str(body)[:200]}"]
        if managed and manages_nothing(ctx.caller):
            problems = [f"unmanaged row {wanted} listed"] if wanted in _ids(body) else []
        else:
            problems = [] if wanted in _ids(body) else [f"own row {wanted} missing from the list"]
        if body.get("meta", {}).get("limit") != 100:
            problems.append(f"list meta.limit is {body.get('meta', {}).get('limit')}, asked for 100")
        return problems
    return check


def get_one(path: str, attr: str, prefix: str) -> Builder:
    async def build(ctx: Ctx) -> Req:
        ref = ctx.ref(attr, prefix)

        def check(body, _text):
            got = (body or {}).get("data", {}).get("id")
            return [] if got == ref else [f"returned id {got}, asked for {ref}"]
        return Req("GET", API_PREFIX + path.format(ref), ctx.client(), echo=frozenset({ref}), check=check)
    return build


def post_route(path: str, body: Callable[[Ctx], Any] | None = None,
               check: Callable[[Ctx, Any, str], list[str]] | None = None) -> Builder:
    async def build(ctx: Ctx) -> Req:
        return Req("POST", API_PREFIX + path, ctx.client(), json=body(ctx) if body else None,
                   check=(lambda b, t: check(ctx, b, t)) if check else None)
    return build


def fresh_email(kind: str) -> str:
    return f"{kind}-{secrets.token_hex(5)}@example.com"


def data_field(field_name: str, expected: Callable[[Ctx], Any]):
    def check(ctx: Ctx, body: Any, _text: str) -> list[str]:
        got = ((body or {}).get("data") or {})
        for part in field_name.split("."):
            got = got.get(part) if isinstance(got, dict) else None
        want = expected(ctx)
        return [] if got == want else [f"data.{field_name} is {got!r}, expected {want!r}"]
    return check


async def _still_authenticates(api: Api, client: Client) -> int:
    r = await clone(api, client).get(f"{API_PREFIX}/auth/me")
    return r.status_code


# ---- public routes ------------------------------------------------------------------


async def build_accept_invite(ctx: Ctx) -> Req:
    email = fresh_email("invitee")
    r = await ctx.home.admin.post(f"{API_PREFIX}/auth/invites",
                                  json={"email": email, "name": "Invitee", "role": INTERVIEWER})
    assert r.status_code == 201, await r.get_json()
    token = ctx.api.token_from_mail(email)
    return Req("POST", f"{API_PREFIX}/auth/accept-invite", ctx.client(),
               json={"token": token, "password": PASSWORD},
               check=lambda body, _t: [] if body["data"]["user"]["email"] == email else ["wrong user"])


async def build_verify_email(ctx: Ctx) -> Req:
    throwaway = await ctx.api.signup(company="Verify Co")
    token = ctx.api.token_from_mail(throwaway.user["email"])
    return Req("POST", f"{API_PREFIX}/auth/verify-email", ctx.client(), json={"token": token},
               check=lambda body, _t: [] if body["data"]["email_verified"] is True else ["not verified"])


async def build_reset_password(ctx: Ctx) -> Req:
    member = await ctx.api.member(ctx.home.admin, INTERVIEWER)
    email = member.user["email"]
    r = await ctx.api.anonymous().post(f"{API_PREFIX}/auth/forgot-password", json={"email": email})
    assert r.status_code == 202, await r.get_json()
    # The member also got an invite mail; pick the reset mail by subject, not by order.
    resets = [i for i, msg in enumerate(ctx.api.mails(email)) if "Reset" in msg["Subject"]]
    assert len(resets) == 1, f"expected one reset mail for {email}"
    token = ctx.api.token_from_mail(email, resets[0])

    async def after(status: int) -> list[str]:
        if 200 <= status < 300:
            code = await _still_authenticates(ctx.api, member)
            if code != 401:
                return [f"the reset user's old session still works after the reset ({code})"]
        return []
    return Req("POST", f"{API_PREFIX}/auth/reset-password", ctx.client(),
               json={"token": token, "password": "a brand new " + PASSWORD}, after=after)


# ---- authenticated routes -----------------------------------------------------------


async def build_logout(ctx: Ctx) -> Req:
    caller = ctx.caller
    if caller.kind != "session":
        client = ctx.client()

        async def after(_status: int) -> list[str]:
            if caller.kind == "api_key" and await _still_authenticates(ctx.api, caller.client) != 200:
                return ["logout with an API key revoked the key"]
            return []
        return Req("POST", f"{API_PREFIX}/auth/logout", client, after=after)
    throwaway = await login(ctx.api, caller.client.user["email"])

    async def after(status: int) -> list[str]:
        problems = []
        if 200 <= status < 300 and await _still_authenticates(ctx.api, throwaway) != 401:
            problems.append("the logged-out session still authenticates")
        if await _still_authenticates(ctx.api, caller.client) != 200:
            problems.append("logout of one session ended the user's other session")
        return problems
    return Req("POST", f"{API_PREFIX}/auth/logout", throwaway, after=after)


async def build_change_password(ctx: Ctx) -> Req:
    caller = ctx.caller
    if caller.kind != "session":
        client = ctx.client()
    else:  # a throwaway user with the caller's role, so the matrix users keep their password
        client = await ctx.api.member(caller.tenant.admin, caller.role)
    return Req("POST", f"{API_PREFIX}/auth/change-password", client,
               json={"current_password": PASSWORD, "new_password": "another " + PASSWORD})


async def build_change_role(ctx: Ctx) -> Req:
    target = ctx.target
    user = None
    if target is not None:  # a throwaway member to promote, in the own or the foreign tenant
        user = await User.create(id=new_id("usr"), tenant_id=target.id, email=fresh_email("target"),
                                 name="Role Target", role=INTERVIEWER)
    ref = user.id if user else f"usr_{'0' * 26}"

    async def after(status: int) -> list[str]:
        if user is None:
            return []
        row = await scoped(User, target.id).get(id=user.id)
        promoted = 200 <= status < 300 and ctx.scope == "own"
        want = RECRUITER if promoted else INTERVIEWER
        return [] if row.role == want else [f"target role is {row.role}, expected {want}"]

    return Req("PATCH", f"{API_PREFIX}/team/{ref}", ctx.client(), json={"role": RECRUITER},
               echo=frozenset({ref}), hidden=frozenset({user.email} if user and ctx.scope == "foreign" else ()),
               check=lambda body, _t: [] if body["data"]["role"] == RECRUITER else ["role not changed"],
               after=after)


async def build_revoke_key(ctx: Ctx) -> Req:
    target = ctx.target
    key_client = None
    if target is not None:  # a throwaway key to revoke, in the own or the foreign tenant
        key_id, key_client, _ = await create_key(ctx.api, target.admin, INTERVIEWER, "throwaway")
    else:
        key_id = f"key_{'0' * 26}"

    async def after(status: int) -> list[str]:
        if key_client is None:
            return []
        revoked = 200 <= status < 300 and ctx.scope == "own"
        code = await _still_authenticates(ctx.api, key_client)
        want = 401 if revoked else 200
        return [] if code == want else [f"throwaway key answers {code} afterwards, expected {want}"]

    return Req("DELETE", f"{API_PREFIX}/api-keys/{key_id}", ctx.client(), echo=frozenset({key_id}),
               check=lambda body, _t: [] if body["data"]["revoked_at"] else ["revoked_at not set"],
               after=after)


async def build_export_csv(ctx: Ctx) -> Req:
    def check(_body, text):
        problems = []
        if not text.startswith("seq,"):
            problems.append(f"not the audit CSV: {text[:80]!r}")
        if ctx.home.vacancy_id not in text:
            problems.append("own vacancy.created event missing from the export")
        return problems
    return Req("GET", f"{API_PREFIX}/audit/export.csv", ctx.client(), check=check)


async def build_export_tenant(ctx: Ctx) -> Req:
    def check(body, _text):
        got = (body or {}).get("tenant", {}).get("id")
        return [] if got == ctx.home.id else [f"exported tenant {got}, expected {ctx.home.id}"]
    return Req("GET", f"{API_PREFIX}/tenant/export", ctx.client(), check=check)


async def build_delete_tenant(ctx: Ctx) -> Req:
    """A wrong confirmation: allowed callers get as far as the 400; nothing is deleted."""
    async def after(_status: int) -> list[str]:
        return [] if await Tenant.filter(id=ctx.home.id).exists() else ["the tenant was deleted"]
    return Req("DELETE", f"{API_PREFIX}/tenant", ctx.client(), json={"confirm": "not-the-slug"}, after=after)


async def build_patch_vacancy(ctx: Ctx) -> Req:
    ref = ctx.ref("vacancy_id", "vac")
    skill = f"Matrix skill {secrets.token_hex(3)}"

    def check(body, _text):
        return [] if body["data"]["nice_to_have_skills"] == [skill] else ["nice_to_have_skills not saved"]

    async def after(status: int) -> list[str]:
        if ctx.target is None:
            return []
        row = await scoped(Vacancy, ctx.target.id).get(id=ref)
        changed = 200 <= status < 300 and ctx.scope == "own"
        return [] if (skill in row.nice_to_have_skills) == changed else [f"stored skills {row.nice_to_have_skills}"]

    return Req("PATCH", f"{API_PREFIX}/vacancies/{ref}", ctx.client(), json={"nice_to_have_skills": [skill]},
               echo=frozenset({ref}), check=check, after=after)


async def build_delete_vacancy(ctx: Ctx) -> Req:
    ref = await _draft_vacancy(ctx.target) if ctx.target else f"vac_{'0' * 26}"

    async def after(status: int) -> list[str]:
        if ctx.target is None:
            return []
        exists = await scoped(Vacancy, ctx.target.id).filter(id=ref).exists()
        deleted = 200 <= status < 300 and ctx.scope == "own"
        return [] if exists != deleted else [f"vacancy exists={exists} after a {status}"]

    return Req("DELETE", f"{API_PREFIX}/vacancies/{ref}", ctx.client(), echo=frozenset({ref}), after=after)


async def _draft_vacancy(tenant: TenantData) -> str:
    """A new draft vacancy of ``tenant`` (status moves and deletion use one up)."""
    r = await tenant.admin.post(f"{API_PREFIX}/vacancies", json={"title": f"Draft {secrets.token_hex(3)}"})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def _fresh_application(tenant: TenantData) -> str:
    """A new candidate's application to ``tenant``'s vacancy (stage moves use one up)."""
    r = await tenant.admin.post(f"{API_PREFIX}/candidates", json={"name": "Mover", "email": fresh_email("mover")})
    assert r.status_code == 201, await r.get_json()
    r = await tenant.admin.post(f"{API_PREFIX}/applications", json={
        "candidate_id": (await r.get_json())["data"]["id"], "vacancy_id": tenant.vacancy_id})
    assert r.status_code == 201, await r.get_json()
    app_id = (await r.get_json())["data"]["id"]
    tenant.markers.add(app_id)
    return app_id


async def build_create_application(ctx: Ctx) -> Req:
    r = await ctx.home.admin.post(f"{API_PREFIX}/candidates", json={"name": "Applicant", "email": fresh_email("app")})
    assert r.status_code == 201, await r.get_json()
    candidate_id = (await r.get_json())["data"]["id"]
    return Req("POST", f"{API_PREFIX}/applications", ctx.client(),
               json={"candidate_id": candidate_id, "vacancy_id": ctx.home.vacancy_id},
               check=lambda body, _t: [] if body["data"]["stage"] == "applied" else ["not applied"])


async def build_list_applications(ctx: Ctx) -> Req:
    own = await _ensure_application(ctx.home)
    return Req("GET", f"{API_PREFIX}/applications?limit=100", ctx.client(),
               check=lambda body, t: listing(lambda _t: own, managed=True)(ctx, body, t))


def put_route(path: str, body: Any) -> Builder:
    async def build(ctx: Ctx) -> Req:
        return Req("PUT", API_PREFIX + path, ctx.client(), json=body,
                   check=lambda b, _t: [] if b["data"] == body else [f"saved {b['data']}"])
    return build


async def build_extract_vacancy_skills(ctx: Ctx) -> Req:
    ref = ctx.ref("vacancy_id", "vac")
    return Req("POST", f"{API_PREFIX}/vacancies/{ref}/extract-skills", ctx.client(), echo=frozenset({ref}),
               check=lambda body, _t: [] if body["data"]["id"] == ref else ["not the vacancy"])


async def _conversation(client: Client, message: str = "help") -> dict:
    """A conversation of ``client`` after one offline turn (the whole answer as JSON)."""
    r = await client.post(f"{API_PREFIX}/chat", json={"message": message, "stream": False})
    body = await r.get_json()
    assert r.status_code == 200, body
    return body["data"]


def conversation_route() -> Builder:
    """The caller's own conversation, the other tenant's, or an unknown id."""
    async def build(ctx: Ctx) -> Req:
        if ctx.target is None:
            ref = f"conv_{'0' * 26}"
        else:
            mine = ctx.scope == "own" and ctx.caller.kind != "anonymous"
            maker = ctx.client() if mine else clone(ctx.api, ctx.target.admin)
            ref = (await _conversation(maker))["conversation_id"]
        return Req("GET", f"{API_PREFIX}/conversations/{ref}", ctx.client(), echo=frozenset({ref}))
    return build


def approval_route() -> Builder:
    """Deny a call paused for approval ("submit the offer…" always pauses before it runs)."""
    async def build(ctx: Ctx) -> Req:
        if ctx.target is None:
            ref, call = f"conv_{'0' * 26}", "call_missing"
        else:
            mine = ctx.scope == "own" and ctx.caller.kind != "anonymous"
            maker = ctx.client() if mine else clone(ctx.api, ctx.target.admin)
            answer = await _conversation(maker, "submit the offer for Matrix Person")
            ref, call = answer["conversation_id"], answer["approvals"][0]["call_id"]
        return Req("POST", f"{API_PREFIX}/conversations/{ref}/approvals/{call}?stream=false", ctx.client(),
                   json={"decision": "deny"}, echo=frozenset({ref, call}))
    return build


# --------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Expect:
    """The declared policy of one route, and how to call it validly."""

    public: bool
    build: Builder
    roles: frozenset[str] = frozenset()   # roles allowed on an authenticated route
    action: str | None = None             # the tools.policy action the route enforces
    ok: int = 200                         # status of a successful call
    user_only: bool = False               # needs a signed-in user: an API key (any role) gets key_status
    assigned_only: bool = False           # interviewers see only interviews they are on: their API keys get 404
    key_status: int = 400
    managed: bool = False                 # hiring managers only see what they manage (see the docstring)


def public(build: Builder, ok: int = 200) -> Expect:
    return Expect(public=True, build=build, ok=ok)


def auth(roles: frozenset[str], build: Builder, action: str | None = None, ok: int = 200, **kw) -> Expect:
    return Expect(public=False, build=build, roles=roles, action=action, ok=ok, **kw)


def _cv_upload(count: int) -> dict:
    return multipart([(f"cv{i}.txt", f"Matrix Person\nmatrix-{secrets.token_hex(4)}-{i}@example.com\n"
                                    "\nSKILLS\nPython\n".encode()) for i in range(count)])


async def _ensure_job(tenant: TenantData) -> str:
    """A parse job of ``tenant`` (a 6-file upload answers 202 with a job)."""
    if tenant.job_id is None:
        r = await tenant.admin.call(
            "POST", f"{API_PREFIX}/parse", **_cv_upload(6))
        body = await r.get_json()
        assert r.status_code == 202, body
        tenant.job_id = body["data"]["job_id"]
        tenant.markers.add(tenant.job_id)
    return tenant.job_id


def get_job_route(suffix: str) -> Builder:
    async def build(ctx: Ctx) -> Req:
        if ctx.target is None:
            ref = f"job_{'0' * 26}"
        else:
            ref = await _ensure_job(ctx.target)
        return Req("GET", f"{API_PREFIX}/parse-jobs/{ref}{suffix}", ctx.client(), echo=frozenset({ref}))
    return build


async def _vacancy(tenant: TenantData) -> str:
    return tenant.vacancy_id


async def _ensure_application(tenant: TenantData) -> str:
    if tenant.application_id is None:
        row = await Application.create(id=new_id("app"), tenant_id=tenant.id, candidate_id=tenant.candidate_id,
                                       vacancy_id=tenant.vacancy_id)
        tenant.application_id = row.id
        tenant.markers.add(row.id)
    return tenant.application_id


async def _ensure_application_vacancy(tenant: TenantData) -> str:
    """The fixture vacancy, with the fixture application in its pipeline."""
    await _ensure_application(tenant)
    return tenant.vacancy_id


async def _ensure_evaluation(tenant: TenantData) -> str:
    if tenant.evaluation_id is None:
        app_id = await _ensure_application(tenant)
        r = await tenant.admin.post(f"{API_PREFIX}/applications/{app_id}/evaluate", json={})
        body = await r.get_json()
        assert r.status_code == 201, body
        tenant.evaluation_id = body["data"]["id"]
        tenant.markers.add(tenant.evaluation_id)
    return tenant.evaluation_id


def lazy_ref(ensure: Callable[[TenantData], Awaitable[str]], prefix: str,
             request: Callable[[Ctx, str], Req]) -> Builder:
    """A route on an object made on first use: own, foreign or unknown id."""
    async def build(ctx: Ctx) -> Req:
        ref = f"{prefix}_{'0' * 26}" if ctx.target is None else await ensure(ctx.target)
        req = request(ctx, ref)
        req.echo = frozenset({ref})
        return req
    return build


async def build_list_evaluations(ctx: Ctx) -> Req:
    own = await _ensure_evaluation(ctx.home)
    return Req("GET", f"{API_PREFIX}/evaluations?limit=100", ctx.client(),
               check=lambda body, t: listing(lambda _t: own, managed=True)(ctx, body, t))


async def _ensure_library_item(tenant: TenantData) -> str:
    if tenant.library_item_id is None:
        r = await tenant.admin.post(f"{API_PREFIX}/library", json={"kind": "note", "title": "Kept note"})
        assert r.status_code == 201, await r.get_json()
        tenant.library_item_id = (await r.get_json())["data"]["id"]
        tenant.markers.add(tenant.library_item_id)
    return tenant.library_item_id


async def build_list_library(ctx: Ctx) -> Req:
    own = await _ensure_library_item(ctx.home)
    return Req("GET", f"{API_PREFIX}/library?limit=100", ctx.client(),
               check=lambda body, _t: [] if own in _ids(body) else [f"own library item {own} missing"])


async def build_delete_library(ctx: Ctx) -> Req:
    """A throwaway item made by the caller itself (authors may delete), in the own or foreign tenant."""
    target = ctx.target
    ref = f"lib_{'0' * 26}"
    if target is not None:
        maker = ctx.caller.client if ctx.scope == "own" and ctx.caller.kind != "anonymous" else target.admin
        r = await clone(ctx.api, maker).post(f"{API_PREFIX}/library", json={"kind": "note", "title": "Throwaway"})
        if r.status_code == 201:
            ref = (await r.get_json())["data"]["id"]
        else:                                   # the caller may not save: the admin's item it cannot delete either
            r = await target.admin.post(f"{API_PREFIX}/library", json={"kind": "note", "title": "Throwaway"})
            ref = (await r.get_json())["data"]["id"]
    return Req("DELETE", f"{API_PREFIX}/library/{ref}", ctx.client(), echo=frozenset({ref}))


async def _new_interview(tenant: TenantData) -> str:
    """An interview of the tenant's application with all its signed-in users as interviewers,
    at a random future hour (no double-booking between cases)."""
    app_id = await _ensure_application(tenant)
    start = (datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)
             + datetime.timedelta(hours=secrets.randbelow(200_000))).isoformat()
    r = await tenant.admin.post(f"{API_PREFIX}/interviews", json={
        "application_id": app_id, "kind": "video", "scheduled_at": start, "duration_min": 45, "notify": False,
        "interviewer_ids": [c.user["id"] for c in tenant.sessions.values()]})
    body = await r.get_json()
    assert r.status_code == 201, body
    tenant.markers.add(body["data"]["id"])
    return body["data"]["id"]


async def _ensure_interview(tenant: TenantData) -> str:
    if tenant.interview_id is None:
        tenant.interview_id = await _new_interview(tenant)
    return tenant.interview_id


async def _interview_with_transcript(tenant: TenantData) -> str:
    ref = await _ensure_interview(tenant)
    r = await tenant.admin.put(f"{API_PREFIX}/interviews/{ref}/transcript", json={"text": "I built it in Python."})
    assert r.status_code == 200, await r.get_json()
    return ref


def interview_route(method: str, suffix: str, ensure=_ensure_interview, **kw) -> Builder:
    return lazy_ref(ensure, "iv", lambda ctx, ref: Req(method, f"{API_PREFIX}/interviews/{ref}{suffix}",
                                                      ctx.client(), **kw))


async def build_schedule_interview(ctx: Ctx) -> Req:
    app_id = await _ensure_application(ctx.home)
    start = (datetime.datetime(2040, 1, 1, tzinfo=datetime.UTC)
             + datetime.timedelta(hours=secrets.randbelow(200_000))).isoformat()
    return Req("POST", f"{API_PREFIX}/interviews", ctx.client(), json={
        "application_id": app_id, "kind": "phone", "scheduled_at": start, "duration_min": 30, "notify": False,
        "interviewer_ids": [ctx.home.admin.user["id"]]})


async def build_list_interviews(ctx: Ctx) -> Req:
    own = await _ensure_interview(ctx.home)
    blind = ctx.caller.kind == "api_key" and ctx.caller.role in (INTERVIEWER, HIRING_MANAGER)
    return Req("GET", f"{API_PREFIX}/interviews?limit=100", ctx.client(),
               check=lambda body, _t: [] if blind or own in _ids(body) else [f"own interview {own} missing"])


async def _offer_in(tenant: TenantData, status: str) -> str:
    """A fresh offer of the tenant, made by its recruiter on a new application in interview, driven
    to ``status`` (``pending_approval``, ``approved`` or ``sent``; default ``draft``)."""
    cand = await _created_candidate(tenant)
    app = await Application.create(id=new_id("app"), tenant_id=tenant.id, candidate_id=cand,
                                   vacancy_id=tenant.vacancy_id, stage="interview")
    author, admin = tenant.sessions[RECRUITER], tenant.admin
    r = await author.post(f"{API_PREFIX}/offers", json={"application_id": app.id, "base_salary": "1000", "currency": "EUR"})
    assert r.status_code == 201, await r.get_json()
    ref = (await r.get_json())["data"]["id"]
    tenant.markers.add(ref)
    steps = {"pending_approval": [(author, "submit")], "approved": [(author, "submit"), (admin, "approve")],
             "sent": [(author, "submit"), (admin, "approve"), (author, "send")]}.get(status, [])
    for client, action in steps:
        r = await client.post(f"{API_PREFIX}/offers/{ref}/{action}", json={} if action == "approve" else None)
        assert r.status_code == 200, await r.get_json()
    return ref


async def _created_candidate(tenant: TenantData) -> str:
    r = await tenant.admin.post(f"{API_PREFIX}/candidates", json={"name": "Offer Person", "email": fresh_email("offer")})
    assert r.status_code == 201, await r.get_json()
    return (await r.get_json())["data"]["id"]


async def _ensure_offer(tenant: TenantData) -> str:
    if tenant.offer_id is None:
        tenant.offer_id = await _offer_in(tenant, "draft")
    return tenant.offer_id


def offer_route(suffix: str, status: str | None, method: str = "POST", **kw) -> Builder:
    async def ensure(tenant: TenantData) -> str:
        return await (_ensure_offer(tenant) if status is None else _offer_in(tenant, status))
    return lazy_ref(ensure, "ofr", lambda ctx, ref: Req(method, f"{API_PREFIX}/offers/{ref}{suffix}", ctx.client(), **kw))


async def build_create_offer(ctx: Ctx) -> Req:
    cand = await _created_candidate(ctx.home)
    app = await Application.create(id=new_id("app"), tenant_id=ctx.home.id, candidate_id=cand,
                                   vacancy_id=ctx.home.vacancy_id, stage="screening")
    return Req("POST", f"{API_PREFIX}/offers", ctx.client(),
               json={"application_id": app.id, "base_salary": "1000", "currency": "EUR"})


async def build_list_offers(ctx: Ctx) -> Req:
    own = await _ensure_offer(ctx.home)
    return Req("GET", f"{API_PREFIX}/offers?limit=100", ctx.client(),
               check=lambda body, t: listing(lambda _t: own, managed=True)(ctx, body, t))


async def build_parse(ctx: Ctx) -> Req:
    def check(body, _text):
        results = (body or {}).get("data", {}).get("results") or []
        return [] if len(results) == 1 and results[0]["success"] else [f"unexpected results {results}"]
    return Req("POST", f"{API_PREFIX}/parse", ctx.client(), extra=_cv_upload(1), check=check)


async def get_one_suggestions(ctx: Ctx) -> Req:
    ref = ctx.ref("vacancy_id", "vac")

    def check(body, _text):
        got = (body or {}).get("data", {}).get("candidates")
        return [] if isinstance(got, list) else [f"no candidates list: {body}"]
    return Req("GET", f"{API_PREFIX}/vacancies/{ref}/suggestions?count=5", ctx.client(),
               echo=frozenset({ref}), check=check)


async def _draft_batch(tenant: TenantData) -> str:
    """A new draft screening batch of ``tenant`` holding one CV (start and cancel use one up)."""
    r = await tenant.admin.post(f"{API_PREFIX}/screening-batches", json={"vacancy_id": tenant.vacancy_id})
    body = await r.get_json()
    assert r.status_code == 201, body
    batch_id = body["data"]["id"]
    r = await tenant.admin.call("POST", f"{API_PREFIX}/screening-batches/{batch_id}/files", **_cv_upload(1))
    assert r.status_code == 201, await r.get_json()
    tenant.markers.add(batch_id)
    return batch_id


async def _ensure_batch(tenant: TenantData) -> str:
    """A completed screening batch of ``tenant`` (the embedded worker runs it)."""
    if tenant.batch_id is None:
        batch_id = await _draft_batch(tenant)
        r = await tenant.admin.post(f"{API_PREFIX}/screening-batches/{batch_id}/start")
        assert r.status_code == 202, await r.get_json()
        for _ in range(400):
            status = (await (await tenant.admin.get(f"{API_PREFIX}/screening-batches/{batch_id}")).get_json())["data"]["status"]
            if status == "completed":
                break
            await asyncio.sleep(0.05)
        assert status == "completed", status
        tenant.batch_id = batch_id
    return tenant.batch_id


def batch_route(method: str, suffix: str, ensure=_ensure_batch, **kw) -> Builder:
    return lazy_ref(ensure, "job", lambda ctx, ref: Req(method, f"{API_PREFIX}/screening-batches/{ref}{suffix}",
                                                       ctx.client(), **kw))


async def build_list_batches(ctx: Ctx) -> Req:
    own = await _ensure_batch(ctx.home)
    return Req("GET", f"{API_PREFIX}/screening-batches?limit=100", ctx.client(),
               check=lambda body, _t: [] if own in _ids(body) else [f"own batch {own} missing"])


async def build_careers_list(ctx: Ctx) -> Req:
    slug = ctx.home.admin.tenant["slug"]
    return Req("GET", f"{API_PREFIX}/careers/vacancies?tenant={slug}&limit=100", ctx.client(),
               check=lambda body, _t: [] if _ids(body) == {ctx.home.vacancy_id} else [f"not the own vacancy: {body}"])


async def build_careers_vacancy(ctx: Ctx) -> Req:
    """Any company's open vacancy is public: the other tenant's may be shown, unknown ids are 404."""
    ref = ctx.ref("vacancy_id", "vac")
    echo = {ref}
    if ctx.target is not None:
        row = await scoped(Vacancy, ctx.target.id).get(id=ref)
        echo |= {row.title, ctx.target.admin.tenant["name"], ctx.target.admin.tenant["slug"]}
    return Req("GET", f"{API_PREFIX}/careers/vacancies/{ref}", ctx.client(), echo=frozenset(echo),
               check=lambda body, _t: [] if body["data"]["id"] == ref else ["not the vacancy asked for"])


async def build_careers_apply(ctx: Ctx) -> Req:
    email = fresh_email("applicant")
    upload = multipart([("cv.txt", f"Matrix Applicant\n{email}\n\nSKILLS\nPython\n".encode())], {
        "vacancy_id": ctx.home.vacancy_id, "name": "Matrix Applicant", "email": email, "consent": "on"}, field="cv")
    return Req("POST", f"{API_PREFIX}/careers/apply", ctx.client(), extra=upload,
               check=lambda body, _t: [] if body["data"]["vacancy_id"] == ctx.home.vacancy_id else ["wrong vacancy"])


async def build_vacancy_analytics(ctx: Ctx) -> Req:
    ref = ctx.ref("vacancy_id", "vac")
    return Req("GET", f"{API_PREFIX}/analytics/vacancies/{ref}", ctx.client(), echo=frozenset({ref}),
               check=lambda body, _t: [] if body["data"]["vacancy_id"] == ref else ["not the vacancy asked for"])


async def build_export_applications(ctx: Ctx) -> Req:
    ref = ctx.ref("vacancy_id", "vac")
    if ctx.target is not None:
        await _ensure_application(ctx.target)

    def check(_body, text):
        if not text.startswith("application_id,"):
            return [f"not the applications CSV: {text[:80]!r}"]
        return [] if ctx.home.application_id in text else ["own application missing from the export"]
    return Req("GET", f"{API_PREFIX}/vacancies/{ref}/applications/export.csv", ctx.client(),
               echo=frozenset({ref}), check=check)


# ---- people: candidates, clients, shortlists, talent pool, files ----------------------


async def _created(tenant: TenantData, path: str, payload: dict) -> str:
    r = await tenant.admin.post(f"{API_PREFIX}{path}", json=payload)
    body = await r.get_json()
    assert r.status_code == 201, body
    tenant.markers.add(body["data"]["id"])
    return body["data"]["id"]


async def _throwaway_candidate(tenant: TenantData) -> str:
    return await _created(tenant, "/candidates", {"name": f"Throwaway {tenant.label}", "email": fresh_email("tmp")})


async def _throwaway_client(tenant: TenantData) -> str:
    return await _created(tenant, "/clients", {"name": f"Throwaway client {tenant.label}"})


async def _ensure_client(tenant: TenantData) -> str:
    if tenant.client_id is None:
        tenant.client_id = await _created(tenant, "/clients", {"name": f"Client {tenant.label} {secrets.token_hex(3)}"})
    return tenant.client_id


async def _throwaway_shortlist(tenant: TenantData) -> str:
    shortlist_id = await _created(tenant, f"/vacancies/{tenant.vacancy_id}/shortlists", {"name": "Matrix"})
    r = await tenant.admin.post(f"{API_PREFIX}/shortlists/{shortlist_id}/candidates",
                                json={"candidate_ids": [tenant.candidate_id]})
    assert r.status_code == 200, await r.get_json()
    return shortlist_id


async def _ensure_shortlist(tenant: TenantData) -> str:
    if tenant.shortlist_id is None:
        tenant.shortlist_id = await _throwaway_shortlist(tenant)
    return tenant.shortlist_id


def _file_upload(label: str = "") -> dict:
    return multipart([("matrix.txt", f"Matrix file {label} {secrets.token_hex(6)}\n".encode())], field="file")


async def _throwaway_file(tenant: TenantData) -> str:
    r = await tenant.admin.call("POST", f"{API_PREFIX}/files", **_file_upload(tenant.label))
    body = await r.get_json()
    assert r.status_code == 201, body
    tenant.markers.add(body["data"]["id"])
    return body["data"]["id"]


async def _ensure_file(tenant: TenantData) -> str:
    if tenant.file_id is None:
        tenant.file_id = await _throwaway_file(tenant)
    return tenant.file_id


async def _pooled_candidate(tenant: TenantData) -> str:
    candidate_id = await _throwaway_candidate(tenant)
    r = await tenant.admin.post(f"{API_PREFIX}/talent-pool", json={"candidate_id": candidate_id, "department": "X"})
    assert r.status_code == 201, await r.get_json()
    return candidate_id


async def _own_candidate(tenant: TenantData) -> str:
    return tenant.candidate_id


def on_ref(ensure: Callable[[TenantData], Awaitable[str]], prefix: str, method: str, path: str,
           payload: Callable[[Ctx], Any] | None = None, **kw) -> Builder:
    """``method path`` with ``{}`` replaced by the own, foreign or an unknown id."""
    return lazy_ref(ensure, prefix, lambda ctx, ref: Req(
        method, API_PREFIX + path.format(ref), ctx.client(), json=payload(ctx) if payload else None, **kw))


async def build_merge(ctx: Ctx) -> Req:
    ref = ctx.ref("candidate_id", "cand")
    other = await _throwaway_candidate(ctx.target or ctx.home)
    return Req("POST", f"{API_PREFIX}/candidates/{ref}/merge", ctx.client(), json={"other_id": other},
               echo=frozenset({ref, other}),
               check=lambda body, _t: [] if body["data"]["merged_id"] == other else ["not merged"])


async def build_list_pool(ctx: Ctx) -> Req:
    own = await _pooled_candidate(ctx.home)
    return Req("GET", f"{API_PREFIX}/talent-pool?limit=100", ctx.client(),
               check=lambda body, _t: [] if own in {e["candidate"]["id"] for e in body["data"]} else ["not listed"])


async def build_feedback_list(ctx: Ctx) -> Req:
    ref = f"cli_{'0' * 26}" if ctx.target is None else await _ensure_client(ctx.target)
    return Req("GET", f"{API_PREFIX}/clients/{ref}/feedback?limit=100", ctx.client(), echo=frozenset({ref}))


def _import_body(ctx: Ctx) -> dict:
    return {"rows": [{"name": "Imported", "email": fresh_email("import")}], "vacancy_id": ctx.home.vacancy_id}


def _team_of(tenant: TenantData) -> str:
    """A Slack team id of the tenant's own (linking the same team to two tenants is 409)."""
    return "T" + tenant.id.split("_", 1)[1].upper()


async def build_link_slack(ctx: Ctx) -> Req:
    team = _team_of(ctx.home)
    return Req("PUT", f"{API_PREFIX}/integrations/slack", ctx.client(), json={"team_id": team},
               check=lambda body, _t: [] if body["data"]["team_id"] == team else [f"linked {body['data']}"])


async def build_unlink_slack(ctx: Ctx) -> Req:
    return Req("DELETE", f"{API_PREFIX}/integrations/slack", ctx.client(),
               check=lambda body, _t: [] if body["data"]["linked"] is False else [f"still linked {body['data']}"])


# Loopback where nothing listens: the embedded worker's attempts fail without leaving the host.
MATRIX_HOOK_URL = "http://127.0.0.1:9/matrix-hook"


async def _throwaway_webhook(tenant: TenantData) -> str:
    return await _created(tenant, "/webhooks", {"url": MATRIX_HOOK_URL, "events": ["ping"]})


async def _ensure_webhook(tenant: TenantData) -> str:
    if tenant.webhook_id is None:
        tenant.webhook_id = await _throwaway_webhook(tenant)
    return tenant.webhook_id


async def _ensure_delivery(tenant: TenantData) -> str:
    if tenant.delivery_id is None:
        r = await tenant.admin.post(f"{API_PREFIX}/webhooks/{await _ensure_webhook(tenant)}/test")
        body = await r.get_json()
        assert r.status_code == 202, body
        tenant.delivery_id = body["data"]["id"]
        tenant.markers |= {body["data"]["id"], body["data"]["event_id"]}
    return tenant.delivery_id


async def build_list_deliveries(ctx: Ctx) -> Req:
    ref = f"wh_{'0' * 26}" if ctx.target is None else await _ensure_webhook(ctx.target)
    own = await _ensure_delivery(ctx.home)
    return Req("GET", f"{API_PREFIX}/webhooks/{ref}/deliveries?limit=100", ctx.client(), echo=frozenset({ref}),
               check=lambda body, _t: [] if own in _ids(body) else [f"own delivery {own} missing"])


async def build_redeliver(ctx: Ctx) -> Req:
    ref = f"wh_{'0' * 26}" if ctx.target is None else await _ensure_webhook(ctx.target)
    delivery = await _ensure_delivery(ctx.target or ctx.home)
    return Req("POST", f"{API_PREFIX}/webhooks/{ref}/deliveries/{delivery}/redeliver", ctx.client(),
               echo=frozenset({ref, delivery}),
               check=lambda body, _t: [] if body["data"]["status"] == "pending" else ["not queued again"])


async def _with_webhook(ctx: Ctx) -> Req:
    own = await _ensure_webhook(ctx.home)
    return Req("GET", f"{API_PREFIX}/webhooks?limit=100", ctx.client(),
               check=lambda body, _t: [] if own in _ids(body) else [f"own webhook {own} missing"])


EXPECTATIONS: dict[tuple[str, str], Expect] = {
    # -- public ------------------------------------------------------------------------
    ("GET", "/api/v1/health"): public(get_route("/health")),
    ("GET", "/api/v1/openapi.json"): public(get_route(
        "/openapi.json", lambda ctx, body, _t: [] if "openapi" in (body or {}) else ["not an OpenAPI document"])),
    ("POST", "/api/v1/auth/signup"): public(post_route("/auth/signup", lambda ctx: {
        "company_name": "Matrix Signup", "name": "New Admin", "email": fresh_email("signup"),
        "password": PASSWORD}), ok=201),
    ("POST", "/api/v1/auth/login"): public(post_route(
        "/auth/login", lambda ctx: {"email": ctx.home.email(ADMIN), "password": PASSWORD},
        data_field("user.email", lambda ctx: ctx.home.email(ADMIN)))),
    ("POST", "/api/v1/auth/accept-invite"): public(build_accept_invite, ok=201),
    ("POST", "/api/v1/auth/verify-email"): public(build_verify_email),
    ("POST", "/api/v1/auth/forgot-password"): public(post_route(
        "/auth/forgot-password", lambda ctx: {"email": ctx.home.email(RECRUITER)}), ok=202),
    ("POST", "/api/v1/auth/reset-password"): public(build_reset_password),
    ("GET", "/api/v1/careers/vacancies"): public(build_careers_list),
    ("GET", "/api/v1/careers/vacancies/<ref>"): public(build_careers_vacancy),
    ("POST", "/api/v1/careers/apply"): public(build_careers_apply, ok=201),
    # -- any signed-in principal -----------------------------------------------------------
    ("POST", "/api/v1/auth/logout"): auth(EVERYONE, build_logout),
    ("GET", "/api/v1/auth/me"): auth(EVERYONE, get_route(
        "/auth/me", lambda ctx, body, t: data_field("tenant.id", lambda c: c.home.id)(ctx, body, t)
        + data_field("role", lambda c: c.caller.role)(ctx, body, t))),
    # An API key has no password or mailbox: these two answer 400 validation_error for keys.
    ("POST", "/api/v1/auth/resend-verification"): auth(
        EVERYONE, post_route("/auth/resend-verification"), ok=202, user_only=True),
    ("POST", "/api/v1/auth/change-password"): auth(EVERYONE, build_change_password, user_only=True),
    ("GET", "/api/v1/tenant"): auth(EVERYONE, get_route(
        "/tenant", data_field("id", lambda ctx: ctx.home.id)), "tenant.read"),
    # -- admin -------------------------------------------------------------------------------
    ("PATCH", "/api/v1/tenant"): auth(ADMIN_ONLY, lambda ctx: _patch_tenant(ctx), "tenant.update"),
    ("GET", "/api/v1/tenant/export"): auth(ADMIN_ONLY, build_export_tenant, "tenant.export"),
    ("DELETE", "/api/v1/tenant"): auth(ADMIN_ONLY, build_delete_tenant, "tenant.delete", ok=400, user_only=True,
                                       key_status=403),
    ("POST", "/api/v1/auth/invites"): auth(ADMIN_ONLY, post_route("/auth/invites", lambda ctx: {
        "email": fresh_email("invite"), "name": "Invitee", "role": INTERVIEWER}), "team.manage", ok=201),
    ("PATCH", "/api/v1/team/<user_id>"): auth(ADMIN_ONLY, build_change_role, "team.manage"),
    ("POST", "/api/v1/api-keys"): auth(ADMIN_ONLY, post_route(
        "/api-keys", lambda ctx: {"name": "matrix key", "role": INTERVIEWER},
        lambda ctx, body, _t: [] if body["data"]["token"].startswith("hb_live_") else ["no token"]),
        "api_keys.manage", ok=201),
    ("GET", "/api/v1/api-keys"): auth(ADMIN_ONLY, get_route(
        "/api-keys?limit=100", listing(lambda t: t.key_ids[ADMIN])), "api_keys.manage"),
    ("DELETE", "/api/v1/api-keys/<key_id>"): auth(ADMIN_ONLY, build_revoke_key, "api_keys.manage"),
    ("GET", "/api/v1/audit"): auth(ADMIN_ONLY, get_route(
        "/audit?limit=100", lambda ctx, body, _t: [] if (body or {}).get("data") else ["empty audit log"]), "audit.read"),
    ("GET", "/api/v1/audit/export.csv"): auth(ADMIN_ONLY, build_export_csv, "audit.read"),
    ("GET", "/api/v1/audit/verify"): auth(ADMIN_ONLY, get_route(
        "/audit/verify", data_field("ok", lambda ctx: True)), "audit.read"),
    ("GET", "/api/v1/integrations/slack"): auth(ADMIN_ONLY, get_route("/integrations/slack"), "integrations.manage"),
    ("PUT", "/api/v1/integrations/slack"): auth(ADMIN_ONLY, build_link_slack, "integrations.manage"),
    ("DELETE", "/api/v1/integrations/slack"): auth(ADMIN_ONLY, build_unlink_slack, "integrations.manage"),
    ("GET", "/api/v1/usage/spend"): auth(ADMIN_ONLY, get_route(
        "/usage/spend?window=all&group_by=user", data_field("groups", lambda ctx: [])), "spend.read"),
    ("POST", "/api/v1/webhooks"): auth(ADMIN_ONLY, post_route(
        "/webhooks", lambda ctx: {"url": MATRIX_HOOK_URL, "events": ["candidate.created"]},
        lambda ctx, body, _t: [] if body["data"]["secret"].startswith("whsec_") else ["no secret"]),
        "webhooks.manage", ok=201),
    ("GET", "/api/v1/webhooks"): auth(ADMIN_ONLY, lambda ctx: _with_webhook(ctx), "webhooks.manage"),
    ("GET", "/api/v1/webhooks/<webhook_id>"): auth(ADMIN_ONLY, on_ref(
        _ensure_webhook, "wh", "GET", "/webhooks/{}"), "webhooks.manage"),
    ("PATCH", "/api/v1/webhooks/<webhook_id>"): auth(ADMIN_ONLY, on_ref(
        _ensure_webhook, "wh", "PATCH", "/webhooks/{}", lambda ctx: {"events": ["ping", "candidate.created"]}),
        "webhooks.manage"),
    ("DELETE", "/api/v1/webhooks/<webhook_id>"): auth(ADMIN_ONLY, on_ref(
        _throwaway_webhook, "wh", "DELETE", "/webhooks/{}"), "webhooks.manage"),
    ("POST", "/api/v1/webhooks/<webhook_id>/test"): auth(ADMIN_ONLY, on_ref(
        _ensure_webhook, "wh", "POST", "/webhooks/{}/test"), "webhooks.manage", ok=202),
    ("POST", "/api/v1/webhooks/<webhook_id>/rotate-secret"): auth(ADMIN_ONLY, on_ref(
        _throwaway_webhook, "wh", "POST", "/webhooks/{}/rotate-secret"), "webhooks.manage"),
    ("GET", "/api/v1/webhooks/<webhook_id>/deliveries"): auth(ADMIN_ONLY, build_list_deliveries, "webhooks.manage"),
    ("POST", "/api/v1/webhooks/<webhook_id>/deliveries/<delivery_id>/redeliver"): auth(
        ADMIN_ONLY, build_redeliver, "webhooks.manage", ok=202),
    # -- staff (admin, recruiter, hiring manager) ---------------------------------------------
    ("GET", "/api/v1/team"): auth(STAFF, get_route(
        "/team?limit=100", listing(lambda t: t.sessions[ADMIN].user["id"])), "team.read"),
    ("GET", "/api/v1/vacancies"): auth(STAFF, get_route(
        "/vacancies?limit=100", listing(lambda t: t.vacancy_id, managed=True)), "vacancies.read"),
    ("GET", "/api/v1/vacancies/<vacancy_id>"): auth(
        STAFF, get_one("/vacancies/{}", "vacancy_id", "vac"), "vacancies.read", managed=True),
    ("GET", "/api/v1/vacancies/<vacancy_id>/pipeline"): auth(STAFF, lazy_ref(
        _ensure_application_vacancy, "vac", lambda ctx, ref: Req(
            "GET", f"{API_PREFIX}/vacancies/{ref}/pipeline", ctx.client(),
            check=lambda body, _t: [] if body["data"]["total"] >= 1 else ["empty pipeline"])),
        "applications.read", managed=True),
    ("GET", "/api/v1/applications"): auth(STAFF, build_list_applications, "applications.read"),
    ("GET", "/api/v1/applications/<application_id>"): auth(STAFF, lazy_ref(
        _ensure_application, "app", lambda ctx, ref: Req("GET", f"{API_PREFIX}/applications/{ref}", ctx.client())),
        "applications.read", managed=True),
    ("POST", "/api/v1/applications/<application_id>/stage"): auth(STAFF, lazy_ref(
        _fresh_application, "app", lambda ctx, ref: Req(
            "POST", f"{API_PREFIX}/applications/{ref}/stage", ctx.client(), json={"stage": "screening"},
            check=lambda body, _t: [] if body["data"]["stage"] == "screening" else ["stage not moved"])),
        "applications.move", managed=True),
    ("GET", "/api/v1/settings/rejection-reasons"): auth(STAFF, get_route(
        "/settings/rejection-reasons", lambda ctx, body, _t: [] if body["data"]["reasons"] else ["no reasons"]),
        "rejection_reasons.read"),
    ("GET", "/api/v1/candidates"): auth(STAFF, get_route(
        "/candidates?limit=100", listing(lambda t: t.candidate_id)), "candidates.read"),
    ("POST", "/api/v1/source"): auth(STAFF, post_route(
        "/source", lambda ctx: {"brief": "Candidate", "count": 50},
        lambda ctx, body, _t: [] if ctx.home.candidate_id in {c["id"] for c in body["data"]["candidates"]}
        else ["own candidate not sourced"]), "sourcing.run"),
    ("GET", "/api/v1/vacancies/<vacancy_id>/suggestions"): auth(
        STAFF, get_one_suggestions, "sourcing.run", managed=True),
    ("GET", "/api/v1/candidates/<candidate_id>"): auth(
        STAFF, get_one("/candidates/{}", "candidate_id", "cand"), "candidates.read"),
    # -- writers (admin, recruiter) ----------------------------------------------------------
    ("POST", "/api/v1/vacancies"): auth(WRITERS, post_route("/vacancies", lambda ctx: {
        "title": f"Matrix vacancy {secrets.token_hex(3)}", "required_skills": ["Go"]}),
        "vacancies.write", ok=201),
    ("PATCH", "/api/v1/vacancies/<vacancy_id>"): auth(WRITERS, build_patch_vacancy, "vacancies.write"),
    ("DELETE", "/api/v1/vacancies/<vacancy_id>"): auth(WRITERS, build_delete_vacancy, "vacancies.write"),
    ("POST", "/api/v1/vacancies/<vacancy_id>/status"): auth(WRITERS, lazy_ref(
        _draft_vacancy, "vac", lambda ctx, ref: Req(
            "POST", f"{API_PREFIX}/vacancies/{ref}/status", ctx.client(), json={"status": "open"},
            check=lambda body, _t: [] if body["data"]["published_at"] else ["not published"])),
        "vacancies.write"),
    ("POST", "/api/v1/applications"): auth(WRITERS, build_create_application, "applications.write", ok=201),
    ("POST", "/api/v1/applications/<application_id>/withdraw"): auth(WRITERS, lazy_ref(
        _fresh_application, "app", lambda ctx, ref: Req(
            "POST", f"{API_PREFIX}/applications/{ref}/withdraw", ctx.client(), json={"reason": "took another offer"},
            check=lambda body, _t: [] if body["data"]["stage"] == "withdrawn" else ["not withdrawn"])),
        "applications.write"),
    ("POST", "/api/v1/vacancies/<vacancy_id>/extract-skills"): auth(
        WRITERS, build_extract_vacancy_skills, "vacancies.write"),
    ("POST", "/api/v1/candidates"): auth(WRITERS, post_route("/candidates", lambda ctx: {
        "name": "Matrix Candidate", "email": fresh_email("candidate")}), "candidates.write", ok=201),
    ("POST", "/api/v1/parse"): auth(WRITERS, build_parse, "parsing.run"),
    ("GET", "/api/v1/parse-jobs/<job_id>"): auth(WRITERS, get_job_route(""), "parsing.run"),
    ("GET", "/api/v1/parse-jobs/<job_id>/results"): auth(WRITERS, get_job_route("/results"), "parsing.run"),
    ("POST", "/api/v1/skills/extract"): auth(STAFF, post_route("/skills/extract", lambda ctx: {
        "title": "Senior Go Developer", "description": "Requirements: Kubernetes. Nice to have: Rust."},
        lambda ctx, body, _t: [] if body["data"]["required"] == ["Go", "Kubernetes"] else ["unexpected skills"]),
        "skills.extract"),
    ("POST", "/api/v1/applications/<application_id>/evaluate"): auth(WRITERS, lazy_ref(
        _ensure_application, "app", lambda ctx, ref: Req(
            "POST", f"{API_PREFIX}/applications/{ref}/evaluate", ctx.client(), json={"blind": True})),
        "screening.run", ok=201),
    ("GET", "/api/v1/evaluations"): auth(STAFF, build_list_evaluations, "evaluations.read"),
    ("GET", "/api/v1/evaluations/<evaluation_id>"): auth(STAFF, lazy_ref(
        _ensure_evaluation, "eval", lambda ctx, ref: Req("GET", f"{API_PREFIX}/evaluations/{ref}", ctx.client())),
        "evaluations.read", managed=True),
    ("POST", "/api/v1/vacancies/<vacancy_id>/rescore"): auth(WRITERS, lazy_ref(
        lambda t: _vacancy(t), "vac", lambda ctx, ref: Req(
            "POST", f"{API_PREFIX}/vacancies/{ref}/rescore", ctx.client(), json={"required_skills": ["Python"]})),
        "screening.run"),
    ("GET", "/api/v1/jobs/<job_id>"): auth(STAFF, lazy_ref(
        _ensure_job, "job", lambda ctx, ref: Req("GET", f"{API_PREFIX}/jobs/{ref}", ctx.client())), "jobs.read"),
    ("POST", "/api/v1/screening-batches"): auth(WRITERS, post_route(
        "/screening-batches", lambda ctx: {"vacancy_id": ctx.home.vacancy_id}), "screening_batches.run", ok=201),
    ("GET", "/api/v1/screening-batches"): auth(WRITERS, build_list_batches, "screening_batches.run"),
    ("GET", "/api/v1/screening-batches/<batch_id>"): auth(WRITERS, batch_route("GET", ""), "screening_batches.run"),
    ("POST", "/api/v1/screening-batches/<batch_id>/files"): auth(WRITERS, batch_route(
        "POST", "/files", _draft_batch, extra=_cv_upload(1)), "screening_batches.run", ok=201),
    ("POST", "/api/v1/screening-batches/<batch_id>/start"): auth(WRITERS, batch_route(
        "POST", "/start", _draft_batch), "screening_batches.run", ok=202),
    ("POST", "/api/v1/screening-batches/<batch_id>/cancel"): auth(WRITERS, batch_route(
        "POST", "/cancel", _draft_batch), "screening_batches.run"),
    ("GET", "/api/v1/screening-batches/<batch_id>/results"): auth(WRITERS, batch_route(
        "GET", "/results"), "screening_batches.run"),
    ("GET", "/api/v1/screening-batches/<batch_id>/items/<item_id>"): auth(WRITERS, batch_route(
        "GET", "/items/item_0000"), "screening_batches.run"),
    ("GET", "/api/v1/screening-batches/<batch_id>/items/<item_id>/report.pdf"): auth(WRITERS, batch_route(
        "GET", "/items/item_0000/report.pdf",
        check=lambda _body, text: [] if text.startswith("%PDF-") else [f"not a PDF: {text[:40]!r}"]),
        "screening_batches.run"),
    ("POST", "/api/v1/ai/outreach"): auth(STAFF, post_route("/ai/outreach", lambda ctx: {
        "candidate_id": ctx.home.candidate_id, "vacancy_id": ctx.home.vacancy_id}), "drafting.run", managed=True),
    ("POST", "/api/v1/ai/outreach/send"): auth(WRITERS, post_route("/ai/outreach/send", lambda ctx: {
        "candidate_id": ctx.home.candidate_id, "vacancy_id": ctx.home.vacancy_id}), "outreach.send"),
    ("POST", "/api/v1/ai/interview-questions"): auth(STAFF, post_route("/ai/interview-questions", lambda ctx: {
        "vacancy_id": ctx.home.vacancy_id, "candidate_id": ctx.home.candidate_id}), "drafting.run", managed=True),
    ("POST", "/api/v1/ai/job-description"): auth(STAFF, post_route("/ai/job-description", lambda ctx: {
        "title": "Matrix Engineer", "required_skills": ["Python"]}), "drafting.run"),
    ("POST", "/api/v1/library"): auth(STAFF, post_route("/library", lambda ctx: {
        "kind": "note", "title": "Matrix note", "text": "hello"}), "library.write", ok=201),
    ("GET", "/api/v1/library"): auth(STAFF, build_list_library, "library.read"),
    ("GET", "/api/v1/library/<item_id>"): auth(STAFF, lazy_ref(
        _ensure_library_item, "lib", lambda ctx, ref: Req("GET", f"{API_PREFIX}/library/{ref}", ctx.client())),
        "library.read"),
    ("DELETE", "/api/v1/library/<item_id>"): auth(STAFF, build_delete_library, "library.write"),
    ("POST", "/api/v1/interviews"): auth(STAFF, build_schedule_interview, "interviews.schedule", ok=201, managed=True),
    ("GET", "/api/v1/interviews"): auth(EVERYONE, build_list_interviews, "interviews.read"),
    ("GET", "/api/v1/interviews/<interview_id>"): auth(
        EVERYONE, interview_route("GET", ""), "interviews.read", assigned_only=True, managed=True),
    ("PATCH", "/api/v1/interviews/<interview_id>"): auth(STAFF, interview_route(
        "PATCH", "", json={"location_or_url": "https://meet.example.com/matrix", "notify": False}),
        "interviews.schedule", managed=True),
    ("POST", "/api/v1/interviews/<interview_id>/complete"): auth(
        STAFF, interview_route("POST", "/complete", ensure=_new_interview), "interviews.schedule", managed=True),
    ("POST", "/api/v1/interviews/<interview_id>/cancel"): auth(
        STAFF, interview_route("POST", "/cancel", ensure=_new_interview), "interviews.schedule", managed=True),
    ("POST", "/api/v1/interviews/<interview_id>/no-show"): auth(
        STAFF, interview_route("POST", "/no-show", ensure=_new_interview), "interviews.schedule", managed=True),
    ("GET", "/api/v1/interviews/<interview_id>/invite.ics"): auth(EVERYONE, interview_route(
        "GET", "/invite.ics", check=lambda _b, text: [] if "BEGIN:VCALENDAR" in text else ["not an iCalendar file"]),
        "interviews.read", assigned_only=True, managed=True),
    ("POST", "/api/v1/interviews/<interview_id>/scorecards"): auth(EVERYONE, interview_route(
        "POST", "/scorecards", ensure=_new_interview, json={"score": 70, "recommendation": "hire"}),
        "scorecards.submit", ok=201, user_only=True, assigned_only=True, managed=True),
    ("GET", "/api/v1/interviews/<interview_id>/scorecards"): auth(
        EVERYONE, interview_route("GET", "/scorecards"), "interviews.read", assigned_only=True, managed=True),
    ("GET", "/api/v1/applications/<application_id>/scorecards"): auth(STAFF, lazy_ref(
        _ensure_application, "app", lambda ctx, ref: Req("GET", f"{API_PREFIX}/applications/{ref}/scorecards",
                                                         ctx.client())), "scorecards.read_all", managed=True),
    ("PUT", "/api/v1/interviews/<interview_id>/transcript"): auth(STAFF, interview_route(
        "PUT", "/transcript", json={"text": "We talked about Python and Go."}), "interviews.schedule", managed=True),
    ("POST", "/api/v1/interviews/<interview_id>/transcript/summary"): auth(
        EVERYONE, interview_route("POST", "/transcript/summary", ensure=_interview_with_transcript),
        "interviews.read", assigned_only=True, managed=True),
    ("PUT", "/api/v1/settings/rejection-reasons"): auth(ADMIN_ONLY, put_route(
        "/settings/rejection-reasons", {"reasons": ["Skills mismatch", "Other"]}), "rejection_reasons.manage"),
    ("GET", "/api/v1/analytics/overview"): auth(STAFF, get_route(
        "/analytics/overview", lambda ctx, body, _t: [] if body["data"]["open_vacancies"] == 1 else ["not 1 open"]),
        "analytics.read"),
    ("GET", "/api/v1/analytics/vacancies/<vacancy_id>"): auth(
        STAFF, build_vacancy_analytics, "analytics.read", managed=True),
    ("GET", "/api/v1/vacancies/<vacancy_id>/applications/export.csv"): auth(
        STAFF, build_export_applications, "applications.export", managed=True),
    ("POST", "/api/v1/offers"): auth(WRITERS, build_create_offer, "offers.write", ok=201),
    ("GET", "/api/v1/offers"): auth(STAFF, build_list_offers, "offers.read"),
    ("GET", "/api/v1/offers/<offer_id>"): auth(STAFF, offer_route("", None, "GET"), "offers.read", managed=True),
    ("PATCH", "/api/v1/offers/<offer_id>"): auth(WRITERS, offer_route("", "draft", "PATCH", json={"bonus": "10"}),
                                                 "offers.write"),
    ("POST", "/api/v1/offers/<offer_id>/submit"): auth(WRITERS, offer_route("/submit", "draft"), "offers.write"),
    ("POST", "/api/v1/offers/<offer_id>/approve"): auth(ADMIN_AND_MANAGER, offer_route(
        "/approve", "pending_approval", json={"comment": "ok"}), "offers.approve", user_only=True, key_status=403,
        managed=True),
    ("POST", "/api/v1/offers/<offer_id>/reject"): auth(ADMIN_AND_MANAGER, offer_route(
        "/reject", "pending_approval", json={"comment": "no"}), "offers.approve", user_only=True, key_status=403,
        managed=True),
    ("POST", "/api/v1/offers/<offer_id>/send"): auth(WRITERS, offer_route("/send", "approved"), "offers.write"),
    ("POST", "/api/v1/offers/<offer_id>/accept"): auth(WRITERS, offer_route("/accept", "sent"), "offers.write"),
    ("POST", "/api/v1/offers/<offer_id>/decline"): auth(WRITERS, offer_route("/decline", "sent"), "offers.write"),
    ("POST", "/api/v1/offers/<offer_id>/withdraw"): auth(WRITERS, offer_route("/withdraw", "draft"), "offers.write"),
    ("GET", "/api/v1/approvals"): auth(STAFF, get_route("/approvals"), "offers.read"),
    ("POST", "/api/v1/chat"): auth(EVERYONE, post_route("/chat", lambda ctx: {"message": "help", "stream": False})),
    ("GET", "/api/v1/conversations"): auth(EVERYONE, get_route("/conversations")),
    ("GET", "/api/v1/conversations/<conversation_id>"): auth(EVERYONE, conversation_route()),
    ("POST", "/api/v1/conversations/<conversation_id>/approvals/<call_id>"): auth(EVERYONE, approval_route()),
    ("POST", "/api/v1/offers/<offer_id>/letter"): auth(WRITERS, offer_route("/letter", "draft", json={}),
                                                       "offers.write"),
    ("POST", "/api/v1/ai/salary-benchmark"): auth(STAFF, post_route("/ai/salary-benchmark", lambda ctx: {
        "role": "Engineer"}), "drafting.run"),
    ("GET", "/api/v1/account/usage"): auth(STAFF, get_route(
        "/account/usage", lambda ctx, body, _t: [] if "parses" in (body or {}).get("data", {}) else ["no usage"]),
        "usage.read"),
    # -- people: candidates, clients, shortlists, talent pool, files ------------------------
    ("POST", "/api/v1/candidates/import"): auth(WRITERS, post_route(
        "/candidates/import", _import_body, data_field("created", lambda ctx: 1)), "candidates.write"),
    ("PATCH", "/api/v1/candidates/<candidate_id>"): auth(WRITERS, on_ref(
        _own_candidate, "cand", "PATCH", "/candidates/{}", lambda ctx: {"headline": "Matrix headline"}),
        "candidates.write"),
    ("DELETE", "/api/v1/candidates/<candidate_id>"): auth(WRITERS, on_ref(
        _throwaway_candidate, "cand", "DELETE", "/candidates/{}"), "candidates.write"),
    ("POST", "/api/v1/candidates/<candidate_id>/tags"): auth(WRITERS, on_ref(
        _own_candidate, "cand", "POST", "/candidates/{}/tags", lambda ctx: {"add": ["matrix"]}), "candidates.write"),
    ("POST", "/api/v1/candidates/<candidate_id>/merge"): auth(WRITERS, build_merge, "candidates.write"),
    ("POST", "/api/v1/candidates/<candidate_id>/files"): auth(WRITERS, on_ref(
        _own_candidate, "cand", "POST", "/candidates/{}/files", extra=_file_upload()), "candidates.write", ok=201),
    ("GET", "/api/v1/candidates/<candidate_id>/files"): auth(STAFF, on_ref(
        _own_candidate, "cand", "GET", "/candidates/{}/files"), "candidates.read"),
    ("POST", "/api/v1/clients"): auth(WRITERS, post_route("/clients", lambda ctx: {"name": "Matrix client"}),
                                      "clients.write", ok=201),
    ("GET", "/api/v1/clients"): auth(STAFF, lambda ctx: _with_client(ctx), "clients.read"),
    ("GET", "/api/v1/clients/<client_id>"): auth(STAFF, on_ref(_ensure_client, "cli", "GET", "/clients/{}"),
                                                 "clients.read"),
    ("PATCH", "/api/v1/clients/<client_id>"): auth(WRITERS, on_ref(
        _ensure_client, "cli", "PATCH", "/clients/{}", lambda ctx: {"notes": "matrix"}), "clients.write"),
    ("DELETE", "/api/v1/clients/<client_id>"): auth(WRITERS, on_ref(
        _throwaway_client, "cli", "DELETE", "/clients/{}"), "clients.write"),
    ("POST", "/api/v1/clients/<client_id>/feedback"): auth(WRITERS, on_ref(
        _ensure_client, "cli", "POST", "/clients/{}/feedback",
        lambda ctx: {"candidate_id": ctx.home.candidate_id, "decision": "interested", "rating": 5}),
        "clients.write", ok=201),
    ("GET", "/api/v1/clients/<client_id>/feedback"): auth(STAFF, build_feedback_list, "clients.read"),
    ("POST", "/api/v1/vacancies/<vacancy_id>/shortlists"): auth(WRITERS, on_ref(
        _vacancy, "vac", "POST", "/vacancies/{}/shortlists", lambda ctx: {"name": "Matrix list"}),
        "candidates.write", ok=201),
    ("GET", "/api/v1/vacancies/<vacancy_id>/shortlists"): auth(STAFF, on_ref(
        _vacancy, "vac", "GET", "/vacancies/{}/shortlists"), "candidates.read", managed=True),
    ("GET", "/api/v1/shortlists/<shortlist_id>"): auth(STAFF, on_ref(
        _ensure_shortlist, "sl", "GET", "/shortlists/{}"), "candidates.read"),
    ("DELETE", "/api/v1/shortlists/<shortlist_id>"): auth(WRITERS, on_ref(
        _throwaway_shortlist, "sl", "DELETE", "/shortlists/{}"), "candidates.write"),
    ("POST", "/api/v1/shortlists/<shortlist_id>/candidates"): auth(WRITERS, on_ref(
        _ensure_shortlist, "sl", "POST", "/shortlists/{}/candidates",
        lambda ctx: {"candidate_ids": [(ctx.target or ctx.home).candidate_id]}), "candidates.write"),
    ("DELETE", "/api/v1/shortlists/<shortlist_id>/candidates/<candidate_id>"): auth(WRITERS, lazy_ref(
        _throwaway_shortlist, "sl", lambda ctx, ref: Req(
            "DELETE", f"{API_PREFIX}/shortlists/{ref}/candidates/{(ctx.target or ctx.home).candidate_id}",
            ctx.client())), "candidates.write"),
    ("POST", "/api/v1/talent-pool"): auth(WRITERS, post_route("/talent-pool", lambda ctx: {
        "candidate_id": ctx.home.candidate_id, "department": f"Dept {secrets.token_hex(4)}"}),
        "candidates.write", ok=201),
    ("GET", "/api/v1/talent-pool"): auth(STAFF, build_list_pool, "candidates.read"),
    ("DELETE", "/api/v1/talent-pool/<candidate_id>"): auth(WRITERS, on_ref(
        _pooled_candidate, "cand", "DELETE", "/talent-pool/{}"), "candidates.write"),
    ("POST", "/api/v1/files"): auth(WRITERS, lambda ctx: _upload_file(ctx), "candidates.write", ok=201),
    ("GET", "/api/v1/files/<file_id>"): auth(STAFF, on_ref(
        _ensure_file, "file", "GET", "/files/{}",
        check=lambda _body, text: [] if text.startswith("Matrix file") else [f"not the file: {text[:40]!r}"]),
        "candidates.read"),
    ("DELETE", "/api/v1/files/<file_id>"): auth(WRITERS, on_ref(
        _throwaway_file, "file", "DELETE", "/files/{}"), "candidates.write"),
}


async def _with_client(ctx: Ctx) -> Req:
    own = await _ensure_client(ctx.home)
    return Req("GET", f"{API_PREFIX}/clients?limit=100", ctx.client(),
               check=lambda body, _t: [] if own in _ids(body) else [f"own client {own} missing"])


async def _upload_file(ctx: Ctx) -> Req:
    return Req("POST", f"{API_PREFIX}/files", ctx.client(), extra=_file_upload())


async def _patch_tenant(ctx: Ctx) -> Req:
    return Req("PATCH", f"{API_PREFIX}/tenant", ctx.client(), json={"monthly_budget_usd": 75},
               check=lambda body, t: data_field("id", lambda c: c.home.id)(ctx, body, t))


# --------------------------------------------------------------------------- the matrix


def expected_status(exp: Expect, caller: Caller, scope: str) -> int:
    if exp.public:
        return 404 if scope == "missing" else exp.ok
    if caller.kind == "anonymous":
        return 401
    if caller.role not in exp.roles:
        return 403  # decided before any lookup: same answer for own, foreign and unknown ids
    if exp.user_only and caller.kind == "api_key":
        return exp.key_status
    if exp.assigned_only and caller.role == INTERVIEWER and caller.kind == "api_key":
        return 404
    if exp.managed and manages_nothing(caller):
        return 404
    if scope != "own":
        return 404
    return exp.ok


def scopes(rule: str, caller: Caller) -> tuple[str, ...]:
    if "<" not in rule:
        return ("own",)
    if caller.kind == "anonymous":
        return ("own", "foreign")
    return ("own", "foreign", "missing")


async def run_case(world: World, route: tuple[str, str], exp: Expect, caller: Caller, scope: str) -> list[str]:
    method, rule = route
    ctx = Ctx(world, caller, scope)
    req = await exp.build(ctx)
    assert req.method == method, f"builder for {method} {rule} sends {req.method}"
    response = await req.client.call(req.method, req.path, json=req.json, **req.extra)
    status = response.status_code
    text = (await response.get_data()).decode(errors="replace")  # binary bodies (PDF) too
    body = await _json(response)
    where = f"{method} {rule} as {caller.label}, {scope} ids ({req.method} {req.path})"
    want = expected_status(exp, caller, scope)
    problems = []
    if status != want:
        problems.append(f"{where}: expected {want}, got {status}: {text[:300]}")
    # Nothing of the other tenant may appear, except ids the caller itself sent.
    forbidden = (ctx.other.markers | req.hidden) - req.echo
    leaked = sorted(m for m in forbidden if m and m in text)
    if leaked:
        problems.append(f"{where}: response leaks tenant {ctx.other.label} data {leaked}: {text[:300]}")
    if status >= 400:
        code = (body or {}).get("error", {}).get("code") if isinstance(body, dict) else None
        if status in ERROR_CODES and code != ERROR_CODES[status]:
            problems.append(f"{where}: status {status} with error code {code!r}, expected {ERROR_CODES[status]!r}")
        if isinstance(body, dict) and "data" in body:
            problems.append(f"{where}: error response carries data: {text[:300]}")
    elif status == want and req.check is not None:
        problems += [f"{where}: {p}" for p in req.check(body, text)]
    if req.after is not None:
        problems += [f"{where}: {p}" for p in await req.after(status)]
    return problems


ROUTES = _routes_at_collection()
ALL_ROUTES = sorted(set(ROUTES) | set(EXPECTATIONS), key=lambda mr: (mr[1], mr[0]))


def test_routes_were_enumerated():
    assert len(ROUTES) >= 20, ROUTES


async def test_every_api_route_has_declared_policy(app):
    registered = set(api_routes(app))
    undeclared = sorted(registered - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - registered)
    assert not undeclared, (
        f"routes without an entry in EXPECTATIONS (declare public/roles/builder): {undeclared}")
    assert not stale, f"EXPECTATIONS entries for routes that no longer exist: {stale}"


def test_expectations_match_policy_table():
    """The roles stated per route agree with tools.policy.POLICY for the action it enforces;
    routes with no policy action are public or open to every signed-in principal."""
    problems = []
    for (method, rule), exp in EXPECTATIONS.items():
        if exp.public:
            if exp.roles or exp.action:
                problems.append(f"{method} {rule}: public but declares roles/action")
            continue
        if exp.action is None:
            if exp.roles != EVERYONE:
                problems.append(f"{method} {rule}: restricted to {sorted(exp.roles)} without a policy action")
        elif exp.action not in POLICY:
            problems.append(f"{method} {rule}: unknown policy action {exp.action!r}")
        elif POLICY[exp.action] != exp.roles:
            problems.append(f"{method} {rule}: table says {sorted(exp.roles)}, POLICY[{exp.action!r}] "
                            f"says {sorted(POLICY[exp.action])}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("route", ALL_ROUTES, ids=[f"{m} {r}" for m, r in ALL_ROUTES])
async def test_route_matrix(api, app, route):
    method, rule = route
    exp = EXPECTATIONS.get(route)
    assert exp is not None, (
        f"{method} {rule} has no entry in EXPECTATIONS: declare whether it is public, which roles "
        "may call it (SPEC §4, tools/policy.py) and how to build a valid request")
    assert route in set(api_routes(app)), f"EXPECTATIONS has {method} {rule}, which is not registered"
    # Login-style endpoints share one per-IP moving window (all test clients are the same
    # "IP"); this matrix is not about that limit, so give its many sign-ups and logins their
    # own bucket instead of eating into the one the rest of the suite shares.
    limiter = app.extensions["hirebot.ratelimiter"]
    limiter.auth_item = limiter.apply_item = parse("100000/minute")
    limiter.public_per_minute = 100000
    world = await build_world(api)
    problems: list[str] = []
    cases = 0
    for caller in callers(world):
        for scope in scopes(rule, caller):
            problems += await run_case(world, route, exp, caller, scope)
            cases += 1
    assert cases >= 11
    assert not problems, f"{len(problems)} problem(s) in {method} {rule}:\n" + "\n".join(problems)
