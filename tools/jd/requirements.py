"""Required and nice-to-have skills of a job ad, offline (taxonomy + section and sentence cues).

How a skill mention is classified:

1. The ad is cut into sections at headings (``cues.heading_kind``), including inline labels
   ("Must have: Go, SQL"; a label on a bullet covers only that bullet).
2. Each line is cut into clauses (sentences, ";", ", and/but …", parentheses, a forward cue
   such as ", ideally …"). A clause with no cue of its own takes the previous clause's cue.
3. A mention is nice when its clause has a nice cue ("a plus", "ideally", "preferred",
   "wünschenswert", "un plus" …) or its section is ``nice`` or ``stack``; otherwise it is
   required in ``required`` and ``duties`` sections. In text outside any known heading it is
   required when its clause has a required cue ("must", "you have", "you'll" …), or when the
   ad has no requirement, nice-to-have or duties heading at all; otherwise it is left out.
   "About us", "Benefits" and "How to apply" sections never yield skills.
4. Skills in the title and department are required. A skill both required and nice is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tools.jd import cues, facts
from tools.parsing.lexicon import TITLE_WORDS, fold
from tools.parsing.sections import prepare_lines
from tools.parsing.skills import find_skill_spans

_LABEL_RE = re.compile(r"^([^:：]{1,50})[:：]\s*(?=\S)")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"'(¿¡]?[A-ZÀ-Ý0-9])")
_DECORATION_RE = re.compile(r"^[#*_=\s]+|[#*_=:：?!.\s]+$")
_PAREN_RE = re.compile(r"(\([^()]*\))")
# acronyms that are also everyday words: only the upper-case spelling is the skill
_WORD_ACRONYMS = frozenset({"SOLID", "SOAP", "ACID", "TOAD", "SPICE", "SLAM", "RAID", "MUMPS", "SOAR"})
_STRUCTURED = frozenset({"required", "nice", "duties"})


@dataclass
class Requirements:
    """What a job ad asks for: canonical skills, seniority, years and spoken languages."""

    required: list[str] = field(default_factory=list)
    nice_to_have: list[str] = field(default_factory=list)
    seniority: str | None = None
    min_years: float | None = None
    languages: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    """A line of the ad (title, bullet or paragraph line) under a section kind."""

    text: str
    section: str


def extract_requirements(description: str, title: str | None = None,
                         department: str | None = None) -> Requirements:
    """Classify the skills of a job ad into required and nice to have (see the module doc)."""
    units, title = _units(description or "", title)
    structured = any(u.section in _STRUCTURED for u in units)
    first_seen: dict[str, tuple[int, str]] = {}   # skill -> (order, kind)
    years: float | None = None
    langs: list[str] = []
    order = 0

    def see(skill: str, kind: str) -> None:
        nonlocal order
        prev = first_seen.get(skill)
        if prev is None:
            first_seen[skill] = (order, kind)
            order += 1
        elif kind == "required" and prev[1] == "nice":
            first_seen[skill] = (prev[0], "required")

    for head in (title, department):
        for skill, _a, _b in _skill_spans(head or ""):
            see(skill, "required")
    for unit in units:
        spans = _skill_spans(unit.text)
        for a, b, kind in _classified_clauses(unit, structured):
            for skill, start, _end in spans:
                if a <= start < b:
                    see(skill, kind)
            if kind == "required":
                folded = fold(unit.text[a:b])
                found = facts.min_years(folded)
                if found is not None:
                    years = found if years is None else max(years, found)
                langs += [lang for lang in facts.languages(folded) if lang not in langs]
    ranked = sorted(first_seen.items(), key=lambda kv: kv[1][0])
    return Requirements(
        required=[s for s, (_o, k) in ranked if k == "required"],
        nice_to_have=[s for s, (_o, k) in ranked if k == "nice"],
        seniority=facts.seniority(fold(title or ""), years),
        min_years=years,
        languages=langs,
    )


def _units(description: str, title: str | None) -> tuple[list[_Unit], str | None]:
    """Lines with their section kind; the first line becomes the title when none is given."""
    units: list[_Unit] = []
    section = "context"
    for i, line in enumerate(prepare_lines(description)):
        text = line.text
        if i == 0 and title is None and _looks_like_title(text):
            title = text
            continue
        kind = None if line.bullet else _heading(text)
        if kind is not None:
            section = kind
            continue
        label = _LABEL_RE.match(text)
        label_kind = _label_kind(label.group(1)) if label else None
        if label_kind is not None:
            if not line.bullet:
                section = label_kind
            units.append(_Unit(text[label.end():], label_kind))
        else:
            units.append(_Unit(text, section))
    return units, title


def _looks_like_title(text: str) -> bool:
    words = fold(text).replace("/", " ").replace("(", " ").split()
    return (len(words) <= 10 and not text.rstrip().endswith((".", ":", ","))
            and any(w.strip("()-,") in TITLE_WORDS for w in words))


def _heading(text: str) -> str | None:
    """The section kind of a heading line, or None for an ordinary line."""
    s = _DECORATION_RE.sub("", text)
    if not s or len(s) > 80 or len(s.split()) > 8 or text.rstrip().endswith((".", ",", ";")):
        return None
    kind = cues.heading_kind(fold(s))
    if kind is not None and len(s.split()) > 2 and _skill_spans(s):
        return None  # "Experience with Kafka" is a line, "Benefits" a heading
    return kind


def _label_kind(label: str) -> str | None:
    """Section kind of an inline label ("Must have", "Bonus", "Also required")."""
    if len(label.split()) > 6:
        return None
    folded = fold(_DECORATION_RE.sub("", label))
    kind = cues.heading_kind(folded)
    if kind is None and cues.NICE_CUE.search(folded):
        return "nice"
    if kind is None and cues.REQUIRED_CUE.search(folded):
        return "required"
    return kind


def _classified_clauses(unit: _Unit, structured: bool) -> list[tuple[int, int, str]]:
    """(start, end, "required" | "nice") for the clauses of a unit that count."""
    if unit.section == "ignored":
        return []
    text = unit.text
    out: list[tuple[int, int, str]] = []
    for sa, sb in _cut(text, 0, len(text), _SENTENCE_RE):
        if unit.section == "context" and cues.IGNORED_SENTENCE.match(fold(text[sa:sb].strip())):
            continue
        cue = None
        for ca, cb, aside in _clauses(text, sa, sb):
            own = _cue(fold(text[ca:cb])) or cue
            if not aside:  # a parenthesis takes the cue around it but does not pass its own on
                cue = own
            kind = _kind(unit.section, own, structured)
            if kind is not None:
                out.append((ca, cb, kind))
    return out


def _clauses(text: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """(start, end, is a parenthesis) of the clauses of ``text[a:b]``: cut at clause breaks,
    forward cues ("…, ideally X") and brackets."""
    out: list[tuple[int, int, bool]] = []
    pos = a
    for m in [*_PAREN_RE.finditer(text, a, b), None]:
        end = m.start() if m else b
        for ca, cb in _cut(text, pos, end, cues.CLAUSE_BREAK):
            out += [(x, y, False) for x, y in _cut(text, ca, cb, cues.FORWARD_CUE)]
        if m:
            out.append((m.start() + 1, m.end() - 1, True))
            pos = m.end()
    return out


def _cut(text: str, a: int, b: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The non-blank pieces of ``text[a:b]`` between matches of ``pattern``."""
    pieces, pos = [], a
    for m in pattern.finditer(text, a, b):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, b))
    return [(x, y) for x, y in pieces if text[x:y].strip()]


def _skill_spans(text: str) -> list[tuple[str, int, int]]:
    """Taxonomy mentions, minus acronyms met as ordinary words ("Solid knowledge", "(m/w/d)")."""
    return [(skill, a, b) for skill, a, b in find_skill_spans(text)
            if not (skill.isupper() and text[a:b] != skill
                    and (len(skill) == 1 or text[a:b].istitle() or skill in _WORD_ACRONYMS))]


def _cue(folded: str) -> str | None:
    if cues.NICE_CUE.search(folded):
        return "nice"
    if cues.REQUIRED_CUE.search(folded):
        return "required"
    return None


def _kind(section: str, cue: str | None, structured: bool) -> str | None:
    if section in ("nice", "stack") or cue == "nice":
        return "nice"
    if section in ("required", "duties") or cue == "required":
        return "required"
    return None if structured else "required"
