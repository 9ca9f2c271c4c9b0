"""The browser UI: server-rendered pages (Jinja) plus small ES modules from ``api/static``."""

from __future__ import annotations

from pathlib import Path

from quart import Quart, send_from_directory

from api.web import auth_pages, careers_pages, records, settings_page, workspace
from api.web.common import page, web_blueprint

STATIC = Path(__file__).parents[1] / "static"

assets = web_blueprint("web_assets")


@assets.get("/assets/<path:filename>")
@page
async def asset(filename: str):
    """A stylesheet or ES module, served by the app itself (no CDN)."""
    return await send_from_directory(STATIC, filename)


def register(app: Quart) -> None:
    """Mount the pages and their assets."""
    for bp in (assets, auth_pages.bp, workspace.bp, records.bp, settings_page.bp, careers_pages.bp):
        app.register_blueprint(bp)
