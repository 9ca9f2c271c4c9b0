"""Salary benchmark from the tenant's own vacancy ranges and offers, plus a labelled model estimate."""

from __future__ import annotations

from decimal import Decimal
from statistics import median

from pydantic import BaseModel, Field

from storage.models import Offer
from storage.scoping import scoped
from tools.actor import Actor
from tools.drafting.runner import NOTICES_DOC, draft
from tools.parsing.schema import Seniority
from tools.policy import require
from tools.screening.titles import title_fit
from tools.vacancy_status import visible_vacancies

MATCH = 0.5          # share of the role's title words a vacancy title must cover


class SalaryRequest(BaseModel):
    role: str = Field(min_length=1, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    seniority: Seniority | None = None
    currency: str | None = Field(default=None, min_length=3, max_length=3)


class Spread(BaseModel):
    min: Decimal
    median: Decimal
    max: Decimal
    sample_size: int


class ModelEstimate(BaseModel):
    min: Decimal = Field(ge=0)
    max: Decimal = Field(ge=0)
    basis: str = Field(max_length=500)


class SalaryBenchmark(BaseModel):
    role: str
    currency: str | None
    vacancy_ranges: Spread | None = Field(description="midpoints of the tenant's matching vacancy ranges")
    offers: Spread | None = Field(description="base salaries of the tenant's matching offers")
    sources: dict[str, list[str]] = Field(description="ids of the vacancies and offers used")
    model_estimate: ModelEstimate | None = Field(default=None, description="a model's estimate, not data")
    engine: str
    notices: list[str] = Field(default_factory=list, description=NOTICES_DOC)


def _spread(values: list[Decimal]) -> Spread | None:
    if not values:
        return None
    whole = Decimal("1")
    return Spread(min=min(values).quantize(whole), median=Decimal(str(median(values))).quantize(whole),
                  max=max(values).quantize(whole), sample_size=len(values))


async def salary_benchmark(actor: Actor, data: SalaryRequest) -> SalaryBenchmark:
    """What the tenant's own vacancies and offers for a similar role pay, with the sample sizes."""
    require(actor, "drafting.run")
    vacancies = [v for v in await visible_vacancies(actor)
                 if title_fit(data.role, [v.title]) >= MATCH
                 and (not data.location or (v.location or "").casefold().find(data.location.casefold()) >= 0)
                 and (not data.seniority or v.seniority in (None, data.seniority))]
    by_id = {v.id: v for v in vacancies}
    offers = await scoped(Offer, actor.tenant_id).filter(
        application__vacancy_id__in=list(by_id), status__in=["approved", "sent", "accepted"])
    currencies = [v.currency for v in vacancies if v.currency] + [o.currency for o in offers]
    currency = (data.currency or "").upper() or (max(set(currencies), key=currencies.count) if currencies else None)
    ranged = [v for v in vacancies if v.currency == currency and v.salary_min and v.salary_max]
    paid = [o for o in offers if o.currency == currency]
    result = SalaryBenchmark(
        role=data.role, currency=currency,
        vacancy_ranges=_spread([(v.salary_min + v.salary_max) / 2 for v in ranged]),
        offers=_spread([o.base_salary for o in paid]),
        sources={"vacancies": [v.id for v in ranged], "offers": [o.id for o in paid]}, engine="offline")
    facts = {"role": data.role, "location": data.location, "seniority": data.seniority, "currency": currency,
             "company_data": result.model_dump(mode="json", include={"vacancy_ranges", "offers"})}
    if currency:
        done = await draft(actor, "salary_benchmark", "salary_benchmark", ModelEstimate, facts,
                           ModelEstimate(min=Decimal(0), max=Decimal(0), basis="offline"), "offline")
        if done.engine != "offline":
            result.model_estimate, result.engine = done.result, done.engine
        result.notices = done.notices
    return result
