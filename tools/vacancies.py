"""Vacancies: create, list, get, edit, and requirements extracted from the description.

Skills are stored under their taxonomy names when known and as given otherwise,
de-duplicated case-insensitively; a skill is either required or nice to have, never both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.errors import InvalidInput, NotFound
from tools.jd import extract_requirements
from tools.jd.service import Seniority
from tools.pagination import Page, paginate
from tools.parsing.skills import canonical_skill_list
from tools.policy import require

Status = Literal["draft", "open", "on_hold", "closed", "filled"]
Skill = Annotated[str, Field(min_length=1, max_length=100)]
Language = Annotated[str, Field(min_length=1, max_length=60)]


class VacancyCreate(BaseModel):
    """Without ``required_skills`` and ``nice_to_have_skills``, both (and seniority, min_years
    and languages when not given) are extracted from the description."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=50_000)
    department: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = False
    status: Literal["draft", "open"] = "draft"
    required_skills: list[Skill] = Field(default_factory=list, max_length=100)
    nice_to_have_skills: list[Skill] = Field(default_factory=list, max_length=100)
    seniority: Seniority | None = None
    min_years: float | None = Field(default=None, ge=0, le=50)
    languages: list[Language] = Field(default_factory=list, max_length=20)


class VacancyUpdate(BaseModel):
    """Fields to change; those left out stay as they are."""

    title: str = Field(default=None, min_length=1, max_length=200)
    description: str = Field(default=None, max_length=50_000)
    department: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = Field(default=None)
    required_skills: list[Skill] = Field(default=None, max_length=100)
    nice_to_have_skills: list[Skill] = Field(default=None, max_length=100)
    seniority: Seniority | None = None
    min_years: float | None = Field(default=None, ge=0, le=50)
    languages: list[Language] | None = Field(default=None, max_length=20)

    @field_validator("title", "description", "remote", "required_skills", "nice_to_have_skills")
    @classmethod
    def _not_null(cls, v):
        if v is None:
            raise ValueError("may not be null")
        return v


class VacancyOut(BaseModel):
    id: str
    title: str
    description: str
    department: str | None
    location: str | None
    remote: bool
    status: Status
    required_skills: list[str]
    nice_to_have_skills: list[str]
    seniority: Seniority | None
    min_years: float | None
    languages: list[str]
    created_at: datetime
    updated_at: datetime

    @field_validator("languages", mode="before")
    @classmethod
    def _no_languages(cls, v):
        return v or []


class VacancyFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200)
    status: Status | None = None


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
    async with in_transaction():
        row = await Vacancy.create(id=new_id("vac"), tenant_id=actor.tenant_id, **fields)
        out = VacancyOut.model_validate(row, from_attributes=True)
        await audit.record(actor, "vacancy.created", "vacancy", row.id, {"title": row.title})
        await outbox.emit(actor.tenant_id, "vacancy.created", out.model_dump(mode="json"))
    return out


async def list_vacancies(actor: Actor, flt: VacancyFilter, limit: int, cursor: str | None) -> Page[VacancyOut]:
    require(actor, "vacancies.read")
    qs = scoped(Vacancy, actor.tenant_id)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.q:
        qs = qs.filter(title__icontains=flt.q)
    return await paginate(qs, VacancyOut, limit, cursor)


async def get_vacancy(actor: Actor, vacancy_id: str) -> VacancyOut:
    require(actor, "vacancies.read")
    return VacancyOut.model_validate(await _row(actor, vacancy_id), from_attributes=True)


async def update_vacancy(actor: Actor, vacancy_id: str, data: VacancyUpdate) -> VacancyOut:
    """Change the fields given; skills are canonicalised and must not be both required and nice."""
    require(actor, "vacancies.write")
    changes = data.model_dump(include=data.model_fields_set)
    async with in_transaction():
        row = await _row(actor, vacancy_id, lock=True)
        merged = {"required_skills": row.required_skills, "nice_to_have_skills": row.nice_to_have_skills, **changes}
        _check_skills(merged)
        changes.update({k: merged[k] for k in ("required_skills", "nice_to_have_skills") if k in changes})
        return await _save(actor, row, changes)


async def extract_vacancy_skills(actor: Actor, vacancy_id: str) -> VacancyOut:
    """Re-run requirement extraction on the stored description and save the result."""
    require(actor, "vacancies.write")
    async with in_transaction():
        row = await _row(actor, vacancy_id, lock=True)
        found = extract_requirements(row.description, row.title, row.department)
        return await _save(actor, row, {
            "required_skills": found.required, "nice_to_have_skills": found.nice_to_have,
            "seniority": found.seniority, "min_years": found.min_years, "languages": found.languages})


async def _row(actor: Actor, vacancy_id: str, lock: bool = False) -> Vacancy:
    qs = scoped(Vacancy, actor.tenant_id)
    row = await (qs.select_for_update() if lock else qs).get_or_none(id=vacancy_id)
    if row is None:
        raise NotFound("vacancy not found", {"id": vacancy_id})
    return row


async def _save(actor: Actor, row: Vacancy, changes: dict) -> VacancyOut:
    """Apply ``changes``, with the audit record and the ``vacancy.updated`` event (call in a transaction)."""
    for name, value in changes.items():
        setattr(row, name, value)
    await row.save()
    out = VacancyOut.model_validate(row, from_attributes=True)
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
