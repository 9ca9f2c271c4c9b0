"""The permission table (SPEC §4), enforced here so no surface can bypass it."""

from __future__ import annotations

from tools.actor import Actor
from tools.errors import Forbidden

ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER = "admin", "recruiter", "hiring_manager", "interviewer"
ROLES = (ADMIN, RECRUITER, HIRING_MANAGER, INTERVIEWER)

_ALL = frozenset(ROLES)
_STAFF = frozenset({ADMIN, RECRUITER, HIRING_MANAGER})
_WRITERS = frozenset({ADMIN, RECRUITER})
_ADMIN = frozenset({ADMIN})

POLICY: dict[str, frozenset[str]] = {
    "tenant.read": _ALL,
    "tenant.update": _ADMIN,
    "tenant.export": _ADMIN,
    "tenant.delete": _ADMIN,
    "team.read": _STAFF,
    "team.manage": _ADMIN,
    "api_keys.manage": _ADMIN,
    "audit.read": _ADMIN,
    "webhooks.manage": _ADMIN,
    "vacancies.read": _STAFF,          # hiring managers: only the vacancies they manage
    "vacancies.write": _WRITERS,
    "candidates.read": _STAFF,
    "candidates.write": _WRITERS,
    "clients.read": _STAFF,
    "clients.write": _WRITERS,
    "parsing.run": _WRITERS,
    "skills.extract": _STAFF,
    "sourcing.run": _STAFF,
    "usage.read": _STAFF,
    "spend.read": _ADMIN,
    "screening.run": _WRITERS,
    "evaluations.read": _STAFF,
    "jobs.read": _STAFF,
    "drafting.run": _STAFF,
    "outreach.send": _WRITERS,
    "library.read": _STAFF,
    "library.write": _STAFF,
    "interviews.schedule": _STAFF,
    "offers.read": _STAFF,
    "offers.write": _WRITERS,
    "offers.approve": frozenset({ADMIN, HIRING_MANAGER}),
    "interviews.read": _ALL,
    "scorecards.submit": _ALL,
    "scorecards.read_all": _STAFF,
    "screening_batches.run": _WRITERS,
    # hiring managers: only their own vacancies (tools/vacancy_status.visible_vacancies)
    "applications.read": _STAFF,
    "applications.write": _WRITERS,
    "applications.move": _STAFF,
    "rejection_reasons.read": _STAFF,
    "rejection_reasons.manage": _ADMIN,
    "applications.export": _STAFF,
    "analytics.read": _STAFF,
    "integrations.manage": _ADMIN,
}


def allowed(actor: Actor, action: str) -> bool:
    return actor.role in POLICY[action]


def require(actor: Actor, action: str) -> None:
    """Raise ``Forbidden`` unless the actor's role may perform ``action``."""
    if not allowed(actor, action):
        raise Forbidden(f"role '{actor.role}' may not perform '{action}'")
