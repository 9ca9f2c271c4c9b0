"""Test fixtures: a real database per test (SQLite file or PostgreSQL), the full app."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from tortoise import Tortoise, connections

from api.app import create_app
from storage import db
from storage.config import Settings
from tests.helpers import Api
from tests.webhook_receiver import Receiver
from tools import clock
from tools.webhook_sender import Sender

PG_URL = os.environ.get("HIREBOT_TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("HIREBOT_TEST_REDIS_URL") or None


async def _reset_postgres(url: str) -> None:
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()
    await db.run_migrations(url)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> str:
    """A migrated database: a fresh PostgreSQL schema, or a template SQLite file."""
    if PG_URL:
        asyncio.run(_reset_postgres(PG_URL))
        return PG_URL
    template = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(db.run_migrations(f"sqlite://{template}"))
    return str(template)


@pytest.fixture
def database_url(migrated_database: str, tmp_path: Path) -> str:
    if PG_URL:
        return PG_URL
    target = tmp_path / "hirebot.db"
    shutil.copy(migrated_database, target)
    return f"sqlite://{target}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings.from_env(
        data_dir=tmp_path / "data", database_url=database_url, secret_key="test-secret-key",
        redis_url=REDIS_URL, argon2_profile="cheapest", email_backend="file",
        base_url="http://hirebot.test", demo=False, auth_rate_limit="1000/minute",
        default_rate_limit_per_minute=600,
        allow_insecure_webhooks=True)   # webhook receivers in tests listen on 127.0.0.1


async def truncate_all() -> None:
    """Empty every table of the shared PostgreSQL test database (inside an open app)."""
    tables = [model._meta.db_table for model in Tortoise.apps["models"].values()]
    await connections.get("default").execute_script(
        f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE;")


@pytest_asyncio.fixture
async def app(settings: Settings):
    application = create_app(settings)
    async with application.test_app():
        if PG_URL:
            await truncate_all()
        yield application


@pytest.fixture
def api(app, settings) -> Api:
    return Api(app, settings)


@pytest.fixture(autouse=True)
def _wall_clock():
    """Tests may advance ``tools.clock``; every test ends on the wall clock."""
    yield
    clock.reset()


@pytest_asyncio.fixture
async def receiver():
    """A webhook receiver on 127.0.0.1 (tests/webhook_receiver.py)."""
    r = await Receiver().start()
    yield r
    await r.stop()


@pytest_asyncio.fixture
async def sender():
    """The webhook sender the worker uses, closed after the test."""
    s = Sender()
    yield s
    await s.aclose()
