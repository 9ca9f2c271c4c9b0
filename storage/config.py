"""Settings: one object built from environment variables at startup."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, Field

VERSION = "0.1.0"


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _secret_key(data_dir: Path) -> str:
    """Return the persisted secret key, creating it (mode 0600) on first use."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


class Settings(BaseModel):
    """Runtime configuration. Every field maps to one documented env var."""

    data_dir: Path = Path("./var")
    database_url: str = ""
    secret_key: str = ""
    redis_url: str | None = None
    demo: bool = False
    log_level: str = "INFO"
    base_url: str = "http://127.0.0.1:8000"
    email_backend: str = "console"
    smtp_url: str | None = None
    email_from: str = "Hirebot <no-reply@hirebot.local>"
    cookie_secure: bool | None = None
    session_days: int = 14
    default_rate_limit_per_minute: int = 600
    auth_rate_limit: str = "10/minute"
    careers_rate_limit_per_minute: int = 120
    careers_apply_rate_limit: str = "5/hour"
    max_body_bytes: int = 60 * 1024 * 1024
    embedded_worker: bool = True
    allow_insecure_webhooks: bool = False
    argon2_profile: str = "default"
    model: str = "offline"
    anthropic_api_key: str | None = Field(default=None, repr=False)
    anthropic_base_url: str | None = None
    slack_bot_token: str | None = Field(default=None, repr=False)
    slack_signing_secret: str | None = Field(default=None, repr=False)
    slack_app_token: str | None = Field(default=None, repr=False)
    slack_api_url: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://", "asyncpg://"))

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.base_url.startswith("https://")

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Read HIREBOT_* variables; ``overrides`` win (used by tests and the CLI)."""
        data_dir = Path(overrides.pop("data_dir", None) or _env("HIREBOT_DATA_DIR", "./var"))
        values: dict = {
            "data_dir": data_dir,
            "database_url": _env("HIREBOT_DATABASE_URL", ""),
            "secret_key": _env("HIREBOT_SECRET_KEY", ""),
            "redis_url": _env("HIREBOT_REDIS_URL"),
            "demo": _env("HIREBOT_DEMO", "0") in ("1", "true", "yes"),
            "log_level": _env("HIREBOT_LOG_LEVEL", "INFO").upper(),
            "base_url": _env("HIREBOT_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            "email_backend": _env("HIREBOT_EMAIL_BACKEND", "console"),
            "smtp_url": _env("HIREBOT_SMTP_URL"),
            "email_from": _env("HIREBOT_EMAIL_FROM", "Hirebot <no-reply@hirebot.local>"),
            "default_rate_limit_per_minute": int(_env("HIREBOT_RATE_LIMIT_PER_MINUTE", "600")),
            "auth_rate_limit": _env("HIREBOT_AUTH_RATE_LIMIT", "10/minute"),
            "careers_rate_limit_per_minute": int(_env("HIREBOT_CAREERS_RATE_LIMIT_PER_MINUTE", "120")),
            "careers_apply_rate_limit": _env("HIREBOT_CAREERS_APPLY_RATE_LIMIT", "5/hour"),
            "anthropic_api_key": _env("ANTHROPIC_API_KEY"),
            "anthropic_base_url": _env("ANTHROPIC_BASE_URL"),
            "slack_bot_token": _env("SLACK_BOT_TOKEN"),
            "slack_signing_secret": _env("SLACK_SIGNING_SECRET"),
            "slack_app_token": _env("SLACK_APP_TOKEN"),
            "slack_api_url": _env("SLACK_API_URL"),
            "embedded_worker": _env("HIREBOT_EMBEDDED_WORKER", "1") in ("1", "true", "yes"),
            "allow_insecure_webhooks": _env("HIREBOT_ALLOW_INSECURE_WEBHOOKS", "0") in ("1", "true", "yes"),
        }
        cookie_secure = _env("HIREBOT_COOKIE_SECURE")
        if cookie_secure is not None:
            values["cookie_secure"] = cookie_secure in ("1", "true", "yes")
        values["model"] = _env("HIREBOT_MODEL") or (
            "anthropic:claude-sonnet-4-6" if values["anthropic_api_key"] else "offline"
        )
        values.update(overrides)
        settings = cls(**values)
        if not settings.database_url:
            settings.database_url = f"sqlite://{(data_dir / 'hirebot.db').as_posix()}"
        if not settings.secret_key:
            settings.secret_key = _secret_key(data_dir)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return settings
