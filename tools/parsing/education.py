"""Education entries: institution, degree, field, dates, grade."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tools.parsing import lexicon
from tools.parsing.dates import find_when
from tools.parsing.experience import join_split_dates
from tools.parsing.schema import Education
from tools.parsing.sections import Line

_GRADE_RE = re.compile(
    r"^(?:gpa|cgpa|grade|grades|score|note|mention|nota|voto|cijfer|abschlussnote|media|final grade|"
    r"gpa/score)\b\s*[:\-]?\s*(.+)$|\b(?:cum laude|magna cum laude|summa cum laude|with honou?rs|"
    r"first class|2[:.]1|distinction|mention (?:tr[eè]s )?bien|mit auszeichnung)\b",
    re.IGNORECASE)
_FIELD_SPLIT = re.compile(r",\s+|\s+(?:in|of|en|em|in|im|di|à|a)\s+(?=[A-ZÀ-Þ])")


@dataclass
class _Edu:
    institution: str | None = None
    degree: str | None = None
    start: str | None = None
    end: str | None = None
    grade: str | None = None
    dated: bool = False
    inline_dated: bool = False   # the date sat on the institution's line ("Uni X (2010 - 2014)")
    current: bool = False

    def empty(self) -> bool:
        return not (self.institution or self.degree)


def _split_degree(degree: str) -> tuple[str, str | None]:
    """'Bachelor, Computer Science' -> ('Bachelor', 'Computer Science');
    'Master of Science in Physics' -> ('Master of Science', 'Physics')."""
    m = re.match(r"^(.+?),\s+(.+)$", degree)
    if m and lexicon.DEGREE_RE.search(m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    m = re.match(r"^(.+?)\s+(?:in|en|em|im|in)\s+(.+)$", degree)
    if m and lexicon.DEGREE_RE.search(m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    return degree, None


_STRONG_DEGREE = re.compile(
    r"(?i)\b(?:bachelor\w*|master\w*|degree|diplom\w*|licen[cs]\w*|laurea|ph\.?\s?d|doctor\w*|doktor\w*|"
    r"mba|b\.?sc|m\.?sc|b\.s\.|m\.s\.|b\.a\.|m\.a\.|b\.?eng|m\.?eng|associate'?s?|certificat\w*|"
    r"course|cours|curso|corso|program|programme|baccalaur\w*|abitur|mestrado|maestr[ií]a|grado|"
    r"bacharel\w*|bachiller\w*|licenciatur\w*|tecn[oó]log\w*|t[eé]cnico|ingenier\w*|engenh\w*|ingegner\w*|"
    r"b\.?f\.?a|m\.?f\.?a|b\.?b\.?a|b\.?ed|m\.?ed|ll\.?b|ll\.?m|hbo|wo-?master|vwo|havo|mbo)\b")


def _kind(text: str) -> str:
    inst = bool(lexicon.INSTITUTION_RE.search(text))
    deg = bool(lexicon.DEGREE_RE.search(text))
    if inst and deg and _STRONG_DEGREE.search(text):
        inst_part, deg_part = _split_combined(text)
        if deg_part is None or _STRONG_DEGREE.search(inst_part or ""):
            return "degree"  # "College Degree, Multimedia", "Bachelor of Engineering"
    if inst and deg:
        # "Bachelor of Science, University of X" / "MSc Physics - ETH Zurich": a combined line
        return "both"
    if inst:
        return "inst"
    if deg:
        return "degree"
    return "other"


def _split_combined(text: str) -> tuple[str | None, str | None]:
    """One line holding both degree and institution."""
    # "University of X Bachelor of Science, Marketing": glued without a separator
    m = _STRONG_DEGREE.search(text)
    if m and m.start() > 0 and lexicon.INSTITUTION_RE.search(text[:m.start()]) \
            and not _STRONG_DEGREE.search(text[:m.start()]) and text[m.start()].isupper():
        inst, deg = lexicon.tidy(text[:m.start()]), lexicon.tidy(text[m.start():])
        if inst and deg and len(inst.split()) >= 2 and not re.search(r"(?i)\b(?:of|in|for|de|für|di|van)$", inst):
            return inst, deg
    for sep in (" — ", " – ", " | ", " - ", ", ", " at ", " @ ", " à ", " an der ", " bei "):
        if sep in text:
            parts = [lexicon.tidy(p) for p in text.split(sep) if lexicon.tidy(p)]
            if len(parts) < 2:
                continue
            inst_idx = [i for i, p in enumerate(parts) if lexicon.INSTITUTION_RE.search(p)]
            if inst_idx:
                i = inst_idx[-1] if lexicon.DEGREE_RE.search(parts[0]) else inst_idx[0]
                inst = parts[i]
                rest = sep.join(p for j, p in enumerate(parts) if j != i)
                return inst, rest or None
    return text, None


_CONNECT_END = re.compile(r"(?i)(?:\b(?:and|of|in|for|at|de|des|du|la|le|et|und|für|fur|der|y|e|di|del|van|voor|"
                          r"en|em|da|do)|[,(/&–-])$")


def _join_wrapped(lines: list[Line], width_hint: int | None = None) -> list[Line]:
    """Re-join entries that a narrow column (a sidebar) wrapped over several lines.
    ``width_hint``: the longest line of the column around the section, when known."""
    if len(lines) < 2:
        return lines
    width = max([len(ln.text) for ln in lines] + [width_hint or 0])
    narrow = width_hint is not None and width <= 50
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and not ln.bullet and not prev.bullet and not ln.blank_before \
                and not find_when(ln.text) and not find_when(prev.text):
            t, p = ln.text, prev.text
            strong = (_CONNECT_END.search(p) or p.count("(") > p.count(")") or t[:1].islower()
                      or (t[:1] == "(" and len(t) < 30))
            starts_new = bool(_STRONG_DEGREE.match(t) or lexicon.INSTITUTION_RE.match(t))
            other_kind = bool(lexicon.INSTITUTION_RE.search(t) and not lexicon.INSTITUTION_RE.search(p)
                              or _STRONG_DEGREE.search(t) and not _STRONG_DEGREE.search(p))
            first = t.split()[0] if t.split() else ""
            weak = (narrow and len(p) + 1 + len(first) > 0.9 * width and len(t.split()) <= 5
                    and not starts_new and not other_kind)
            if strong and not (starts_new and not _CONNECT_END.search(p)) or weak:
                out[-1] = Line(f"{p} {t}", prev.idx, False, prev.blank_before, prev.underlined, prev.raw)
                continue
        out.append(ln)
    return out


def parse_education(lines: list[Line], width_hint: int | None = None) -> tuple[list[Education], list[str]]:
    warnings: list[str] = []
    lines = _join_wrapped(join_split_dates(lines), width_hint)
    entries: list[_Edu] = []
    cur = _Edu()
    blanks = sum(1 for ln in lines if ln.blank_before)
    sparse_blanks = 0 < blanks < 0.6 * len(lines)

    def flush():
        nonlocal cur
        if not cur.empty():
            entries.append(cur)
        cur = _Edu()

    for line in lines:
        text = line.text
        when = find_when(text)
        rest = text
        if when:
            a, b = when.span
            rest = (text[:a].rstrip(" (|,–—-") + " " + text[b:].lstrip(" )|,–—-")).strip()
            rest = lexicon.tidy(re.sub(r"\(\s*\)", "", rest))
        g = _GRADE_RE.search(rest) if rest else None
        if g and (g.group(1) or len(rest.split()) <= 6) and not lexicon.INSTITUTION_RE.search(rest):
            if not cur.empty():
                cur.grade = (g.group(1) or g.group(0)).strip()
            continue
        if sparse_blanks and line.blank_before and cur.institution and (cur.degree or cur.dated) and rest:
            flush()
        if rest and (line.bullet and len(rest.split()) > 8 or len(rest.split()) > 18):
            continue  # a description line
        if rest:
            kind = _kind(rest)
            if kind == "both":
                inst, deg = _split_combined(rest)
                if deg is None:
                    kind = "inst" if lexicon.INSTITUTION_RE.search(rest) and not re.match(
                        r"(?i)^(?:bachelor|master|b\.?sc|m\.?sc|ph\.?d|diplom|licen|laurea|mba)", rest) else "degree"
                else:
                    if cur.institution or cur.degree:
                        flush()
                    cur.institution, cur.degree = inst, deg
            same_block = sparse_blanks and not line.blank_before
            if kind == "inst":
                if cur.institution:
                    flush()
                cur.institution = rest
            elif kind == "degree":
                if cur.degree:
                    flush()
                cur.degree = rest
            elif kind == "other":
                if cur.institution is None and (cur.degree is None or not cur.dated or same_block):
                    cur.institution = rest
                elif cur.degree is None and (not cur.dated or same_block or cur.inline_dated):
                    cur.degree = rest
                else:
                    flush()
                    cur.institution = rest
        if when:
            if cur.dated and (cur.institution or cur.degree) and not rest:
                flush()
            cur.start = when.start
            cur.end = when.end
            cur.current = when.current
            cur.dated = True
            cur.inline_dated = bool(rest) and cur.institution == rest
    flush()

    out = []
    for e in entries:
        degree, fld = _split_degree(e.degree) if e.degree else (None, None)
        if e.institution is None:
            warnings.append(f"education entry without an institution: {e.degree!r}")
        out.append(Education(degree=degree or None, field=fld or None, institution=e.institution or None,
                             start_date=e.start, end_date=None if e.current else e.end, grade=e.grade or None))
    return out, warnings
