"""Draft the letter of an offer from its terms; the draft is stored on the offer while it can be edited."""

from __future__ import annotations

from string import Template

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from prompts import load
from storage.models import Application, Candidate, Offer, Tenant, User, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.drafting.runner import NOTICES_DOC, draft, save_to_library, template_sections
from tools.offers import offer_row
from tools.policy import require


class OfferLetterRequest(BaseModel):
    save_to_offer: bool = Field(default=True, description="store the letter on the offer (draft or rejected only)")
    save_to_library: bool = False


class OfferLetter(BaseModel):
    letter: str = Field(max_length=20_000)


class OfferLetterOut(OfferLetter):
    offer_id: str
    saved_to_offer: bool
    engine: str
    prompt_version: str
    notices: list[str] = Field(default_factory=list, description=NOTICES_DOC)
    facts: dict
    library_item_id: str | None = None


def _money(value) -> str:
    return f"{value:,.2f}".removesuffix(".00") if value is not None else ""


async def _facts(actor: Actor, row: Offer) -> dict:
    app = await scoped(Application, actor.tenant_id).get(id=row.application_id)
    candidate = await scoped(Candidate, actor.tenant_id).get(id=app.candidate_id)
    vacancy = await scoped(Vacancy, actor.tenant_id).get(id=app.vacancy_id)
    sender = await scoped(User, actor.tenant_id).get_or_none(id=actor.user_id) if actor.user_id else None
    company = (await Tenant.get(id=actor.tenant_id)).name
    return {"first_name": (candidate.name or "there").split()[0], "title": vacancy.title, "company": company,
            "location": "remote" if vacancy.remote else vacancy.location, "base_salary": _money(row.base_salary),
            "currency": row.currency, "bonus": _money(row.bonus), "sign_on_bonus": _money(row.sign_on_bonus),
            "equity_note": row.equity_note, "start_date": row.start_date.isoformat() if row.start_date else None,
            "expires_at": row.expires_at.date().isoformat() if row.expires_at else None,
            "sender": sender.name if sender else company}


def _salary_sentence(f: dict) -> str:
    cur = f["currency"]
    parts = [f"Your starting base salary will be {f['base_salary']} {cur} per year"]
    if f["bonus"]:
        parts.append(f", with a target bonus of {f['bonus']} {cur}")
    if f["sign_on_bonus"]:
        parts.append(f"{' and' if f['bonus'] else ','} a sign-on bonus of {f['sign_on_bonus']} {cur}")
    sentence = "".join(parts) + "."
    return sentence + (f" Equity: {f['equity_note'].rstrip('.')}." if f["equity_note"] else "")


def _offline(f: dict) -> tuple[OfferLetter, str]:
    template = load("offer_letter_offline")
    text = Template(template_sections(template.text)["letter"]).safe_substitute(
        date=utcnow().date().isoformat(), first_name=f["first_name"], company=f["company"], title=f["title"],
        where=f" ({f['location']})" if f["location"] else "", salary_sentence=_salary_sentence(f),
        start_sentence=f"We propose a start date of {f['start_date']}." if f["start_date"] else "",
        expiry_sentence=f"Please let us know your decision by {f['expires_at']}." if f["expires_at"] else "",
        sender=f["sender"])
    lines = [ln.rstrip() for ln in text.splitlines()]
    tidy = "\n".join(ln for i, ln in enumerate(lines) if ln or (i and lines[i - 1]))
    return OfferLetter(letter=tidy.strip() + "\n"), template.version


async def draft_offer_letter(actor: Actor, offer_id: str, data: OfferLetterRequest) -> OfferLetterOut:
    """The letter for an offer's terms; stored on the offer when it is still editable."""
    require(actor, "offers.write")
    row, _ = await offer_row(actor, offer_id)
    facts = await _facts(actor, row)
    offline, version = _offline(facts)
    done = await draft(actor, "offer_letter", "offer_letter", OfferLetter, facts, offline, version)
    saved = False
    if data.save_to_offer and row.status in ("draft", "rejected"):
        async with in_transaction():
            await scoped(Offer, actor.tenant_id).filter(id=row.id).update(letter_text=done.result.letter)
            await audit.record(actor, "offer.letter_drafted", "offer", row.id, {"engine": done.engine})
        saved = True
    out = OfferLetterOut(letter=done.result.letter, offer_id=row.id, saved_to_offer=saved, engine=done.engine,
                         prompt_version=done.prompt_version, notices=done.notices, facts=facts)
    if data.save_to_library:
        out.library_item_id = await save_to_library(actor, "offer_letter", f"Offer letter: {facts['title']}", out,
                                                    out.letter)
    return out
