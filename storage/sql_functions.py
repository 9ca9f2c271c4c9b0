"""SQL functions Tortoise lacks, rendered per dialect (SQLite and PostgreSQL)."""

from __future__ import annotations

from pypika_tortoise.context import SqlContext
from pypika_tortoise.enums import Dialects
from pypika_tortoise.terms import Function as SqlFunction
from tortoise.expressions import Function


class _UtcDateSql(SqlFunction):
    def __init__(self, term, *args) -> None:
        super().__init__("utc_date", term, *args)

    def get_function_sql(self, ctx: SqlContext) -> str:
        column = self.get_arg_sql(self.args[0], ctx)
        if ctx.dialect == Dialects.POSTGRESQL:
            return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        return f"substr({column}, 1, 10)"  # SQLite keeps UTC datetimes as ISO 8601 text


class UtcDate(Function):
    """The UTC calendar date (``YYYY-MM-DD`` text) of a timezone-aware datetime column."""

    database_func = _UtcDateSql
