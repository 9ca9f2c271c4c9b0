"""Candidate facts: what a parsed profile proves, read once and stored with each evaluation.

A skill is *evidenced* when a dated role uses it (the parser's ``skills_used``, found in the
role's own text); the evidence is the line that mentions it, the role, and how long ago the
role ended. A skill only listed (skills section, summary, headline) is *claimed*.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from pydantic import BaseModel, Field

from tools.parsing.dates import month_index
from tools.parsing.skills import canonical_skill, find_skill_spans, find_skills

_LINE_SPLIT_RE = re.compile(r"(?:\n+|(?<=[.;!?])\s+(?=[A-Z•\-–*]))")
_QUOTE_MAX = 240


class Role(BaseModel):
    title: str | None = None
    company: str | None = None
    start: str | None = None
    end: str | None = None
    is_current: bool = False


class Evidence(BaseModel):
    quote: str
    role: Role

    def months_ago(self, now: int) -> int:
        """Months between the role's end and ``now`` (a month index); 0 for a current role."""
        if self.role.is_current or not self.role.end:
            return 0
        ended = month_index(self.role.end, end=True)
        return max(0, now - ended) if ended is not None else 0


class CandidateFacts(BaseModel):
    """Everything screening needs from a CV; enough to rescore without the file."""

    name: str | None = None
    headline: str | None = None
    location: str | None = None
    seniority: str | None = None
    years: float | None = None
    languages: list[str] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict, description="canonical skill -> best evidence")
    claimed: list[str] = Field(default_factory=list, description="skills listed but not used in a dated role")
    roles: list[Role] = Field(default_factory=list, description="dated roles, newest first")
    studies: list[Role] = Field(default_factory=list, description="dated education, for gaps")
    readable: bool = True
    digest: str = Field(default="", description="SHA-256 of the facts above, set when they are read")


def _this_month(today: dt.date | None) -> int:
    today = today or dt.datetime.now(dt.UTC).date()
    return today.year * 12 + today.month - 1


def _quote_at(text: str, pos: int) -> str:
    """The sentence or bullet of ``text`` around position ``pos``, trimmed to a quote."""
    start = 0
    for sep in _LINE_SPLIT_RE.finditer(text, 0, pos):
        start = sep.end()
    nxt = _LINE_SPLIT_RE.search(text, pos)
    piece = text[start:nxt.start() if nxt else len(text)].strip(" \t•-–*")
    return piece if len(piece) <= _QUOTE_MAX else piece[: _QUOTE_MAX - 1].rstrip() + "…"


def candidate_facts(profile: dict, *, today: dt.date | None = None) -> CandidateFacts:
    """Read a parsed profile (SPEC §6 dict) into facts; tolerant of missing fields."""
    now = _this_month(today)
    roles: list[tuple[Role, int, str]] = []
    for job in profile.get("experience") or []:
        start, end = job.get("start_date"), job.get("end_date")
        current = bool(job.get("is_current"))
        if not (start or end):
            continue
        ended = now if current or not end else month_index(end, end=True)
        role = Role(title=job.get("title"), company=job.get("company"), start=start,
                    end=None if current else end, is_current=current)
        roles.append((role, max(0, now - (ended if ended is not None else now)), job.get("description") or ""))
    roles.sort(key=lambda r: (r[1], -(month_index(r[0].start) or 0)))

    evidence: dict[str, Evidence] = {}
    for role, _, text in roles:                            # newest first: the first hit is the best
        for skill, pos, _ in find_skill_spans(text) if text else ():
            if skill not in evidence:
                evidence[skill] = Evidence(quote=_quote_at(text, pos), role=role)
        for skill, _, _ in find_skill_spans(role.title) if role.title else ():
            if skill not in evidence:
                evidence[skill] = Evidence(quote=role.title, role=role)
    listed: list[str] = []
    for item in profile.get("skills") or []:        # listed as written: "C++ (Good)", "TDD", "ARM Cortex M boards"
        canon = canonical_skill(item)
        listed += [canon] if canon else (find_skills(item) or [item])
    for field in ("headline", "summary"):
        if profile.get(field):
            listed += find_skills(profile[field])
    claimed = [s for s in dict.fromkeys(listed) if s not in evidence]
    studies = [Role(title=e.get("degree"), company=e.get("institution"), start=e.get("start_date"),
                    end=e.get("end_date")) for e in profile.get("education") or [] if e.get("end_date")]
    readable = bool(roles or listed or profile.get("summary") or profile.get("headline"))
    facts = CandidateFacts(
        name=profile.get("name"), headline=profile.get("headline"), location=profile.get("location"),
        seniority=profile.get("seniority"), years=profile.get("total_experience_years"),
        languages=[lang.get("language") for lang in profile.get("languages") or [] if lang.get("language")],
        evidence=evidence, claimed=claimed, roles=[r for r, _, _ in roles], studies=studies, readable=readable)
    facts.digest = hashlib.sha256(facts.model_dump_json(exclude={"digest"}).encode()).hexdigest()
    return facts

