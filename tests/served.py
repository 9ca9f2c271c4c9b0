"""Real servers on loopback for tests: an ASGI app served in-process by Hypercorn (fake
Anthropic, OpenAI-compatible and Slack servers, or Hirebot itself), or Hirebot as a real
`hirebot serve` process."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import httpx
import pytest
from hypercorn.asyncio import serve
from hypercorn.config import Config

from tests.conftest import PG_URL, REDIS_URL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def serving(app, port: int | None = None) -> AsyncIterator[str]:
    """Serve ``app`` with Hypercorn on 127.0.0.1 (a free port unless given) for the block;
    yields its base URL once it accepts connections."""
    port = port or free_port()
    config = Config()
    config.bind, config.graceful_timeout = [f"127.0.0.1:{port}"], 1
    config.accesslog = config.errorlog = None
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, config, shutdown_trigger=stop.wait))
    try:
        for _ in range(250):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.02)
                continue
            writer.close()
            await writer.wait_closed()
            break
        else:
            raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        await task


async def fresh_pg_database(name: str) -> str:
    """A new, empty PostgreSQL database beside the test database; its URL."""
    admin = await asyncpg.connect(PG_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return urlparse(PG_URL)._replace(path=f"/{name}").geturl()


class Served:
    """`hirebot serve` with its own data directory (and, on PostgreSQL, its own database
    ``<test database>_<suffix>``); ``output()`` is what it printed."""

    def __init__(self, data_dir: Path, suffix: str, *args: str, **env: str) -> None:
        self.data_dir, self.suffix, self.args, self.extra = data_dir, suffix, args, env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HIREBOT_", "ANTHROPIC_"))}
        env.update(HIREBOT_DATA_DIR=str(self.data_dir), HIREBOT_BASE_URL=self.base, HIREBOT_LOG_LEVEL="WARNING",
                   **self.extra)
        if PG_URL:
            own = urlparse(PG_URL).path.strip("/") or "hirebot"
            env["HIREBOT_DATABASE_URL"] = asyncio.run(fresh_pg_database(f"{own}_{self.suffix}"))
        if REDIS_URL:
            env["HIREBOT_REDIS_URL"] = REDIS_URL
        self.log = open(self.data_dir.parent / f"server-{self.suffix}.log", "w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(self.port), *self.args], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=Path(__file__).parents[1])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"server exited early:\n{self.output()}")
            try:
                if httpx.get(f"{self.base}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        pytest.fail("server did not become healthy in 60 s")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()
