"""Database lifecycle: Tortoise config, migrations, connect/close, probe."""

from __future__ import annotations

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate

from storage.config import Settings

MODELS = ["storage.models"]


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` alike (Tortoise wants ``postgres``)."""
    if url.startswith("postgresql://"):
        return "postgres://" + url[len("postgresql://"):]
    return url


def tortoise_config(database_url: str) -> dict:
    return {
        "connections": {"default": normalise_url(database_url)},
        "apps": {
            "models": {
                "models": MODELS,
                "default_connection": "default",
                "migrations": "storage.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def run_migrations(database_url: str) -> None:
    """Apply pending migrations (idempotent): the upgrade path for existing databases."""
    try:
        await migrate(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


async def connect(settings: Settings) -> None:
    """Open the global ORM context shared by all request tasks."""
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)


async def close() -> None:
    await Tortoise.close_connections()


async def probe() -> bool:
    """True when the database answers a trivial query."""
    try:
        await connections.get("default").execute_query("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - health must report, not raise
        return False
