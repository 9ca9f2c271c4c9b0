"""Who is acting: the Slack workspace gives the tenant, the Slack user's profile email the user."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from tools import slack_link
from tools.actor import Actor

NOT_LINKED = ("This Slack workspace is not linked to Hirebot, so I can't do anything here yet. "
              "A Hirebot admin links it with `PUT /api/v1/integrations/slack` {{\"team_id\": \"{team}\"}}.")
NO_ACCESS = ("I don't know you in Hirebot yet. Ask a Hirebot admin to invite {email} to your team "
             "(Team → Invite); once you accept, talk to me again.")


class Refused(Exception):
    """The Slack user may not act: the message tells them why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def tenant_of(team_id: str | None) -> str:
    tenant_id = await slack_link.tenant_for_team(team_id) if team_id else None
    if tenant_id is None:
        raise Refused(NOT_LINKED.format(team=team_id or "T…"))
    return tenant_id


async def actor_of(client: AsyncWebClient, team_id: str | None, slack_user_id: str) -> Actor:
    """The tenant user behind a Slack user: the cached mapping, else looked up by profile email."""
    tenant_id = await tenant_of(team_id)
    actor = await slack_link.actor_for_slack_user(tenant_id, slack_user_id)
    if actor is not None:
        return actor
    profile = (await client.users_info(user=slack_user_id))["user"].get("profile", {})
    email = profile.get("email")
    actor = await slack_link.map_slack_user(tenant_id, slack_user_id, email) if email else None
    if actor is None:
        raise Refused(NO_ACCESS.format(email=f"`{email}`" if email else "the email of your Slack profile"))
    return actor
