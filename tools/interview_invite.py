"""The .ics invite of an interview (RFC 5545): one VEVENT with its TZID and a VTIMEZONE."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from storage.models import Interview

PRODID = "-//Hirebot//Interviews//EN"


def invite_ics(interview: Interview, *, title: str, description: str, organizer: str,
               attendees: list[tuple[str, str]]) -> bytes:
    """``attendees`` are (name, email). A cancelled interview gives METHOD:CANCEL."""
    cancelled = interview.status == "cancelled"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    zone = ZoneInfo(interview.timezone)
    start = interview.scheduled_at.astimezone(zone)
    event = Event()
    event.add("uid", f"{interview.id}@hirebot")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=interview.duration_min))
    event.add("summary", title)
    event.add("description", description)
    if interview.location_or_url:
        event.add("location", interview.location_or_url)
        if interview.location_or_url.startswith(("https://", "http://")):
            event.add("url", interview.location_or_url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event["organizer"] = vCalAddress(f"mailto:{organizer}")
    for name, email in attendees:
        who = vCalAddress(f"mailto:{email}")
        who.params["cn"] = vText(name)
        who.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", who, encode=0)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
