"""Blind screening: withhold name, gender cues, age, nationality and address from text.

Used on everything an evaluation says and on everything sent to a model when blind mode is
on (tenant setting ``blind_screening`` or per request). Photos never enter: the parser keeps
text only.
"""

from __future__ import annotations

import re

WITHHELD = "[withheld]"
_PRONOUNS = {"he": "they", "she": "they", "him": "them", "his": "their", "hers": "theirs",
             "himself": "themself", "herself": "themself"}
_PRONOUN_RE = re.compile(r"\b(he|she|him|his|hers|himself|herself)\b", re.IGNORECASE)
_HONORIFIC_RE = re.compile(r"\b(?:mr|mrs|ms|miss|mx|herr|frau|mme|mlle|sr|sra|srta)\.?\s+(?=[A-Z])", re.IGNORECASE)
_GENDER_WORD_RE = re.compile(r"\b(?:male|female|man|woman|gender\s*:\s*\w+|sex\s*:\s*\w+|"
                             r"married|single|divorced|widowed|marital status\s*:\s*\w+)\b", re.IGNORECASE)
_AGE_RE = re.compile(
    r"\b(?:(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birth ?date|geburtsdatum|geboren(?: am)?|"
    r"date de naissance|née? le|fecha de nacimiento|data de nascimento|data di nascita|geboortedatum)"
    r"\s*:?\s*[\w./ -]{4,20}?\d{2,4}|age\s*:?\s*\d{2}|\d{2}\s*(?:years old|yrs old|jahre alt|ans|años|anos))\b",
    re.IGNORECASE)
_NATIONALITY_RE = re.compile(
    r"\b(?:nationality|citizenship|staatsangehörigkeit|nationalité|nacionalidad|nacionalidade|"
    r"nazionalità|nationaliteit)\s*:?\s*[^\n,;.]{2,40}|\bcitizen of\s+[A-Z][\w ]{2,30}", re.IGNORECASE)
_ADDRESS_RE = re.compile(r"\b\d{1,5}\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*\s+(?:street|st|road|rd|avenue|ave|"
                         r"lane|ln|drive|dr|boulevard|blvd|way|court|ct|strasse|straße|str|rue|calle|via)\b\.?",
                         re.IGNORECASE)


def _pronoun(m: re.Match) -> str:
    word = m.group(1)
    out = _PRONOUNS[word.lower()]
    return out.capitalize() if word[0].isupper() else out


def redact(text: str, name: str | None = None, location: str | None = None) -> str:
    """``text`` with the person's name, location, gender cues, age, nationality and address withheld."""
    if not text:
        return text
    if location and location.strip():
        text = re.sub(re.escape(location.strip()), WITHHELD, text, flags=re.IGNORECASE)
    for token in sorted({t for t in re.split(r"[\s,]+", name or "") if len(t.strip(".")) >= 2},
                        key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(token)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
    text = _AGE_RE.sub(WITHHELD, text)
    text = _NATIONALITY_RE.sub(WITHHELD, text)
    text = _ADDRESS_RE.sub(WITHHELD, text)
    text = _HONORIFIC_RE.sub("", text)
    text = _GENDER_WORD_RE.sub(WITHHELD, text)
    return _PRONOUN_RE.sub(_pronoun, text)


def blind_profile(profile: dict) -> dict:
    """A copy of a parsed profile fit to show a model in blind mode."""
    name, location = profile.get("name"), profile.get("location")
    out = {k: v for k, v in profile.items() if k not in ("name", "email", "phone", "location", "links")}
    for key in ("headline", "summary"):
        if out.get(key):
            out[key] = redact(out[key], name, location)
    out["experience"] = [{**job, "description": redact(job.get("description") or "", name, location),
                          "location": None} for job in profile.get("experience") or []]
    return out
