"""Content-addressed file store under the data directory, one namespace per tenant."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
from pathlib import Path


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, tenant_id: str, sha256: str) -> Path:
        return self.root / tenant_id / sha256[:2] / sha256

    async def put(self, tenant_id: str, data: bytes) -> str:
        """Store bytes once (atomic write) and return their SHA-256."""
        digest = hashlib.sha256(data).hexdigest()
        path = self.path_for(tenant_id, digest)
        if not path.exists():
            await asyncio.to_thread(self._write, path, data)
        return digest

    async def get(self, tenant_id: str, sha256: str) -> bytes:
        return await asyncio.to_thread(self.path_for(tenant_id, sha256).read_bytes)

    async def delete(self, tenant_id: str, sha256: str) -> None:
        """Remove the bytes (no error when they are already gone)."""
        await asyncio.to_thread(self.path_for(tenant_id, sha256).unlink, missing_ok=True)

    async def delete_tenant(self, tenant_id: str) -> None:
        """Remove every file of one tenant."""
        await asyncio.to_thread(shutil.rmtree, self.root / tenant_id, True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
