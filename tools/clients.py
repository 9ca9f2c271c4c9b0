"""Clients (an agency's client companies) and their feedback on candidates.

Deleting a client keeps its vacancies (their ``client_id`` becomes null) and drops its feedback.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Client, ClientFeedback
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.candidates import candidate_row
from tools.errors import NotFound
from tools.pagination import Page, paginate
from tools.policy import require
from tools.schemas import Email
from tools.vacancies import get_vacancy

Decision = Literal["interested", "interview", "offer", "reject", "hold"]


class ClientCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    website: str | None = Field(default=None, max_length=300)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: Email | None = None
    notes: str = Field(default="", max_length=20_000)


class ClientUpdate(BaseModel):
    """Fields to change; those left out stay as they are."""

    name: str = Field(default=None, min_length=1, max_length=200)
    website: str | None = Field(default=None, max_length=300)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: Email | None = None
    notes: str = Field(default=None, max_length=20_000)

    @field_validator("name", "notes")
    @classmethod
    def _not_null(cls, v):
        if v is None:
            raise ValueError("may not be null")
        return v


class ClientOut(BaseModel):
    id: str
    name: str
    website: str | None
    contact_name: str | None
    contact_email: str | None
    notes: str
    created_at: datetime
    updated_at: datetime


class ClientFilter(BaseModel):
    q: str | None = Field(default=None, max_length=200, description="name contains (case-insensitive)")


class FeedbackCreate(BaseModel):
    candidate_id: str = Field(max_length=40)
    vacancy_id: str | None = Field(default=None, max_length=40)
    decision: Decision
    rating: int | None = Field(default=None, ge=1, le=5)
    comment: str = Field(default="", max_length=20_000)


class FeedbackOut(BaseModel):
    id: str
    client_id: str
    candidate_id: str
    vacancy_id: str | None
    decision: Decision
    rating: int | None
    comment: str
    created_by_id: str | None
    created_at: datetime


class FeedbackFilter(BaseModel):
    candidate_id: str | None = Field(default=None, max_length=40)


async def _row(actor: Actor, client_id: str) -> Client:
    row = await scoped(Client, actor.tenant_id).get_or_none(id=client_id)
    if row is None:
        raise NotFound("client not found", {"id": client_id})
    return row


async def create_client(actor: Actor, data: ClientCreate) -> ClientOut:
    require(actor, "clients.write")
    async with in_transaction():
        row = await Client.create(id=new_id("cli"), tenant_id=actor.tenant_id, **data.model_dump())
        await audit.record(actor, "client.created", "client", row.id, {"name": row.name})
    return ClientOut.model_validate(row, from_attributes=True)


async def list_clients(actor: Actor, flt: ClientFilter, limit: int, cursor: str | None) -> Page[ClientOut]:
    require(actor, "clients.read")
    qs = scoped(Client, actor.tenant_id)
    if flt.q:
        qs = qs.filter(name__icontains=flt.q)
    return await paginate(qs, ClientOut, limit, cursor)


async def get_client(actor: Actor, client_id: str) -> ClientOut:
    require(actor, "clients.read")
    return ClientOut.model_validate(await _row(actor, client_id), from_attributes=True)


async def update_client(actor: Actor, client_id: str, data: ClientUpdate) -> ClientOut:
    require(actor, "clients.write")
    changes = data.model_dump(include=data.model_fields_set)
    async with in_transaction():
        row = await _row(actor, client_id)
        for name, value in changes.items():
            setattr(row, name, value)
        await row.save()
        await audit.record(actor, "client.updated", "client", row.id, {"fields": sorted(changes)})
    return ClientOut.model_validate(row, from_attributes=True)


async def delete_client(actor: Actor, client_id: str) -> ClientOut:
    require(actor, "clients.write")
    async with in_transaction():
        row = await _row(actor, client_id)
        await scoped(Client, actor.tenant_id).filter(id=row.id).delete()
        await audit.record(actor, "client.deleted", "client", row.id, {"name": row.name})
    return ClientOut.model_validate(row, from_attributes=True)


async def add_feedback(actor: Actor, client_id: str, data: FeedbackCreate) -> FeedbackOut:
    """Record what a client said about a candidate; emits ``client_feedback.received``."""
    require(actor, "clients.write")
    client = await _row(actor, client_id)
    await candidate_row(actor, data.candidate_id)
    if data.vacancy_id:
        await get_vacancy(actor, data.vacancy_id)
    async with in_transaction():
        row = await ClientFeedback.create(id=new_id("cfb"), tenant_id=actor.tenant_id, client_id=client.id,
                                          created_by_id=actor.principal_id, **data.model_dump())
        out = FeedbackOut.model_validate(row, from_attributes=True)
        await audit.record(actor, "client_feedback.created", "client_feedback", row.id,
                           {"client_id": client.id, "candidate_id": data.candidate_id, "decision": data.decision})
        await outbox.emit(actor.tenant_id, "client_feedback.received", out.model_dump(mode="json"))
    return out


async def list_feedback(actor: Actor, client_id: str, flt: FeedbackFilter, limit: int,
                        cursor: str | None) -> Page[FeedbackOut]:
    require(actor, "clients.read")
    client = await _row(actor, client_id)
    qs = scoped(ClientFeedback, actor.tenant_id).filter(client_id=client.id)
    if flt.candidate_id:
        qs = qs.filter(candidate_id=flt.candidate_id)
    return await paginate(qs, FeedbackOut, limit, cursor)
