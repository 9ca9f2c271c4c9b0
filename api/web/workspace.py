"""The signed-in workspace: chat (the landing page) and the approvals inbox."""

from __future__ import annotations

from quart import request

from agent import conversations
from api.web.common import actor, render, signed_in, web_blueprint
from tools import applications, candidates, offers, team, vacancies
from tools.errors import Forbidden
from tools.vacancy_schemas import VacancyFilter

bp = web_blueprint("web_workspace")


async def people_names() -> dict[str, str]:
    """User id → name for the tenant, for "waiting for <name>"; empty for roles that cannot list the team."""
    try:
        members = await team.list_members(actor(), 100, None)
    except Forbidden:
        return {}
    return {u.id: u.name for u in members.items}


async def open_vacancies() -> list:
    """Open vacancies the user may see (CVs dropped in the chat can apply to one); none for interviewers."""
    try:
        return (await vacancies.list_vacancies(actor(), VacancyFilter(status="open"), 100, None)).items
    except Forbidden:
        return []


@bp.get("/app")
@signed_in
async def chat():
    """Chat with the agent: the conversation list and the selected (or a new) conversation."""
    mine = await conversations.list_conversations(actor(), 50, None)
    return await render("web/chat.html", conversations=mine.items, selected=request.args.get("c", ""),
                        people=await people_names(), vacancies=await open_vacancies())


async def _offer_context(offer: offers.OfferOut) -> dict:
    app = await applications.get_application(actor(), offer.application_id)
    return {"offer": offer, "candidate": await candidates.get_candidate(actor(), app.candidate_id),
            "vacancy": await vacancies.get_vacancy(actor(), app.vacancy_id)}


@bp.get("/app/approvals")
@signed_in
async def approvals():
    """Offers waiting for the signed-in hiring manager's (or admin's) decision."""
    waiting = [await _offer_context(o) for o in await offers.pending_for(actor())]
    return await render("web/approvals.html", waiting=waiting)
