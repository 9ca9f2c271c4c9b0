"""Vacancies: create, list, get, edit, delete, status moves, and requirements extracted
from the description.

Skills are stored under their taxonomy names when known and as given otherwise,
de-duplicated case-insensitively; a skill is either required or nice to have, never both.
The slug is made from the title at creation (unique per tenant) and never changes.
"""

from __future__ import annotations

import re
import unicodedata

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Application, Client, User, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.errors import Conflict, InvalidInput, NotFound
from tools.jd import extract_requirements
from tools.pagination import Page, paginate
from tools.parsing.skills import canonical_skill_list
from tools.policy import ADMIN, HIRING_MANAGER, require
from tools.vacancy_schemas import (
    StatusChange,
    VacancyCreate,
    VacancyFilter,
    VacancyOut,
    VacancyUpdate,
)
from tools.vacancy_status import move_status, vacancy_out, vacancy_row, visible_vacancies

SLUG_ATTEMPTS = 5


async def create_vacancy(actor: Actor, data: VacancyCreate) -> VacancyOut:
    require(actor, "vacancies.write")
    fields = data.model_dump()
    given = data.model_fields_set
    if not given & {"required_skills", "nice_to_have_skills"} and data.description.strip():
        found = extract_requirements(data.description, data.title, data.department)
        fields.update(required_skills=found.required, nice_to_have_skills=found.nice_to_have)
        for name in ("seniority", "min_years", "languages"):
            if name not in given:
                fields[name] = getattr(found, name)
    _check_skills(fields)
    await _check_refs(actor, fields)
    status = fields.pop("status")
    for _ in range(SLUG_ATTEMPTS):
        slug = await _free_slug(actor.tenant_id, _slug_base(data.title))
        try:
            async with in_transaction():
                row = await Vacancy.create(id=new_id("vac"), tenant_id=actor.tenant_id, slug=slug, status="draft",
                                           **fields)
                out = vacancy_out(row)
                await audit.record(actor, "vacancy.created", "vacancy", row.id, {"title": row.title})
                await outbox.emit(actor.tenant_id, "vacancy.created", out.model_dump(mode="json"))
                if status == "open":
                    out = await move_status(actor, row, "open")
                return out
        except IntegrityError:
            continue  # another vacancy took the slug meanwhile: pick the next one
    raise Conflict("could not allocate a unique slug; retry", {"title": data.title})


async def list_vacancies(actor: Actor, flt: VacancyFilter, limit: int, cursor: str | None) -> Page[VacancyOut]:
    """Newest first. A hiring manager sees only the vacancies they manage."""
    require(actor, "vacancies.read")
    qs = visible_vacancies(actor)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.q:
        qs = qs.filter(Q(title__icontains=flt.q) | Q(description__icontains=flt.q))
    if flt.client_id:
        qs = qs.filter(client_id=flt.client_id)
    if flt.hiring_manager_id:
        qs = qs.filter(hiring_manager_id=flt.hiring_manager_id)
    if flt.department:
        qs = qs.filter(department__iexact=flt.department)
    if flt.location:
        qs = qs.filter(location__icontains=flt.location)
    if flt.skill:
        qs = qs.filter(id__in=await _with_skill(qs, flt.skill))
    return await paginate(qs, VacancyOut, limit, cursor)


async def get_vacancy(actor: Actor, vacancy_id: str) -> VacancyOut:
    require(actor, "vacancies.read")
    return vacancy_out(await vacancy_row(actor, vacancy_id))


async def update_vacancy(actor: Actor, vacancy_id: str, data: VacancyUpdate) -> VacancyOut:
    """Change the fields given; skills are canonicalised and must not be both required and
    nice; a status change follows the status rules."""
    require(actor, "vacancies.write")
    changes = data.model_dump(include=data.model_fields_set)
    status = changes.pop("status", None)
    await _check_refs(actor, changes)
    async with in_transaction():
        row = await vacancy_row(actor, vacancy_id, lock=True)
        merged = {"required_skills": row.required_skills, "nice_to_have_skills": row.nice_to_have_skills,
                  "salary_min": row.salary_min, "salary_max": row.salary_max, **changes}
        _check_skills(merged)
        if merged["salary_min"] is not None and merged["salary_max"] is not None \
                and merged["salary_min"] > merged["salary_max"]:
            raise InvalidInput("salary_min must not exceed salary_max",
                               {"salary_min": str(merged["salary_min"]), "salary_max": str(merged["salary_max"])})
        changes.update({k: merged[k] for k in ("required_skills", "nice_to_have_skills") if k in changes})
        moves = status is not None and status != row.status
        out = await _save(actor, row, changes) if changes or not moves else vacancy_out(row)
        return await move_status(actor, row, status) if moves else out


async def change_status(actor: Actor, vacancy_id: str, data: StatusChange) -> VacancyOut:
    """Move a vacancy through ``draft → open → on_hold/closed/filled`` (docs/pipeline.md)."""
    require(actor, "vacancies.write")
    async with in_transaction():
        return await move_status(actor, await vacancy_row(actor, vacancy_id, lock=True), data.status, data.reason)


async def delete_vacancy(actor: Actor, vacancy_id: str) -> VacancyOut:
    """Delete a vacancy that has no applications (409 otherwise: close it instead)."""
    require(actor, "vacancies.write")
    async with in_transaction():
        row = await vacancy_row(actor, vacancy_id, lock=True)
        count = await scoped(Application, actor.tenant_id).filter(vacancy_id=row.id).count()
        if count:
            raise Conflict("a vacancy with applications cannot be deleted; close it instead",
                           {"applications": count, "status": row.status})
        out = vacancy_out(row)
        await scoped(Vacancy, actor.tenant_id).filter(id=row.id).delete()
        await audit.record(actor, "vacancy.deleted", "vacancy", row.id, {"title": row.title})
        await outbox.emit(actor.tenant_id, "vacancy.deleted", {"id": row.id})
    return out


async def extract_vacancy_skills(actor: Actor, vacancy_id: str) -> VacancyOut:
    """Re-run requirement extraction on the stored description and save the result."""
    require(actor, "vacancies.write")
    async with in_transaction():
        row = await vacancy_row(actor, vacancy_id, lock=True)
        found = extract_requirements(row.description, row.title, row.department)
        return await _save(actor, row, {
            "required_skills": found.required, "nice_to_have_skills": found.nice_to_have,
            "seniority": found.seniority, "min_years": found.min_years, "languages": found.languages})


async def _save(actor: Actor, row: Vacancy, changes: dict) -> VacancyOut:
    """Apply ``changes``, with the audit record and the ``vacancy.updated`` event (call in a transaction)."""
    for name, value in changes.items():
        setattr(row, name, value)
    await row.save(update_fields=[*changes, "updated_at"])
    out = vacancy_out(row)
    await audit.record(actor, "vacancy.updated", "vacancy", row.id, {"fields": sorted(changes)})
    await outbox.emit(actor.tenant_id, "vacancy.updated", out.model_dump(mode="json"))
    return out


def _check_skills(fields: dict) -> None:
    """Canonicalise both skill lists in place; 400 when a skill is in both."""
    required = canonical_skill_list(fields["required_skills"])
    nice = canonical_skill_list(fields["nice_to_have_skills"])
    both = sorted({s.casefold() for s in required} & {s.casefold() for s in nice})
    if both:
        raise InvalidInput("a skill cannot be both required and nice to have",
                           {"skills": [s for s in required if s.casefold() in both]})
    fields["required_skills"], fields["nice_to_have_skills"] = required, nice


async def _check_refs(actor: Actor, fields: dict) -> None:
    """The client and hiring manager named must be in the tenant (404); the hiring manager
    must be an active hiring manager or admin (400)."""
    if fields.get("client_id") and not await scoped(Client, actor.tenant_id).filter(id=fields["client_id"]).exists():
        raise NotFound("client not found", {"client_id": fields["client_id"]})
    if fields.get("hiring_manager_id"):
        user = await scoped(User, actor.tenant_id).get_or_none(id=fields["hiring_manager_id"])
        if user is None:
            raise NotFound("user not found", {"hiring_manager_id": fields["hiring_manager_id"]})
        if user.role not in (HIRING_MANAGER, ADMIN) or not user.is_active:
            raise InvalidInput("the hiring manager must be an active hiring manager or admin",
                               {"hiring_manager_id": user.id, "role": user.role})


async def _with_skill(qs: QuerySet[Vacancy], skill: str) -> list[str]:
    """Ids of the vacancies in ``qs`` that require or would like ``skill`` (any alias,
    any case). Matched in Python so SQLite and PostgreSQL agree on JSON lists."""
    wanted = {s.casefold() for s in canonical_skill_list([skill])} | {skill.strip().casefold()}
    rows = await qs.values("id", "required_skills", "nice_to_have_skills")
    return [r["id"] for r in rows
            if wanted & {s.casefold() for s in [*r["required_skills"], *r["nice_to_have_skills"]]}]


def _slug_base(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:100] or "vacancy"


async def _free_slug(tenant_id: str, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is free in the tenant."""
    taken = set(await scoped(Vacancy, tenant_id).filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
