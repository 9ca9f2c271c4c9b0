"""Lines and sections of a CV.

``prepare_lines`` cleans extracted text into ``Line`` objects (bullets stripped but
remembered, underlines turned into a heading cue, tabs and wide gaps kept as " | ").
``split_sections`` cuts the lines at headings recognised in English, French, German,
Spanish, Portuguese, Italian and Dutch ("Work History", "Berufserfahrung",
"Expérience professionnelle", "Experiencia laboral", "Werkervaring" …), tolerant of
case, accents, trailing colons, numbering and decorations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from tools.parsing.lexicon import fold

BULLET_CHARS = "•◦▪▫■□●○◆◇►▸▹▶➢➤➔→✓✔✗❖⁃∙·*–—-‣⦿⦾"
_BULLET_RE = re.compile(rf"^(?:[{re.escape(BULLET_CHARS)}]|\d{{1,2}}[.)](?=\s))\s*")
# glyphs a PDF font maps to nothing useful (private use area, C0/C1 controls, U+FFFD): at the
# start of a line they are bullets
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\x7f-\x9f\x01-\x08\x0b\x0c\x0e-\x1f\ufffd]")
_UNDERLINE_RE = re.compile(r"^[=\-_~*#.·•─━═]{3,}$")
_GAP_RE = re.compile(r"\t+| {3,}")
_WS_RUN_RE = re.compile(r"\s+")
_LETTER_SPACED_RE = re.compile(r"(?:\w ){3,}\w")
_NUMBERING_RE = re.compile(r"^(?:\d{1,2}|[ivx]{1,4})[.)]\s+")
_NOT_HEADING_CHARS_RE = re.compile(r"[^\w' /]+")
_DIGIT_RE = re.compile(r"\d")
_PUNCT_THEN_TEXT_RE = re.compile(r"[.,;!?]\s*\S")
_LETTER_WORDS_RE = re.compile(r"[^\W\d_]+")


@dataclass
class Line:
    text: str
    idx: int
    bullet: bool = False
    blank_before: bool = False
    underlined: bool = False
    raw: str = ""
    last_len: int = 0   # length of the last physical line (after wrapped lines were joined)


@dataclass
class Section:
    kind: str
    heading: str | None
    lines: list[Line] = field(default_factory=list)


def prepare_lines(text: str) -> list[Line]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    out: list[Line] = []
    blank = False
    odd_glyphs = _PRIVATE_USE.search(text) is not None
    for raw in text.split("\n"):
        s = (_PRIVATE_USE.sub("•", raw) if odd_glyphs else raw).strip()
        if not s:
            blank = True
            continue
        if _UNDERLINE_RE.match(s):
            if out:
                out[-1].underlined = True
            blank = True
            continue
        bullet = False
        m = _BULLET_RE.match(s)
        if m and len(s) > m.end():
            # "- 2019" is not a bullet list item but a dash; "-Foo" without a space neither
            if s[0] in "-–—*" and not s[1:2].isspace():
                pass
            else:
                bullet = True
                s = s[m.end():].strip()
                while s and s[0] in BULLET_CHARS and s[1:2].isspace():  # "• – text"
                    s = s[1:].strip()
        if "\t" in s or "   " in s:
            s = _GAP_RE.sub(" | ", s)
        # other whitespace is a single space by now unless doubled or exotic (controls became "•")
        if "  " in s or not s.isascii():
            s = _WS_RUN_RE.sub(" ", s)
        s = s.strip(" |")
        if not s:
            blank = True
            continue
        out.append(Line(s, len(out), bullet, blank, False, raw))
        blank = False
    return out


# --------------------------------------------------------------------------- headings

def _norm_heading(text: str) -> str:
    s = text.strip()
    # letter-spaced headings: "E X P E R I E N C E"
    if _LETTER_SPACED_RE.fullmatch(s):
        s = s.replace(" ", "")
    s = fold(s)
    s = s.replace("&", " and ").replace("+", " and ")
    s = _NUMBERING_RE.sub("", s)  # "1. Experience", "II) Education"
    s = _NOT_HEADING_CHARS_RE.sub(" ", s)
    s = s.replace("/", " and ")
    return _WS_RUN_RE.sub(" ", s).strip()


_EXACT: dict[str, str] = {}


def _add(kind: str, *names: str) -> None:
    for n in names:
        _EXACT[_norm_heading(n)] = kind


_add("experience",
     "experience", "experiences", "work experience", "professional experience", "employment history",
     "employment", "work history", "career history", "career", "professional background",
     "relevant experience", "work", "professional history", "career summary", "positions held",
     "industry experience", "technical experience", "working experience", "job history",
     "experience professionnelle", "experiences professionnelles", "parcours professionnel",
     "expérience", "expériences", "parcours", "emplois",
     "berufserfahrung", "berufliche erfahrung", "beruflicher werdegang", "werdegang", "berufspraxis",
     "praxiserfahrung", "erfahrung", "berufstatigkeit", "beruflicher hintergrund",
     "experiencia", "experiencia laboral", "experiencia profesional", "trayectoria profesional",
     "historial laboral",
     "experiência", "experiência profissional", "experiências profissionais", "histórico profissional",
     "percurso profissional",
     "esperienza", "esperienze", "esperienza lavorativa", "esperienze lavorative", "esperienza professionale",
     "esperienze professionali",
     "werkervaring", "ervaring", "professionele ervaring", "arbeidsverleden", "loopbaan", "werkgeschiedenis")
_add("education",
     "education", "academic background", "education and training", "academic qualifications",
     "qualifications", "studies", "academic history", "educational background", "academics",
     "education and certifications", "degrees", "schooling",
     "formation", "formations", "études", "formation académique", "parcours académique", "diplômes",
     "cursus",
     "ausbildung", "bildungsweg", "schulbildung", "studium", "akademischer werdegang", "bildung",
     "aus und weiterbildung", "hochschulbildung",
     "formación", "formación académica", "educación", "estudios", "titulación",
     "formação", "formação académica", "formação acadêmica", "educação", "escolaridade",
     "istruzione", "formazione", "istruzione e formazione", "titoli di studio", "percorso di studi",
     "opleiding", "opleidingen", "studie", "scholing", "onderwijs")
_add("skills",
     "skills", "technical skills", "core competencies", "competencies", "expertise", "skills and technologies",
     "technologies", "tech stack", "technical expertise", "key skills", "skill set", "skillset",
     "areas of expertise", "technical proficiencies", "proficiencies", "tools and technologies",
     "technical competencies", "competences", "core skills", "professional skills", "hard skills",
     "it skills", "computer skills", "software skills", "technology stack", "stack", "tools",
     "compétences", "compétences techniques", "savoir faire", "connaissances", "outils",
     "kenntnisse", "fähigkeiten", "it kenntnisse", "kompetenzen", "fachkenntnisse", "technische kenntnisse",
     "fertigkeiten", "edv kenntnisse", "fachliche kompetenzen",
     "habilidades", "competencias", "conocimientos", "habilidades técnicas", "aptitudes",
     "competências", "competências técnicas", "conhecimentos",
     "competenze", "competenze tecniche", "abilità", "conoscenze", "capacità e competenze",
     "vaardigheden", "competenties", "kennis", "technische vaardigheden")
_add("languages",
     "languages", "language skills", "language", "spoken languages",
     "langues", "compétences linguistiques", "sprachen", "sprachkenntnisse", "idiomas", "lenguas",
     "línguas", "idiomi", "lingue", "conoscenze linguistiche", "talen", "talenkennis")
_add("certifications",
     "certifications", "certificates", "licenses and certifications", "certification", "certificate",
     "licenses", "licences", "courses", "training", "trainings", "courses and certifications",
     "certificats", "certifications et formations", "zertifikate", "zertifizierungen", "weiterbildung",
     "weiterbildungen", "certificaciones", "cursos", "certificados", "certificações", "certificazioni",
     "corsi", "certificaten", "cursussen", "certificeringen")
_add("summary",
     "summary", "profile", "about me", "professional summary", "about", "objective", "career objective",
     "personal statement", "executive summary", "professional profile", "overview", "introduction",
     "profil", "résumé", "à propos", "a propos de moi", "objectif", "kurzprofil", "über mich", "profil und ziele",
     "perfil", "resumen", "sobre mí", "perfil profesional", "objetivo", "resumo", "sobre mim",
     "perfil profissional", "profilo", "chi sono", "sommario", "profilo professionale", "profiel",
     "over mij", "samenvatting", "persoonlijk profiel")
_add("projects",
     "projects", "selected projects", "side projects", "personal projects", "key projects",
     "open source", "open source projects", "projets", "projets personnels", "projekte", "proyectos",
     "projetos", "progetti", "projecten")
_add("volunteer",
     "volunteer", "volunteering", "volunteer experience", "volunteer work", "community involvement",
     "bénévolat", "ehrenamt", "ehrenamtliches engagement", "voluntariado", "volontariato",
     "vrijwilligerswerk")
_add("awards",
     "awards", "honors and awards", "honours and awards", "honors", "honours", "achievements",
     "accomplishments", "prix", "distinctions", "auszeichnungen", "premios", "prémios", "prêmios",
     "premi", "riconoscimenti", "prijzen", "onderscheidingen")
_add("interests",
     "interests", "hobbies", "hobbies and interests", "personal interests", "centres d'intérêt",
     "centres d'intérêts", "loisirs", "intérêts", "interessen", "hobbys", "freizeit", "intereses",
     "aficiones", "interesses", "passatempos", "interessi", "hobby", "hobby's", "interesses en hobby's")
_add("references",
     "references", "referees", "références", "referenzen", "referencias", "referências", "referenze",
     "referenties")
_add("publications",
     "publications", "papers", "talks", "publications and talks", "publikationen", "veröffentlichungen",
     "publicaciones", "publicações", "pubblicazioni", "publicaties")
_add("contact",
     "contact", "contact details", "contact information", "contact info", "personal details",
     "personal information", "personal data", "kontakt", "kontaktdaten", "persönliche daten",
     "coordonnées", "informations personnelles", "contacto", "datos personales", "contato",
     "dados pessoais", "contatti", "dati personali", "contactgegevens", "persoonlijke gegevens")

# keyword cues for headings not in the list above ("Relevant Work Experience"), in
# priority order ("Volunteer Experience" is volunteering, not experience)
_KEYWORDS: list[tuple[str, re.Pattern]] = [(k, re.compile(p)) for k, p in [
    ("volunteer", r"\b(?:volunteer\w*|benevolat|ehrenamt\w*|voluntariado|volontariato|vrijwillig\w*)\b"),
    ("certifications", r"\b(?:certif\w*|licen[cs]es?|zertifi\w*|courses)\b"),
    ("awards", r"\b(?:awards?|honou?rs|achievements|auszeichnungen|premios|premi|prijzen)\b"),
    ("languages", r"\b(?:languages|langues|sprachen|sprachkenntnisse|idiomas|idiomi|lingue|talen|linguas)\b"),
    ("publications", r"\b(?:publications?|publikationen|publicaciones|pubblicazioni|publicaties)\b"),
    ("experience", r"\b(?:experiences?|employment|work history|career|berufserfahrung|werdegang|"
                   r"experiencias?|esperienz[ae]|werkervaring|ervaring|berufliche\w*)\b"),
    ("projects", r"\b(?:projects?|projets?|projekte?|proyectos?|projetos?|progetti|projecten)\b"),
    ("education", r"\b(?:education|academic\w*|studies|ausbildung|studium|formation|formacion|formacao|"
                  r"istruzione|formazione|opleidingen|opleiding|educacion|educacao|etudes|estudios)\b"),
    ("skills", r"\b(?:skills?|competenc\w*|kenntnisse|fahigkeiten|kompetenzen|competences|habilidades|"
               r"competencias|competenze|vaardigheden|expertise|technologies|tech stack)\b"),
    ("summary", r"\b(?:summary|profile|about me|objective|profil|resumen|resumo|profilo|profiel|samenvatting)\b"),
    ("interests", r"\b(?:interests|hobbies|loisirs|interessen|intereses|interesses|interessi)\b"),
    ("references", r"\b(?:references|referenzen|references|referencias|referenze|referenties)\b"),
]]

# words that may sit around a heading keyword ("Relevant Work Experience", "Technical Skills &
# Tools", "Formation académique"); any other word makes the line content, not a heading
_MODIFIERS = set("""
work working professional relevant academic technical key core selected personal other additional and of my
career employment history background summary training qualifications experience experiences skills expertise
competencies competences tools technologies technology projects project education languages language
certifications certificates certification licenses licences honors honours awards achievements publications
interests hobbies references volunteer volunteering information details overview profile recent previous side
open source industry teaching research leadership international computer it soft hard programming software
and or the in for with courses course stack
professionnelle professionnel professionnelles professionnels berufliche beruflicher berufserfahrung laboral
laborales profesional profesionales profissional profissionais lavorativa lavorative professionale
professionali professionele academique academica academico academicos academicas accademica techniques
technique tecnicas tecnicos tecniche technische linguistiques personnels personnelles personales pessoais
personali persoonlijke principales principais principali wichtigste et und y e en de des du der die das la
le les el los las di del della van het voor mes meine mis meus miei mijn sprach
""".split())

_SMALL = {"and", "of", "the", "for", "&", "de", "des", "et", "und", "y", "e", "en", "van", "del", "di", "a",
          "la", "le", "du", "in", "my"}


def heading_kind(line: Line) -> str | None:
    """The section kind this line is a heading of, or None."""
    if len(line.text) > 60 or line.bullet:
        return None
    return _heading_kind(line.text, line.underlined)


@lru_cache(maxsize=4096)
def _heading_kind(text: str, underlined: bool) -> str | None:
    key = _norm_heading(text)
    if not key or len(key.split()) > 6:
        return None
    kind = _EXACT.get(key)
    if kind:
        return kind
    # looser: a short, heading-looking line that contains a heading keyword
    words = key.split()
    if len(words) > 4 or _DIGIT_RE.search(text) or _PUNCT_THEN_TEXT_RE.search(text) or "@" in text:
        return None
    stripped = text.rstrip(": ")
    letters = [w for w in _LETTER_WORDS_RE.findall(stripped) if w.lower() not in _SMALL]
    looks = (stripped.isupper() or text.rstrip().endswith(":") or underlined
             or (letters and all(w[0].isupper() for w in letters)))
    if not looks:
        return None
    for kind, rx in _KEYWORDS:
        m = rx.search(key)
        if m:
            # "Director of Information Technologies", "Volunteer Fire Company": a job title or an
            # organisation that happens to contain a heading word
            others = [w for w in words if w not in m.group(0).split()]
            if any(w not in _MODIFIERS for w in others):
                return None  # "Director of Information Technologies", "Education Technology Startup"
            return kind
    return None


def split_sections(lines: list[Line], is_heading=heading_kind) -> list[Section]:
    """Cut lines into sections; lines before the first heading go into kind "top"."""
    sections = [Section("top", None)]
    for line in lines:
        kind = is_heading(line)
        if kind:
            sections.append(Section(kind, line.text))
        else:
            sections[-1].lines.append(line)
    return sections
