"""Draft outreach to a candidate for a vacancy: subject, body and a follow-up, per channel and tone."""

from __future__ import annotations

from string import Template
from typing import Literal

from pydantic import BaseModel, Field

from prompts import load
from storage.models import Candidate, Tenant, User
from storage.scoping import scoped
from tools.actor import Actor
from tools.drafting.runner import NOTICES_DOC, cv_text, draft, save_to_library, template_sections
from tools.errors import NotFound
from tools.evaluations import criteria_of, facts_for, profile_of
from tools.policy import require
from tools.screening.engine import assess
from tools.vacancy_status import vacancy_row

Tone = Literal["friendly", "formal", "concise"]
Channel = Literal["email", "linkedin", "sms"]
_TONES = {"friendly": ("Hi", "Best wishes,"), "formal": ("Dear", "Kind regards,"), "concise": ("Hi", "Thanks,")}


class OutreachRequest(BaseModel):
    candidate_id: str = Field(max_length=40)
    vacancy_id: str = Field(max_length=40)
    tone: Tone = "friendly"
    channel: Channel = "email"
    save_to_library: bool = False


class Outreach(BaseModel):
    subject: str = Field(default="", max_length=200)
    body: str = Field(max_length=4000)
    follow_up_body: str = Field(max_length=4000)


class OutreachOut(Outreach):
    channel: Channel
    tone: Tone
    engine: str
    prompt_version: str
    notices: list[str] = Field(default_factory=list, description=NOTICES_DOC)
    facts: dict = Field(description="what the draft was written from")
    library_item_id: str | None = None


async def _facts(actor: Actor, data: OutreachRequest) -> tuple[dict, str]:
    candidate = await scoped(Candidate, actor.tenant_id).get_or_none(id=data.candidate_id, merged_into_id=None)
    if candidate is None:
        raise NotFound("candidate not found", {"candidate_id": data.candidate_id})
    vacancy = await vacancy_row(actor, data.vacancy_id)
    tenant = await Tenant.get(id=actor.tenant_id)
    sender = await scoped(User, actor.tenant_id).get_or_none(id=actor.user_id) if actor.user_id else None
    facts = await facts_for(actor.tenant_id, candidate)
    assessment = assess(facts, criteria_of(vacancy))
    proven = [s for s in assessment.skills if s.status == "evidenced"]
    role = facts.roles[0] if facts.roles else None
    where = "remote" if vacancy.remote else vacancy.location
    out = {
        "first_name": (candidate.name or "there").split()[0], "company": tenant.name, "title": vacancy.title,
        "location": where, "channel": data.channel, "tone": data.tone,
        "current_role": f"{role.title} at {role.company}" if role and role.title and role.company
        else (role.title if role and role.title else candidate.headline),
        "proven_skills": [{"skill": s.skill, "quote": s.evidence.quote} for s in proven[:3] if s.evidence],
        "required_skills": vacancy.required_skills or [],
        "salary": {"min": str(vacancy.salary_min), "max": str(vacancy.salary_max), "currency": vacancy.currency}
        if vacancy.salary_min and vacancy.salary_max and vacancy.currency else None,
        "sender": sender.name if sender else tenant.name,
    }
    return out, cv_text(profile_of(candidate))


def _offline(f: dict, tone: str, channel: str) -> tuple[Outreach, str]:
    template = load(f"outreach_{channel}")
    greeting, closing = _TONES[tone]
    skills = [p["skill"] for p in f["proven_skills"]]
    where = f["location"]
    if skills:
        evidence = f"especially your hands-on work with {' and '.join(skills[:2])}."
        short = f"work with {' and '.join(skills[:2])}"
        hook = f"Your {skills[0]} experience is exactly what the team needs."
    else:
        evidence = "and your background looks like a strong match for a role we are filling."
        short = "background"
        hook = "I think your background could be a strong match."
    role_sentence = (f"The role centres on {', '.join(f['required_skills'][:4])}." if f["required_skills"] else "")
    salary = f["salary"]
    values = {
        "greeting": greeting, "closing": closing, "first_name": f["first_name"], "company": f["company"],
        "title": f["title"], "current_role": f["current_role"] or "in your current role",
        "evidence_sentence": evidence, "evidence_short": short, "follow_up_hook": hook,
        "where_short": f" ({where})" if where else "", "where_long": f", {where}" if where else "",
        "role_sentence": role_sentence + (" " if role_sentence and salary else ""),
        "salary_sentence": f"The salary range is {salary['min']}–{salary['max']} {salary['currency']}." if salary else "",
        "call_slot": "this week" if tone != "formal" else "at a time that suits you", "sender": f["sender"],
    }
    parts = {k: Template(v).safe_substitute(values) for k, v in template_sections(template.text).items()}
    if tone == "concise" and channel == "email":
        parts["body"] = parts["body"].replace(" If the timing is wrong, a quick no is perfectly fine too.", "")
    return Outreach(subject=parts.get("subject", ""), body=parts["body"], follow_up_body=parts["follow_up"]), template.version


async def draft_outreach(actor: Actor, data: OutreachRequest) -> OutreachOut:
    """Outreach for one candidate and vacancy, from what the CV proves; nothing is sent."""
    require(actor, "drafting.run")
    facts, cv_text = await _facts(actor, data)
    offline, version = _offline(facts, data.tone, data.channel)
    done = await draft(actor, "outreach", "outreach", Outreach, facts, offline, version, candidate_text=cv_text)
    out = OutreachOut(**done.result.model_dump(), channel=data.channel, tone=data.tone, engine=done.engine,
                      prompt_version=done.prompt_version, notices=done.notices, facts=facts)
    if data.save_to_library:
        out.library_item_id = await save_to_library(
            actor, "outreach", f"Outreach to {facts['first_name']}: {facts['title']}", out,
            f"{out.subject}\n\n{out.body}".strip(), vacancy_id=data.vacancy_id, candidate_id=data.candidate_id)
    return out
