"""Sourcing: rank the tenant's talent pool against a brief or a vacancy (SPEC §7).

Retrieval is a short ladder of full-text queries (``storage.search``), strictest first,
stopping once enough candidates were found; each returns at most ``POOL`` candidates with
their columns in one statement, and ranking rescores them in Python. The score (0-100) is documented in
``docs/sourcing.md``::

    score = 50*skills + 15*title + 15*text + 10*seniority + 5*years + 5*location

each part in [0, 1]; ties are broken by candidate id.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field

from storage import search
from storage.models import Vacancy
from tools.actor import Actor
from tools.candidate_index import latest_title
from tools.errors import InvalidInput
from tools.parsing.skills import canonical_skill
from tools.policy import require
from tools.sourcing_brief import (
    LEVELS,
    Brief,
    BriefSkill,
    parse_brief,
    related_skills,
    seniority_of,
    skill_names,
)
from tools.vacancy_status import vacancy_row

POOL = 200            # candidates fetched per full-text query
MIN_POOL = 40         # stop relaxing the query once this many (or 2 x count) were found
ALIAS_CREDIT, RELATED_CREDIT = 0.9, 0.5
WEIGHTS = {"skills": 50, "title": 15, "text": 15, "seniority": 10, "years": 5, "location": 5}
_COLUMNS = ("name", "headline", "location", "skills", "seniority", "total_years", "profile")


class SourceFilters(BaseModel):
    location: str | None = Field(default=None, max_length=200, description="Hard filter: location contains this")
    min_years: float | None = Field(default=None, ge=0, le=60, description="Hard filter: at least this many years")
    skills: list[str] = Field(default_factory=list, max_length=20, description="Hard filter: has every skill")


class SourceRequest(BaseModel):
    brief: str = Field(min_length=1, max_length=2000, description="Free text, e.g. 'Senior backend engineer, Python, k8s, 5+ years, in Berlin'")
    count: int = Field(default=10, ge=1, le=50)
    vacancy_id: str | None = Field(default=None, max_length=40,
                                   description="Skip candidates who already applied; fill gaps in the brief from it")
    filters: SourceFilters = Field(default_factory=SourceFilters)


class BriefOut(BaseModel):
    skills: list[str]
    title_words: list[str]
    seniority: str | None
    min_years: float | None
    location: str | None
    remote: bool


class SourcedCandidate(BaseModel):
    id: str
    name: str
    headline: str | None
    location: str | None
    score: int = Field(ge=0, le=100)
    matched_skills: list[str]
    related_skills: list[str]
    rationale: str


class SourceResult(BaseModel):
    candidates: list[SourcedCandidate]
    brief: BriefOut
    engine: str = "offline"


@dataclass
class _Fit:
    score: float
    matched: list[str]
    related: list[str]
    missing: list[str]


def _title_fit(wanted: list[str], title: str | None) -> float:
    if not wanted:
        return 1.0
    have = search.words(title or "")
    hits = sum(any(w == h or (min(len(w), len(h)) >= 5 and (w.startswith(h) or h.startswith(w)))
                   for h in have) for w in wanted)
    return hits / len(wanted)


def _seniority_fit(wanted: str | None, have: str | None) -> float:
    if wanted is None:
        return 1.0
    if have not in LEVELS:
        return 0.5
    return {0: 1.0, 1: 0.5}.get(abs(LEVELS.index(wanted) - LEVELS.index(have)), 0.0)


def _location_fit(brief: Brief, have: str | None) -> float:
    if not brief.location or brief.remote:
        return 1.0
    if not have:
        return 0.5
    return 1.0 if brief.location.casefold() in have.casefold() else 0.0


def _fit(brief: Brief, row: dict, text: float) -> _Fit:
    skills = {canonical_skill(s) or s for s in row["skills"] or []}
    matched, related, missing, got, total = [], [], [], 0.0, 0.0
    for skill in brief.skills:
        total += skill.weight
        if skill.name in skills:
            matched.append(skill.name)
            got += skill.weight * (ALIAS_CREDIT if skill.via_alias else 1.0)
            continue
        near = sorted(related_skills(skill.name) & skills)
        if near:
            related.append(near[0])
            got += skill.weight * RELATED_CREDIT
        else:
            missing.append(skill.name)
    title = _title_fit(brief.title_words, latest_title(row["profile"], row["headline"]))
    years = 1.0 if not brief.min_years else min(1.0, (row["total_years"] or 0) / brief.min_years)
    parts = {"skills": got / total if total else title, "title": title, "text": text,
             "seniority": _seniority_fit(brief.seniority, row["seniority"]), "years": years,
             "location": _location_fit(brief, row["location"])}
    return _Fit(sum(WEIGHTS[k] * v for k, v in parts.items()), matched, list(dict.fromkeys(related)), missing)


def _rationale(brief: Brief, row: dict, fit: _Fit) -> str:
    who = latest_title(row["profile"], row["headline"]) or "No title"
    facts = [f"{row['seniority']}" if row["seniority"] else None,
             f"{row['total_years']:g} yrs" if row["total_years"] is not None else None]
    line = ", ".join([who, *[f for f in facts if f]])
    if brief.skills:
        line += "; matches " + (", ".join(fit.matched) if fit.matched else "no listed skill")
        if fit.related:
            line += f" (related: {', '.join(fit.related)})"
        if fit.missing:
            line += f"; lacks {', '.join(fit.missing)}"
    if row["location"]:
        line += f"; in {row['location']}"
    return line


def _queries(brief: Brief, must: list[str]) -> list[tuple[search.Expr | None, bool]]:
    """Full-text queries, strictest (and cheapest) first, each with whether to rank it:
    required skills and every title word; required skills, title words only boosting;
    then, unranked, any brief skill or related skill."""
    hard = [search.Term(search.skill_token(s)) for s in must]
    title = [search.Term(w) for w in brief.title_words]
    every = [search.Term(search.skill_token(s.name)) for s in brief.skills]
    required = [search.Term(search.skill_token(s.name)) for s in brief.skills if s.weight >= 1] or every
    if not every:
        if not title:
            return [(search.AllOf(tuple(hard)) if hard else None, True)]
        return [(search.AllOf((*hard, *title)), True), (search.AllOf((*hard, search.AnyOf(tuple(title)))), True)]
    near = {r for s in brief.skills for r in related_skills(s.name)} - {s.name for s in brief.skills}
    pool = every + [search.Term(search.skill_token(r)) for r in sorted(near)]
    # a trailing AnyOf that repeats a core term never narrows the match, but lets
    # bm25/ts_rank reward title words and nice-to-have skills
    boost = search.AnyOf((required[0], *every, *title))
    queries = [(search.AllOf((*hard, *required, boost)), True), (search.AllOf((*hard, search.AnyOf(tuple(pool)))), False)]
    if title:
        queries.insert(0, (search.AllOf((*hard, *required, *title, boost)), True))
    return queries


async def rank(tenant_id: str, brief: Brief, count: int, must: list[str],
               hard: search.HardFilters) -> list[SourcedCandidate]:
    """The ``count`` best candidates of a tenant for a parsed brief."""
    rows: dict[str, dict] = {}
    text: dict[str, float] = {}
    for expr, ranked in _queries(brief, must):
        hits = await search.search(tenant_id, expr, POOL, filters=hard, columns=_COLUMNS, ranked=ranked)
        best = max((h["rel"] for h in hits), default=0.0) or 1.0
        scale = 1.0 if ranked else 0.0
        for hit in hits:
            if hit["id"] not in rows:
                rows[hit["id"]], text[hit["id"]] = hit, scale * hit["rel"] / best
        if len(rows) >= max(2 * count, MIN_POOL):
            break
    fits = {cid: _fit(brief, row, text[cid]) for cid, row in rows.items()}
    order = sorted(fits, key=lambda cid: (-fits[cid].score, cid))[:count]
    return [SourcedCandidate(id=cid, name=rows[cid]["name"], headline=rows[cid]["headline"],
                             location=rows[cid]["location"], score=round(fits[cid].score),
                             matched_skills=fits[cid].matched, related_skills=fits[cid].related,
                             rationale=_rationale(brief, rows[cid], fits[cid]))
            for cid in order]


def _brief_out(brief: Brief) -> BriefOut:
    return BriefOut(skills=[s.name for s in brief.skills], title_words=brief.title_words,
                    seniority=brief.seniority, min_years=brief.min_years, location=brief.location,
                    remote=brief.remote)


async def source(actor: Actor, req: SourceRequest) -> SourceResult:
    """Rank the tenant's candidates for a free-text brief plus hard filters."""
    require(actor, "sourcing.run")
    must, unknown = skill_names(req.filters.skills)
    if unknown:
        raise InvalidInput("unknown skills in filters.skills", {"unknown": unknown})
    brief = parse_brief(req.brief)
    hard = search.HardFilters(location=req.filters.location, min_years=req.filters.min_years)
    if req.vacancy_id:
        vacancy = await vacancy_row(actor, req.vacancy_id)
        hard.exclude_vacancy_id = vacancy.id
        brief.seniority = brief.seniority or vacancy.seniority
        brief.min_years = brief.min_years or vacancy.min_years
        if not brief.location and not brief.remote:
            brief.location, brief.remote = vacancy.location, vacancy.remote
    known = {s.name for s in brief.skills}
    brief.skills += [BriefSkill(name) for name in must if name not in known]
    return SourceResult(candidates=await rank(actor.tenant_id, brief, req.count, must, hard),
                        brief=_brief_out(brief))


def vacancy_brief(vacancy: Vacancy) -> Brief:
    """A vacancy read as a brief: required skills weigh 1, nice-to-have 0.5."""
    from_title = parse_brief(vacancy.title)
    required, _ = skill_names(vacancy.required_skills or [])
    nice, _ = skill_names(vacancy.nice_to_have_skills or [])
    skills = [BriefSkill(s) for s in required] + [BriefSkill(s, weight=0.5) for s in nice if s not in required]
    skills += [s for s in from_title.skills if s.name not in {k.name for k in skills}]
    return Brief(skills=skills, title_words=from_title.title_words,
                 seniority=vacancy.seniority or seniority_of(vacancy.title), min_years=vacancy.min_years,
                 location=None if vacancy.remote else vacancy.location, remote=vacancy.remote)


async def suggest_for_vacancy(actor: Actor, vacancy_id: str, count: int) -> SourceResult:
    """Talent-pool suggestions for a vacancy: sourcing with the vacancy as the brief,
    leaving out candidates who already applied to it."""
    require(actor, "sourcing.run")
    vacancy = await vacancy_row(actor, vacancy_id)
    brief = vacancy_brief(vacancy)
    hard = search.HardFilters(exclude_vacancy_id=vacancy.id)
    return SourceResult(candidates=await rank(actor.tenant_id, brief, count, [], hard), brief=_brief_out(brief))
