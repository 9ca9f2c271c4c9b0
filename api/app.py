"""The Quart application factory."""

from __future__ import annotations

import asyncio

from quart import Quart
from quart_schema import QuartSchema
from quart_schema.openapi import APIKeySecurityScheme, HttpSecurityScheme

from api import errors, requestlog, web
from api.docs import bp as docs_bp
from api.ratelimit import RateLimiter
from api.routes import (
    analytics,
    api_keys,
    audit,
    auth,
    candidates,
    careers,
    chat,
    drafting,
    health,
    integrations,
    interviews,
    jd,
    library,
    offers,
    parsing,
    people,
    pipeline,
    recruiting,
    screening,
    screening_batches,
    sourcing,
    spend,
    team,
    webhooks,
)
from integrations.email import make_sender
from integrations.slack import route as slack_route
from storage import db, idempotency
from storage.config import VERSION, Settings
from tools import runtime, worker
from tools.parsing import isolation

SECURITY_SCHEMES = {
    "bearerAuth": HttpSecurityScheme(scheme="bearer", bearer_format="hb_live_…"),
    "apiKeyHeader": APIKeySecurityScheme(name="X-API-Key", in_="header"),
    "sessionCookie": APIKeySecurityScheme(name="hirebot_session", in_="cookie"),
}


def create_app(settings: Settings | None = None) -> Quart:
    """Build the app: routes, error envelope, OpenAPI, logging, ORM lifecycle."""
    settings = settings or Settings.from_env()
    app = Quart("hirebot")
    app.config.update(
        SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=settings.max_body_bytes,
        RESPONSE_TIMEOUT=None, SESSION_DAYS=settings.session_days,
        SESSION_COOKIE_SECURE=settings.secure_cookies, HIREBOT_SETTINGS=settings)
    runtime.configure(settings, make_sender(settings))
    app.extensions["hirebot.ratelimiter"] = RateLimiter(
        settings.redis_url, settings.auth_rate_limit, settings.careers_rate_limit_per_minute,
        settings.careers_apply_rate_limit)

    QuartSchema(
        app, openapi_path="/api/v1/openapi.json", swagger_ui_path=None, redoc_ui_path=None,
        scalar_ui_path=None, security_schemes=SECURITY_SCHEMES,
        info={"title": "Hirebot API", "version": VERSION,
              "description": "Chat-first AI recruiter. Conventions: docs/api.md and /api/docs."})
    app.json.sort_keys = False  # after QuartSchema, which installs its own JSON provider
    errors.install(app)
    requestlog.install(app)
    for module in (health, auth, team, api_keys, audit, recruiting, candidates, people, pipeline, jd, parsing,
                   screening, screening_batches, sourcing, drafting, library, interviews, offers,
                   careers, analytics, spend, chat, integrations, webhooks):
        app.register_blueprint(module.bp)
    app.register_blueprint(docs_bp)
    web.register(app)
    slack_route.install(app, settings)   # before the hooks below: its work drains before the database closes

    stop_worker = asyncio.Event()

    @app.before_serving
    async def _start() -> None:
        await db.connect(settings)
        await idempotency.purge_expired()
        if settings.embedded_worker:
            stop_worker.clear()
            app.extensions["hirebot.worker"] = asyncio.create_task(worker.run_worker(stop_worker))

    @app.after_serving
    async def _stop() -> None:
        task = app.extensions.pop("hirebot.worker", None)
        if task is not None:
            await worker.stop_gracefully(task, stop_worker)
        await asyncio.to_thread(isolation.shutdown)
        await db.close()

    return app
