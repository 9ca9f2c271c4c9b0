"""Background jobs as integrators see them: status and progress of any job kind."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from storage.models import Job
from storage.scoping import scoped
from tools.actor import Actor
from tools.errors import NotFound
from tools.policy import require


class JobOut(BaseModel):
    id: str
    kind: str
    status: str
    total: int
    completed: int
    failed: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


async def get_job(actor: Actor, job_id: str) -> JobOut:
    require(actor, "jobs.read")
    job = await scoped(Job, actor.tenant_id).get_or_none(id=job_id)
    if job is None:
        raise NotFound("job not found", {"id": job_id})
    return JobOut.model_validate(job, from_attributes=True)
