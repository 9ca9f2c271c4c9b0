"""Skills taxonomy (tools/parsing/data/skills.json) and matcher (tools/parsing/skills.py)."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

import pytest

from tools.parsing.skills import (
    _norm_key,
    all_skills,
    canonical_skill,
    categories,
    find_skill_spans,
    find_skills,
    skill_aliases,
    skill_category,
    split_skill_list,
)


@pytest.fixture(scope="module")
def data() -> dict:
    raw = resources.files("tools.parsing").joinpath("data/skills.json").read_text("utf-8")
    return json.loads(raw)


# ----------------------------------------------------------------------------- canonical names

@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("k8s", "Kubernetes"),
        ("K8S", "Kubernetes"),
        ("Postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("JS", "JavaScript"),
        ("javascript", "JavaScript"),
        ("ReactJS", "React"),
        ("React.js", "React"),
        ("react", "React"),
        ("golang", "Go"),
        ("Go", "Go"),
        ("nodejs", "Node.js"),
        ("Node JS", "Node.js"),
        ("vue", "Vue.js"),
        ("c++", "C++"),
        ("c#", "C#"),
        ("C Sharp", "C#"),
        (".net", ".NET"),
        ("dotnet", ".NET"),
        ("asp.net core", "ASP.NET Core"),
        ("sklearn", "scikit-learn"),
        ("scikit learn", "scikit-learn"),
        ("CI / CD", "CI/CD"),
        ("ci-cd", "CI/CD"),
        ("tcp/ip", "TCP/IP"),
        ("UI / UX", "UI/UX"),
        ("ObjC", "Objective-C"),
        ("AWS", "Amazon Web Services"),
        ("GCP", "Google Cloud Platform"),
        ("MS Excel", "Microsoft Excel"),
        ("R&D", "Scientific Research"),
        ("R and D", "Scientific Research"),
        ("ML", "Machine Learning"),
        ("MSSQL", "Microsoft SQL Server"),
        ("Github actions", "GitHub Actions"),
        ("PMP", "Project Management Professional"),
        ("Problem-solving", "Problem Solving"),
        ("problem solving", "Problem Solving"),
        ("SEO", "Search Engine Optimization"),
        ("FP&A", "Financial Planning and Analysis"),
        ("HACCP", "Food Safety"),
        ("Epic EMR", "Epic Systems"),
    ],
)
def test_aliases_canonicalise(alias, canonical):
    assert canonical_skill(alias) == canonical


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Python 3", "Python"),
        ("PHP 7+", "PHP"),
        ("Java 8", "Java"),
        ("Java (Excellent)", "Java"),
        ("C++ (Good)", "C++"),
        ("Python (Programming Language)", "Python"),
        ("  Docker.  ", "Docker"),
        ("Kubernetes (K8s)", "Kubernetes"),
    ],
)
def test_canonical_tolerates_versions_and_levels(raw, canonical):
    assert canonical_skill(raw) == canonical


@pytest.mark.parametrize("name", ["", "   ", "good", "going", "asdfqwer", "the", "English",
                                  "French", "Spanish", "German", "Mandarin"])
def test_unknown_names_are_none(name):
    # human languages are not skills here (the CV parser keeps them under languages)
    assert canonical_skill(name) is None
    assert skill_category(name) is None


def test_canonical_skill_rejects_non_strings():
    assert canonical_skill(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("Python", "Programming Languages"),
        ("golang", "Programming Languages"),
        ("Postgres", "Databases"),
        ("React", "Frontend Frameworks & Libraries"),
        ("Django", "Backend Frameworks & Runtimes"),
        ("AWS", "Cloud"),
        ("k8s", "DevOps"),
        ("PyTorch", "Data & ML"),
        ("Figma", "Design"),
        ("Scrum", "Project & Product Management"),
        ("SEO", "Marketing"),
        ("Salesforce", "ERP & CRM"),
        ("Bookkeeping", "Finance & Accounting"),
        ("Recruiting", "Human Resources"),
        ("Phlebotomy", "Healthcare"),
        ("Litigation", "Legal"),
        ("Forklift", "Operations & Supply Chain"),
        ("Communication", "Soft Skills"),
        ("CISSP", "Certifications"),
    ],
)
def test_skill_category(name, category):
    assert skill_category(name) == category


def test_skill_aliases_and_listing():
    assert "K8s" in skill_aliases("Kubernetes")
    assert skill_aliases("not a skill at all") == []
    skills = all_skills()
    assert skills["Python"] == "Programming Languages"
    assert set(skills.values()) <= set(categories())


# ----------------------------------------------------------------------------- free text

def test_go_word_boundaries():
    assert find_skills("A good team, going forward, with good goals") == []
    assert find_skills("We go to market next week") == []
    assert find_skills("Go-to-market strategy for the EMEA region") == ["Product Launch"]
    assert "Go" not in find_skills("Go live with the new system in March.")
    assert find_skills("Built services in Go and Python") == ["Go", "Python"]
    assert find_skills("Languages: Golang, Rust") == ["Go", "Rust"]
    assert find_skills("GO (Familiar), Ruby (Familiar)") == ["Go", "Ruby"]


def test_single_letter_languages_need_list_context():
    assert find_skills("Rigorous research on random forests") == ["Random Forest"]
    assert find_skills("John R. Smith, Grade C student, C-level executives, Plan B or C") == []
    assert find_skills("Vitamin C and D") == []
    assert find_skills("Worked in R, SQL and Python") == ["R", "SQL", "Python"]
    assert find_skills("I use R and Python daily") == ["R", "Python"]
    assert find_skills("R/Python, (R)") == ["R", "Python"]
    assert find_skills("Most code was written in C.") == ["C"]
    assert find_skills("Microsoft(R) Excel") == ["Microsoft Excel"]
    assert find_skills("Quarryville, PA as an intern") == []


def test_java_is_not_javascript_and_c_is_not_cpp():
    assert find_skills("JavaScript and TypeScript") == ["JavaScript", "TypeScript"]
    assert find_skills("Java and JavaScript") == ["Java", "JavaScript"]
    assert find_skills("C++ and C#") == ["C++", "C#"]
    assert find_skills("C/C++ on embedded targets") == ["C", "C++"]
    assert "C" not in find_skills("Modern C++17 and C# 12")
    assert find_skills("F# and VB.NET") == ["F#", "VB.NET"]


def test_common_words_are_case_sensitive():
    assert find_skills("we react quickly to express our spring of rust") == []
    assert find_skills("React, Express, Spring, Rust") == ["React", "Express.js", "Spring", "Rust"]
    assert find_skills("Spring 2020 internship; spring semester") == []
    assert find_skills("Java, Spring Boot, Hibernate") == ["Java", "Spring Boot", "Hibernate"]
    assert find_skills("make sure to excel; Make and Excel") == ["Make", "Microsoft Excel"]
    assert find_skills("Swift, Kotlin") == ["Swift", "Kotlin"]
    assert find_skills("a swift response") == []


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Built on .NET and C#", ".NET"),
        ("ASP.NET MVC and ASP.NET Core", "ASP.NET Core"),
        ("APIs in Node.js", "Node.js"),
        ("UI in Vue.js", "Vue.js"),
        ("Set up CI/CD pipelines", "CI/CD"),
        ("TCP/IP networking", "TCP/IP"),
        ("UI/UX design", "UI/UX"),
        ("Objective-C and Swift", "Objective-C"),
        ("models in scikit-learn", "scikit-learn"),
        ("charts with D3.js", "D3.js"),
        ("Socket.IO server", "WebSockets"),
        ("C# developer", "C#"),
        ("PL/SQL packages", "PL/SQL"),
        ("ran A/B testing", "A/B Testing"),
        ("P&L ownership", "P&L Management"),
    ],
)
def test_punctuation_skills(text, skill):
    assert skill in find_skills(text)


def test_skills_in_experience_sentences():
    text = (
        "Senior Engineer, Acme | 2019 - Present\n"
        "• Built a REST API in Python with Django and Postgres, deployed on AWS using "
        "Terraform and k8s; cut p95 latency by 40%.\n"
        "• Led a team of 5 and mentored juniors; introduced TDD and code reviews."
    )
    found = find_skills(text)
    for skill in ("REST APIs", "Python", "Django", "PostgreSQL", "Amazon Web Services",
                  "Terraform", "Kubernetes", "Test-Driven Development", "Code Review"):
        assert skill in found
    assert found.index("Python") < found.index("Django") < found.index("Kubernetes")
    assert len(found) == len(set(found))


def test_non_tech_skills_in_text():
    text = ("Registered Nurse with ICU and phlebotomy experience; Epic EHR charting. "
            "Handled accounts payable, bank reconciliations and payroll in QuickBooks and Xero.")
    found = find_skills(text)
    for skill in ("Registered Nurse", "Critical Care", "Phlebotomy", "Epic Systems",
                  "Accounts Payable", "Account Reconciliation", "Payroll", "QuickBooks", "Xero"):
        assert skill in found


def test_urls_and_emails_are_skipped():
    text = "jane@python.org | github.com/jane/react-app | https://www.docker.com | recruiting.com"
    assert find_skills(text) == []


def test_spans_point_at_the_text():
    text = "Experienced with k8s, Postgres and C#."
    spans = find_skill_spans(text)
    assert [(name, text[s:e]) for name, s, e in spans] == [
        ("Kubernetes", "k8s"), ("PostgreSQL", "Postgres"), ("C#", "C#")]


def test_find_skills_empty_and_odd_input():
    assert find_skills("") == []
    assert find_skills("   \n\n  ") == []
    assert find_skills("İstanbul Python ß") == ["Python"]  # lower() changes the length


# ----------------------------------------------------------------------------- skill lists

@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("Front End: HTML, CSS, JavaScript", ["Front End", "HTML", "CSS", "JavaScript"]),
        ("Python • Django • REST APIs", ["Python", "Django", "REST APIs"]),
        ("Languages/Frameworks - Go | Rust", ["Languages/Frameworks", "Go", "Rust"]),
        ("Python (Django, Flask)", ["Python", "Django", "Flask"]),
        ("CI/CD, TCP/IP, UI/UX", ["CI/CD", "TCP/IP", "UI/UX"]),
        ("R/Python; SQL", ["R", "Python", "SQL"]),
        ("• Docker, Kubernetes and Helm", ["Docker", "Kubernetes", "Helm"]),
        ("Java (Excellent), C++ (Good)", ["Java", "C++"]),
        ("A/B testing · PL/SQL · C/C++", ["A/B testing", "PL/SQL", "C", "C++"]),
        ("Research and Development, Sales & Marketing",
         ["Research and Development", "Sales", "Marketing"]),
        ("HTML, CSS, and JavaScript.", ["HTML", "CSS", "JavaScript"]),
        ("", []),
    ],
)
def test_split_skill_list(line, items):
    assert split_skill_list(line) == items


@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("Frontend: TypeScript/JavaScript, Angular/React, CI/CD Pipelines",
         ["Frontend", "TypeScript/JavaScript", "Angular/React", "CI/CD Pipelines"]),
        ("Backend: Node.js (NestJS, Express), PHP 7+ (Laravel, CakePHP), REST",
         ["Backend", "Node.js (NestJS, Express)", "PHP 7+ (Laravel, CakePHP)", "REST"]),
        ("Programming Languages: Java (Excellent), GO (Familiar)",
         ["Programming Languages", "Java (Excellent)", "GO (Familiar)"]),
        ("Video Game Development: Unity Engine - C#, PixiJS",
         ["Video Game Development", "Unity Engine - C#", "PixiJS"]),
        ("Continuous Integration and Continuous Delivery, Docker",
         ["Continuous Integration and Continuous Delivery", "Docker"]),
    ],
)
def test_split_skill_list_verbatim(line, items):
    assert split_skill_list(line, granular=False) == items


def test_split_then_canonicalise():
    items = split_skill_list("Tools: k8s, Postgres, ReactJS, golang, Kubernetes (K8s)")
    canon = [c for c in map(canonical_skill, items) if c]
    assert list(dict.fromkeys(canon)) == ["Kubernetes", "PostgreSQL", "React", "Go"]


# ----------------------------------------------------------------------------- data integrity

def test_data_has_enough_distinct_skills(data):
    names = [s["name"] for s in data["skills"]]
    assert len(names) >= 2000
    assert len(names) == len(set(names))
    assert len({n.casefold() for n in names}) == len(names)


def test_every_skill_has_a_known_category(data):
    cats = data["categories"]
    assert len(cats) == len(set(cats)) >= 15
    counts = Counter(s["category"] for s in data["skills"])
    assert set(counts) == set(cats)  # no empty category, no unknown one
    for s in data["skills"]:
        assert s["name"].strip() == s["name"] and s["name"]
        assert s["category"] in cats


def test_every_alias_maps_to_exactly_one_skill(data):
    owner: dict[str, str] = {}
    for s in data["skills"]:
        for form in [s["name"], *s.get("aliases", [])]:
            assert form.strip() == form and form, (s["name"], form)
            key = _norm_key(form)
            assert key, (s["name"], form)
            assert owner.setdefault(key, s["name"]) == s["name"], (
                f"{form!r} of {s['name']!r} collides with {owner[key]!r}")


def test_no_alias_is_another_skills_name(data):
    names = {_norm_key(s["name"]): s["name"] for s in data["skills"]}
    for s in data["skills"]:
        for alias in s.get("aliases", []):
            other = names.get(_norm_key(alias))
            assert other in (None, s["name"]), (alias, s["name"], other)


def test_flags_are_valid(data):
    for s in data["skills"]:
        forms = {s["name"], *s.get("aliases", [])}
        for form, flags in (s.get("flags") or {}).items():
            assert form in forms, (s["name"], form)
            assert flags and set(flags) <= {"cs", "ctx", "word"}, (s["name"], form, flags)


def test_every_name_resolves_to_itself(data):
    for s in data["skills"]:
        assert canonical_skill(s["name"]) == s["name"]
        for alias in s.get("aliases", []):
            assert canonical_skill(alias) == s["name"], alias


def test_human_languages_are_not_skills(data):
    keys = {_norm_key(f) for s in data["skills"] for f in [s["name"], *s.get("aliases", [])]}
    for lang in ("english", "french", "german", "spanish", "portuguese", "italian", "dutch",
                 "mandarin", "chinese", "japanese", "arabic", "hindi", "russian"):
        assert lang not in keys
