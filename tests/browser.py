"""Browser test support: Hirebot served by a real Hypercorn process, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import email
import email.policy
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

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).parents[1] / "docs" / "screenshots"


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


class Server:
    """`hirebot serve` on a free loopback port, with mail written to files the tests can read."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir, self.port = data_dir, _free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HIREBOT_", "ANTHROPIC_"))}
        env.update(HIREBOT_DATA_DIR=str(self.data_dir), HIREBOT_BASE_URL=self.base, HIREBOT_LOG_LEVEL="WARNING",
                   HIREBOT_EMAIL_BACKEND="file", HIREBOT_AUTH_RATE_LIMIT="1000/minute")
        if PG_URL:
            own = urlparse(PG_URL).path.strip("/") or "hirebot"
            env["HIREBOT_DATABASE_URL"] = asyncio.run(_fresh_pg_database(f"{own}_web"))
        if REDIS_URL:
            env["HIREBOT_REDIS_URL"] = REDIS_URL
        self.log = open(self.data_dir.parent / "server.log", "w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[1])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                pytest.fail(f"server exited early:\n{self.log.read()}")
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail("server did not become healthy in 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()

    def mail_link(self, to: str, path: str) -> str:
        """The link to ``path`` in the newest mail sent to ``to`` (the file email backend)."""
        pattern = re.compile(re.escape(self.base + path) + r"\S+")
        for mail in sorted((self.data_dir / "mail").glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
            found = pattern.search(message.get_body(("plain",)).get_content())
            if message["To"] == to and found:
                return found.group(0)
        raise AssertionError(f"no mail to {to} with {path}")
