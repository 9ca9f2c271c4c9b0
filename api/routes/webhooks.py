"""/api/v1/webhooks: endpoints, test ping, secret rotation, delivery history, redelivery."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import webhooks

bp = Blueprint("webhooks", __name__, url_prefix="/api/v1/webhooks")


@bp.post("")
@authenticated
@validate_request(webhooks.WebhookCreate)
@responds(webhooks.WebhookCreated, 201)
async def create_webhook(data: webhooks.WebhookCreate):
    """Subscribe an https URL to event types (admin only). The signing secret appears only here."""
    return ok(await webhooks.create_endpoint(actor(), data), 201)


@bp.get("")
@authenticated
@validate_querystring(ListQuery)
@responds(webhooks.WebhookOut, many=True)
async def list_webhooks(query_args: ListQuery):
    """List webhook endpoints (never their secrets)."""
    return page(await webhooks.list_endpoints(actor(), query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/<webhook_id>")
@authenticated
@responds(webhooks.WebhookOut)
async def get_webhook(webhook_id: str):
    """One webhook endpoint."""
    return ok(await webhooks.get_endpoint(actor(), webhook_id))


@bp.patch("/<webhook_id>")
@authenticated
@validate_request(webhooks.WebhookUpdate)
@responds(webhooks.WebhookOut)
async def update_webhook(webhook_id: str, data: webhooks.WebhookUpdate):
    """Change the URL, the event types or ``enabled`` (enabling clears the failure streak)."""
    return ok(await webhooks.update_endpoint(actor(), webhook_id, data))


@bp.delete("/<webhook_id>")
@authenticated
@responds(webhooks.WebhookDeleted)
async def delete_webhook(webhook_id: str):
    """Delete an endpoint and its delivery history."""
    return ok(await webhooks.delete_endpoint(actor(), webhook_id))


@bp.post("/<webhook_id>/test")
@authenticated
@responds(webhooks.DeliveryOut, 202)
async def test_webhook(webhook_id: str):
    """Queue a ``ping`` event for this endpoint; follow it in its deliveries."""
    return ok(await webhooks.send_test(actor(), webhook_id), 202)


@bp.post("/<webhook_id>/rotate-secret")
@authenticated
@responds(webhooks.SecretRotated)
async def rotate_webhook_secret(webhook_id: str):
    """Issue a new signing secret (shown once); the old one also signs for 24 hours."""
    return ok(await webhooks.rotate_secret(actor(), webhook_id))


@bp.get("/<webhook_id>/deliveries")
@authenticated
@validate_querystring(ListQuery)
@responds(webhooks.DeliveryOut, many=True)
async def list_webhook_deliveries(webhook_id: str, query_args: ListQuery):
    """Delivery history, newest first: status, attempts, response code, latency, next retry."""
    return page(await webhooks.list_deliveries(actor(), webhook_id, query_args.limit, query_args.cursor),
                query_args.limit)


@bp.post("/<webhook_id>/deliveries/<delivery_id>/redeliver")
@authenticated
@responds(webhooks.DeliveryOut, 202)
async def redeliver_webhook(webhook_id: str, delivery_id: str):
    """Queue a delivery again from the start of the retry schedule (same webhook-id)."""
    return ok(await webhooks.redeliver(actor(), webhook_id, delivery_id), 202)
