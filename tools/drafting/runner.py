"""Run one drafting tool: the configured model with a structured output, else the offline result."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from pydantic_ai import Agent
from pydantic_ai.usage import UsageLimits

from prompts import load
from tools import llm
from tools.actor import Actor
from tools.ai_budget import ensure_budget, fallback_notice
from tools.ai_usage import record_model_usage
from tools.errors import BudgetExceeded
from tools.library import LibrarySave, save_item

log = logging.getLogger("hirebot.drafting")
T = TypeVar("T", bound=BaseModel)


@dataclass
class Drafted(Generic[T]):
    result: T
    engine: str
    prompt_version: str
    notices: list[str] = field(default_factory=list)


NOTICES_DOC = ("what changed how this answer was made, e.g. `budget_exceeded: …` when the AI budget "
               "is spent and the offline engine answered")


def template_sections(text: str) -> dict[str, str]:
    """An offline template's ``--- name`` sections."""
    parts: dict[str, str] = {}
    for chunk in text.split("--- ")[1:]:
        name, _, body = chunk.partition("\n")
        parts[name.strip()] = body.strip()
    return parts


def cv_text(profile: dict) -> str:
    """The CV's own words a model may read (headline, summary, recent roles), trimmed."""
    lines = [profile.get("headline") or "", profile.get("summary") or ""]
    lines += [f"{j.get('title') or ''} | {j.get('company') or ''}\n{j.get('description') or ''}"
              for j in (profile.get("experience") or [])[:4]]
    return "\n".join(line for line in lines if line)[:6000]


def as_data(text: str) -> str:
    """Candidate-written text for a prompt: angle brackets defused so it cannot close its tag."""
    return (text or "").replace("<", "‹").replace(">", "›")


async def draft(actor: Actor, feature: str, prompt: str, output_type: type[T], facts: dict[str, Any],
                offline: T, offline_version: str, *, candidate_text: str = "") -> Drafted[T]:
    """The model's ``output_type`` from ``facts`` (and the CV as delimited data) when a model is
    configured, the tenant's AI budget allows it and the model answers; otherwise ``offline``
    (with a notice when the budget is spent). Model usage is recorded."""
    model = llm.configured_model()
    if model is None:
        return Drafted(offline, "offline", offline_version)
    try:
        await ensure_budget(actor.tenant_id)
    except BudgetExceeded as exc:
        return Drafted(offline, "offline", offline_version, [fallback_notice(exc)])
    instructions = load(prompt)
    agent: Agent[None, T] = Agent(output_type=output_type, instructions=instructions.text, retries=1)
    message = f"<facts>\n{json.dumps(facts, ensure_ascii=False, default=str)}\n</facts>"
    if candidate_text:
        message += f"\n<cv_data>\n{as_data(candidate_text)}\n</cv_data>"
    try:
        run = await agent.run(message, model=model, usage_limits=UsageLimits(request_limit=3))
    except Exception as exc:  # noqa: BLE001 - a model outage falls back to the offline draft
        log.warning("%s: model failed, offline draft kept: %s", feature, exc)
        return Drafted(offline, "offline", offline_version)
    await record_model_usage(actor, feature, llm.model_name(), run.usage)
    return Drafted(run.output, llm.model_name(), instructions.version)


async def save_to_library(actor: Actor, kind: str, title: str, out: BaseModel, text: str, *,
                          vacancy_id: str | None = None, candidate_id: str | None = None) -> str:
    """Keep a drafting result in the library; returns the item's id."""
    content = out.model_dump(mode="json", exclude={"library_item_id", "notices"})
    item = await save_item(actor, LibrarySave(kind=kind, title=title[:200], content=content, text=text,
                                              engine=content.get("engine"), vacancy_id=vacancy_id,
                                              candidate_id=candidate_id))
    return item.id
