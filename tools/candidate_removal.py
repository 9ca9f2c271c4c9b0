"""Removing a candidate: delete the record, or erase the person (right to erasure).

Delete removes the candidate and candidates merged into it with everything that hangs off
them (applications, evaluations, shortlist and talent-pool entries, client feedback by
cascade), lowers vacancy counters and drops CV files no one else uses.

Erase does that and removes their traces elsewhere: every CV they sent (also earlier ones)
with its parse cache, parse and screening-batch results of those CVs and the evaluations
made from them, library drafts about them, the payloads of events that mention them,
stored API replies that quote them, dropped mail to them, and the deleted terms left in the
search index. What remains is one audit entry that holds ids and counts only.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from pydantic import BaseModel, Field
from tortoise.expressions import F, Q
from tortoise.transactions import in_transaction

from storage import outbox, search
from storage.mentions import ids_mentioning
from storage.models import (
    ApiKey,
    Application,
    AuditEvent,
    Candidate,
    Conversation,
    Evaluation,
    IdempotencyRecord,
    Job,
    JobItem,
    LibraryItem,
    OutboxEvent,
    StoredFile,
    User,
    Vacancy,
)
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidates import candidate_row
from tools.ingest import file_store
from tools.policy import require
from tools.runtime import runtime

ERASED = {"code": "erased", "message": "removed at the data subject's request"}
REDACTED = "[erased]"


class DeletedOut(BaseModel):
    id: str
    deleted: bool = True
    erased: bool = Field(default=False, description="true with `?erase=true`: traces elsewhere were removed too")
    deleted_files: list[str] = Field(description="CV files erased with the candidate")
    kept_files: list[str] = Field(description="CV files kept: another candidate (or, without erase, a job) uses them")
    redacted: dict[str, int] = Field(default_factory=dict,
                                     description="erase only: traces removed elsewhere, per kind")


async def delete_candidate(actor: Actor, candidate_id: str, *, erase: bool = False,
                           reason: str = "request") -> DeletedOut:
    """Delete a candidate (and those merged into it); with ``erase`` remove every trace of
    the person too. Emits ``candidate.deleted``."""
    require(actor, "candidates.write")
    redacted: dict[str, int] = {}
    async with in_transaction():
        row = await candidate_row(actor, candidate_id, lock=True)
        candidates = scoped(Candidate, actor.tenant_id)
        people = await candidates.filter(Q(id=row.id) | Q(merged_into_id=row.id)).order_by("id")
        ids = [row.id, *(p.id for p in people if p.id != row.id)]
        needles = [*ids, *_contact_details(people)]
        file_ids = {p.cv_file_id for p in people if p.cv_file_id}
        if erase:
            file_ids |= await _earlier_cvs(actor, ids, needles)
        await release_applications(actor, await scoped(Application, actor.tenant_id).filter(candidate_id__in=ids))
        await candidates.filter(id__in=ids).delete()
        used = set(await candidates.filter(cv_file_id__in=file_ids).values_list("cv_file_id", flat=True))
        if not erase:
            used |= set(await scoped(JobItem, actor.tenant_id).filter(file_id__in=file_ids).values_list(
                "file_id", flat=True))
        gone = sorted(file_ids - used)
        files = await scoped(StoredFile, actor.tenant_id).filter(id__in=gone)
        if erase:
            redacted = await _scrub_traces(actor, ids, needles, _full_names(people), gone)
        await scoped(StoredFile, actor.tenant_id).filter(id__in=gone).delete()
        if erase:
            await audit.record(actor, "candidate.erased", "candidate", row.id, {
                "reason": reason, "candidates": len(ids), "files": len(gone), "redacted": redacted})
            await outbox.emit(actor.tenant_id, "candidate.deleted", {"id": row.id, "erased": True})
        else:
            await audit.record(actor, "candidate.deleted", "candidate", row.id,
                               {"merged": ids[1:], "deleted_files": gone})
            await outbox.emit(actor.tenant_id, "candidate.deleted", {"id": row.id, "merged": ids[1:]})
    for f in files:  # the bytes go once the rows are gone
        await file_store().delete(actor.tenant_id, f.sha256)
    if erase:
        await search.purge_deleted_terms()
        redacted["mail"] = sum([await runtime().mailer.forget(e) for e in _emails(people)])
    return DeletedOut(id=row.id, erased=erase, deleted_files=gone, kept_files=sorted(file_ids & used),
                      redacted=redacted)


async def release_applications(actor: Actor, apps: list[Application]) -> None:
    """Lower the vacancy counters for applications about to be deleted."""
    per_vacancy = Counter(a.vacancy_id for a in apps)
    hired = Counter(a.vacancy_id for a in apps if a.stage == "hired")
    for vacancy_id, n in per_vacancy.items():
        await scoped(Vacancy, actor.tenant_id).filter(id=vacancy_id, applicants_count__gte=n).update(
            applicants_count=F("applicants_count") - n)
        if hired[vacancy_id]:
            await scoped(Vacancy, actor.tenant_id).filter(id=vacancy_id, hires_count__gte=hired[vacancy_id]).update(
                hires_count=F("hires_count") - hired[vacancy_id])
    await scoped(Application, actor.tenant_id).filter(id__in=[a.id for a in apps]).delete()


def _emails(people: list[Candidate]) -> set[str]:
    found = {p.email for p in people if p.email}
    found |= {(p.profile or {}).get("email") for p in people} - {None, ""}
    return {e.strip().lower() for e in found}


def _contact_details(people: list[Candidate]) -> set[str]:
    """Strings that identify the person wherever they were copied: emails and phone numbers."""
    phones = {p.phone for p in people if p.phone} | {(p.profile or {}).get("phone") for p in people}
    return _emails(people) | {p for p in phones if p and len(p) >= 7}


def _full_names(people: list[Candidate]) -> set[str]:
    """Names as written on their records, when long enough not to match unrelated words."""
    return {p.name.strip() for p in people if len(p.name.strip()) >= 5 and " " in p.name.strip()}


async def _earlier_cvs(actor: Actor, ids: list[str], needles: list[str]) -> set[str]:
    """Files that were their CV at some time: named in their audit trail, or parsed into a
    profile with their contact details."""
    trail = await scoped(AuditEvent, actor.tenant_id).filter(
        target_type="candidate", target_id__in=ids).values_list("details", flat=True)
    named = {d.get(key) for d in trail if isinstance(d, dict) for key in ("file_id", "from_file")} - {None}
    parsed = await ids_mentioning("stored_file", ("parse_result",), needles[len(ids):],
                                  where=("tenant_id", [actor.tenant_id]))
    existing = await scoped(StoredFile, actor.tenant_id).filter(id__in=named | set(parsed)).values_list("id", flat=True)
    return set(existing)


async def _scrub_traces(actor: Actor, ids: list[str], needles: list[str], names: set[str],
                        files: list[str]) -> dict[str, int]:
    """Remove or redact what mentions the person outside their own rows; counts per kind."""
    tenant = [actor.tenant_id]
    items = await scoped(JobItem, actor.tenant_id).filter(
        Q(file_id__in=files) | Q(id__in=await ids_mentioning("job_item", ("result",), needles, where=("tenant_id", tenant))))
    evaluation_ids = {(i.result or {}).get("evaluation_id") for i in items} - {None}
    for item in items:
        await _erase_item(item)
    evaluations = await scoped(Evaluation, actor.tenant_id).filter(id__in=evaluation_ids).delete()
    library = await scoped(LibraryItem, actor.tenant_id).filter(
        Q(candidate_id__in=ids) | Q(id__in=await ids_mentioning("library_item", ("content", "text"), needles,
                                                                where=("tenant_id", tenant)))).delete()
    events = await ids_mentioning("outbox_event", ("data",), [*needles, *files], where=("tenant_id", tenant))
    await scoped(OutboxEvent, actor.tenant_id).filter(id__in=events).update(data={"redacted": True})
    principals = [*await scoped(User, actor.tenant_id).values_list("id", flat=True),
                  *await scoped(ApiKey, actor.tenant_id).values_list("id", flat=True)]
    replies = await ids_mentioning("idempotency_record", ("response_body",), needles, where=("scope", principals))
    await IdempotencyRecord.filter(id__in=replies).delete()
    chats = await _redact_conversations(actor, [*needles, *names])
    return {"files": len(files), "job_items": len(items), "evaluations": evaluations, "library_items": library,
            "events": len(events), "stored_replies": len(replies), "conversations": chats}


async def _redact_conversations(actor: Actor, terms: list[str]) -> int:
    """Replace the person's ids, contact details and full name wherever a chat mentions them."""
    found = await ids_mentioning("conversation", ("title", "state", "messages", "pending_approvals"), terms,
                                 where=("tenant_id", [actor.tenant_id]))
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)

    def scrub(value):
        return json.loads(pattern.sub(REDACTED, json.dumps(value, ensure_ascii=False)))

    for row in await scoped(Conversation, actor.tenant_id).filter(id__in=found):
        await scoped(Conversation, actor.tenant_id).filter(id=row.id).update(
            title=pattern.sub(REDACTED, row.title), state=pattern.sub(REDACTED, row.state),
            messages=scrub(row.messages), pending_approvals=scrub(row.pending_approvals))
    return len(found)


async def _erase_item(item: JobItem) -> None:
    """A parse or screening-batch item of an erased CV: failed with the reason, counters kept true."""
    result = {"file_id": item.file_id, "filename": None, "success": False, "cached": False,
              "error": ERASED}
    status = "cancelled" if item.status == "cancelled" else "failed"
    await scoped(JobItem, item.tenant_id).filter(id=item.id).update(status=status, result=result)
    moves = {"done": {"completed": F("completed") - 1, "failed": F("failed") + 1},
             "pending": {"failed": F("failed") + 1}}.get(item.status)
    if moves:
        await scoped(Job, item.tenant_id).filter(id=item.job_id).update(**moves)
