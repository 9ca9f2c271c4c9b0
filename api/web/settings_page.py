"""/app/settings (admins): one page of sections; each section loads its own data through tools/.

Other features add a section by appending to ``SECTIONS`` (a template and a loader)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from api.web.common import actor, render, signed_in, web_blueprint
from tools import api_keys, slack_link, spend, team, webhooks
from tools.actor import Actor
from tools.policy import ROLES

bp = web_blueprint("web_settings")


@dataclass(frozen=True)
class Section:
    """A settings section: its template and the loader of the template's context."""
    template: str
    load: Callable[[Actor], Awaitable[dict[str, Any]]]


async def _team(who: Actor) -> dict[str, Any]:
    return {"members": (await team.list_members(who, 100, None)).items, "roles": ROLES}


async def _keys(who: Actor) -> dict[str, Any]:
    return {"api_keys": (await api_keys.list_keys(who, 100, None)).items, "roles": ROLES}


async def _workspace(who: Actor) -> dict[str, Any]:
    return {"tenant": await team.get_tenant(who)}


async def _spend(who: Actor) -> dict[str, Any]:
    by_day = await spend.spend_report(who, spend.SpendQuery(window="30d", group_by="day"))
    by_feature = await spend.spend_report(who, spend.SpendQuery(window="30d", group_by="feature"))
    return {"budget": by_day.budget, "by_day": [(g.key or "system", float(g.cost_usd)) for g in by_day.groups],
            "by_feature": [(g.key or "other", float(g.cost_usd)) for g in by_feature.groups]}


async def _webhooks(who: Actor) -> dict[str, Any]:
    hooks = (await webhooks.list_endpoints(who, 100, None)).items
    return {"webhooks": hooks, "event_types": webhooks.EVENT_TYPES,
            "deliveries": {h.id: (await webhooks.list_deliveries(who, h.id, 5, None)).items for h in hooks}}


async def _slack(who: Actor) -> dict[str, Any]:
    return {"slack": await slack_link.get_link(who)}


SECTIONS: list[Section] = [
    Section("web/settings/team.html", _team),
    Section("web/settings/api_keys.html", _keys),
    Section("web/settings/workspace.html", _workspace),
    Section("web/settings/spend.html", _spend),
    Section("web/settings/webhooks.html", _webhooks),
    Section("web/settings/slack.html", _slack),
]


@bp.get("/app/settings")
@signed_in
async def settings():
    """Team, invites, API keys, screening and budget settings, AI spend, webhooks and the Slack
    link (admin only, enforced by tools/)."""
    sections = [(s.template, await s.load(actor())) for s in SECTIONS]
    return await render("web/settings.html", sections=sections)
