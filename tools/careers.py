"""The public careers site: open vacancies of every tenant (sanitised) and applying with a CV.

Nothing here needs credentials. Only ``open`` vacancies are visible, and only the fields of
``CareersVacancy``: never counters, hiring managers, clients or scores. An application
runs as the vacancy's tenant (a system actor), so it is audited and emits the same events
as any other write.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field, field_validator
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Application, Candidate, Tenant, Vacancy
from storage.scoping import scoped, unscoped
from tools import audit
from tools.actor import Actor
from tools.candidate_index import INDEXED, index_fields
from tools.candidate_matching import ensure_application
from tools.clock import utcnow
from tools.errors import NotFound, QuotaExceeded
from tools.evaluations import criteria_of, store_evaluation, tenant_blind_default
from tools.ingest import IncomingFile, parse_stored, store_file, validate_uploads
from tools.pagination import Page, paginate
from tools.parsing.schema import ParsedCandidate
from tools.parsing.skills import canonical_skill
from tools.runtime import runtime
from tools.schemas import Email

log = logging.getLogger("hirebot.careers")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{5,40}$")


class _PublicFields(BaseModel):
    id: str
    slug: str | None
    title: str
    description: str
    department: str | None
    location: str | None
    remote: bool
    employment_type: str | None
    salary_min: Decimal | None
    salary_max: Decimal | None
    currency: str | None
    seniority: str | None
    required_skills: list[str]
    nice_to_have_skills: list[str]
    published_at: datetime | None

    @field_validator("required_skills", "nice_to_have_skills", mode="before")
    @classmethod
    def _list(cls, v):
        return v or []


class CareersVacancy(_PublicFields):
    """What the public may see of an open vacancy."""

    company: str = Field(description="the hiring company's name")
    tenant: str = Field(description="the company's careers slug (use as ?tenant=)")


class CareersFilter(BaseModel):
    tenant: str | None = Field(default=None, max_length=80, description="one company's careers slug")
    location: str | None = Field(default=None, max_length=200, description="part of the location")
    skill: str | None = Field(default=None, max_length=100, description="a required or nice-to-have skill")
    q: str | None = Field(default=None, max_length=200, description="words in the title or description")


def _plain(value: str) -> str:
    value = value.strip()
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters or line breaks")
    return value


class ApplyInput(BaseModel):
    """The typed fields of a careers application (the CV comes as a file)."""

    vacancy_id: str = Field(min_length=1, max_length=120, description="the vacancy's id (or slug with tenant)")
    tenant: str | None = Field(default=None, max_length=80, description="needed only with a slug")
    name: str = Field(min_length=1, max_length=200)
    email: Email
    phone: str | None = Field(default=None, max_length=40)
    consent: bool = Field(description="the applicant agrees to the processing of their data")

    @field_validator("vacancy_id", "tenant", "name")
    @classmethod
    def _clean(cls, v: str | None) -> str | None:
        return _plain(v) if v is not None else v

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is None or not v.strip():
            return None
        if not _PHONE.match(v.strip()):
            raise ValueError("not a phone number")
        return v.strip()

    @field_validator("consent")
    @classmethod
    def _consented(cls, v: bool) -> bool:
        if not v:
            raise ValueError("consent is required to apply")
        return v


class ApplyOut(BaseModel):
    application_id: str
    vacancy_id: str
    dedup: bool = Field(description="true when this email had applied to the vacancy before: it was updated")
    cv_parsed: bool
    cv_error: str | None = Field(default=None, description="why the CV could not be read (the typed fields were kept)")


# --------------------------------------------------------------------------- browsing

def _open() -> QuerySet[Vacancy]:
    return unscoped(Vacancy).filter(status="open")


class _Row(_PublicFields):
    """A vacancy row read for the public, before its company is known."""

    tenant_id: str


def _public(row: Vacancy | _Row, tenant: Tenant) -> CareersVacancy:
    values = _Row.model_validate(row, from_attributes=True).model_dump(exclude={"tenant_id"})
    return CareersVacancy(**values, company=tenant.name, tenant=tenant.slug)


async def list_open_vacancies(flt: CareersFilter, limit: int, cursor: str | None) -> Page[CareersVacancy]:
    """Open vacancies, newest first, across tenants or for one tenant slug."""
    qs = _open()
    if flt.tenant:
        tenant = await Tenant.get_or_none(slug=flt.tenant)
        if tenant is None:
            return Page[CareersVacancy](items=[], next_cursor=None, total=0)
        qs = qs.filter(tenant_id=tenant.id)
    if flt.location:
        qs = qs.filter(location__icontains=flt.location.strip())
    if flt.q:
        for word in flt.q.split()[:8]:
            qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if flt.skill:
        skill = canonical_skill(flt.skill) or flt.skill.strip()
        needle = f'"{skill}"'   # a whole string element of the stored JSON lists
        qs = qs.annotate(skills_text=RawSQL("CAST(required_skills AS TEXT) || CAST(nice_to_have_skills AS TEXT)"))
        qs = qs.filter(skills_text__icontains=needle)
    found = await paginate(qs, _Row, limit, cursor)
    companies = {t.id: t for t in await Tenant.filter(id__in=list({r.tenant_id for r in found.items}))}
    items = [_public(r, companies[r.tenant_id]) for r in found.items]
    return Page[CareersVacancy](items=items, next_cursor=found.next_cursor, total=found.total)


async def _resolve(ref: str, tenant_slug: str | None) -> Vacancy:
    """An open vacancy by id, or by slug (unique per tenant: ``tenant_slug`` picks one)."""
    row = await _open().get_or_none(id=ref)
    if row is None:
        qs = _open().filter(slug=ref)
        if tenant_slug:
            qs = qs.filter(tenant__slug=tenant_slug)
        found = await qs.limit(2)
        if len(found) == 1:
            row = found[0]
        elif found:
            raise NotFound("several companies use this slug: add ?tenant=<company slug>", {"id": ref})
    if row is None:
        raise NotFound("vacancy not found", {"id": ref})
    return row


async def get_open_vacancy(ref: str, tenant_slug: str | None = None) -> CareersVacancy:
    """One open vacancy by id or slug; anything else (draft, closed, unknown) is 404."""
    row = await _resolve(ref, tenant_slug)
    return _public(row, await Tenant.get(id=row.tenant_id))


# --------------------------------------------------------------------------- applying

def decoy_answer(vacancy_ref: str) -> ApplyOut:
    """What a bot that filled the honeypot gets: a plausible success, nothing stored."""
    return ApplyOut(application_id=new_id("app"), vacancy_id=vacancy_ref, dedup=False, cv_parsed=True)


async def apply(data: ApplyInput, cv: IncomingFile, request_id: str | None = None) -> ApplyOut:
    """Apply to an open vacancy: store and parse the CV, create or update the candidate (by
    email), create the application (source ``careers``), screen it, acknowledge by email.

    A CV that cannot be read still records the application with the typed fields.
    """
    vacancy = await _resolve(data.vacancy_id, data.tenant)
    validate_uploads([cv])
    actor = Actor.system(vacancy.tenant_id, request_id)
    file = await store_file(actor, cv)
    parsed, cv_error = None, None
    try:
        result, _ = await parse_stored(actor, file)
        parsed = result.candidate if result.success else None
        cv_error = None if result.success else (result.error.message if result.error else "unreadable CV")
    except QuotaExceeded:
        cv_error = "the CV could not be read right now; your details were saved"
    candidate_id, existed = await _upsert_applicant(actor, data, parsed, file.id)
    dedup = existed and await scoped(Application, actor.tenant_id).filter(
        candidate_id=candidate_id, vacancy_id=vacancy.id).exists()
    application_id = await ensure_application(actor, candidate_id, vacancy.id, source="careers")
    await audit.record(actor, "careers.applied", "application", application_id,
                       {"vacancy_id": vacancy.id, "candidate_id": candidate_id, "dedup": dedup,
                        "cv_parsed": parsed is not None, "file_id": file.id})
    if parsed is not None:
        blind = await tenant_blind_default(actor.tenant_id)
        await store_evaluation(actor, parsed.model_dump(mode="json"), criteria_of(vacancy), blind=blind,
                               application_id=application_id, candidate_id=candidate_id, vacancy_id=vacancy.id)
    await _acknowledge(data, vacancy)
    return ApplyOut(application_id=application_id, vacancy_id=vacancy.id, dedup=dedup,
                    cv_parsed=parsed is not None, cv_error=cv_error)


def _applicant_fields(data: ApplyInput, parsed: ParsedCandidate | None, file_id: str) -> dict:
    """The candidate's columns: typed fields win over what the CV says."""
    values: dict = {"name": data.name, "email": data.email, "cv_file_id": file_id, "consent_at": utcnow()}
    if data.phone or (parsed and parsed.phone):
        values["phone"] = data.phone or parsed.phone
    if parsed is not None:
        profile = parsed.model_copy(update={"name": data.name, "email": data.email, "phone": values.get("phone")})
        values.update(location=parsed.location, headline=parsed.headline, skills=parsed.skills,
                      profile=profile.model_dump(mode="json"), screening_facts=None)
    return values


async def _upsert_applicant(actor: Actor, data: ApplyInput, parsed: ParsedCandidate | None,
                            file_id: str) -> tuple[str, bool]:
    """(candidate id, existed): one candidate per email in the tenant."""
    candidates = scoped(Candidate, actor.tenant_id)
    values = _applicant_fields(data, parsed, file_id)
    for _ in range(2):
        existing = await candidates.get_or_none(email=data.email)
        try:
            async with in_transaction():
                if existing is None:
                    row = await Candidate.create(id=new_id("cand"), tenant_id=actor.tenant_id, source="careers",
                                                 **values, **index_fields(actor.tenant_id, values))
                    await audit.record(actor, "candidate.created", "candidate", row.id, {"source": "careers"})
                    await outbox.emit(actor.tenant_id, "candidate.created", {"id": row.id, "source": "careers"})
                    return row.id, False
                updates = {k: v for k, v in values.items() if v not in (None, [], "")}
                if parsed is not None:
                    updates["skills"] = list(dict.fromkeys([*existing.skills, *parsed.skills]))
                current = {key: getattr(existing, key) for key in INDEXED}
                updates.update(index_fields(actor.tenant_id, {**current, **updates}))
                await candidates.filter(id=existing.id).update(**updates)
                await audit.record(actor, "candidate.updated", "candidate", existing.id, {"source": "careers"})
                await outbox.emit(actor.tenant_id, "candidate.updated", {"id": existing.id, "source": "careers"})
                return existing.id, True
        except IntegrityError:
            continue  # the same email arrived concurrently: retry as an update
    raise RuntimeError("applicant upsert did not settle")


async def _acknowledge(data: ApplyInput, vacancy: Vacancy) -> None:
    """Tell the applicant we have their application; a mail failure does not undo it."""
    tenant = await Tenant.get(id=vacancy.tenant_id)
    title = _CONTROL.sub(" ", vacancy.title)[:150]
    company = _CONTROL.sub(" ", tenant.name)[:100]
    body = (f"Hello {data.name},\n\nthank you for applying for {title} at {company}. "
            "We have received your application and will be in touch.\n\n"
            f"{company}\n")
    try:
        await runtime().mailer.send(data.email, f"Application received: {title}", body)
    except Exception:  # noqa: BLE001 - the application is stored; the mail is best effort
        log.warning("acknowledgement email failed", exc_info=True)
