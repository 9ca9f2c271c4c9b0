"""Password hashing with argon2id, off the event loop."""

from __future__ import annotations

import asyncio

from argon2.exceptions import InvalidHashError, VerificationError

from tools.runtime import runtime

_DUMMY_HASH: str | None = None


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(runtime().password_hasher.hash, password)


async def check_password(stored_hash: str | None, password: str) -> bool:
    """Constant-work check: an unknown user still costs one verification."""
    global _DUMMY_HASH
    hasher = runtime().password_hasher
    if stored_hash is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = await asyncio.to_thread(hasher.hash, "not-a-real-password")
        stored_hash = _DUMMY_HASH
        password = password + "\0"
    try:
        return await asyncio.to_thread(hasher.verify, stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
