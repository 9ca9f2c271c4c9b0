"""Merge two records of one person: the other candidate folds into the kept one.

Applications move (when both applied to one vacancy, the one further along the pipeline
stays and the other's evaluations move onto it), evaluations, shortlist and talent-pool
entries and client feedback move, tags and skills are united, and empty fields are filled
from the other. The other becomes a tombstone (``merged_into_id``): it keeps its CV file
(listed among the kept candidate's files), leaves the search index and the lists, and
answers 404 with ``details.merged_into_id``. The audit log records the merge and both
``candidate.updated`` (kept) and ``candidate.deleted`` (merged, with ``merged_into``) are emitted.
"""

from __future__ import annotations

from pydantic import BaseModel, Field
from tortoise.transactions import in_transaction

from storage import outbox
from storage.models import (
    Application,
    Candidate,
    ClientFeedback,
    Evaluation,
    ShortlistEntry,
    TalentPoolEntry,
)
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidate_edit import save_candidate
from tools.candidate_removal import release_applications
from tools.candidates import CandidateOut, candidate_row, normalise_tags
from tools.errors import InvalidInput
from tools.policy import require

STAGE_RANK = {"withdrawn": 0, "rejected": 1, "applied": 2, "screening": 3, "interview": 4, "offer": 5, "hired": 6}
FILLABLE = ("email", "phone", "location", "headline", "profile", "cv_file_id", "consent_at", "retention_until")


class MergeInput(BaseModel):
    other_id: str = Field(max_length=40, description="the candidate to fold into this one")


class MergeOut(BaseModel):
    candidate: CandidateOut
    merged_id: str
    moved_applications: list[str]
    dropped_applications: list[str] = Field(description="the other's applications to a vacancy both had applied to, "
                                                        "less far along than the kept one's (evaluations moved)")
    filled_fields: list[str]


async def _move_applications(actor: Actor, keep: Candidate, other: Candidate) -> tuple[list[str], list[str]]:
    apps = scoped(Application, actor.tenant_id)
    evaluations = scoped(Evaluation, actor.tenant_id)
    mine = {a.vacancy_id: a for a in await apps.filter(candidate_id=keep.id)}
    moved, dropped = [], []
    for app in await apps.filter(candidate_id=other.id).order_by("id"):
        clash = mine.get(app.vacancy_id)
        if clash is None:
            moved.append(app.id)
            continue
        stay, go = (app, clash) if STAGE_RANK.get(app.stage, 0) > STAGE_RANK.get(clash.stage, 0) else (clash, app)
        await evaluations.filter(application_id=go.id).update(application_id=stay.id)
        await release_applications(actor, [go])
        dropped.append(go.id)
        if stay is app:
            moved.append(app.id)
    await apps.filter(id__in=moved).update(candidate_id=keep.id)
    await evaluations.filter(candidate_id=other.id).update(candidate_id=keep.id)
    return moved, dropped


async def _move_entries(actor: Actor, keep: Candidate, other: Candidate) -> None:
    for model, key in ((ShortlistEntry, "shortlist_id"), (TalentPoolEntry, "department")):
        entries = scoped(model, actor.tenant_id)
        taken = set(await entries.filter(candidate_id=keep.id).values_list(key, flat=True))
        await entries.filter(candidate_id=other.id, **{f"{key}__in": taken}).delete()
        await entries.filter(candidate_id=other.id).update(candidate_id=keep.id)
    await scoped(ClientFeedback, actor.tenant_id).filter(candidate_id=other.id).update(candidate_id=keep.id)


async def merge_candidates(actor: Actor, candidate_id: str, data: MergeInput) -> MergeOut:
    require(actor, "candidates.write")
    if data.other_id == candidate_id:
        raise InvalidInput("a candidate cannot be merged into itself", {"other_id": data.other_id})
    async with in_transaction():
        rows = {i: await candidate_row(actor, i, lock=True) for i in sorted((candidate_id, data.other_id))}
        keep, other = rows[candidate_id], rows[data.other_id]   # locked in id order: no deadlock
        moved, dropped = await _move_applications(actor, keep, other)
        await _move_entries(actor, keep, other)
        candidates = scoped(Candidate, actor.tenant_id)
        await candidates.filter(merged_into_id=other.id).update(merged_into_id=keep.id)
        # the tombstone gives up its email (unique per tenant) and leaves the search index
        await candidates.filter(id=other.id).update(merged_into_id=keep.id, email=None, search_text="",
                                                    screening_facts=None)
        filled = [name for name in FILLABLE if not getattr(keep, name) and getattr(other, name)]
        changes = {name: getattr(other, name) for name in filled}
        changes["skills"] = list(dict.fromkeys([*keep.skills, *other.skills]))
        changes["tags"] = normalise_tags([*(keep.tags or []), *(other.tags or [])])
        out = await save_candidate(actor, keep, changes, merged_from=other.id)
        await audit.record(actor, "candidate.merged", "candidate", other.id, {
            "merged_into_id": keep.id, "moved_applications": moved, "dropped_applications": dropped,
            "filled_fields": filled})
        await outbox.emit(actor.tenant_id, "candidate.deleted", {"id": other.id, "merged_into": keep.id})
    return MergeOut(candidate=out, merged_id=other.id, moved_applications=moved, dropped_applications=dropped,
                    filled_fields=filled)
