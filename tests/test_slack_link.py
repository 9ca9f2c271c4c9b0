"""Linking a Slack workspace to a tenant (admin only, one tenant per workspace), and
`hirebot slack --socket` refusing to start without an app-level token."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import yaml

from api.cli import main


async def test_workspace_link_is_admin_only_and_one_tenant_per_team(api):
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    r = await admin.get("/api/v1/integrations/slack")
    assert r.status_code == 200 and (await r.get_json())["data"]["linked"] is False

    assert (await recruiter.put("/api/v1/integrations/slack", json={"team_id": "T0ACME"})).status_code == 403
    assert (await recruiter.get("/api/v1/integrations/slack")).status_code == 403
    assert (await admin.put("/api/v1/integrations/slack", json={"team_id": "not a team"})).status_code == 400

    r = await admin.put("/api/v1/integrations/slack", json={"team_id": "T0ACME"})
    link = (await r.get_json())["data"]
    assert r.status_code == 200 and link["linked"] and link["team_id"] == "T0ACME"
    assert link["linked_by_id"] == admin.user["id"]
    assert (await (await admin.get("/api/v1/integrations/slack")).get_json())["data"] == link

    other = await api.signup(company="Other Co")
    r = await other.put("/api/v1/integrations/slack", json={"team_id": "T0ACME"})
    assert r.status_code == 409 and (await r.get_json())["error"]["code"] == "conflict"

    r = await admin.put("/api/v1/integrations/slack", json={"team_id": "T0NEW"})   # re-link: one per tenant
    assert (await r.get_json())["data"]["team_id"] == "T0NEW"
    assert (await other.put("/api/v1/integrations/slack", json={"team_id": "T0ACME"})).status_code == 200

    assert (await (await admin.delete("/api/v1/integrations/slack")).get_json())["data"]["linked"] is False
    assert (await admin.delete("/api/v1/integrations/slack")).status_code == 200
    actions = [e["action"] for e in (await (await admin.get("/api/v1/audit?limit=100")).get_json())["data"]]
    assert actions.count("slack.linked") == 2 and actions.count("slack.unlinked") == 1


def test_socket_mode_needs_an_app_token(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("HIREBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    assert main(["slack", "--socket"]) == 2
    assert "SLACK_APP_TOKEN" in capsys.readouterr().err
    assert main(["slack"]) == 2
    assert "--socket" in capsys.readouterr().err


def test_manifest_subscribes_to_what_the_bot_handles():
    manifest = yaml.safe_load((Path(__file__).parents[1] / "integrations/slack/manifest.yaml").read_text())
    settings = manifest["settings"]
    assert {"app_mention", "app_home_opened", "message.im"} <= set(settings["event_subscriptions"]["bot_events"])
    urls = {settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"],
            manifest["features"]["slash_commands"][0]["url"]}
    assert {urlparse(u).path for u in urls} == {"/slack/events"}
    assert manifest["features"]["slash_commands"][0]["command"] == "/hirebot"
    assert {"chat:write", "commands", "files:read", "users:read.email"} <= set(manifest["oauth_config"]["scopes"]["bot"])
