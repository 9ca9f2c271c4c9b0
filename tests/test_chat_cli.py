"""``hirebot chat`` as a process: stdin lines in, streamed answers out, approvals asked y/n,
against the same database the app uses."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.test_chat_api import _team

ROOT = Path(__file__).parents[1]


async def hirebot_chat(settings, *args: str, stdin: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIREBOT_", "ANTHROPIC_"))}
    env.update(HIREBOT_DATABASE_URL=settings.database_url, HIREBOT_DATA_DIR=str(settings.data_dir),
               HIREBOT_SECRET_KEY=settings.secret_key, HIREBOT_EMAIL_BACKEND="file", HIREBOT_MODEL="offline")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "api.cli", "chat", *args, cwd=ROOT, env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 120)
    return proc.returncode, out.decode(), err.decode()


async def test_chat_in_the_terminal_streams_and_asks_for_approval(api, settings):
    admin, manager, recruiter, vacancy, amara_app, kwame_app = await _team(api)
    code, out, err = await hirebot_chat(settings, "--email", recruiter.user["email"].upper(), stdin=(
        "find 2 go engineers in Lagos\n"
        "reject Kwame because Skills mismatch\n"
        "n\n"
        "reject Amara because Skills mismatch\n"
        "y\n"))
    assert code == 0, err
    assert '  -> find_candidates {"brief": "go engineers in Lagos", "count": 2}' in out
    assert "  ok: I found" in out and "Kwame Mensah" in out
    assert 'Approve reject_candidate {"candidate": "Kwame", "reason": "Skills mismatch"}? [y/N] ' in out
    assert "Denied by the user." in out and "Rejected Amara Okafor (Skills mismatch)." in out
    stages = {a: (await (await admin.get(f"/api/v1/applications/{a}")).get_json())["data"]["stage"]
              for a in (amara_app, kwame_app)}
    assert stages == {amara_app: "rejected", kwame_app: "applied"}

    (conv,) = (await (await recruiter.get("/api/v1/conversations")).get_json())["data"]
    assert conv["channel"] == "cli" and f"continue with --conversation {conv['id']}" in out
    detail = (await (await recruiter.get(f"/api/v1/conversations/{conv['id']}")).get_json())["data"]
    assert [m["text"] for m in detail["messages"] if m["role"] == "user"] == [
        "find 2 go engineers in Lagos", "reject Kwame because Skills mismatch", "reject Amara because Skills mismatch"]

    code, out, err = await hirebot_chat(settings, "--email", recruiter.user["email"], "--conversation", conv["id"],
                                        stdin="show Kwame\n")
    assert code == 0 and "Kwame Mensah" in out and "Applications: applied" in out
    detail = (await (await recruiter.get(f"/api/v1/conversations/{conv['id']}")).get_json())["data"]
    assert detail["messages"][-2]["text"] == "show Kwame"


async def test_chat_as_an_api_key_and_refusals(api, settings):
    admin = await api.signup()
    r = await admin.post("/api/v1/api-keys", json={"name": "ops", "role": "interviewer"})
    key = (await r.get_json())["data"]["token"]
    code, out, err = await hirebot_chat(settings, "--api-key", key, stdin="help\napprove the offer for Amara\n")
    assert code == 0, err
    assert "schedule a video interview with Kwame" in out
    assert "role 'interviewer' may not perform 'offers.approve'" in out
    code, out, err = await hirebot_chat(settings, "--email", "nobody@example.com", stdin="help\n")
    assert code == 2 and "no active user with this email" in err
