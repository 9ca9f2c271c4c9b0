"""The offline screening engine: facts x criteria -> score, band, per-skill evidence, verdict.

Formula (docs/screening.md): a weighted mean of the components the vacancy defines, minus a
capped penalty per red flag. Component weights: required skills 0.55, nice-to-have 0.15,
years 0.15, title 0.10, seniority 0.10, location and languages 0.05. A skill earns
``EVIDENCED_BASE + EVIDENCED_RECENCY * recency`` when evidenced (recency 1 for a role ended
within two years, falling to 0 at ten), ``CLAIMED`` when only listed, 0 when missing, so
evidence always beats a claim and an added evidenced skill never lowers the score.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from tools.screening import blind as blinding
from tools.screening import red_flags as flags
from tools.screening.criteria import Criteria
from tools.screening.facts import CandidateFacts, Role
from tools.screening.titles import title_fit, title_words

ENGINE = "offline"
RULES_VERSION = "screen-rules-1"

WEIGHTS = {"required": 0.55, "nice": 0.15, "years": 0.15, "title": 0.10, "seniority": 0.10, "place": 0.05}
EVIDENCED_BASE, EVIDENCED_RECENCY, CLAIMED = 0.6, 0.4, 0.35
RECENT_MONTHS, STALE_MONTHS = 24, 120
FLAG_PENALTY, FLAG_PENALTY_CAP = 4, 12
BANDS = ((85, "exceptional"), (65, "strong"), (45, "good"), (20, "fair"), (0, "limited"))

Band = Literal["exceptional", "strong", "good", "fair", "limited", "invalid"]
Recommendation = Literal["strong_yes", "yes", "maybe", "no"]
SkillStatus = Literal["evidenced", "claimed", "missing"]


class SkillEvidence(BaseModel):
    quote: str
    title: str | None
    company: str | None
    start_date: str | None
    end_date: str | None
    is_current: bool


class SkillAssessment(BaseModel):
    skill: str
    requirement: Literal["required", "nice_to_have"]
    status: SkillStatus
    evidence: SkillEvidence | None = None
    recency: float | None = Field(default=None, description="1 = used in the last two years, 0 = ten or more ago")
    credit: float


class Assessment(BaseModel):
    score: int = Field(ge=0, le=100)
    band: Band
    recommendation: Recommendation
    skills: list[SkillAssessment]
    strengths: list[str]
    concerns: list[str]
    red_flags: list[str]
    verdict: str
    components: dict[str, float]


def band_for(score: int) -> Band:
    return next(name for floor, name in BANDS if score >= floor)


def recency(months_ago: int) -> float:
    if months_ago <= RECENT_MONTHS:
        return 1.0
    return max(0.0, 1 - (months_ago - RECENT_MONTHS) / (STALE_MONTHS - RECENT_MONTHS))


def _assess_skill(skill: str, requirement: str, facts: CandidateFacts, claimed: set[str], now: int) -> SkillAssessment:
    ev = facts.evidence.get(skill) or next(
        (e for s, e in facts.evidence.items() if s.casefold() == skill.casefold()), None)
    if ev is not None:
        r = recency(ev.months_ago(now))
        return SkillAssessment(
            skill=skill, requirement=requirement, status="evidenced", recency=round(r, 2),
            credit=round(EVIDENCED_BASE + EVIDENCED_RECENCY * r, 3),
            evidence=SkillEvidence(quote=ev.quote, title=ev.role.title, company=ev.role.company,
                                   start_date=ev.role.start, end_date=ev.role.end, is_current=ev.role.is_current))
    if skill.casefold() in claimed:
        return SkillAssessment(skill=skill, requirement=requirement, status="claimed", credit=CLAIMED)
    return SkillAssessment(skill=skill, requirement=requirement, status="missing", credit=0.0)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _components(facts: CandidateFacts, criteria: Criteria, skills: list[SkillAssessment]) -> dict[str, float]:
    parts: dict[str, float] = {}
    required = [s.credit for s in skills if s.requirement == "required"]
    nice = [s.credit for s in skills if s.requirement == "nice_to_have"]
    if required:
        parts["required"] = _mean(required)
    if nice:
        parts["nice"] = _mean(nice)
    if criteria.min_years:
        parts["years"] = 0.5 if facts.years is None else min(1.0, facts.years / criteria.min_years)
    if criteria.title and title_words(criteria.title):
        parts["title"] = title_fit(criteria.title, [r.title for r in facts.roles])
    distance = flags.seniority_distance(facts, criteria)
    if criteria.seniority:
        parts["seniority"] = 0.5 if distance is None else {0: 1.0, 1: 0.8, -1: 0.6}.get(distance, 0.2)
    place = [f for f in (flags.location_fit(facts, criteria),) if f is not None]
    if criteria.languages:
        have = {lang.casefold() for lang in facts.languages}
        place.append(_mean([1.0 if lang.casefold() in have else 0.0 for lang in criteria.languages]))
    if place:
        parts["place"] = _mean(place)
    return parts


def _score(parts: dict[str, float], red: list[str]) -> int:
    if not parts:
        return 50
    weighted = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS[k] for k in parts)
    penalty = min(FLAG_PENALTY_CAP, FLAG_PENALTY * len(red))
    return max(0, min(100, round(100 * weighted) - penalty))


def _recommendation(score: int, skills: list[SkillAssessment], red: list[str]) -> Recommendation:
    missing_required = any(s.status == "missing" and s.requirement == "required" for s in skills)
    if score >= 80 and not missing_required and not red:
        return "strong_yes"
    if score >= 65:
        return "yes"
    if score >= 45:
        return "maybe"
    return "no"


def _role_text(role: Role | SkillEvidence) -> str:
    title = getattr(role, "title", None) or "a role"
    company = getattr(role, "company", None)
    start = getattr(role, "start_date", None) or getattr(role, "start", None)
    end = "present" if role.is_current else (getattr(role, "end_date", None) or getattr(role, "end", None))
    when = f" ({start or '?'} – {end or '?'})" if start or end else ""
    return f"{title}{' at ' + company if company else ''}{when}"


def _strengths_and_concerns(facts: CandidateFacts, criteria: Criteria,
                            skills: list[SkillAssessment]) -> tuple[list[str], list[str]]:
    strengths, concerns = [], []
    for s in skills:
        if s.status == "evidenced" and s.evidence:
            old = "" if (s.recency or 0) >= 0.5 else " (not recent)"
            strengths.append(f"{s.skill} used as {_role_text(s.evidence)}{old}: \"{s.evidence.quote}\"")
        elif s.status == "claimed" and s.requirement == "required":
            concerns.append(f"{s.skill} is listed but not shown in any dated role")
        elif s.status == "missing" and s.requirement == "required":
            concerns.append(f"No sign of {s.skill}, a required skill")
    if criteria.min_years and facts.years is not None:
        line = f"{facts.years:g} years of experience against {criteria.min_years:g} asked"
        (strengths if facts.years >= criteria.min_years else concerns).append(line)
    elif criteria.min_years:
        concerns.append("Years of experience could not be read from the CV")
    distance = flags.seniority_distance(facts, criteria)
    if distance == 0:
        strengths.append(f"Seniority matches ({criteria.seniority})")
    elif distance in (1, -1):
        concerns.append(f"Seniority is one level {'above' if distance > 0 else 'below'} the role "
                        f"({facts.seniority} vs {criteria.seniority})")
    if criteria.languages:
        have = {lang.casefold() for lang in facts.languages}
        for lang in criteria.languages:
            if lang.casefold() not in have:
                concerns.append(f"{lang} is not among the CV's languages")
    if flags.location_fit(facts, criteria) == 0.5 and criteria.location:
        concerns.append(f"Location fit with {criteria.location} is unclear ({facts.location or 'not stated'})")
    return strengths, concerns


def _verdict(subject: str, score: int, band: str, rec: str, skills: list[SkillAssessment],
             facts: CandidateFacts, red: list[str]) -> str:
    req = [s for s in skills if s.requirement == "required"]
    ev = [s.skill for s in req if s.status == "evidenced"]
    cl = [s.skill for s in req if s.status == "claimed"]
    mi = [s.skill for s in req if s.status == "missing"]
    parts = []
    if req:
        parts.append(f"{subject} shows {len(ev)} of {len(req)} required skills in dated roles"
                     + (f" ({', '.join(ev)})" if ev else ""))
        if cl:
            parts.append(f"lists {', '.join(cl)} without evidence")
        if mi:
            parts.append(f"shows no sign of {', '.join(mi)}")
    else:
        parts.append(f"{subject} was read against a vacancy without required skills")
    sentence = "; ".join(parts) + "."
    if facts.roles:
        sentence += f" Most recent role: {_role_text(facts.roles[0])}."
    if red:
        sentence += f" Red flags: {'; '.join(red)}."
    return sentence + f" Score {score} ({band}); recommendation: {rec.replace('_', ' ')}."


def assess(facts: CandidateFacts, criteria: Criteria, *, blind: bool = False,
           today: dt.date | None = None) -> Assessment:
    """Score ``facts`` against ``criteria``. Pure and deterministic for a given ``today``."""
    if not facts.readable:
        return Assessment(score=0, band="invalid", recommendation="no", skills=[], strengths=[],
                          concerns=["The CV could not be read: no roles, skills or summary were found"],
                          red_flags=[], verdict="The CV could not be read, so it was not scored.", components={})
    today = today or dt.datetime.now(dt.UTC).date()
    now = today.year * 12 + today.month - 1
    claimed = {s.casefold() for s in facts.claimed}
    skills = ([_assess_skill(s, "required", facts, claimed, now) for s in criteria.required_skills]
              + [_assess_skill(s, "nice_to_have", facts, claimed, now) for s in criteria.nice_to_have_skills])
    red = flags.red_flags(facts, criteria, now)
    parts = _components(facts, criteria, skills)
    score = _score(parts, red)
    band = band_for(score)
    rec = _recommendation(score, skills, red)
    strengths, concerns = _strengths_and_concerns(facts, criteria, skills)
    if blind:
        def hide(text: str) -> str:
            return blinding.redact(text, facts.name, facts.location)

        strengths, concerns, red = [hide(s) for s in strengths], [hide(c) for c in concerns], [hide(r) for r in red]
        for s in skills:
            if s.evidence:
                s.evidence.quote = hide(s.evidence.quote)
    subject = "The candidate" if blind or not facts.name else facts.name
    verdict = _verdict(subject, score, band, rec, skills, facts, red)
    if blind:
        verdict = hide(verdict)
    return Assessment(score=score, band=band, recommendation=rec, skills=skills, strengths=strengths,
                      concerns=concerns, red_flags=red, verdict=verdict,
                      components={k: round(v, 3) for k, v in parts.items()})
