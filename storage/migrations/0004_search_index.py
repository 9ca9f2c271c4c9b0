"""Full-text index over ``candidate.search_text`` (SQLite FTS5 / PostgreSQL tsvector).

SQLite: an external-content FTS5 table keyed by the candidate's rowid, kept in sync by
triggers, rebuilt from the existing rows. PostgreSQL: a generated ``tsvector`` column
('simple' configuration) with a GIN index, computed for existing rows by the ALTER.
Existing candidates get their ``search_text`` derived first (the same function every
candidate write uses), so a database upgraded from 0003 is searchable at once.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

SQLITE_UP = """
CREATE VIRTUAL TABLE IF NOT EXISTS candidate_fts USING fts5(
    search_text, content='candidate', content_rowid='rowid',
    tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS candidate_fts_ai AFTER INSERT ON candidate BEGIN
    INSERT INTO candidate_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER IF NOT EXISTS candidate_fts_ad AFTER DELETE ON candidate BEGIN
    INSERT INTO candidate_fts(candidate_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER IF NOT EXISTS candidate_fts_au AFTER UPDATE OF search_text ON candidate BEGIN
    INSERT INTO candidate_fts(candidate_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO candidate_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO candidate_fts(candidate_fts) VALUES ('rebuild');
"""

SQLITE_DOWN = """
DROP TRIGGER IF EXISTS candidate_fts_ai;
DROP TRIGGER IF EXISTS candidate_fts_ad;
DROP TRIGGER IF EXISTS candidate_fts_au;
DROP TABLE IF EXISTS candidate_fts;
"""

POSTGRES_UP = """
ALTER TABLE candidate ADD COLUMN IF NOT EXISTS search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED;
CREATE INDEX IF NOT EXISTS candidate_search_tsv_gin ON candidate USING gin (search_tsv);
"""

POSTGRES_DOWN = """
DROP INDEX IF EXISTS candidate_search_tsv_gin;
ALTER TABLE candidate DROP COLUMN IF EXISTS search_tsv;
"""


async def _backfill(client) -> None:
    """Derive search_text, seniority and total_years for rows written before 0004."""
    import json

    from tools.candidate_index import index_fields

    _, rows = await client.execute_query(
        "SELECT id, tenant_id, name, email, headline, location, skills, profile FROM candidate")
    for row in rows:
        values = dict(row)
        for key in ("skills", "profile"):
            if isinstance(values[key], str):
                values[key] = json.loads(values[key])
        derived = index_fields(values["tenant_id"], values)
        await client.execute_query(
            "UPDATE candidate SET search_text = $1, seniority = $2, total_years = $3 WHERE id = $4"
            if client.capabilities.dialect == "postgres" else
            "UPDATE candidate SET search_text = ?, seniority = ?, total_years = ? WHERE id = ?",
            [derived["search_text"], derived["seniority"], derived["total_years"], values["id"]])


async def forward(apps, schema_editor) -> None:
    client = schema_editor.client
    await _backfill(client)
    await client.execute_script(POSTGRES_UP if client.capabilities.dialect == "postgres" else SQLITE_UP)


async def backward(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(POSTGRES_DOWN if client.capabilities.dialect == "postgres" else SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [('models', '0003_screening')]

    initial = False

    operations = [
        ops.RunPython(forward, backward),
    ]
