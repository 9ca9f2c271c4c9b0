"""The OpenAPI 3 document at /api/v1/openapi.json and the /api/docs page (SPEC §3)."""

from __future__ import annotations

import html
import re

import pytest
from openapi_spec_validator import validate

OPENAPI_PATH = "/api/v1/openapi.json"
PUBLIC_OPERATIONS = {
    ("get", "/api/v1/health"),
    ("post", "/api/v1/auth/signup"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/accept-invite"),
    ("post", "/api/v1/auth/verify-email"),
    ("post", "/api/v1/auth/forgot-password"),
    ("post", "/api/v1/auth/reset-password"),
    ("get", "/api/v1/careers/vacancies"),
    ("get", "/api/v1/careers/vacancies/{ref}"),
    ("post", "/api/v1/careers/apply"),
}
AUTH_SCHEMES = {"bearerAuth", "apiKeyHeader", "sessionCookie"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
async def spec(api) -> dict:
    r = await api.anonymous().get(OPENAPI_PATH)
    assert r.status_code == 200
    assert r.mimetype == "application/json"
    return await r.get_json()


def _openapi_path(rule: str) -> str:
    """``/x/<key_id>`` or ``/x/<int:n>`` -> ``/x/{key_id}``, ``/x/{n}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _api_operations(app) -> set[tuple[str, str]]:
    ops = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == OPENAPI_PATH:
            continue
        for method in (rule.methods or set()) - IGNORED_METHODS:
            ops.add((method.lower(), _openapi_path(rule.rule)))
    return ops


def _spec_operations(spec: dict) -> dict[tuple[str, str], dict]:
    return {(method, path): op for path, item in spec["paths"].items()
            for method, op in item.items()
            if method in ("get", "put", "post", "patch", "delete", "head", "options", "trace")}


def _refs(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                found.add(v)
            else:
                _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)
    return found


def _resolve(spec: dict, ref: str):
    assert ref.startswith("#/"), f"external ref {ref}"
    node = spec
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"dangling $ref {ref}"
        node = node[part]
    return node


async def test_document_is_valid_openapi(spec):
    assert spec["openapi"].startswith("3.")
    validate(spec)  # raises on any violation
    assert spec["info"]["title"] == "Hirebot API"
    assert spec["info"]["version"]


async def test_openapi_is_public(api):
    r = await api.anonymous().get(OPENAPI_PATH)
    assert r.status_code == 200


async def test_every_ref_resolves(spec):
    refs = _refs(spec, set())
    assert refs, "expected shared component schemas"
    for ref in refs:
        _resolve(spec, ref)


async def test_every_route_is_documented(app, spec):
    documented = _spec_operations(spec)
    routed = _api_operations(app)
    assert routed, "no /api/v1 routes found"
    missing = sorted(routed - set(documented))
    assert not missing, f"routes missing from the OpenAPI document: {missing}"
    # and nothing documented that is not routed
    phantom = sorted(op for op in documented if op[1].startswith("/api/v1/") and op not in routed)
    assert not phantom, phantom


async def test_known_paths_present(spec):
    for method, path in PUBLIC_OPERATIONS | {
        ("post", "/api/v1/vacancies"), ("get", "/api/v1/vacancies"), ("get", "/api/v1/vacancies/{vacancy_id}"),
        ("post", "/api/v1/api-keys"), ("delete", "/api/v1/api-keys/{key_id}"),
        ("get", "/api/v1/audit"), ("get", "/api/v1/audit/export.csv"), ("get", "/api/v1/audit/verify"),
        ("patch", "/api/v1/tenant"), ("patch", "/api/v1/team/{user_id}"),
    }:
        assert method in spec["paths"].get(path, {}), (method, path)


async def test_security_schemes_declared(spec):
    schemes = spec["components"]["securitySchemes"]
    assert set(schemes) >= AUTH_SCHEMES
    assert schemes["bearerAuth"]["type"] == "http"
    assert schemes["bearerAuth"]["scheme"].lower() == "bearer"
    assert schemes["apiKeyHeader"] == {**schemes["apiKeyHeader"], "type": "apiKey", "in": "header",
                                       "name": "X-API-Key"}
    assert schemes["sessionCookie"]["type"] == "apiKey"
    assert schemes["sessionCookie"]["in"] == "cookie"
    assert schemes["sessionCookie"]["name"] == "hirebot_session"


async def test_operation_security(app, spec):
    ops = _spec_operations(spec)
    for key in _api_operations(app):
        op = ops[key]
        assert "security" in op, f"{key} does not declare security"
        if key in PUBLIC_OPERATIONS:
            assert op["security"] == [], f"{key} is public and must declare security: []"
        else:
            declared = {name for requirement in op["security"] for name in requirement}
            assert declared == AUTH_SCHEMES, f"{key} declares {op['security']}"
            for requirement in op["security"]:
                assert len(requirement) == 1, "each scheme alone must suffice (OR, not AND)"
    for key in PUBLIC_OPERATIONS:
        assert key in ops, f"public operation {key} missing"


async def test_security_matches_runtime_behaviour(api, app, spec):
    """Documented-public routes answer without credentials; the rest answer 401."""
    anon = api.anonymous()
    for method, path in sorted(_api_operations(app)):
        if method != "get":
            continue
        concrete = re.sub(r"\{[^}]+\}", "x_unknown", path)
        r = await anon.call(method.upper(), concrete)
        if (method, path) in PUBLIC_OPERATIONS:
            assert r.status_code != 401, (method, path)
        else:
            assert r.status_code == 401, (method, path, r.status_code)


async def test_operations_document_responses(app, spec):
    ops = _spec_operations(spec)
    for key in _api_operations(app):
        op = ops[key]
        responses = op["responses"]
        assert responses, key
        assert op.get("summary"), f"{key} has no summary (docstring)"
        if not key[1].endswith((".csv", ".pdf", ".ics")):  # quart-schema documents JSON bodies only
            assert any(s.startswith("2") for s in responses), f"{key} documents no success response"
        if key not in PUBLIC_OPERATIONS:
            for status in ("401", "429"):
                assert status in responses, f"{key} does not document {status}"
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                props = schema.get("properties") or _resolve(spec, schema["$ref"])["properties"]
                assert "error" in props, (key, status)


async def test_operation_ids_unique(spec):
    ids = [op.get("operationId") for op in _spec_operations(spec).values()]
    ids = [i for i in ids if i]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


async def test_list_endpoints_document_pagination(app, spec):
    ops = _spec_operations(spec)
    for key in [("get", "/api/v1/vacancies"), ("get", "/api/v1/api-keys"), ("get", "/api/v1/audit")]:
        params = {p["name"]: p for p in ops[key].get("parameters", []) if p.get("in") == "query"}
        assert {"limit", "cursor"} <= set(params), (key, list(params))


async def test_docs_page_lists_paths(api, spec):
    r = await api.anonymous().get("/api/docs")
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    text = html.unescape(await r.get_data(as_text=True))
    assert "<html" in text.lower()
    for path in spec["paths"]:
        assert path in text, f"{path} missing from /api/docs"
    for method in ("GET", "POST", "PATCH", "DELETE"):
        assert method in text
    assert "/api/docs" not in spec["paths"]  # the HTML page is not part of the JSON API
