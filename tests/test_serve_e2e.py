"""`hirebot serve` as a real Hypercorn process: the newcomer's first session, over HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import httpx
import pytest

from tests.conftest import PG_URL, REDIS_URL
from tools.demo import VACANCIES
from tools.demo_people import PEOPLE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _fresh_pg_database(name: str) -> str:
    admin = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return urlparse(PG_URL)._replace(path=f"/{name}").geturl()


@pytest.fixture
def server(tmp_path: Path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HIREBOT_", "ANTHROPIC_"))}
    env.update(HIREBOT_DATA_DIR=str(tmp_path / "var"), HIREBOT_DEMO="1",
               HIREBOT_BASE_URL=f"http://127.0.0.1:{port}", HIREBOT_LOG_LEVEL="WARNING")
    if PG_URL:
        env["HIREBOT_DATABASE_URL"] = asyncio.run(_fresh_pg_database("hirebot_e2e"))
    if REDIS_URL:
        env["HIREBOT_REDIS_URL"] = REDIS_URL
    log = open(tmp_path / "server.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[1])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"server exited early:\n{log.read()}")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not become healthy in 60 s")
        log.seek(0)
        yield base, log.read()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


async def test_newcomer_flow_with_curl_equivalents(server):
    base, output = server
    demo_key = re.search(r"API key\s+(hb_live_\S+)", output).group(1)
    assert "demo@example.com" in output

    async with httpx.AsyncClient(base_url=base) as http:
        demo = {"Authorization": f"Bearer {demo_key}"}
        demo_vacancies = (await http.get("/api/v1/vacancies", headers=demo)).json()
        demo_candidates = (await http.get("/api/v1/candidates", headers=demo)).json()
        assert demo_vacancies["meta"]["total"] == len(VACANCIES)
        assert demo_candidates["meta"]["total"] == len(PEOPLE)

        r = await http.post("/api/v1/auth/signup", json={
            "company_name": "Newco Hiring", "name": "Nia New", "email": "nia@newco.example.org",
            "password": "a long enough password"})
        assert r.status_code == 201, r.text
        assert "hirebot_session" in r.headers["set-cookie"]
        assert "httponly" in r.headers["set-cookie"].lower()

        login = await http.post("/api/v1/auth/login",
                                json={"email": "nia@newco.example.org", "password": "a long enough password"})
        assert login.status_code == 200
        csrf = login.json()["data"]["csrf_token"]
        created = await http.post("/api/v1/api-keys", json={"name": "ci", "role": "recruiter"},
                                  headers={"X-CSRF-Token": csrf})
        assert created.status_code == 201, created.text
        key = created.json()["data"]["token"]

        http.cookies.clear()
        me = await http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {key}"})
        assert me.status_code == 200
        assert me.json()["data"]["tenant"]["slug"] == "newco-hiring"
        assert me.json()["data"]["api_key"]["role"] == "recruiter"

        mine = {"Authorization": f"Bearer {key}"}
        assert (await http.get("/api/v1/vacancies", headers=mine)).json()["data"] == []
        assert (await http.get("/api/v1/candidates", headers=mine)).json()["data"] == []
        demo_vacancy = demo_vacancies["data"][0]["id"]
        foreign = await http.get(f"/api/v1/vacancies/{demo_vacancy}", headers=mine)
        assert foreign.status_code == 404
        assert foreign.json()["error"]["code"] == "not_found"
        docs = await http.get("/api/docs")
        assert docs.status_code == 200 and "/api/v1/auth/signup" in docs.text
