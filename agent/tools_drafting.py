"""Agent tools over drafting: interview questions, outreach (sending needs a human's approval),
job descriptions and salary benchmarks."""

from __future__ import annotations

from typing import Literal

from pydantic_ai import RunContext
from pydantic_ai.toolsets import FunctionToolset

from agent import resolve
from agent.deps import ChatDeps
from agent.results import data, guarded
from tools import outreach_send
from tools.drafting import interview_questions as questions
from tools.drafting import job_description, outreach, salary
from tools.parsing.schema import Seniority

toolset: FunctionToolset[ChatDeps] = FunctionToolset()
Tone = Literal["friendly", "formal", "concise"]


@toolset.tool
@guarded
async def interview_questions(ctx: RunContext[ChatDeps], vacancy: str, candidate: str | None = None) -> dict:
    """Interview questions for a vacancy (tailored to a candidate's CV when named), with rationales.

    Args:
        vacancy: the vacancy's title or id.
        candidate: the candidate's name or id.
    """
    actor = ctx.deps.actor
    vac = await resolve.vacancy(actor, vacancy)
    person = await resolve.candidate(actor, candidate) if candidate else None
    out = await questions.interview_questions(actor, questions.QuestionsRequest(
        vacancy_id=vac.id, candidate_id=person.id if person else None))
    return {"vacancy": vac.title, "candidate": person.name if person else None, "engine": out.engine,
            **{k: [q.question for q in getattr(out, k)] for k in ("technical", "behavioural", "scenario", "red_flags")}}


@toolset.tool
@guarded
async def draft_outreach(ctx: RunContext[ChatDeps], candidate: str, vacancy: str, tone: Tone = "friendly",
                         channel: Literal["email", "linkedin", "sms"] = "email") -> dict:
    """Draft outreach to a candidate about a vacancy from what their CV proves; nothing is sent.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id.
        tone: the tone of the message.
        channel: where it will be sent.
    """
    actor = ctx.deps.actor
    person = await resolve.candidate(actor, candidate)
    vac = await resolve.vacancy(actor, vacancy)
    out = await outreach.draft_outreach(actor, outreach.OutreachRequest(
        candidate_id=person.id, vacancy_id=vac.id, tone=tone, channel=channel))
    return {"candidate": person.name, "vacancy": vac.title, "subject": out.subject, "body": data(out.body, 4000),
            "engine": out.engine}


@toolset.tool(requires_approval=True)
@guarded
async def send_outreach(ctx: RunContext[ChatDeps], candidate: str, vacancy: str, subject: str | None = None,
                        body: str | None = None, tone: Tone = "friendly") -> dict:
    """Email outreach to the candidate about the vacancy (needs a human's approval first). Without
    subject and body the drafted email is sent.

    Args:
        candidate: the candidate's name or id.
        vacancy: the vacancy's title or id.
        subject: the email's subject, given together with body.
        body: the email's text, given together with subject.
        tone: the tone of the drafted email when no text is given.
    """
    actor = ctx.deps.actor
    person = await resolve.candidate(actor, candidate)
    vac = await resolve.vacancy(actor, vacancy)
    sent = await outreach_send.send_outreach(actor, outreach_send.OutreachSend(
        candidate_id=person.id, vacancy_id=vac.id, subject=subject, body=body, tone=tone))
    return {"candidate": person.name, "vacancy": vac.title, "to": sent.to, "subject": sent.subject,
            "engine": sent.engine}


@toolset.tool
@guarded
async def write_job_description(ctx: RunContext[ChatDeps], title: str | None = None, vacancy: str | None = None,
                                location: str | None = None, remote: bool = False,
                                seniority: Seniority | None = None, required_skills: list[str] | None = None,
                                brief: str | None = None) -> dict:
    """Write a job description from a title and facts, or improve an existing vacancy's; nothing is saved.

    Args:
        title: the job title, e.g. "Senior Data Engineer".
        vacancy: an existing vacancy's title or id whose description to improve.
        location: where the job is.
        remote: whether the job is remote.
        seniority: the level.
        required_skills: skills the job needs.
        brief: free-text notes about the job.
    """
    actor = ctx.deps.actor
    vac = await resolve.vacancy(actor, vacancy) if vacancy else None
    out = await job_description.generate_job_description(actor, job_description.JobDescriptionRequest(
        vacancy_id=vac.id if vac else None, title=title, location=location, remote=remote, seniority=seniority,
        required_skills=required_skills or [], brief=brief))
    return {"title": out.title, "markdown": out.markdown, "engine": out.engine}


@toolset.tool
@guarded
async def salary_benchmark(ctx: RunContext[ChatDeps], role: str, location: str | None = None,
                           seniority: Seniority | None = None, currency: str | None = None) -> dict:
    """What the company's own vacancy ranges and offers pay for a similar role (plus a labelled model estimate).

    Args:
        role: the role, e.g. "backend engineer".
        location: a city or country to narrow to.
        seniority: the level.
        currency: ISO 4217 code; default the most common one in the data.
    """
    out = await salary.salary_benchmark(ctx.deps.actor, salary.SalaryRequest(
        role=role, location=location, seniority=seniority, currency=currency))
    return {**out.model_dump(mode="json", exclude={"sources", "notices"}), "location": location,
            "seniority": seniority}
