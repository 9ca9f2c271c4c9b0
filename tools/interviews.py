"""Interviews: schedule (with double-booking checks), reschedule, cancel, complete, no-show,
read (interviewers see only their own), and the .ics invite mailed to the interviewers."""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AwareDatetime, BaseModel, Field, field_validator
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Application, Candidate, Interview, User, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.applications import visible_applications
from tools.errors import Conflict, InvalidInput, NotFound
from tools.interview_invite import invite_ics
from tools.pagination import Page, paginate
from tools.policy import HIRING_MANAGER, INTERVIEWER, require
from tools.runtime import runtime

Kind = Literal["phone", "video", "onsite", "technical", "panel"]
Status = Literal["scheduled", "completed", "cancelled", "no_show"]
_ENDS = {"complete": "completed", "cancel": "cancelled", "no_show": "no_show"}
_EVENTS = {"completed": "interview.completed", "cancelled": "interview.cancelled", "no_show": "interview.completed"}


def _zone(v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Europe/Berlin)") from None
    return v


class InterviewCreate(BaseModel):
    application_id: str = Field(max_length=40)
    kind: Kind
    scheduled_at: AwareDatetime = Field(description="ISO 8601 with an offset, e.g. 2026-12-01T10:00:00+01:00")
    timezone: str = Field(default="UTC", max_length=64, description="IANA zone for the invite")
    duration_min: int = Field(ge=5, le=480)
    location_or_url: str = Field(default="", max_length=500)
    interviewer_ids: list[str] = Field(min_length=1, max_length=10)
    notify: bool = Field(default=True, description="email the interviewers the .ics invite")

    _tz = field_validator("timezone")(_zone)


class InterviewUpdate(BaseModel):
    kind: Kind | None = None
    scheduled_at: AwareDatetime | None = None
    timezone: str | None = Field(default=None, max_length=64)
    duration_min: int | None = Field(default=None, ge=5, le=480)
    location_or_url: str | None = Field(default=None, max_length=500)
    interviewer_ids: list[str] | None = Field(default=None, min_length=1, max_length=10)
    notify: bool = True

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        return _zone(v) if v is not None else v


class InterviewOut(BaseModel):
    id: str
    application_id: str
    kind: Kind
    scheduled_at: dt.datetime
    timezone: str
    duration_min: int
    location_or_url: str
    status: Status
    interviewer_ids: list[str]
    sequence: int
    created_at: dt.datetime
    updated_at: dt.datetime


class InterviewFilter(BaseModel):
    application_id: str | None = Field(default=None, max_length=40)
    interviewer_id: str | None = Field(default=None, max_length=40)
    status: Status | None = None


def out(row: Interview) -> InterviewOut:
    return InterviewOut.model_validate(row, from_attributes=True)


async def visible(actor: Actor, interview_id: str, *, lock: bool = False) -> Interview:
    """An interview the actor may see (interviewers: those they are on; hiring managers: their
    vacancies'); others are 404."""
    qs = scoped(Interview, actor.tenant_id)
    row = await (qs.select_for_update() if lock else qs).get_or_none(id=interview_id)
    if row is None or (actor.role == INTERVIEWER and actor.user_id not in row.interviewer_ids) or (
            actor.role == HIRING_MANAGER and not await visible_applications(actor).filter(id=row.application_id).exists()):
        raise NotFound("interview not found", {"id": interview_id})
    return row


async def _interviewers(actor: Actor, ids: list[str]) -> list[User]:
    ids = list(dict.fromkeys(ids))
    users = await scoped(User, actor.tenant_id).filter(id__in=ids, is_active=True)
    missing = sorted(set(ids) - {u.id for u in users})
    if missing:
        raise NotFound("interviewers not found in this team", {"interviewer_ids": missing})
    return sorted(users, key=lambda u: ids.index(u.id))


async def _double_booked(actor: Actor, start: dt.datetime, minutes: int, people: list[str],
                         skip: str | None = None) -> None:
    end = start + dt.timedelta(minutes=minutes)
    nearby = await scoped(Interview, actor.tenant_id).filter(
        status="scheduled", scheduled_at__lt=end, scheduled_at__gte=start - dt.timedelta(hours=8))
    clashes = [{"interviewer_id": who, "interview_id": other.id, "scheduled_at": other.scheduled_at.isoformat()}
               for other in nearby if other.id != skip
               and other.scheduled_at + dt.timedelta(minutes=other.duration_min) > start
               for who in people if who in other.interviewer_ids]
    if clashes:
        raise Conflict("an interviewer is already booked at that time", {"clashes": clashes})


async def _invite(actor: Actor, row: Interview) -> tuple[str, str, bytes, list[User]]:
    """(title, text, .ics, interviewers) of an interview."""
    app = await scoped(Application, actor.tenant_id).get(id=row.application_id)
    candidate = await scoped(Candidate, actor.tenant_id).get(id=app.candidate_id)
    vacancy = await scoped(Vacancy, actor.tenant_id).get(id=app.vacancy_id)
    people = await scoped(User, actor.tenant_id).filter(id__in=row.interviewer_ids)
    title = f"Interview: {candidate.name} for {vacancy.title} ({row.kind})"
    local = row.scheduled_at.astimezone(ZoneInfo(row.timezone))
    text = (f"{title}\nWhen: {local:%A %d %B %Y, %H:%M} {row.timezone}, {row.duration_min} min\n"
            f"Where: {row.location_or_url or 'to be confirmed'}\n")
    ics = invite_ics(row, title=title, description=text, organizer=parseaddr(runtime().settings.email_from)[1],
                     attendees=[(u.name, u.email) for u in people])
    return title, text, ics, people


async def _notify(actor: Actor, row: Interview, what: str) -> None:
    title, text, ics, people = await _invite(actor, row)
    for user in people:
        await runtime().mailer.send(user.email, f"{what}: {title}", f"Hello {user.name},\n\n{text}",
                                    attachments=[("invite.ics", "text/calendar", ics)])


async def schedule(actor: Actor, data: InterviewCreate) -> InterviewOut:
    require(actor, "interviews.schedule")
    app = await visible_applications(actor).get_or_none(id=data.application_id)
    if app is None:
        raise NotFound("application not found", {"application_id": data.application_id})
    people = [u.id for u in await _interviewers(actor, data.interviewer_ids)]
    start = data.scheduled_at.astimezone(dt.UTC)
    async with in_transaction():
        await _double_booked(actor, start, data.duration_min, people)
        row = await Interview.create(id=new_id("iv"), tenant_id=actor.tenant_id, application_id=app.id,
                                     kind=data.kind, scheduled_at=start, timezone=data.timezone,
                                     duration_min=data.duration_min, location_or_url=data.location_or_url,
                                     interviewer_ids=people, created_by_id=actor.principal_id)
        await audit.record(actor, "interview.scheduled", "interview", row.id, {"application_id": app.id})
        await outbox.emit(actor.tenant_id, "interview.scheduled", out(row).model_dump(mode="json"))
    if data.notify:
        await _notify(actor, row, "Invitation")
    return out(row)


async def reschedule(actor: Actor, interview_id: str, data: InterviewUpdate) -> InterviewOut:
    """Change time, place, kind or interviewers of a scheduled interview; the invite's sequence moves."""
    require(actor, "interviews.schedule")
    changes = data.model_dump(exclude_none=True, exclude={"notify"})
    if not changes:
        raise InvalidInput("nothing to change", {})
    async with in_transaction():
        row = await visible(actor, interview_id, lock=True)
        if row.status != "scheduled":
            raise Conflict(f"a {row.status} interview cannot be changed", {"status": row.status})
        if "interviewer_ids" in changes:
            changes["interviewer_ids"] = [u.id for u in await _interviewers(actor, changes["interviewer_ids"])]
        if "scheduled_at" in changes:
            changes["scheduled_at"] = changes["scheduled_at"].astimezone(dt.UTC)
        for key, value in changes.items():
            setattr(row, key, value)
        await _double_booked(actor, row.scheduled_at, row.duration_min, row.interviewer_ids, skip=row.id)
        row.sequence += 1
        await row.save()
        await audit.record(actor, "interview.rescheduled", "interview", row.id, {"fields": sorted(changes)})
        await outbox.emit(actor.tenant_id, "interview.scheduled", {**out(row).model_dump(mode="json"), "rescheduled": True})
    if data.notify:
        await _notify(actor, row, "Updated invitation")
    return out(row)


async def finish(actor: Actor, interview_id: str, action: Literal["complete", "cancel", "no_show"]) -> InterviewOut:
    """scheduled -> completed | cancelled | no_show; anything else is 409."""
    require(actor, "interviews.schedule")
    status = _ENDS[action]
    async with in_transaction():
        row = await visible(actor, interview_id, lock=True)
        if row.status != "scheduled":
            raise Conflict(f"the interview is already {row.status}", {"status": row.status})
        row.status = status
        if status == "cancelled":
            row.sequence += 1
        await row.save()
        await audit.record(actor, f"interview.{status}", "interview", row.id)
        await outbox.emit(actor.tenant_id, _EVENTS[status], out(row).model_dump(mode="json"))
    if status == "cancelled":
        await _notify(actor, row, "Cancelled")
    return out(row)


async def get_interview(actor: Actor, interview_id: str) -> InterviewOut:
    require(actor, "interviews.read")
    return out(await visible(actor, interview_id))


async def list_interviews(actor: Actor, flt: InterviewFilter, limit: int, cursor: str | None) -> Page[InterviewOut]:
    """Interviews, newest first; an interviewer sees only those they are on."""
    require(actor, "interviews.read")
    qs = scoped(Interview, actor.tenant_id)
    if flt.application_id:
        qs = qs.filter(application_id=flt.application_id)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if actor.role == HIRING_MANAGER:
        qs = qs.filter(application__vacancy__hiring_manager_id=actor.user_id or "")
    who = actor.user_id if actor.role == INTERVIEWER else flt.interviewer_id
    if who:
        ids = [i for i, people in await qs.values_list("id", "interviewer_ids") if who in people]
        qs = qs.filter(id__in=ids)
    return await paginate(qs, InterviewOut, limit, cursor)


async def invite(actor: Actor, interview_id: str) -> tuple[str, bytes]:
    """(filename, .ics bytes) of an interview the actor may see."""
    require(actor, "interviews.read")
    row = await visible(actor, interview_id)
    _, _, ics, _ = await _invite(actor, row)
    return f"interview-{row.id}.ics", ics
