"""Generate a job description from fields or a brief, or optimise a vacancy's own."""

from __future__ import annotations

from string import Template

from pydantic import BaseModel, Field, model_validator

from prompts import load
from storage.models import Tenant
from tools.actor import Actor
from tools.drafting.runner import NOTICES_DOC, draft, save_to_library, template_sections
from tools.jd import extract_requirements
from tools.parsing.schema import Seniority
from tools.parsing.skills import canonical_skill_list, skill_category
from tools.policy import require
from tools.vacancy_status import vacancy_row

_LEVEL_SENTENCE = {"junior": "It is a great first or second step in your career.",
                   "mid": "You have shipped real work and want more ownership.",
                   "senior": "You bring experience, judgement and help others grow.",
                   "lead": "You set direction and lead people as well as code.",
                   "executive": "You lead the function and shape the company's direction."}


class JobDescriptionRequest(BaseModel):
    vacancy_id: str | None = Field(default=None, max_length=40, description="optimise this vacancy's description")
    brief: str | None = Field(default=None, max_length=20_000, description="free text: notes or a draft ad")
    title: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    remote: bool = False
    seniority: Seniority | None = None
    employment_type: str | None = Field(default=None, max_length=20)
    required_skills: list[str] = Field(default_factory=list, max_length=50)
    nice_to_have_skills: list[str] = Field(default_factory=list, max_length=50)
    min_years: float | None = Field(default=None, ge=0, le=50)
    save_to_library: bool = False

    @model_validator(mode="after")
    def _something(self) -> JobDescriptionRequest:
        if not (self.vacancy_id or self.title or self.brief):
            raise ValueError("give vacancy_id, a title or a brief")
        return self


class JobDescription(BaseModel):
    title: str = Field(max_length=200)
    summary: str = Field(max_length=2000)
    responsibilities: list[str] = Field(max_length=10)
    requirements: list[str] = Field(max_length=15)
    nice_to_have: list[str] = Field(max_length=15)
    what_we_offer: list[str] = Field(max_length=10)


class JobDescriptionOut(JobDescription):
    markdown: str
    engine: str
    prompt_version: str
    notices: list[str] = Field(default_factory=list, description=NOTICES_DOC)
    facts: dict
    library_item_id: str | None = None


async def _facts(actor: Actor, data: JobDescriptionRequest) -> dict:
    fields = data.model_dump(exclude={"vacancy_id", "brief", "save_to_library"})
    notes = data.brief or ""
    if data.vacancy_id:
        row = await vacancy_row(actor, data.vacancy_id)
        fields.update({k: getattr(row, k) for k in ("title", "location", "remote", "seniority", "employment_type",
                                                    "min_years")}, required_skills=row.required_skills,
                      nice_to_have_skills=row.nice_to_have_skills)
        fields["salary"] = ({"min": str(row.salary_min), "max": str(row.salary_max), "currency": row.currency}
                            if row.salary_min and row.salary_max and row.currency else None)
        notes = row.description or notes
    found = extract_requirements(notes, fields.get("title")) if notes else None
    if found:
        fields["required_skills"] = fields["required_skills"] or found.required
        fields["nice_to_have_skills"] = fields["nice_to_have_skills"] or found.nice_to_have
        fields["seniority"] = fields["seniority"] or found.seniority
        fields["min_years"] = fields["min_years"] or found.min_years
    fields["required_skills"] = canonical_skill_list(fields["required_skills"])
    fields["nice_to_have_skills"] = canonical_skill_list(fields["nice_to_have_skills"])
    fields["title"] = fields["title"] or "Team member"
    fields["company"] = (await Tenant.get(id=actor.tenant_id)).name
    fields["notes"] = notes[:4000]
    return fields


def _offline(f: dict) -> tuple[JobDescription, str]:
    template = load("job_description_offline")
    parts = template_sections(template.text)
    where = " (remote)" if f["remote"] else (f" in {f['location']}" if f["location"] else "")
    req = f["required_skills"]
    summary = Template(parts["summary"]).safe_substitute(
        company=f["company"], title=f["title"], where=where,
        summary_skills=f"You will work mainly with {', '.join(req[:3])}." if req else "",
        level_sentence=_LEVEL_SENTENCE.get(f["seniority"] or "", "")).replace("  ", " ").strip()
    duties = [Template(parts.get(f"responsibility:{skill_category(s)}") or parts["responsibility:default"])
              .safe_substitute(skill=s) for s in req[:5]]
    duties.append(parts["responsibility:general"])
    requirements = [f"Hands-on experience with {s}" for s in req[:10]]
    if f["min_years"]:
        requirements.insert(0, f"{f['min_years']:g}+ years of relevant experience")
    salary = f.get("salary")
    offer = [f"Salary {salary['min']}–{salary['max']} {salary['currency']}"] if salary else []
    offer.append(parts["offer"])
    return JobDescription(title=f["title"], summary=summary, responsibilities=duties, requirements=requirements,
                          nice_to_have=[f"Experience with {s}" for s in f["nice_to_have_skills"][:10]],
                          what_we_offer=offer), template.version


def _markdown(jd: JobDescription) -> str:
    out = [f"# {jd.title}", "", jd.summary]
    for heading, items in (("What you will do", jd.responsibilities), ("What you bring", jd.requirements),
                           ("Nice to have", jd.nice_to_have), ("What we offer", jd.what_we_offer)):
        if items:
            out += ["", f"## {heading}", *(f"- {item}" for item in items)]
    return "\n".join(out) + "\n"


async def generate_job_description(actor: Actor, data: JobDescriptionRequest) -> JobDescriptionOut:
    """A structured job description and its Markdown; nothing is saved."""
    require(actor, "drafting.run")
    facts = await _facts(actor, data)
    offline, version = _offline(facts)
    done = await draft(actor, "job_description", "job_description", JobDescription, facts, offline, version)
    out = JobDescriptionOut(**done.result.model_dump(), markdown=_markdown(done.result), engine=done.engine,
                            prompt_version=done.prompt_version, notices=done.notices, facts=facts)
    if data.save_to_library:
        out.library_item_id = await save_to_library(actor, "job_description", out.title, out, out.markdown,
                                                    vacancy_id=data.vacancy_id)
    return out
