"""The `hirebot migrate` upgrade path and the SMTP email sender, for real."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from aiosmtpd.controller import Controller

from api.app import create_app
from tests.conftest import PG_URL
from tests.helpers import Api

ROOT = Path(__file__).parents[1]


def _migrate(env_extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIREBOT_")} | env_extra
    return subprocess.run([sys.executable, "-m", "api.cli", "migrate"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_migrate_is_idempotent_and_keeps_data(tmp_path: Path):
    import sqlite3

    env = {"HIREBOT_DATA_DIR": str(tmp_path), "HIREBOT_DATABASE_URL": f"sqlite://{tmp_path}/up.db"}
    first = _migrate(env)
    assert first.returncode == 0, first.stderr
    with closing(sqlite3.connect(tmp_path / "up.db")) as conn, conn:
        conn.execute("INSERT INTO tenant (id, name, slug, rate_limit_per_minute, parse_quota_monthly,"
                     " monthly_budget_usd, settings, audit_seq, audit_head, created_at, updated_at) VALUES"
                     " ('ten_x', 'Kept', 'kept', 600, 1000, 50, '{}', 0, '', '2026-01-01', '2026-01-01')")
        applied = conn.execute("SELECT count(*) FROM tortoise_migrations").fetchone()[0]
    second = _migrate(env)
    assert second.returncode == 0, second.stderr
    assert "up to date" in second.stdout
    with closing(sqlite3.connect(tmp_path / "up.db")) as conn, conn:
        assert conn.execute("SELECT name FROM tenant WHERE id='ten_x'").fetchone() == ("Kept",)
        assert conn.execute("SELECT count(*) FROM tortoise_migrations").fetchone()[0] == applied
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


class _Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook name
        self.messages.append(envelope)
        return "250 OK"


async def test_password_reset_email_goes_out_over_smtp(settings, tmp_path):
    inbox = _Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp_settings = settings.model_copy(update={
            "email_backend": "smtp", "smtp_url": f"smtp://127.0.0.1:{port}"})
        app = create_app(smtp_settings)
        async with app.test_app():
            if PG_URL:
                from tests.conftest import truncate_all
                await truncate_all()
            api = Api(app, smtp_settings)
            admin = await api.signup(email="smtp-admin@example.com")
            r = await api.anonymous().post("/api/v1/auth/forgot-password",
                                           json={"email": "smtp-admin@example.com"})
            assert r.status_code == 202
        for _ in range(50):
            if len(inbox.messages) >= 2:
                break
            await asyncio.sleep(0.05)
        subjects = [m.content.decode() for m in inbox.messages]
        assert any("Confirm your email" in s for s in subjects)
        reset = [s for s in subjects if "Reset your Hirebot password" in s]
        assert reset and "reset-password?token=" in reset[0]
        assert all(m.rcpt_tos == ["smtp-admin@example.com"] for m in inbox.messages)
        assert admin.user["email"] == "smtp-admin@example.com"
    finally:
        controller.stop()


def test_upgrade_from_the_first_schema_keeps_rows(tmp_path: Path):
    """A database created by migration 0001 upgrades to the latest schema with its data."""
    import sqlite3

    from tortoise import Tortoise
    from tortoise.migrations.api import migrate

    from storage.db import tortoise_config

    url = f"sqlite://{tmp_path}/old.db"

    async def to_first() -> None:
        await migrate(config=tortoise_config(url), target="models.0001_initial")
        await Tortoise.close_connections()

    asyncio.run(to_first())
    with closing(sqlite3.connect(tmp_path / "old.db")) as conn, conn:
        conn.execute("INSERT INTO tenant (id, name, slug, rate_limit_per_minute, monthly_budget_usd,"
                     " settings, audit_seq, audit_head, created_at, updated_at) VALUES"
                     " ('ten_old', 'Old', 'old', 600, 50, '{}', 0, '', '2026-01-01', '2026-01-01')")
        conn.execute("INSERT INTO candidate (id, tenant_id, name, skills, source, created_at, updated_at)"
                     " VALUES ('cand_old', 'ten_old', 'Kept Person', '[]', 'manual', '2026-01-01', '2026-01-01')")
    result = _migrate({"HIREBOT_DATA_DIR": str(tmp_path), "HIREBOT_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "old.db")) as conn, conn:
        assert conn.execute("SELECT name, profile FROM candidate WHERE id='cand_old'").fetchone() == ("Kept Person", None)
        assert conn.execute("SELECT parse_quota_monthly FROM tenant WHERE id='ten_old'").fetchone() == (1000,)
        assert conn.execute("SELECT count(*) FROM stored_file").fetchone() == (0,)
