"""/api/v1/vacancies (foundation slice)."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import vacancies

bp = Blueprint("recruiting", __name__, url_prefix="/api/v1")


class VacancyQuery(ListQuery, vacancies.VacancyFilter):
    pass


@bp.post("/vacancies")
@authenticated
@validate_request(vacancies.VacancyCreate)
@responds(vacancies.VacancyOut, 201)
async def create_vacancy(data: vacancies.VacancyCreate):
    """Create a vacancy (admin, recruiter)."""
    return ok(await vacancies.create_vacancy(actor(), data), 201)


@bp.get("/vacancies")
@authenticated
@validate_querystring(VacancyQuery)
@responds(vacancies.VacancyOut, many=True)
async def list_vacancies(query_args: VacancyQuery):
    """List vacancies, newest first; filter by q (title, description), status, client_id,
    department, location, skill, hiring_manager_id. Hiring managers see the vacancies they manage."""
    flt = vacancies.VacancyFilter.model_validate(query_args.model_dump(include=set(vacancies.VacancyFilter.model_fields)))
    return page(await vacancies.list_vacancies(actor(), flt, query_args.limit, query_args.cursor), query_args.limit)


@bp.get("/vacancies/<vacancy_id>")
@authenticated
@responds(vacancies.VacancyOut)
async def get_vacancy(vacancy_id: str):
    """One vacancy."""
    return ok(await vacancies.get_vacancy(actor(), vacancy_id))


@bp.patch("/vacancies/<vacancy_id>")
@authenticated
@validate_request(vacancies.VacancyUpdate)
@responds(vacancies.VacancyOut)
async def update_vacancy(vacancy_id: str, data: vacancies.VacancyUpdate):
    """Edit a vacancy (admin, recruiter): only the fields sent change. Skills are stored
    under their taxonomy names; a skill cannot be both required and nice to have."""
    return ok(await vacancies.update_vacancy(actor(), vacancy_id, data))


@bp.post("/vacancies/<vacancy_id>/extract-skills")
@authenticated
@responds(vacancies.VacancyOut)
async def extract_vacancy_skills(vacancy_id: str):
    """Re-extract skills, seniority, minimum years and languages from the stored
    description and save them (admin, recruiter); returns the vacancy."""
    return ok(await vacancies.extract_vacancy_skills(actor(), vacancy_id))
