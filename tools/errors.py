"""Domain exceptions; ``api/`` maps each to one HTTP status and error code."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "validation_error"

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(DomainError):
    status, code = 400, "validation_error"


class Unauthenticated(DomainError):
    status, code = 401, "unauthenticated"


class Forbidden(DomainError):
    status, code = 403, "forbidden"


class NotFound(DomainError):
    status, code = 404, "not_found"


class Conflict(DomainError):
    status, code = 409, "conflict"


class QuotaExceeded(DomainError):
    status, code = 402, "quota_exceeded"


class BudgetExceeded(DomainError):
    status, code = 402, "budget_exceeded"


class RateLimited(DomainError):
    status, code = 429, "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, {"retry_after": retry_after})
        self.retry_after = retry_after


class PayloadTooLarge(DomainError):
    status, code = 413, "payload_too_large"


class UnsupportedMediaType(DomainError):
    status, code = 415, "unsupported_media_type"
