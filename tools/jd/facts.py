"""Years of experience, seniority and spoken languages asked for by a job ad.

Patterns match folded text (``lexicon.fold``: lower case, no accents).
"""

from __future__ import annotations

import re

from tools.parsing.structure import seniority_for_years

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "ein": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "zehn": 10,
    "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "een": 1, "twee": 2, "drie": 3, "vijf": 5, "dois": 2, "due": 2, "tre": 3, "cinque": 5,
}
_NUM = r"(\d{1,2}(?:[.,]5)?|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS_RE = re.compile(
    rf"\b{_NUM}\s*\+?\s*(?:(?:-|–|to|bis|a|à|tot|e|y|or|ou|o)\s*{_NUM}\s*\+?\s*)?(?:\(\s*\d+\s*\)\s*)?"
    r"(?:years?|yrs?|jahre?n?|ans?|anos?|jaar|jaren|anni|anno)\b(?!\s*(?:of age|old|or older|ago))")
_EXPERIENCE_RE = re.compile(
    r"experien|erfahrung|ervaring|esperienz|background|track record|similar (?:role|position)|"
    r"\bin (?:a|the) |\bas (?:a|an) |\bwith\b|\bof\b|\bmit\b|\bcon\b|\bcom\b|\bmet\b|\bdans\b|\bcomme\b|\bals\b|\bnel\b")


# "5+ years building services", "3 years in fintech", "4 years as a nurse"
_DOING_RE = re.compile(r"\s+(?:of\s+)?(?:[a-z]{3,}ing|in|as|on|at)\b")


def min_years(text: str) -> float | None:
    """Lowest bound of the experience a sentence asks for ("3-5 years" -> 3), or None."""
    found = None
    for m in _YEARS_RE.finditer(text):
        if not _EXPERIENCE_RE.search(text) and not _DOING_RE.match(text, m.end()):
            continue
        low = _number(m.group(1))
        if low is not None and 0 < low <= 40:
            found = low if found is None else max(found, low)
    return found


def _number(token: str) -> float | None:
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


_EXECUTIVE = re.compile(r"\b(?:chief|c[etfi]o|cpo|cmo|vp|svp|evp|vice[- ]president|director|directeur|directrice|"
                        r"direktor|geschaftsfuhrer\w*|directora?|diretora?|direttore)\b")
_LEAD = re.compile(r"\b(?:lead|leader|head|principal|staff(?! nurse)|teamleiter\w*|leiter\w*|chef|jefe|"
                   r"teamleider|hoofd|architect|architekt\w*|architecte|arquitect[oa]|arquitet[oa])\b")
_SENIOR = re.compile(r"\b(?:senior|sr|experienced|confirme[e]?|experto|esperto)\b")
_MID = re.compile(r"\b(?:mid|mid-level|midlevel|intermediate|medior|pleno|semi-?senior|ssr)\b")
_JUNIOR = re.compile(r"\b(?:junior|jr|intern|internship|trainee|apprentice|graduate|entry[- ]level|student|"
                     r"werkstudent\w*|praktikant\w*|auszubildende\w*|stagiaire|alternant\w*|becari[oa]|"
                     r"practicante|estagiari[oa]|stagista|tirocinante|stagiair)\b")
_LEVELS = (("executive", _EXECUTIVE), ("lead", _LEAD), ("senior", _SENIOR), ("mid", _MID), ("junior", _JUNIOR))


def seniority(title: str | None, years: float | None) -> str | None:
    """Level named by the (folded) title, else implied by the minimum years, else None."""
    if title:
        for level, pattern in _LEVELS:
            if pattern.search(title):
                return level
    return seniority_for_years(years)


# folded stem -> English name; a stem matches a whole word or the start of a compound
# ("Englischkenntnisse", "Deutsch-")
_LANGUAGES = {
    "english": "English", "englisch": "English", "anglais": "English", "ingles": "English", "inglese": "English",
    "engels": "English", "german": "German", "deutsch": "German", "allemand": "German", "aleman": "German",
    "alemao": "German", "tedesco": "German", "duits": "German", "french": "French", "franzosisch": "French",
    "francais": "French", "frances": "French", "francese": "French", "frans": "French", "spanish": "Spanish",
    "spanisch": "Spanish", "espagnol": "Spanish", "espanol": "Spanish", "espanhol": "Spanish",
    "spagnolo": "Spanish", "spaans": "Spanish", "dutch": "Dutch", "niederlandisch": "Dutch",
    "neerlandais": "Dutch", "nederlands": "Dutch", "holandes": "Dutch", "olandese": "Dutch",
    "portuguese": "Portuguese", "portugiesisch": "Portuguese", "portugais": "Portuguese",
    "portugues": "Portuguese", "portoghese": "Portuguese", "portugees": "Portuguese", "italian": "Italian",
    "italienisch": "Italian", "italien": "Italian", "italiano": "Italian", "italiaans": "Italian",
    "polish": "Polish", "polnisch": "Polish", "swedish": "Swedish", "danish": "Danish", "norwegian": "Norwegian",
    "finnish": "Finnish", "russian": "Russian", "russisch": "Russian", "russe": "Russian", "ruso": "Russian",
    "mandarin": "Mandarin", "chinese": "Chinese", "japanese": "Japanese", "arabic": "Arabic",
    "turkish": "Turkish", "turkisch": "Turkish", "hindi": "Hindi", "korean": "Korean",
}
_LANGUAGE_RE = re.compile(r"\b(" + "|".join(sorted(_LANGUAGES, key=len, reverse=True)) + r")(?=kenntniss|sprach|-|\b)")
_PROFICIENCY_RE = re.compile(
    r"fluen|native|mother tongue|proficien|business|working knowledge|written|spoken|speak|level|"
    r"[abc][12]\b|kenntniss|sprach|flieBend|fliessend|verhandlungssicher|muttersprach|courant|bilingue|"
    r"niveau|maitrise|nivel|idioma|fluido|dominio|vloeiend|spreekt|schrijft|beheersing|lingua|"
    r"conoscenza|ottim|buon|avanzad|intermedi|good|excellent|strong|skills|communicat")


def languages(text: str) -> list[str]:
    """Spoken languages a (folded) requirement sentence asks for, in order."""
    if not _PROFICIENCY_RE.search(text):
        return []
    out: list[str] = []
    for m in _LANGUAGE_RE.finditer(text):
        name = _LANGUAGES[m.group(1)]
        if name not in out:
            out.append(name)
    return out
