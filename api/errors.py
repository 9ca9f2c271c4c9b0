"""Map every failure to the error envelope, once, for the whole app."""

from __future__ import annotations

import logging

from quart import Quart
from quart_schema import RequestSchemaValidationError
from werkzeug.exceptions import HTTPException

from api.envelope import error
from tools.errors import DomainError, RateLimited

log = logging.getLogger("hirebot.errors")

HTTP_CODES = {
    400: "validation_error", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 429: "rate_limited",
}


def _validation_details(err: RequestSchemaValidationError):
    ve = err.validation_error
    if hasattr(ve, "errors"):
        return [
            {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"], "type": e["type"]}
            for e in ve.errors(include_url=False, include_context=False, include_input=False)
        ]
    return [{"field": "body", "message": "request body must be a JSON object", "type": "json_invalid"}]


def install(app: Quart) -> None:
    @app.errorhandler(RequestSchemaValidationError)
    async def _on_validation(err: RequestSchemaValidationError):
        return error(400, "validation_error", "request is not valid", _validation_details(err))

    @app.errorhandler(DomainError)
    async def _on_domain(err: DomainError):
        body, status = error(err.status, err.code, err.message, err.details)
        if isinstance(err, RateLimited):
            return body, status, {"Retry-After": str(err.retry_after)}
        return body, status

    @app.errorhandler(HTTPException)
    async def _on_http(err: HTTPException):
        status = err.code or 500
        code = HTTP_CODES.get(status, "internal_error" if status >= 500 else "bad_request")
        message = {
            400: "request body is not valid JSON",
            413: "request body is too large",
        }.get(status, err.description or err.name)
        # keep protocol headers such as Allow (405) or WWW-Authenticate; drop werkzeug's HTML type
        headers = [(k, v) for k, v in err.get_headers() if k.lower() != "content-type"]
        return (*error(status, code, message), headers)

    @app.errorhandler(Exception)
    async def _on_crash(err: Exception):
        log.exception("unhandled error")
        return error(500, "internal_error", "an internal error occurred; quote the request_id when reporting it")
