"""The offline JD extractor: scores on the labelled ads, and its cues one by one."""

from __future__ import annotations

import pytest

from tests.eval.jd_scores import evaluate, labelled
from tools.jd import extract_requirements

# measured on tests/fixtures_jd (python -m tests.eval.jd_scores); a drop below fails
MIN_MICRO_F1 = {"required": 0.86, "nice_to_have": 0.88, "all": 0.87}
MIN_AD_F1 = 0.5  # the weakest ads miss skills the taxonomy does not know (ILS, public accounting)


def test_fixture_set_is_large_and_varied():
    ads = labelled()
    assert len(ads) >= 12
    assert sum(1 for name in ads if name.split("-")[1] in ("de", "fr", "es", "nl", "pt", "it")) >= 2


def test_micro_scores_on_labelled_ads():
    totals = evaluate()["totals"]
    for key, floor in MIN_MICRO_F1.items():
        assert totals[key].f1 >= floor, f"{key}: F1 {totals[key].f1:.3f} < {floor}"


@pytest.mark.parametrize("name", sorted(labelled()))
def test_each_ad(name):
    ad = evaluate()["ads"][name]
    got, want = ad["got"], ad["want"]
    assert got.min_years == want["min_years"]
    assert got.seniority == want["seniority"]
    assert got.languages == want["languages"]
    for key in ("required", "nice_to_have"):
        assert ad[key]["score"].f1 >= MIN_AD_F1, (key, ad[key]["missing"], ad[key]["extra"])


def extract(text: str, title: str | None = None):
    return extract_requirements(text, title)


def test_sentence_cues_split_required_and_nice():
    r = extract("We're looking for an engineer. You must know Python and SQL. "
                "Experience with Kafka is a plus, and familiarity with GraphQL would be great. "
                "Ideally you have used Terraform.")
    assert r.required == ["Python", "SQL"]
    assert r.nice_to_have == ["Apache Kafka", "GraphQL", "Terraform"]


def test_clause_and_parenthesis_cues():
    r = extract("Requirements\n- Python (Django a plus) and PostgreSQL\n"
                "- A cloud data warehouse, ideally Snowflake\n- Strong Java; Kotlin is a bonus")
    assert r.required == ["Python", "PostgreSQL", "Data Warehousing", "Java"]
    assert r.nice_to_have == ["Django", "Snowflake", "Kotlin"]


def test_company_and_benefit_sections_yield_nothing():
    r = extract("About us\nWe run on AWS and Kafka.\n\nRequirements\n- Go\n\n"
                "Benefits\n- A Python learning budget\n\nHow to apply\nSend your React portfolio.")
    assert r.required == ["Go"] and r.nice_to_have == []


def test_responsibilities_count_as_required_unless_cued():
    r = extract("Responsibilities\n- Build services in Go\n- Optionally help with the Rust tooling\n"
                "Nice to have\n- Docker")
    assert r.required == ["Go"]
    assert r.nice_to_have == ["Rust", "Docker"]


def test_required_wins_over_nice_and_title_skills_are_required():
    r = extract("Nice to have: Django, Docker.\nMust have: Docker", title="Senior Python Developer")
    assert r.required == ["Python", "Docker"]
    assert r.nice_to_have == ["Django"]
    assert r.seniority == "senior"


def test_inline_label_on_a_bullet_covers_only_that_bullet():
    r = extract("Requirements\n- Java\n- Bonus: Scala\n- Spring Boot")
    assert r.required == ["Java", "Spring Boot"] and r.nice_to_have == ["Scala"]


def test_unstructured_ad_counts_every_skill_mentioned():
    assert extract("We need a developer with Ruby on Rails and PostgreSQL.").required == [
        "Ruby on Rails", "PostgreSQL"]


@pytest.mark.parametrize("text,years", [
    ("Requirements\n- 5+ years of experience with Python", 5),
    ("Requirements\n- at least 3 years in a similar role", 3),
    ("Requirements\n- 3-5 years of backend experience", 3),
    ("Anforderungen\n- Mindestens 5 Jahre Berufserfahrung", 5),
    ("Profil recherché\n- 5 ans d'expérience en développement", 5),
    ("Requisitos\n- 4 años de experiencia con Java", 4),
    ("Functie-eisen\n- Minimaal 2 jaar ervaring", 2),
    ("Requirements\n- three years of experience with SQL", 3),
    ("About us\nFounded 20 years ago.\nRequirements\n- Python", None),
    ("Nice to have\n- 10 years of experience with Go", None),
    ("Requirements\n- Must be 18 years of age", None),
])
def test_min_years(text, years):
    assert extract(text).min_years == years


@pytest.mark.parametrize("title,text,level", [
    ("Junior Data Analyst", "", "junior"),
    ("Staff Engineer", "", "lead"),
    ("Staff Nurse", "", None),
    ("Head of Data", "", "lead"),
    ("Director of Engineering", "", "executive"),
    ("Medior Developer", "", "mid"),
    ("Desenvolvedor Sênior", "", "senior"),
    ("Backend Developer", "Requirements\n- 6+ years of experience", "senior"),
    ("Backend Developer", "Requirements\n- 1 year of experience", "junior"),
])
def test_seniority(title, text, level):
    assert extract(text or "Python", title).seniority == level


def test_languages():
    r = extract("Dein Profil\n- Sehr gute Deutsch- und gute Englischkenntnisse\n"
                "Requirements\n- Fluent French\n- Java")
    assert r.languages == ["German", "English", "French"]
    assert "Java" in r.required


def test_acronyms_written_as_words_are_not_skills():
    r = extract("Requirements\n- Solid knowledge of SQL", title="Java Entwickler (m/w/d)")
    assert r.required == ["Java", "SQL"]
