"""Create or update a candidate from a parsed CV: dedupe by CV file, email, then phone
(a CV of a merged-away candidate updates the candidate it was merged into)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Candidate, StoredFile
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.applications import open_application
from tools.candidate_index import INDEXED, index_fields
from tools.parsing.schema import ParsedCandidate


async def _existing(actor: Actor, parsed: ParsedCandidate, file: StoredFile) -> Candidate | None:
    candidates = scoped(Candidate, actor.tenant_id).filter(merged_into_id=None)
    found = await scoped(Candidate, actor.tenant_id).filter(cv_file_id=file.id).order_by("id").first()
    if found is not None and found.merged_into_id:  # a merged-away record: its survivor (chains are flat)
        found = await candidates.get_or_none(id=found.merged_into_id)
    if found is None and parsed.email:
        found = await candidates.filter(email=parsed.email.lower()).first()
    if found is None and parsed.phone:
        found = await candidates.filter(phone=parsed.phone).first()
    return found


def _fields(parsed: ParsedCandidate, file: StoredFile) -> dict:
    return {
        "name": parsed.name or "Unnamed candidate", "email": parsed.email.lower() if parsed.email else None,
        "phone": parsed.phone, "location": parsed.location, "headline": parsed.headline,
        "skills": parsed.skills, "profile": parsed.model_dump(mode="json"), "cv_file_id": file.id,
        "screening_facts": None,
    }


async def upsert_from_cv(actor: Actor, parsed: ParsedCandidate, file: StoredFile) -> tuple[str, str | None]:
    """Return (candidate_id, duplicate_of): duplicate_of is set when an existing candidate
    was updated instead of a new one created."""
    for _ in range(2):
        existing = await _existing(actor, parsed, file)
        try:
            async with in_transaction():
                if existing is None:
                    values = _fields(parsed, file)
                    row = await Candidate.create(id=new_id("cand"), tenant_id=actor.tenant_id, source="cv",
                                                 **values, **index_fields(actor.tenant_id, values))
                    await audit.record(actor, "candidate.created", "candidate", row.id, {"from_file": file.id})
                    await outbox.emit(actor.tenant_id, "candidate.created", {"id": row.id, "source": "cv"})
                    return row.id, None
                updates = {k: v for k, v in _fields(parsed, file).items() if v not in (None, [], "")}
                updates["screening_facts"] = None         # the profile changed: read it again
                updates["skills"] = list(dict.fromkeys([*existing.skills, *parsed.skills]))
                current = {key: getattr(existing, key) for key in INDEXED}
                updates.update(index_fields(actor.tenant_id, {**current, **updates}))
                await scoped(Candidate, actor.tenant_id).filter(id=existing.id).update(**updates)
                await audit.record(actor, "candidate.updated", "candidate", existing.id, {"from_file": file.id})
                await outbox.emit(actor.tenant_id, "candidate.updated", {"id": existing.id, "source": "cv"})
                return existing.id, existing.id
        except IntegrityError:
            continue  # the same email was inserted concurrently: retry as an update
    raise RuntimeError("candidate upsert did not settle")


async def ensure_application(actor: Actor, candidate_id: str, vacancy_id: str, source: str = "cv") -> str:
    """The candidate's application to a vacancy, created (stage ``applied``) if missing."""
    app_id, _ = await open_application(actor, candidate_id, vacancy_id, source=source)
    return app_id
