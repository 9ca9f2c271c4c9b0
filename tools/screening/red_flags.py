"""Red flags read from the dated history: gaps, short tenures, seniority and location mismatch."""

from __future__ import annotations

import re

from tools.parsing import lexicon
from tools.parsing.contact import infer_region
from tools.parsing.dates import month_index
from tools.screening.criteria import LEVELS, Criteria
from tools.screening.facts import CandidateFacts, Role

GAP_MONTHS = 6             # a gap longer than this is flagged
SHORT_TENURE_MONTHS = 12   # a finished role shorter than this is short
SHORT_TENURES_FLAGGED = 2  # this many short roles make a pattern
_RECENT_YEARS = 10         # only the last ten years of history are read for patterns
_PARTS_RE = re.compile(r"[,/|()]")


def _span(role: Role, now: int) -> tuple[int, int] | None:
    start = month_index(role.start)
    end = now if role.is_current or not role.end else month_index(role.end, end=True)
    if start is None or end is None or end < start:
        return None
    return start, end


def _label(month: int) -> str:
    return f"{month // 12}-{month % 12 + 1:02d}"


def gaps(facts: CandidateFacts, now: int) -> list[str]:
    """Gaps over ``GAP_MONTHS`` between roles, not covered by studies."""
    spans = sorted(s for r in facts.roles + facts.studies if (s := _span(r, now)))
    flags: list[str] = []
    if not spans:
        return flags
    covered_to = spans[0][1]
    for start, end in spans[1:]:
        if start - covered_to - 1 > GAP_MONTHS and start >= now - _RECENT_YEARS * 12:
            months = start - covered_to - 1
            flags.append(f"Employment gap of {months} months ({_label(covered_to + 1)} to {_label(start - 1)})")
        covered_to = max(covered_to, end)
    return flags


def short_tenures(facts: CandidateFacts, now: int) -> list[str]:
    """Several finished roles under ``SHORT_TENURE_MONTHS`` in the last ten years."""
    short = []
    for role in facts.roles:
        span = _span(role, now)
        if span is None or role.is_current or span[1] < now - _RECENT_YEARS * 12:
            continue
        months = span[1] - span[0] + 1
        if months < SHORT_TENURE_MONTHS and len(role.start or "") >= 7:   # year-only dates are too coarse
            short.append(f"{role.title or 'role'} at {role.company or 'an employer'} ({months} months)")
    if len(short) < SHORT_TENURES_FLAGGED:
        return []
    return [f"{len(short)} tenures under {SHORT_TENURE_MONTHS} months: " + "; ".join(short)]


def seniority_distance(facts: CandidateFacts, criteria: Criteria) -> int | None:
    """Candidate level minus the vacancy's level (None when either is unknown)."""
    if not criteria.seniority or facts.seniority not in LEVELS:
        return None
    return LEVELS[facts.seniority] - LEVELS[criteria.seniority]


def seniority_mismatch(facts: CandidateFacts, criteria: Criteria) -> list[str]:
    d = seniority_distance(facts, criteria)
    if d is None or abs(d) < 2:
        return []
    return [f"Seniority mismatch: the profile reads as {facts.seniority}, the role is {criteria.seniority}"]


def location_fit(facts: CandidateFacts, criteria: Criteria) -> float | None:
    """How the candidate's place fits an on-site role; None when the role is remote or names no place.

    1: the same place, or the role names a country and the candidate is in it; 0.5: unknown,
    or another city of the same country; 0: another country.
    """
    if criteria.remote or not criteria.location:
        return None
    if not facts.location:
        return 0.5
    if _places(criteria.location) & _places(facts.location):
        return 1.0
    want, have = infer_region(criteria.location), infer_region(facts.location)
    if not want or not have:
        return 0.5
    if want != have:
        return 0.0
    is_country = lexicon.fold(criteria.location).strip(" .") in lexicon.country_names()
    return 1.0 if is_country or criteria.location.strip() in lexicon.region_codes() else 0.5


def _places(text: str) -> set[str]:
    return {lexicon.fold(p).strip(" .") for p in _PARTS_RE.split(text) if p.strip()}


def location_mismatch(facts: CandidateFacts, criteria: Criteria) -> list[str]:
    if location_fit(facts, criteria) == 0.0:
        return [f"Location mismatch: based in {facts.location}; the role is on site in {criteria.location}"]
    return []


def red_flags(facts: CandidateFacts, criteria: Criteria, now: int) -> list[str]:
    return (gaps(facts, now) + short_tenures(facts, now) + seniority_mismatch(facts, criteria)
            + location_mismatch(facts, criteria))
