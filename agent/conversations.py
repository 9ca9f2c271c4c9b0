"""The conversation store: a user's conversations, their pydantic-ai state, display messages,
pending approvals, running totals, and the lease that lets one turn run at a time."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field
from pydantic_ai.conversation import Conversation as RunState
from pydantic_ai.conversation import ConversationTypeAdapter
from tortoise.expressions import Q

from storage.ids import new_id
from storage.models import Conversation
from storage.scoping import scoped
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Conflict, InvalidInput, NotFound
from tools.pagination import Page, paginate

LEASE = dt.timedelta(minutes=10)
Channel = Literal["web", "slack", "api", "cli"]


class ConversationOut(BaseModel):
    id: str
    channel: str
    title: str
    input_tokens: int
    output_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    cost_usd: Decimal
    pending_approvals: list[dict[str, Any]]
    created_at: dt.datetime
    updated_at: dt.datetime


class ConversationDetail(ConversationOut):
    messages: list[dict[str, Any]] = Field(description="oldest first: {role, text, tool_calls, approvals, at}")


def _mine(actor: Actor):
    qs = scoped(Conversation, actor.tenant_id)
    return qs.filter(user_id=actor.user_id) if actor.user_id else qs.filter(api_key_id=actor.api_key_id)


async def list_conversations(actor: Actor, limit: int, cursor: str | None) -> Page[ConversationOut]:
    """The user's own conversations, newest first."""
    return await paginate(_mine(actor), ConversationOut, limit, cursor)


async def get_conversation(actor: Actor, conversation_id: str) -> ConversationDetail:
    """One of the user's conversations; anyone else's is 404."""
    row = await _mine(actor).get_or_none(id=conversation_id)
    if row is None:
        raise NotFound("conversation not found", {"id": conversation_id})
    return ConversationDetail.model_validate(row, from_attributes=True)


async def row_in_tenant(actor: Actor, conversation_id: str) -> Conversation:
    row = await scoped(Conversation, actor.tenant_id).get_or_none(id=conversation_id)
    if row is None:
        raise NotFound("conversation not found", {"id": conversation_id})
    return row


async def start(actor: Actor, channel: Channel, title: str) -> Conversation:
    """A new conversation owned by the actor, already leased to its first turn."""
    if not actor.principal_id:
        raise InvalidInput("chat needs a signed-in user or an API key")
    return await Conversation.create(id=new_id("conv"), tenant_id=actor.tenant_id, user_id=actor.user_id,
                                     api_key_id=actor.api_key_id if not actor.user_id else None, channel=channel,
                                     title=title[:200], busy_until=utcnow() + LEASE)


async def lease(row: Conversation) -> None:
    """Claim the conversation for one turn; 409 while another turn holds it."""
    now = utcnow()
    taken = await scoped(Conversation, row.tenant_id).filter(id=row.id).filter(
        Q(busy_until__isnull=True) | Q(busy_until__lt=now)).update(busy_until=now + LEASE)
    if not taken:
        raise Conflict("another turn of this conversation is still running", {"conversation_id": row.id})


def run_state(row: Conversation) -> RunState | None:
    return ConversationTypeAdapter.validate_json(row.state) if row.state else None


async def finish(row: Conversation, state: RunState | None, messages: list[dict], pending: list[dict],
                 usage: dict[str, Any]) -> None:
    """Store the turn's outcome and release the lease (the state is kept when the run did not end)."""
    values: dict[str, Any] = {"messages": messages, "pending_approvals": pending, "busy_until": None,
                              "updated_at": utcnow()}
    if state is not None:
        values["state"] = ConversationTypeAdapter.dump_json(state).decode()
    for key in ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"):
        values[key] = getattr(row, key) + usage[key]
    values["cost_usd"] = row.cost_usd + Decimal(str(usage["cost_usd"]))
    await scoped(Conversation, row.tenant_id).filter(id=row.id).update(**values)


async def by_external_key(actor: Actor, key: str) -> Conversation | None:
    """The actor's conversation bound to an outside thread (a Slack thread), if any."""
    return await _mine(actor).filter(external_key=key).order_by("-created_at").first()


async def bind_external_key(row: Conversation, key: str) -> None:
    """Bind a conversation to the outside thread it continues in."""
    await scoped(Conversation, row.tenant_id).filter(id=row.id).update(external_key=key)
    row.external_key = key
