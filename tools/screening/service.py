"""Screen one profile against criteria with the configured engine: the single entry point
used by REST evaluations, rescoring, screening batches, the agent and Slack."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from tools import llm
from tools.actor import Actor
from tools.ai_budget import ensure_budget, fallback_notice
from tools.ai_usage import record_model_usage
from tools.errors import BudgetExceeded
from tools.screening import prose
from tools.screening.blind import blind_profile, redact
from tools.screening.criteria import Criteria
from tools.screening.engine import ENGINE, RULES_VERSION, Assessment, assess
from tools.screening.facts import CandidateFacts, candidate_facts

log = logging.getLogger("hirebot.screening")


@dataclass
class Screening:
    assessment: Assessment
    facts: CandidateFacts
    engine: str
    prompt_version: str
    input_hash: str
    notices: list[str] = field(default_factory=list)


def input_hash(facts: CandidateFacts, criteria: Criteria, blind: bool) -> str:
    """What the evaluation was computed from: the facts' digest, the criteria and the mode."""
    body = f"{facts.digest}|{criteria.model_dump_json()}|{blind}"
    return hashlib.sha256(body.encode()).hexdigest()


def screen_offline(facts: CandidateFacts, criteria: Criteria, blind: bool) -> Screening:
    return Screening(assess(facts, criteria, blind=blind), facts, ENGINE, RULES_VERSION,
                     input_hash(facts, criteria, blind))


async def screen(actor: Actor, profile: dict | None, criteria: Criteria, *, blind: bool,
                 facts: CandidateFacts | None = None, target: tuple[str, str] | None = None,
                 use_model: bool = True) -> Screening:
    """Compute the facts and the score; with a model configured, let it write the prose.

    ``facts`` saves re-reading a profile (rescoring); the model never changes the score or
    the per-skill facts. A model failure keeps the offline prose and says so in the engine;
    so does a spent AI budget, with a notice.
    """
    facts = facts or candidate_facts(profile or {})
    result = screen_offline(facts, criteria, blind)
    model = llm.configured_model() if use_model and facts.readable else None
    if model is None:
        return result
    try:
        await ensure_budget(actor.tenant_id)
    except BudgetExceeded as exc:
        result.notices.append(fallback_notice(exc))
        return result
    shown = blind_profile(profile or {}) if blind else (profile or {})
    shown_facts = {"years": facts.years, "seniority": facts.seniority,
                   "criteria": criteria.model_dump(mode="json"),
                   "location": None if blind else facts.location}
    try:
        text, usage = await prose.write_prose(model, shown_facts, result.assessment, shown, blind)
    except Exception as exc:  # noqa: BLE001 - a model outage must not lose the evaluation
        log.warning("screening prose failed, keeping the offline verdict: %s", exc)
        return result
    await record_model_usage(actor, "screening", llm.model_name(), usage, target)
    a = result.assessment
    hide = (lambda t: redact(t, facts.name, facts.location)) if blind else (lambda t: t)
    a.verdict = hide(text.verdict)
    a.strengths = [hide(s) for s in text.strengths] or a.strengths
    a.concerns = [hide(c) for c in text.concerns] or a.concerns
    result.engine, result.prompt_version = llm.model_name(), prose.PROMPT.version
    return result
