"""Demo data for ``make serve``: one tenant, an admin, vacancies, candidates, an API key."""

from __future__ import annotations

from pydantic import BaseModel

from storage.models import Tenant, User
from storage.scoping import unscoped
from tools import accounts, api_keys, candidates, vacancies
from tools.actor import Actor

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "hirebot-demo-2026"

VACANCIES = [
    vacancies.VacancyCreate(title="Senior Go Engineer, Payments", department="Engineering",
                            location="Lagos, Nigeria", remote=True, status="open",
                            description="Build and run our payments platform in Go and PostgreSQL.",
                            required_skills=["Go", "PostgreSQL", "Kubernetes"],
                            nice_to_have_skills=["Kafka", "gRPC"]),
    vacancies.VacancyCreate(title="Product Designer", department="Design", location="Berlin, Germany",
                            status="open", description="Own the recruiter experience end to end.",
                            required_skills=["Figma", "User Research"], nice_to_have_skills=["HTML/CSS"]),
    vacancies.VacancyCreate(title="Data Analyst", department="Operations", location="Nairobi, Kenya",
                            status="draft", description="Turn hiring data into decisions.",
                            required_skills=["SQL", "Python"], nice_to_have_skills=["dbt", "Looker"]),
]
CANDIDATES = [
    candidates.CandidateCreate(name="Amara Okafor", email="amara.okafor@example.com", location="Lagos, Nigeria",
                               headline="Senior backend engineer (Go, payments)",
                               skills=["Go", "PostgreSQL", "Kubernetes", "gRPC"], source="demo"),
    candidates.CandidateCreate(name="Lukas Meyer", email="lukas.meyer@example.com", location="Berlin, Germany",
                               headline="Product designer, B2B SaaS", skills=["Figma", "User Research"],
                               source="demo"),
    candidates.CandidateCreate(name="Wanjiru Kamau", email="wanjiru.kamau@example.com", location="Nairobi, Kenya",
                               headline="Analyst: SQL, Python, dashboards", skills=["SQL", "Python", "Looker"],
                               source="demo"),
    candidates.CandidateCreate(name="Diego Fernández", email="diego.fernandez@example.com", location="Madrid, Spain",
                               headline="Go and Kafka engineer", skills=["Go", "Kafka", "Docker"], source="demo"),
]


class DemoCredentials(BaseModel):
    tenant_slug: str
    email: str
    password: str
    api_key: str


async def _fresh_key(admin: Actor, slug: str) -> DemoCredentials:
    key = await api_keys.create_key(admin, api_keys.ApiKeyCreate(name="demo key", role="admin"))
    return DemoCredentials(tenant_slug=slug, email=DEMO_EMAIL, password=DEMO_PASSWORD, api_key=key.token)


async def seed_demo() -> DemoCredentials | None:
    """Seed an empty database, or mint a fresh key for an existing demo tenant.
    Returns None when the database belongs to real tenants only."""
    if await Tenant.exists():
        user = await unscoped(User).get_or_none(email=DEMO_EMAIL)
        if user is None:
            return None
        tenant = await Tenant.get(id=user.tenant_id)
        return await _fresh_key(Actor(tenant_id=tenant.id, role="admin", user_id=user.id), tenant.slug)
    signed_in = await accounts.signup(accounts.SignupInput(
        company_name="Demo Recruiting", name="Demo Admin", email=DEMO_EMAIL, password=DEMO_PASSWORD))
    admin = Actor(tenant_id=signed_in.tenant.id, role="admin", user_id=signed_in.user.id)
    for vacancy in VACANCIES:
        await vacancies.create_vacancy(admin, vacancy)
    for candidate in CANDIDATES:
        await candidates.create_candidate(admin, candidate)
    return await _fresh_key(admin, signed_in.tenant.slug)
