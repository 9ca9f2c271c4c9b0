"""Worker handler of screening batches: parse each pending item, screen it, store the result.

Items run a few at a time (one per core). Before each round the handler checks that the
batch is still running, so a cancel stops it at the next round. The parse is cached on the
stored file and the evaluation is written in the item's own transaction, so a worker that
dies mid-batch leaves nothing to redo twice: the next claim resumes with the pending items.
"""

from __future__ import annotations

import asyncio
import os

from tortoise.transactions import in_transaction

from storage import queue
from storage.models import Job, JobItem, StoredFile
from storage.scoping import scoped
from tools import ingest
from tools.actor import Actor
from tools.evaluations import evaluation_row, record_evaluation
from tools.screening.service import screen
from tools.screening_batches import BatchOptions, item_id


async def screen_item(actor: Actor, job: Job, opts: BatchOptions, item: JobItem) -> None:
    """Parse (reserved at start, so not charged here) and screen one item; record its outcome."""
    file = await scoped(StoredFile, job.tenant_id).get_or_none(id=item.file_id)
    if file is None:
        return  # erased meanwhile: the erasure closed the item
    parsed, cached = await ingest.parse_stored(actor, file, charge=False)
    base = {**(item.result or {}), "file_id": file.id, "cached": cached}
    if not parsed.success:
        await queue.finish_item(item, False, {**base, "error": parsed.error.model_dump()})
        return
    profile = parsed.candidate.model_dump(mode="json")
    result = await screen(actor, profile, opts.criteria, blind=opts.blind, target=("screening_batch", job.id))
    row = evaluation_row(actor, result, opts.criteria, opts.blind, application_id=None, candidate_id=None,
                         vacancy_id=opts.vacancy_id)
    outcome = {**base, "evaluation_id": row.id, "score": row.score, "band": row.band,
               "recommendation": row.recommendation, "candidate_name": None if opts.blind else profile.get("name")}
    async with in_transaction():
        if await queue.finish_item(item, True, outcome):  # False: cancelled meanwhile, keep nothing
            await record_evaluation(actor, row, batch_id=job.id, item_id=item_id(item.position))


async def run_screening_batch(job: Job) -> None:
    """Worker handler: screen the pending items round by round until done or cancelled."""
    actor = Actor(**job.actor)
    opts = BatchOptions.model_validate(job.options)
    pending = await queue.pending_items(job)
    size = os.cpu_count() or 2
    for start in range(0, len(pending), size):
        if not await scoped(Job, job.tenant_id).filter(id=job.id, status="processing").exists():
            return  # cancelled: the cancel closed the batch and its pending items
        await asyncio.gather(*(screen_item(actor, job, opts, item) for item in pending[start:start + size]))
        await queue.renew(job)
    await queue.finish_job(job, "completed")
