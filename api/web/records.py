"""Vacancy and candidate pages, read through the same tools/ functions as the REST API."""

from __future__ import annotations

from pydantic import ValidationError
from quart import request

from api.web.common import actor, readable, render, signed_in, web_blueprint
from api.web.workspace import people_names
from tools import (
    applications,
    candidates,
    evaluations,
    files,
    interviews,
    offers,
    pipeline,
    rejection_reasons,
    scorecards,
    vacancies,
)
from tools.applications import STAGES
from tools.vacancy_schemas import VacancyFilter

bp = web_blueprint("web_records")


@bp.get("/app/vacancies")
@signed_in
async def vacancy_list():
    """Vacancies the user may see, filtered by words and status."""
    args = {k: v for k, v in request.args.items() if k in ("q", "status", "location") and v}
    error, rows = None, []
    try:
        rows = (await vacancies.list_vacancies(actor(), VacancyFilter.model_validate(args), 100, None)).items
    except ValidationError as exc:
        error = readable(exc)
    return await render("web/vacancies.html", vacancies=rows, filters=args, error=error,
                        statuses=("draft", "open", "on_hold", "closed", "filled"))


@bp.get("/app/vacancies/<vacancy_id>")
@signed_in
async def vacancy_page(vacancy_id: str):
    """The pipeline board, the job description with its skills, and applicants ranked by score."""
    vacancy = await vacancies.get_vacancy(actor(), vacancy_id)
    board = await pipeline.vacancy_pipeline(actor(), vacancy_id, pipeline.PipelineQuery())
    ranked = sorted((c for col in board.stages for c in col.candidates if c.score is not None),
                    key=lambda c: -c.score)
    reasons = (await rejection_reasons.get_reasons(actor())).reasons
    return await render("web/vacancy.html", vacancy=vacancy, board=board, ranked=ranked, stages=STAGES,
                        reasons=reasons)


async def _application_view(application_id: str) -> dict:
    app = await applications.get_application(actor(), application_id)
    views = await interviews.list_interviews(actor(), interviews.InterviewFilter(application_id=app.id), 100, None)
    made = (await offers.list_offers(actor(), app.id, None, 100, None)).items
    return {
        "application": app,
        "vacancy": await vacancies.get_vacancy(actor(), app.vacancy_id),
        "interviews": views.items,
        "scorecards": await scorecards.for_application(actor(), app.id),
        "offers": made,
        "waiting_for": {o.id: [p.name for p in await offers.decision_makers(actor(), o.id)]
                        for o in made if o.status == "pending_approval"},
    }


@bp.get("/app/candidates/<candidate_id>")
@signed_in
async def candidate_page(candidate_id: str):
    """Profile, CVs, evaluations with evidence, and per application: interviews, scorecards, offers, history."""
    person = await candidates.get_candidate(actor(), candidate_id)
    evals = [await evaluations.get_evaluation(actor(), e.id) for e in person.latest_evaluations]
    titles = {a.vacancy_id: (await vacancies.get_vacancy(actor(), a.vacancy_id)).title for a in person.applications}
    return await render(
        "web/candidate.html", person=person, evaluations=evals, titles=titles,
        cvs=(await files.candidate_files(actor(), candidate_id)).files,
        applications=[await _application_view(a.id) for a in person.applications],
        people=await people_names())
