"""Append-only, per-tenant hash-chained audit log: record, list, export, verify."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from tortoise.transactions import in_transaction

from storage.models import AuditEvent, Tenant
from storage.scoping import scoped
from tools.actor import Actor
from tools.clock import utcnow
from tools.pagination import Page, paginate
from tools.policy import require

GENESIS = "0" * 64


class AuditOut(BaseModel):
    seq: int
    created_at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    target_type: str | None
    target_id: str | None
    request_id: str | None
    details: dict[str, Any]
    hash: str


class AuditFilter(BaseModel):
    action: str | None = None
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None


class ChainReport(BaseModel):
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str | None = None


def _row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _hashed_fields(ev: AuditEvent | dict) -> dict[str, Any]:
    get = ev.get if isinstance(ev, dict) else lambda k: getattr(ev, k)
    created = get("created_at")
    return {
        "tenant_id": get("tenant_id"),
        "seq": get("seq"),
        "created_at": created.isoformat(timespec="microseconds") if created else None,
        "actor_type": get("actor_type"),
        "actor_id": get("actor_id"),
        "action": get("action"),
        "target_type": get("target_type"),
        "target_id": get("target_id"),
        "request_id": get("request_id"),
        "details": get("details"),
    }


async def record(
    actor: Actor,
    action: str,
    target_type: str | None = None,
    target_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one audit row. Call inside the write's transaction: the tenant row lock
    (``SELECT … FOR NO KEY UPDATE`` on PostgreSQL, the single writer on SQLite) serialises
    writers so the chain never forks; ``(tenant, seq)`` is unique as a second guard."""
    async with in_transaction():
        # FOR NO KEY UPDATE: still serialises audit writers, but does not conflict with the
        # FOR KEY SHARE lock that the write's own FK inserts (vacancy, …) already took on the
        # tenant row; plain FOR UPDATE deadlocked concurrent writers on PostgreSQL.
        tenant = await Tenant.filter(id=actor.tenant_id).select_for_update(no_key=True).get()
        fields = {
            "tenant_id": actor.tenant_id,
            "seq": tenant.audit_seq + 1,
            "created_at": utcnow(),
            "actor_type": actor.kind,
            "actor_id": actor.principal_id,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "request_id": actor.request_id,
            "details": details or {},
        }
        prev = tenant.audit_head or GENESIS
        digest = _row_hash(prev, _hashed_fields(fields))
        await AuditEvent.create(**fields, prev_hash=prev, hash=digest)
        await Tenant.filter(id=actor.tenant_id).update(audit_seq=fields["seq"], audit_head=digest)


def _filtered(actor: Actor, flt: AuditFilter):
    qs = scoped(AuditEvent, actor.tenant_id)
    if flt.action:
        qs = qs.filter(action=flt.action)
    if flt.actor:
        qs = qs.filter(actor_id=flt.actor)
    if flt.since:
        qs = qs.filter(created_at__gte=flt.since)
    if flt.until:
        qs = qs.filter(created_at__lt=flt.until)
    return qs


async def list_events(actor: Actor, flt: AuditFilter, limit: int, cursor: str | None) -> Page[AuditOut]:
    require(actor, "audit.read")
    return await paginate(_filtered(actor, flt), AuditOut, limit, cursor, key="seq")


async def export_csv(actor: Actor, flt: AuditFilter) -> str:
    """The filtered log as CSV, oldest first."""
    require(actor, "audit.read")
    out = io.StringIO()
    columns = list(AuditOut.model_fields)
    writer = csv.writer(out)
    writer.writerow(columns)
    async for ev in _filtered(actor, flt).order_by("seq"):
        row = AuditOut.model_validate(ev, from_attributes=True).model_dump(mode="json")
        writer.writerow([json.dumps(row[c]) if isinstance(row[c], dict) else row[c] for c in columns])
    return out.getvalue()


async def verify_chain(actor: Actor) -> ChainReport:
    """Recompute every link; report the first row whose hash or link does not match."""
    require(actor, "audit.read")
    prev, checked, expected_seq = GENESIS, 0, 1
    async for ev in scoped(AuditEvent, actor.tenant_id).order_by("seq"):
        if ev.seq != expected_seq:
            return ChainReport(ok=False, checked=checked, first_broken_seq=expected_seq,
                               reason="missing row")
        if ev.prev_hash != prev:
            return ChainReport(ok=False, checked=checked, first_broken_seq=ev.seq,
                               reason="link to previous row does not match")
        if _row_hash(prev, _hashed_fields(ev)) != ev.hash:
            return ChainReport(ok=False, checked=checked, first_broken_seq=ev.seq,
                               reason="row content does not match its hash")
        prev, checked, expected_seq = ev.hash, checked + 1, expected_seq + 1
    tenant = await Tenant.get(id=actor.tenant_id)
    if tenant.audit_seq != checked:
        return ChainReport(ok=False, checked=checked, first_broken_seq=checked + 1,
                           reason="rows missing at the end of the chain")
    return ChainReport(ok=True, checked=checked)
