"""Interview transcripts: attach text or a .txt/.vtt/.srt file, and summarise it.

The offline summary is extractive: the sentences that carry the most of the vacancy's skills
and concrete detail, the evidence quoted per required skill, concerns from hedges ("never
used", "not sure") and from required skills never discussed, and scorecard hints computed
from that coverage. With a model, the same facts go to a structured-output agent.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage.models import Application, Interview, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.drafting.runner import NOTICES_DOC, draft
from tools.errors import InvalidInput
from tools.interviews import visible
from tools.parsing.plain_text import detect_encoding
from tools.parsing.skills import find_skill_spans
from tools.policy import require

MAX_TRANSCRIPT_BYTES = 2 * 1024 * 1024
_TIMING_RE = re.compile(r"^\s*(?:\d+\s*)?$|-->|^WEBVTT|^NOTE\b|^STYLE\b|^REGION\b")
_TAG_RE = re.compile(r"<v\s+([^>]+)>|</?[a-z][^>]*>")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])|\n+")
_HEDGE_RE = re.compile(r"\b(?:never (?:used|worked|touched)|not sure|i don'?t know|haven'?t (?:used|worked|done)|"
                       r"only (?:read|heard) about|no experience|not really|i guess|someone else (?:did|handled))\b",
                       re.IGNORECASE)
_DETAIL_RE = re.compile(r"\d|%|\b(?:i built|i designed|i led|i wrote|i migrated|i reduced|i improved|we shipped)\b",
                        re.IGNORECASE)


class TranscriptIn(BaseModel):
    text: str = Field(min_length=1, max_length=500_000)


class TranscriptOut(BaseModel):
    interview_id: str
    characters: int
    lines: int


class SkillEvidence(BaseModel):
    skill: str
    quotes: list[str] = Field(max_length=3)


class ScorecardHints(BaseModel):
    suggested_score: int = Field(ge=0, le=100)
    suggested_recommendation: str
    probe_next: list[str] = Field(max_length=5)


class TranscriptSummary(BaseModel):
    summary: str = Field(max_length=4000)
    evidence: list[SkillEvidence]
    concerns: list[str] = Field(max_length=10)
    hints: ScorecardHints


class TranscriptSummaryOut(TranscriptSummary):
    interview_id: str
    engine: str
    prompt_version: str
    notices: list[str] = Field(default_factory=list, description=NOTICES_DOC)


def transcript_text(data: bytes) -> str:
    """Plain "Speaker: words" lines from TXT, WebVTT or SRT bytes (cue numbers and timings dropped)."""
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise InvalidInput(f"the transcript is larger than {MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB", {})
    encoding = detect_encoding(data)
    if encoding is None:
        raise InvalidInput("the transcript must be text (.txt, .vtt or .srt)", {})
    text = data.decode(encoding, errors="replace")
    out = []
    for line in text.splitlines():
        if _TIMING_RE.search(line):
            continue
        line = _TAG_RE.sub(lambda m: f"{m.group(1)}: " if m.group(1) else "", line).strip()
        if line:
            out.append(line)
    if not out:
        raise InvalidInput("the transcript has no text", {})
    return "\n".join(out)


async def attach(actor: Actor, interview_id: str, text: str) -> TranscriptOut:
    require(actor, "interviews.schedule")
    async with in_transaction():
        row = await visible(actor, interview_id, lock=True)
        row.transcript = text
        await row.save(update_fields=["transcript", "updated_at"])
        await audit.record(actor, "interview.transcript_attached", "interview", row.id, {"characters": len(text)})
    return TranscriptOut(interview_id=row.id, characters=len(text), lines=text.count("\n") + 1)


def _offline(text: str, required: list[str]) -> TranscriptSummary:
    sentences = [s.strip() for s in _SENTENCE_RE.split(text) if len(s.strip()) > 20]
    found: dict[str, list[str]] = {s: [] for s in required}
    scored = []
    for pos, sentence in enumerate(sentences):
        skills = {name for name, _, _ in find_skill_spans(sentence)}
        for skill in skills & set(required):
            if len(found[skill]) < 3:
                found[skill].append(sentence[:300])
        scored.append((len(skills & set(required)) * 2 + len(skills) + bool(_DETAIL_RE.search(sentence)), -pos, sentence))
    top = sorted(sorted(scored, reverse=True)[:5], key=lambda t: -t[1])
    summary = " ".join(s[:300] for _, _, s in top) or "The transcript holds no substantive answers."
    hedges = [s[:300] for s in sentences if _HEDGE_RE.search(s)][:5]
    unheard = [s for s in required if not found[s]]
    concerns = [f"Hedged: \"{h}\"" for h in hedges] + [f"{s} was not discussed" for s in unheard]
    covered = sum(1 for s in required if found[s]) / len(required) if required else 0.5
    score = max(0, min(100, round(40 + 50 * covered - 5 * len(hedges))))
    rec = "strong_hire" if score >= 85 else "hire" if score >= 65 else "no_hire" if score >= 40 else "strong_no_hire"
    return TranscriptSummary(
        summary=summary, evidence=[SkillEvidence(skill=s, quotes=q) for s, q in found.items() if q],
        concerns=concerns[:10],
        hints=ScorecardHints(suggested_score=score, suggested_recommendation=rec,
                             probe_next=[f"Ask for a concrete example with {s}" for s in unheard[:5]]))


async def summarise(actor: Actor, interview_id: str) -> TranscriptSummaryOut:
    """Summary, evidence per required skill, concerns and scorecard hints for an interview's transcript."""
    require(actor, "interviews.read")
    row: Interview = await visible(actor, interview_id)
    if not row.transcript.strip():
        raise InvalidInput("the interview has no transcript yet", {"interview_id": row.id})
    app = await scoped(Application, actor.tenant_id).get(id=row.application_id)
    vacancy = await scoped(Vacancy, actor.tenant_id).get(id=app.vacancy_id)
    required = list(vacancy.required_skills or [])
    offline = _offline(row.transcript, required)
    facts = {"role": vacancy.title, "required_skills": required, "offline_findings": offline.model_dump()}
    done = await draft(actor, "transcript_summary", "transcript_summary", TranscriptSummary, facts, offline,
                       "transcript-summary-offline-1", candidate_text=row.transcript[:40_000])
    return TranscriptSummaryOut(**done.result.model_dump(), interview_id=row.id, engine=done.engine,
                                prompt_version=done.prompt_version, notices=done.notices)
