"""Telling a tenant that one of its webhook endpoints was disabled: audit, event, email."""

from __future__ import annotations

import logging

from tortoise.transactions import in_transaction

from storage import outbox
from storage.models import User, WebhookEndpoint
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.runtime import runtime

log = logging.getLogger("hirebot.webhooks")


async def notify_disabled(tenant_id: str, endpoint_id: str, reason: str) -> None:
    """Audit the disabling as the system, record a ``webhook.disabled`` event (shown in the
    app's activity) and email every active admin of the tenant."""
    endpoint = await scoped(WebhookEndpoint, tenant_id).get(id=endpoint_id)
    async with in_transaction():
        await audit.record(Actor.system(tenant_id), "webhook.disabled", "webhook", endpoint_id,
                           {"url": endpoint.url, "reason": reason})
        await outbox.emit(tenant_id, "webhook.disabled", {"id": endpoint_id, "url": endpoint.url, "reason": reason})
    admins = await scoped(User, tenant_id).filter(role="admin", is_active=True).values_list("email", flat=True)
    body = (f"Hirebot stopped sending webhooks to {endpoint.url} ({endpoint_id}): {reason}.\n\n"
            "Deliveries already queued for it wait, and events that happen while it is disabled "
            "are not sent to it. Fix the receiver, then enable the endpoint again "
            f"(PATCH /api/v1/webhooks/{endpoint_id} with {{\"enabled\": true}}).\n")
    for email in admins:
        try:
            await runtime().mailer.send(email, "Webhook endpoint disabled", body)
        except Exception:  # noqa: BLE001 - one bad mailbox must not stop the others
            log.exception("could not email %s about webhook %s", email, endpoint_id)
