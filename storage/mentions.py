"""Find rows whose text or JSON column mentions given strings (for data-subject erasure).

A plain ``LIKE`` over the column cast to text, so it works the same on SQLite (JSON stored
as text) and PostgreSQL (jsonb). Slow on big tables, but erasure is rare and runs off the
request path of everything else.
"""

from __future__ import annotations

from tortoise import connections


def _escape(needle: str) -> str:
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def ids_mentioning(table: str, columns: tuple[str, ...], needles: list[str], *,
                         where: tuple[str, list[str]]) -> list:
    """Primary keys of ``table`` rows where one of ``columns`` contains one of ``needles``,
    among the rows where ``where = (column, allowed values)`` holds (a tenant id, principals)."""
    needles = sorted({n for n in needles if n})
    filter_column, allowed = where
    if not needles or not allowed:
        return []
    conn = connections.get("default")
    postgres = conn.capabilities.dialect == "postgres"
    counter = iter(range(1, 10_000))

    def ph() -> str:
        return f"${next(counter)}" if postgres else "?"

    scope = f"{filter_column} IN ({', '.join(ph() for _ in allowed)})"
    patterns = [f"%{_escape(n)}%" for n in needles]
    matches = " OR ".join(f"CAST({column} AS TEXT) LIKE {ph()} ESCAPE '\\'" for column in columns for _ in needles)
    sql = f"SELECT id FROM {table} WHERE {scope} AND ({matches})"
    _, rows = await conn.execute_query(sql, [*allowed, *(patterns * len(columns))])
    return [row[0] for row in rows]
