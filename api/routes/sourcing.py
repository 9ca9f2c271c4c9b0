"""/api/v1/source and /api/v1/vacancies/{id}/suggestions: ranking the talent pool."""

from __future__ import annotations

from pydantic import BaseModel, Field
from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import responds
from tools import sourcing

bp = Blueprint("sourcing", __name__, url_prefix="/api/v1")


class SuggestionsQuery(BaseModel):
    count: int = Field(default=10, ge=1, le=50, description="How many candidates (1-50)")


@bp.post("/source")
@authenticated
@validate_request(sourcing.SourceRequest)
@responds(sourcing.SourceResult)
async def source(data: sourcing.SourceRequest):
    """Rank the talent pool for a free-text brief (admin, recruiter, hiring manager).

    Skills are read through the taxonomy (aliases such as "k8s" count), plus seniority
    words, "N+ years" and "in <place>". `filters` are hard: location contains, at least
    `min_years`, every listed skill. Each candidate has a 0-100 score, the matched and
    related skills and a one-line rationale; `brief` shows how the text was read.
    """
    return ok(await sourcing.source(actor(), data))


@bp.get("/vacancies/<vacancy_id>/suggestions")
@authenticated
@validate_querystring(SuggestionsQuery)
@responds(sourcing.SourceResult)
async def vacancy_suggestions(vacancy_id: str, query_args: SuggestionsQuery):
    """Talent-pool candidates for a vacancy (its skills, title, seniority, years and
    location as the brief), leaving out those who already applied to it."""
    return ok(await sourcing.suggest_for_vacancy(actor(), vacancy_id, query_args.count))
