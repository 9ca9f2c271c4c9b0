"""The "extract skills from a JD" tool (SPEC §7): the offline engine behind RBAC."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tools.actor import Actor
from tools.errors import InvalidInput
from tools.jd.requirements import extract_requirements
from tools.policy import require

Seniority = Literal["junior", "mid", "senior", "lead", "executive"]


class SkillsExtractIn(BaseModel):
    description: str = Field(min_length=1, max_length=50_000)
    title: str | None = Field(default=None, max_length=200)
    department: str | None = Field(default=None, max_length=120)


class SkillsExtractOut(BaseModel):
    required: list[str]
    nice_to_have: list[str]
    seniority: Seniority | None
    min_years: float | None
    languages: list[str]
    engine: Literal["offline"] = "offline"


async def extract_skills(actor: Actor, data: SkillsExtractIn) -> SkillsExtractOut:
    """Required and nice-to-have skills (canonical names), seniority, minimum years and
    spoken languages of a job description."""
    require(actor, "skills.extract")
    if not data.description.strip():
        raise InvalidInput("description is empty", {"description": "blank"})
    found = extract_requirements(data.description, data.title, data.department)
    return SkillsExtractOut(required=found.required, nice_to_have=found.nice_to_have,
                            seniority=found.seniority, min_years=found.min_years, languages=found.languages)
