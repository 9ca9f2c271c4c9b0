"""/api/v1/ai: drafting tools (outreach and sending it, interview questions, job descriptions, salaries)."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_request

from api.envelope import ok
from api.guard import actor, authenticated
from api.routes.common import responds
from tools import outreach_send
from tools.drafting import interview_questions, job_description, outreach, salary

bp = Blueprint("drafting", __name__, url_prefix="/api/v1/ai")


@bp.post("/outreach")
@authenticated
@validate_request(outreach.OutreachRequest)
@responds(outreach.OutreachOut)
async def draft_outreach(data: outreach.OutreachRequest):
    """Draft outreach (subject, body, follow-up) to a candidate for a vacancy, per `channel`
    (email, linkedin, sms) and `tone` (friendly, formal, concise), from the skills the CV
    proves. Nothing is sent. `engine` says whether a model wrote it."""
    return ok(await outreach.draft_outreach(actor(), data))


@bp.post("/outreach/send")
@authenticated
@validate_request(outreach_send.OutreachSend)
@responds(outreach_send.OutreachSent)
async def send_outreach(data: outreach_send.OutreachSend):
    """Email outreach to the candidate's address about a vacancy (admins and recruiters): the given
    `subject` and `body`, or without both the drafted email (`tone`). 400 when the candidate has no
    email address. Audited as `outreach.sent`, with an `outreach.sent` event."""
    return ok(await outreach_send.send_outreach(actor(), data))


@bp.post("/interview-questions")
@authenticated
@validate_request(interview_questions.QuestionsRequest)
@responds(interview_questions.InterviewQuestionsOut)
async def generate_interview_questions(data: interview_questions.QuestionsRequest):
    """Technical, behavioural and scenario questions and red-flag signals, each with a
    rationale, for a vacancy (or role, level and skills); with `candidate_id`, tailored to
    what the CV proves, lists only or lacks, and to its gaps."""
    return ok(await interview_questions.interview_questions(actor(), data))


@bp.post("/job-description")
@authenticated
@validate_request(job_description.JobDescriptionRequest)
@responds(job_description.JobDescriptionOut)
async def generate_job_description(data: job_description.JobDescriptionRequest):
    """A job description (summary, responsibilities, requirements, nice to have, offer, and
    Markdown) from fields or a brief, or an optimised version of a vacancy's own."""
    return ok(await job_description.generate_job_description(actor(), data))


@bp.post("/salary-benchmark")
@authenticated
@validate_request(salary.SalaryRequest)
@responds(salary.SalaryBenchmark)
async def salary_benchmark(data: salary.SalaryRequest):
    """What your own vacancies (range midpoints) and approved/sent/accepted offers for a similar
    role pay, with sample sizes and the ids used; with a model configured, a separate
    `model_estimate` clearly labelled as an estimate."""
    return ok(await salary.salary_benchmark(actor(), data))
