"""Demo data for ``make serve``: one tenant, an admin, an API key and a realistic pipeline.

Vacancies (open, draft, on hold) with applicants in every stage: each applicant's CV is a
generated text file that goes through the normal parse path (stored, parsed, candidate
upserted by email, applied, screened), then the application is placed in its stage with a
back-dated history, so the analytics have a trend, a funnel and times to hire. Seeding is
idempotent: vacancies are found by slug, candidates by email, applications by pair.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from pydantic import BaseModel
from tortoise.transactions import in_transaction

from storage.models import Application, Tenant, User, Vacancy
from storage.scoping import scoped, unscoped
from tools import accounts, api_keys, ingest, vacancies
from tools.actor import Actor
from tools.clock import utcnow
from tools.demo_people import PATHS, PEOPLE, Person

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "hirebot-demo-2026"

# slug -> (vacancy, status, employment type, salary min, max, currency)
VACANCIES = {
    "senior-go-engineer-payments": (vacancies.VacancyCreate(
        title="Senior Go Engineer, Payments", department="Engineering", location="Lagos, Nigeria", remote=True,
        status="open", description="Build and run our payments platform in Go and PostgreSQL on Kubernetes.",
        required_skills=["Go", "PostgreSQL", "Kubernetes"], nice_to_have_skills=["Kafka", "gRPC"]),
        "open", "full_time", 48000, 66000, "USD"),
    "product-designer": (vacancies.VacancyCreate(
        title="Product Designer", department="Design", location="Berlin, Germany", status="open",
        description="Own the recruiter experience end to end.",
        required_skills=["Figma", "User Research"], nice_to_have_skills=["HTML/CSS"]),
        "open", "full_time", 62000, 78000, "EUR"),
    "backend-python-engineer": (vacancies.VacancyCreate(
        title="Backend Python Engineer", department="Engineering", location="London, UK", status="open",
        description="Python and PostgreSQL APIs for our matching engine.",
        required_skills=["Python", "PostgreSQL"], nice_to_have_skills=["Django", "AWS"]),
        "open", "contract", 550, 700, "GBP"),
    "site-reliability-engineer": (vacancies.VacancyCreate(
        title="Site Reliability Engineer", department="Engineering", location="Remote", remote=True,
        status="open", description="Keep the platform up: Kubernetes, Terraform, Prometheus.",
        required_skills=["Kubernetes", "Terraform"], nice_to_have_skills=["Go", "Prometheus"]),
        "on_hold", "full_time", 70000, 90000, "USD"),
    "data-analyst": (vacancies.VacancyCreate(
        title="Data Analyst", department="Operations", location="Nairobi, Kenya", status="draft",
        description="Turn hiring data into decisions.",
        required_skills=["SQL", "Python"], nice_to_have_skills=["dbt", "Looker"]),
        "draft", "full_time", None, None, None),
}


class DemoCredentials(BaseModel):
    tenant_slug: str
    email: str
    password: str
    api_key: str


async def _fresh_key(admin: Actor, slug: str) -> DemoCredentials:
    key = await api_keys.create_key(admin, api_keys.ApiKeyCreate(name="demo key", role="admin"))
    return DemoCredentials(tenant_slug=slug, email=DEMO_EMAIL, password=DEMO_PASSWORD, api_key=key.token)


async def seed_demo() -> DemoCredentials | None:
    """Seed an empty database, or complete the demo tenant and mint a fresh key for it.
    Returns None when the database belongs to real tenants only."""
    if await Tenant.exists():
        user = await unscoped(User).get_or_none(email=DEMO_EMAIL)
        if user is None:
            return None
        tenant = await Tenant.get(id=user.tenant_id)
        admin = Actor(tenant_id=tenant.id, role="admin", user_id=user.id)
    else:
        signed_in = await accounts.signup(accounts.SignupInput(
            company_name="Demo Recruiting", name="Demo Admin", email=DEMO_EMAIL, password=DEMO_PASSWORD))
        tenant = signed_in.tenant
        admin = Actor(tenant_id=tenant.id, role="admin", user_id=signed_in.user.id)
    await seed_pipeline(admin)
    return await _fresh_key(admin, tenant.slug)


async def seed_pipeline(admin: Actor) -> None:
    """The demo vacancies and applicants; what exists already is left as it is."""
    ids = {slug: await _vacancy(admin, slug) for slug in VACANCIES}
    for slug, vacancy_id in ids.items():
        people = [p for p in PEOPLE if p.vacancy == slug]
        for start in range(0, len(people), ingest.SYNC_MAX_FILES):
            await _apply(admin, vacancy_id, people[start:start + ingest.SYNC_MAX_FILES])
    await _settle_vacancies(admin, ids)


async def _vacancy(admin: Actor, slug: str) -> str:
    """The demo vacancy with ``slug``, created (through the vacancy tool) when missing."""
    existing = await scoped(Vacancy, admin.tenant_id).get_or_none(slug=slug)
    if existing:
        return existing.id
    spec, _status, kind, low, high, currency = VACANCIES[slug]
    created = await vacancies.create_vacancy(admin, spec)
    await scoped(Vacancy, admin.tenant_id).filter(id=created.id).update(
        slug=slug, employment_type=kind, currency=currency,
        salary_min=Decimal(low) if low else None, salary_max=Decimal(high) if high else None)
    return created.id


async def _apply(admin: Actor, vacancy_id: str, people: list[Person]) -> None:
    """Parse the people's CVs against the vacancy (candidates, applications, evaluations),
    then place each new application in its stage."""
    applications = scoped(Application, admin.tenant_id)
    known = set(await applications.filter(vacancy_id=vacancy_id).values_list("candidate__email", flat=True))
    todo = [p for p in people if p.email not in known]
    if not todo:
        return
    files = [ingest.IncomingFile(f"{p.email.split('@')[0]}.txt", p.cv()) for p in todo]
    out = await ingest.parse_files(admin, files, ingest.ParseOptions(create_candidates=True, vacancy_id=vacancy_id))
    for person, result in zip(todo, out.results or [], strict=True):
        if result.application_id:
            await _place(admin, result.application_id, person)


async def _place(admin: Actor, application_id: str, person: Person) -> None:
    """Back-date the application and walk it through its path to ``person.stage``."""
    applied = utcnow() - timedelta(days=person.days_ago, hours=3)
    history = [{"stage": "applied", "at": applied.isoformat(), "actor": None}]
    at, previous = applied, "applied"
    for stage, days in PATHS[person.stage]:
        at = min(at + timedelta(days=days), utcnow() - timedelta(hours=1))
        reason = person.reason if stage in ("rejected", "withdrawn") else None
        history.append({"from": previous, "to": stage, "at": at.isoformat(), "actor": admin.principal_id,
                        "reason": reason})
        previous = stage
    await scoped(Application, admin.tenant_id).filter(id=application_id).update(
        stage=person.stage, stage_history=history, source=person.source, created_at=applied,
        stage_changed_at=at if len(history) > 1 else None,
        rejection_reason=person.reason if person.stage == "rejected" else None)


async def _settle_vacancies(admin: Actor, ids: dict[str, str]) -> None:
    """Statuses, publication dates and counters as the pipeline says."""
    async with in_transaction():
        for slug, vacancy_id in ids.items():
            status = VACANCIES[slug][1]
            apps = scoped(Application, admin.tenant_id).filter(vacancy_id=vacancy_id)
            first = await apps.order_by("created_at").first()
            published = (first.created_at - timedelta(days=2)) if first else utcnow() - timedelta(days=3)
            await scoped(Vacancy, admin.tenant_id).filter(id=vacancy_id).update(
                status=status, published_at=published if status != "draft" else None,
                applicants_count=await apps.count(), hires_count=await apps.filter(stage="hired").count())
