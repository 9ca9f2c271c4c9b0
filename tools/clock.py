"""Timezone-aware UTC time in one place.

``utcnow`` is the one time source of the domain layer (audit, leases, webhook retry
schedules). ``advance`` moves it forward, so tests can step through a retry schedule of
hours without sleeping; ``reset`` returns to wall-clock time.
"""

from datetime import UTC, datetime, timedelta

_offset = timedelta(0)


def utcnow() -> datetime:
    return datetime.now(UTC) + _offset


def advance(delta: timedelta) -> None:
    """Move the clock forward by ``delta`` (tests)."""
    global _offset
    _offset += delta


def reset() -> None:
    """Back to wall-clock time."""
    global _offset
    _offset = timedelta(0)
