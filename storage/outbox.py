"""Outbox: domain events stored in the caller's transaction, delivered later by the worker."""

from __future__ import annotations

from typing import Any

from storage.ids import new_id
from storage.models import OutboxEvent


async def emit(tenant_id: str, event_type: str, data: dict[str, Any]) -> OutboxEvent:
    """Record one event; call it inside the transaction that makes the change."""
    return await OutboxEvent.create(id=new_id("evt"), tenant_id=tenant_id, type=event_type, data=data)


async def emit_many(tenant_id: str, event_type: str, items: list[dict[str, Any]]) -> None:
    """Record many events of one type in one statement (bulk rescoring)."""
    from storage.scoping import scoped

    await scoped(OutboxEvent, tenant_id).bulk_create(
        [OutboxEvent(id=new_id("evt"), tenant_id=tenant_id, type=event_type, data=d) for d in items], batch_size=500)
