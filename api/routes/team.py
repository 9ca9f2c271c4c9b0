"""/api/v1/team and /api/v1/tenant: members, roles, tenant settings."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import team
from tools.schemas import TenantOut, UserOut

bp = Blueprint("team", __name__, url_prefix="/api/v1")


@bp.get("/team")
@authenticated
@validate_querystring(ListQuery)
@responds(UserOut, many=True)
async def list_team(query_args: ListQuery):
    """List the members of your tenant."""
    return page(await team.list_members(actor(), query_args.limit, query_args.cursor), query_args.limit)


@bp.patch("/team/<user_id>")
@authenticated
@validate_request(team.RoleChange)
@responds(UserOut)
async def change_role(user_id: str, data: team.RoleChange):
    """Change a member's role (admin only; the last admin cannot be demoted)."""
    return ok(await team.change_role(actor(), user_id, data))


@bp.get("/tenant")
@authenticated
@responds(TenantOut)
async def get_tenant():
    """Your tenant's settings."""
    return ok(await team.get_tenant(actor()))


@bp.patch("/tenant")
@authenticated
@validate_request(team.TenantUpdate)
@responds(TenantOut)
async def update_tenant(data: team.TenantUpdate):
    """Update the tenant's name, API rate limit per minute or monthly AI budget (admin only)."""
    return ok(await team.update_tenant(actor(), data))
