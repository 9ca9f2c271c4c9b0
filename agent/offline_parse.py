"""The offline command vocabulary: one user message to a tool call (name + arguments) or a reply.

Names stay as the user wrote them; the tools resolve them fuzzily against the tenant's data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dateutil import parser as dateparser

from agent.tools_work import CAPABILITIES

NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "₦": "NGN", "dollars": "USD", "euros": "EUR", "pounds": "GBP"}
STAGES = {"applied": "applied", "screen": "screening", "screening": "screening", "interview": "interview",
          "interviews": "interview", "interviewing": "interview", "offer": "offer", "hire": "hired", "hired": "hired"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_FILLER = re.compile(r"^(?:(?:actually|ok|okay|please|so|and|then|now|hey|hi|hirebot|can you|could you)\b[,\s]*)+", re.I)
_V = r"(?:\s+(?:for|on|in)\s+(?:the\s+)?(?P<vac>.+?)(?:\s+(?:role|vacancy|job|position))?)?"


@dataclass
class Call:
    tool: str
    args: dict = field(default_factory=dict)


@dataclass
class Reply:
    text: str


ATTACHED_NOTE = "\n\nAttached files: "


def help_text(prefix: str = "Here is what I understand without a language model:") -> str:
    return prefix + "\n" + "\n".join(f"- {c}" for c in CAPABILITIES)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".?!").strip()


def _amount(raw: str) -> Decimal | None:
    raw = raw.lower().replace(",", "").strip()
    scale = 1000 if raw.endswith("k") else 1_000_000 if raw.endswith("m") else 1
    try:
        return Decimal(raw.rstrip("km")) * scale
    except InvalidOperation:
        return None


def _day(text: str, now: dt.datetime) -> tuple[dt.date, str]:
    """A relative day word (today, tomorrow, a weekday) and the text without it."""
    low = text.lower()
    if "tomorrow" in low:
        return now.date() + dt.timedelta(days=1), low.replace("tomorrow", " ")
    if "today" in low:
        return now.date(), low.replace("today", " ")
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            ahead = (i - now.weekday()) % 7 or 7
            return now.date() + dt.timedelta(days=ahead), re.sub(rf"\b(next\s+)?{name}\b", " ", low)
    return now.date(), low


def parse_when(text: str, now: dt.datetime) -> dt.datetime | None:
    """"tomorrow 3pm", "friday at 10:30", "June 3 2pm" -> an aware UTC datetime (09:00 when no time)."""
    day, rest = _day(text, now)
    rest = re.sub(r"\b(at|on|next)\b", " ", rest).strip()
    default = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC)
    if not rest:
        return default
    try:
        when = dateparser.parse(rest, default=default, fuzzy=True)
    except (ValueError, OverflowError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _start_date(text: str, now: dt.datetime) -> str | None:
    when = parse_when(text, now)
    if when is None:
        return None
    day = when.date()
    return (day.replace(year=day.year + 1) if day < now.date() else day).isoformat()


def _vac(m: re.Match) -> dict:
    return {"vacancy": _clean(m["vac"])} if m.groupdict().get("vac") else {}


def _find(m: re.Match) -> Call:
    rest = _clean(m["rest"])
    first, _, tail = rest.partition(" ")
    count = int(first) if first.isdigit() else NUMBERS.get(first.lower())
    brief = tail if count is not None else rest
    return Call("find_candidates", {"brief": brief, "count": min(count or 5, 50)})


def _move(m: re.Match) -> Call | Reply:
    stage = STAGES.get(m["stage"].lower())
    if stage is None:
        return Reply(f"I can move candidates to: {', '.join(sorted(set(STAGES.values())))}.")
    return Call("move_candidate", {"candidate": _clean(m["cand"]), "stage": stage, **_vac(m)})


def _draft_offer(m: re.Match, now: dt.datetime) -> Call | Reply:
    amount = _amount(m["amount"])
    cur = (m["cur"] or m["sym"] or "").strip()
    currency = CURRENCIES.get(cur.lower(), CURRENCIES.get(cur, cur.upper()))
    if amount is None or len(currency) != 3:
        return Reply("Tell me the salary and currency, e.g. \"draft an offer for Amara at 80k USD starting June 1\".")
    args = {"candidate": _clean(m["cand"]), "base_salary": str(amount), "currency": currency, **_vac(m)}
    if m["start"]:
        start = _start_date(m["start"], now)
        if start is None:
            return Reply(f"I could not read the start date \"{m['start']}\".")
        args["start_date"] = start
    return Call("draft_offer", args)


def _schedule(m: re.Match, now: dt.datetime) -> Call | Reply:
    when = parse_when(m["when"], now)
    if when is None:
        return Reply(f"I could not read the time \"{m['when']}\"; try \"tomorrow 3pm\" or \"June 3 at 10:00\".")
    kind = (m["kind"] or "video").lower().replace("on-site", "onsite")
    return Call("schedule_interview", {"candidate": _clean(m["cand"]), "starts_at": when.isoformat(), "kind": kind})


def _questions(m: re.Match) -> Call:
    target = _clean(m["target"])
    person, sep, vacancy = target.partition(" for ")
    return Call("interview_questions", {"vacancy": vacancy, "candidate": person} if sep else {"vacancy": target})


_OFFER = r"(?:the\s+|an?\s+)?offer\s+(?:for|to|of)\s+(?P<cand>.+?)"
RULES: list[tuple[re.Pattern, object]] = [(re.compile(p, re.I), f) for p, f in [
    (r"^(?:help|what can you do|commands|\?)$", lambda m, now: Reply(help_text())),
    (r"\b(?:find|source|search for|look for|get me)\s+(?P<rest>.+)$", lambda m, now: _find(m)),
    (r"\b(?:draft|make|create|prepare|write)\s+(?:an?\s+)?offer\s+(?:for|to)\s+(?P<cand>.+?)\s+(?:at|for|with|of)\s+"
     r"(?P<sym>[$€£₦])?\s*(?P<amount>[\d.,]+\s*[km]?)\s*(?P<cur>[A-Za-z]{3}|dollars|euros|pounds)?"
     r"(?:\s+(?:starting|from|start date)\s+(?P<start>.+?))?" + _V + "$", _draft_offer),
    (r"\bsubmit\s+" + _OFFER + _V + "$", lambda m, now: Call("submit_offer", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\bapprove\s+" + _OFFER + _V + "$", lambda m, now: Call("approve_offer", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\breject\s+" + _OFFER + r"(?:\s+(?:because|as|reason:?)\s+(?P<reason>.+))?$",
     lambda m, now: Call("reject_offer", {"candidate": _clean(m["cand"]), "comment": _clean(m["reason"] or "rejected in chat")})),
    (r"\bsend\s+" + _OFFER + _V + "$", lambda m, now: Call("send_offer", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\b(?:schedule|book|set up|arrange)\s+(?:an?\s+)?(?P<kind>phone|video|onsite|on-site|technical|panel)?\s*"
     r"(?:interview|call)\s+(?:with|for)\s+(?P<cand>.+?)\s+(?P<when>(?:today|tomorrow|on\b|next\b|at\b|monday|tuesday|"
     r"wednesday|thursday|friday|saturday|sunday|\d).*)$", _schedule),
    (r"\b(?:summari[sz]e|recap|summary of)\s+(?:the\s+)?(?:last\s+|latest\s+|most recent\s+)?interview\s+"
     r"(?:with|of|for)\s+(?P<cand>.+?)" + _V + "$",
     lambda m, now: Call("summarise_interview", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\bquestions\s+(?:for|about)\s+(?P<target>.+)$", lambda m, now: _questions(m)),
    (r"\b(?:draft|write)\s+(?:an?\s+|some\s+)?(?:outreach|message|email|intro)\s+(?:to|for)\s+(?P<cand>.+?)\s+"
     r"(?:for|about)\s+(?:the\s+)?(?P<vac>.+)$",
     lambda m, now: Call("draft_outreach", {"candidate": _clean(m["cand"]), "vacancy": _clean(m["vac"])})),
    (r"\bpipeline\s+(?:for|of)\s+(?:the\s+)?(?P<vac>.+?)(?:\s+(?:role|vacancy|job))?$",
     lambda m, now: Call("vacancy_pipeline", {"vacancy": _clean(m["vac"])})),
    (r"\b(?:screen|evaluate|assess|score)\s+(?P<cand>.+?)(?:\s+(?:for|against)\s+(?:the\s+)?(?P<vac>.+?)"
     r"(?:\s+(?:role|vacancy|job))?)?$",
     lambda m, now: Call("screen_candidate", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\b(?:move|advance|progress|push)\s+(?P<cand>.+?)\s+(?:to|into)\s+(?:the\s+)?(?P<stage>\w+)(?:\s+stage)?" + _V + "$",
     lambda m, now: _move(m)),
    (r"\bshortlist\s+(?P<cand>.+?)\s+for\s+(?:the\s+)?(?P<vac>.+)$",
     lambda m, now: Call("shortlist_candidate", {"candidate": _clean(m["cand"]), "vacancy": _clean(m["vac"])})),
    (r"\breject\s+(?P<cand>.+?)(?:\s+for\s+(?P<vac>.+?))?\s+(?:because|as|reason:?)\s+(?P<reason>.+)$",
     lambda m, now: Call("reject_candidate", {"candidate": _clean(m["cand"]), "reason": _clean(m["reason"]), **_vac(m)})),
    (r"\b(?:vacancies|jobs|openings|open roles)\b",
     lambda m, now: Call("list_vacancies", {"status": None if re.search(r"\ball\b", m.string, re.I) else "open"})),
    (r"\b(?:analytics|overview|stats|dashboard|how are we doing)\b", lambda m, now: Call("analytics_overview")),
    (r"^(?:show(?: me)?|who is|tell me about|open|profile of)\s+(?P<cand>.+)$",
     lambda m, now: Call("get_candidate", {"candidate": _clean(m["cand"])})),
]]


def parse(message: str, now: dt.datetime) -> Call | Reply:
    """The first rule that matches the message, else the list of what works offline. The note the
    chat adds about attached files is not part of the request."""
    text = _FILLER.sub("", _clean(message.split(ATTACHED_NOTE, 1)[0]))
    for pattern, build in RULES:
        m = pattern.search(text)
        if m:
            return build(m, now)
    return Reply(help_text("I did not understand that. Without a language model I understand requests like:"))
