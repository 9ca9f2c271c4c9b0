"""The chat agent: instructions from ``prompts/agent_system.txt``, the tenant briefing per run,
the domain toolsets, text or paused-for-approval output."""

from __future__ import annotations

from functools import cache

from pydantic_ai import Agent, RunContext
from pydantic_ai.tools import DeferredToolRequests

from agent import tools_drafting, tools_interviews, tools_offers, tools_recruiting, tools_work
from agent.deps import ChatDeps
from prompts import load
from tools import accounts
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Forbidden
from tools.vacancies import list_vacancies
from tools.vacancy_schemas import VacancyFilter

PROMPT = "agent_system"
ChatOutput = str | DeferredToolRequests


def _instructions(ctx: RunContext[ChatDeps]) -> str:
    prompt = load(PROMPT)
    return f"{prompt.text}\n\n(prompt version {prompt.version})\n\n{ctx.deps.context}"


@cache
def chat_agent() -> Agent[ChatDeps, ChatOutput]:
    """The one agent; model, deps and conversation are given per run."""
    return Agent(deps_type=ChatDeps, output_type=[str, DeferredToolRequests], instructions=_instructions,
                 toolsets=[tools_recruiting.toolset, tools_offers.toolset, tools_interviews.toolset,
                           tools_drafting.toolset, tools_work.toolset], retries=1)


async def tenant_context(actor: Actor) -> str:
    """Who is chatting and what is open, read through the domain tools as that user."""
    me = await accounts.me(actor)
    who = me.user.name if me.user else (me.api_key.name if me.api_key else "an integration")
    try:
        page = await list_vacancies(actor, VacancyFilter(status="open"), 20, None)
        open_titles = ", ".join(f"{v.title} ({v.id})" for v in page.items) or "none"
    except Forbidden:
        open_titles = "not visible to this role"
    return (f"Company: {me.tenant.name}\nUser: {who}, role {actor.role}\n"
            f"Open vacancies: {open_titles}\nToday (UTC): {utcnow().date().isoformat()}")
