"""The offline command vocabulary: one user message to a tool call (name + arguments) or a reply.

Names stay as the user wrote them; the tools resolve them fuzzily against the tenant's data."""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dateutil import parser as dateparser

from agent.attachments import split
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


@dataclass(frozen=True)
class Said:
    """What a rule may read besides its match: the time and the attached file ids."""

    now: dt.datetime
    files: tuple[str, ...] = ()


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


def _draft_offer(m: re.Match, said: Said) -> Call | Reply:
    amount = _amount(m["amount"])
    cur = (m["cur"] or m["sym"] or "").strip()
    currency = CURRENCIES.get(cur.lower(), CURRENCIES.get(cur, cur.upper()))
    if amount is None or len(currency) != 3:
        return Reply("Tell me the salary and currency, e.g. \"draft an offer for Amara at 80k USD starting June 1\".")
    args = {"candidate": _clean(m["cand"]), "base_salary": str(amount), "currency": currency, **_vac(m)}
    if m["start"]:
        start = _start_date(m["start"], said.now)
        if start is None:
            return Reply(f"I could not read the start date \"{m['start']}\".")
        args["start_date"] = start
    return Call("draft_offer", args)


def _schedule(m: re.Match, said: Said) -> Call | Reply:
    when = parse_when(m["when"], said.now)
    if when is None:
        return Reply(f"I could not read the time \"{m['when']}\"; try \"tomorrow 3pm\" or \"June 3 at 10:00\".")
    kind = (m["kind"] or "video").lower().replace("on-site", "onsite")
    return Call("schedule_interview", {"candidate": _clean(m["cand"]), "starts_at": when.isoformat(), "kind": kind})


def _questions(m: re.Match) -> Call:
    target = _clean(m["target"])
    person, sep, vacancy = target.partition(" for ")
    return Call("interview_questions", {"vacancy": vacancy, "candidate": person} if sep else {"vacancy": target})


LEVELS = {"junior": "junior", "graduate": "junior", "mid": "mid", "mid-level": "mid", "intermediate": "mid",
          "senior": "senior", "sr": "senior", "lead": "lead", "principal": "lead", "executive": "executive"}
RECOMMENDATIONS = ("strong_no_hire", "strong_hire", "no_hire", "hire")
_LEVEL = re.compile(r"\b(" + "|".join(sorted(LEVELS, key=len, reverse=True)) + r")\b", re.I)
_WHO = r"(?:(?:interview|call)\s+(?:with|for|of)\s+(?P<c1>.+?)|(?P<c2>.+?)(?:'s|’s|')?\s+(?:interview|call))"
_ROLE_END = r"(?:\s+(?:role|vacancy|job|position))?"


def _who(m: re.Match) -> str:
    g = m.groupdict()
    return _clean(g.get("c1") or g.get("c2") or g.get("c3") or "")


def _job(text: str) -> dict:
    """A job's title, level, place and skills from "senior data engineer in Berlin with Spark and Kafka"."""
    rest, _, skills = re.sub(r"\bremote(?:ly)?\b", " ", text, flags=re.I).partition(" with ")
    title, _, location = rest.rpartition(" in ") if " in " in rest else (rest, "", "")
    level = _LEVEL.search(title)
    out: dict = {"title": _clean(title), "remote": bool(re.search(r"\bremote", text, re.I))}
    if location.strip():
        out["location"] = _clean(location)
    if level:
        out["seniority"] = LEVELS[level[1].lower()]
    if skills.strip():
        out["required_skills"] = [_clean(s) for s in re.split(r",|\band\b", skills) if _clean(s)]
    return out


def _jd(m: re.Match) -> Call | Reply:
    job = _job(m["rest"])
    if not job["title"]:
        return Reply("Tell me the job, e.g. \"write a JD for a senior data engineer in Berlin\".")
    return Call("write_job_description", {**job, "title": string.capwords(job["title"])})


def _salary(m: re.Match) -> Call:
    rest = m["rest"] or m["rest2"]
    currency = re.search(r"\b(?:in\s+)?([A-Z]{3})\b", rest)
    if currency:
        rest = rest.replace(currency[0], " ")
    level = _LEVEL.search(rest)
    job = _job(_LEVEL.sub(" ", rest))
    args = {"role": job["title"], **{k: job[k] for k in ("location",) if k in job}}
    if level:
        args["seniority"] = LEVELS[level[1].lower()]
    if currency:
        args["currency"] = currency[1]
    return Call("salary_benchmark", args)


def _scorecard(m: re.Match) -> Call | Reply:
    rec = re.sub(r"[\s_-]+", "_", (m["rec"] or "").lower())
    if rec not in RECOMMENDATIONS:
        return Reply("Add a recommendation, e.g. \"score Kwame's interview 80 hire: strong Go\" "
                     "(strong hire, hire, no hire or strong no hire).")
    return Call("record_scorecard", {"candidate": _who(m), "score": min(int(m["score"]), 100), "recommendation": rec,
                                     "notes": _clean(m["notes"] or "")})


def _reschedule(m: re.Match, said: Said) -> Call | Reply:
    said_when = m["when"] or m["when2"]
    when = parse_when(said_when, said.now)
    if when is None:
        return Reply(f"I could not read the time \"{said_when}\"; try \"Friday 10am\" or \"June 3 at 10:00\".")
    return Call("reschedule_interview", {"candidate": _who(m), "starts_at": when.isoformat()})


def _parse_cv(m: re.Match, said: Said) -> Call | Reply:
    if not said.files:
        return Reply("Attach the CV first: upload it (POST /api/v1/files) and send its id in `attachments`.")
    return Call("parse_cv", {"files": list(said.files), **_vac(m)})


_OFFER = r"(?:the\s+|an?\s+)?offer\s+(?:for|to|of)\s+(?P<cand>.+?)"
RULES: list[tuple[re.Pattern, object]] = [(re.compile(p, re.I), f) for p, f in [
    (r"^(?:help|what can you do|commands|\?)$", lambda m, s: Reply(help_text())),
    (r"\b(?:parse|add|import|upload|process|read|load|screen)\s+(?:the\s+|this\s+|these\s+|that\s+|my\s+|an?\s+)?"
     r"(?:attached\s+|uploaded\s+|new\s+)?(?:cvs?|resumes?|résumés?|files?|attachments?)\b(?:\s+file_[0-9a-z]+)*"
     r"(?:\s+(?:and\s+)?(?:for|to|against|on)\s+(?:the\s+)?(?P<vac>.+?)" + _ROLE_END + ")?$", _parse_cv),
    (r"\b(?:write|draft|generate|create|make|prepare)\s+(?:me\s+)?(?:an?\s+|the\s+)?(?:jd|job\s+description|"
     r"job\s+ad(?:vert)?|job\s+post(?:ing)?)\s+(?:for\s+)?(?:an?\s+|the\s+)?(?P<rest>.+)$", lambda m, s: _jd(m)),
    (r"\b(?:improve|optimi[sz]e|rewrite|polish)\s+(?:the\s+)?(?:jd|job\s+description|job\s+ad)\s+(?:for|of)\s+"
     r"(?:the\s+)?(?P<vac>.+?)" + _ROLE_END + "$",
     lambda m, s: Call("write_job_description", {"vacancy": _clean(m["vac"])})),
    (r"\b(?:salary|pay|compensation)\s+(?:benchmark|range|data|bands?)?\s*(?:for|of)\s+(?:an?\s+|the\s+)?(?P<rest>.+)$|"
     r"\bwhat\s+(?:should|do|would)\s+we\s+pay\s+(?:an?\s+|the\s+)?(?P<rest2>.+)$",
     lambda m, s: _salary(m)),
    (r"\b(?:find|source|search for|look for|get me)\s+(?P<rest>.+)$", lambda m, s: _find(m)),
    (r"\b(?:draft|make|create|prepare|write)\s+(?:an?\s+)?offer\s+(?:for|to)\s+(?P<cand>.+?)\s+(?:at|for|with|of)\s+"
     r"(?P<sym>[$€£₦])?\s*(?P<amount>[\d.,]+\s*[km]?)\s*(?P<cur>[A-Za-z]{3}|dollars|euros|pounds)?"
     r"(?:\s+(?:starting|from|start date)\s+(?P<start>.+?))?" + _V + "$", _draft_offer),
    (r"\bsubmit\s+" + _OFFER + _V + "$", lambda m, s: Call("submit_offer", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\bapprove\s+" + _OFFER + _V + "$", lambda m, s: Call("approve_offer", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\breject\s+" + _OFFER + r"(?:\s+(?:because|as|reason:?)\s+(?P<reason>.+))?$",
     lambda m, s: Call("reject_offer", {"candidate": _clean(m["cand"]), "comment": _clean(m["reason"] or "rejected in chat")})),
    (r"\bsend\s+" + _OFFER + _V + "$", lambda m, s: Call("send_offer", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\b(?:schedule|book|set up|arrange)\s+(?:an?\s+)?(?P<kind>phone|video|onsite|on-site|technical|panel)?\s*"
     r"(?:interview|call)\s+(?:with|for)\s+(?P<cand>.+?)\s+(?P<when>(?:today|tomorrow|on\b|next\b|at\b|monday|tuesday|"
     r"wednesday|thursday|friday|saturday|sunday|\d).*)$", _schedule),
    (r"\b(?:reschedule|move|push|shift)\s+(?:the\s+|my\s+)?" + _WHO + r"\s+(?:to|for|until)\s+(?P<when>.+)$|"
     r"\breschedule\s+(?P<c3>.+?)\s+(?:to|for)\s+(?P<when2>.+)$",
     _reschedule),
    (r"\bcancel\s+(?:the\s+|an?\s+|my\s+)?" + _WHO + _V + "$",
     lambda m, s: Call("cancel_interview", {"candidate": _who(m), **_vac(m)})),
    (r"\b(?:score|rate)\s+(?:the\s+|my\s+)?" + _WHO + r"\s*(?::|at|as|with)?\s*(?P<score>\d{1,3})(?:\s*/\s*100)?"
     r"(?:\s*[,;]?\s*(?P<rec>strong[\s_-]+no[\s_-]+hire|strong[\s_-]+hire|no[\s_-]+hire|hire))?"
     r"(?:\s*[:,;\-–]\s*(?P<notes>.+))?$", lambda m, s: _scorecard(m)),
    (r"\b(?:send|email|mail)\s+(?:the\s+|an?\s+|my\s+)?(?:outreach|intro|message|email|mail)\s+(?:to\s+)?"
     r"(?P<cand>.+?)\s+(?:for|about|re)\s+(?:the\s+)?(?P<vac>.+?)" + _ROLE_END + "$|"
     r"^(?:e-?mail|reach out to|contact)\s+(?P<cand2>.+?)\s+(?:for|about|re)\s+(?:the\s+)?(?P<vac2>.+?)" + _ROLE_END + "$",
     lambda m, s: Call("send_outreach", {"candidate": _clean(m["cand"] or m["cand2"]),
                                         "vacancy": _clean(m["vac"] or m["vac2"])})),
    (r"\b(?:summari[sz]e|recap|summary of)\s+(?:the\s+)?(?:last\s+|latest\s+|most recent\s+)?interview\s+"
     r"(?:with|of|for)\s+(?P<cand>.+?)" + _V + "$",
     lambda m, s: Call("summarise_interview", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\bquestions\s+(?:for|about)\s+(?P<target>.+)$", lambda m, s: _questions(m)),
    (r"\b(?:draft|write)\s+(?:an?\s+|some\s+)?(?:outreach|message|email|intro)\s+(?:to|for)\s+(?P<cand>.+?)\s+"
     r"(?:for|about)\s+(?:the\s+)?(?P<vac>.+)$",
     lambda m, s: Call("draft_outreach", {"candidate": _clean(m["cand"]), "vacancy": _clean(m["vac"])})),
    (r"\bpipeline\s+(?:for|of)\s+(?:the\s+)?(?P<vac>.+?)(?:\s+(?:role|vacancy|job))?$",
     lambda m, s: Call("vacancy_pipeline", {"vacancy": _clean(m["vac"])})),
    (r"\b(?:screen|evaluate|assess|score)\s+(?P<cand>.+?)(?:\s+(?:for|against)\s+(?:the\s+)?(?P<vac>.+?)"
     r"(?:\s+(?:role|vacancy|job))?)?$",
     lambda m, s: Call("screen_candidate", {"candidate": _clean(m["cand"]), **_vac(m)})),
    (r"\b(?:move|advance|progress|push)\s+(?P<cand>.+?)\s+(?:to|into)\s+(?:the\s+)?(?P<stage>\w+)(?:\s+stage)?" + _V + "$",
     lambda m, s: _move(m)),
    (r"\bshortlist\s+(?P<cand>.+?)\s+for\s+(?:the\s+)?(?P<vac>.+)$",
     lambda m, s: Call("shortlist_candidate", {"candidate": _clean(m["cand"]), "vacancy": _clean(m["vac"])})),
    (r"\breject\s+(?P<cand>.+?)(?:\s+for\s+(?P<vac>.+?))?\s+(?:because|as|reason:?)\s+(?P<reason>.+)$",
     lambda m, s: Call("reject_candidate", {"candidate": _clean(m["cand"]), "reason": _clean(m["reason"]), **_vac(m)})),
    (r"\b(?:vacancies|jobs|openings|open roles)\b",
     lambda m, s: Call("list_vacancies", {"status": None if re.search(r"\ball\b", m.string, re.I) else "open"})),
    (r"\bexport\s+(?:the\s+|all\s+)?(?:applications|applicants|candidates|data)\s+(?:for|of|from)\s+(?:the\s+)?"
     r"(?P<vac>.+?)" + _ROLE_END + "$",
     lambda m, s: Call("export_applications", {"vacancy": _clean(m["vac"])})),
    (r"\b(?:analytics|overview|stats|dashboard|how are we doing)\b", lambda m, s: Call("analytics_overview")),
    (r"^(?:show(?: me)?|who is|tell me about|open|profile of)\s+(?P<cand>.+)$",
     lambda m, s: Call("get_candidate", {"candidate": _clean(m["cand"])})),
]]


def parse(message: str, now: dt.datetime) -> Call | Reply:
    """The first rule that matches the message, else the list of what works offline."""
    own, files = split(message)
    text = _FILLER.sub("", _clean(own))
    said = Said(now, tuple(files) + tuple(f for f in re.findall(r"\bfile_[0-9a-z]+", text) if f not in files))
    for pattern, build in RULES:
        m = pattern.search(text)
        if m:
            return build(m, said)
    return Reply(help_text("I did not understand that. Without a language model I understand requests like:"))
