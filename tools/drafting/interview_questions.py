"""Interview questions for a vacancy (or a role, level and skills), tailored to a candidate's CV."""

from __future__ import annotations

from string import Template

from pydantic import BaseModel, Field, model_validator

from prompts import load
from storage.models import Candidate
from storage.scoping import scoped
from tools.actor import Actor
from tools.drafting.runner import NOTICES_DOC, cv_text, draft, save_to_library, template_sections
from tools.errors import NotFound
from tools.evaluations import criteria_of, facts_for, profile_of
from tools.parsing.schema import Seniority
from tools.parsing.skills import canonical_skill_list, skill_category
from tools.policy import require
from tools.screening.criteria import Criteria
from tools.screening.engine import Assessment, assess
from tools.vacancy_status import vacancy_row

MAX_TECHNICAL = 6


class QuestionsRequest(BaseModel):
    vacancy_id: str | None = Field(default=None, max_length=40)
    role: str | None = Field(default=None, max_length=200, description="without vacancy_id: the role title")
    level: Seniority | None = None
    skills: list[str] = Field(default_factory=list, max_length=30)
    candidate_id: str | None = Field(default=None, max_length=40, description="tailor to this candidate's CV")
    save_to_library: bool = False

    @model_validator(mode="after")
    def _target(self) -> QuestionsRequest:
        if not self.vacancy_id and not self.role:
            raise ValueError("give vacancy_id, or role (with level and skills)")
        return self


class Question(BaseModel):
    question: str = Field(max_length=600)
    rationale: str = Field(max_length=600)


class InterviewQuestions(BaseModel):
    technical: list[Question] = Field(max_length=12)
    behavioural: list[Question] = Field(max_length=6)
    scenario: list[Question] = Field(max_length=4)
    red_flags: list[Question] = Field(max_length=8, description="signals to watch for, each with why")


class InterviewQuestionsOut(InterviewQuestions):
    engine: str
    prompt_version: str
    notices: list[str] = Field(default_factory=list, description=NOTICES_DOC)
    facts: dict
    library_item_id: str | None = None


def _offline(facts: dict, assessment: Assessment | None) -> tuple[InterviewQuestions, str]:
    template = load("interview_questions_offline")
    parts = {k: [ln.strip() for ln in v.splitlines() if ln.strip()]
             for k, v in template_sections(template.text).items()}
    status = {s.skill: s for s in (assessment.skills if assessment else [])}
    technical = []
    for skill in facts["skills"][:MAX_TECHNICAL]:
        lines = parts.get(f"technical:{skill_category(skill)}") or parts["technical:default"]
        question = Template(lines[0]).safe_substitute(skill=skill)
        s = status.get(skill)
        if s is None:
            why = f"{skill} is a required skill for the role."
        elif s.status == "evidenced" and s.evidence:
            why = (f"The CV shows {skill} as {s.evidence.title or 'a role'} at {s.evidence.company or 'an employer'}: "
                   f"\"{s.evidence.quote}\" Probe the depth behind it.")
        elif s.status == "claimed":
            why = f"{skill} is listed on the CV but no dated role shows it: ask for a concrete project."
        else:
            question = (f"The role needs {skill}, which your CV does not mention. What is the closest thing you have "
                        f"done, and how would you get productive with {skill} in your first month?")
            why = f"{skill} is required and missing from the CV."
        technical.append(Question(question=question, rationale=why))
    level = {"executive": "lead"}.get(facts["level"] or "mid", facts["level"] or "mid")
    behavioural = [Question(question=q, rationale=f"Behaviour expected at {level} level.")
                   for q in parts[f"behavioural:{level}"]]
    top = facts["skills"][0] if facts["skills"] else "the core"
    scenario = [Question(question=Template(q).safe_substitute(title=facts["role"], skill=top),
                         rationale=f"How they would work as {facts['role']} day to day.") for q in parts["scenario"]]
    red = [Question(question=f"Probe: {flag}", rationale="Red flag computed from the CV's dates and the role.")
           for flag in (assessment.red_flags if assessment else [])]
    red += [Question(question=Template(q).safe_substitute(skill=top), rationale="A common sign of shallow experience.")
            for q in parts["red_flags"]]
    return InterviewQuestions(technical=technical, behavioural=behavioural, scenario=scenario, red_flags=red[:8]), \
        template.version


async def interview_questions(actor: Actor, data: QuestionsRequest) -> InterviewQuestionsOut:
    """Technical, behavioural and scenario questions and red-flag signals, with a rationale each."""
    require(actor, "drafting.run")
    if data.vacancy_id:
        vacancy = await vacancy_row(actor, data.vacancy_id)
        criteria = criteria_of(vacancy)
    else:
        criteria = Criteria(title=data.role, required_skills=data.skills, seniority=data.level)
    facts: dict = {"role": criteria.title, "level": criteria.seniority, "skills": criteria.required_skills
                   or canonical_skill_list(data.skills)}
    assessment, text = None, ""
    if data.candidate_id:
        candidate = await scoped(Candidate, actor.tenant_id).get_or_none(id=data.candidate_id, merged_into_id=None)
        if candidate is None:
            raise NotFound("candidate not found", {"candidate_id": data.candidate_id})
        assessment = assess(await facts_for(actor.tenant_id, candidate), criteria)
        facts["candidate"] = {"skills": [s.model_dump(exclude={"credit"}) for s in assessment.skills],
                              "red_flags": assessment.red_flags}
        text = cv_text(profile_of(candidate))
    offline, version = _offline(facts, assessment)
    done = await draft(actor, "interview_questions", "interview_questions", InterviewQuestions, facts, offline,
                       version, candidate_text=text)
    out = InterviewQuestionsOut(**done.result.model_dump(), engine=done.engine, prompt_version=done.prompt_version,
                                notices=done.notices, facts=facts)
    if data.save_to_library:
        lines = [f"- {q.question}" for group in (out.technical, out.behavioural, out.scenario) for q in group]
        out.library_item_id = await save_to_library(
            actor, "interview_questions", f"Interview questions: {facts['role'] or 'role'}", out, "\n".join(lines),
            vacancy_id=data.vacancy_id, candidate_id=data.candidate_id)
    return out
