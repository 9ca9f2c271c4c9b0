"""Full-text search over candidates: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank).

The index covers ``candidate.search_text`` (migration 0004 keeps it in sync on every
write). Besides words, ``search_text`` carries two kinds of synthetic tokens, so exact
filters run inside the full-text engine instead of as slow OR scans:

* ``skill_token(name)``: one token per canonical skill (``C++`` and ``c`` stay distinct);
* ``tag_token(tag)``: one token per candidate tag (exact tag filters);
* ``tenant_token(id)``: one token per tenant, AND-ed into every query so that a large
  pool of other tenants costs nothing (the SQL also filters ``tenant_id``).

Queries are built from a small expression tree (``Term``, ``AllOf``, ``AnyOf``) that is
rendered per dialect; user words are reduced to letters and digits first, so quotes,
``*``, ``NEAR``, ``-`` or parentheses in a brief can never form query syntax.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from tortoise import connections

_WORD_RE = re.compile(r"[^\W_]+")
_TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _digest_token(prefix: str, value: str) -> str:
    # letters only, ending in "q": no tokenizer splits it and porter leaves it alone
    n = int.from_bytes(hashlib.blake2b(value.encode(), digest_size=6).digest(), "big")
    letters = []
    for _ in range(10):
        n, r = divmod(n, 26)
        letters.append(_TOKEN_ALPHABET[r])
    return prefix + "".join(letters) + "q"


def skill_token(canonical: str) -> str:
    """The index token standing for one canonical skill."""
    return _digest_token("zsk", canonical.casefold())


def tag_token(tag: str) -> str:
    """The index token standing for one candidate tag."""
    return _digest_token("ztg", tag.casefold())


def tenant_token(tenant_id: str) -> str:
    """The index token standing for one tenant."""
    return _digest_token("ztn", tenant_id)


def words(text: str) -> list[str]:
    """Lower-cased letter/digit runs of ``text``: the only user input a query ever sees."""
    return [w.casefold() for w in _WORD_RE.findall(text or "")]


@dataclass(frozen=True)
class Term:
    word: str
    prefix: bool = False


@dataclass(frozen=True)
class AllOf:
    parts: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class AnyOf:
    parts: tuple = field(default_factory=tuple)


Expr = Term | AllOf | AnyOf


def _render(expr: Expr, dialect: str) -> str:
    if isinstance(expr, Term):
        if dialect == "postgres":
            return f"'{expr.word}'" + (":*" if expr.prefix else "")
        return f'"{expr.word}"' + ("*" if expr.prefix else "")
    joiner = {("postgres", AllOf): " & ", ("postgres", AnyOf): " | ",
              ("sqlite", AllOf): " AND ", ("sqlite", AnyOf): " OR "}[(dialect, type(expr))]
    return "(" + joiner.join(_render(p, dialect) for p in expr.parts) + ")"


@dataclass
class HardFilters:
    """Conditions on candidate columns applied in the same SQL statement."""

    location: str | None = None
    min_years: float | None = None
    exclude_vacancy_id: str | None = None
    source: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    vacancy_id: str | None = None       # has an application to this vacancy (in ``stage`` if given)
    stage: str | None = None            # without vacancy_id: any application in this stage


def _scoped_query(tenant_id: str, expr: Expr | None, dialect: str) -> str:
    tenant = Term(tenant_token(tenant_id))
    return _render(AllOf((tenant, expr)) if expr is not None else AllOf((tenant,)), dialect)


def _dialect() -> str:
    return "postgres" if connections.get("default").capabilities.dialect == "postgres" else "sqlite"


def _where(filters: HardFilters, tenant_id: str, ph) -> tuple[str, list]:
    sql, params = "", []
    if filters.location:
        sql += f" AND lower(c.location) LIKE {ph()}"
        params.append(f"%{filters.location.casefold()}%")
    if filters.min_years is not None:
        sql += f" AND c.total_years >= {ph()}"
        params.append(filters.min_years)
    if filters.exclude_vacancy_id:
        sql += (" AND c.id NOT IN (SELECT a.candidate_id FROM application a"
                f" WHERE a.tenant_id = {ph()} AND a.vacancy_id = {ph()})")
        params += [tenant_id, filters.exclude_vacancy_id]
    for column, op, value in (("source", "=", filters.source), ("created_at", ">=", filters.created_after),
                              ("created_at", "<", filters.created_before)):
        if value is not None:
            sql += f" AND c.{column} {op} {ph()}"
            params.append(value)
    if filters.vacancy_id or filters.stage:
        sql += f" AND c.id IN (SELECT a.candidate_id FROM application a WHERE a.tenant_id = {ph()}"
        params.append(tenant_id)
        for column, value in (("vacancy_id", filters.vacancy_id), ("stage", filters.stage)):
            if value:
                sql += f" AND a.{column} = {ph()}"
                params.append(value)
        sql += ")"
    return sql, params


JSON_COLUMNS = frozenset({"skills", "profile", "tags"})


def _decode(row, columns: tuple[str, ...]) -> dict:
    out = {"id": row[0], "rel": float(row[1])}
    for name, value in zip(columns, row[2:], strict=True):
        out[name] = json.loads(value) if name in JSON_COLUMNS and isinstance(value, str) else value
    return out


async def search(tenant_id: str, expr: Expr | None, limit: int, offset: int = 0,
                 filters: HardFilters | None = None, columns: tuple[str, ...] = (),
                 ranked: bool = True) -> list[dict]:
    """One tenant's best matches, best first (ties by id): ``{"id", "rel", *columns}``.

    ``rel`` is positive, larger is better: ``-bm25`` on SQLite, ``ts_rank`` on PostgreSQL.
    ``expr=None`` matches all of the tenant's candidates. ``ranked=False`` skips ranking
    and returns the first ``limit`` matches in index order (cheap on huge match sets).
    The requested candidate ``columns`` come from the same statement, so a search is one
    round trip; JSON columns are decoded.
    """
    filters = filters or HardFilters()
    dialect = _dialect()
    query = _scoped_query(tenant_id, expr, dialect)
    order = " ORDER BY rel DESC, c.id" if ranked else ""
    page = f"{order} LIMIT {int(limit)} OFFSET {int(offset)}"
    if dialect == "postgres":
        numbers = iter(range(2, 1000))
        where, params = _where(filters, tenant_id, lambda: f"${next(numbers)}")
        tsq = f"to_tsquery('simple', ${next(numbers)})"
        rel = f"ts_rank(c.search_tsv, {tsq})" if ranked else "1.0"
        hits = (f"SELECT c.id, {rel} AS rel FROM candidate c"
                f" WHERE c.tenant_id = $1 AND c.search_tsv @@ {tsq}{where}{page}")
        values = [tenant_id, *params, query]
    else:
        where, params = _where(filters, tenant_id, lambda: "?")
        rel = "-bm25(candidate_fts)" if ranked else "1.0"
        # "+c.tenant_id": check the tenant, but let the planner start from the FTS match
        hits = (f"SELECT c.id, {rel} AS rel FROM candidate_fts JOIN candidate c ON c.rowid = candidate_fts.rowid"
                f" WHERE candidate_fts MATCH ? AND +c.tenant_id = ?{where}{page}")
        values = [query, tenant_id, *params]
    extra = "".join(f", c.{name}" for name in columns)
    sql = (f"SELECT h.id, h.rel{extra} FROM ({hits}) h JOIN candidate c ON c.id = h.id"
           " ORDER BY h.rel DESC, h.id")
    _, rows = await connections.get("default").execute_query(sql, values)
    return [_decode(row, columns) for row in rows]


async def count(tenant_id: str, expr: Expr | None, filters: HardFilters | None = None) -> int:
    """How many of the tenant's candidates match ``expr`` (and ``filters``)."""
    filters = filters or HardFilters()
    dialect = _dialect()
    query = _scoped_query(tenant_id, expr, dialect)
    if dialect == "postgres":
        numbers = iter(range(3, 1000))
        where, params = _where(filters, tenant_id, lambda: f"${next(numbers)}")
        sql = ("SELECT count(*) FROM candidate c WHERE c.tenant_id = $1"
               f" AND c.search_tsv @@ to_tsquery('simple', $2){where}")
        values = [tenant_id, query, *params]
    else:
        where, params = _where(filters, tenant_id, lambda: "?")
        sql = ("SELECT count(*) FROM candidate_fts JOIN candidate c ON c.rowid = candidate_fts.rowid"
               f" WHERE candidate_fts MATCH ? AND c.tenant_id = ?{where}")
        values = [query, tenant_id, *params]
    _, rows = await connections.get("default").execute_query(sql, values)
    return int(rows[0][0])


async def purge_deleted_terms() -> None:
    """Merge the SQLite index so terms of deleted candidates leave its segments too (FTS5
    keeps them until a merge); PostgreSQL's generated tsvector goes with its row."""
    if _dialect() == "sqlite":
        await connections.get("default").execute_script(
            "INSERT INTO candidate_fts(candidate_fts) VALUES ('optimize');")
