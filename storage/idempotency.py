"""Idempotency records: claim a key, store the first response, replay it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError

from storage.models import IdempotencyRecord

RETENTION = timedelta(hours=24)


def _cutoff() -> datetime:
    return datetime.now(UTC) - RETENTION


@dataclass
class Claim:
    """Outcome of claiming a key: new, a stored response, a mismatch or in flight."""

    state: str  # "new" | "replay" | "mismatch" | "in_progress"
    record_id: int | None = None
    status_code: int | None = None
    body: str | None = None


async def claim(scope: str, key: str, request_hash: str) -> Claim:
    for _ in range(2):
        try:
            row = await IdempotencyRecord.create(scope=scope, key=key, request_hash=request_hash)
            return Claim("new", row.id)
        except IntegrityError:
            row = await IdempotencyRecord.get_or_none(scope=scope, key=key)
            if row is None:
                continue
            if row.created_at < _cutoff():
                await IdempotencyRecord.filter(id=row.id).delete()
                continue
            if row.request_hash != request_hash:
                return Claim("mismatch", row.id)
            if row.status_code is None:
                return Claim("in_progress", row.id)
            return Claim("replay", row.id, row.status_code, row.response_body)
    return Claim("in_progress")


async def complete(record_id: int, status_code: int, body: str) -> None:
    await IdempotencyRecord.filter(id=record_id).update(status_code=status_code, response_body=body)


async def release(record_id: int) -> None:
    """Forget a claim whose request failed, so the client may retry with the same key."""
    await IdempotencyRecord.filter(id=record_id).delete()


async def purge_expired() -> int:
    return await IdempotencyRecord.filter(created_at__lt=_cutoff()).delete()
