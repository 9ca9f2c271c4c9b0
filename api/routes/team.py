"""/api/v1/team and /api/v1/tenant: members, roles, tenant settings."""

from __future__ import annotations

from pydantic import BaseModel, Field
from quart import Blueprint, Response
from quart_schema import document_response, validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import team, tenant_data
from tools.clock import utcnow
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


class ExportQuery(BaseModel):
    include_files: bool = Field(default=False, description="embed each stored file's bytes as base64")


@bp.get("/tenant/export")
@authenticated
@validate_querystring(ExportQuery)
@document_response(tenant_data.TenantExport, 200)
@responds(None)
async def export_tenant(query_args: ExportQuery):
    """All of the tenant's data as one JSON document (admin only), streamed: `format`,
    `exported_at`, `tenant` and `tables` (every tenant-owned table's rows; password and token
    hashes scrubbed, sign-in sessions left out). `?include_files=true` embeds CV bytes."""
    stream = await tenant_data.export_tenant(actor(), query_args.include_files)
    name = f"hirebot-export-{actor().tenant_id}-{utcnow():%Y%m%d}.json"
    return Response(stream, content_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.delete("/tenant")
@authenticated
@validate_request(tenant_data.TenantDelete)
@responds(tenant_data.TenantDeletedOut)
async def delete_tenant(data: tenant_data.TenantDelete):
    """Delete the tenant and everything it owns, files included (a signed-in admin, typing the
    tenant's slug as `confirm`). Other tenants are untouched; this cannot be undone."""
    return ok(await tenant_data.delete_tenant(actor(), data))
