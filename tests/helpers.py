"""Test helpers that drive the public HTTP API like a client would."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

PASSWORD = "correct horse battery staple"


@dataclass
class Client:
    """One HTTP client (own cookie jar) with its credentials."""

    http: Any
    csrf: str | None = None
    api_key: str | None = None
    user: dict = field(default_factory=dict)
    tenant: dict = field(default_factory=dict)

    def _headers(self, method: str, extra: dict | None) -> dict:
        headers = dict(extra or {})
        if self.api_key:
            headers.setdefault("Authorization", f"Bearer {self.api_key}")
        elif self.csrf and method in ("POST", "PUT", "PATCH", "DELETE"):
            headers.setdefault("X-CSRF-Token", self.csrf)
        return headers

    async def call(self, method: str, path: str, json: Any = None, headers: dict | None = None, **kw):
        kwargs = {"headers": self._headers(method, headers), **kw}
        if json is not None:
            kwargs["json"] = json
        return await self.http.open(path, method=method, **kwargs)

    async def get(self, path, **kw):
        return await self.call("GET", path, **kw)

    async def post(self, path, json=None, **kw):
        return await self.call("POST", path, json=json, **kw)

    async def patch(self, path, json=None, **kw):
        return await self.call("PATCH", path, json=json, **kw)

    async def put(self, path, json=None, **kw):
        return await self.call("PUT", path, json=json, **kw)

    async def delete(self, path, **kw):
        return await self.call("DELETE", path, **kw)


class Api:
    """Creates clients: signed-up admins, invited members, API-key holders."""

    def __init__(self, app, settings) -> None:
        self.app, self.settings = app, settings

    def anonymous(self) -> Client:
        return Client(self.app.test_client())

    async def signup(self, company: str = "Acme Talent", email: str | None = None) -> Client:
        client = self.anonymous()
        email = email or f"admin-{secrets.token_hex(4)}@example.com"
        r = await client.post("/api/v1/auth/signup", json={
            "company_name": company, "name": "Ada Admin", "email": email, "password": PASSWORD})
        body = await r.get_json()
        assert r.status_code == 201, body
        client.csrf, client.user, client.tenant = body["data"]["csrf_token"], body["data"]["user"], body["data"]["tenant"]
        return client

    async def member(self, admin: Client, role: str, email: str | None = None) -> Client:
        """Invite a member with ``role`` and accept the invite from a fresh client."""
        email = email or f"{role}-{secrets.token_hex(4)}@example.com"
        r = await admin.post("/api/v1/auth/invites", json={"email": email, "name": role.title(), "role": role})
        assert r.status_code == 201, await r.get_json()
        token = self.token_from_mail(email)
        client = self.anonymous()
        r = await client.post("/api/v1/auth/accept-invite", json={"token": token, "password": PASSWORD})
        body = await r.get_json()
        assert r.status_code == 201, body
        client.csrf, client.user, client.tenant = body["data"]["csrf_token"], body["data"]["user"], body["data"]["tenant"]
        return client

    async def key_client(self, admin: Client, role: str = "admin") -> Client:
        r = await admin.post("/api/v1/api-keys", json={"name": f"{role} key", "role": role})
        body = await r.get_json()
        assert r.status_code == 201, body
        return Client(self.app.test_client(), api_key=body["data"]["token"], tenant=admin.tenant)

    def mails(self, to: str) -> list:
        folder = Path(self.settings.data_dir) / "mail"
        found = []
        for path in sorted(folder.glob("*.eml")):
            msg = message_from_bytes(path.read_bytes())
            if msg["To"] == to:
                found.append(msg)
        return found

    def token_from_mail(self, to: str, index: int = -1) -> str:
        msg = self.mails(to)[index]
        match = re.search(r"Token: (\S+)", msg.get_payload(decode=True).decode())
        assert match, "no token in the email"
        return match.group(1)


def multipart(files: list[tuple[str, bytes]], fields: dict | None = None, field: str = "files[]") -> dict:
    """Request arguments for a multipart/form-data body with several files under one name."""
    boundary = "hirebot" + secrets.token_hex(12)
    chunks = []
    for name, value in (fields or {}).items():
        value = str(value).lower() if isinstance(value, bool) else str(value)
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, data in files:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                      "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return {"data": b"".join(chunks), "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}
