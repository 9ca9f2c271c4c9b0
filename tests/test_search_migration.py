"""Migration 0004 on a database that already has candidates: `hirebot migrate` indexes them."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from storage.db import tortoise_config
from storage.search import skill_token, tenant_token

ROOT = Path(__file__).resolve().parent.parent


def test_migrate_backfills_the_index_for_existing_candidates(tmp_path: Path):
    url = f"sqlite://{tmp_path}/old.db"

    async def to_0003() -> None:
        await migrate(config=tortoise_config(url), target="models.0003_screening")
        await Tortoise.close_connections()

    asyncio.run(to_0003())
    with closing(sqlite3.connect(tmp_path / "old.db")) as conn, conn:
        conn.execute("INSERT INTO tenant (id, name, slug, rate_limit_per_minute, monthly_budget_usd, settings,"
                     " audit_seq, audit_head, created_at, updated_at, parse_quota_monthly) VALUES"
                     " ('ten_old', 'Old', 'old', 600, 50, '{}', 0, '', '2026-01-01', '2026-01-01', 1000)")
        conn.execute("INSERT INTO candidate (id, tenant_id, name, headline, location, skills, source, profile,"
                     " created_at, updated_at) VALUES ('cand_old', 'ten_old', 'Kept Person', 'Platform Engineer',"
                     " 'Oslo', '[\"k8s\", \"Python\"]', 'cv',"
                     " '{\"seniority\": \"senior\", \"total_experience_years\": 9.5}', '2026-01-01', '2026-01-01')")
    result = subprocess.run([sys.executable, "-m", "api.cli", "migrate"], cwd=ROOT, capture_output=True, text=True,
                            env={k: v for k, v in os.environ.items() if not k.startswith("HIREBOT_")}
                            | {"HIREBOT_DATA_DIR": str(tmp_path), "HIREBOT_DATABASE_URL": url},
                            timeout=120)
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(tmp_path / "old.db")) as conn, conn:
        row = conn.execute("SELECT seniority, total_years FROM candidate WHERE id='cand_old'").fetchone()
        assert row == ("senior", 9.5)
        for query in (skill_token("Kubernetes"), "platform", "oslo", f"{tenant_token('ten_old')} AND python"):
            hits = conn.execute("SELECT c.id FROM candidate_fts JOIN candidate c ON c.rowid = candidate_fts.rowid"
                                " WHERE candidate_fts MATCH ?", (query,)).fetchall()
            assert hits == [("cand_old",)], query
        # the triggers keep it in sync from now on
        conn.execute("UPDATE candidate SET search_text = 'renamed' WHERE id = 'cand_old'")
        assert conn.execute("SELECT count(*) FROM candidate_fts WHERE candidate_fts MATCH 'oslo'").fetchone() == (0,)
        conn.execute("DELETE FROM candidate WHERE id = 'cand_old'")
        assert conn.execute("SELECT count(*) FROM candidate_fts WHERE candidate_fts MATCH 'renamed'").fetchone() == (0,)
