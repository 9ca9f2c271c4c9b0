"""Tenant scoping: tenant-owned models refuse unscoped queries, ``scoped()`` returns one
tenant's rows only, and a static scan keeps the code above storage honest: no direct
``<TenantModel>.filter/get/...`` calls, and ``unscoped(`` only in reviewed modules."""

from __future__ import annotations

import ast
import asyncio
import inspect
from pathlib import Path

import pytest
from pydantic_ai.usage import RunUsage
from tortoise import Tortoise
from tortoise.exceptions import DoesNotExist

import storage.models as models
from storage.models import (
    ApiKey,
    Application,
    AuditEvent,
    Candidate,
    Client,
    ClientFeedback,
    Conversation,
    Evaluation,
    Interview,
    Job,
    JobItem,
    LibraryItem,
    Offer,
    OneTimeToken,
    OutboxEvent,
    Scorecard,
    Shortlist,
    ShortlistEntry,
    SlackWorkspace,
    StoredFile,
    TalentPoolEntry,
    UsageCounter,
    UsageRecord,
    User,
    Vacancy,
    WebhookDelivery,
    WebhookEndpoint,
    WebSession,
)
from storage.scoping import TenantGuardManager, UnscopedQuery, scoped, unscoped
from tests.helpers import multipart
from tools.actor import Actor
from tools.ai_usage import record_model_usage

ROOT = Path(__file__).resolve().parents[1]

TENANT_OWNED = {
    name: obj for name, obj in vars(models).items()
    if isinstance(obj, type) and issubclass(obj, models.TenantOwned) and obj is not models.TenantOwned
}
# Models without a tenant: each one is global by design and was reviewed as such.
GLOBAL_MODELS = {"Tenant", "IdempotencyRecord"}

# Modules allowed to call unscoped(): lookups that *identify* the tenant (login by email,
# API-key / session / one-time-token lookup, global email uniqueness, demo seeding).
# Adding a module here is a security review decision.
UNSCOPED_ALLOWED = frozenset({
    "tools/accounts.py", "tools/api_keys.py", "tools/sessions.py", "tools/one_time_tokens.py",
    "tools/team.py", "tools/demo.py",
    "tools/careers.py",   # the public careers site: open vacancies of every tenant, sanitised
    "tools/retention.py",  # the system's retention sweep: finds due candidates, erases each in its tenant
    "tools/slack_link.py",  # a Slack event names only its workspace: team id -> the one tenant that linked it
    "tools/webhook_delivery.py",  # the worker's fan-out and delivery claims: due rows of every tenant
})
# Code above the storage layer: scanned for direct queries and unscoped() use.
SCANNED_PACKAGES = ("tools", "api", "agent", "integrations")

# Model classmethods / queryset entry points that would query a tenant-owned table.
QUERY_METHODS = frozenset({
    "filter", "get", "get_or_none", "all", "exclude", "first", "last", "exists", "count",
    "latest", "earliest", "annotate", "select_for_update", "raw", "get_or_create",
    "update_or_create", "in_bulk", "bulk_update", "bulk_create", "fetch_for_list", "values",
    "values_list", "update", "delete", "order_by", "only", "distinct", "limit", "offset",
    "select_related", "prefetch_related", "_db_queryset",
})


# --------------------------------------------------------------------------- runtime guard


async def _attempt(call) -> None:
    result = call()
    if inspect.isawaitable(result):
        await result


UNSCOPED_CALLS = {
    "filter": lambda m: m.filter(id="x"),
    "get": lambda m: m.get(id="x"),
    "get_or_none": lambda m: m.get_or_none(id="x"),
    "all": lambda m: m.all(),
    "exclude": lambda m: m.exclude(id="x"),
    "first": lambda m: m.first(),
    "last": lambda m: m.last(),
    "exists": lambda m: m.exists(id="x"),
    "annotate": lambda m: m.annotate(),
    "select_for_update": lambda m: m.select_for_update(),
    "raw": lambda m: m.raw("SELECT 1"),
    "get_or_create": lambda m: m.get_or_create(id="x"),
    "in_bulk": lambda m: m.in_bulk(["x"]),
}


@pytest.mark.parametrize("call", sorted(UNSCOPED_CALLS))
@pytest.mark.parametrize("model_name", sorted(TENANT_OWNED))
async def test_unscoped_query_raises(app, model_name, call):
    model = TENANT_OWNED[model_name]
    with pytest.raises(UnscopedQuery, match=model_name):
        await _attempt(lambda: UNSCOPED_CALLS[call](model))


async def test_candidate_examples_raise(app):
    with pytest.raises(UnscopedQuery):
        Candidate.filter(email="someone@example.com")
    with pytest.raises(UnscopedQuery):
        await Candidate.get(id="cand_x")
    with pytest.raises(UnscopedQuery):
        await Candidate.all()


async def test_scoped_needs_a_tenant(app):
    for empty in ("", None):
        with pytest.raises(UnscopedQuery):
            scoped(Candidate, empty)


async def test_every_tenant_table_is_guarded(app):
    """Every model with a tenant foreign key uses TenantGuardManager (Tortoise does not
    inherit ``Meta.manager``, so each model must declare it), and every model without
    one is on the reviewed list of global models."""
    problems = []
    for name, model in Tortoise.apps["models"].items():
        has_tenant = "tenant" in model._meta.fk_fields
        guarded = isinstance(model._meta.manager, TenantGuardManager)
        if has_tenant and not guarded:
            problems.append(f"{name} has a tenant but its manager is {type(model._meta.manager).__name__}")
        if has_tenant and name not in TENANT_OWNED:
            problems.append(f"{name} has a tenant but does not derive from TenantOwned")
        if not has_tenant and name not in GLOBAL_MODELS:
            problems.append(f"{name} has no tenant and is not a reviewed global model {sorted(GLOBAL_MODELS)}")
        if name in TENANT_OWNED and not has_tenant:
            problems.append(f"{name} derives from TenantOwned but has no tenant field")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- scoped()


async def _tenant_with_rows(api, label: str) -> dict:
    admin = await api.signup(company=f"Scope {label}")  # tenant, user, session, token, audit
    r = await admin.post("/api/v1/api-keys", json={"name": f"key {label}", "role": "recruiter"})
    assert r.status_code == 201, await r.get_json()
    r = await admin.post("/api/v1/vacancies", json={"title": f"Vacancy {label}"})  # + outbox event
    assert r.status_code == 201, await r.get_json()
    vacancy_id = (await r.get_json())["data"]["id"]
    email = f"shared-{label.lower()}@example.com"
    ids = []
    for n in range(2):
        r = await admin.post("/api/v1/candidates", json={"name": f"Cand {label} {n}", "email": f"{n}-{email}"})
        assert r.status_code == 201, await r.get_json()
        ids.append((await r.get_json())["data"]["id"])
    # Parsing a batch with candidates for the vacancy fills the file, usage, job and
    # application tables of this tenant too.
    cvs = [(f"cv{n}.txt", f"Parsed {label} Person{n}\nparsed-{label.lower()}-{n}@example.com\n".encode())
           for n in range(6)]
    r = await admin.call("POST", "/api/v1/parse", **multipart(cvs, {"create_candidates": True,
                                                                     "vacancy_id": vacancy_id}))
    assert r.status_code == 202, await r.get_json()
    job_id = (await r.get_json())["data"]["job_id"]
    for _ in range(200):
        job = (await (await admin.get(f"/api/v1/parse-jobs/{job_id}")).get_json())["data"]
        if job["status"] == "completed":
            break
        await asyncio.sleep(0.05)
    assert job["status"] == "completed", job
    application = await scoped(Application, admin.tenant["id"]).filter(vacancy_id=vacancy_id).first()
    r = await admin.post(f"/api/v1/applications/{application.id}/evaluate", json={})   # an evaluation
    assert r.status_code == 201, await r.get_json()
    r = await admin.post("/api/v1/library", json={"kind": "note", "title": f"Note {label}"})   # a library item
    assert r.status_code == 201, await r.get_json()
    r = await admin.post("/api/v1/interviews", json={                                   # an interview
        "application_id": application.id, "kind": "phone", "scheduled_at": "2030-01-01T09:00:00Z",
        "duration_min": 30, "interviewer_ids": [admin.user["id"]], "notify": False})
    assert r.status_code == 201, await r.get_json()
    r = await admin.post(f"/api/v1/interviews/{(await r.get_json())['data']['id']}/scorecards",
                         json={"score": 60, "recommendation": "hire"})                    # and its scorecard
    assert r.status_code == 201, await r.get_json()
    cand = ids[0]
    r = await admin.post("/api/v1/clients", json={"name": f"Client {label}"})
    assert r.status_code == 201, await r.get_json()
    client_id = (await r.get_json())["data"]["id"]
    r = await admin.post(f"/api/v1/clients/{client_id}/feedback", json={"candidate_id": cand, "decision": "hold"})
    assert r.status_code == 201, await r.get_json()
    r = await admin.post(f"/api/v1/vacancies/{vacancy_id}/shortlists", json={"name": "Top"})
    assert r.status_code == 201, await r.get_json()
    r = await admin.post(f"/api/v1/shortlists/{(await r.get_json())['data']['id']}/candidates",
                         json={"candidate_ids": [cand]})
    assert r.status_code == 200, await r.get_json()
    r = await admin.post("/api/v1/talent-pool", json={"candidate_id": cand, "department": "Engineering"})
    assert r.status_code == 201, await r.get_json()
    r = await admin.post(f"/api/v1/applications/{application.id}/stage", json={"stage": "screening"})
    assert r.status_code == 200, await r.get_json()
    r = await admin.post("/api/v1/offers", json={"application_id": application.id, "base_salary": "1", "currency": "EUR"})
    assert r.status_code == 201, await r.get_json()                                     # an offer
    await record_model_usage(Actor(admin.tenant["id"], "admin", user_id=admin.user["id"]), "outreach",
                             "anthropic:claude-sonnet-4-6", RunUsage(requests=1, input_tokens=10, output_tokens=5))
    r = await admin.post("/api/v1/chat", json={"message": "help", "stream": False})   # a conversation
    assert r.status_code == 200, await r.get_json()
    r = await admin.put("/api/v1/integrations/slack", json={"team_id": f"T{label}{admin.tenant['id'][-8:].upper()}"})
    assert r.status_code == 200, await r.get_json()                                      # a Slack workspace link
    r = await admin.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/scope", "events": ["ping"]})
    assert r.status_code == 201, await r.get_json()                                     # a webhook endpoint
    r = await admin.post(f"/api/v1/webhooks/{(await r.get_json())['data']['id']}/test")
    assert r.status_code == 202, await r.get_json()                                     # and a delivery
    return {"id": admin.tenant["id"], "candidates": ids, "vacancy": vacancy_id, "email": f"0-{email}"}


async def test_scoped_returns_only_that_tenants_rows(api):
    a = await _tenant_with_rows(api, "A")
    b = await _tenant_with_rows(api, "B")

    manual_a = scoped(Candidate, a["id"]).filter(source="manual")
    assert set(await manual_a.values_list("id", flat=True)) == set(a["candidates"])
    assert set(await scoped(Candidate, b["id"]).filter(source="manual").values_list("id", flat=True)) == set(
        b["candidates"])
    assert await scoped(Candidate, a["id"]).count() == 2 + 6
    # Another tenant's id or email behaves as if it did not exist.
    other = b["candidates"][0]
    assert await scoped(Candidate, a["id"]).get_or_none(id=other) is None
    assert not await scoped(Candidate, a["id"]).filter(id=other).exists()
    assert not await scoped(Candidate, a["id"]).filter(email=b["email"]).exists()
    with pytest.raises(DoesNotExist):
        await scoped(Candidate, a["id"]).get(id=other)
    assert await scoped(Vacancy, a["id"]).get_or_none(id=b["vacancy"]) is None
    assert (await scoped(Vacancy, a["id"]).get(id=a["vacancy"])).tenant_id == a["id"]
    # Chained filters stay inside the tenant.
    assert await scoped(Candidate, a["id"]).filter(id__in=[other, a["candidates"][0]]).count() == 1
    # unscoped() is the reviewed escape hatch: it sees both tenants.
    assert {a["candidates"][0], other} <= set(await unscoped(Candidate).values_list("id", flat=True))


async def test_scoped_partitions_every_tenant_table(api):
    a = await _tenant_with_rows(api, "A")
    b = await _tenant_with_rows(api, "B")
    for model in TENANT_OWNED.values():
        rows_a = await scoped(model, a["id"]).all()
        rows_b = await scoped(model, b["id"]).all()
        name = model.__name__
        assert rows_a and rows_b, f"{name}: the fixture should create rows in both tenants"
        assert all(r.tenant_id == a["id"] for r in rows_a), f"{name}: scoped(A) returned B rows"
        assert all(r.tenant_id == b["id"] for r in rows_b), f"{name}: scoped(B) returned A rows"
        everything = {r.pk for r in await unscoped(model).all()}
        assert {r.pk for r in rows_a} | {r.pk for r in rows_b} == everything, name
    assert set(TENANT_OWNED.values()) == {
        User, WebSession, ApiKey, OneTimeToken, AuditEvent, OutboxEvent, Vacancy, Candidate,
        Application, StoredFile, UsageCounter, Job, JobItem, Evaluation, Client, ClientFeedback, Shortlist,
        ShortlistEntry, TalentPoolEntry, LibraryItem, Interview, Scorecard, Offer, UsageRecord, Conversation,
        SlackWorkspace, WebhookEndpoint, WebhookDelivery}, \
        "a new tenant-owned model: add rows for it above"


# --------------------------------------------------------------------------- static scan


def scan_source(source: str, filename: str) -> tuple[list[str], list[str]]:
    """Return (direct queries on tenant-owned models, uses of unscoped) in one module."""
    tree = ast.parse(source, filename)
    model_alias: dict[str, str] = {}       # local name -> tenant-owned model name
    models_module: set[str] = set()        # local names bound to storage.models
    unscoped_names: set[str] = set()       # local names bound to storage.scoping.unscoped
    scoping_module: set[str] = set()       # local names bound to storage.scoping
    queryset_names: set[str] = set()       # local names bound to tortoise QuerySet
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "storage.models" and alias.name in TENANT_OWNED:
                    model_alias[local] = alias.name
                elif node.module == "storage" and alias.name == "models":
                    models_module.add(local)
                elif node.module == "storage.scoping" and alias.name == "unscoped":
                    unscoped_names.add(local)
                elif node.module == "storage" and alias.name == "scoping":
                    scoping_module.add(local)
                elif node.module in ("tortoise.queryset", "tortoise") and alias.name == "QuerySet":
                    queryset_names.add(local)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "storage.models":
                    models_module.add(alias.asname or "storage.models")
                elif alias.name == "storage.scoping":
                    scoping_module.add(alias.asname or "storage.scoping")

    def dotted(node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            base = dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def tenant_model(node: ast.AST) -> str | None:
        name = dotted(node)
        if name is None:
            return None
        if name in model_alias:
            return model_alias[name]
        head, _, last = name.rpartition(".")
        if head in models_module and last in TENANT_OWNED:
            return last
        return None

    direct, unscoped_uses = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS:
                model = tenant_model(func.value)
                if model:
                    direct.append(f"{filename}:{node.lineno}: {model}.{func.attr}(...) bypasses scoped()")
            name = dotted(func)
            if name in queryset_names or (name or "").endswith("queryset.QuerySet"):
                direct.append(f"{filename}:{node.lineno}: QuerySet(...) built directly bypasses scoped()")
        if isinstance(node, ast.Name) and node.id in unscoped_names and isinstance(node.ctx, ast.Load):
            unscoped_uses.append(f"{filename}:{node.lineno}: unscoped")
        elif isinstance(node, ast.Attribute) and node.attr == "unscoped" and dotted(node.value) in scoping_module:
            unscoped_uses.append(f"{filename}:{node.lineno}: {dotted(node)}")
        elif isinstance(node, ast.ImportFrom) and node.module == "storage.scoping" and any(
                a.name == "unscoped" for a in node.names):
            unscoped_uses.append(f"{filename}:{node.lineno}: imports unscoped")
    return direct, unscoped_uses


def _modules() -> list[Path]:
    return sorted(p for pkg in SCANNED_PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_scanner_catches_violations():
    """The scanner itself: it must flag each bypass and nothing that is scoped."""
    bad = (
        "from storage.models import Candidate, User as U, Tenant\n"
        "from storage import models as m\n"
        "from storage.scoping import scoped, unscoped as u2\n"
        "import storage.scoping\n"
        "from tortoise.queryset import QuerySet\n"
        "async def f(t):\n"
        "    await Candidate.filter(id=1)\n"
        "    await U.get_or_none(id=1)\n"
        "    await m.Vacancy.all()\n"
        "    await Candidate.count()\n"
        "    await QuerySet(Candidate).filter(id=1)\n"
        "    await u2(User).get(id=1)\n"
        "    await storage.scoping.unscoped(User).first()\n"
        "    await scoped(Candidate, t).filter(id=1)\n"
        "    await Tenant.get(id=t)\n"
        "    await Candidate.create(id=1, tenant_id=t)\n"
    )
    direct, uses = scan_source(bad, "bad.py")
    flagged = {line.split(":")[1] for line in direct}
    assert flagged == {"7", "8", "9", "10", "11"}, direct
    assert {line.split(":")[1] for line in uses} == {"3", "12", "13"}, uses


def test_scan_covers_tools():
    scanned = {p.relative_to(ROOT).as_posix() for p in _modules()}
    assert {"tools/candidates.py", "tools/vacancies.py", "tools/team.py", "api/guard.py"} <= scanned
    assert UNSCOPED_ALLOWED <= scanned, f"allow-listed modules that no longer exist: {UNSCOPED_ALLOWED - scanned}"


def test_no_direct_queries_on_tenant_models():
    """tools/ (and the api/agent/integrations layers) query tenant-owned models only
    through scoped() or unscoped(); ``Model.create`` is fine (it names the tenant)."""
    problems = []
    for path in _modules():
        direct, _ = scan_source(path.read_text(), path.relative_to(ROOT).as_posix())
        problems += direct
    assert not problems, "query tenant-owned models via scoped(Model, tenant_id):\n" + "\n".join(problems)


def test_unscoped_only_in_reviewed_modules():
    problems = []
    for path in _modules():
        rel = path.relative_to(ROOT).as_posix()
        _, uses = scan_source(path.read_text(), rel)
        if uses and rel not in UNSCOPED_ALLOWED:
            problems += uses
    assert not problems, (
        "unscoped() outside the reviewed modules (a cross-tenant query needs a security review; "
        "then add the module to UNSCOPED_ALLOWED):\n" + "\n".join(problems))
