"""/api/v1/integrations/slack: link the tenant's Slack workspace (admin)."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_request

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import responds
from tools import slack_link

bp = Blueprint("integrations", __name__, url_prefix="/api/v1")


@bp.get("/integrations/slack")
@authenticated
@responds(slack_link.SlackLinkOut)
async def get_slack_link():
    """The Slack workspace linked to this tenant (`linked: false` when none)."""
    return ok(await slack_link.get_link(actor()))


@bp.put("/integrations/slack")
@authenticated
@validate_request(slack_link.SlackLinkIn)
@responds(slack_link.SlackLinkOut)
async def put_slack_link(data: slack_link.SlackLinkIn):
    """Link a Slack workspace (`team_id`, T…) to this tenant, replacing any earlier link. Events from
    that workspace then run as the tenant user with the same email; a workspace already linked to
    another tenant is 409."""
    return ok(await slack_link.link_workspace(actor(), data))


@bp.delete("/integrations/slack")
@authenticated
@responds(slack_link.SlackLinkOut)
async def delete_slack_link():
    """Unlink the workspace: its events are then refused. Unlinking twice is harmless."""
    return ok(await slack_link.unlink_workspace(actor()))
