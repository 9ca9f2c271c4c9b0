"""Model-written verdict, strengths and concerns over facts the engine already computed.

The model sees the computed facts (JSON) and the CV as delimited data, and returns prose only:
its output type has no score, band or skill fields, so it cannot change them.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, Field
from pydantic_ai import Agent
from pydantic_ai.models import Model
from pydantic_ai.usage import RunUsage, UsageLimits

from prompts import load
from tools.screening.engine import Assessment

PROMPT = load("screening_verdict")
_CV_CHARS = 12_000


class VerdictProse(BaseModel):
    verdict: str = Field(max_length=3000)
    strengths: list[str] = Field(default_factory=list, max_length=8)
    concerns: list[str] = Field(default_factory=list, max_length=8)


_agent: Agent[None, VerdictProse] = Agent(output_type=VerdictProse, instructions=PROMPT.text, retries=1)


def cv_as_data(profile: dict) -> str:
    """The CV's text content for the model, with anything that could close the data tag defused."""
    lines = [profile.get("headline") or "", profile.get("summary") or ""]
    for job in profile.get("experience") or []:
        when = f"{job.get('start_date') or '?'} – {'present' if job.get('is_current') else job.get('end_date') or '?'}"
        lines.append(f"{job.get('title') or ''} | {job.get('company') or ''} | {when}")
        lines.append(job.get("description") or "")
    lines.append("Skills: " + ", ".join(profile.get("skills") or []))
    text = "\n".join(line for line in lines if line)[:_CV_CHARS]
    return text.replace("<", "‹").replace(">", "›")


def user_message(facts: dict, assessment: Assessment, cv_text: str, blind: bool) -> str:
    computed = {"blind_mode": blind, "score": assessment.score, "band": assessment.band,
                "recommendation": assessment.recommendation, "red_flags": assessment.red_flags,
                "skills": [s.model_dump(exclude={"credit"}) for s in assessment.skills], **facts}
    return (f"<facts>\n{json.dumps(computed, ensure_ascii=False, default=str)}\n</facts>\n"
            f"<cv_data>\n{cv_text}\n</cv_data>")


async def write_prose(model: Model, facts: dict, assessment: Assessment, profile: dict,
                      blind: bool) -> tuple[VerdictProse, RunUsage]:
    """Ask ``model`` for the prose; raises on model or network errors (the caller falls back)."""
    result = await _agent.run(user_message(facts, assessment, cv_as_data(profile), blind), model=model,
                              usage_limits=UsageLimits(request_limit=3))
    return result.output, result.usage
