"""Reading order for positioned PDF text: columns, sidebars, lines, headers and footers.

Input is a page's text fragments (what pypdf reports through ``visitor_text``: a run of text
on one baseline with its start position, font size and an estimated width). Output is lines in
reading order, split into a *main* stream and a *side* stream:

* A page is split at a vertical gutter when both sides hold several lines, overlap vertically
  and nothing crosses the gutter except a banner above the columns (a full-width name/contact
  header) or a line below them. Each column is split again (a three-column page, a sidebar
  inside a column).
* A narrow column of short, row-aligned blocks (dates in a left "timeline" cell, right-aligned
  dates, "Languages | Python, Go" label/value rows) is *not* a column: those rows are read
  across, label and value on one line, separated by a tab.
* The narrower of two unequal columns is a *sidebar* and goes to the side stream, so the main
  flow (summary, experience, education) stays contiguous across pages; the document puts the
  side stream after the main one, or before it when the page's largest type (the name) sits in
  the sidebar. Columns of similar width are read left then right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median


@dataclass(slots=True)
class Frag:
    x0: float
    x1: float
    y: float          # baseline, PDF user space (y grows upwards)
    size: float       # effective font size
    text: str


@dataclass(slots=True)
class Line:
    x0: float
    x1: float
    y: float
    size: float
    text: str
    gap_before: bool = False      # a paragraph break precedes this line
    cells: list[tuple[float, float, str, float]] | None = None   # tab-separated (x0, x1, text, size)


@dataclass
class PageText:
    main: list[list[Line]] = field(default_factory=list)   # blocks of lines, reading order
    side: list[list[Line]] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    largest_in_side: bool = False


MAX_DEPTH = 3
MAX_FRAGS = 6000          # above this many runs on a page, skip column analysis (stay linear)
_WS = re.compile(r"\s+")


# --------------------------------------------------------------------------- lines

def _same_baseline(a: float, b: float, size: float) -> bool:
    return abs(a - b) <= 0.45 * size


def _reading_key(f: Frag) -> tuple[float, float]:
    return (-f.y, f.x0)


def build_lines(frags: list[Frag]) -> list[Line]:
    """Group fragments into lines (top to bottom) and mark paragraph breaks."""
    if not frags:
        return []
    ordered = sorted(frags, key=_reading_key)
    ref = ordered[0]
    group: list[Frag] = [ref]
    groups: list[list[Frag]] = [group]
    ref_y, ref_size = ref.y, ref.size
    for f in ordered[1:]:
        size = f.size
        if abs(f.y - ref_y) <= 0.45 * (size if size <= ref_size else ref_size):    # _same_baseline
            group.append(f)
        else:
            group = [f]
            groups.append(group)
            ref_y, ref_size = f.y, size
    lines = [_join(g) for g in groups]
    lines = [ln for ln in lines if ln.text]
    if len(lines) > 2:
        steps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False)]
        pitch = median(steps)
        for prev, (ln, step) in zip(lines, zip(lines[1:], steps, strict=True), strict=False):
            base = min(pitch, 1.5 * max(prev.size, ln.size)) if pitch > 0 else 1.2 * ln.size
            if abs(prev.size - ln.size) < 0.3:      # large type (a name) has a larger pitch of its own
                base = max(base, 1.2 * ln.size)
            ln.gap_before = step > 1.45 * base
    return lines


def _join(group: list[Frag]) -> Line:
    if len(group) == 1:
        f = group[0]
        text = f.text.strip()
        if "  " in text or "\t" in text:
            text = _WS.sub(" ", text)
        return Line(f.x0, f.x1, f.y, f.size, text)
    group.sort(key=lambda f: f.x0)
    cells: list[list] = []                  # [x0, x1, parts]
    prev: Frag | None = None
    for f in group:
        text = f.text
        if prev is not None:
            if text == prev.text and abs(f.x0 - prev.x0) < 0.5 * f.size:
                continue                                   # fake bold: the same run drawn twice
            gap = f.x0 - prev.x1
            size = max(f.size, prev.size)
            if gap > 0.6 * size and not _is_marker(prev.text):
                cells.append([f.x0, f.x1, [text], f.size])
                prev = f
                continue
            parts = cells[-1][2]
            if (gap > 0.15 * size or gap < -0.6 * size) and not parts[-1].endswith(" ") \
                    and not text.startswith(" "):
                parts.append(" ")
            parts.append(text)
            cells[-1][1] = max(cells[-1][1], f.x1)
        else:
            cells.append([f.x0, f.x1, [text], f.size])
        prev = f
    size = median(f.size for f in group) if len(group) > 2 else max(f.size for f in group)
    parts = [(c[0], c[1], _WS.sub(" ", "".join(c[2])).strip(), c[3]) for c in cells]
    parts = [c for c in parts if c[2]]
    text = "\t".join(c[2] for c in parts)
    return Line(group[0].x0, max(f.x1 for f in group), max(f.y for f in group), size, text,
                cells=parts if len(parts) > 1 else None)


def _is_marker(text: str) -> bool:
    """A list bullet or icon drawn on its own ("•", "■", "–", a private-use icon glyph)."""
    t = text.strip()
    return len(t) == 1 and not t.isalnum()


def merge_wrapped_rows(lines: list[Line]) -> list[Line]:
    """Put table rows whose cells wrapped back on one line.

    ``Title part one<TAB>Feb 2024 - May`` + ``part two<TAB>2025`` becomes
    ``Title part one part two<TAB>Feb 2024 - May 2025``. Only rows with several cells take part;
    a cell counts as wrapped when the next line's first word (same size, same column) would not
    have fitted. Cells of the next line that do not continue a cell stay on a line of their own.
    """
    if not any(ln.cells for ln in lines):
        return lines
    right_edge = max(ln.x1 for ln in lines)
    out: list[Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and ln.cells and not ln.gap_before \
                and 0 < prev.y - ln.y <= 1.7 * max(prev.size, ln.size):
            merged = _merge_row(prev, ln, right_edge)
            if merged is not None:
                out[-1], rest = merged
                if rest is not None:
                    out.append(rest)
                continue
        out.append(ln)
    return out


def _merge_row(prev: Line, ln: Line, right_edge: float) -> tuple[Line, Line | None] | None:
    top = list(prev.cells or [(prev.x0, prev.x1, prev.text, prev.size)])
    low = list(ln.cells or [])
    tol = 0.35 * prev.size
    result = [list(c) for c in top]
    rest: list[tuple[float, float, str, float]] = []
    matched = 0
    for i, (x0, x1, text, size) in enumerate(low):
        j = next((k for k, c in enumerate(top) if abs(c[0] - x0) <= tol), None)
        if rest or j is None:
            if not rest and i == len(low) - 1 and x0 > top[-1][1] and matched:
                result.append([x0, x1, text, size])    # a bottom-aligned cell starting here
            else:
                rest.append((x0, x1, text, size))      # once a cell is new, the rest of the row is
            continue
        limit = top[j + 1][0] if j + 1 < len(top) else (low[i + 1][0] if i + 1 < len(low) else right_edge)
        first_word = text.split(" ", 1)[0]
        word_width = (x1 - x0) * (len(first_word) + 0.5) / max(len(text), 1)
        wrapped = top[j][1] + word_width >= limit - 1.2 * size    # less the cell padding
        if not wrapped or abs(top[j][3] - size) > 0.3 or (prev.cells is None and i > 0):
            rest.append((x0, x1, text, size))           # that cell was not full: new content
            continue
        result[j][2] = result[j][2] + " " + text
        result[j][1] = max(result[j][1], x1)
        matched += 1
    if not matched:
        return None
    cells = [(c[0], c[1], c[2], c[3]) for c in result]
    merged = Line(prev.x0, max(prev.x1, ln.x1), prev.y, prev.size, "\t".join(c[2] for c in cells),
                  prev.gap_before, cells)
    if not rest:
        return merged, None
    residual = Line(rest[0][0], rest[-1][1], ln.y, ln.size, "\t".join(c[2] for c in rest), False,
                    rest if len(rest) > 1 else None)
    return merged, residual


# --------------------------------------------------------------------------- columns

def _gutters(frags: list[Frag]) -> list[tuple[float, float]]:
    """Empty (or almost empty) vertical bands between text, widest first."""
    lo = min(f.x0 for f in frags)
    hi = max(f.x1 for f in frags)
    span = hi - lo
    if span < 120:
        return []
    step = 2.0
    n = int(span / step) + 2
    # coverage of 2-point bins; it only changes at the bins where a fragment starts or ends,
    # so only those bins are visited (bin 0 always, as the sweep starts there)
    diff: dict[int, int] = {0: 0}
    last = n - 1
    for f in frags:
        a = int((f.x0 - lo) / step)
        b = int((f.x1 - lo) / step)
        a = a if a > 0 else 0
        b = (b if b < last else last) + 1
        diff[a] = diff.get(a, 0) + 1
        diff[b] = diff.get(b, 0) - 1
    allowed = max(1, int(0.04 * len(frags)))
    sizes = sorted(f.size for f in frags)
    min_width = max(6.0, 0.7 * sizes[len(sizes) // 2])
    runs: list[tuple[float, float]] = []
    cover, start = 0, None
    inner_lo, inner_hi = lo + 0.08 * span, hi - 0.08 * span
    for i in sorted(k for k in diff if k < n):
        cover += diff[i]
        if cover <= allowed:
            if start is None:
                start = i
        elif start is not None:
            a, b = lo + start * step, lo + i * step
            if b - a >= min_width and a > inner_lo and b < inner_hi:
                runs.append((a, b))
            start = None
    runs.sort(key=lambda r: r[0] - r[1])
    return runs[:4]


def _baselines(frags: list[Frag]) -> list[float]:
    ys = sorted((f.y for f in frags), reverse=True)
    out: list[float] = []
    for y in ys:
        if not out or out[-1] - y > 1.0:
            out.append(y)
    return out


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    for ln in lines:
        if not blocks or ln.gap_before:
            blocks.append([ln])
        else:
            blocks[-1].append(ln)
    return blocks


def _lines_of(frags: list[Frag], memo: dict[int, tuple[list[Frag], list[Line]]] | None) -> list[Line]:
    """``build_lines(frags)``, once per fragment list while one page is laid out (the column
    test and the column's own layout ask for the same lines)."""
    if memo is None:
        return build_lines(frags)
    hit = memo.get(id(frags))
    if hit is not None and hit[0] is frags:
        return hit[1]
    lines = build_lines(frags)
    memo[id(frags)] = (frags, lines)
    return lines


def _is_label_column(narrow: list[Frag], wide: list[Frag],
                     memo: dict[int, tuple[list[Frag], list[Line]]] | None = None) -> bool:
    """Is the narrow side a column of row labels (dates, field names) rather than a column?

    Either short blocks that each start on a wide-side row (a "timeline" of dates next to job
    headers, wrapped or not), or short lines paired one to one with wide-side lines on the same
    baseline (a label/value table).
    """
    n_lines, w_lines = _lines_of(narrow, memo), _lines_of(wide, memo)
    if not n_lines or not w_lines or len(n_lines) * len(w_lines) > 250_000:
        return False
    n_chars = sum(len(ln.text) for ln in n_lines)
    w_chars = sum(len(ln.text) for ln in w_lines)
    if n_chars > 0.6 * w_chars:
        return False
    blocks = _blocks(n_lines)
    w_starts = [b[0].y for b in _blocks(w_lines)]
    w_all = [ln.y for ln in w_lines]
    if len(n_lines) / len(blocks) <= 2.5:
        aligned = 0
        for b in blocks:
            y, size = b[0].y, b[0].size
            if any(abs(y - wy) <= 1.2 for wy in w_all) or any(abs(y - wy) <= 0.45 * size for wy in w_starts):
                aligned += 1
        if aligned >= 0.6 * len(blocks):
            return True
    # one-to-one rows (narrow lines above or below the wide side, e.g. a heading, don't count)
    span = [ln for ln in n_lines if w_all[-1] - ln.size <= ln.y <= w_all[0] + ln.size]
    if len(span) < 2:
        return False
    paired = sum(1 for ln in span if any(abs(ln.y - wy) <= 0.3 * ln.size for wy in w_all))
    top, bottom = span[0].y + 1, span[-1].y - 1
    in_span = sum(1 for wy in w_all if bottom <= wy <= top) or 1
    short = sorted(len(ln.text) for ln in span)[len(span) // 2] <= 30
    return short and paired >= 0.9 * len(span) and paired >= 0.7 * in_span


@dataclass
class _Split:
    above: list[Frag]
    left: list[Frag]
    right: list[Frag]
    below: list[Frag]
    gutter: float
    rows: bool                   # label/value rows, read across


def _split(frags: list[Frag], memo: dict[int, tuple[list[Frag], list[Line]]] | None = None) -> _Split | None:
    """Split a region at the first valid vertical gutter, or None for a single column.

    Lines crossing the gutter cut the region horizontally: the columns are the band between
    crossing lines holding most of the text; what lies above and below it is laid out on its own.
    """
    if len(frags) < 6 or len(frags) > MAX_FRAGS:
        return None                                  # tiny, or pathological: one column
    lo_x, hi_x = _lo(frags), _hi(frags)
    for a, b in _gutters(frags):
        left: list[Frag] = []
        right: list[Frag] = []
        crossing: list[Frag] = []
        for f in frags:
            if f.x0 < a:
                (crossing if f.x1 > b else left).append(f)
            else:
                right.append(f)
        if not left or not right or min(f.x0 for f in right) - max(f.x1 for f in left) < 1.0:
            continue
        above: list[Frag] = []
        below: list[Frag] = []
        if crossing:
            cuts = sorted({round(f.y, 1) for f in crossing})
            bounds = [-1e9, *cuts, 1e9]
            best, best_n = (bounds[0], bounds[1]), -1
            for lo_y, hi_y in zip(bounds, bounds[1:], strict=False):
                n = sum(1 for f in left if lo_y < f.y < hi_y) + sum(1 for f in right if lo_y < f.y < hi_y)
                if n > best_n:
                    best, best_n = (lo_y, hi_y), n
            lo_y, hi_y = best
            tol = 0.4 * sorted(f.size for f in frags)[len(frags) // 2]   # same baseline as a cut
            above = [f for f in frags if f.y >= hi_y - tol]
            below = [f for f in frags if f.y <= lo_y + tol]
            left = [f for f in left if lo_y + tol < f.y < hi_y - tol]
            right = [f for f in right if lo_y + tol < f.y < hi_y - tol]
        lb, rb = _baselines(left), _baselines(right)
        if len(lb) < 3 or len(rb) < 3:
            if not (len(lb) >= 2 and len(rb) >= 2
                    and _is_label_column(*_narrow_wide(left, right, a, b, lo_x, hi_x), memo)):
                continue
        top, bottom = min(lb[0], rb[0]), max(lb[-1], rb[-1])
        if top < bottom:
            continue                                     # stacked, not side by side
        rows = _is_label_column(*_narrow_wide(left, right, a, b, lo_x, hi_x), memo)
        return _Split(above, left, right, below, a, rows)
    return None


def _narrow_wide(left: list[Frag], right: list[Frag], a: float, b: float,
                 lo_x: float, hi_x: float) -> tuple[list[Frag], list[Frag]]:
    return (left, right) if (a - lo_x) < (hi_x - b) else (right, left)


def _lo(frags: list[Frag]) -> float:
    return min(f.x0 for f in frags)


def _hi(frags: list[Frag]) -> float:
    return max(f.x1 for f in frags)


@dataclass
class _Segment:
    role: str                            # "main" or "side"
    frags: list[Frag]
    right: list[Frag] | None = None      # rows mode: frags = left side, right = right side
    gutter: float = 0.0


def _segments(frags: list[Frag], depth: int = 0,
              memo: dict[int, tuple[list[Frag], list[Line]]] | None = None) -> list[_Segment]:
    """Ordered segments of a region."""
    split = _split(frags, memo) if depth < MAX_DEPTH and frags else None
    if split is None:
        return [_Segment("main", frags)] if frags else []
    out: list[_Segment] = []
    out.extend(_segments(split.above, depth + 1, memo))
    if split.rows:
        out.append(_Segment("main", split.left, split.right, split.gutter))
    else:
        left, right = split.left, split.right
        lw, rw = _hi(left) - _lo(left), _hi(right) - _lo(right)
        left_segs = _segments(left, depth + 1, memo)
        right_segs = _segments(right, depth + 1, memo)
        if depth == 0 and min(lw, rw) < 0.75 * max(lw, rw):
            side_segs, main_segs = (left_segs, right_segs) if lw < rw else (right_segs, left_segs)
            out.extend(main_segs)
            for seg in side_segs:
                seg.role = "side"
                out.append(seg)
        else:
            out.extend(left_segs)
            out.extend(right_segs)
    out.extend(_segments(split.below, depth + 1, memo))
    return out


def build_rows(left: list[Frag], right: list[Frag], gutter: float,
               memo: dict[int, tuple[list[Frag], list[Line]]] | None = None) -> list[Line]:
    """Label/value rows: each right-side line joins the left-side line on its baseline (tab
    between); a cell wrapped onto the next line is put back on its row."""
    rows: list[list] = [[ln.y, ln, None] for ln in _lines_of(left, memo)]
    right_lines = _lines_of(right, memo)
    for r in right_lines:
        best = None
        for row in rows:
            if row[2] is None and row[1] is not None and abs(row[0] - r.y) <= 0.3 * max(r.size, row[1].size):
                if best is None or abs(row[0] - r.y) < abs(best[0] - r.y):
                    best = row
        if best is not None:
            best[2] = r
        else:
            rows.append([r.y, None, r])
    rows.sort(key=lambda row: -row[0])
    right_edge = max((r.x1 for r in right_lines), default=0.0)
    merged: list[list] = []
    for row in rows:
        prev = merged[-1] if merged else None
        if prev is not None and _continues(prev, row, gutter, right_edge):
            for side in (1, 2):
                if row[side] is not None:
                    p = prev[side]
                    prev[side] = Line(p.x0, row[side].x1, p.y, p.size, p.text + " " + row[side].text,
                                      p.gap_before)
            continue
        merged.append(row)
    out = []
    for _y, lft, rgt in merged:
        first = lft or rgt
        text = "\t".join(part.text for part in (lft, rgt) if part is not None)
        gap = any(part is not None and part.gap_before for part in (lft, rgt))
        out.append(Line(first.x0, (rgt or lft).x1, first.y, first.size, text, gap))
    return out


def _continues(prev: list, row: list, gutter: float, right_edge: float) -> bool:
    """Is ``row`` the wrapped continuation of the cells of ``prev``?"""
    for side, limit in ((1, gutter), (2, right_edge)):
        part = row[side]
        if part is None:
            continue
        before = prev[side]
        if before is None or part.gap_before or before.x1 < limit - 2.5 * before.size:
            return False
        if not (0 < before.y - part.y <= 1.6 * before.size):
            return False
    return True


def layout_page(frags: list[Frag], top: float, bottom: float) -> PageText:
    """Lines of one page in reading order, split into main and side streams."""
    page = PageText(top=top, bottom=bottom)
    if not frags:
        return page
    biggest = max(frags, key=lambda f: (f.size, f.y))
    memo: dict[int, tuple[list[Frag], list[Line]]] = {}
    for seg in _segments(frags, 0, memo):
        if seg.right is not None:
            lines = build_rows(seg.frags, seg.right, seg.gutter, memo)
        else:
            lines = merge_wrapped_rows(_lines_of(seg.frags, memo))
        if not lines:
            continue
        (page.side if seg.role == "side" else page.main).append(lines)
        if seg.role == "side" and any(f is biggest for f in seg.frags):
            page.largest_in_side = True
    return page


# --------------------------------------------------------------------------- page furniture

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—(\[]\s*)?(?:(?:page|p\.|pg\.?|seite|página|pagina|pag\.|blz\.?|strona)\s*)?"
    r"\d{1,3}(?:\s*(?:/|of|von|de|sur|di|van|z|из)\s*\d{1,3})?(?:\s*[-–—)\]])?$",
    re.IGNORECASE,
)
_EXPLICIT_PAGE = re.compile(
    r"^(?:page|seite|página|pagina|page no\.?)\s*\d{1,3}\s*(?:/|of|von|de|sur|di|van)\s*\d{1,3}$",
    re.IGNORECASE,
)
BAND = 0.085


_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.lower()).strip()


def _bands(page: PageText) -> tuple[float, float] | None:
    """(lowest y of the top band, highest y of the bottom band) of a page; None without a height."""
    height = page.top - page.bottom
    if height <= 0:
        return None
    return page.top - BAND * height, page.bottom + BAND * height


def remove_furniture(pages: list[PageText]) -> int:
    """Drop page numbers and repeated running headers/footers in place; return lines removed."""
    seen: dict[str, set[int]] = {}
    for i, page in enumerate(pages):
        bands = _bands(page)
        if bands is None:
            continue
        top, bottom = bands
        for blocks in (page.main, page.side):
            for block in blocks:
                for ln in block:
                    if ln.y >= top or ln.y <= bottom:
                        seen.setdefault(_key(ln.text), set()).add(i)
    repeated = {k for k, v in seen.items() if len(v) >= 2 and len(v) >= 0.5 * len(pages) and k}
    removed = 0
    kept_once: set[str] = set()
    explicit, page_number = _EXPLICIT_PAGE.match, _PAGE_NUMBER.match
    for page in pages:
        bands = _bands(page)
        banded = bands is not None
        top, bottom = bands if banded else (0.0, 0.0)
        for blocks in (page.main, page.side):
            for block in blocks:
                keep = []
                for ln in block:
                    text = ln.text
                    if "\t" in text:
                        text = text.replace("\t", " ")
                    text = text.strip()
                    drop = bool(explicit(text))
                    if not drop and banded and (ln.y >= top or ln.y <= bottom):
                        if page_number(text):
                            drop = True
                        elif repeated and (k := _key(ln.text)) in repeated:
                            drop = k in kept_once
                            kept_once.add(k)
                    if drop:
                        removed += 1
                    else:
                        keep.append(ln)
                if len(keep) != len(block):
                    block[:] = keep
            if not all(blocks):
                blocks[:] = [b for b in blocks if b]
    return removed


# --------------------------------------------------------------------------- to text

_URLISH = re.compile(r"(?:://|www\.|@|\.[a-z]{2,6}/|linkedin\.|github\.)\S*$", re.IGNORECASE)
_CONTINUATION = re.compile(r"^[\w./#?=&%~+:@-]+$")


def _wrapped_large(prev: Line, ln: Line, large: float, right: float) -> bool:
    """``ln`` continues ``prev``: the same large type (a name or title set big), no paragraph
    break, starting where ``prev`` started, and both short."""
    return (not ln.gap_before and ln.size >= large and abs(ln.size - prev.size) < 0.3
            and abs(ln.x0 - prev.x0) < prev.size and len(prev.text.split()) <= 4
            and len(ln.text.split()) <= 4)


def block_text(lines: list[Line]) -> str:
    """Lines of a block as text; a URL wrapped onto the next line is put back together."""
    if not lines:
        return ""
    right = max(ln.x1 for ln in lines)
    large = 1.3 * median(ln.size for ln in lines)
    out: list[str] = []
    prev: Line | None = None
    for ln in lines:
        if prev is not None and out:
            if _wrapped_large(prev, ln, large, right):
                broken = prev.x1 >= right - prev.size and prev.text[-1:].isalpha() and ln.text[:1].islower()
                out[-1] += ("" if broken else " ") + ln.text
                prev = ln
                continue
            if (
                not ln.gap_before
                and abs(ln.size - prev.size) < 0.3
                and prev.x1 >= right - 2.5 * prev.size
                and _CONTINUATION.match(ln.text)              # (cheap: fails at the first space)
                and _URLISH.search(prev.text)
                and not ln.text.lower().startswith(("http", "www."))
                and "@" not in ln.text
            ):
                out[-1] += ln.text
                prev = ln
                continue
            if ln.gap_before:
                out.append("")
        out.append(ln.text)
        prev = ln
    return "\n".join(out)
