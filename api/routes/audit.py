"""/api/v1/audit: the tenant's audit log, CSV export and chain verification (admin only)."""

from __future__ import annotations

from quart import Blueprint, Response
from quart_schema import validate_querystring

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import audit

bp = Blueprint("audit", __name__, url_prefix="/api/v1/audit")


class AuditQuery(ListQuery, audit.AuditFilter):
    pass


@bp.get("")
@authenticated
@validate_querystring(AuditQuery)
@responds(audit.AuditOut, many=True)
async def list_events(query_args: AuditQuery):
    """Audit events, newest first; filter by action, actor id, since and until (ISO 8601)."""
    flt = audit.AuditFilter.model_validate(query_args.model_dump(include=set(audit.AuditFilter.model_fields)))
    return page(await audit.list_events(actor(), flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/export.csv")
@authenticated
@validate_querystring(audit.AuditFilter)
@responds(None)
async def export_csv(query_args: audit.AuditFilter):
    """The filtered audit log as CSV (text/csv), oldest first."""
    body = await audit.export_csv(actor(), query_args)
    return Response(body, content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit.csv"'})


@bp.get("/verify")
@authenticated
@responds(audit.ChainReport)
async def verify():
    """Recompute the hash chain; reports the first broken link, if any."""
    return ok(await audit.verify_chain(actor()))
