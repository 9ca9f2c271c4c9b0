"""/api/v1/interviews and scorecards."""

from __future__ import annotations

from pydantic import ValidationError
from quart import Blueprint, Response, request
from quart_schema import DataSource, document_request, validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, multipart, responds, uploaded_files
from tools import interviews, scorecards, transcripts
from tools.errors import InvalidInput

bp = Blueprint("interviews", __name__, url_prefix="/api/v1")


class InterviewQuery(ListQuery, interviews.InterviewFilter):
    pass


@bp.post("/interviews")
@authenticated
@validate_request(interviews.InterviewCreate)
@responds(interviews.InterviewOut, 201)
async def schedule_interview(data: interviews.InterviewCreate):
    """Schedule an interview (admin, recruiter, hiring manager). `scheduled_at` carries its UTC
    offset; `timezone` (IANA) is used in the invite. An interviewer already booked at that time
    is 409 with the clashes. With `notify` (default) each interviewer gets an email with the
    `.ics` invite attached."""
    return ok(await interviews.schedule(actor(), data), 201)


@bp.get("/interviews")
@authenticated
@validate_querystring(InterviewQuery)
@responds(interviews.InterviewOut, many=True)
async def list_interviews(query_args: InterviewQuery):
    """Interviews, newest first; filter by application_id, interviewer_id, status. Interviewers
    see only the interviews they are on."""
    flt = interviews.InterviewFilter.model_validate(query_args.model_dump(exclude={"limit", "cursor"}))
    return page(await interviews.list_interviews(actor(), flt, query_args.limit, query_args.cursor),
                query_args.limit)


@bp.get("/interviews/<interview_id>")
@authenticated
@responds(interviews.InterviewOut)
async def get_interview(interview_id: str):
    """One interview."""
    return ok(await interviews.get_interview(actor(), interview_id))


@bp.patch("/interviews/<interview_id>")
@authenticated
@validate_request(interviews.InterviewUpdate)
@responds(interviews.InterviewOut)
async def reschedule_interview(interview_id: str, data: interviews.InterviewUpdate):
    """Reschedule or change a scheduled interview; the invite's SEQUENCE moves and the
    interviewers get the updated invite."""
    return ok(await interviews.reschedule(actor(), interview_id, data))


@bp.post("/interviews/<interview_id>/complete")
@authenticated
@responds(interviews.InterviewOut)
async def complete_interview(interview_id: str):
    """Mark a scheduled interview completed (409 otherwise)."""
    return ok(await interviews.finish(actor(), interview_id, "complete"))


@bp.post("/interviews/<interview_id>/cancel")
@authenticated
@responds(interviews.InterviewOut)
async def cancel_interview(interview_id: str):
    """Cancel a scheduled interview; the interviewers get a METHOD:CANCEL invite."""
    return ok(await interviews.finish(actor(), interview_id, "cancel"))


@bp.post("/interviews/<interview_id>/no-show")
@authenticated
@responds(interviews.InterviewOut)
async def no_show_interview(interview_id: str):
    """Mark that the candidate did not attend."""
    return ok(await interviews.finish(actor(), interview_id, "no_show"))


@bp.get("/interviews/<interview_id>/invite.ics")
@authenticated
@responds(None)
async def interview_invite(interview_id: str):
    """The interview's invite as an iCalendar file (text/calendar, RFC 5545)."""
    filename, body = await interviews.invite(actor(), interview_id)
    return Response(body, content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.post("/interviews/<interview_id>/scorecards")
@authenticated
@validate_request(scorecards.ScorecardIn)
@responds(scorecards.ScorecardOut, 201)
async def submit_scorecard(interview_id: str, data: scorecards.ScorecardIn):
    """Submit your scorecard for an interview you are on (201), or update it (200)."""
    card, created = await scorecards.submit(actor(), interview_id, data)
    return ok(card, 201 if created else 200)


@bp.get("/interviews/<interview_id>/scorecards")
@authenticated
@responds(scorecards.ScorecardOut, many=True)
async def interview_scorecards(interview_id: str):
    """An interview's scorecards; an interviewer sees only their own."""
    items = await scorecards.list_for_interview(actor(), interview_id)
    return ok(items)


@bp.get("/applications/<application_id>/scorecards")
@authenticated
@responds(scorecards.ApplicationScorecards)
async def application_scorecards(application_id: str):
    """All scorecards of an application's interviews, with the average score and the
    recommendation counts (admin, recruiter, hiring manager)."""
    return ok(await scorecards.for_application(actor(), application_id))


@bp.put("/interviews/<interview_id>/transcript")
@multipart
@authenticated
@document_request(transcripts.TranscriptIn, source=DataSource.JSON)
@responds(transcripts.TranscriptOut)
async def attach_transcript(interview_id: str):
    """Attach the interview's transcript (admin, recruiter, hiring manager): JSON `{"text": …}`,
    or multipart `files[]` with one .txt, .vtt or .srt file (2 MB; cue numbers and timings are
    dropped, WebVTT voice tags become "Speaker:"). Replaces any earlier transcript."""
    if request.mimetype == "multipart/form-data":
        files = await uploaded_files()
        if len(files) != 1:
            raise InvalidInput("send exactly one transcript file as files[]", {"files": len(files)})
        text = transcripts.transcript_text(files[0].data)
    else:
        try:
            body = transcripts.TranscriptIn.model_validate(await request.get_json(silent=True) or {})
        except ValidationError as exc:
            raise InvalidInput("send {\"text\": \"…\"} or a file", exc.errors(include_url=False,
                                                                            include_context=False)) from exc
        text = transcripts.transcript_text(body.text.encode())
    return ok(await transcripts.attach(actor(), interview_id, text))


@bp.post("/interviews/<interview_id>/transcript/summary")
@authenticated
@responds(transcripts.TranscriptSummaryOut)
async def summarise_transcript(interview_id: str):
    """Summarise the transcript: summary, quotes per required skill, concerns (hedges, skills
    never discussed) and scorecard hints. Offline extractive, or written by the configured model."""
    return ok(await transcripts.summarise(actor(), interview_id))
