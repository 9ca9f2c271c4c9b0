"""Outbox: domain events stored in the caller's transaction, delivered later by the worker."""

from __future__ import annotations

from typing import Any

from storage.ids import new_id
from storage.models import OutboxEvent


async def emit(tenant_id: str, event_type: str, data: dict[str, Any]) -> OutboxEvent:
    """Record one event; call it inside the transaction that makes the change."""
    return await OutboxEvent.create(id=new_id("evt"), tenant_id=tenant_id, type=event_type, data=data)
