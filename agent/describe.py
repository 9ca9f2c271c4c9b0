"""Tool results in plain sentences: the offline model's answers and the ``tool_result`` summaries."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.offline_parse import help_text

_DATA = re.compile(r"</?data>")


def _plain(text: str | None) -> str:
    return _DATA.sub("", text or "").strip()


def _find(r: dict) -> str:
    rows = r["candidates"]
    if not rows:
        return "I found no candidates in your talent pool for that brief."
    lines = [f"{i}. {c['name']} ({c['score']}/100){' - ' + c['location'] if c['location'] else ''}: {c['rationale']}"
             for i, c in enumerate(rows, 1)]
    return f"I found {len(rows)} candidate{'s' * (len(rows) != 1)}:\n" + "\n".join(lines)


def _candidate(r: dict) -> str:
    apps = ", ".join(f"{a['stage']} ({a['vacancy_id']})" for a in r["applications"]) or "no applications"
    return (f"{r['name']}{' - ' + _plain(r['headline']) if _plain(r['headline']) else ''}"
            f"{', ' + r['location'] if r['location'] else ''}. Skills: {', '.join(r['skills']) or 'none listed'}. "
            f"Applications: {apps}.")


def _vacancies(r: dict) -> str:
    if not r["vacancies"]:
        return "There are no vacancies to show."
    return "Vacancies:\n" + "\n".join(f"- {v['title']} ({v['status']}, {v['applicants']} applicants)"
                                      for v in r["vacancies"])


def _pipeline(r: dict) -> str:
    lines = [f"- {s['stage']}: {s['count']}" + (" - " + ", ".join(
        c["name"] + (f" ({c['score']})" if c["score"] is not None else "") for c in s["candidates"])
        if s["candidates"] else "") for s in r["stages"]]
    return f"Pipeline for {r['vacancy']['title']} ({r['total']} applications):\n" + "\n".join(lines)


def _screen(r: dict) -> str:
    missing = f" Missing: {', '.join(r['missing'])}." if r["missing"] else ""
    return (f"I screened {r['candidate']}: {r['score']}/100 ({r['band']}), recommendation "
            f"{r['recommendation'].replace('_', ' ')}.{missing} {r['verdict']}")


def _offer(r: dict, did: str) -> str:
    start = f", starting {r['start_date']}" if r.get("start_date") else ""
    text = f"{did} the offer for {r['candidate']}: {r['base_salary']} {r['currency']}{start}. Status: {r['status']}."
    if r.get("waiting_for"):
        text += f" It is waiting for {' or '.join(r['waiting_for'])} to approve."
    return text


def _interview(r: dict) -> str:
    return (f"I scheduled a {r['kind']} interview with {r['candidate']} on {r['scheduled_at'][:16].replace('T', ' ')} "
            f"UTC for {r['duration_min']} minutes; the invite went out.")


def _summary(r: dict) -> str:
    evidence = "; ".join(f"{e['skill']}: \"{_plain(e['quote'])}\"" for e in r["evidence"][:4])
    concerns = f" Concerns: {'; '.join(r['concerns'])}." if r["concerns"] else ""
    return (f"Last interview with {r['candidate']}: {_plain(r['summary'])}"
            f"{' Evidence - ' + evidence + '.' if evidence else ''}{concerns} Suggested score "
            f"{r['suggested_score']} ({r['suggested_recommendation'].replace('_', ' ')}).")


def _questions(r: dict) -> str:
    who = f" with {r['candidate']}" if r["candidate"] else ""
    qs = [f"- {q}" for q in r["technical"][:4] + r["behavioural"][:2] + r["scenario"][:1]]
    return f"Questions for {r['vacancy']}{who}:\n" + "\n".join(qs)


def _outreach(r: dict) -> str:
    subject = f"Subject: {r['subject']}\n" if r["subject"] else ""
    return f"Draft outreach to {r['candidate']} for {r['vacancy']} (not sent):\n{subject}{_plain(r['body'])}"


def _overview(r: dict) -> str:
    stages = ", ".join(f"{k} {v}" for k, v in r["applications_by_stage"].items() if v)
    return (f"{r['open_vacancies']} open vacancies, {r['candidates']} candidates, {r['applications']} applications"
            f"{' (' + stages + ')' if stages else ''}, {r['hires']} hires.")


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ") + " UTC"


def _parsed(r: dict) -> str:
    lines = []
    for f in r["files"]:
        name = f["filename"] or f["file_id"]
        if not f["ok"]:
            lines.append(f"- {name}: could not be parsed ({f['error']}).")
            continue
        did = "updated the existing candidate" if f["updated_existing"] else "added a new candidate"
        skills = f" Skills: {', '.join(f['skills'])}." if f["skills"] else ""
        screened = (f" Applied to {r['vacancy']} and screened: {f['score']}/100 ({f['band']}), recommendation "
                    f"{f['recommendation'].replace('_', ' ')}." if f["score"] is not None else "")
        lines.append(f"- {name}: {did}, {f['name'] or 'unnamed'}.{skills}{screened}")
    return f"I parsed {len(r['files'])} CV{'s' * (len(r['files']) != 1)}:\n" + "\n".join(lines)


def _scorecard(r: dict) -> str:
    did = "recorded" if r["created"] else "updated"
    return (f"I {did} your scorecard for the interview with {r['candidate']}: {r['score']}/100, "
            f"{r['recommendation'].replace('_', ' ')}.")


def _jd(r: dict) -> str:
    return f"Job description ({'drafted offline' if r['engine'] == 'offline' else 'by ' + r['engine']}, not saved):\n\n{r['markdown']}"


def _spread(label: str, s: dict | None, currency: str) -> str:
    if not s:
        return ""
    n = s["sample_size"]
    return f" {label}: median {s['median']} {currency} (range {s['min']}-{s['max']}, {n} sample{'s' * (n != 1)})."


def _salary(r: dict) -> str:
    scope = ", ".join(x for x in (r["location"], r["seniority"]) if x)
    head = f"Salary benchmark for {r['role']}{' (' + scope + ')' if scope else ''}:"
    ours = _spread("Your vacancy ranges", r["vacancy_ranges"], r["currency"]) + _spread("Your offers", r["offers"], r["currency"])
    if not ours:
        head += " none of your vacancies or offers match that role, so there is no company data to compare."
    estimate = r["model_estimate"]
    model = (f" Model estimate (not data): {estimate['min']}-{estimate['max']} {r['currency']}, {estimate['basis']}."
             if estimate else "")
    return head + ours + model


WRITERS: dict[str, Callable[[dict], str]] = {
    "find_candidates": _find,
    "get_candidate": _candidate,
    "list_vacancies": _vacancies,
    "vacancy_pipeline": _pipeline,
    "screen_candidate": _screen,
    "move_candidate": lambda r: f"Moved {r['candidate']} from {r['from']} to {r['stage']}.",
    "reject_candidate": lambda r: f"Rejected {r['candidate']} ({r['reason']}).",
    "shortlist_candidate": lambda r: (f"Added {r['candidate']} to the {r['vacancy']} shortlist." if r["added"]
                                      else f"{r['candidate']} is already on the {r['vacancy']} shortlist."),
    "draft_offer": lambda r: _offer(r, "I drafted"),
    "submit_offer": lambda r: _offer(r, "I submitted"),
    "approve_offer": lambda r: _offer(r, "You approved"),
    "reject_offer": lambda r: _offer(r, "You rejected"),
    "send_offer": lambda r: _offer(r, "I sent"),
    "schedule_interview": _interview,
    "summarise_interview": _summary,
    "interview_questions": _questions,
    "draft_outreach": _outreach,
    "send_outreach": lambda r: f"I emailed {r['candidate']} at {r['to']} about {r['vacancy']}: \"{r['subject']}\".",
    "parse_cv": _parsed,
    "reschedule_interview": lambda r: (f"I moved the {r['kind']} interview with {r['candidate']} from {_when(r['previous'])} "
                                       f"to {_when(r['scheduled_at'])}; the interviewers got an updated invite."),
    "cancel_interview": lambda r: (f"I cancelled the {r['kind']} interview with {r['candidate']} on "
                                   f"{_when(r['scheduled_at'])}; the interviewers were told."),
    "record_scorecard": _scorecard,
    "write_job_description": _jd,
    "salary_benchmark": _salary,
    "analytics_overview": _overview,
    "export_applications": lambda r: (f"I exported {r['rows']} application(s) of {r['vacancy']} as {r['filename']}; "
                                      f"download it from {r['download']}."),
    "help": lambda r: help_text("Here is what I can do:"),
}


def describe(tool: str, result: object) -> str:
    """A sentence for one tool result; a refusal or a denial says why nothing happened."""
    if not isinstance(result, dict):
        return f"Not done: {result}"
    if not result.get("ok", True):
        error = result["error"]
        if error["code"] == "ambiguous":
            return error["message"]
        return f"I couldn't do that: {error['message']}"
    return WRITERS[tool](result)


REF_KINDS = {"cand": "candidate", "vac": "vacancy"}
_REF = re.compile(r"^(cand|vac)_[0-9a-z]{26}$")


def object_refs(result: object, limit: int = 3) -> list[dict[str, str]]:
    """Candidates and vacancies a tool result names (``{kind, id}``, first ``limit`` of each), so a
    client can link to them."""
    found: dict[str, dict[str, str]] = {}
    counts = dict.fromkeys(REF_KINDS.values(), 0)

    def walk(value: object, depth: int) -> None:
        if isinstance(value, str):
            match = _REF.match(value)
            kind = REF_KINDS[match.group(1)] if match else None
            if kind and value not in found and counts[kind] < limit:
                counts[kind] += 1
                found[value] = {"kind": kind, "id": value}
        elif depth < 4 and isinstance(value, dict):
            for item in value.values():
                walk(item, depth + 1)
        elif depth < 4 and isinstance(value, list):
            for item in value:
                walk(item, depth + 1)

    walk(result, 0)
    return list(found.values())
