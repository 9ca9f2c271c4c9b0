"""Process-wide services the domain layer needs, installed once at startup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from argon2 import PasswordHasher, profiles

from storage.config import Settings


class Mailer(Protocol):
    async def send(self, to: str, subject: str, body: str,
                   attachments: list[tuple[str, str, bytes]] | None = None) -> None: ...

    async def forget(self, address: str) -> int:
        """Drop any kept copies of mail to or about ``address``; returns how many."""


@dataclass
class Runtime:
    settings: Settings
    mailer: Mailer
    password_hasher: PasswordHasher


_runtime: Runtime | None = None


def configure(settings: Settings, mailer: Mailer) -> Runtime:
    """Install the services; called by ``api.app.create_app`` and the CLI."""
    global _runtime
    profile = profiles.CHEAPEST if settings.argon2_profile == "cheapest" else profiles.RFC_9106_LOW_MEMORY
    _runtime = Runtime(settings, mailer, PasswordHasher.from_parameters(profile))
    return _runtime


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("tools.runtime.configure() was not called")
    return _runtime
