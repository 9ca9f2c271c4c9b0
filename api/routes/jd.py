"""/api/v1/skills/extract: skills and requirements of a job description."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_request

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import responds
from tools.jd import service

bp = Blueprint("jd", __name__, url_prefix="/api/v1")


@bp.post("/skills/extract")
@authenticated
@validate_request(service.SkillsExtractIn)
@responds(service.SkillsExtractOut)
async def extract_skills(data: service.SkillsExtractIn):
    """Required and nice-to-have skills (canonical names), seniority, minimum years and
    spoken languages of a job description (1-50,000 characters); admin, recruiter, hiring manager."""
    return ok(await service.extract_skills(actor(), data))
