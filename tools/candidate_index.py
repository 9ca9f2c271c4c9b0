"""What the search index knows about a candidate: one derivation for every candidate write.

``index_fields`` turns a candidate's columns (and parsed profile, when there is one) into
the derived columns ``search_text``, ``seniority`` and ``total_years``. Create, parse
upsert, and any later update or merge call it with the candidate's full new state, so the
full-text index (fed from ``search_text`` by the database) never drifts from the row.
"""

from __future__ import annotations

from collections.abc import Mapping

from storage.search import skill_token, tag_token, tenant_token, words
from tools.parsing.schema import Experience
from tools.parsing.skills import canonical_skill
from tools.parsing.structure import seniority as infer_seniority

INDEXED = ("name", "email", "headline", "location", "skills", "profile", "tags")
_SUMMARY_CHARS = 600


def _titles(profile: Mapping) -> list[str]:
    jobs = sorted(profile.get("experience") or [], reverse=True,
                  key=lambda j: (bool(j.get("is_current")), j.get("start_date") or ""))
    return [part for j in jobs for part in (j.get("title"), j.get("company")) if part]


def latest_title(profile: Mapping | None, headline: str | None) -> str | None:
    """The most recent job title in the profile, else the headline."""
    titles = [j for j in (profile or {}).get("experience") or [] if j.get("title")]
    if not titles:
        return headline
    return max(titles, key=lambda j: (bool(j.get("is_current")), j.get("start_date") or ""))["title"]


def index_fields(tenant_id: str, values: Mapping) -> dict:
    """``search_text``, ``seniority`` and ``total_years`` for a candidate's columns.

    ``search_text`` is the normalised word stream (letters and digits, lower case) of the
    name, email, headline, job titles and companies (latest first), location, summary and
    certifications, followed by the canonical skills as words and as skill tokens, the tag
    tokens and the tenant token (see ``storage.search``).
    """
    profile = values.get("profile") or {}
    skills = list(dict.fromkeys(canonical_skill(s) or s for s in values.get("skills") or []))
    parts = [values.get("name"), (values.get("email") or "").split("@")[0], values.get("headline"),
             *_titles(profile), values.get("location"), (profile.get("summary") or "")[:_SUMMARY_CHARS],
             *(profile.get("certifications") or []), *skills]
    text = " ".join(w for part in parts if part for w in words(part))
    tokens = " ".join([*(skill_token(s) for s in skills), *(tag_token(t) for t in values.get("tags") or [])])
    years = profile.get("total_experience_years")
    level = profile.get("seniority")
    if level is None:
        title = latest_title(profile, values.get("headline"))
        level = infer_seniority([Experience(title=title, is_current=True)], years) if title else None
    return {"search_text": f"{text} {tokens} {tenant_token(tenant_id)}".strip(),
            "seniority": level, "total_years": float(years) if years is not None else None}
