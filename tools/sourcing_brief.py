"""Reading a sourcing brief: skills (taxonomy, aliases), related skills, seniority, years, place."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from storage.search import words
from tools.parsing.schema import Experience
from tools.parsing.skills import canonical_skill, find_skill_spans
from tools.parsing.structure import seniority as infer_seniority

LEVELS = ("junior", "mid", "senior", "lead", "executive")
_MID_RE = re.compile(r"\b(?:mid|middle|intermediate)(?:[- ]?(?:level|senior))?\b", re.I)
_YEARS_RE = re.compile(r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\b", re.I)
_PLACE_RE = re.compile(r"\b(?:based in|located in|living in|relocate to|in|from|near)\s+"
                       r"((?:[A-Z][\w'\-]+)(?:(?:,\s*|\s+)[A-Z][\w'\-]+){0,2})")
_REMOTE_RE = re.compile(r"\b(?:remote|anywhere|distributed)\b", re.I)
_STOP = frozenset("""a an and or the with without in on at of for to from by as is are be we our you your
who which that this looking seek seeking need needs needed want wanted hire hiring find experience
experienced years year yrs yr plus strong good great solid skills skill knowledge background know
must should nice have has having based located near remote anywhere level someone candidate candidates
person people profile who can able work working role position job team mid middle intermediate
senior sr junior jr lead principal staff head""".split())


@dataclass(frozen=True)
class BriefSkill:
    name: str                 # canonical
    via_alias: bool = False   # the brief spelled it with an alias ("k8s")
    weight: float = 1.0       # 1 required, 0.5 nice to have


@dataclass
class Brief:
    skills: list[BriefSkill] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)
    seniority: str | None = None
    min_years: float | None = None
    location: str | None = None
    remote: bool = False


@lru_cache(maxsize=1)
def _related_groups() -> dict[str, frozenset[str]]:
    data = json.loads(resources.files("tools").joinpath("data/related_skills.json").read_text("utf-8"))
    related: dict[str, set[str]] = {}
    for group in data["groups"]:
        for name in group:
            related.setdefault(name, set()).update(n for n in group if n != name)
    return {name: frozenset(others) for name, others in related.items()}


def related_skills(name: str) -> frozenset[str]:
    """Skills that transfer to ``name`` (``tools/data/related_skills.json``)."""
    return _related_groups().get(name, frozenset())


def seniority_of(text: str) -> str | None:
    """A seniority level named in free text (title or brief), or None."""
    if _MID_RE.search(text):
        return "mid"
    return infer_seniority([Experience(title=text, is_current=True)], None)


def parse_brief(text: str) -> Brief:
    """What a free-text brief asks for. Skills are matched through the taxonomy, so
    aliases count ("k8s" is Kubernetes); the remaining words describe the role."""
    brief = Brief(seniority=seniority_of(text), remote=bool(_REMOTE_RE.search(text)))
    rest = text
    seen: set[str] = set()
    for name, start, end in find_skill_spans(text):
        if name not in seen:
            seen.add(name)
            spelled = text[start:end]
            brief.skills.append(BriefSkill(name, via_alias=words(spelled) != words(name)))
        rest = rest[:start] + " " * (end - start) + rest[end:]
    years = _YEARS_RE.search(rest)
    if years:
        brief.min_years = float(years.group(1))
        rest = rest[:years.start()] + rest[years.end():]
    for place in _PLACE_RE.finditer(rest):
        if not find_skill_spans(place.group(1)):
            brief.location = place.group(1).strip()
            rest = rest.replace(place.group(0), " ")
            break
    brief.title_words = list(dict.fromkeys(
        w for w in words(rest) if w not in _STOP and not w.isdigit() and len(w) > 1))[:8]
    return brief


def skill_names(names: list[str]) -> tuple[list[str], list[str]]:
    """(canonical names, unknown names) for a list of skill names or aliases."""
    known, unknown = [], []
    for name in names:
        canonical = canonical_skill(name)
        (known if canonical else unknown).append(canonical or name)
    return list(dict.fromkeys(known)), unknown
