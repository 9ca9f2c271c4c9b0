"""/api/v1/analytics and the applications export of a vacancy (staff)."""

from __future__ import annotations

from quart import Blueprint, Response

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import responds
from tools import analytics, exports

bp = Blueprint("analytics", __name__, url_prefix="/api/v1")


@bp.get("/analytics/overview")
@authenticated
@responds(analytics.Overview)
async def overview():
    """Open vacancies, candidates, applications by stage, average score, shortlisted,
    hires and the median days from application to hire."""
    return ok(await analytics.overview(actor()))


@bp.get("/analytics/vacancies/<vacancy_id>")
@authenticated
@responds(analytics.VacancyAnalytics)
async def vacancy_analytics(vacancy_id: str):
    """One vacancy: daily applications (last 30 days), funnel conversion per stage,
    score bands and median days in each stage."""
    return ok(await analytics.vacancy_analytics(actor(), vacancy_id))


@bp.get("/vacancies/<vacancy_id>/applications/export.csv")
@authenticated
@responds(None)
async def export_applications(vacancy_id: str):
    """The vacancy's applications as CSV (text/csv), best score first; cells a spreadsheet
    would run as formulas are prefixed with a quote."""
    filename, body = await exports.export_applications_csv(actor(), vacancy_id)
    return Response(body, content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
