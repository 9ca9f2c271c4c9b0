"""How well a candidate's recent job titles cover a vacancy's title.

Titles are compared on their meaningful words: level words (senior, lead …) and noise
(full-time, remote) are dropped, common role nouns count as one word (engineer = developer),
and words match when spelled alike ("front-end" = "frontend"). The fit is the share of the
vacancy's words found in one of the last three titles, discounted for older roles.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from tools.parsing.lexicon import fold

_WORD_RE = re.compile(r"[a-z0-9+#]+")
_IGNORED = frozenset(
    "senior sr junior jr lead principal staff chief head mid level entry intern trainee i ii iii iv "
    "the of and for in at a an to with full time part remote hybrid contract freelance m f w d x".split())
_ROLE_NOUNS = {"developer": "engineer", "programmer": "engineer", "dev": "engineer", "swe": "engineer",
               "engineering": "engineer", "development": "engineer"}
_RECENCY = (1.0, 0.9, 0.8)


def title_words(title: str) -> list[str]:
    folded = fold(title).replace("front-end", "frontend").replace("back-end", "backend").replace("full-stack", "fullstack")
    words = [_ROLE_NOUNS.get(w, w) for w in _WORD_RE.findall(folded) if w not in _IGNORED]
    return list(dict.fromkeys(words))


def _coverage(wanted: list[str], have: list[str]) -> float:
    if not wanted:
        return 0.0
    hits = sum(1 for w in wanted if any(w == h or (len(w) > 3 and fuzz.ratio(w, h) >= 85) for h in have))
    return hits / len(wanted)


def title_fit(vacancy_title: str, candidate_titles: list[str | None]) -> float:
    """0..1: the best discounted coverage of the vacancy title by one of the last three titles."""
    wanted = title_words(vacancy_title)
    best = 0.0
    for weight, title in zip(_RECENCY, [t for t in candidate_titles if t][:3], strict=False):
        best = max(best, weight * _coverage(wanted, title_words(title)))
    return best
