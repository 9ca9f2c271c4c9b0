"""Vacancy status moves (rules in docs/pipeline.md) and which vacancies an actor may see.

A hiring manager sees only the vacancies they manage; an API key with that role acts for
no user, so it manages none. Everyone else with ``vacancies.read`` sees the whole tenant.
"""

from __future__ import annotations

from tortoise.queryset import QuerySet

from storage import outbox
from storage.models import Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Conflict, NotFound
from tools.policy import HIRING_MANAGER
from tools.vacancy_schemas import VacancyOut

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("open",),
    "open": ("on_hold", "closed", "filled"),
    "on_hold": ("open", "closed"),
    "closed": ("open",),
    "filled": ("open",),
}


def visible_vacancies(actor: Actor) -> QuerySet[Vacancy]:
    """The tenant's vacancies this actor may read."""
    qs = scoped(Vacancy, actor.tenant_id)
    if actor.role == HIRING_MANAGER:
        qs = qs.filter(hiring_manager_id=actor.user_id or "")
    return qs


async def vacancy_row(actor: Actor, vacancy_id: str, lock: bool = False) -> Vacancy:
    """A vacancy the actor may see (locked for update inside a transaction when asked), else 404."""
    qs = visible_vacancies(actor)
    row = await (qs.select_for_update(no_key=True) if lock else qs).get_or_none(id=vacancy_id)
    if row is None:
        raise NotFound("vacancy not found", {"id": vacancy_id})
    return row


def vacancy_out(row: Vacancy) -> VacancyOut:
    return VacancyOut.model_validate(row, from_attributes=True)


async def move_status(actor: Actor, row: Vacancy, to: str, reason: str | None = None) -> VacancyOut:
    """Move a locked vacancy to ``to`` (call inside the transaction): 409 with the allowed
    moves when the rules forbid it; the first opening sets ``published_at``. Records the
    audit row and ``vacancy.status_changed`` (plus ``vacancy.published`` the first time)."""
    before = row.status
    allowed = TRANSITIONS[before]
    if to not in allowed:
        raise Conflict(f"a {before} vacancy cannot become {to}",
                       {"status": before, "requested": to, "allowed": list(allowed)})
    row.status = to
    changed = ["status", "updated_at"]
    first_publish = to == "open" and row.published_at is None
    if first_publish:
        row.published_at = utcnow()
        changed.append("published_at")
    await row.save(update_fields=changed)
    out = vacancy_out(await scoped(Vacancy, actor.tenant_id).get(id=row.id))
    details = {"from": before, "to": to, "reason": reason}
    await audit.record(actor, "vacancy.status_changed", "vacancy", row.id, details)
    await outbox.emit(actor.tenant_id, "vacancy.status_changed", {"id": row.id, **details,
                                                                  "vacancy": out.model_dump(mode="json")})
    if first_publish:
        await outbox.emit(actor.tenant_id, "vacancy.published", out.model_dump(mode="json"))
    return out
