"""Agent tools over analytics and exports, and what the agent can do."""

from __future__ import annotations

from pydantic_ai import RunContext
from pydantic_ai.toolsets import FunctionToolset

from agent import resolve
from agent.deps import ChatDeps
from agent.results import guarded
from tools import analytics, exports

toolset: FunctionToolset[ChatDeps] = FunctionToolset()
CAPABILITIES = [
    "find 5 senior go engineers in Lagos",
    "show Amara Okafor",
    "list open vacancies",
    "what's the pipeline for Backend Engineer",
    "parse the attached CV for Backend Engineer (attach the file)",
    "screen Amara for Backend Engineer",
    "move Kwame to interview",
    "shortlist Amara for Backend Engineer",
    "reject Kwame because not a fit (asks for approval)",
    "draft an offer for Amara at 80k USD starting June 1",
    "submit the offer for Amara (asks for approval)",
    "approve the offer for Amara / reject the offer for Amara because over budget",
    "send the offer to Amara (asks for approval)",
    "schedule a video interview with Kwame tomorrow 3pm",
    "reschedule Kwame's interview to Friday 10am",
    "cancel the interview with Kwame (asks for approval)",
    "score Kwame's interview 80 hire: strong Go",
    "summarise the last interview with Kwame",
    "interview questions for Backend Engineer",
    "draft outreach to Amara for Backend Engineer",
    "send the outreach to Amara for Backend Engineer (asks for approval)",
    "write a JD for a senior data engineer in Berlin",
    "salary benchmark for senior backend engineer in Lagos",
    "analytics overview",
    "export the applications for Backend Engineer",
]


@toolset.tool
@guarded
async def analytics_overview(ctx: RunContext[ChatDeps]) -> dict:
    """The tenant's pipeline at a glance: open vacancies, candidates, applications by stage, hires."""
    return (await analytics.overview(ctx.deps.actor)).model_dump()


@toolset.tool
@guarded
async def export_applications(ctx: RunContext[ChatDeps], vacancy: str) -> dict:
    """Export a vacancy's applications as CSV (audited); answers with the row count and where to
    download the file, never the rows themselves.

    Args:
        vacancy: the vacancy's title or id.
    """
    found = await resolve.vacancy(ctx.deps.actor, vacancy)
    filename, body = await exports.export_applications_csv(ctx.deps.actor, found.id)
    return {"vacancy": found.title, "rows": body.count("\r\n") - 1, "filename": filename,
            "download": f"/api/v1/vacancies/{found.id}/applications/export.csv"}


@toolset.tool
@guarded
async def help(ctx: RunContext[ChatDeps]) -> dict:  # noqa: A001 - the verb users type
    """What the assistant can do, with example requests."""
    return {"examples": CAPABILITIES}
