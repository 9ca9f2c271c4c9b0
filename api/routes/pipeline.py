"""/api/v1 vacancy status, deletion and pipeline; applications; rejection reasons."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import applications, pipeline, rejection_reasons, vacancies
from tools.vacancy_schemas import StatusChange, VacancyOut

bp = Blueprint("pipeline", __name__, url_prefix="/api/v1")


class ApplicationQuery(ListQuery, applications.ApplicationFilter):
    pass


@bp.post("/vacancies/<vacancy_id>/status")
@authenticated
@validate_request(StatusChange)
@responds(VacancyOut)
async def change_vacancy_status(vacancy_id: str, data: StatusChange):
    """Move a vacancy (admin, recruiter): draft→open, open→on_hold|closed|filled,
    on_hold→open|closed, closed→open, filled→open; anything else is 409 with the allowed moves."""
    return ok(await vacancies.change_status(actor(), vacancy_id, data))


@bp.delete("/vacancies/<vacancy_id>")
@authenticated
@responds(VacancyOut)
async def delete_vacancy(vacancy_id: str):
    """Delete a vacancy without applications (admin, recruiter); 409 when it has any."""
    return ok(await vacancies.delete_vacancy(actor(), vacancy_id))


@bp.get("/vacancies/<vacancy_id>/pipeline")
@authenticated
@validate_querystring(pipeline.PipelineQuery)
@responds(pipeline.PipelineOut)
async def vacancy_pipeline(vacancy_id: str, query_args: pipeline.PipelineQuery):
    """Counts per stage and the candidates in each stage, best score first."""
    return ok(await pipeline.vacancy_pipeline(actor(), vacancy_id, query_args))


@bp.post("/applications")
@authenticated
@validate_request(applications.ApplicationCreate)
@responds(applications.ApplicationDetail, 201)
async def create_application(data: applications.ApplicationCreate):
    """Apply a candidate to a vacancy (admin, recruiter); 409 with `application_id` if they already did."""
    return ok(await applications.create_application(actor(), data), 201)


@bp.get("/applications")
@authenticated
@validate_querystring(ApplicationQuery)
@responds(applications.ApplicationOut, many=True)
async def list_applications(query_args: ApplicationQuery):
    """List applications, newest first; filter by vacancy_id, candidate_id, stage."""
    flt = applications.ApplicationFilter.model_validate(
        query_args.model_dump(include=set(applications.ApplicationFilter.model_fields)))
    return page(await applications.list_applications(actor(), flt, query_args.limit, query_args.cursor),
                query_args.limit)


@bp.get("/applications/<application_id>")
@authenticated
@responds(applications.ApplicationDetail)
async def get_application(application_id: str):
    """One application with its stage history."""
    return ok(await applications.get_application(actor(), application_id))


@bp.post("/applications/<application_id>/stage")
@authenticated
@validate_request(applications.StageMove)
@responds(applications.ApplicationDetail)
async def move_application(application_id: str, data: applications.StageMove):
    """Move an application to another stage (admin, recruiter; hiring managers in their
    vacancies). `rejected` needs a reason from the rejection-reason list."""
    return ok(await applications.move_stage(actor(), application_id, data))


@bp.post("/applications/<application_id>/withdraw")
@authenticated
@validate_request(applications.Withdrawal)
@responds(applications.ApplicationDetail)
async def withdraw_application(application_id: str, data: applications.Withdrawal):
    """Record that the candidate withdrew (admin, recruiter)."""
    return ok(await applications.withdraw(actor(), application_id, data))


@bp.get("/settings/rejection-reasons")
@authenticated
@responds(rejection_reasons.RejectionReasons)
async def get_rejection_reasons():
    """The tenant's rejection reasons (defaults until an admin sets them)."""
    return ok(await rejection_reasons.get_reasons(actor()))


@bp.put("/settings/rejection-reasons")
@authenticated
@validate_request(rejection_reasons.RejectionReasons)
@responds(rejection_reasons.RejectionReasons)
async def set_rejection_reasons(data: rejection_reasons.RejectionReasons):
    """Replace the tenant's rejection reasons (admin)."""
    return ok(await rejection_reasons.set_reasons(actor(), data))
