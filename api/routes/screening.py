"""/api/v1 screening: evaluate applications, read evaluations, rescore vacancies, job status."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import evaluations, jobs

bp = Blueprint("screening", __name__, url_prefix="/api/v1")


class EvaluationQuery(ListQuery, evaluations.EvaluationFilter):
    pass


@bp.post("/applications/<application_id>/evaluate")
@authenticated
@validate_request(evaluations.EvaluateInput)
@responds(evaluations.EvaluationOut, 201)
async def evaluate_application(application_id: str, data: evaluations.EvaluateInput):
    """Screen the application's candidate against its vacancy (admin, recruiter).

    Returns the stored evaluation: score 0-100, band, recommendation, per-skill status
    (`evidenced` with the quoted line and role, `claimed`, `missing`), strengths, concerns,
    red flags and a verdict; `engine` says whether a model wrote the prose. `blind` withholds
    identity cues (default: the tenant's `blind_screening` setting).
    """
    return ok(await evaluations.evaluate_application(actor(), application_id, data), 201)


@bp.get("/evaluations")
@authenticated
@validate_querystring(EvaluationQuery)
@responds(evaluations.EvaluationOut, many=True)
async def list_evaluations(query_args: EvaluationQuery):
    """List evaluations, newest first; filter by vacancy_id, candidate_id, min_score, band, recommendation."""
    flt = evaluations.EvaluationFilter.model_validate(query_args.model_dump(exclude={"limit", "cursor"}))
    return page(await evaluations.list_evaluations(actor(), flt, query_args.limit, query_args.cursor),
                query_args.limit)


@bp.get("/evaluations/<evaluation_id>")
@authenticated
@responds(evaluations.EvaluationOut)
async def get_evaluation(evaluation_id: str):
    """One evaluation."""
    return ok(await evaluations.get_evaluation(actor(), evaluation_id))


@bp.post("/vacancies/<vacancy_id>/rescore")
@authenticated
@validate_request(evaluations.RescoreInput)
@responds(evaluations.RescoreOut, 200)
@responds(evaluations.RescoreOut, 202, errors=())
async def rescore_vacancy(vacancy_id: str, data: evaluations.RescoreInput):
    """Rescore every application of a vacancy, optionally with new `required_skills` /
    `nice_to_have_skills` (saved on the vacancy). No CV is read again. Up to 200 applications
    answer 200 at once; more answer 202 with a job to poll at `/api/v1/jobs/{id}`. Each new
    evaluation emits `evaluation.completed`.
    """
    out = await evaluations.rescore_vacancy(actor(), vacancy_id, data)
    return ok(out, 200 if out.status == "completed" else 202)


@bp.get("/jobs/<job_id>")
@authenticated
@responds(jobs.JobOut)
async def get_job(job_id: str):
    """Status and progress of a background job (parse batch, rescoring)."""
    return ok(await jobs.get_job(actor(), job_id))
