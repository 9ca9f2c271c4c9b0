"""Work experience: job entries anchored on their date ranges.

Every job in a CV carries a date range; the lines around it are the job header
(title, company, location) and the rest is the description. Layouts differ in where
the header sits relative to the dates: above them ("Title — Company" / "dates"),
on the same line ("Title, Company | dates", "Title, Company<TAB>dates"), or below
them (a left timeline cell: "dates" / "Title at Company"). The layout of a section is
decided once from its first entry and applied to all of them. Which part of a header
is the title and which the company is decided by title words ("Engineer", "Leiter",
"Développeur" …) and organisation words ("GmbH", "Inc.", "University" …); entries
where neither side is clearer follow the majority order of their section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tools.parsing import lexicon
from tools.parsing.dates import DateRange, find_dates, find_range, month_index
from tools.parsing.lexicon import tidy as _tidy
from tools.parsing.schema import Experience
from tools.parsing.sections import Line
from tools.parsing.skills import canonical_skill

_AT_RE = re.compile(r"\s\s*(?:at|@|chez|bei|presso|bij|en|na|no|em|para|für|fur|pour|per|voor)\s+",
                    re.IGNORECASE)                      # (\s\s* == \s+, but lets re skip to spaces)
# words that mean "at" in one language and something else in another: only trusted when the
# right-hand side does not look like a title ("Desarrolladora en Telefónica" vs "Dev en Tester")
_WEAK_AT = {"en", "na", "no", "em", "para", "für", "fur", "pour", "per", "voor"}
_SEPARATORS = (" — ", " | ", " – ", ", ", " - ", " · ", " -- ", " / ")
_ABBREV_END = re.compile(r"(?:\b(?:inc|ltd|co|corp|llc|b\.v|n\.v|s\.a|gmbh|ag|jr|sr|st|msc|bsc|ph\.d|etc)\.|\b[A-Z]\.)$",
                         re.IGNORECASE)
_LOWER_BRAND_RE = re.compile(r"^[a-z][\w.&'-]*[A-Z0-9]|^[a-z]+\.(?:io|com|ai|dev)")
_SUMMER_RE = re.compile(r"(?i)summer|sommer|été|ete\b|verano|verão|estate|zomer")
_HEADER_PARTS_RE = re.compile(r"\s+[|·•]\s+")
_CODE_RE = re.compile(r"[A-Z]{2}")
_DATEISH_TAIL_RE = re.compile(r"\d|[^\W\d_]{3,}")
_LOWER_CAMEL_RE = re.compile(r"^[a-z]+[A-Z.]")


@dataclass
class _Anchor:
    pos: int                 # index in the section's line list
    dr: DateRange
    inline: str | None       # header text on the date line, if any
    location: str | None


@dataclass
class _Entry:
    anchor: _Anchor
    header: list[str] = field(default_factory=list)
    header_pos: set[int] = field(default_factory=set)
    body: list[Line] = field(default_factory=list)
    title: str | None = None
    company: str | None = None
    location: str | None = None
    ambiguous: bool = False   # title/company order decided by convention only
    swapped: bool = False     # order chosen as (second, first)


def _words(s: str) -> int:
    return len(s.split())


def _ends_sentence(s: str) -> bool:
    s = s.rstrip()
    return s.endswith((".", "!", "?", ";")) and not _ABBREV_END.search(s)


def _headerish(line: Line) -> bool:
    t = line.text
    if line.bullet or _words(t) > 14 or len(t) > 110 or _ends_sentence(t):
        return False
    if t[:1].islower() and not _LOWER_BRAND_RE.match(t):
        return False  # a wrapped description line, not a header ("iGravity", "bitcrowd.io" pass)
    return True


def _remainder(text: str, dr: DateRange) -> str:
    a, b = dr.span
    left, right = _tidy(text[:a]), _tidy(text[b:])
    if left and right:
        return f"{left} | {right}"
    return left or right


def _cut_glued_sentence(text: str) -> str:
    """"Game Developer Building a roguelike in Rust." -> "Game Developer": a PDF reader put the
    first description sentence on the header's line (both sit next to a right-aligned date)."""
    toks = text.split()
    for j in range(1, len(toks) - 2):
        tail = toks[j + 1:]
        lower = sum(1 for t in tail if t[:1].islower())
        if (toks[j][:1].isupper() and len(tail) >= 2 and tail[0][:1].islower() and lower >= 0.6 * len(tail)
                and toks[j - 1][-1:] not in ",&"):
            return " ".join(toks[:j])
    return text


_GLUED_BULLET = re.compile(r"\s[■▪●•◦►▸➢➤✓✔]\s")


def _anchor(line: Line, pos: int) -> _Anchor | None:
    text = line.text
    dr = find_range(text)
    if dr is None:
        # a line that is only a date ("2019", "Summer 2020", "Jan 2020")
        dates = find_dates(text)
        if len(dates) == 1 and _words(text) <= 4:
            d, span = dates[0]
            rest = _tidy(text[:span[0]] + text[span[1]:])
            if rest and _words(rest) > 2:
                return None
            dr = DateRange(d, d, False, span, text[span[0]:span[1]])
            if _SUMMER_RE.search(text) and len(d) == 7:
                end = month_index(d) + 2
                dr = DateRange(d, f"{end // 12}-{end % 12 + 1:02d}", False, span, dr.text)
        else:
            return None
    rest = _remainder(text, dr)
    # a bullet glued to the header by the PDF reader ("Acme — Engineer ■ Cut costs 30%   2019 – 2021")
    m = _GLUED_BULLET.search(rest)
    if m and m.start() > 0:
        rest = _tidy(rest[:m.start()])
    if line.bullet and rest and _words(rest) > 6:
        return None
    after = text[dr.span[1]:].lstrip()
    if after.startswith(":") and _words(rest) > 3:
        return None  # "2015-2016: Built a shop for Panoply": a dated note inside a job
    first = rest.split()[0].lower() if rest else ""
    if (len(first) >= 6 and first.endswith("ed") and first not in lexicon.TITLE_WORDS
            and _words(rest) > 4):
        return None  # "Built …", "Coached …": a sentence, not a header
    right_aligned = dr.span[1] >= len(text.rstrip(" )")) - 1 and " | " in text[:dr.span[0] + 3]
    if rest and (_words(rest) > 16 or (_ends_sentence(rest) and not right_aligned)):
        return None
    if rest and right_aligned and _ends_sentence(rest):
        rest = _cut_glued_sentence(rest)
    inline = loc = None
    if rest:
        parts = [_tidy(p) for p in _HEADER_PARTS_RE.split(rest) if _tidy(p)]
        keep = []
        for p in parts:
            if loc is None and lexicon.title_score(p) <= 0 and (
                    lexicon.is_pure_location(p)
                    or (lexicon.looks_like_location(p) and (len(parts) > 1 or dr.span[0] == 0))):
                loc = p
            else:
                keep.append(p)
        inline = " | ".join(keep) or None
    return _Anchor(pos, dr, inline, loc)


# --------------------------------------------------------------------------- header -> title/company

def _split_outside_parens(s: str, sep: str) -> list[int]:
    out = []
    i = s.find(sep)
    while i >= 0:
        head = s[:i]
        if head.count("(") <= head.count(")") and head.count("[") <= head.count("]"):
            out.append(i)
        i = s.find(sep, i + 1)
    return out


def _org_penalty(s: str) -> float:
    """Parts that start lower-case ("the moonshot factory") are rarely a whole title or company."""
    w = s.split()[0] if s.split() else ""
    return 1.0 if w in ("the", "of", "and", "for", "de", "la", "le", "der", "die", "das", "del", "di") else 0.0


@lru_cache(maxsize=4096)
def _split_one(seg: str) -> tuple[str, str, str] | None:
    """Split "Title — Company" / "Company, Title" / "Title at Company" into two parts."""
    m = None
    for m_ in _AT_RE.finditer(seg):
        left, right = _tidy(seg[:m_.start()]), _tidy(seg[m_.end():])
        word = m_.group(0).strip().lower()
        if word in _WEAK_AT and (lexicon.title_score(left) <= 0 or lexicon.title_score(right) > 0
                                 or not right[:1].isupper()):
            continue
        if left and lexicon.title_score(left) > 0:
            m = m_
            break
        if m is None and word in ("at", "@"):
            m = m_
    if m:
        a, b = _tidy(seg[:m.start()]), _tidy(seg[m.end():])
        if a and b:
            return a, b, "at"
    best = None
    for rank, sep in enumerate(_SEPARATORS):
        for c in _split_outside_parens(seg, sep):
            a, b = _tidy(seg[:c]), _tidy(seg[c + len(sep):])
            if not a or not b or lexicon.words(b)[:1] and _is_legal_suffix(b):
                continue
            if lexicon.is_pure_location(a) or lexicon.is_pure_location(b) or _CODE_RE.fullmatch(b):
                continue  # "Acme Inc. | Chicago, IL": a place is neither title nor company
            ta, tb = lexicon.title_score(a), lexicon.title_score(b)
            if ta > 0 and tb >= ta and sep == ", ":
                continue  # "Founder, Web Designer": one title with a comma
            clarity = abs(ta - tb) - _org_penalty(a) - _org_penalty(b)
            if lexicon.looks_like_location(b):
                clarity -= 1.0  # "…, Mountain View, CA": a location, not the company
            # ties: the stronger separator, then the last cut (titles carry inner separators
            # more often than companies do)
            key = (clarity, -rank, c)
            if best is None or key > best[0]:
                best = (key, a, b, sep.strip() or sep)
    if best:
        return best[1], best[2], best[3]
    return None


_LEGAL = {"llc", "inc", "ltd", "gmbh", "ag", "sa", "sas", "sarl", "srl", "spa", "bv", "b.v", "nv", "plc", "corp",
          "co", "kg", "ug", "oy", "ab", "as", "pty", "pvt", "lp", "llp", "limited", "s.a", "s.l", "sl", "e.v", "ev"}


def _is_legal_suffix(s: str) -> bool:
    """"LLC", "Inc.", "GmbH & Co. KG": a company's legal form, cut off by a comma."""
    ws = [w.strip(".") for w in lexicon.words(s)]
    return bool(ws) and len(ws) <= 3 and all(w in _LEGAL or w == "&" for w in ws)


def _strip_company_location(company: str) -> tuple[str, str | None]:
    """"Globex, Berlin, Germany" -> ("Globex", "Berlin, Germany"); also after " | " or " · "."""
    cuts = sorted((c, len(sep)) for sep in (", ", " | ", " · ", " • ", " – ", " - ")
                  for c in _split_outside_parens(company, sep))
    for c, n in cuts:
        tail = company[c + n:].strip()
        if lexicon.looks_like_location(tail) or lexicon.is_place(tail.split(",")[0]):
            head = _tidy(company[:c])
            if head:
                return head, tail
    return company, None


def _orient(a: str, b: str) -> tuple[str, str, bool, bool]:
    """(title, company, ambiguous, swapped) for two header parts in reading order."""
    ta, tb = lexicon.title_score(a), lexicon.title_score(b)
    if ta > tb:
        return a, b, False, False
    if tb > ta:
        return b, a, False, True
    # no title words either side: a part carrying a location ("Rappi, Bogotá") is the company
    la, lb = _strip_company_location(a)[1] is not None, _strip_company_location(b)[1] is not None
    if la != lb:
        return (b, a, False, True) if la else (a, b, False, False)
    return a, b, True, False


def _parse_header(entry: _Entry) -> None:
    segs = [s for s in (_tidy(h) for h in entry.header) if s]
    if not segs:
        return
    if len(segs) > 1:
        # a location line ("Remote", "Lille, France") next to the title and company lines; with
        # only one other line it must be a pure place ("FieldAware (Remote)" is the company)
        locs = [s for s in segs if lexicon.looks_like_location(s) and lexicon.title_score(s) <= 0]
        others = [s for s in segs if s not in locs]
        if len(others) < 2:
            locs = [s for s in locs if lexicon.is_pure_location(s)]
            others = [s for s in segs if s not in locs]
        if locs and others:
            if entry.location is None:
                entry.location = locs[0]
            segs = others
    if len(segs) == 1:
        sp = _split_one(segs[0])
        if sp:
            a, b, sep = sp
            if sep == "at":
                ta, tb = lexicon.title_score(a), lexicon.title_score(b)
                if tb > ta and tb > 0:
                    entry.title, entry.company, entry.swapped = b, a, True
                else:
                    entry.title, entry.company = a, b
            else:
                entry.title, entry.company, entry.ambiguous, entry.swapped = _orient(a, b)
        elif lexicon.title_score(segs[0]) >= 0:
            entry.title = segs[0]
        else:
            entry.company = segs[0]
    else:
        a, b = segs[0], segs[1]
        entry.title, entry.company, entry.ambiguous, entry.swapped = _orient(a, b)


# --------------------------------------------------------------------------- entries

def _is_bodyish(line: Line) -> bool:
    return not _headerish(line)


def _header_lines_before(lines: list[Line], lo: int, hi: int, sparse_blanks: bool) -> list[int]:
    """Positions (ascending) of the header lines just above position ``hi`` (exclusive),
    not reaching below ``lo``."""
    picked: list[int] = []
    p = hi - 1
    while p >= lo and len(picked) < 3:
        ln = lines[p]
        if not _headerish(ln):
            break
        picked.append(p)
        if sparse_blanks and ln.blank_before:
            break
        p -= 1
    picked.reverse()
    return picked


def _skill_list(text: str) -> bool:
    """"CI, Jenkins, Hadoop, AWS (EC2, S3)": the wrapped tail of a technology list."""
    items = [x.strip() for x in text.split(",") if x.strip()]
    if len(items) < 3:
        return False
    return sum(1 for x in items if canonical_skill(x)) * 2 >= len(items)


def _choose(lines: list[Line], cand: list[int], near_end: bool) -> list[int]:
    """From candidate header lines, keep the ones that form the header: a single line that
    splits into title and company, else the two lines nearest the dates."""
    if not cand:
        return []
    order = list(reversed(cand)) if near_end else list(cand)
    first = lines[order[0]].text
    sp = _split_one(first)
    order = [p for p in order if not _skill_list(lines[p].text)] or order
    loc_like = [p for p in order if lexicon.looks_like_location(lines[p].text)]
    if sp and (sp[2] == "at" or (max(lexicon.title_score(sp[0]), lexicon.title_score(sp[1])) > 0
                                 and lexicon.title_score(sp[0]) != lexicon.title_score(sp[1]))):
        keep = [order[0]]
    else:
        keep = order[:2]
        if any(p in loc_like for p in keep) and len(order) > 2:
            keep = order[:3]
    return sorted(keep)


_DATE_TAIL = re.compile(r"(?:\d{4}|\b[^\W\d_]{3,9}\.?|[-–—]|\bto|\bbis|\bau)\s*$")


def join_split_dates(lines: list[Line]) -> list[Line]:
    """A date range cut by a narrow cell ("June 2014 — August" / "2014"): join the two lines."""
    out: list[Line] = []
    skip = False
    for k, ln in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        dash_led = nxt is not None and nxt.bullet and nxt.raw.strip()[:1] in "-–—"
        if (nxt is not None and len(nxt.text) <= 30 and (not nxt.bullet or dash_led) and _DATE_TAIL.search(ln.text)
                and _DATEISH_TAIL_RE.search(nxt.text)):
            r_here = find_range(ln.text)
            joined = f"{ln.text} – {nxt.text}" if dash_led else f"{ln.text} {nxt.text}"
            r = find_range(joined)
            if r is not None and r.span[1] > len(ln.text) + 1 and (r_here is None or r_here.span != r.span):
                if r.span[0] < len(ln.text):
                    out.append(Line(joined, ln.idx, ln.bullet, ln.blank_before, ln.underlined, ln.raw,
                                    len(nxt.text)))
                    skip = True
                    continue
        out.append(ln)
    return out


def _date_only(line: Line) -> bool:
    r = find_range(line.text)
    return bool(r) and not _remainder(line.text, r)


def _two_line_headers(lines: list[Line]) -> bool:
    """Does this section write job headers on two lines ("Company" / "Title" / dates)?
    Decided by the line above each date-only line: one that splits into title and company
    votes for one-line headers."""
    one = two = 0
    for k in range(1, len(lines)):
        if _date_only(lines[k]) and not lines[k - 1].bullet:
            sp = _split_one(lines[k - 1].text)
            if sp and (sp[2] == "at" or lexicon.title_score(sp[0]) != lexicon.title_score(sp[1])):
                one += 1
            else:
                two += 1
    return two > one


def merge_wrapped(lines: list[Line]) -> list[Line]:
    """Join the continuation lines of wrapped bullets and headers (PDF text: no blank lines,
    lines cut at the column width), so a wrapped tail is not taken for a job header."""
    if len(lines) < 3:
        return lines
    lengths = sorted(len(ln.text) for ln in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width < 30:
        return lines
    two_line = _two_line_headers(lines)
    out: list[Line] = []
    in_bullet = False
    for k, ln in enumerate(lines):
        prev = out[-1] if out else None
        if prev is None or ln.bullet or ln.blank_before:
            ln = Line(ln.text, ln.idx, ln.bullet, ln.blank_before, ln.underlined, ln.raw,
                      ln.last_len or len(ln.text))
            out.append(ln)
            in_bullet = ln.bullet
            continue
        t = ln.text
        dr = find_range(t)
        date_first = dr is not None and dr.span[0] == 0
        lower = t[:1].islower() and not _LOWER_CAMEL_RE.match(t)
        first_word = t.split()[0]
        cut_at_width = prev.last_len + 1 + len(first_word) > 0.95 * width and prev.last_len >= 0.75 * width
        merge = False
        if (not in_bullet and not _ends_sentence(prev.text) and not date_first and _headerish(prev)
                and (find_range(prev.text) is None or (lower and dr is None and _words(t) <= 6))):
            # a header cut by the column: "… AG, Winterthur," / "Switzerland | dates"
            merge = (prev.text.endswith((",", "&", " /", " -", "–", "—"))
                     or prev.text.count("(") > prev.text.count(")")
                     or (t[:1] == "(" and len(t) < 40) or lower
                     or (cut_at_width and _headerish(ln) and not two_line))
        elif in_bullet and dr is None and not prev.text.endswith((".", "!", "?")):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            nxt2 = lines[k + 2] if k + 2 < len(lines) else None
            header_next = (nxt is not None and not nxt.bullet and find_range(nxt.text) is not None
                           and len(nxt.text) < 40)
            header_next2 = (two_line and nxt2 is not None and _date_only(nxt2) and _headerish(ln)
                            and _headerish(nxt) if nxt is not None else False)
            merge = lower or (prev.last_len >= 0.8 * width and not header_next and not header_next2)
        if merge:
            prev.text = f"{prev.text} {t}"
            prev.last_len = len(t)
            continue
        ln = Line(t, ln.idx, ln.bullet, ln.blank_before, ln.underlined, ln.raw, ln.last_len or len(t))
        out.append(ln)
        in_bullet = ln.bullet
    return out


def parse_experience(lines: list[Line], *, assume_section: bool = True) -> tuple[list[Experience], list[str]]:
    warnings: list[str] = []
    lines = merge_wrapped(join_split_dates(lines))
    anchors: list[_Anchor] = []
    for pos, line in enumerate(lines):
        a = _anchor(line, pos)
        if a:
            anchors.append(a)
    if not anchors:
        if assume_section and lines:
            jobs = _undated_jobs(lines)
            if jobs:
                warnings.append("experience entries have no dates")
            else:
                warnings.append("experience section has no dates; jobs not recognised")
            return jobs, warnings
        return [], warnings

    blanks = sum(1 for ln in lines if ln.blank_before)
    sparse_blanks = 0 < blanks < 0.6 * len(lines)
    def inline_ok(a: _Anchor) -> bool:
        if not a.inline:
            return False
        if lexicon.title_score(a.inline) != 0:
            return True
        sp = _split_one(a.inline)
        return sp is not None and (sp[2] == "at" or lexicon.title_score(sp[0]) != lexicon.title_score(sp[1]))

    # where the headers of date-only lines sit, decided once for the section from its first
    # such line: a header-looking line right above it means "above", else "below" (timeline)
    mode = "before"
    for k, a in enumerate(anchors):
        if not inline_ok(a):
            lo = anchors[k - 1].pos + 1 if k else 0
            above = a.pos - 1
            mode = "before" if above >= lo and _headerish(lines[above]) else "after"
            break

    entries: list[_Entry] = []
    taken: set[int] = {a.pos for a in anchors}
    for k, a in enumerate(anchors):
        e = _Entry(a, location=a.location)
        prev_end = anchors[k - 1].pos + 1 if k else 0
        next_start = anchors[k + 1].pos if k + 1 < len(anchors) else len(lines)
        if inline_ok(a):
            e.header = [a.inline]
            if not _split_one(a.inline):
                # the other half sits on the line above ("Company" / "Title | dates"), or the
                # header was wrapped ("Developer, National Bank" / "Financial Markets | dates")
                cand = _header_lines_before(lines, prev_end, a.pos, sparse_blanks)
                cand = [p for p in cand if p not in taken]
                if cand:
                    above = lines[cand[-1]].text
                    sp = _split_one(above)
                    if sp and lexicon.title_score(a.inline) <= 0 and not a.inline[:1].islower():
                        e.header = [f"{above} {a.inline}"]
                    else:
                        e.header.insert(0, above)
                    e.header_pos.add(cand[-1])
        elif mode == "after":
            if a.inline:
                e.header.append(a.inline)
            cand = []
            p = a.pos + 1
            while p < next_start and len(cand) < 3 and _headerish(lines[p]):
                cand.append(p)
                p += 1
            if a.inline and _split_one(a.inline):
                cand = []
            keep = _choose(lines, cand, near_end=False) if not a.inline else cand[:1]
            e.header += [lines[p].text for p in keep]
            e.header_pos.update(keep)
        else:  # before
            cand = [p for p in _header_lines_before(lines, prev_end, a.pos, sparse_blanks) if p not in taken]
            keep = _choose(lines, cand, near_end=True)
            e.header = [lines[p].text for p in keep]
            if a.inline:
                if len(keep) == 1 and _split_one(e.header[0]) and not a.inline[:1].islower():
                    e.header = [f"{e.header[0]} {a.inline}"]  # "Developer, National Bank" / "Markets | dates"
                else:
                    e.header.append(a.inline)
            e.header_pos.update(keep)
        taken |= e.header_pos
        entries.append(e)

    # bodies: everything between an entry's header/dates and the next entry's header
    starts = []
    for e in entries:
        starts.append(min([e.anchor.pos, *e.header_pos]))
    for k, e in enumerate(entries):
        lo = max([e.anchor.pos, *e.header_pos]) + 1
        hi = starts[k + 1] if k + 1 < len(entries) else len(lines)
        e.body = [ln for i, ln in enumerate(lines[lo:hi], lo) if i not in taken]
        # a location line right under the header ("Lille, France")
        if e.location is None and e.body and lexicon.looks_like_location(e.body[0].text) \
                and lexicon.title_score(e.body[0].text) <= 0 and _words(e.body[0].text) <= 6:
            e.location = e.body[0].text
            e.body = e.body[1:]

    for e in entries:
        _parse_header(e)

    # ambiguous title/company order: follow the majority of the section's clear entries
    clear = [e for e in entries if not e.ambiguous and e.title and e.company]
    swapped_votes = sum(1 for e in clear if e.swapped)
    if clear and swapped_votes * 2 > len(clear):
        for e in entries:
            if e.ambiguous and e.title and e.company:
                e.title, e.company = e.company, e.title
    guessed = sum(1 for e in entries if e.ambiguous and e.title and e.company)
    if guessed and not clear:
        warnings.append(f"title and company told apart by position only for {guessed} job(s)")

    out: list[Experience] = []
    for e in entries:
        if e.company:
            e.company, loc = _strip_company_location(e.company)
            if loc and e.location is None:
                e.location = loc
        if not e.title and not e.company:
            warnings.append(f"a job dated {e.anchor.dr.text!r} has no recognisable title or company")
            continue
        dr = e.anchor.dr
        desc = "\n".join(ln.text for ln in e.body).strip() or None
        if dr.end and dr.start and (month_index(dr.end, end=True) or 0) < (month_index(dr.start) or 0):
            warnings.append(f"job {e.title or e.company!r} ends before it starts ({dr.text})")
        out.append(Experience(
            title=e.title or None, company=e.company or None, location=e.location or None,
            start_date=dr.start, end_date=None if dr.current else dr.end, is_current=dr.current,
            description=desc))
    return out, warnings


def _undated_jobs(lines: list[Line]) -> list[Experience]:
    """Jobs without dates: header lines that clearly read "Title at/— Company", each followed
    by its description."""
    heads = []
    for i, ln in enumerate(lines):
        if not _headerish(ln):
            continue
        sp = _split_one(ln.text)
        if sp and (sp[2] == "at" or (lexicon.title_score(sp[0]) > 0) != (lexicon.title_score(sp[1]) > 0)):
            heads.append((i, sp))
    out = []
    for k, (i, _split) in enumerate(heads):
        e = _Entry(_Anchor(i, DateRange(None, None, False, (0, 0), ""), None, None), header=[lines[i].text])
        _parse_header(e)
        hi = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        body = "\n".join(ln.text for ln in lines[i + 1:hi]).strip() or None
        company, loc = _strip_company_location(e.company) if e.company else (None, None)
        out.append(Experience(title=e.title, company=company, location=e.location or loc, description=body))
    return out


def total_years(jobs: list[Experience], today_index: int) -> float | None:
    """Years of experience with overlapping jobs merged (current jobs run until today)."""
    spans = []
    for j in jobs:
        s = month_index(j.start_date)
        if s is None:
            continue
        if j.is_current:
            e = today_index  # the current month is not over yet
        else:
            e = month_index(j.end_date, end=True)
            e = s + 1 if e is None else e + 1
        if e <= s:
            continue
        spans.append((s, e))
    if not spans:
        return None
    spans.sort()
    total, cur_s, cur_e = 0, spans[0][0], spans[0][1]
    for s, e in spans[1:]:
        if s <= cur_e:
            cur_e = max(cur_e, e)
        else:
            total += cur_e - cur_s
            cur_s, cur_e = s, e
    total += cur_e - cur_s
    return round(total / 12, 1)
