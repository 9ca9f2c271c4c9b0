"""Clean-up shared by every extractor: ligatures, invisible characters, whitespace, hyphenation.

Conventions of the text handed to the structurer:

* one line per visual line / paragraph / list item; ``\\t`` separates cells and tab stops
  (a wide gap inside a PDF line, a DOCX table cell, a tab stop) and is never repeated;
* runs of spaces collapse to one space, lines are stripped;
* at most one blank line in a row; a blank line marks a paragraph or block break.
"""

from __future__ import annotations

import re
import unicodedata

# Typographic ligatures (U+FB00..U+FB06) become their letters; NFKC for those code points only,
# so that other compatibility characters (e.g. "²", "™", full-width forms) keep their meaning.
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(k): v for k, v in _LIGATURES.items()}
    for c in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)):
        table[c] = None                                    # C0/C1 controls (not \t \n \f \r)
    table[0x0C] = "\n"                                     # form feed: page break
    for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFFFE):
        table[c] = None                                    # zero-width characters, stray BOMs
    for c in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000):
        table[c] = " "                                     # exotic spaces
    table[0x2028] = table[0x2029] = "\n"
    table[0x2011] = "-"                                    # non-breaking hyphen
    return table


_TABLE = _build_table()


def _char_class(codes: list[int]) -> str:
    """A regex character class matching exactly ``codes`` (as ranges of consecutive code points)."""
    codes = sorted(codes)
    parts: list[str] = []
    start = prev = codes[0]
    for c in [*codes[1:], -1]:
        if c == prev + 1:
            prev = c
            continue
        parts.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
        start = prev = c
    return "[" + "".join(parts) + "]"


# any character that ``_TABLE`` changes: text without one (most text) is not translated at all
_IN_TABLE = re.compile(_char_class(list(_TABLE)))
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")           # icon fonts (phone/mail glyphs)
_SPACES = re.compile(r"[ ]+")
_TAB_RUN = re.compile(r" *\t[ \t]*")
_BLANKS = re.compile(r"\n{3,}")


def clean_characters(text: str) -> str:
    """Ligatures to letters; drop controls and zero-width characters; unify newlines."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _IN_TABLE.search(text):
        text = text.translate(_TABLE)
    if not text.isascii() and _PRIVATE_USE.search(text):
        text = _PRIVATE_USE.sub(" ", text)
    return text


def normalize_whitespace(text: str) -> str:
    """Single spaces, single tabs, stripped lines, at most one blank line in a row."""
    # the same per-line rules applied to the whole text at once (none of them crosses a newline)
    if "\t" in text:
        text = _TAB_RUN.sub("\t", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    text = "\n".join([line.strip(" \t") for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANKS.sub("\n\n", text)
    return text.strip("\n")


# --------------------------------------------------------------------------- hyphenation

# First halves of compounds that keep their hyphen when a line wraps right after it
# ("front-|end", "cross-|functional", "self-|motivated").
_COMPOUND_FIRST = frozenset("""
    front back full part self well cross high low long short real non multi end open user data
    cloud client server team detail details result results customer goal fast hands problem
    mission cost time world state large small mid top best first second third one two three four
    cutting test peer tech object event domain service data-driven x t e b co pre post semi
    fine hard soft cost-effective detail-oriented web mobile cross-platform mid-level entry
    senior junior multi-cloud on off up down decision business product design quality
    market
""".split())

_HYPHEN_WRAP = re.compile(r"([^\W\d_][\w-]*)-\n([^\W\d_]\w*)")
_SOFT_HYPHEN_WRAP = re.compile(r"(\w)\u00ad\n(\w)")
_WORDS = re.compile(r"\w+(?:-\w+)*")


def dehyphenate(text: str) -> str:
    """Repair words split by end-of-line hyphenation, keeping genuine compounds.

    ``engi-\\nneering`` becomes ``engineering``; ``front-\\nend`` becomes ``front-end``. Evidence
    from the rest of the document wins (``frontend`` or ``front-end`` written elsewhere), then a
    list of usual compound first halves; otherwise the hyphen is a soft one and goes.
    """
    if "\u00ad" in text:
        text = _SOFT_HYPHEN_WRAP.sub(r"\1\2", text).replace("\u00ad", "")
    if "-\n" not in text:
        return text
    words = {w.lower() for w in _WORDS.findall(text)}

    def repl(m: re.Match[str]) -> str:
        head, tail = m.group(1), m.group(2)
        last = head.rsplit("-", 1)[-1]
        if not (last[-1:].islower() and tail[:1].islower()):
            return f"{head}-{tail}"             # "2019-\n2021", "Python-\nBased": keep as written
        joined, hyphened = (last + tail).lower(), f"{last}-{tail}".lower()
        if hyphened in words or f"{head}-{tail}".lower() in words:
            return f"{head}-{tail}"
        if joined in words:
            return head + tail
        if "-" in head or last.lower() in _COMPOUND_FIRST or len(last) <= 1:
            return f"{head}-{tail}"
        return head + tail

    return _HYPHEN_WRAP.sub(repl, text)


def finish(text: str, *, wrapped: bool = False) -> str:
    """The whole clean-up; ``wrapped`` for sources whose lines were wrapped by a layout engine."""
    text = clean_characters(text)
    if wrapped:
        text = dehyphenate(text)
    return normalize_whitespace(text)


_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff\ud800-\udfff]")


def unreadable_ratio(text: str) -> float:
    """Share of visible characters that are replacement characters or private-use glyphs."""
    if not text:
        return 0.0
    sample = text[:20000]
    visible = len(sample) - sum(sample.count(c) for c in " \n\t") or 1
    return len(_UNREADABLE.findall(sample)) / visible
