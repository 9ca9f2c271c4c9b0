"""Structure extracted CV text into a ``ParsedCandidate`` (SPEC §6).

Regex and word-list heuristics only (no model, no network), a few milliseconds per CV:

1. ``sections.prepare_lines`` cleans the text into lines; headings in seven languages
   cut it into sections (experience, education, skills, languages, certifications,
   summary, projects, volunteering, awards, interests, references, contact …).
2. ``contact.find_contact``: email, phone, links, location, and the name chosen among
   capitalised 1–5 word lines by cues (first line, next to the email/phone, matches the
   email address or a profile URL, followed by a job-title line), so a sidebar that was
   extracted first does not make a skill group the name.
3. ``experience.parse_experience`` anchors jobs on their date ranges; without an
   experience heading the date-range lines of unlabelled text are used (with a warning).
4. ``education.parse_education``; skills from the skills section(s) as written (group
   names and items), languages with proficiency, certifications, summary.
5. ``skills_used`` per job from the skills taxonomy (``skills.find_skills``) over the job's
   own text; total experience with overlapping jobs merged; seniority from titles, then
   years; ``warnings`` for whatever was guessed.

The CV text is data: nothing in it is ever interpreted as an instruction.
"""

from __future__ import annotations

import datetime as _dt
import re

from tools.parsing import lexicon
from tools.parsing.contact import EMAIL_RE, PHONE_RE, URL_RE, find_contact
from tools.parsing.dates import find_dates
from tools.parsing.education import parse_education
from tools.parsing.experience import parse_experience, total_years
from tools.parsing.schema import Education, Experience, Language, Links, ParsedCandidate
from tools.parsing.sections import Line, Section, fold, heading_kind, prepare_lines
from tools.parsing.skills import find_skills, split_skill_list

# sections whose content is never work experience nor the skills list
_NOT_EXPERIENCE = {"projects", "volunteer", "certifications", "summary", "languages", "awards", "interests",
                   "references", "publications", "education", "skills", "contact"}
_DOC_TITLE = re.compile(r"(?i)^\W*(?:r[ée]sum[ée]|cv|curriculum(?: vitae)?|lebenslauf|hoja de vida)\W*$")
_LEVEL_RE = re.compile(
    r"(?i)\b(?:[abc][12]|native|mother tongue|fluent|proficient|proficiency|advanced|intermediate|basic|"
    r"beginner|elementary|conversational|business|professional|bilingual|working|limited|courant|"
    r"langue maternelle|maternelle|bilingue|notions|scolaire|muttersprache|flie(?:ss|ß)end|"
    r"verhandlungssicher|grundkenntnisse|gut|nativo|nativa|materna|avanzado|intermedio|b[aá]sico|"
    r"fluido|fluente|madrelingua|ottimo|buono|moedertaal|vloeiend|goed|redelijk)\b")
_LANG_ITEM = re.compile(r"^\s*([^\W\d_][^\W\d_' -]*?)\s*(?:[(:\-–—]\s*([^)]*?)\s*\)?)?\s*$")


# --------------------------------------------------------------------------- sections

_ITEM_SPLIT_RE = re.compile(r"[,;/|•·]")
_LABELLED_RE = re.compile(r"^[^:,|]{2,40}(?::\s| \| )")
_SKILL_KEY_DROP_RE = re.compile(r"[^0-9a-z+#]")
_SCHOOLING_RE = re.compile(r"(?i)\b(?:bachelor|master|b\.?sc|m\.?sc|ph\.?d|diplom\w*|licence|laurea|mba)\b")


def _items(text: str) -> list[str]:
    return [p.strip() for p in _ITEM_SPLIT_RE.split(text) if p.strip()]


def _languages_follow(lines: list[Line], i: int) -> bool:
    """A "Languages" heading is real when natural languages follow it (in a skills list it
    is usually a group name followed by programming languages)."""
    for ln in lines[i + 1:i + 3]:
        if any(lexicon.is_language_name(x) for x in _items(ln.text)):
            return True
        if heading_kind(ln):
            return False
    return False


def split_sections(lines: list[Line]) -> list[Section]:
    sections = [Section("top", None)]
    for i, line in enumerate(lines):
        kind = heading_kind(line)
        cur = sections[-1].kind
        if kind and i < 3 and _DOC_TITLE.match(line.text):
            kind = None  # "RESUME" / "Curriculum Vitae" on top is the document's title
        if kind == "languages" and not _languages_follow(lines, i):
            kind = None
        if kind == "skills" and cur == "skills" and sections[-1].lines:
            kind = None  # "Soft Skills", "Tools" inside a skills list: a group name
        if kind:
            sections.append(Section(kind, line.text))
        else:
            sections[-1].lines.append(line)
    return sections


# --------------------------------------------------------------------------- skills

def _is_group_header(lines: list[Line], k: int) -> bool:
    t = lines[k].text
    if "," in t or len(t.split()) > 5:
        return False
    if t.endswith(":"):
        return True
    nxt = lines[k + 1].text if k + 1 < len(lines) else ""
    return "," in nxt


def _join_wrapped(lines: list[Line]) -> list[str]:
    """Glue lines that a narrow column wrapped ("GitHub Actions, Gitlab" / "CI/CD, Docker"):
    a line is continued when it ends inside a list item (a comma, "and", an open bracket) or
    when the next line's first word would not have fitted on it (the column width is the
    longest line of the section)."""
    if not lines:
        return []
    width = max(len(ln.text) for ln in lines)
    # a column of one item per line is not wrapped text: only comma lists get cut at the edge
    listy = (sum(1 for ln in lines if "," in ln.text) >= 0.3 * len(lines)
             and sum(1 for ln in lines if len(ln.text) >= 0.85 * width) >= 3)  # the column edge is real
    out: list[str] = []
    prev: Line | None = None
    for k, ln in enumerate(lines):
        t = ln.text
        if prev is not None and out and not ln.bullet and not ln.blank_before:
            p = out[-1]
            connector = p.endswith((",", "&", "/", "(", "-", " and", " or")) or p.count("(") > p.count(")")
            cut = listy and len(prev.text) + 1 + len(t.split()[0]) > 0.9 * width and width >= 25
            labelled = bool(_LABELLED_RE.match(t)) or t.endswith(":")
            if connector or t[:1] in "(,)&/":
                join = True
            elif t[:1].islower():
                join = "," in p  # a list going on; after a bare group name it is the list itself
            elif cut and not labelled:
                # a list cut at the column edge, or a long group name cut in two
                join = not _is_group_header(lines, k) if "," in p else "," not in t
            else:
                join = False
            if join:
                sep = "" if p.endswith(("/", "-")) and not p.endswith((" -", " /")) else " "
                out[-1] = p + sep + t
                prev = ln
                continue
        out.append(t)
        prev = ln
    return out


def _skill_key(s: str) -> str:
    return _SKILL_KEY_DROP_RE.sub("", fold(s))


def parse_skills_section(lines: list[Line]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for text in _join_wrapped(lines):
        if len(text.split()) > 14 and "," not in text and ":" not in text:
            items = find_skills(text)  # prose in a skills section
        elif len(text.split()) > 25 and text.rstrip().endswith(".") and text.count(",") < 3:
            items = find_skills(text)
        else:
            items = split_skill_list(text, granular=False)
        for it in items:
            it = it.strip(" .")
            k = _skill_key(it)
            if not k or len(it) > 80 or k in seen:
                continue
            seen.add(k)
            out.append(it)
    return out


# --------------------------------------------------------------------------- languages etc.

def _split_top(s: str) -> list[str]:
    out, depth, buf = [], 0, ""
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;|•·":
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return [x.strip() for x in out if x.strip()]


def parse_languages(lines: list[Line]) -> list[Language]:
    out: list[Language] = []
    seen = set()
    for ln in lines:
        for item in _split_top(ln.text):
            m = _LANG_ITEM.match(item)
            if not m or not (lexicon.is_language_name(m.group(1))
                             or (m.group(2) and _LEVEL_RE.search(m.group(2)) and len(m.group(1).split()) <= 2)):
                continue
            name = m.group(1).strip()
            prof = (m.group(2) or "").strip(" ()-–—:") or None
            if fold(name) in seen:
                continue
            seen.add(fold(name))
            out.append(Language(language=name, proficiency=prof))
    return out


def parse_certifications(lines: list[Line]) -> list[str]:
    out = []
    for text in _join_wrapped(lines):
        t = text
        for _d, (a, b) in reversed(find_dates(t)):
            if b >= len(t) - 2:
                t = t[:a]
        t = t.strip(" ,;|–—-")
        if t and len(t) <= 200:
            out.append(t)
    return out


# --------------------------------------------------------------------------- seniority

_EXEC = re.compile(r"\b(?:chief|c[etfoi]o|cpo|cmo|vp|svp|evp|vice[- ]president|president|managing director|"
                   r"director|directeur|directrice|direktor|geschaftsfuhrer\w*|director[a]?|diretor\w*|"
                   r"direttore|directeur general|(?<!business )partner|founder|co-?founder|(?<!product )owner|"
                   r"fondateur|fundador\w*|"
                   r"oprichter|eigenaar)\b")
_LEAD = re.compile(r"\b(?:lead|leader|head|principal|staff|manager|teamleiter\w*|leiter\w*|responsable|"
                   r"chef|jefe|gerente|responsabile|teamleider|hoofd|architect|architekt\w*|architecte|"
                   r"arquitect[oa]|arquitet[oa])\b")
_SENIOR = re.compile(r"\b(?:senior|sr|expert|experienced|confirme|confirmee|experto|especialista|"
                     r"esperto)\b")
_JUNIOR = re.compile(r"\b(?:junior|jr|intern|internship|trainee|apprentice|graduate|entry[- ]level|student|"
                     r"werkstudent\w*|praktikant\w*|auszubildende\w*|stagiaire|alternant\w*|becari[oa]|"
                     r"practicante|estagiari[oa]|stagista|tirocinante|stagiair|assistant(?! professor))\b")


def seniority(jobs: list[Experience], years: float | None) -> str | None:
    latest = None
    dated = [j for j in jobs if j.title]
    if dated:
        latest = max(dated, key=lambda j: (j.is_current, j.start_date or ""))
    level = None
    if latest is not None:
        t = fold(latest.title or "")
        if _EXEC.search(t):
            level = "executive"
        elif _LEAD.search(t):
            level = "lead"
        elif _SENIOR.search(t):
            level = "senior"
        elif _JUNIOR.search(t):
            level = "junior"
    if level is not None:
        # a "lead" title with very little experience is at most mid; a founder of a tiny
        # shop right after school is not an executive
        if level in ("lead", "executive") and years is not None and years < 3:
            return "mid"
        return level
    return seniority_for_years(years)


def seniority_for_years(years: float | None) -> str | None:
    """The level years of experience imply when no title names one: <2 junior, <5 mid, else senior."""
    if years is None:
        return None
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    return "senior"


# --------------------------------------------------------------------------- main

def structure(text: str, *, today: _dt.date | None = None) -> ParsedCandidate:
    today = today or _dt.date.today()
    lines = prepare_lines(text or "")
    warnings: list[str] = []
    if not lines:
        return ParsedCandidate(warnings=["no text"])

    sections = split_sections(lines)
    sections_of: dict[int, str] = {}
    for sec in sections:
        for ln in sec.lines:
            sections_of[ln.idx] = sec.kind

    contact = find_contact(lines, text, sections_of)
    warnings += contact.warnings
    drop = set(contact.name_lines) | ({contact.headline_line} if contact.headline_line is not None else set())

    def content(kind: str) -> list[Line]:
        out: list[Line] = []
        for sec in sections:
            if sec.kind == kind:
                out.extend(ln for ln in sec.lines if ln.idx not in drop)
        return out

    # experience
    exp_lines = content("experience")
    jobs: list[Experience] = []
    guessed_education: list[Education] = []
    if exp_lines:
        jobs, w = parse_experience(exp_lines)
        warnings += w
    if not jobs:
        loose = [ln for sec in sections if sec.kind not in _NOT_EXPERIENCE and sec.kind != "experience"
                 for ln in sec.lines if ln.idx not in drop and not _is_contact_line(ln)]
        if loose:
            guessed, _ = parse_experience(loose, assume_section=False)
            schooling = [j for j in guessed if _looks_like_education(j)]
            guessed = [j for j in guessed if not _looks_like_education(j)]
            if guessed:
                jobs = guessed
                warnings.append("no experience heading found: jobs were guessed from date ranges")
            if schooling and not content("education"):
                guessed_education = [_job_to_education(j) for j in schooling]
    if not jobs:
        warnings.append("no work experience found")

    for job in jobs:
        job_text = "\n".join(x for x in (job.title, job.description) if x)
        job.skills_used = find_skills(job_text) if job_text else []

    # education
    education, w = parse_education(content("education"), _column_width(sections, "education"))
    warnings += w
    if not education and guessed_education:
        education = guessed_education
        warnings.append("no education heading found: schools were guessed from date ranges")

    # skills
    skill_lines = content("skills")
    skills = parse_skills_section(skill_lines) if skill_lines else []
    if not skill_lines:
        seen: set[str] = set()
        for job in jobs:
            for s in job.skills_used:
                if s.lower() not in seen:
                    seen.add(s.lower())
                    skills.append(s)
        if skills:
            warnings.append("no skills section: skills were taken from the job descriptions")

    summary_lines = content("summary")
    summary = " ".join(ln.text for ln in summary_lines).strip() or None

    months_now = today.year * 12 + today.month - 1
    years = total_years(jobs, months_now)
    if contact.email is None:
        warnings.append("no email address found")
    if contact.phone is None and PHONE_RE.search(text) is None:
        warnings.append("no phone number found")

    return ParsedCandidate(
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        location=contact.location,
        links=Links(linkedin=contact.linkedin, github=contact.github, website=contact.website),
        headline=contact.headline,
        summary=summary,
        seniority=seniority(jobs, years),
        total_experience_years=years,
        skills=skills,
        languages=parse_languages(content("languages")),
        certifications=parse_certifications(content("certifications")),
        experience=jobs,
        education=education,
        warnings=_dedupe(warnings),
    )


def _column_width(sections: list[Section], kind: str) -> int | None:
    """Width of a narrow column (a sidebar) holding the section(s) of ``kind``: the longest
    line of those sections and the section just before each, when that is well under the
    width of the document's text; None when the section is not in a narrow column."""
    width = 0
    for i, sec in enumerate(sections):
        if sec.kind == kind:
            for s in (sections[i - 1] if i else None, sec):
                if s is not None and s.lines:
                    width = max(width, max(len(ln.text) for ln in s.lines))
    lengths = sorted(len(ln.text) for sec in sections for ln in sec.lines)
    if not width or not lengths:
        return None
    page = lengths[int(0.95 * (len(lengths) - 1))]
    return width if width <= 0.65 * page else None


def _is_contact_line(ln: Line) -> bool:
    return bool(EMAIL_RE.search(ln.text) or URL_RE.search(ln.text))


def _looks_like_education(job: Experience) -> bool:
    t = " ".join(x for x in (job.title, job.company) if x)
    return bool(lexicon.INSTITUTION_RE.search(t) and lexicon.DEGREE_RE.search(t)) or bool(
        _SCHOOLING_RE.search(t))


def _job_to_education(job: Experience) -> Education:
    parts = [x for x in (job.title, job.company) if x]
    inst = next((p for p in parts if lexicon.INSTITUTION_RE.search(p)), parts[-1] if parts else None)
    degree = next((p for p in parts if p != inst), None)
    return Education(institution=inst, degree=degree, start_date=job.start_date,
                     end_date=None if job.is_current else job.end_date)


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


__all__ = ["parse_languages", "parse_skills_section", "seniority", "split_sections", "structure"]
