"""Request ids, structured one-line-per-request logging, body checks."""

from __future__ import annotations

import json
import logging
import re
import secrets
import time

from quart import Quart, Response, current_app, g, request

from api.envelope import error
from api.guard import finish_idempotency

log = logging.getLogger("hirebot.request")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
JSON_BODY_LIMIT = 1024 * 1024
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                 "logger": record.name, "msg": record.getMessage()}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _multipart_route() -> bool:
    view = request.url_rule and request.url_rule.endpoint
    func = view and current_app.view_functions.get(view)
    return bool(func and getattr(func, "accepts_multipart", False))


def install(app: Quart) -> None:
    @app.before_request
    async def _start():
        g.started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _SAFE_ID.match(incoming) else "req_" + secrets.token_hex(8)
        if request.method in BODY_METHODS and request.path.startswith("/api/"):
            mimetype = request.mimetype or ""
            length = request.content_length
            if length is None and mimetype != "multipart/form-data":
                # chunked or HTTP/2 bodies carry no Content-Length: measure the body itself
                # (cached for the handler; over MAX_CONTENT_LENGTH this raises a 413)
                length = len(await request.get_data())
            has_body = length is None or length > 0
            is_json = mimetype == "application/json" or mimetype.endswith("+json")
            if has_body and not is_json and not (mimetype == "multipart/form-data" and _multipart_route()):
                return error(415, "unsupported_media_type", "send the body as application/json",
                             {"content_type": mimetype or None})
            if is_json and (length or 0) > JSON_BODY_LIMIT:
                return error(413, "payload_too_large", f"JSON bodies are limited to {JSON_BODY_LIMIT} bytes")
        return None

    @app.after_request
    async def _finish(response: Response) -> Response:
        await finish_idempotency(response)
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        for name, value in (g.get("rate_headers") or {}).items():
            response.headers[name] = value
        actor = g.get("actor")
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        log.info("request", extra={"fields": {
            "request_id": g.get("request_id"), "tenant": actor.tenant_id if actor else None,
            "method": request.method, "route": request.url_rule.rule if request.url_rule else request.path,
            "status": response.status_code, "ms": round(elapsed, 2)}})
        return response
