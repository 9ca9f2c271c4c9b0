"""Contact details: name, email, phone, location and links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import phonenumbers

from tools.parsing import lexicon
from tools.parsing.dates import find_range
from tools.parsing.sections import Line, fold, heading_kind

EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![a-z-])"
                      r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
URL_RE = re.compile(
    r"(?<![@\w.])(?:https?://|www\.)[^\s|,;<>\"']+"
    r"|(?<![@\w./-])(?:[a-z0-9-]{1,63}\.){1,8}(?:com|io|dev|net|org|me|info|co|ai|app|tech|xyz|page|site|blog|"
    r"de|fr|nl|es|pt|it|uk|ch|be|at|pl|se|no|dk|fi|cz|eu|us|ca|br|in|social)(?:/[^\s|,;<>\"']*)?(?![\w@])",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<![\d@/.=_+-])(?:\+|00)?\(?\+?\d[\d ().\-/]{5,22}\d(?![\d@/])")
_PHONE_LABEL = re.compile(
    r"\b(?:phone|tel|telephone|mobile|mobil|cell|t[ée]l[ée]phone|portable|telefon|handy|tel[ée]fono|"
    r"m[óo]vil|celular|telem[óo]vel|cellulare|telefoon|mobiel)\b", re.IGNORECASE)
_SOCIAL = ("twitter.com", "x.com", "instagram.com", "facebook.com", "stackoverflow.com", "bsky.app",
           "youtube.com", "t.me", "wa.me", "dribbble.com", "behance.net", "medium.com", "mastodon",
           "tiktok.com", "xing.com", "gitlab.com", "bitbucket.org", "kaggle.com", "leetcode.com",
           "scholar.google", "orcid.org", "researchgate", "matrix.to", "calendly.com", "credly.com")
_SEGMENT_SPLIT = re.compile(r"\s+[|·•◦▪]\s+|\s[|·•]\s|\s{2,}|\t| \| ")
_LOCATION_LABEL = re.compile(
    r"^(?:location|address|adresse|wohnort|anschrift|based in|lives in|domicile|direcci[óo]n|"
    r"ubicaci[óo]n|localiza[çc][ãa]o|morada|endere[çc]o|indirizzo|residenza|woonplaats|adres)\s*[:\-]?\s*",
    re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’.-]*|[^\W\d_]\.)$")  # any script's letters: Łukasz, Ögün
_NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "das", "do", "dos", "del", "della", "di", "du", "le",
                   "la", "las", "los", "bin", "binti", "ben", "bint", "al", "el", "ter", "ten", "zu", "y", "e",
                   "st", "mc", "mac", "af", "av", "op", "het", "d'", "dal", "degli", "dei"}
_NAME_SUFFIX = {"msc", "msc.", "phd", "ph.d.", "mba", "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "dr", "dr.",
                "prof", "prof.", "ing", "ing.", "dipl.", "bsc", "bsc.", "ma", "cpa", "pmp", "mr", "mrs", "ms"}


@dataclass
class Contact:
    name: str | None = None
    name_line: int | None = None
    headline: str | None = None
    headline_line: int | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    region: str | None = None
    linkedin: str | None = None
    github: str | None = None
    website: str | None = None
    used_lines: set[int] = field(default_factory=set)
    name_lines: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- links

def _clean_url(u: str) -> str:
    return u.rstrip(".,;:)]}>'\"")


_BROKEN_URL_RE = re.compile(r"((?:https?://|www\.)\S+[-/_])\n([a-z0-9_-]+)(?=\n|$)")
_IMAGE_URL_RE = re.compile(r"\.(?:png|jpe?g|gif|pdf|svg)$")


_URL_HINT_RE = re.compile(r":|\.\S")         # a "://", or a "." that is not the end of a chunk
_SPACE_RE = re.compile(r"\s")
_NON_SPACE_RUN_RE = re.compile(r"\S*")


def _url_matches(text: str):
    """``URL_RE.finditer(text)``, run only on the whitespace-separated chunks that can hold a
    match: no match crosses whitespace, and whitespace satisfies both of its look-arounds like
    the edge of a chunk does. A match holds "://", or a "." followed by its top-level domain,
    so only chunks with a ":" or with a "." before their last character are looked at."""
    done = 0
    for hint in _URL_HINT_RE.finditer(text):
        p = hint.start()
        if p < done:
            continue                                 # in the chunk just looked at
        start = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p), text.rfind("\t", 0, p)) + 1
        while (ws := _SPACE_RE.search(text, start, p)) is not None:    # other whitespace
            start = ws.end()
        done = _NON_SPACE_RUN_RE.match(text, p).end()
        yield from URL_RE.finditer(text[start:done])


def find_links(text: str) -> tuple[str | None, str | None, str | None]:
    # URLs broken over two lines by a narrow column ("…-engi\nneer"): glue a lone fragment back
    if "http" in text or "www." in text:
        text = _BROKEN_URL_RE.sub(r"\1\2", text)
    linkedin = github = website = None
    for m in _url_matches(text):
        u = _clean_url(m.group(0))
        low = u.lower()
        if "@" in low.split("/")[0]:
            continue
        if "linkedin.com" in low:
            linkedin = linkedin or u
        elif "github.com" in low and "github.io" not in low:
            github = github or u
        elif not any(s in low for s in _SOCIAL) and website is None:
            if _IMAGE_URL_RE.search(low):
                continue
            website = u
    return linkedin, github, website


# --------------------------------------------------------------------------- phone

_NON_DIGITS_RE = re.compile(r"\D")
_YEAR_SPAN_RE = re.compile(r"(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)\d{2}")
_NUMERIC_DATE_RE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_WS_RUN_RE = re.compile(r"\s+")
_POSTCODE_RE = re.compile(r"\b(?:\d{4,5}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b")
_DIGIT_RE = re.compile(r"\d")
_CODE_RE = re.compile(r"[A-Z]{2}")
_PLACE_NAME_RE = re.compile(r"[A-ZÀ-Þ][\w'’. -]{1,30}")
_LOCATION_PARTS_RE = re.compile(r"[,/|()]")


def _phone_candidates(text: str):
    for m in PHONE_RE.finditer(text):
        raw = m.group(0).strip()
        digits = _NON_DIGITS_RE.sub("", raw)
        if not 7 <= len(digits) <= 15:
            continue
        if find_range(raw) or _YEAR_SPAN_RE.fullmatch(raw):
            continue
        if _NUMERIC_DATE_RE.fullmatch(raw):  # a date
            continue
        # unbalanced parentheses from the surrounding text
        if raw.count("(") != raw.count(")"):
            raw = raw.strip("()")
        yield raw, m.start()


def normalise_phone(raw: str, region: str | None) -> str | None:
    """E.164 for a number written with its country code ("+49 160 …", "0049 …"); a number
    written in national form ("(929) 242-9537", "06 12 34 56 78") is returned as written
    (whitespace tidied), since its country would be a guess from the address; ``phone_e164``
    converts it when a caller wants to make that guess. None when it is not a phone number."""
    s = raw.strip()
    international = s.startswith("+") or s.startswith("00")
    try:
        if international:
            num = phonenumbers.parse("+" + s[2:] if s.startswith("00") else s, None)
            if phonenumbers.is_possible_number(num):
                return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
            return None
        num = phonenumbers.parse(s, region or "US")
        if phonenumbers.is_possible_number(num) or len(_NON_DIGITS_RE.sub("", s)) >= 9:
            return _WS_RUN_RE.sub(" ", s)
    except phonenumbers.NumberParseException:
        return None
    return None


def phone_e164(raw: str | None, region: str | None) -> str | None:
    """E.164 of any phone string when the region is known or the number is international."""
    if not raw:
        return None
    try:
        num = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


# --------------------------------------------------------------------------- location

def _segments(line: Line) -> list[str]:
    raw = line.raw.strip() or line.text
    return [p.strip(" |·•,;") for p in _SEGMENT_SPLIT.split(raw) if p.strip(" |·•,;")]


def _location_from(seg: str) -> str | None:
    seg = _LOCATION_LABEL.sub("", seg).strip()
    if not seg or EMAIL_RE.search(seg) or URL_RE.search(seg):
        return None
    # a postcode is fine ("Chicago, IL 60601", "75011 Paris"); other digits are not a place
    probe = _POSTCODE_RE.sub("", seg).strip(" ,")
    if not probe or _DIGIT_RE.search(probe):
        return None
    if _location_shape(probe):
        return seg
    return None


def _location_shape(seg: str) -> bool:
    if heading_kind(Line(seg, 0)):
        return False
    if lexicon.looks_like_location(seg):
        return True
    if _CODE_RE.fullmatch(seg) and seg in lexicon.region_codes():
        return True
    parts = [p.strip() for p in seg.split(",")]
    return (2 <= len(parts) <= 4 and all(_PLACE_NAME_RE.fullmatch(p) for p in parts)
            and len(seg.split()) <= 7 and lexicon.title_score(seg) <= 0)


def infer_region(location: str | None, text: str = "") -> str | None:
    if location:
        parts = [p.strip() for p in _LOCATION_PARTS_RE.split(location) if p.strip()]
        # "Chicago, IL": a US state, not Israel (unless the city is known to be elsewhere)
        if len(parts) == 2 and parts[1] in lexicon.US_STATES.values() and lexicon.place_region(parts[0]) in (None, "US"):
            return "US"
        for p in reversed(parts):
            if _CODE_RE.fullmatch(p) and p in lexicon.region_codes():
                return p
            r = lexicon.place_region(p)
            if r:
                return r
            if p.upper() in lexicon.US_STATES.values() and len(parts) > 1:
                return "US"
            if p.upper() in lexicon.CA_PROVINCES.values() and len(parts) > 1:
                return "CA"
    return None


# --------------------------------------------------------------------------- name

_NOT_IN_NAMES_RE = re.compile(r"[\d@/|:;!?()\[\]{}<>=+*#]")
_LOWER_WORDS_RE = re.compile(r"[a-z]+")


@lru_cache(maxsize=8192)
def _name_shape(text: str) -> bool:
    s = text.strip()
    if not 3 <= len(s) <= 60 or _NOT_IN_NAMES_RE.search(s) or "http" in s.lower():
        return False
    if "," in s:
        return False
    toks = s.split()
    core = [t for t in toks if t.lower() not in _NAME_SUFFIX]
    if not 1 <= len(core) <= 5 or len(toks) > 6:
        return False
    caps = 0
    for t in core:
        if t.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_TOKEN.match(t) or not t[0].isupper():
            return False
        caps += 1
    return caps >= 1


@lru_cache(maxsize=256)
def _email_parts(email: str) -> tuple[str, str]:
    return fold(email.split("@")[0]), fold(email.split("@")[1].split(".")[0]) if "@" in email else ""


def _email_affinity(name: str, email: str | None) -> float:
    if not email:
        return 0.0
    local, dom = _email_parts(email)
    toks = [t for t in _LOWER_WORDS_RE.findall(fold(name)) if len(t) >= 2 and t not in _NAME_PARTICLES]
    if not toks:
        return 0.0
    hits = sum(1 for t in toks if t in local or t in dom
               or (len(t) >= 4 and (t[:4] in local or t[-4:] in local)))
    initials = "".join(t[0] for t in toks)
    if hits == 0 and len(initials) >= 2 and local.startswith(initials[:2]):
        hits = 0.5
    return hits / len(toks)


_NOT_A_NAME_WORDS = frozenset(("curriculum", "vitae", "resume", "cv", "lebenslauf", "page"))


def find_name(lines: list[Line], email: str | None, anchor_lines: set[int], sections_of: dict[int, str],
              links: tuple[str | None, str | None, str | None] = (None, None, None),
              ) -> tuple[str | None, int | None, str | None, bool]:
    """Pick the line that is most probably the candidate's name."""
    best: tuple[float, int, str, str | None, bool] | None = None  # score, line, name, glued title, wrapped
    limit = min(len(lines), 80)
    slugs = " ".join(fold(u) for u in links if u)
    for i in range(limit):
        line = lines[i]
        text = line.text.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        wrapped = False
        if (nxt is not None and " " not in text and " " not in nxt.text.strip() and _name_shape(nxt.text)
                and text[:1].isupper() and not heading_kind(nxt) and lexicon.title_score(nxt.text) <= 0):
            text = f"{text} {nxt.text.strip()}"  # a large name wrapped by a narrow column
            wrapped = True
        if line.bullet or not _name_shape(text) or heading_kind(line):
            continue
        if lexicon.is_language_name(text) or lexicon.place_region(text) or lexicon.looks_like_location(text):
            continue
        ts = lexicon.title_score(text)
        split_title = None
        if ts > 0:
            # "Anna de Vries Product Owner": name and headline on one line
            split = _split_name_title(text)
            if split is None:
                continue
            text, split_title = split
        f = fold(text)
        if not _NOT_A_NAME_WORDS.isdisjoint(f.split()):
            continue
        score = 1.0
        ntok = len(text.split())
        if ntok == 1:
            score -= 1.5
        if i == 0:
            score += 3
        elif i <= 2:
            score += 1
        score -= i * 0.02
        if any(0 < a - i <= 4 or 0 < i - a <= 2 for a in anchor_lines):
            score += 1.5
        score += 3 * _email_affinity(text, email)
        if slugs:
            toks = [t for t in _LOWER_WORDS_RE.findall(f) if len(t) >= 3]
            if toks and sum(t in slugs for t in toks) / len(toks) >= 0.5:
                score += 2
        nxt = lines[i + 2 if wrapped else i + 1] if i + (2 if wrapped else 1) < len(lines) else None
        if nxt is not None and lexicon.title_score(nxt.text) > 0 and len(nxt.text) < 80:
            score += 1.0
        prev = lines[i - 1] if i > 0 else None
        if prev is not None and heading_kind(prev):
            score -= 2.0
        kind = sections_of.get(i, "top")
        if kind in ("skills", "experience", "education", "projects", "certifications", "awards", "volunteer",
                    "interests", "references", "publications", "summary"):
            score -= 1.5
        if text.isupper() and ntok >= 2:
            score += 0.3
        if split_title:
            score -= 0.5
        if best is None or score > best[0]:
            best = (score, i, text, split_title, wrapped)
    if best is None or best[0] < 0.5:
        return None, None, None, False
    return best[2], best[1], best[3], best[4]


def _split_name_title(text: str) -> tuple[str, str] | None:
    toks = text.split()
    for k in range(2, min(len(toks) - 1, 5) + 1):
        name, title = " ".join(toks[:k]), " ".join(toks[k:])
        if lexicon.title_score(name) <= 0 and lexicon.title_score(title) > 0 and toks[k][:1].isupper() \
                and _name_shape(name) and toks[k - 1].lower() not in _NAME_PARTICLES:
            return name, title
    return None


# --------------------------------------------------------------------------- all together

def find_contact(lines: list[Line], text: str, sections_of: dict[int, str]) -> Contact:
    c = Contact()
    m = EMAIL_RE.search(text)
    if m:
        c.email = m.group(0).rstrip(".")
    c.linkedin, c.github, c.website = find_links(text)
    email_lines = {ln.idx for ln in lines if c.email and c.email in ln.text}

    # location: a contact-looking segment near the top or in a contact section
    contact_zone = [ln for ln in lines[:25] if sections_of.get(ln.idx, "top") in ("top", "contact")]
    contact_zone += [ln for ln in lines[25:] if sections_of.get(ln.idx) == "contact"]
    for ln in contact_zone:
        if heading_kind(ln):
            continue
        for seg in _segments(ln):
            loc = _location_from(seg)
            if loc and not c.location:
                c.location = loc
                c.used_lines.add(ln.idx)
        if c.location:
            break
    c.region = infer_region(c.location, text)

    # phone: prefer the contact zone, then a labelled number anywhere
    phone_raw = None
    zone_text = "\n".join(ln.text for ln in contact_zone)
    for raw, _ in _phone_candidates(zone_text):
        phone_raw = raw
        break
    if phone_raw is None:
        for ln in lines:
            if _PHONE_LABEL.search(ln.text):
                for raw, _ in _phone_candidates(ln.text):
                    phone_raw = raw
                    break
            if phone_raw:
                break
    if phone_raw:
        c.phone = normalise_phone(phone_raw, c.region)
        if c.phone is None:
            c.warnings.append(f"phone number not understood: {phone_raw}")
    phone_lines = {ln.idx for ln in lines if phone_raw and phone_raw in ln.text}
    anchors = email_lines | phone_lines | c.used_lines
    c.name, c.name_line, glued_title, wrapped = find_name(lines, c.email, anchors, sections_of,
                                                          (c.linkedin, c.github, c.website))
    if c.name_line is not None:
        c.name_lines = {c.name_line, c.name_line + 1} if wrapped else {c.name_line}
        c.name_line = max(c.name_lines)
    if c.name is None:
        c.warnings.append("name not found")
    elif glued_title:
        c.headline = glued_title
    elif c.name_line is not None and c.name_line + 1 < len(lines):
        nxt = lines[c.name_line + 1]
        if (not heading_kind(nxt) and not EMAIL_RE.search(nxt.text) and not URL_RE.search(nxt.text)
                and not PHONE_RE.search(nxt.text) and len(nxt.text) <= 90 and not find_range(nxt.text)
                and not _location_from(nxt.text) and lexicon.title_score(nxt.text) > -1
                and (lexicon.title_score(nxt.text) > 0 or len(nxt.text.split()) <= 8)):
            c.headline, c.headline_line = nxt.text, nxt.idx
    return c
