"""Vacancies (the foundation slice: create, list, get)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.errors import NotFound
from tools.pagination import Page, paginate
from tools.policy import require

Status = Literal["draft", "open", "on_hold", "closed", "filled"]


class VacancyCreate(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=50_000)
    department: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = False
    status: Literal["draft", "open"] = "draft"
    required_skills: list[str] = Field(default_factory=list, max_length=100)
    nice_to_have_skills: list[str] = Field(default_factory=list, max_length=100)


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
    created_at: datetime
    updated_at: datetime


class VacancyFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200)
    status: Status | None = None


async def create_vacancy(actor: Actor, data: VacancyCreate) -> VacancyOut:
    require(actor, "vacancies.write")
    async with in_transaction():
        row = await Vacancy.create(id=new_id("vac"), tenant_id=actor.tenant_id, **data.model_dump())
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
    row = await scoped(Vacancy, actor.tenant_id).get_or_none(id=vacancy_id)
    if row is None:
        raise NotFound("vacancy not found", {"id": vacancy_id})
    return VacancyOut.model_validate(row, from_attributes=True)
