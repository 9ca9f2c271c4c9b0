"""The Slack workspace link: an admin links one Slack workspace (team id) to the tenant;
Slack users act as the tenant user with the same email.

Finding the tenant of a team id is a deliberate cross-tenant lookup (``unscoped``): an
incoming Slack event names only its workspace, and the link decides the tenant."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import SlackWorkspace, User
from storage.scoping import scoped, unscoped
from tools import audit
from tools.actor import Actor
from tools.errors import Conflict
from tools.policy import require
from tools.schemas import normalise_email


class SlackLinkIn(BaseModel):
    team_id: str = Field(min_length=2, max_length=40, pattern=r"^T[A-Z0-9]+$",
                         description="the Slack workspace id (T…), shown in the workspace's URL and `auth.test`")


class SlackLinkOut(BaseModel):
    linked: bool
    team_id: str | None = None
    linked_by_id: str | None = None
    linked_at: dt.datetime | None = None


def _out(row: SlackWorkspace | None) -> SlackLinkOut:
    if row is None:
        return SlackLinkOut(linked=False)
    return SlackLinkOut(linked=True, team_id=row.team_id, linked_by_id=row.linked_by_id, linked_at=row.updated_at)


async def get_link(actor: Actor) -> SlackLinkOut:
    """The tenant's linked workspace, if any."""
    require(actor, "integrations.manage")
    return _out(await scoped(SlackWorkspace, actor.tenant_id).first())


async def link_workspace(actor: Actor, data: SlackLinkIn) -> SlackLinkOut:
    """Link (or re-link) the tenant's workspace; a workspace linked to another tenant is 409."""
    require(actor, "integrations.manage")
    try:
        async with in_transaction():
            row = await scoped(SlackWorkspace, actor.tenant_id).select_for_update().first()
            if row is None:
                row = await SlackWorkspace.create(id=new_id("slk"), tenant_id=actor.tenant_id, team_id=data.team_id,
                                                  linked_by_id=actor.user_id)
            elif row.team_id != data.team_id:
                row.team_id, row.linked_by_id = data.team_id, actor.user_id
                await row.save()
            await audit.record(actor, "slack.linked", "slack_workspace", row.id, {"team_id": data.team_id})
    except IntegrityError as exc:
        raise Conflict("this Slack workspace is linked to another tenant", {"team_id": data.team_id}) from exc
    return _out(row)


async def unlink_workspace(actor: Actor) -> SlackLinkOut:
    """Remove the link; Slack events from the workspace then do nothing. Unlinking twice is harmless."""
    require(actor, "integrations.manage")
    async with in_transaction():
        row = await scoped(SlackWorkspace, actor.tenant_id).first()
        if row is not None:
            await scoped(SlackWorkspace, actor.tenant_id).filter(id=row.id).delete()
            await audit.record(actor, "slack.unlinked", "slack_workspace", row.id, {"team_id": row.team_id})
    return SlackLinkOut(linked=False)


async def tenant_for_team(team_id: str) -> str | None:
    """The tenant linked to a Slack workspace (cross-tenant by design), or None."""
    row = await unscoped(SlackWorkspace).get_or_none(team_id=team_id)
    return row.tenant_id if row else None


def _actor(user: User) -> Actor:
    return Actor(tenant_id=user.tenant_id, role=user.role, user_id=user.id)


async def actor_for_slack_user(tenant_id: str, slack_user_id: str) -> Actor | None:
    """The active tenant user already mapped to this Slack user, or None."""
    user = await scoped(User, tenant_id).get_or_none(slack_user_id=slack_user_id, is_active=True)
    return _actor(user) if user else None


async def map_slack_user(tenant_id: str, slack_user_id: str, email: str) -> Actor | None:
    """Map a Slack user to the active tenant user with their profile email and remember it."""
    user = await scoped(User, tenant_id).get_or_none(email=normalise_email(email), is_active=True)
    if user is None:
        return None
    async with in_transaction():
        await scoped(User, tenant_id).filter(slack_user_id=slack_user_id).exclude(id=user.id).update(slack_user_id=None)
        await scoped(User, tenant_id).filter(id=user.id).update(slack_user_id=slack_user_id)
    return _actor(user)


class Contact(BaseModel):
    id: str
    name: str
    email: str
    slack_user_id: str | None


async def contacts(tenant_id: str, user_ids: list[str]) -> list[Contact]:
    """Active tenant users to reach in Slack, in the order asked."""
    found = {u.id: u for u in await scoped(User, tenant_id).filter(id__in=user_ids, is_active=True)}
    return [Contact.model_validate(found[i], from_attributes=True) for i in user_ids if i in found]
