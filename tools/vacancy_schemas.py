"""Vacancy input, output and filter models (shared by vacancies, status moves and applications)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from tools.jd.service import Seniority

Status = Literal["draft", "open", "on_hold", "closed", "filled"]
EmploymentType = Literal["full_time", "part_time", "contract", "temporary", "internship"]
Skill = Annotated[str, Field(min_length=1, max_length=100)]
Language = Annotated[str, Field(min_length=1, max_length=60)]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Currency = Annotated[str, Field(min_length=3, max_length=3, description="ISO 4217 code, e.g. USD")]
RefId = Annotated[str, Field(min_length=1, max_length=40)]


def _currency(value: str | None) -> str | None:
    if value is None:
        return None
    if not value.isascii() or not value.isalpha():
        raise ValueError("must be a 3-letter ISO 4217 code")
    return value.upper()


class _Commercial(BaseModel):
    """Validation shared by create and update."""

    @field_validator("currency", check_fields=False)
    @classmethod
    def _iso_currency(cls, v):
        return _currency(v)

    @model_validator(mode="after")
    def _salary_range(self):
        lo, hi = getattr(self, "salary_min", None), getattr(self, "salary_max", None)
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("salary_min must not exceed salary_max")
        return self


class VacancyCreate(_Commercial):
    """Without ``required_skills`` and ``nice_to_have_skills``, both (and seniority, min_years
    and languages when not given) are extracted from the description."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=50_000)
    department: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = False
    status: Literal["draft", "open"] = "draft"
    employment_type: EmploymentType | None = None
    required_skills: list[Skill] = Field(default_factory=list, max_length=100)
    nice_to_have_skills: list[Skill] = Field(default_factory=list, max_length=100)
    seniority: Seniority | None = None
    min_years: float | None = Field(default=None, ge=0, le=50)
    languages: list[Language] = Field(default_factory=list, max_length=20)
    salary_min: Money | None = None
    salary_max: Money | None = None
    currency: Currency | None = None
    headcount: int = Field(default=1, ge=1, le=10_000)
    client_id: RefId | None = None
    hiring_manager_id: RefId | None = None


class VacancyUpdate(_Commercial):
    """Fields to change; those left out stay as they are. ``status`` follows the same
    rules as ``POST /vacancies/{id}/status``."""

    title: str = Field(default=None, min_length=1, max_length=200)
    description: str = Field(default=None, max_length=50_000)
    department: str | None = Field(default=None, max_length=120)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = Field(default=None)
    status: Status = Field(default=None)
    employment_type: EmploymentType | None = None
    required_skills: list[Skill] = Field(default=None, max_length=100)
    nice_to_have_skills: list[Skill] = Field(default=None, max_length=100)
    seniority: Seniority | None = None
    min_years: float | None = Field(default=None, ge=0, le=50)
    languages: list[Language] | None = Field(default=None, max_length=20)
    salary_min: Money | None = None
    salary_max: Money | None = None
    currency: Currency | None = None
    headcount: int = Field(default=None, ge=1, le=10_000)
    client_id: RefId | None = None
    hiring_manager_id: RefId | None = None

    @field_validator("title", "description", "remote", "status", "required_skills", "nice_to_have_skills",
                     "headcount")
    @classmethod
    def _not_null(cls, v):
        if v is None:
            raise ValueError("may not be null")
        return v


class VacancyOut(BaseModel):
    id: str
    title: str
    slug: str | None
    description: str
    department: str | None
    location: str | None
    remote: bool
    status: Status
    employment_type: EmploymentType | None
    required_skills: list[str]
    nice_to_have_skills: list[str]
    seniority: Seniority | None
    min_years: float | None
    languages: list[str]
    salary_min: float | None
    salary_max: float | None
    currency: str | None
    headcount: int
    client_id: str | None
    hiring_manager_id: str | None
    published_at: datetime | None
    applicants_count: int
    hires_count: int
    created_at: datetime
    updated_at: datetime

    @field_validator("languages", mode="before")
    @classmethod
    def _no_languages(cls, v):
        return v or []


class VacancyFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200, description="Words in the title or description")
    status: Status | None = None
    client_id: str | None = Field(default=None, max_length=40)
    department: str | None = Field(default=None, max_length=120, description="Exact, case-insensitive")
    location: str | None = Field(default=None, max_length=200, description="Part of the location, case-insensitive")
    skill: str | None = Field(default=None, max_length=100,
                              description="A required or nice-to-have skill (any alias, case-insensitive)")
    hiring_manager_id: str | None = Field(default=None, max_length=40)


class StatusChange(BaseModel):
    status: Status
    reason: str | None = Field(default=None, max_length=500)
