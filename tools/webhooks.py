"""Webhook endpoints (admin only): subscribe, edit, delete, test ping, secret rotation,
delivery history and redelivery. Delivery itself is in ``tools.webhook_delivery``."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import OutboxEvent, WebhookDelivery, WebhookEndpoint
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import InvalidInput, NotFound
from tools.pagination import Page, paginate
from tools.policy import require
from tools.runtime import runtime
from tools.ssrf import vet_url
from tools.webhook_delivery import new_delivery
from tools.webhook_signing import new_secret

# SPEC section 10: every type an endpoint may subscribe to.
EVENT_TYPES = (
    "candidate.created", "candidate.updated", "candidate.deleted", "application.created",
    "application.stage_changed", "evaluation.completed", "parse.completed", "parse.failed",
    "vacancy.created", "vacancy.updated", "vacancy.published", "vacancy.status_changed",
    "interview.scheduled", "interview.completed", "interview.cancelled", "scorecard.submitted",
    "offer.created", "offer.approval_requested", "offer.approved", "offer.rejected", "offer.sent",
    "offer.accepted", "offer.declined", "client_feedback.received", "ping",
)
PREVIOUS_SECRET_VALID = timedelta(hours=24)


class WebhookCreate(BaseModel):
    url: str = Field(min_length=1, max_length=2000, description="https:// URL of the receiver")
    events: list[str] = Field(min_length=1, max_length=len(EVENT_TYPES), description="event types to receive")


class WebhookUpdate(BaseModel):
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    events: list[str] | None = Field(default=None, min_length=1, max_length=len(EVENT_TYPES))
    enabled: bool | None = Field(default=None, description="true re-enables a disabled endpoint")


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[str]
    enabled: bool
    disabled_reason: str | None
    consecutive_failures: int
    previous_secret_expires_at: datetime | None = Field(
        description="while a rotation is in progress: when the old secret stops signing")
    created_at: datetime
    updated_at: datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(description="The signing secret (whsec_…). Shown only in this response.")


class SecretRotated(BaseModel):
    id: str
    secret: str = Field(description="The new signing secret. Shown only in this response.")
    previous_secret_expires_at: datetime


class WebhookDeleted(BaseModel):
    id: str
    deleted: bool = True


class DeliveryOut(BaseModel):
    id: str
    endpoint_id: str
    event_id: str = Field(description="the webhook-id header: stable across retries")
    event_type: str
    status: str = Field(description="pending | failed (a retry is scheduled) | succeeded | dead")
    attempts: int
    last_status_code: int | None = Field(description="the receiver's last HTTP status")
    last_latency_ms: int | None
    last_error: str | None
    next_attempt_at: datetime | None = Field(description="when the next attempt is due")
    delivered_at: datetime | None
    created_at: datetime


def _check_events(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        raise InvalidInput(f"unknown event types {unknown}; valid types: {', '.join(EVENT_TYPES)}",
                           {"events": unknown, "valid": list(EVENT_TYPES)})
    return list(dict.fromkeys(events))


async def _vetted(url: str) -> str:
    await vet_url(url, runtime().settings.allow_insecure_webhooks)
    return url


async def _endpoint(actor: Actor, webhook_id: str) -> WebhookEndpoint:
    row = await scoped(WebhookEndpoint, actor.tenant_id).get_or_none(id=webhook_id)
    if row is None:
        raise NotFound("webhook not found", {"id": webhook_id})
    return row


def _out(row: WebhookEndpoint) -> WebhookOut:
    return WebhookOut.model_validate(row, from_attributes=True)


async def create_endpoint(actor: Actor, data: WebhookCreate) -> WebhookCreated:
    """Subscribe a URL (vetted against SSRF) to event types; the secret is shown once."""
    require(actor, "webhooks.manage")
    events = _check_events(data.events)
    url = await _vetted(data.url)
    secret = new_secret()
    async with in_transaction():
        row = await WebhookEndpoint.create(id=new_id("wh"), tenant_id=actor.tenant_id, url=url, events=events,
                                           secret=secret, created_by_id=actor.principal_id)
        await audit.record(actor, "webhook.created", "webhook", row.id, {"url": url, "events": events})
    return WebhookCreated(**_out(row).model_dump(), secret=secret)


async def list_endpoints(actor: Actor, limit: int, cursor: str | None) -> Page[WebhookOut]:
    require(actor, "webhooks.manage")
    return await paginate(scoped(WebhookEndpoint, actor.tenant_id), WebhookOut, limit, cursor)


async def get_endpoint(actor: Actor, webhook_id: str) -> WebhookOut:
    require(actor, "webhooks.manage")
    return _out(await _endpoint(actor, webhook_id))


async def update_endpoint(actor: Actor, webhook_id: str, data: WebhookUpdate) -> WebhookOut:
    """Change the URL, the event types or ``enabled``; enabling clears the failure streak."""
    require(actor, "webhooks.manage")
    changes: dict = {}
    if data.events is not None:
        changes["events"] = _check_events(data.events)
    if data.url is not None:
        changes["url"] = await _vetted(data.url)
    if data.enabled is not None:
        changes["enabled"] = data.enabled
        if data.enabled:
            changes.update(disabled_reason=None, consecutive_failures=0)
        else:
            changes["disabled_reason"] = "disabled by an admin"
    async with in_transaction():
        row = await _endpoint(actor, webhook_id)
        if changes:
            await scoped(WebhookEndpoint, actor.tenant_id).filter(id=row.id).update(**changes, updated_at=utcnow())
            await audit.record(actor, "webhook.updated", "webhook", row.id,
                               {k: v for k, v in changes.items() if k in ("url", "events", "enabled")})
            await row.refresh_from_db()
    return _out(row)


async def delete_endpoint(actor: Actor, webhook_id: str) -> WebhookDeleted:
    """Delete the endpoint and its delivery history; nothing more is sent to it."""
    require(actor, "webhooks.manage")
    async with in_transaction():
        row = await _endpoint(actor, webhook_id)
        await scoped(WebhookEndpoint, actor.tenant_id).filter(id=row.id).delete()
        await audit.record(actor, "webhook.deleted", "webhook", row.id, {"url": row.url})
    return WebhookDeleted(id=row.id)


async def send_test(actor: Actor, webhook_id: str) -> DeliveryOut:
    """Queue a ``ping`` event for this endpoint only, whatever types it subscribes to; it is
    sent after the endpoint's earlier events (a disabled endpoint gets it once enabled)."""
    require(actor, "webhooks.manage")
    now = utcnow()
    async with in_transaction():
        row = await _endpoint(actor, webhook_id)
        event = await OutboxEvent.create(id=new_id("evt"), tenant_id=actor.tenant_id, type="ping",
                                         data={"webhook_id": row.id}, dispatched_at=now)
        delivery = new_delivery(event, row, now)
        await delivery.save()
        await audit.record(actor, "webhook.tested", "webhook", row.id, {"event_id": event.id})
    return DeliveryOut.model_validate(delivery, from_attributes=True)


async def rotate_secret(actor: Actor, webhook_id: str) -> SecretRotated:
    """Issue a new secret (shown once); the old one keeps signing alongside it for 24 h."""
    require(actor, "webhooks.manage")
    secret, expires = new_secret(), utcnow() + PREVIOUS_SECRET_VALID
    async with in_transaction():
        row = await _endpoint(actor, webhook_id)
        await scoped(WebhookEndpoint, actor.tenant_id).filter(id=row.id).update(
            secret=secret, previous_secret=row.secret, previous_secret_expires_at=expires, updated_at=utcnow())
        await audit.record(actor, "webhook.secret_rotated", "webhook", row.id,
                           {"previous_secret_expires_at": expires.isoformat()})
    return SecretRotated(id=row.id, secret=secret, previous_secret_expires_at=expires)


async def list_deliveries(actor: Actor, webhook_id: str, limit: int, cursor: str | None) -> Page[DeliveryOut]:
    """The endpoint's delivery history, newest first."""
    require(actor, "webhooks.manage")
    row = await _endpoint(actor, webhook_id)
    return await paginate(scoped(WebhookDelivery, actor.tenant_id).filter(endpoint_id=row.id),
                          DeliveryOut, limit, cursor)


async def redeliver(actor: Actor, webhook_id: str, delivery_id: str) -> DeliveryOut:
    """Send a delivery again from the start of the retry schedule (same ``webhook-id``)."""
    require(actor, "webhooks.manage")
    async with in_transaction():
        row = await _endpoint(actor, webhook_id)
        deliveries = scoped(WebhookDelivery, actor.tenant_id).filter(endpoint_id=row.id, id=delivery_id)
        if not await deliveries.update(status="pending", attempts=0, next_attempt_at=utcnow(),
                                       lease_until=None, updated_at=utcnow()):
            raise NotFound("delivery not found", {"id": delivery_id})
        await audit.record(actor, "webhook.redelivered", "webhook", row.id, {"delivery_id": delivery_id})
        delivery = await deliveries.get()
    return DeliveryOut.model_validate(delivery, from_attributes=True)
