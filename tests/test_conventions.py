"""SPEC §3 REST conventions over HTTP: envelopes, request ids, error mapping, pagination."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from quart import request
from werkzeug.datastructures import FileStorage

from api.app import create_app

TRACE_MARKERS = ("Traceback", 'File "', "most recent call last", "site-packages", ".py\", line")


def _no_trace(body: dict | str) -> None:
    text = body if isinstance(body, str) else json.dumps(body)
    for marker in TRACE_MARKERS:
        assert marker not in text, f"stack trace leaked ({marker!r}): {text[:500]}"


async def _error(r, status: int, code: str) -> dict:
    """Assert ``r`` is the SPEC §3 error envelope with ``status``/``code``; return error."""
    assert r.status_code == status, await r.get_data(as_text=True)
    assert r.mimetype == "application/json", (r.mimetype, await r.get_data(as_text=True))
    body = await r.get_json()
    assert set(body) == {"error"}, body
    err = body["error"]
    assert set(err) == {"code", "message", "details", "request_id"}, err
    assert err["code"] == code, err
    assert isinstance(err["message"], str) and err["message"], err
    assert err["request_id"] == r.headers["X-Request-ID"], (err, dict(r.headers))
    _no_trace(body)
    return err


def _fields(details) -> set[str]:
    return {d["field"] for d in details}


async def _vacancy(client, title: str, **extra) -> dict:
    r = await client.post("/api/v1/vacancies", json={"title": title, **extra})
    body = await r.get_json()
    assert r.status_code == 201, body
    return body["data"]


# --------------------------------------------------------------------------- envelope


async def test_success_envelope_on_public_route(api):
    r = await api.anonymous().get("/api/v1/health")
    body = await r.get_json()
    assert r.status_code == 200
    assert set(body) == {"data", "meta"}
    assert body["meta"]["api_version"] == "v1"
    assert body["meta"]["request_id"] == r.headers["X-Request-ID"]
    assert re.fullmatch(r"req_[0-9a-f]{16}", body["meta"]["request_id"])


async def test_success_envelope_on_create(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"title": "Backend engineer"})
    body = await r.get_json()
    assert r.status_code == 201, body
    assert set(body) == {"data", "meta"}
    assert body["data"]["id"].startswith("vac_")
    assert body["data"]["title"] == "Backend engineer"
    assert body["meta"] == {"request_id": r.headers["X-Request-ID"], "api_version": "v1"}


async def test_list_envelope_meta(api):
    admin = await api.signup()
    await _vacancy(admin, "One")
    r = await admin.get("/api/v1/vacancies")
    body = await r.get_json()
    assert r.status_code == 200, body
    assert isinstance(body["data"], list) and len(body["data"]) == 1
    meta = body["meta"]
    assert meta["api_version"] == "v1"
    assert meta["request_id"] == r.headers["X-Request-ID"]
    assert meta["limit"] == 25  # the documented default
    assert "next_cursor" in meta and meta["next_cursor"] is None
    assert meta["total"] == 1


async def test_error_envelope_shape(api):
    r = await api.anonymous().get("/api/v1/vacancies")
    err = await _error(r, 401, "unauthenticated")
    assert "details" in err


async def test_request_id_sane_incoming_is_kept(api):
    admin = await api.signup()
    rid = "client-Req_42.abc"
    r = await admin.get("/api/v1/vacancies", headers={"X-Request-ID": rid})
    body = await r.get_json()
    assert r.headers["X-Request-ID"] == rid
    assert body["meta"]["request_id"] == rid
    # errors echo it too
    r = await api.anonymous().get("/api/v1/vacancies", headers={"X-Request-ID": rid})
    err = await _error(r, 401, "unauthenticated")
    assert err["request_id"] == rid


@pytest.mark.parametrize("bad", ["has space", "x" * 65, "semi;colon", "<script>", "a/b", "ümlaut"])
async def test_request_id_unsafe_incoming_is_replaced(api, bad):
    r = await api.anonymous().get("/api/v1/health", headers={"X-Request-ID": bad})
    body = await r.get_json()
    rid = r.headers["X-Request-ID"]
    assert rid != bad
    assert re.fullmatch(r"req_[0-9a-f]{16}", rid)
    assert body["meta"]["request_id"] == rid


async def test_request_ids_are_unique_when_not_supplied(api):
    client = api.anonymous()
    ids = {(await client.get("/api/v1/health")).headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


# --------------------------------------------------------------------------- errors


async def test_validation_error_lists_fields(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"title": "", "remote": "not-a-bool",
                                                      "status": "archived"})
    err = await _error(r, 400, "validation_error")
    assert isinstance(err["details"], list) and err["details"]
    assert {"title", "remote", "status"} <= _fields(err["details"]), err["details"]
    for d in err["details"]:
        assert d["message"] and d["type"]


async def test_validation_error_missing_field(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json={"description": "no title"})
    err = await _error(r, 400, "validation_error")
    assert "title" in _fields(err["details"])
    assert any(d["type"] == "missing" for d in err["details"] if d["field"] == "title")


async def test_validation_error_on_public_route(api):
    r = await api.anonymous().post("/api/v1/auth/signup", json={"company_name": "X"})
    err = await _error(r, 400, "validation_error")
    assert {"name", "email", "password"} <= _fields(err["details"])


async def test_validation_error_json_array_body(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", json=["not", "an", "object"])
    err = await _error(r, 400, "validation_error")
    assert err["details"]


async def test_validation_error_in_query_string(api):
    admin = await api.signup()
    r = await admin.get("/api/v1/vacancies", query_string={"status": "nonsense"})
    err = await _error(r, 400, "validation_error")
    assert "status" in _fields(err["details"])


@pytest.mark.parametrize("raw", [b'{"title": ', b"{'title': 'x'}", b"not json at all", b'{"a":1}}'])
async def test_malformed_json_is_json_validation_error(api, raw):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", data=raw,
                         headers={"Content-Type": "application/json"})
    await _error(r, 400, "validation_error")
    assert b"<html" not in (await r.get_data()).lower()


async def test_malformed_json_with_api_key(api):
    admin = await api.signup()
    key = await api.key_client(admin, "recruiter")
    r = await key.post("/api/v1/vacancies", data=b"{oops", headers={"Content-Type": "application/json"})
    await _error(r, 400, "validation_error")


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
async def test_wrong_content_type_is_415(api, ctype):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", data=b'{"title": "x"}', headers={"Content-Type": ctype})
    err = await _error(r, 415, "unsupported_media_type")
    assert err["details"] == {"content_type": ctype}
    listed = await (await admin.get("/api/v1/vacancies")).get_json()
    assert listed["meta"]["total"] == 0


async def test_json_with_charset_and_vendor_suffix_accepted(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", data=json.dumps({"title": "charset"}).encode(),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 201, await r.get_json()


async def test_multipart_on_json_route_is_415(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/vacancies", data=b"--b\r\n\r\nx\r\n--b--\r\n",
                         headers={"Content-Type": "multipart/form-data; boundary=b"})
    await _error(r, 415, "unsupported_media_type")


async def test_multipart_accepted_on_upload_route(settings):
    """Routes that declare ``accepts_multipart`` take multipart bodies (others answer 415)."""
    app = create_app(settings)

    async def _upload():
        files = await request.files
        return {"data": {"files": sorted(files)}, "meta": {}}

    _upload.accepts_multipart = True
    app.add_url_rule("/api/v1/_upload", "_upload", _upload, methods=["POST"])
    async with app.test_app():
        r = await app.test_client().post("/api/v1/_upload", files={
            "file": FileStorage(io.BytesIO(b"hello"), filename="cv.txt", content_type="text/plain")})
        assert r.status_code == 200, await r.get_data(as_text=True)
        assert (await r.get_json())["data"]["files"] == ["file"]


async def test_json_body_over_1mb_is_413(api):
    admin = await api.signup()
    big = {"title": "big", "description": "x" * (1024 * 1024 + 10)}
    r = await admin.post("/api/v1/vacancies", json=big)
    err = await _error(r, 413, "payload_too_large")
    assert "1048576" in err["message"]
    listed = await (await admin.get("/api/v1/vacancies")).get_json()
    assert listed["meta"]["total"] == 0


async def test_json_body_over_1mb_without_content_length_is_413(api):
    """A chunked (or HTTP/2) body has no Content-Length; the 1 MB JSON limit still holds."""
    admin = await api.signup()
    raw = json.dumps({"title": "big", "required_skills": ["s" * 20_000] * 60}).encode()
    assert len(raw) > 1024 * 1024
    r = await admin.post("/api/v1/vacancies", data=raw,
                         headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
    await _error(r, 413, "payload_too_large")
    listed = await (await admin.get("/api/v1/vacancies")).get_json()
    assert listed["meta"]["total"] == 0


async def test_body_over_max_content_length_is_413(api):
    admin = await api.signup()
    raw = b"x" * (api.settings.max_body_bytes + 1)
    r = await admin.post("/api/v1/vacancies", data=raw,
                         headers={"Content-Type": "application/json", "Content-Length": str(len(raw))})
    await _error(r, 413, "payload_too_large")


async def test_json_body_just_under_1mb_is_not_413(api):
    admin = await api.signup()
    # 50 000 chars is the field limit, so this is a 400 from validation, not a 413
    body = {"title": "big", "description": "x" * (1024 * 1024 - 200)}
    r = await admin.post("/api/v1/vacancies", json=body)
    assert len(json.dumps(body)) <= 1024 * 1024
    err = await _error(r, 400, "validation_error")
    assert "description" in _fields(err["details"])


async def test_json_body_over_1mb_on_public_route_is_413(api):
    r = await api.anonymous().post("/api/v1/auth/signup", json={"company_name": "x" * (1024 * 1024 + 1)})
    await _error(r, 413, "payload_too_large")


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/vacancies/vac_x/unknown", "/nope", "/api/v2/health"])
async def test_unknown_route_is_404_json(api, path):
    r = await api.anonymous().get(path)
    await _error(r, 404, "not_found")


async def test_unknown_id_is_404(api):
    admin = await api.signup()
    r = await admin.get("/api/v1/vacancies/vac_01hzzzzzzzzzzzzzzzzzzzzzzz")
    err = await _error(r, 404, "not_found")
    _no_trace(err)


async def test_other_tenants_id_is_404(api):
    a = await api.signup("Tenant A")
    b = await api.signup("Tenant B")
    vac = await _vacancy(a, "Secret role")
    r = await b.get(f"/api/v1/vacancies/{vac['id']}")
    await _error(r, 404, "not_found")


@pytest.mark.parametrize("method,path", [("DELETE", "/api/v1/health"), ("PUT", "/api/v1/vacancies"),
                                         ("POST", "/api/v1/audit/verify")])
async def test_wrong_method_is_405_json(api, method, path):
    r = await api.anonymous().call(method, path)
    await _error(r, 405, "method_not_allowed")
    # RFC 9110 §15.5.6: a 405 response must list the allowed methods
    assert "Allow" in r.headers, dict(r.headers)
    allowed = {m.strip() for m in r.headers["Allow"].split(",")}
    assert method not in allowed and allowed


async def test_unhandled_exception_is_500_envelope_without_trace(settings):
    app = create_app(settings)

    @app.get("/api/v1/_boom")
    async def _boom():
        raise RuntimeError("secret internal detail /etc/passwd")

    async with app.test_app():
        r = await app.test_client().get("/api/v1/_boom", headers={"X-Request-ID": "boom-1"})
        err = await _error(r, 500, "internal_error")
        assert err["request_id"] == "boom-1"
        assert "secret internal detail" not in json.dumps(err)
        assert err["details"] is None


async def test_no_stack_trace_in_any_error_body(api):
    admin = await api.signup()
    key = await api.key_client(admin, "interviewer")
    anon = api.anonymous()
    cases = [
        await anon.get("/api/v1/vacancies"),
        await anon.get("/api/v1/vacancies", headers={"Authorization": "Bearer hb_live_bogus"}),
        await admin.post("/api/v1/vacancies", json={"title": 5}),
        await admin.post("/api/v1/vacancies", data=b"{", headers={"Content-Type": "application/json"}),
        await admin.post("/api/v1/vacancies", data=b"x", headers={"Content-Type": "text/plain"}),
        await admin.get("/api/v1/vacancies", query_string={"cursor": "%%%"}),
        await admin.get("/api/v1/vacancies", query_string={"limit": "abc"}),
        await key.post("/api/v1/vacancies", json={"title": "forbidden"}),
        await anon.get("/api/v1/does-not-exist"),
        await anon.call("PATCH", "/api/v1/health"),
    ]
    codes = []
    for r in cases:
        assert r.status_code >= 400
        body = await r.get_json()
        assert body is not None and "error" in body, await r.get_data(as_text=True)
        _no_trace(body)
        codes.append(r.status_code)
    assert codes == [401, 401, 400, 400, 415, 400, 400, 403, 404, 405]


async def test_csrf_missing_on_session_write_is_403(api):
    admin = await api.signup()
    r = await admin.http.post("/api/v1/vacancies", json={"title": "no csrf"})
    await _error(r, 403, "forbidden")


# --------------------------------------------------------------------------- pagination


async def test_pagination_walk_newest_first(api):
    admin = await api.signup()
    created = [(await _vacancy(admin, f"Role {i}"))["id"] for i in range(7)]
    seen, cursor, pages = [], None, 0
    while True:
        qs = {"limit": "3"} | ({"cursor": cursor} if cursor else {})
        r = await admin.get("/api/v1/vacancies", query_string=qs)
        body = await r.get_json()
        assert r.status_code == 200, body
        pages += 1
        assert body["meta"]["limit"] == 3
        assert body["meta"]["total"] == 7
        assert len(body["data"]) <= 3
        seen.extend(item["id"] for item in body["data"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
        assert isinstance(cursor, str) and cursor
        assert pages < 10, "pagination does not terminate"
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert seen == list(reversed(created))  # newest first, each exactly once


async def test_pagination_exact_multiple_ends_with_null_cursor(api):
    admin = await api.signup()
    for i in range(6):
        await _vacancy(admin, f"R{i}")
    r1 = await (await admin.get("/api/v1/vacancies", query_string={"limit": "3"})).get_json()
    assert r1["meta"]["next_cursor"]
    r2 = await (await admin.get("/api/v1/vacancies",
                                query_string={"limit": "3", "cursor": r1["meta"]["next_cursor"]})).get_json()
    assert len(r2["data"]) == 3
    assert r2["meta"]["next_cursor"] is None


async def test_pagination_with_filter(api):
    admin = await api.signup()
    for i in range(5):
        await _vacancy(admin, f"Open {i}", status="open")
        await _vacancy(admin, f"Draft {i}")
    seen, cursor = [], None
    while True:
        qs = {"limit": "2", "status": "open"} | ({"cursor": cursor} if cursor else {})
        body = await (await admin.get("/api/v1/vacancies", query_string=qs)).get_json()
        assert body["meta"]["total"] == 5
        seen.extend(body["data"])
        cursor = body["meta"]["next_cursor"]
        if cursor is None:
            break
    assert [v["title"] for v in seen] == [f"Open {i}" for i in reversed(range(5))]


async def test_pagination_limit_bounds(api):
    admin = await api.signup()
    for limit in ("1", "100"):
        r = await admin.get("/api/v1/vacancies", query_string={"limit": limit})
        assert r.status_code == 200, await r.get_json()
        assert (await r.get_json())["meta"]["limit"] == int(limit)
    for limit in ("0", "101", "-1", "abc"):
        r = await admin.get("/api/v1/vacancies", query_string={"limit": limit})
        err = await _error(r, 400, "validation_error")
        assert "limit" in _fields(err["details"]), err


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "garbage!!", "not-a-cursor", _b64(b"not json"), _b64(b'{"x": 1}'), _b64(b'{"k": [1, 2]}'),
    _b64(b'{"k": null}'), _b64(b"[1]"), "=", "x" * 201,
])
async def test_garbage_cursor_is_400(api, cursor):
    admin = await api.signup()
    await _vacancy(admin, "Only")
    r = await admin.get("/api/v1/vacancies", query_string={"cursor": cursor})
    await _error(r, 400, "validation_error")


async def test_cursor_from_other_list_does_not_crash(api):
    admin = await api.signup()
    for i in range(3):
        await _vacancy(admin, f"V{i}")
    team = await (await admin.get("/api/v1/team", query_string={"limit": "1"})).get_json()
    keys_cursor = _b64(json.dumps({"k": 12345}).encode())
    for cursor in (keys_cursor, team["meta"]["next_cursor"] or keys_cursor):
        r = await admin.get("/api/v1/vacancies", query_string={"cursor": cursor})
        assert r.status_code in (200, 400), await r.get_data(as_text=True)
        _no_trace(await r.get_json())


def test_model_docstrings_hold_no_semicolon():
    """Tortoise copies a model's docstring into the CREATE TABLE comment of the migration, and
    SQLite's script runner splits statements at ";": one there breaks every fresh database."""
    import inspect

    import storage.models as models

    bad = [name for name, obj in vars(models).items()
           if inspect.isclass(obj) and obj.__module__ == models.__name__ and ";" in (obj.__doc__ or "")]
    assert not bad, f"semicolons in the docstrings of {bad}"
