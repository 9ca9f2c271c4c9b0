"""Send outreach by email: a given subject and body, or the draft for the candidate and vacancy,
mailed to the candidate's address through the configured sender, with audit and an event."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, model_validator
from tortoise.transactions import in_transaction

from storage import outbox
from storage.models import Candidate
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.drafting.outreach import OutreachRequest, Tone, draft_outreach
from tools.errors import InvalidInput, NotFound
from tools.policy import require
from tools.runtime import runtime
from tools.vacancy_status import vacancy_row


class OutreachSend(BaseModel):
    candidate_id: str = Field(max_length=40)
    vacancy_id: str = Field(max_length=40)
    subject: str | None = Field(default=None, min_length=1, max_length=200,
                                description="with body: send this text; without both: send the drafted email")
    body: str | None = Field(default=None, min_length=1, max_length=4000)
    tone: Tone = "friendly"

    @model_validator(mode="after")
    def _both_or_neither(self) -> OutreachSend:
        if (self.subject is None) != (self.body is None):
            raise ValueError("give both subject and body, or neither to send the draft")
        return self


class OutreachSent(BaseModel):
    candidate_id: str
    vacancy_id: str
    to: str
    subject: str
    body: str
    engine: str = Field(description="who wrote the text: 'user', 'offline' or the model")
    sent_at: dt.datetime


async def send_outreach(actor: Actor, data: OutreachSend) -> OutreachSent:
    """Email the candidate about the vacancy; 400 when the candidate has no email address."""
    require(actor, "outreach.send")
    candidate = await scoped(Candidate, actor.tenant_id).get_or_none(id=data.candidate_id, merged_into_id=None)
    if candidate is None:
        raise NotFound("candidate not found", {"candidate_id": data.candidate_id})
    if not candidate.email:
        raise InvalidInput(f"{candidate.name} has no email address", {"candidate_id": candidate.id})
    await vacancy_row(actor, data.vacancy_id)
    if data.subject is not None and data.body is not None:
        subject, body, engine = data.subject, data.body, "user"
    else:
        drafted = await draft_outreach(actor, OutreachRequest(candidate_id=candidate.id, vacancy_id=data.vacancy_id,
                                                              tone=data.tone, channel="email"))
        subject, body, engine = drafted.subject, drafted.body, drafted.engine
    await runtime().mailer.send(candidate.email, subject, body)
    sent = OutreachSent(candidate_id=candidate.id, vacancy_id=data.vacancy_id, to=candidate.email, subject=subject,
                        body=body, engine=engine, sent_at=utcnow())
    async with in_transaction():
        await audit.record(actor, "outreach.sent", "candidate", candidate.id,
                           {"vacancy_id": data.vacancy_id, "subject": subject, "engine": engine})
        await outbox.emit(actor.tenant_id, "outreach.sent", sent.model_dump(mode="json", exclude={"body"}))
    return sent
