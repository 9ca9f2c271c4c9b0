"""/api/v1/health: public liveness and readiness."""

from __future__ import annotations

from pydantic import BaseModel, Field
from quart import Blueprint, current_app

from api.envelope import ok
from api.guard import public
from api.routes.common import responds
from storage import db, queue
from storage.config import VERSION


class DatabaseHealth(BaseModel):
    ok: bool
    backend: str


class WorkerHealth(BaseModel):
    lag_seconds: float | None = Field(description="how long the oldest waiting background work (a queued job, "
                                                  "an event not yet fanned out, a due webhook delivery) has "
                                                  "waited; 0 when nothing waits, null when the database is down")


class HealthOut(BaseModel):
    status: str
    version: str
    database: DatabaseHealth
    worker: WorkerHealth
    model_mode: str


bp = Blueprint("health", __name__, url_prefix="/api/v1")


@bp.get("/health")
@public
@responds(HealthOut, errors=())
async def health():
    """Service status: version, database probe, worker lag and model mode. 503 when the database is down."""
    settings = current_app.config["HIREBOT_SETTINGS"]
    db_ok = await db.probe()
    body = HealthOut(
        status="ok" if db_ok else "degraded", version=VERSION,
        database=DatabaseHealth(ok=db_ok, backend="postgres" if settings.is_postgres else "sqlite"),
        worker=WorkerHealth(lag_seconds=round(await queue.worker_lag(), 3) if db_ok else None),
        model_mode="offline" if settings.model == "offline" else "model")
    return ok(body, 200 if db_ok else 503)
