"""Retention: candidates past their ``retention_until`` date are erased by the worker."""

from __future__ import annotations

import logging
from datetime import date

from storage.models import Candidate
from storage.scoping import unscoped
from tools.actor import Actor
from tools.candidate_removal import delete_candidate
from tools.clock import utcnow
from tools.errors import NotFound

log = logging.getLogger("hirebot.retention")


async def erase_expired_candidates(today: date | None = None) -> int:
    """Erase, in every tenant, the live candidates whose retention date is before ``today``
    (UTC); each erasure is audited as the system with reason ``retention``. Returns how many."""
    today = today or utcnow().date()
    # a system sweep over all tenants by design; each erasure then runs inside its tenant
    due = await unscoped(Candidate).filter(retention_until__lt=today, merged_into_id=None).order_by(
        "id").values_list("tenant_id", "id")
    erased = 0
    for tenant_id, candidate_id in due:
        try:
            await delete_candidate(Actor.system(tenant_id), candidate_id, erase=True, reason="retention")
            erased += 1
        except NotFound:
            pass  # erased meanwhile by another worker or a person
    if erased:
        log.info("retention: erased %d candidate(s)", erased)
    return erased
