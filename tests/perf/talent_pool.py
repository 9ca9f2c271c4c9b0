"""Generated talent pools for the sourcing benchmark and the recall evaluation.

Candidates come from role families (a title, core skills that go together) plus a
Zipf-like tail of other taxonomy skills, so popular skills are shared by thousands of
people as in a real pool. ``bulk_insert`` writes them the way the app does (the same
``index_fields`` derivation; the database triggers/generated column do the indexing).
"""

from __future__ import annotations

import random
import time

from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import Candidate
from storage.scoping import unscoped
from tools.candidate_index import index_fields
from tools.parsing.skills import all_skills

FAMILIES = {
    "Backend Engineer": ["Python", "Django", "PostgreSQL", "Docker", "Redis", "REST APIs", "Go", "Java",
                         "Spring Boot", "Node.js", "Apache Kafka", "Kubernetes", "Microservices"],
    "Frontend Developer": ["JavaScript", "TypeScript", "React", "Vue.js", "Angular", "CSS", "HTML",
                           "Redux", "Next.js", "Webpack", "Jest"],
    "Full Stack Developer": ["JavaScript", "TypeScript", "React", "Node.js", "Express.js", "MongoDB",
                             "PostgreSQL", "Docker", "GraphQL", "Python"],
    "DevOps Engineer": ["Kubernetes", "Docker", "Terraform", "Amazon Web Services", "Ansible", "Jenkins",
                        "Linux", "Prometheus", "Grafana", "Helm", "Bash", "GitHub Actions"],
    "Data Engineer": ["Python", "SQL", "Apache Spark", "Apache Airflow", "dbt", "Snowflake", "Apache Kafka",
                      "Scala", "Google BigQuery", "PostgreSQL"],
    "Data Scientist": ["Python", "Machine Learning", "pandas", "NumPy", "scikit-learn", "TensorFlow",
                       "PyTorch", "SQL", "R", "Statistical Modeling", "Deep Learning"],
    "Mobile Developer": ["Swift", "Kotlin", "iOS", "Android", "Flutter", "React Native", "Dart",
                         "Objective-C", "Firebase"],
    "QA Engineer": ["Selenium", "Cypress", "Test Automation", "Java", "Python", "Jira", "Postman",
                    "Playwright", "JUnit"],
    "Product Designer": ["Figma", "Sketch", "User Experience Design", "User Interface Design", "Prototyping",
                         "Adobe Photoshop", "Design Systems"],
    "Product Manager": ["Product Management", "Agile", "Scrum", "Jira", "Product Roadmapping", "SQL",
                        "Stakeholder Management"],
    "Data Analyst": ["SQL", "Microsoft Excel", "Tableau", "Microsoft Power BI", "Python", "Data Analysis",
                     "Looker"],
    "Security Engineer": ["Penetration Testing", "Network Security", "Linux", "Python", "SIEM",
                          "Amazon Web Services", "Cryptography"],
    "Marketing Manager": ["Digital Marketing", "Search Engine Optimization", "Google Analytics",
                          "Content Marketing", "HubSpot", "Google Ads"],
    "Accountant": ["Accounting", "Financial Reporting", "Microsoft Excel", "SAP", "Bookkeeping", "External Audit"],
}
LEVELS = [("Junior", "junior", (0, 2)), ("", "mid", (2, 5)), ("Senior", "senior", (5, 12)),
          ("Lead", "lead", (8, 20)), ("Principal", "lead", (10, 25))]
CITIES = ["Berlin, Germany", "London, UK", "Paris, France", "Amsterdam, Netherlands", "Lisbon, Portugal",
          "Madrid, Spain", "Warsaw, Poland", "Munich, Germany", "New York, NY", "Toronto, Canada",
          "Lagos, Nigeria", "Nairobi, Kenya", "Bangalore, India", "Singapore", "Sydney, Australia"]
FIRST = ["Amara", "Lukas", "Wanjiru", "Diego", "Sofia", "Kwame", "Mei", "Ibrahim", "Ana", "Jonas", "Priya",
         "Tomasz", "Chloe", "Mateo", "Yuki", "Fatima", "Liam", "Noor", "Olga", "Kofi"]
LAST = ["Okafor", "Meyer", "Kamau", "Fernandez", "Rossi", "Mensah", "Chen", "Bello", "Silva", "Berg",
        "Nowak", "Dubois", "Garcia", "Tanaka", "Haddad", "Murphy", "Khan", "Ivanova", "Owusu", "Smith"]
COMPANIES = ["Paystack", "Zalando", "Shopify", "Andela", "Booking.com", "Spotify", "Monzo", "SAP", "Adyen",
             "N26", "Revolut", "Delivery Hero", "Klarna", "Wise", "Bolt"]
BRIEF_FORMS = ["{level} {title} with {skills}", "{title}, {skills}, {years}+ years",
               "Looking for a {level} {title} in {city}: {skills}", "{skills} {title}",
               "{level} {title} ({skills}), remote"]


def _tail(rng: random.Random) -> tuple[list[str], list[float]]:
    """Every taxonomy skill, shuffled, with Zipf weights (a few common, most rare)."""
    names = sorted(all_skills())
    rng.shuffle(names)
    return names, [1 / (i + 1) for i in range(len(names))]


def generate(n: int, seed: int = 7) -> list[dict]:
    """``n`` candidate field dicts (name, headline, location, skills, profile)."""
    rng = random.Random(seed)
    names, weights = _tail(rng)
    families = list(FAMILIES)
    out = []
    for i in range(n):
        family = rng.choice(families)
        prefix, level, (lo, hi) = rng.choice(LEVELS)
        years = round(rng.uniform(lo, hi), 1)
        title = f"{prefix} {family}".strip()
        core = FAMILIES[family]
        skills = rng.sample(core, k=min(len(core), rng.randint(4, 9)))
        skills += [s for s in rng.choices(names, weights, k=rng.randint(1, 6)) if s not in skills]
        jobs = [{"title": title, "company": rng.choice(COMPANIES), "start_date": f"{2025 - int(years) // 2}-01",
                 "end_date": None, "is_current": True},
                {"title": family, "company": rng.choice(COMPANIES), "start_date": f"{2025 - int(years)}-01",
                 "end_date": f"{2025 - int(years) // 2}-01", "is_current": False}]
        out.append({"name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}", "email": f"gen{i}@example.com",
                    "headline": title, "location": rng.choice(CITIES), "skills": skills,
                    "profile": {"seniority": level, "total_experience_years": years, "experience": jobs,
                                "skills": skills}})
    return out


def briefs(n: int, seed: int = 11) -> list[str]:
    """``n`` varied briefs in the styles recruiters type."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        family = rng.choice(list(FAMILIES))
        prefix = rng.choice(["Junior", "Mid-level", "Senior", "Lead", "Principal"])
        skills = rng.sample(FAMILIES[family], k=rng.randint(1, 4))
        out.append(rng.choice(BRIEF_FORMS).format(level=prefix, title=family, skills=", ".join(skills),
                                                  years=rng.randint(1, 10), city=rng.choice(CITIES).split(",")[0]))
    return out


async def bulk_insert(tenant_id: str, rows: list[dict], batch: int = 1000) -> float:
    """Insert candidates (index derivation included); return rows per second."""
    start = time.perf_counter()
    for at in range(0, len(rows), batch):
        objs = [Candidate(id=new_id("cand"), tenant_id=tenant_id, source="generated", **row,
                          **index_fields(tenant_id, row)) for row in rows[at:at + batch]]
        async with in_transaction():
            await unscoped(Candidate).bulk_create(objs)  # the rows name their tenant
    return len(rows) / (time.perf_counter() - start)
