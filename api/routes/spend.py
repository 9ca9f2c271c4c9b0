"""/api/v1/usage/spend: the tenant's AI spend from the usage ledger (admin)."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import responds
from tools import spend

bp = Blueprint("spend", __name__, url_prefix="/api/v1")


@bp.get("/usage/spend")
@authenticated
@validate_querystring(spend.SpendQuery)
@responds(spend.SpendReport)
async def ai_spend(query_args: spend.SpendQuery):
    """Model usage and cost over a `window` (24h, 7d, 30d, all), in total and per
    `group_by` (feature, user, model, day in UTC), with the monthly budget. Money is a
    decimal string in USD."""
    return ok(await spend.spend_report(actor(), query_args))
