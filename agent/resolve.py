"""Names to records: candidates, vacancies, applications and offers found fuzzily (rapidfuzz)
through the domain tools, as the chatting user; several close matches ask which one."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from tools import offers
from tools.actor import Actor
from tools.applications import ApplicationFilter, ApplicationOut, list_applications
from tools.candidates import CandidateFilter, CandidateOut, candidate_row, list_candidates
from tools.errors import DomainError, NotFound
from tools.vacancies import get_vacancy, list_vacancies
from tools.vacancy_schemas import VacancyFilter, VacancyOut

MIN_SCORE, CLOSE = 70, 4
ACTIVE = ("applied", "screening", "interview", "offer")


class Ambiguous(DomainError):
    status, code = 409, "ambiguous"


def pick(ref: str, names: dict[str, str], what: str) -> str:
    """The id whose name matches ``ref``: an exact name wins, else the best fuzzy match unless
    another is as close (then ``Ambiguous`` lists them)."""
    exact = [i for i, n in names.items() if n.casefold() == ref.strip().casefold()]
    if len(exact) == 1:
        return exact[0]
    found = process.extract(ref, names, scorer=fuzz.WRatio, processor=str.casefold, limit=5)
    found = [f for f in found if f[1] >= MIN_SCORE]
    if not found:
        raise NotFound(f"no {what} matches '{ref}'", {"query": ref})
    close = [f for f in found if f[1] >= found[0][1] - CLOSE]
    if len(close) > 1:
        choices = [{"id": f[2], "name": f[0]} for f in close]
        raise Ambiguous(f"Which {what} do you mean: " + ", ".join(c["name"] for c in choices) + "?",
                        {"choices": choices})
    return found[0][2]


def _names(rows: Iterable, attr: str) -> dict[str, str]:
    return {r.id: getattr(r, attr) for r in rows}


async def candidate(actor: Actor, ref: str) -> CandidateOut:
    """A candidate by id (``cand_…``) or by name."""
    if ref.startswith("cand_"):
        return CandidateOut.of(await candidate_row(actor, ref))
    page = await list_candidates(actor, CandidateFilter(q=ref), 25, None)
    if not page.items:
        page = await list_candidates(actor, CandidateFilter(), 100, None)
    chosen = pick(ref, _names(page.items, "name"), "candidate")
    return next(c for c in page.items if c.id == chosen)


async def vacancy(actor: Actor, ref: str) -> VacancyOut:
    """A vacancy by id (``vac_…``) or by title."""
    if ref.startswith("vac_"):
        return await get_vacancy(actor, ref)
    rows = (await list_vacancies(actor, VacancyFilter(), 100, None)).items
    chosen = pick(ref, _names(rows, "title"), "vacancy")
    return next(v for v in rows if v.id == chosen)


async def application(actor: Actor, candidate_ref: str, vacancy_ref: str | None = None
                      ) -> tuple[ApplicationOut, CandidateOut]:
    """The candidate's application to the vacancy, or (without one) their only active application."""
    person = await candidate(actor, candidate_ref)
    vacancy_id = (await vacancy(actor, vacancy_ref)).id if vacancy_ref else None
    apps = (await list_applications(actor, ApplicationFilter(candidate_id=person.id, vacancy_id=vacancy_id),
                                    100, None)).items
    if not apps:
        raise NotFound(f"{person.name} has no application" + (f" to {vacancy_ref}" if vacancy_ref else ""),
                       {"candidate_id": person.id})
    active = [a for a in apps if a.stage in ACTIVE] or apps
    if len(active) > 1 and not vacancy_id:
        titles = {a.vacancy_id: (await get_vacancy(actor, a.vacancy_id)).title for a in active}
        raise Ambiguous(f"{person.name} applied to several vacancies: {', '.join(titles.values())}. Which one?",
                        {"choices": [{"id": k, "name": v} for k, v in titles.items()]})
    return active[0], person


async def offer(actor: Actor, candidate_ref: str, vacancy_ref: str | None = None) -> tuple[offers.OfferOut, CandidateOut]:
    """The newest offer of the candidate's application."""
    app, person = await application(actor, candidate_ref, vacancy_ref)
    found = (await offers.list_offers(actor, app.id, None, 1, None)).items
    if not found:
        raise NotFound(f"{person.name} has no offer yet", {"application_id": app.id})
    return found[0], person
