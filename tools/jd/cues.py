"""Section headings and sentence cues of job ads, in seven languages.

All patterns match folded text (lower case, accents removed; ``lexicon.fold``).

Section kinds:
``required`` (Requirements, Must have, Dein Profil, Profil recherché, Requisitos …),
``nice`` (Nice to have, Bonus points, Wünschenswert, Un plus, Se valorará, Pluspunten …),
``duties`` (Responsibilities, What you'll do, Deine Aufgaben, Vos missions …),
``stack`` (Tech stack, Technologies), ``context`` (About the team, Overview; text before
the first heading), and ``ignored`` (About us, Benefits, How to apply …).
"""

from __future__ import annotations

import re


def _alt(*phrases: str) -> str:
    return "|".join(phrases)


# a heading containing one of these is a nice-to-have section wherever the cue sits
_NICE_HEADING = re.compile(r"\b(?:" + _alt(
    r"nice[- ]to[- ]haves?", r"bonus(?: points?)?", r"extra (?:points|credit)", r"preferred", r"preferably",
    r"desirable", r"desired", r"would be (?:great|nice)", r"plus(?:es)?", r"(?:big|a) plus", r"good to have",
    r"wunschenswert", r"von vorteil", r"pluspunkte?", r"idealerweise", r"optional",
    r"un plus", r"les plus", r"atouts?", r"apprecie[es]*", r"souhaite[es]*",
    r"deseables?", r"valorables?", r"se valorara", r"suma puntos", r"puntos extra",
    r"pre(?!-)", r"pluspunten", r"gewenst", r"mooi meegenomen", r"bonuspunten",
    r"diferenciais", r"diferencial", r"desejave(?:l|is)",
    r"gradit[oiae]", r"preferenziale", r"preferibile") + r")\b")

_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(r"^(?:" + pattern + r")\b")) for kind, pattern in (
    ("ignored", _alt(
        r"about us", r"who we are", r"about (?!the role|the job|the position|the team|you\b|this)\w+", r"our (?:company|mission|story|values|culture)",
        r"company (?:description|overview)", r"(?:the )?benefits", r"perks", r"what we offer", r"we offer",
        r"what'?s in it for you", r"why (?:join|work|you'?ll love)", r"why us", r"our offer", r"compensation",
        r"salary", r"how to apply", r"(?:the )?(?:hiring|interview|application|recruitment) process",
        r"equal (?:opportunit|employment)", r"diversity", r"location", r"contact",
        r"uber uns", r"wer wir sind", r"das sind wir", r"wir bieten", r"was wir (?:dir |ihnen )?bieten",
        r"das bieten wir", r"unser angebot", r"bewerbung", r"kontakt",
        r"qui sommes[- ]nous", r"a propos de nous", r"l'entreprise", r"nous offrons", r"ce que nous (?:vous )?offrons",
        r"avantages", r"pourquoi nous rejoindre", r"candidature", r"postuler",
        r"sobre nosotros", r"quienes somos", r"la empresa", r"ofrecemos", r"que ofrecemos", r"beneficios",
        r"como aplicar", r"proceso de seleccion",
        r"over ons", r"wie (?:zijn )?wij(?: zijn)?", r"wat (?:wij bieden|bieden wij)", r"ons aanbod",
        r"arbeidsvoorwaarden", r"sollicit\w*",
        r"sobre nos", r"quem somos", r"a empresa", r"beneficios", r"o que oferecemos", r"oferecemos",
        r"processo seletivo",
        r"chi siamo", r"l'azienda", r"offriamo", r"cosa offriamo", r"come candidarsi")),
    ("stack", _alt(r"(?:our |the )?tech(?:nology)? stack", r"our stack", r"technologies", r"tools we use",
                   r"technologien", r"stack technique", r"stack tecnologico", r"tecnologias")),
    ("duties", _alt(
        r"(?:key |main |your |the )?responsibilit(?:y|ies)", r"what you(?:'ll| will) (?:do|be doing|work on)",
        r"(?:your|the) role", r"about the (?:role|job|position)", r"role overview", r"job summary",
        r"in this role", r"(?:your )?(?:tasks|duties|mission)", r"day to day", r"(?:your )?day[- ]to[- ]day",
        r"(?:deine|ihre) (?:aufgaben|rolle)", r"aufgaben", r"das erwartet dich", r"was (?:dich|sie) erwartet",
        r"(?:vos |tes )?missions", r"responsabilites", r"le poste", r"description du poste",
        r"ce que (?:vous ferez|tu feras)", r"(?:tus )?funciones", r"responsabilidades", r"que haras",
        r"tu dia a dia", r"wat (?:ga je|je gaat) doen", r"(?:jouw )?taken", r"functieomschrijving",
        r"de functie", r"verantwoordelijkheden", r"atividades", r"atribuicoes", r"o que (?:voce )?(?:vai|ira) fazer",
        r"responsabilita", r"mansioni", r"cosa farai", r"attivita", r"il ruolo")),
    ("required", _alt(
        r"(?:minimum |basic |key |required |essential )?(?:requirements?|qualifications?|skills|criteria|experience)",
        r"must[- ]haves?", r"what you(?:'ll| will)? (?:bring|need)", r"what we(?:'re| are)? (?:looking for|need|expect)",
        r"who you are", r"about you", r"(?:your |the )?(?:ideal )?(?:profile|candidate)", r"you have",
        r"you bring", r"(?:your )?(?:skills|experience)", r"essential", r"we(?:'re| are) looking for",
        r"anforderungen", r"(?:dein|ihr) profil", r"profil", r"was (?:du|sie) mitbring(?:st|en)",
        r"das bring(?:st du|en sie) mit", r"qualifikationen", r"voraussetzungen", r"was wir erwarten",
        r"profil recherche", r"(?:votre |ton )?profil", r"competences(?: requises)?", r"prerequis",
        r"exigences", r"ce que nous recherchons",
        r"requisitos(?: minimos| obligatorios)?", r"perfil(?: deseado| desejado)?", r"(?:lo )?que buscamos",
        r"requerimientos", r"buscamos", r"imprescindible",
        r"functie-?eisen", r"wat (?:wij vragen|vragen wij)", r"wie ben jij", r"(?:jouw )?profiel", r"vereisten",
        r"wat (?:breng|neem) je mee", r"eisen",
        r"o que (?:procuramos|esperamos)", r"qualificacoes", r"pre-requisitos",
        r"requisiti(?: richiesti)?", r"(?:il tuo )?profilo", r"cosa cerchiamo", r"competenze(?: richieste)?")),
    ("context", _alt(r"about the team", r"the team", r"(?:job )?description", r"overview", r"summary",
                     r"introduction", r"the opportunity")),
))


def heading_kind(folded: str) -> str | None:
    """The section kind a heading (folded, without decoration) announces, or None."""
    if _NICE_HEADING.search(folded):
        return "nice"
    for kind, pattern in _HEADINGS:
        m = pattern.match(folded)
        if m and len(folded[m.end():].split()) <= 3:
            return kind
    return None


# sentence cues ---------------------------------------------------------------------------

NICE_CUE = re.compile(r"(?:" + _alt(
    r"\bnice[- ]to[- ]have", r"\bbonus", r"\b(?:a|an|big|huge|definite|added|real|great|strong) plus\b",
    r"\bis (?:a )?plus\b", r"\bplus\s*(?:points?\b|:)", r"^plus\b", r"\bplus\s*[.!)]?\s*$", r"\bideally\b",
    r"\bpreferred\b", r"\bpreferably\b", r"\bpreference\b", r"\bdesirable\b", r"\bdesired\b",
    r"\badvantage(?:ous)?\b", r"\bbeneficial\b", r"\bwould be (?:great|nice|helpful|a plus)",
    r"\b(?:is|are) (?:a )?welcome\b", r"\bwelcome\b", r"\bnot (?:a )?(?:hard )?(?:required|requirement|must)",
    r"\boptional(?:ly)?\b", r"\bgood to have\b", r"\bextra (?:points|credit)\b", r"\beven better\b",
    r"\bwunschenswert", r"\bvon vorteil\b", r"\bidealerweise\b", r"\bein plus\b", r"\bpluspunkt",
    r"\bgerne? auch\b", r"\bun (?:plus|atout)\b", r"\batout\b", r"\bidealement\b", r"\bsouhaite[es]*\b",
    r"\bapprecie[es]*\b", r"\bserait un plus\b", r"\bvalorable\b", r"\bse valorara", r"\bdeseable\b",
    r"\bidealmente\b", r"\bpreferiblemente\b", r"\bpreferentemente\b", r"\bsera un plus\b", r"\bsuma puntos\b",
    r"\bpre\b(?!-)", r"\bpluspunt", r"\bbij voorkeur\b", r"\bgewenst\b", r"\bmooi meegenomen\b", r"\bidealiter\b",
    r"\bdiferencial\b", r"\bdesejave(?:l|is)\b", r"\bpreferencialmente\b", r"\bpreferibil", r"\bgradit[oiae]\b",
    r"\btitolo preferenziale\b") + r")")

REQUIRED_CUE = re.compile(r"(?:" + _alt(
    r"\bmust\b", r"\brequired\b", r"\brequirements?\b", r"\bmandatory\b", r"\bessential\b", r"\byou have\b",
    r"\byou(?:'ll| will)? bring\b", r"\byou(?:'re| are) (?:comfortable|fluent|experienced|proficient|skilled)",
    r"\bstrong (?:experience|knowledge|skills|background)", r"\bproficien", r"\bsolid\b", r"\bexpert",
    r"\bat least\b", r"\bminimum\b", r"\b(?:we are|we're) (?:looking for|seeking)\b", r"\bseeking\b",
    r"\bwe need\b", r"\byou(?:'ll| will)? need\b", r"\bshould have\b", r"\bhands-on\b",
    r"\byou(?:'ll| will)\b", r"\bin this role\b", r"\bthe successful candidate\b",
    r"\berforderlich\b", r"\bzwingend\b", r"\bvorausgesetzt\b", r"\bsetzen voraus\b", r"\bmindestens\b",
    r"\bfundierte\b", r"\bsehr gute\b", r"\bmust\b", r"\bdu bringst\b", r"\bobligatoire\b", r"\brequis[e]?\b",
    r"\bexige[es]*\b", r"\bindispensable\b", r"\bmaitrise\b", r"\bimperati[fv]", r"\bimprescindible\b",
    r"\bobligatori[oa]\b", r"\brequerid[oa]\b", r"\bnecesari[oa]\b", r"\bdominio\b", r"\bvereist\b",
    r"\bnoodzakelijk\b", r"\bbeschikt over\b", r"\bobrigatori[oa]\b", r"\bnecessari[oa]\b", r"\bessencial\b",
    r"\bindispensabile\b", r"\brichiest[oa]\b", r"\brequisito\b") + r")")

# sentences about the company or the offer, outside any heading
IGNORED_SENTENCE = re.compile(r"^(?:we offer|we provide|benefits|perks|founded|our (?:company|mission|customers)|"
                              r"wir bieten|nous offrons|ofrecemos|wij bieden|oferecemos|offriamo)\b")

# a cue that applies forward from where it stands: "…, ideally Snowflake"
FORWARD_CUE = re.compile(r"[,(]\s*(?=(?:ideally|preferably|idealerweise|idealement|idealmente|idealiter|"
                         r"bij voorkeur|preferiblemente|preferencialmente|preferibilmente|bonus)\b)")
CLAUSE_BREAK = re.compile(r";|,\s+(?=(?:and|but|while|whereas|und|aber|et|mais|y|pero|en|maar|e|mas|ma)\s)")
