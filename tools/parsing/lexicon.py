"""Small word lists shared by the structurer: job-title words, company and school
cues, places, natural languages. Multilingual (en, fr, de, es, pt, it, nl)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


class _Decombine(dict):
    """``str.translate`` table that deletes combining marks and keeps every other character;
    filled in as characters are met, so a translation runs in C."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


DECOMBINE = _Decombine()


def fold(s: str) -> str:
    """Lower-case, accents removed (for comparing words, never for output)."""
    if s.isascii():
        return s.lower()
    return unicodedata.normalize("NFKD", s.lower()).translate(DECOMBINE)


# words that make a phrase look like a job title
TITLE_WORDS = set("""
engineer engineers engineering developer developers dev devs manager director lead leader head chief officer
cto ceo cfo coo cio cpo cmo cso ciso vp svp evp president vice founder cofounder co-founder owner partner
consultant consultants analyst architect designer administrator admin specialist scientist researcher
intern internship trainee apprentice student assistant associate coordinator technician programmer
tester qa sre devops teacher professor lecturer instructor tutor coach mentor advisor adviser editor
writer author accountant auditor nurse doctor physician attorney lawyer paralegal clerk representative
agent executive supervisor operator mechanic electrician contractor freelancer volunteer
ambassador evangelist advocate principal staff senior junior sr jr werkstudent praktikant
entwickler entwicklerin ingenieur ingenieurin berater beraterin leiter leiterin geschaftsfuhrer
geschaftsfuhrerin mitarbeiter mitarbeiterin softwareentwickler softwareentwicklerin projektleiter
teamleiter abteilungsleiter referent sachbearbeiter werkstudentin praktikantin auszubildender
developpeur developpeuse ingenieure chef cheffe responsable directeur directrice stagiaire
alternant alternante formateur formatrice fondateur fondatrice cofondateur charge chargee
technicien technicienne gerant gerante
desarrollador desarrolladora ingeniero ingeniera jefe jefa gerente becario becaria practicante
programador programadora analista arquitecto arquitecta disenador disenadora consultor consultora
tecnico tecnica fundador fundadora lider
desenvolvedor desenvolvedora engenheiro engenheira estagiario estagiaria coordenador coordenadora
arquiteto arquiteta projetista
sviluppatore sviluppatrice ingegnere responsabile tirocinante stagista programmatore programmatrice
progettista fondatore fondatrice sistemista
ontwikkelaar ontwerper beheerder stagiair medewerker adviseur eigenaar oprichter programmeur
teamleider projectleider
host receptionist cashier waiter waitress barista cook chef driver sales marketing recruiter
hr buyer planner strategist producer photographer translator interpreter therapist pharmacist
surgeon dentist veterinarian pilot cleaner guard
""".split())

# phrases (folded) that are titles on their own
TITLE_PHRASES = ("software", "full stack", "full-stack", "fullstack", "front end", "front-end", "frontend",
                 "back end", "back-end", "backend", "web developer", "product owner", "scrum master",
                 "team lead", "tech lead", "data", "machine learning")

COMPANY_WORDS = set("""
inc inc. llc l.l.c. ltd ltd. limited gmbh ag sa s.a. sas sarl sàrl srl s.r.l. spa s.p.a. bv b.v. nv n.v.
plc corp corp. corporation company co co. group groupe gruppe holding holdings labs lab technologies
solutions consulting agency studio studios bank university
universität universite universidad universidade universita universiteit college school institute
hospital ministry gmbh&co kg ug oy ab as a/s aps pty pvt
""".split())

INSTITUTION_RE = re.compile(
    r"\b(?:univ\w*|college|colegio|coll[eè]ge|school|schule|hochschule|fachhochschule|gymnasium|[ée]cole|"
    r"lyc[ée]e|facult\w*|polytechni\w*|technische|hogeschool|scuola|escuela|escola|"
    r"institut\w*|instituto|istituto|academy|academie|akademie|academia|accademia|polytechnic|"
    r"politecnico|politechnika|polytechnique|ecole|escola|escuela|scuola|lycee|liceo|conservato\w*|"
    r"bootcamp|campus|faculty|faculte|facultad|faculdade|facolta|faculteit|hogeschool|"
    r"universiteit|ensi\w*|seminar\w*|centro|center|centre|coursera|udemy|udacity|edx|"
    r"openclassrooms|le wagon|ironhack)\b"
    r"|\b(?-i:MIT|TU|ETH|FH|HS|EPFL|UCLA|NYU|KTH|INSA|IUT|UC|CUNY|SUNY|HEC|ESSEC|IE|UNAM|USP|UFRJ)\b",
    re.IGNORECASE,
)

DEGREE_RE = re.compile(
    r"\b(?:bachelor\w*|master\w*|licen[cs]\w*|licenciatura|laurea|diplom\w*|diploma|degree|"
    r"ph\.?\s?d\.?|doctor\w*|doctorat|doktor\w*|dottorato|doutorado|doctorado|mba|msc|m\.sc\.?|bsc|"
    r"b\.sc\.?|b\.?s\.?|m\.?s\.?|b\.?a\.?|m\.?a\.?|b\.?eng\.?|m\.?eng\.?|beng|meng|bba|"
    r"associate'?s?|a\.a\.s?|hnd|btec|bts|dut|deug|dea|dess|baccalaur\w*|bac|abitur|matura|"
    r"maturita|maturità|vwo|havo|mbo|hbo|wo|bachiller\w*|grado|graduado|graduacao|graduacão|"
    r"graduation|graduate|undergraduate|postgraduate|post-graduate|postgrado|pos-graduacao|"
    r"mestrado|maestria|máster|ingeniero|engenharia|ingenieur\w*|ingénieur|ingegneria|"
    r"certificate|certification|certificat|zertifikat|course|cours|curso|corso|cursus|"
    r"high school|secondary|gcse|a-levels?|a levels?|studies|studium|studied|major|minor|"
    r"computer science|engineering|informati\w*|economics|mathematics|physics|biology|"
    r"chemistry|philosophy|business|management|law|medicine|arts|science|program|programme|"
    r"exchange|erasmus|summer school|semester|b\.?f\.?a|m\.?f\.?a|b\.?ed|m\.?ed|ll\.?b|ll\.?m|bacharel\w*|"
    r"bachiller\w*|tecn[oó]log\w*)\b",
    re.IGNORECASE,
)

US_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA", "colorado": "CO",
    "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID",
    "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "district of columbia": "DC",
}
CA_PROVINCES = {"ontario": "ON", "quebec": "QC", "british columbia": "BC", "alberta": "AB", "manitoba": "MB",
                "saskatchewan": "SK", "nova scotia": "NS", "new brunswick": "NB", "newfoundland": "NL",
                "prince edward island": "PE"}
# a few large cities (folded) -> region code, for region inference and location cues
CITIES = {
    "new york": "US", "nyc": "US", "san francisco": "US", "los angeles": "US", "chicago": "US",
    "seattle": "US", "boston": "US", "austin": "US", "denver": "US", "atlanta": "US", "miami": "US",
    "toronto": "CA", "montreal": "CA", "vancouver": "CA", "ottawa": "CA", "calgary": "CA",
    "london": "GB", "manchester": "GB", "edinburgh": "GB", "dublin": "IE", "paris": "FR", "lyon": "FR",
    "lille": "FR", "marseille": "FR", "toulouse": "FR", "nantes": "FR", "bordeaux": "FR", "nice": "FR",
    "berlin": "DE", "munich": "DE", "munchen": "DE", "hamburg": "DE", "frankfurt": "DE", "koln": "DE",
    "cologne": "DE", "stuttgart": "DE", "dusseldorf": "DE", "vienna": "AT", "wien": "AT",
    "zurich": "CH", "geneva": "CH", "geneve": "CH", "basel": "CH", "bern": "CH", "lausanne": "CH",
    "madrid": "ES", "barcelona": "ES", "valencia": "ES", "sevilla": "ES", "seville": "ES", "bilbao": "ES",
    "lisbon": "PT", "lisboa": "PT", "porto": "PT", "rome": "IT", "roma": "IT", "milan": "IT", "milano": "IT",
    "turin": "IT", "torino": "IT", "naples": "IT", "napoli": "IT", "florence": "IT", "firenze": "IT",
    "amsterdam": "NL", "rotterdam": "NL", "utrecht": "NL", "eindhoven": "NL", "den haag": "NL",
    "the hague": "NL", "brussels": "BE", "bruxelles": "BE", "brussel": "BE", "antwerp": "BE",
    "antwerpen": "BE", "ghent": "BE", "gent": "BE", "luxembourg": "LU", "copenhagen": "DK",
    "stockholm": "SE", "oslo": "NO", "helsinki": "FI", "warsaw": "PL", "warszawa": "PL", "krakow": "PL",
    "wroclaw": "PL", "prague": "CZ", "praha": "CZ", "budapest": "HU", "bucharest": "RO", "athens": "GR",
    "istanbul": "TR", "riga": "LV", "vilnius": "LT", "tallinn": "EE", "kyiv": "UA", "kiev": "UA",
    "sao paulo": "BR", "rio de janeiro": "BR", "buenos aires": "AR", "mexico city": "MX",
    "bogota": "CO", "santiago": "CL", "lima": "PE", "sydney": "AU", "melbourne": "AU",
    "auckland": "NZ", "singapore": "SG", "tokyo": "JP", "bangalore": "IN", "bengaluru": "IN",
    "mumbai": "IN", "delhi": "IN", "hyderabad": "IN", "pune": "IN", "dubai": "AE", "cairo": "EG",
    "lagos": "NG", "nairobi": "KE", "casablanca": "MA", "tel aviv": "IL",
}
REMOTE_WORDS = {"remote", "hybrid", "on-site", "onsite", "worldwide", "anywhere", "teletravail",
                "télétravail", "remoto", "remota", "homeoffice", "home office", "thuiswerken", "distanciel"}

LANGUAGE_NAMES = set("""
english french german spanish portuguese italian dutch flemish russian chinese mandarin cantonese
japanese korean arabic hindi urdu bengali punjabi tamil telugu marathi gujarati turkish polish ukrainian
czech slovak hungarian romanian bulgarian greek swedish norwegian danish finnish icelandic estonian
latvian lithuanian serbian croatian bosnian slovenian macedonian albanian hebrew persian farsi
vietnamese thai indonesian malay tagalog filipino swahili amharic catalan basque galician welsh irish
afrikaans zulu latin esperanto luxembourgish maltese armenian georgian azerbaijani kazakh uzbek
igbo yoruba hausa somali pashto dari nepali sinhala sinhalese khmer lao burmese mongolian tigrinya
kurdish berber tamazight xhosa sotho tswana shona wolof lingala kinyarwanda malagasy haitian creole
quechua guarani maori samoan tongan fijian hawaiian yiddish tatar bashkir belarusian moldovan
kyrgyz tajik turkmen uyghur tibetan javanese sundanese cebuano ilocano hmong norwegian bokmal nynorsk
sign asl bsl lsf dgs
anglais francais allemand espagnol portugais italien neerlandais russe chinois japonais arabe
englisch franzosisch deutsch spanisch portugiesisch italienisch niederlandisch russisch chinesisch
japanisch arabisch turkisch polnisch
ingles frances aleman espanol portugues italiano holandes ruso chino japones arabe catalan
ingles frances alemao espanhol portugues italiano holandes russo chines japones
inglese francese tedesco spagnolo portoghese italiano olandese russo cinese giapponese
engels frans duits spaans portugees italiaans nederlands russisch chinees japans arabisch
""".split())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name (en, fr, de, es, pt, it, nl) -> ISO region code."""
    from tools.parsing.countries import COUNTRIES

    names = dict(COUNTRIES)
    names.update({"usa": "US", "u.s.a.": "US", "u.s.": "US", "united states of america": "US", "uk": "GB",
                  "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB", "holland": "NL",
                  "the netherlands": "NL", "emirates": "AE", "uae": "AE", "russia": "RU", "korea": "KR",
                  "south korea": "KR", "czech republic": "CZ", "europe": ""})
    return names


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    import phonenumbers
    return frozenset(phonenumbers.SUPPORTED_REGIONS)


_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
_SLASH_HYPHEN_RE = re.compile(r"[/-]")
_DOMAIN_RE = re.compile(r"\.(?:com|io|ai|net|org|dev|co|pl|nl|de|fr)\b", re.IGNORECASE)
_NOT_A_PLACE_RE = re.compile(r"\d{3,}|@|https?:|www\.")
_PLACE_PARTS_RE = re.compile(r"[,/|·•]|\s[-–]\s|\(|\)")
_CODE_RE = re.compile(r"[A-Z]{2}")
_DIGIT_RE = re.compile(r"\d")


def words(text: str) -> list[str]:
    return [w.strip(".-'’") for w in _WORD_RE.findall(fold(text))]


@lru_cache(maxsize=8192)
def title_score(text: str) -> float:
    """How much ``text`` looks like a job title (positive) or an organisation (negative)."""
    ws = words(text)
    if not ws:
        return 0.0
    score = 0.0
    for w in ws:
        parts = _SLASH_HYPHEN_RE.split(w) if ("/" in w or "-" in w) and w not in TITLE_WORDS else [w]
        if any(p in TITLE_WORDS for p in parts):
            score += 1.0
        if w in COMPANY_WORDS:
            score -= 1.5
    if ws[0] in TITLE_WORDS:
        score += 1.0  # "Director of Information Technologies": a title leads with its rank
    f = " ".join(ws)
    if score <= 0 and any(p in f for p in TITLE_PHRASES):
        score += 0.5
    if _DOMAIN_RE.search(text):
        score -= 1.5
    if "(via " in text.lower() or "@" in text:
        score -= 1.0
    return score


@lru_cache(maxsize=8192)
def place_region(text: str) -> str | None:
    """Region code for a place name (country, US state, Canadian province, big city), or None."""
    f = fold(text).strip(" .,")
    if not f:
        return None
    names = country_names()
    if f in names:
        return names[f] or None
    if f in US_STATES:
        return "US"
    if f in CA_PROVINCES:
        return "CA"
    if f in CITIES:
        return CITIES[f]
    return None


def is_place(text: str) -> bool:
    f = fold(text).strip(" .,")
    if not f:
        return False
    if f in country_names() or f in US_STATES or f in CA_PROVINCES or f in CITIES:
        return True
    if any(w in f for w in REMOTE_WORDS):
        return True
    return False


@lru_cache(maxsize=1)
def _all_codes() -> frozenset[str]:
    return region_codes() | frozenset(US_STATES.values()) | frozenset(CA_PROVINCES.values())


@lru_cache(maxsize=8192)
def looks_like_location(text: str) -> bool:
    """'Lille, France', 'Remote', 'New York, NY, US', 'Kuwait/Remote', 'Berlin (Remote)'.
    At least one part is a known place (country, state, big city, "Remote", a region code
    after a comma) and at most one other part, shaped like a city name."""
    s = text.strip().strip("()")
    if not s or len(s) > 60 or _NOT_A_PLACE_RE.search(s):
        return False
    parts = [p.strip() for p in _PLACE_PARTS_RE.split(s) if p.strip()]
    if not parts or len(parts) > 4:
        return False
    codes = _all_codes()
    known = unknown = 0
    for i, p in enumerate(parts):
        if is_place(p) or (i > 0 and _CODE_RE.fullmatch(p) and p in codes):
            known += 1
            continue
        ws = words(p)
        if (1 <= len(ws) <= 3 and p[:1].isupper() and not any(w in TITLE_WORDS or w in COMPANY_WORDS for w in ws)
                and not _DIGIT_RE.search(p)):
            unknown += 1
        else:
            return False
    return known >= 1 and unknown <= 1


def is_pure_location(text: str) -> bool:
    """Every part is a known place: 'Remote', 'Lille, France', 'Berlin (Remote)', 'NY, US'."""
    s = text.strip().strip("()")
    parts = [p.strip() for p in _PLACE_PARTS_RE.split(s) if p.strip()]
    codes = _all_codes()
    return bool(parts) and all(is_place(p) or (i > 0 and p in codes) for i, p in enumerate(parts))


@lru_cache(maxsize=8192)
def is_language_name(text: str) -> bool:
    ws = words(text)
    return bool(ws) and ws[0] in LANGUAGE_NAMES


def tidy(s: str) -> str:
    """Strip separators and unbalanced brackets from the ends of a header part."""
    s = s.strip(" \t|·•,;:–—-/")
    opened, closed = s.count("("), s.count(")")
    while s.endswith(")") and opened < closed:
        s = s[:-1].rstrip()
        closed -= 1
    while s.startswith("(") and opened > closed:
        s = s[1:].lstrip()
        opened -= 1
    if s.endswith("(") or s.endswith("["):
        s = s[:-1].rstrip()
    return s.strip(" \t|·•,;:–—-/")
