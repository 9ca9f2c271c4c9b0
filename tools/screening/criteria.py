"""What a vacancy asks for, as the screening engine sees it."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from tools.parsing.schema import Seniority
from tools.parsing.skills import canonical_skill_list

LEVELS: dict[str, int] = {"junior": 0, "mid": 1, "senior": 2, "lead": 3, "executive": 4}


class Criteria(BaseModel):
    """The requirements one evaluation is scored against (stored with the evaluation)."""

    title: str | None = Field(default=None, max_length=200, description="the vacancy's title, compared with the CV's")
    required_skills: list[str] = Field(default_factory=list, max_length=100)
    nice_to_have_skills: list[str] = Field(default_factory=list, max_length=100)
    seniority: Seniority | None = None
    min_years: float | None = Field(default=None, ge=0, le=50)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = False
    languages: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("required_skills", "nice_to_have_skills")
    @classmethod
    def _canonical(cls, v: list[str]) -> list[str]:
        return canonical_skill_list(v)

    def model_post_init(self, _context) -> None:
        required = {s.casefold() for s in self.required_skills}
        self.nice_to_have_skills = [s for s in self.nice_to_have_skills if s.casefold() not in required]
