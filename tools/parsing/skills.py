"""Skills taxonomy and matcher.

The taxonomy lives in ``tools/parsing/data/skills.json`` (one skill per line: canonical
name, category, aliases and optional ambiguity flags per spelling). It is loaded once,
lazily, into a dict keyed by a normalised token sequence, so matching a CV is one regex
split of the text plus a dict look-up per token (no per-skill regexes).

Public API:

* ``canonical_skill(name)``   -> canonical display name or ``None``
* ``find_skills(text)``       -> canonical skills mentioned in free text, first-appearance order
* ``find_skill_spans(text)``  -> the same with ``(skill, start, end)`` character offsets
* ``skill_category(name)``    -> category of a skill (or ``None``)
* ``split_skill_list(line)``  -> raw items of a skills-section line, original spelling kept
  (``granular=False``: items exactly as written, which is what the eval truth holds)
* ``all_skills()``, ``categories()``, ``skill_aliases(name)`` for JD extraction and screening

Normalisation: text is cut into tokens (letters/digits with a ``+``/``#`` suffix so that
C++, C#, F#, A+ survive, a leading dot for .NET, and ``&``). Between two tokens of one
skill name the separator is kept only when it is part of the name: ``.`` (Node.js,
ASP.NET) and ``/`` (CI/CD, TCP/IP); hyphens and whitespace become a space (scikit-learn ==
scikit learn), "and" == "&" (R&D == R and D). Anything else (comma, bracket, colon,
sentence end, bullet, dash, blank line) ends a skill name. Keys are lower-cased. URLs,
e-mail addresses and domain names are skipped (github.com/x is not "GitHub").

Ambiguity flags (per spelling, in the data file) are used by ``find_skills`` only; looking
up an isolated item (``canonical_skill``) ignores them:

* ``cs``   - case-sensitive: the text must use a listed capitalisation (``React`` not
  ``react``, ``Go`` not ``go``). An ALL-CAPS or other spelling is accepted only as a list
  item (``GO (Familiar)``, ``, go,``).
* ``word`` - a common English word: also rejected at the start of a sentence or bullet
  ("Go live with ...") unless it is a list item.
* ``ctx``  - only as a list item: a list separator or line edge on both sides ("R, SQL",
  "(R)", "Languages: R"), joined by and/or/&/"/" to another skill ("R and Python",
  "C/C++"), or for programming languages after in/using/with ("written in C.").
  Used for single letters (R, C, D), and for generic words (Design, Testing, Dedicated).

For ``word`` and ``ctx`` spellings: hyphen compounds ("Go-to-market", "C-level"), a
following year or season ("Spring 2020", "Spring semester"), a trademark sign
("Microsoft(R)") and place names ("Phoenix, Arizona", "Salem, OR") are rejected.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate

__all__ = [
    "all_skills",
    "canonical_skill",
    "categories",
    "find_skill_spans",
    "find_skills",
    "skill_aliases",
    "skill_category",
    "split_skill_list",
]

# ----------------------------------------------------------------------------- tokenising

# One capture group, so re.split() returns [gap, token, gap, token, ..., gap] in C.
_SPLIT_RE = re.compile(r"((?:(?<![\w.])\.(?=[^\W\d_]))?[^\W_]+[+#]*|&)")
# Where a URL / e-mail / domain might be; the whitespace-delimited chunk around it is skipped.
_SKIP_RE = re.compile(r"@|://|\bwww\.|\.(?:com|org|io|dev|me|co|ai|app|edu|gov|info)\b/")
_UNSET = "\0"

_LIST_BEFORE = frozenset(",;|/(:[{•·●▪◦‣■□*►–—-")
_LIST_AFTER = frozenset(",;|/()[]}•·●▪◦‣■□")
_ITEM_MARKS = frozenset("•·●▪◦‣■□►✓✔➢➤→*-–—")
_CONJ = frozenset({"&", "or", "+"})  # "and" is tokenised as "&"
_PREP = frozenset({"in", "using", "with", "via"})
_SENT_END = frozenset(".!?")
_STOPS = frozenset(".;:!?")
_HYPHENS = frozenset("-‐‑")
_SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter", "semester", "term",
                      "quarter", "break", "season", "festival", "collection", "cleaning"})
_TLDS = frozenset({"com", "org", "net", "io", "co", "ai", "dev", "app", "me", "de", "fr", "uk",
                   "nl", "es", "it", "eu", "us", "ca", "info", "biz", "edu", "gov"})
_YEAR_RE = re.compile(r"(?:19|20)\d\d$")
_PLACES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada new north ohio oklahoma oregon
    pennsylvania rhode south tennessee texas utah vermont virginia washington west wisconsin
    wyoming usa uk canada australia germany france spain italy netherlands india ireland
    england scotland wales ontario quebec""".split()
)
_US_STATES = frozenset("""AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO
MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC""".split())
_PLACE_CODES = _US_STATES | {"US", "USA", "UK"}


def _gap_join(gap: str) -> str | None:
    """How the gap between two tokens appears inside a normalised skill key (None: a break)."""
    if gap == " ":
        return " "
    if not gap:
        return ""
    g = gap.strip(" \t\r\n\u00a0")
    if not g:
        # whitespace only (a wrapped line is fine; a blank line is not)
        return " " if gap.count("\n") < 2 else None
    if g == "/":
        return "/"
    if len(g) == len(gap):  # no whitespace around it
        if g in _HYPHENS:
            return " "
        if g == ".":
            return "."
    return None


class _Doc:
    """A text cut into tokens: lower-cased token strings, offsets and (lazy) joins."""

    __slots__ = ("text", "tl", "ts", "te", "gaps", "n", "_joins")

    def __init__(self, text: str) -> None:
        low = text.lower()
        if len(low) != len(text):  # a few code points change length when lower-cased
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        parts = _SPLIT_RE.split(low)
        offs = list(accumulate(map(len, parts), initial=0))
        tl = parts[1::2]
        n = len(tl)
        self.text = text
        self.n = n
        self.ts = offs[1:2 * n:2]
        self.te = offs[2:2 * n + 1:2]
        self.gaps = [text[offs[k]:offs[k + 1]] for k in range(0, 2 * n + 1, 2)] \
            if n < 64 else None
        if "and" in tl:
            tl = ["&" if t == "and" else t for t in tl]
        if ("@" in text or "/" in text or "www." in text) and _SKIP_RE.search(text):  # (each needs one)
            for m in _SKIP_RE.finditer(text):
                lo, hi = m.start(), m.end()
                while lo > 0 and not text[lo - 1].isspace():
                    lo -= 1
                while hi < len(text) and not text[hi].isspace():
                    hi += 1
                for k in range(bisect_left(self.ts, lo), n):
                    if self.ts[k] >= hi:
                        break
                    tl[k] = ""  # never a key; breaks n-grams
        self.tl = tl
        self._joins = [_UNSET] * (n + 1)

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i (i == 0: before the first, i == n: after the last)."""
        if self.gaps is not None:
            return self.gaps[i]
        lo = self.te[i - 1] if i else 0
        hi = self.ts[i] if i < self.n else len(self.text)
        return self.text[lo:hi]

    def join(self, i: int) -> str | None:
        """Join between token i-1 and token i inside a key, None where no skill name spans it."""
        j = self._joins[i]
        if j is _UNSET:
            tl = self.tl
            if i == 0 or i >= self.n or not tl[i] or not tl[i - 1]:
                j = None
            else:
                j = _gap_join(self.gap(i))
                if j is not None and (tl[i] == "&" or tl[i - 1] == "&"):
                    j = " "  # "R&D" == "R & D" == "R and D"
            self._joins[i] = j
        return j

    def key(self) -> str:
        out: list[str] = []
        for i, t in enumerate(self.tl):
            if i:
                j = self.join(i)
                out.append(" " if j is None else j)
            out.append(t)
        return "".join(out)


def _norm_key(name: str) -> str:
    """``_Doc(name).key()`` without building the document (a look-up key per call)."""
    low = name.lower()
    if len(low) != len(name) or _SKIP_RE.search(name):
        return _Doc(name).key()
    parts = _SPLIT_RE.split(low)
    n = len(parts) // 2
    if n <= 1:
        return ("&" if parts[1] == "and" else parts[1]) if n else ""
    tl = parts[1::2]
    if "and" in tl:
        tl = ["&" if t == "and" else t for t in tl]
    gaps = parts[2:2 * n - 1:2]            # the gaps between tokens (lower-cased, same offsets)
    if gaps.count(" ") == len(gaps):
        return " ".join(tl)
    out = [tl[0]]
    pos = len(parts[0]) + len(parts[1])
    for i in range(1, n):
        g = len(gaps[i - 1])
        j = _gap_join(name[pos:pos + g])
        pos += g + len(parts[2 * i + 1])
        if j is not None and (tl[i] == "&" or tl[i - 1] == "&"):
            j = " "
        out.append(" " if j is None else j)
        out.append(tl[i])
    return "".join(out)


# ----------------------------------------------------------------------------- the index

@dataclass(slots=True)
class _Entry:
    canonical: str
    forms: dict[str, frozenset[str]]  # spellings listed in the data -> their flags
    flags: frozenset[str]  # union of the forms' flags (empty: never ambiguous)

    def flags_for(self, span: str) -> frozenset[str]:
        f = self.forms.get(span)
        return self.flags if f is None else f


@dataclass
class _Index:
    by_key: dict[str, _Entry] = field(default_factory=dict)
    starts: set[str] = field(default_factory=set)  # first tokens of keys
    prefixes: set[str] = field(default_factory=set)  # proper token-prefixes of keys
    category: dict[str, str] = field(default_factory=dict)  # canonical -> category
    aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical -> aliases
    categories: list[str] = field(default_factory=list)


_INDEX: _Index | None = None
_LOCK = threading.Lock()


def _load() -> _Index:
    global _INDEX
    if _INDEX is not None:
        return _INDEX
    with _LOCK:
        if _INDEX is None:
            raw = resources.files("tools.parsing").joinpath("data/skills.json").read_text("utf-8")
            _INDEX = _build(json.loads(raw))
            # The index (tens of thousands of objects) and the modules and tables loaded before it
            # live as long as the process: move them out of the cyclic collector's reach, so its
            # full passes (every few hundred documents) do not traverse them each time.
            gc.freeze()
    return _INDEX


def _build(data: dict) -> _Index:
    idx = _Index(categories=list(data["categories"]))
    for sk in data["skills"]:
        name, cat = sk["name"], sk["category"]
        flags = sk.get("flags") or {}
        idx.category[name] = cat
        idx.aliases[name] = list(sk.get("aliases") or [])
        for form in [name, *idx.aliases[name]]:
            doc = _Doc(form)
            if not doc.n:
                continue
            key = doc.key()
            fl = frozenset(flags.get(form, ()))
            prev = idx.by_key.get(key)
            if prev is not None:
                # the same key twice for one skill (case variants of a flagged spelling)
                if prev.canonical == name:
                    prev.forms[form] = fl
                    prev.flags |= fl
                # a key shared by two skills is rejected by the data tests; first one wins
                continue
            idx.by_key[key] = _Entry(name, {form: fl}, fl)
            idx.starts.add(doc.tl[0])
            prefix = doc.tl[0]
            for k in range(1, doc.n):
                idx.prefixes.add(prefix)
                jn = doc.join(k)
                prefix = f"{prefix}{' ' if jn is None else jn}{doc.tl[k]}"
    return idx


# ----------------------------------------------------------------------------- look-ups

_VERSION_TOK = re.compile(r"^(?:v?\d+(?:\.(?:\d+|x))*\+?|\d+x|es\d+|x)$")
_LEVEL_WORDS = frozenset(
    """excellent very good fair familiar expert expertise advanced intermediate basic basics
    beginner novice proficient proficiency fluent native strong solid working knowledge
    professional limited elementary competent skilled experienced master mastery""".split()
)
_QUALIFIER_RE = re.compile(
    r"\s*[(\[](?:[^()\[\]]*\b(?:programming language|language|software|framework|library|"
    r"tool|platform|years?|yrs?|months?)\b[^()\[\]]*|\s*[\d.]+\s*\+?\s*)[)\]]\s*$",
    re.I,
)
_TRAILING_BRACKET_RE = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")


def canonical_skill(name: str) -> str | None:
    """Canonical display name for a skill name or alias, case-insensitively; None if unknown.

    Tolerates a trailing version ("Python 3", "PHP 7+", "Java 8"), a proficiency or
    qualifier in brackets ("Java (Excellent)", "Python (Programming Language)") and
    surrounding punctuation.
    """
    if not name or not isinstance(name, str):
        return None
    return _canonical(name)


@lru_cache(maxsize=8192)
def _canonical(name: str) -> str | None:
    idx = _load()
    key = _norm_key(name)
    if not key:
        return None
    e = idx.by_key.get(key)
    if e is not None:
        return e.canonical
    # strip a bracketed qualifier/level, then trailing version numbers / level words
    s = _QUALIFIER_RE.sub("", name)
    s = _TRAILING_BRACKET_RE.sub(_level_or_keep, s)
    toks = (key if s == name else _norm_key(s)).split(" ")
    while toks and (_VERSION_TOK.match(toks[-1]) or toks[-1] in _LEVEL_WORDS):
        toks.pop()
        e = idx.by_key.get(" ".join(toks))
        if e is not None:
            return e.canonical
    e = idx.by_key.get(" ".join(toks))
    return e.canonical if e is not None else None


def _level_or_keep(m: re.Match) -> str:
    inner = m.group(1).lower().replace(",", " ").split()
    if inner and all(w in _LEVEL_WORDS or w.isdigit() for w in inner):
        return ""
    return m.group(0)


def canonical_skill_list(names: list[str]) -> list[str]:
    """Taxonomy names where known, else as given (whitespace tidied); first spelling wins on
    case-insensitive duplicates."""
    seen: dict[str, str] = {}
    for name in names:
        skill = canonical_skill(name) or " ".join((name or "").split())
        if skill:
            seen.setdefault(skill.casefold(), skill)
    return list(seen.values())


def skill_category(name: str) -> str | None:
    """Category of a skill (name or alias), e.g. "Programming Languages"; None if unknown."""
    c = canonical_skill(name)
    return _load().category.get(c) if c else None


def skill_aliases(name: str) -> list[str]:
    """Aliases listed for a skill (empty if unknown)."""
    c = canonical_skill(name)
    return list(_load().aliases.get(c, ())) if c else []


def all_skills() -> dict[str, str]:
    """Every canonical skill mapped to its category."""
    return dict(_load().category)


def categories() -> list[str]:
    """The taxonomy's categories, in data-file order."""
    return list(_load().categories)


# ----------------------------------------------------------------------------- free text

def find_skills(text: str) -> list[str]:
    """Canonical skills mentioned in ``text``, in order of first appearance, de-duplicated."""
    seen: dict[str, None] = {}
    for name, _s, _e in find_skill_spans(text):
        seen.setdefault(name, None)
    return list(seen)


def find_skill_spans(text: str) -> list[tuple[str, int, int]]:
    """Every accepted skill mention as ``(canonical, start, end)``, in text order."""
    if not text:
        return []
    idx = _load()
    doc = _Doc(text)
    raw = _scan(doc, idx)
    if not raw:
        return []
    # neighbours that can vouch for an ambiguous mention ("R and Python"): an unambiguous
    # match after it, or an accepted match before it
    text = doc.text
    starts = {a for a, b, e in raw if "ctx" not in e.flags_for(text[doc.ts[a]:doc.te[b - 1]])}
    ends: set[int] = set()
    out: list[tuple[str, int, int]] = []
    for a, b, e in raw:
        if e.flags and not _context_ok(doc, a, b, e, starts, ends, idx):
            continue
        ends.add(b)
        out.append((e.canonical, doc.ts[a], doc.te[b - 1]))
    return out


def _scan(doc: _Doc, idx: _Index) -> list[tuple[int, int, _Entry]]:
    """Longest matches left to right as (first token, end token, entry); no context checks."""
    n, tl = doc.n, doc.tl
    by_key, starts, prefixes = idx.by_key, idx.starts, idx.prefixes
    joins, join = doc._joins, doc.join
    raw: list[tuple[int, int, _Entry]] = []
    resume = 0                                   # tokens before it belong to the previous match
    for i in [k for k, t in enumerate(tl) if t in starts]:
        if i < resume:
            continue
        key = tl[i]
        keys = [key]
        j = i + 1
        while j < n and key in prefixes:
            jn = joins[j]
            if jn is _UNSET:
                jn = join(j)
            if jn is None:
                break
            key = f"{key}{jn}{tl[j]}"
            keys.append(key)
            j += 1
        hit = None
        for k in range(len(keys) - 1, -1, -1):
            e = by_key.get(keys[k])
            if e is not None and (not e.flags or _case_ok(doc, i, i + k + 1, e)):
                hit = (i, i + k + 1, e)
                break
        if hit is None or (hit[1] < n and join(hit[1]) == "." and tl[hit[1]] in _TLDS):
            continue  # nothing, or part of a domain name ("recruiting.com")
        raw.append(hit)
        resume = hit[1]
    return raw


def _case_ok(doc: _Doc, a: int, b: int, e: _Entry) -> bool:
    span = doc.text[doc.ts[a]:doc.te[b - 1]]
    if span in e.forms or "cs" not in e.flags:
        return True
    # ALL-CAPS ("GO", "EXCEL") is decided in context; another case only between separators
    return True if span.isupper() and len(span) > 1 else _between_separators(doc, a, b)


def _between_separators(doc: _Doc, a: int, b: int) -> bool:
    before, after = doc.gap(a), doc.gap(b)
    bs, as_ = before.strip(), after.strip()
    pre = a == 0 or "\n" in before or (bs[-1:] in _LIST_BEFORE and bs[-1:] not in _HYPHENS)
    post = b == doc.n or "\n" in after or as_[:1] in _LIST_AFTER
    return pre and post


def _context_ok(doc: _Doc, a: int, b: int, e: _Entry, starts: set[int], ends: set[int],
                idx: _Index) -> bool:
    text, tl, n = doc.text, doc.tl, doc.n
    span = text[doc.ts[a]:doc.te[b - 1]]
    flags = e.flags_for(span)
    if not flags:
        return True
    before, after = doc.gap(a), doc.gap(b)
    bs, as_ = before.strip(), after.strip()
    line_start = a == 0 or "\n" in before
    line_end = b == n or "\n" in after
    exact = span in e.forms or "cs" not in flags

    if "word" in flags or "ctx" in flags:
        # hyphen compounds: "Go-to-market", "C-level", "R-squared"
        if after[:1] in _HYPHENS and b < n and not after[1:2].isspace():
            return False
        if before[-1:] in _HYPHENS and a and not before[-2:-1].isspace():
            return False
        # "Spring 2020", "Spring semester"
        if b < n and doc.join(b) is not None and (_YEAR_RE.match(tl[b]) or tl[b] in _SEASONS):
            return False
        # "Microsoft(R)": a trademark sign glued to a word
        if bs == "(" and as_.startswith(")") and before[:1] == "(" and a:
            return False
        # "Phoenix, Arizona", "Salem, OR": a place name
        if as_[:1] == "," and b < n and doc.join(b) is None and (
                tl[b] in _PLACES or text[doc.ts[b]:doc.te[b]] in _PLACE_CODES):
            return False
        # "Pittsburgh, PA": a US state code after a place name
        if span in _US_STATES and bs == "," and a and (a - 1) not in ends \
                and text[doc.ts[a - 1]:doc.ts[a - 1] + 1].isupper():
            return False

    # joined by and/or/&/"/" to a neighbouring skill: "R and Python", "Python, R, or Julia", "C/C++"
    conj_skill = (
        (b + 1 < n and tl[b] in _CONJ and doc.join(b) is not None and b + 1 in starts
         and doc.join(b + 1) is not None)
        or (a >= 2 and tl[a - 1] in _CONJ and doc.join(a) is not None and (a - 1) in ends
            and (doc.join(a - 1) is not None or doc.gap(a - 1).strip() == ","))
        or (b < n and doc.join(b) == "/" and b in starts)
        or (a >= 1 and doc.join(a) == "/" and a in ends)
    )
    # the mention is a whole list item: a separator or a line edge on both sides
    sep_before = line_start or bs[-1:] in _LIST_BEFORE
    sep_after = line_end or as_[:1] in _LIST_AFTER or (as_[:1] in _STOPS and not after[1:2].isalnum())
    listish = conj_skill or (sep_before and sep_after)

    if not exact:
        # ALL-CAPS ("GO", "EXCEL") or another capitalisation: only as a list item
        return listish if span.isupper() else _between_separators(doc, a, b)
    if "ctx" in flags:
        if listish:
            return True
        # "written in C", "experience with R."
        return bool(a >= 1 and tl[a - 1] in _PREP and doc.join(a) is not None and sep_after
                    and idx.category.get(e.canonical) == "Programming Languages")
    if "word" in flags:
        sentence_start = line_start or bs[-1:] in _SENT_END or bs[-1:] in _ITEM_MARKS
        if sentence_start and not (listish or as_[:1] in _LIST_AFTER):
            return False
    return True


# ----------------------------------------------------------------------------- skill lists

_BULLETS = "•·●▪◦‣■□►✓✔➢➤→"
_ITEM_SEP = rf"\s*(?:[,;|\t{_BULLETS}]|\s\*\s|\s{{3,}})\s*"
_ITEM_SEP_RE = re.compile(_ITEM_SEP)
_SEP_CHAR_RE = re.compile(rf"[,;|\t*{_BULLETS}]")
_THREE_SPACES_RE = re.compile(r"\s\s\s")
_TOP_RE = re.compile(rf"[()\[\]{{}}]|{_ITEM_SEP}")
_OPEN = frozenset("([{")
_CLOSE = frozenset(")]}")
_SLASH_CHUNK_RE = re.compile(r"[^\s/]+(?:\s*/\s*[^\s/]+)+")
_LABEL_RE = re.compile(r"^\s*([^:：]{1,60}?)\s*[:：]\s+(?=\S)")
_DASH_LABEL_RE = re.compile(r"^\s*([^-–—,;|:]{1,50}?)\s+[-–—]\s+(?=\S)")
_LEAD_RE = re.compile(rf"^[\s{_BULLETS}*>\-–—]+")
_AND_RE = re.compile(r"\s\s*(?:and|&|or)\s+", re.I)  # (\s\s* == \s+, but lets re skip to spaces)
_PROFICIENT_RE = re.compile(
    r"^(?:(?:very |highly )?(?:proficient|experienced|skilled|fluent|expert|competent|strong)"
    r"\s+(?:in|with|at)|(?:(?:strong |solid |good |working |basic )?(?:knowledge|experience|"
    r"understanding|expertise) (?:of|in|with))|familiar(?:ity)? with)\s+",
    re.I,
)
# the characters ``_LEAD_RE`` strips (besides whitespace), and those an ``_INTRO_RE`` match can
# start with (case-insensitively: also "İ", "ı", "ſ"); text starting otherwise is left as it is
_LEAD_CHARS = frozenset(_BULLETS + "*>-–—")
_INTRO_FIRST = frozenset("AEILMOSaeilmosİıſ")
_INTRO_RE = re.compile(r"^(?:and|or|esp\.?|especially|e\.g\.?|i\.e\.?|incl\.?|including|such as|"
                       r"mainly|mostly|like|etc\.?)\s+", re.I)


def split_skill_list(text: str, *, granular: bool = True) -> list[str]:
    """Split one skills-section line into raw items, keeping their original spelling.

    ``"Front End: HTML, CSS, JavaScript"`` -> ``["Front End", "HTML", "CSS", "JavaScript"]``
    (a short leading label before ``:`` or `` - `` is the first item). Items are separated
    by ``, ; | •  ·`` and tabs; brackets are respected (no split inside them).

    With ``granular=True`` (default) items are also split further:
    ``"Python (Django, Flask)"`` -> Python, Django, Flask (a bracketed proficiency such as
    "(Expert)" is dropped), ``"R/Python"`` -> R, Python (but CI/CD, TCP/IP, UI/UX,
    PL/SQL, A/B testing and other names containing "/" stay whole), and "X and Y" ->
    X, Y unless "X and Y" is itself a known skill (R&D, Sales and Marketing ...).

    With ``granular=False`` items are kept exactly as written between list separators
    ("TypeScript/JavaScript", "Node.js (NestJS, Express)", "Java (Excellent)"); only
    "X and Y" is split, and only when X and Y are both known skills and "X and Y" is not.
    This is what a skills list written as ``keyword, keyword`` looks like, and it is what
    the eval-cv truth holds (group names + keywords verbatim): on the dev split's txt
    skills sections, verbatim items score F1 0.97 against the truth, granular ones 0.82.
    Use ``granular=False`` for the parser's ``skills`` output and ``canonical_skill`` /
    ``find_skills`` on the items when canonical names are needed.
    """
    if not text or not text.strip():
        return []
    line = text.strip()
    if line[:1] in _LEAD_CHARS:                  # (stripped: no leading whitespace left)
        line = _LEAD_RE.sub("", line)
    out: list[str] = []
    m = _LABEL_RE.match(line) if (":" in line or "：" in line) else None
    if m and not _URLISH_LABEL_RE.search(m.group(1)):
        out.append(m.group(1).strip())
        line = line[m.end():]
    else:
        m = _DASH_LABEL_RE.match(line) if ("-" in line or "–" in line or "—" in line) else None
        if m and _has_list_sep(line[m.end():]) and canonical_skill(m.group(1)) is None:
            out.append(m.group(1).strip())
            line = line[m.end():]
    for item in _split_top(line):
        item = _clean_item(item)
        if not item:
            continue
        if granular:
            out.extend(x for x in _explode(_PROFICIENT_RE.sub("", item)) if x)
        else:
            out.extend(_split_and(item))
    return out


_URLISH_LABEL_RE = re.compile(r"https?$|[(\[]")
_LIST_SEP_RE = re.compile(rf"[,;|{_BULLETS}]|\s[-–—]\s")


def _has_list_sep(s: str) -> bool:
    return bool(_LIST_SEP_RE.search(s))


def _split_top(s: str) -> list[str]:
    """Split on list separators outside brackets."""
    if "(" not in s and "[" not in s and "{" not in s:
        # a separator needs one of its characters or a run of three spaces; without either (most
        # lines of prose) there is nothing to split, and the separator expression is slow to run
        if not _SEP_CHAR_RE.search(s) and not _THREE_SPACES_RE.search(s):
            return [s]
        return _ITEM_SEP_RE.split(s)
    items: list[str] = []
    depth = last = 0
    for m in _TOP_RE.finditer(s):
        c = m.group()
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            items.append(s[last:m.start()])
            last = m.end()
    items.append(s[last:])
    return items


def _clean_item(s: str) -> str:
    if s[:1] in _LEAD_CHARS or s[:1].isspace():
        s = _LEAD_RE.sub("", s)
    s = s.strip()
    if s[:1] in _INTRO_FIRST:
        s = _INTRO_RE.sub("", s).strip()
    s = s.rstrip(" .:;,")
    if s.endswith("...") or s.endswith("…"):
        s = s.rstrip(".… ")
    if s.lower() in ("etc", "and more", "others", "more"):
        return ""
    return s


def _split_and(item: str) -> list[str]:
    """"R and SQL" -> R, SQL when both sides are known skills and the whole is not."""
    if not _AND_RE.search(item):
        return [item]
    # (the parts first: most "and"s join words of a sentence, and the first part tells)
    parts = [p.strip() for p in _AND_RE.split(item)]
    if len(parts) > 1 and all(p and canonical_skill(p) for p in parts) and canonical_skill(item) is None:
        return parts
    return [item]


def _explode(item: str) -> list[str]:
    if "://" in item:
        return [item]
    # brackets: "Python (Django, Flask)" -> Python, Django, Flask
    m = _BRACKETED_RE.match(item)
    if m:
        head, inner, tail = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
        parts: list[str] = []
        if head:
            parts.extend(_explode(head))
        if inner and not _is_level(inner):
            for x in _split_top(inner):
                x = _clean_item(x)
                if x and not _is_level(x):
                    parts.extend(_explode(x))
        if tail:
            parts.extend(_explode(_clean_item(tail)))
        return parts
    if canonical_skill(item) is not None:
        return [item]
    if "/" in item:
        parts = _split_slash(item)
        if len(parts) > 1:
            return [y for x in parts for y in _explode(x)]
    if _AND_RE.search(item):
        parts = [p.strip() for p in _AND_RE.split(item) if p.strip()]
        if len(parts) > 1 and all(len(p.split()) <= 4 for p in parts):
            return [y for p in parts for y in _explode(p)]
    return [item]


_BRACKETED_RE = re.compile(r"^(.*?)\s*[(\[]([^()\[\]]*)[)\]]\s*(.*)$")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_LEVEL_REST_RE = re.compile(r"[^\W\d_]+|[\d.+\s,-]+")


def _is_level(s: str) -> bool:
    words = _LETTERS_RE.findall(s.lower())
    rest = _LEVEL_REST_RE.sub("", s)
    return bool(words) and not rest and all(
        w in _LEVEL_WORDS or w in ("years", "year", "yrs", "yr", "months", "of", "experience",
                                   "exp", "very", "good", "level", "in", "with")
        for w in words
    )


def _split_slash(item: str) -> list[str]:
    """Split on "/" except inside names that contain one (CI/CD, A/B testing, PL/SQL)."""
    protected: list[tuple[int, int]] = []
    for m in _SLASH_CHUNK_RE.finditer(item):
        # short parts that are not skills themselves (UI/UX, I/O, TS/SCI): keep together
        pieces = [p.strip() for p in m.group().split("/")]
        if all(len(p) <= 3 for p in pieces) and not any(canonical_skill(p) for p in pieces):
            protected.append(m.span())
    doc = _Doc(item)
    for a, b, _e in _scan(doc, _load()):
        if b - a > 1 and any(doc.join(k) == "/" for k in range(a + 1, b)):
            protected.append((doc.ts[a], doc.te[b - 1]))
    parts: list[str] = []
    last = 0
    pos = item.find("/")
    while pos >= 0:
        if not any(lo <= pos < hi for lo, hi in protected):
            parts.append(item[last:pos].strip())
            last = pos + 1
        pos = item.find("/", pos + 1)
    parts.append(item[last:].strip())
    return [p for p in parts if p]
