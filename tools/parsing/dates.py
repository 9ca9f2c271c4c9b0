"""Dates and date ranges as CVs write them, in several languages.

``find_range(text)`` finds the first date range in a line ("Mar 2019 – Present",
"03/2019 - 06/2021", "2019-03 to 2021-06", "März 2019 – heute", "janv. 2018 -
aujourd'hui", "Summer 2020", "2016 - 2018", "since 2019" …) and returns it
normalised to ``YYYY-MM`` or ``YYYY``; an open range ends with ``end=None`` and
``current=True``. Everything is one compiled regex per call, so it is cheap to run
on every line of a CV.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tools.parsing.lexicon import DECOMBINE

# month name (lower-case, accents stripped, no trailing dot) -> month number
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "janv", "janvier", "januar", "janner", "jaenner", "enero", "ene", "janeiro",
        "gennaio", "gen", "januari"),
    2: ("feb", "february", "fev", "fevr", "fevrier", "februar", "febrero", "fevereiro", "febbraio",
        "februari"),
    3: ("mar", "march", "mars", "marz", "maerz", "marzo", "marco", "mrt", "maart"),
    4: ("apr", "april", "avr", "avril", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maio", "maggio", "mag", "mei"),
    6: ("jun", "june", "juin", "juni", "junio", "junho", "giugno", "giu"),
    7: ("jul", "july", "juil", "juillet", "juli", "julio", "julho", "luglio", "lug"),
    8: ("aug", "august", "aout", "agosto", "ago", "augustus"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "setembro", "settembre", "set"),
    10: ("oct", "october", "octobre", "oktober", "okt", "octubre", "outubro", "out", "ottobre", "ott"),
    11: ("nov", "november", "novembre", "noviembre", "novembro"),
    12: ("dec", "december", "decembre", "dezember", "dez", "diciembre", "dic", "dezembro", "dicembre"),
}
MONTHS: dict[str, int] = {w: m for m, words in _MONTH_WORDS.items() for w in words}

# season -> month it starts in (northern hemisphere; the usual resume convention)
_SEASON_WORDS: dict[int, tuple[str, ...]] = {
    3: ("spring", "printemps", "fruhling", "fruehling", "fruhjahr", "primavera", "lente", "voorjaar"),
    6: ("summer", "ete", "sommer", "verano", "verao", "estate", "zomer"),
    9: ("fall", "autumn", "automne", "herbst", "otono", "outono", "autunno", "herfst", "najaar"),
    12: ("winter", "hiver", "invierno", "inverno", "wintersemester"),
}
SEASONS: dict[str, int] = {w: m for m, words in _SEASON_WORDS.items() for w in words}

PRESENT_WORDS = (
    "present", "current", "currently", "now", "today", "ongoing", "to date", "till date", "date",
    "heute", "jetzt", "aktuell", "derzeit", "laufend", "dato",
    "aujourd'hui", "aujourd’hui", "aujourdhui", "present", "présent", "actuel", "actuellement", "en cours",
    "actualidad", "presente", "actual", "actualmente", "hoy",
    "atual", "atualmente", "hoje", "momento", "o momento",
    "oggi", "in corso", "attuale", "ad oggi",
    "heden", "nu", "huidig", "lopend", "vandaag",
)

_DASH = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212~"


def _fold(s: str) -> str:
    """Lower-case without accents (ä -> a, é -> e)."""
    return unicodedata.normalize("NFKD", s.lower()).translate(DECOMBINE)


def _alt(words) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


_ACCENTS = {"a": "[aàâäáãå]", "e": "[eéèêë]", "i": "[iíìîï]", "o": "[oóòôöõ]", "u": "[uúùûü]",
            "c": "[cç]", "n": "[nñ]"}


def _accent_alt(words) -> str:
    """Alternation of folded words that also accepts their accented spellings (déc, März, été)."""
    pats = sorted({"".join(_ACCENTS.get(ch, re.escape(ch)) for ch in w) for w in words},
                  key=len, reverse=True)
    return "|".join(pats)


_MONTH_RE = _accent_alt(MONTHS)
_SEASON_RE = _accent_alt(SEASONS)
_PRESENT_RE = r"(?:(?:la|el|o|il|le|the|l')\s*)?(?:" + _alt(PRESENT_WORDS) + r")|bis\s+heute|up\s+to\s+now|until\s+now|till\s+now|to\s+present"

# one date; every alternative is anchored on word boundaries so "2019" inside a phone
# number or "Mar" inside "Market" do not count
_DATE = (
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s+)?(?:(?:de|del)\s+)?(?:{_MONTH_RE})\.?,?\s*(?:(?:de|del|of)\s+)?(?:'\d{{2}}|(?:19|20)\d{{2}})"  # Mar 2019, 3 March 2019
    rf"|(?:{_SEASON_RE})\s*(?:of\s+)?(?:19|20)\d{{2}}"                              # Summer 2020
    r"|[qQ][1-4]\s*(?:19|20)\d{2}"                                                # Q3 2020
    r"|(?:19|20)\d{2}\s*[./-]\s*(?:0?[1-9]|1[0-2])(?![\d])(?:\s*[./-]\s*\d{1,2}(?!\d))?"  # 2019-03, 2019/03(/15)
    r"|(?:\d{1,2}\s*[./-]\s*)?(?:0?[1-9]|1[0-2])\s*[./-]\s*(?:19|20)\d{2}"        # 03/2019, 15.03.2019
    r"|(?:19|20)\d{2}"                                                            # 2019
    r")"
)
_SEP = (
    rf"\s*(?:[{_DASH}-]+|–|—)\s*(?:(?:to|until|till|bis|au|à|a|al|hasta|até|ate|fino\s+al?|tot|t/m)\s+)?"
    r"|\s+(?:to|until|till|through|thru|bis|au|à|a|al|hasta|até|ate|fino\s+al?|tot|t/m|-)\s+"
    r"|\s*/\s*(?=\D)"
)
_PREFIX = r"(?:(?:from|von|vom|de|du|desde|dal|da|van|seit|since|depuis|sinds|dal)\s+)?"
_PRESENT_ONLY = r"(?:since|seit|depuis|desde|sinds|dal|dès|from)\s+"

RANGE_RE = re.compile(
    rf"(?<![\w/.-]){_PREFIX}(?P<start>{_DATE})(?:{_SEP})(?P<end>{_DATE}|{_PRESENT_RE})(?![\w/])"
    rf"|(?<![\w/.-]){_PRESENT_ONLY}(?P<since>{_DATE})(?![\w/])",
    re.IGNORECASE,
)
DATE_RE = re.compile(rf"(?<![\w/.-]){_DATE}(?![\w/])", re.IGNORECASE)
PRESENT_RE = re.compile(rf"^(?:{_PRESENT_RE})$", re.IGNORECASE)

_NUM_YM = re.compile(r"^((?:19|20)\d{2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*\d{1,2})?$")
_NUM_MY = re.compile(r"^(?:(\d{1,2})\s*[./-]\s*)?(\d{1,2})\s*[./-]\s*((?:19|20)\d{2})$")
_WORD_Y = re.compile(r"^(?:\d{1,2}(?:st|nd|rd|th|er|\.)?\s+)?(?:de\s+)?([^\W\d_]+)\.?,?\s*(?:(?:of|de|del)\s+)?('\d{2}|\d{4})$")
_Q_Y = re.compile(r"^q([1-4])\s*(\d{4})$", re.IGNORECASE)


# every date ``_DATE`` matches holds a year ("19xx"/"20xx") or a "'YY": text without one has no
# date and no range, and is not scanned with the big expressions
_YEARISH = re.compile(r"(?:19|20)\d{2}|'\d{2}")


@dataclass(frozen=True)
class DateRange:
    start: str | None
    end: str | None
    current: bool
    span: tuple[int, int]
    text: str


def parse_date(text: str) -> str | None:
    """One date -> 'YYYY-MM' or 'YYYY'; None when it is not a date we understand."""
    s = text.strip().strip(".,;()")
    if not s:
        return None
    if re.fullmatch(r"(?:19|20)\d{2}", s):
        return s
    m = _NUM_YM.match(s)
    if m:
        month = int(m.group(2))
        return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else m.group(1)
    m = _NUM_MY.match(s)
    if m:
        first, second, year = m.group(1), int(m.group(2)), m.group(3)
        if first is not None and second > 12 and 1 <= int(first) <= 12:  # mm/dd/yyyy
            return f"{year}-{int(first):02d}"
        return f"{year}-{second:02d}" if 1 <= second <= 12 else year
    m = _Q_Y.match(s)
    if m:
        return f"{m.group(2)}-{(int(m.group(1)) - 1) * 3 + 1:02d}"
    m = _WORD_Y.match(s)
    if m:
        word, year = _fold(m.group(1)), m.group(2)
        if year.startswith("'"):
            yy = int(year[1:])
            year = str(2000 + yy if yy < 50 else 1900 + yy)
        if word in MONTHS:
            return f"{year}-{MONTHS[word]:02d}"
        if word in SEASONS:
            return f"{year}-{SEASONS[word]:02d}"
    return None


def is_present(text: str) -> bool:
    return bool(PRESENT_RE.match(text.strip().strip(".,;()")))


@lru_cache(maxsize=4096)
def find_range(text: str) -> DateRange | None:
    """The first date range in ``text`` (or None)."""
    if not _YEARISH.search(text):
        return None
    for m in RANGE_RE.finditer(text):
        if m.group("since"):
            start = parse_date(m.group("since"))
            if start:
                return DateRange(start, None, True, m.span(), m.group(0))
            continue
        start = parse_date(m.group("start"))
        end_txt = m.group("end")
        if not start:
            continue
        if is_present(end_txt):
            return DateRange(start, None, True, m.span(), m.group(0))
        end = parse_date(end_txt)
        if end is None:
            continue
        # "2019/2020" style: a bare year range written with a slash
        if end[:4] < start[:4] and len(end) == 4 and len(start) == 4 and "/" in m.group(0):
            continue
        return DateRange(start, end, False, m.span(), m.group(0))
    return None


def find_dates(text: str) -> list[tuple[str, tuple[int, int]]]:
    """All single dates in ``text`` with their spans."""
    if not _YEARISH.search(text):
        return []
    out = []
    for m in DATE_RE.finditer(text):
        d = parse_date(m.group(0))
        if d:
            out.append((d, m.span()))
    return out


def find_when(text: str) -> DateRange | None:
    """A date range, or else a single date (start=end), or else None."""
    r = find_range(text)
    if r:
        return r
    dates = find_dates(text)
    if dates:
        d, span = dates[-1]
        return DateRange(None, d, False, span, text[span[0]:span[1]])
    return None


def month_index(date: str | None, *, end: bool = False) -> int | None:
    """'2019-03' -> months since year 0; a bare year counts as January (start) or December (end)."""
    if not date:
        return None
    year = int(date[:4])
    month = int(date[5:7]) if len(date) >= 7 else (12 if end else 1)
    return year * 12 + month - 1
