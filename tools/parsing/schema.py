"""The parsed-candidate schema (SPEC §6): the parser's output everywhere."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Seniority = Literal["junior", "mid", "senior", "lead", "executive"]


class Links(BaseModel):
    linkedin: str | None = None
    github: str | None = None
    website: str | None = None


class Language(BaseModel):
    language: str
    proficiency: str | None = None


class Experience(BaseModel):
    title: str | None = None
    company: str | None = None
    location: str | None = None
    start_date: str | None = Field(default=None, description="YYYY-MM or YYYY")
    end_date: str | None = Field(default=None, description="YYYY-MM or YYYY; null when current")
    is_current: bool = False
    description: str | None = None
    skills_used: list[str] = Field(default_factory=list)


class Education(BaseModel):
    degree: str | None = None
    field: str | None = None
    institution: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    grade: str | None = None


class ParsedCandidate(BaseModel):
    """A CV turned into data. Unknown values are null, never ""."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: Links = Field(default_factory=Links)
    headline: str | None = None
    summary: str | None = None
    seniority: Seniority | None = None
    total_experience_years: float | None = None
    skills: list[str] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
