"""The HTTP side of webhook delivery: POST to a vetted address with a 10 s timeout."""

from __future__ import annotations

import httpx

from tools.ssrf import VettedTarget

TIMEOUT_SECONDS = 10.0
MAX_RESPONSE_BYTES = 64 * 1024
MAX_CLIENTS = 256


class Sender:
    """Keeps one connection pool per receiver host name: requests go to the vetted address
    with the original ``Host`` header and TLS server name, so certificates are checked
    against the host, and connections are never shared between host names."""

    def __init__(self) -> None:
        self._clients: dict[str, httpx.AsyncClient] = {}

    async def _client(self, host: str) -> httpx.AsyncClient:
        client = self._clients.get(host)
        if client is None:
            if len(self._clients) >= MAX_CLIENTS:
                await self._clients.pop(next(iter(self._clients))).aclose()   # the oldest host
            client = httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False, trust_env=False)
            self._clients[host] = client
        return client

    async def post(self, target: VettedTarget, body: bytes, headers: dict[str, str]) -> int:
        """Send ``body``; returns the response status (redirects are not followed)."""
        default_port = 443 if target.scheme == "https" else 80
        host = target.host if target.port == default_port else f"{target.host}:{target.port}"
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        client = await self._client(target.host)
        async with client.stream(
                "POST", target.pinned_url, content=body, headers={**headers, "host": host},
                extensions=extensions) as response:
            read = 0
            async for chunk in response.aiter_raw():
                read += len(chunk)
                if read > MAX_RESPONSE_BYTES:
                    break
            return response.status_code

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
