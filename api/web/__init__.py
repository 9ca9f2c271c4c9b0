"""The browser UI: server-rendered pages (Jinja) plus small ES modules from ``api/static``."""

from __future__ import annotations

from pathlib import Path

from quart import Blueprint, Quart

from api.web import auth_pages, careers_pages, records, security, settings_page, workspace

STATIC = str(Path(__file__).parents[1] / "static")


def register(app: Quart) -> None:
    """Mount the pages and the static assets (served by the app itself, no CDN)."""
    assets = Blueprint("web_static", __name__, static_folder=STATIC, static_url_path="/assets")
    security.install(assets)
    app.register_blueprint(assets)
    for module in (auth_pages, workspace, records, settings_page, careers_pages):
        app.register_blueprint(module.bp)
