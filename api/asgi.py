"""ASGI entry point for Hypercorn workers: ``hypercorn api.asgi:app``."""

import asyncio

from api.app import create_app
from tools.parsing import isolation

app = create_app()


@app.before_serving
async def _prestart_parser_pool() -> None:
    """Start the CV parser's worker processes now, not on the first upload."""
    await asyncio.to_thread(isolation.prestart)
