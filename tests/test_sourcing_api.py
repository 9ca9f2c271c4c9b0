"""Sourcing through HTTP: POST /api/v1/source, vacancy suggestions, GET /candidates?q=."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tests.helpers import multipart
from tools.parsing.skills import canonical_skill

POOL = [
    ("Ana Backend", "Senior Backend Engineer", "Berlin, Germany", ["Python", "PostgreSQL", "Kubernetes"]),
    ("Ben Backend", "Backend Engineer", "Munich, Germany", ["Python", "PostgreSQL"]),
    ("Cy Docker", "Senior Backend Engineer", "Berlin, Germany", ["Python", "PostgreSQL", "Docker"]),
    ("Dee Frontend", "Senior Frontend Developer", "Berlin, Germany", ["React", "TypeScript", "CSS"]),
    ("Eve Data", "Junior Data Analyst", "Paris, France", ["SQL", "Excel", "Tableau"]),
    ("Fay Java", "Lead Java Developer", "Berlin, Germany", ["Java", "Spring Boot", "Kubernetes"]),
]


async def seed(client, pool=POOL) -> dict[str, str]:
    ids = {}
    for name, headline, location, skills in pool:
        r = await client.post("/api/v1/candidates", json={
            "name": name, "headline": headline, "location": location, "skills": skills})
        assert r.status_code == 201, await r.get_json()
        ids[name] = (await r.get_json())["data"]["id"]
    return ids


async def source(client, brief: str, status: int = 200, **extra) -> dict:
    r = await client.post("/api/v1/source", json={"brief": brief, **extra})
    body = await r.get_json()
    assert r.status_code == status, body
    return body


def names(body: dict) -> list[str]:
    return [c["name"] for c in body["data"]["candidates"]]


async def test_ranking_skills_title_seniority_location(api):
    admin = await api.signup()
    await seed(admin)
    body = await source(admin, "Senior backend engineer with Python, PostgreSQL and Kubernetes in Berlin")
    got = body["data"]["candidates"]
    assert [c["name"] for c in got[:3]] == ["Ana Backend", "Cy Docker", "Ben Backend"]
    top = got[0]
    assert top["matched_skills"] == ["Python", "PostgreSQL", "Kubernetes"] and top["related_skills"] == []
    assert 0 <= got[-1]["score"] <= top["score"] <= 100 and top["score"] >= 90
    assert "Senior Backend Engineer" in top["rationale"] and "in Berlin" in top["rationale"]
    # Docker is in Kubernetes' related group: Cy gets partial credit and says so
    assert got[1]["related_skills"] == ["Docker"] and "related: Docker" in got[1]["rationale"]
    assert body["data"]["brief"] == {
        "skills": ["Python", "PostgreSQL", "Kubernetes"], "title_words": ["backend", "engineer"],
        "seniority": "senior", "min_years": None, "location": "Berlin", "remote": False}
    assert body["data"]["engine"] == "offline"
    # deterministic: the same brief gives the same order
    assert names(await source(admin, "Senior backend engineer with Python, PostgreSQL and Kubernetes in Berlin")) \
        == [c["name"] for c in got]


async def test_alias_brief_finds_the_canonical_skill(api):
    admin = await api.signup()
    await seed(admin)
    body = await source(admin, "k8s", count=50)
    assert set(names(body)[:2]) == {"Ana Backend", "Fay Java"}
    assert body["data"]["candidates"][0]["matched_skills"] == ["Kubernetes"]
    # an alias in the candidate's own skills is indexed as the skill too
    await admin.post("/api/v1/candidates", json={"name": "Gus Alias", "skills": ["k8s", "golang"]})
    assert "Gus Alias" in names(await source(admin, "Kubernetes and Go"))


async def test_hard_filters(api):
    admin = await api.signup()
    await seed(admin)
    body = await source(admin, "Python engineer", count=50, filters={"location": "berlin"})
    assert set(names(body)) <= {"Ana Backend", "Cy Docker", "Dee Frontend", "Fay Java"}
    assert "Ben Backend" not in names(body)
    body = await source(admin, "engineer", count=50, filters={"skills": ["Kubernetes", "python"]})
    assert names(body) == ["Ana Backend"]
    unknown = await source(admin, "engineer", 400, filters={"skills": ["Nonexistent Skill Zzz"]})
    assert unknown["error"]["code"] == "validation_error"


async def test_min_years_filter_uses_parsed_experience(api):
    admin = await api.signup()
    for name, start in (("Old Hand", "2010"), ("New Comer", "2023")):
        text = (f"{name}\n{name.split()[0].lower()}@example.com\nBerlin, Germany\n\nEXPERIENCE\n"
                f"Backend Engineer — Acme\nJan {start} – Present\nPython services.\n\nSKILLS\nPython, Django\n")
        r = await admin.call("POST", "/api/v1/parse",
                             **multipart([(f"{name}.txt", text.encode())], {"create_candidates": True}))
        assert r.status_code == 200, await r.get_json()
    assert names(await source(admin, "Python backend engineer", filters={"min_years": 8})) == ["Old Hand"]
    both = await source(admin, "Python backend engineer with 8+ years")
    assert names(both) == ["Old Hand", "New Comer"]
    assert both["data"]["brief"]["min_years"] == 8


async def test_tenant_isolation(api):
    a = await api.signup(company="A Co")
    b = await api.signup(company="B Co")
    await seed(a)
    await b.post("/api/v1/candidates", json={"name": "Other Tenant Person", "skills": ["Python", "Kubernetes"],
                                             "headline": "Senior Backend Engineer"})
    assert "Other Tenant Person" not in names(await source(a, "Python Kubernetes", count=50))
    assert names(await source(b, "Python Kubernetes", count=50)) == ["Other Tenant Person"]
    r = await a.get("/api/v1/candidates?q=other")
    assert (await r.get_json())["data"] == []


@pytest.mark.parametrize("brief", [
    '"unclosed quote python', "python*", "NEAR(python kubernetes)", "-python", "(python OR",
    "python AND NOT", "^python", "c++ c# .net", "a:b {x} [y] ' ; -- DROP TABLE candidate", "💼 🚀"])
async def test_special_characters_in_briefs_and_q(api, brief):
    admin = await api.signup()
    await seed(admin)
    body = await source(admin, brief)
    assert isinstance(body["data"]["candidates"], list)
    r = await admin.get("/api/v1/candidates", query_string={"q": brief})
    assert r.status_code == 200, await r.get_json()


async def test_validation(api):
    admin = await api.signup()
    for payload in ({"brief": ""}, {"brief": "x" * 2001}, {"brief": "python", "count": 0},
                    {"brief": "python", "count": 51}, {"count": 3}):
        r = await admin.post("/api/v1/source", json=payload)
        assert r.status_code == 400, payload
        assert (await r.get_json())["error"]["code"] == "validation_error"
    r = await admin.post("/api/v1/source", json={"brief": "python", "vacancy_id": "vac_missing"})
    assert r.status_code == 404


async def test_index_follows_create_and_parse_upsert(api):
    admin = await api.signup()
    r = await admin.post("/api/v1/candidates", json={"name": "Indexed Ivy", "headline": "Rust developer"})
    assert (await r.get_json())["data"]["id"] in {c["id"] for c in
                                                 (await (await admin.get("/api/v1/candidates?q=rust")).get_json())["data"]}
    cv = ("Pat Parsed\npat@example.com\nLisbon, Portugal\n\nEXPERIENCE\nData Engineer — Foo\n"
          "Jan 2020 – Present\n\nSKILLS\nScala, Apache Spark\n")
    upload = multipart([("pat.txt", cv.encode())], {"create_candidates": True})
    r = await admin.call("POST", "/api/v1/parse", **upload)
    assert r.status_code == 200
    assert names(await source(admin, "Spark data engineer")) == ["Pat Parsed"]
    # the same person again with a new skill: an update, and the index follows it
    cv2 = cv.replace("Scala, Apache Spark", "Scala, Apache Spark, Snowflake")
    r = await admin.call("POST", "/api/v1/parse", **multipart([("pat2.txt", cv2.encode())], {"create_candidates": True}))
    assert (await r.get_json())["data"]["results"][0]["duplicate_of"]
    assert names(await source(admin, "Snowflake")) == ["Pat Parsed"]
    hits = (await (await admin.get("/api/v1/candidates?q=lisbon")).get_json())["data"]
    assert [h["name"] for h in hits] == ["Pat Parsed"]


async def test_candidate_search_pages_by_rank(api):
    admin = await api.signup()
    for i in range(7):
        await admin.post("/api/v1/candidates", json={"name": f"Kotlin Person {i}", "skills": ["Kotlin"]})
    await admin.post("/api/v1/candidates", json={"name": "Swift Person", "skills": ["Swift"]})
    seen, cursor = [], None
    while True:
        r = await admin.get("/api/v1/candidates", query_string={"q": "kotlin", "limit": 3, **({"cursor": cursor} if cursor else {})})
        body = await r.get_json()
        assert r.status_code == 200 and body["meta"]["total"] == 7
        seen += [c["name"] for c in body["data"]]
        cursor = body["meta"]["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == [f"Kotlin Person {i}" for i in range(7)]
    prefix = (await (await admin.get("/api/v1/candidates?q=kotl")).get_json())["meta"]["total"]
    assert prefix == 7
    r = await admin.get("/api/v1/candidates", query_string={"q": "kotlin", "cursor": "bm90LWEtY3Vyc29y"})
    assert r.status_code == 400


async def test_vacancy_suggestions_exclude_applicants(api):
    admin = await api.signup()
    ids = await seed(admin)
    r = await admin.post("/api/v1/vacancies", json={
        "title": "Senior Backend Engineer", "location": "Berlin", "required_skills": ["Python", "PostgreSQL"],
        "nice_to_have_skills": ["Kubernetes"]})
    vacancy = (await r.get_json())["data"]
    body = (await (await admin.get(f"/api/v1/vacancies/{vacancy['id']}/suggestions?count=3")).get_json())["data"]
    assert [c["name"] for c in body["candidates"]] == ["Ana Backend", "Cy Docker", "Ben Backend"]
    assert body["brief"]["skills"] == ["Python", "PostgreSQL", "Kubernetes"]
    cv = ("Ana Backend\nana@example.com\n\nEXPERIENCE\nSenior Backend Engineer — X\nJan 2015 – Present\n\n"
          "SKILLS\nPython\n")
    # Ana applies (a new candidate record from her CV): she, not the seeded Ana, is excluded
    r = await admin.call("POST", "/api/v1/parse", **multipart(
        [("ana.txt", cv.encode())], {"create_candidates": True, "vacancy_id": vacancy["id"]}))
    applied = (await r.get_json())["data"]["results"][0]["candidate_id"]
    body = (await (await admin.get(f"/api/v1/vacancies/{vacancy['id']}/suggestions?count=50")).get_json())["data"]
    assert applied not in {c["id"] for c in body["candidates"]} and ids["Ana Backend"] in {
        c["id"] for c in body["candidates"]}
    r = await admin.post("/api/v1/source", json={"brief": "python", "vacancy_id": vacancy["id"], "count": 50})
    assert applied not in {c["id"] for c in (await r.get_json())["data"]["candidates"]}
    assert (await admin.get(f"/api/v1/vacancies/{vacancy['id']}/suggestions?count=51")).status_code == 400
    assert (await admin.get("/api/v1/vacancies/vac_nope/suggestions")).status_code == 404


def test_related_skill_groups_use_canonical_names():
    data = json.loads(resources.files("tools").joinpath("data/related_skills.json").read_text("utf-8"))
    bad = [n for group in data["groups"] for n in group if canonical_skill(n) != n]
    assert not bad, bad
