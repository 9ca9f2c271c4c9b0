"""SSRF guard for webhook URLs: which addresses a webhook may reach.

A URL is vetted by resolving its host and checking every address: private, loopback,
link-local (cloud metadata 169.254.169.254 included), multicast, reserved, unspecified
and other non-global ranges are refused. Loopback is allowed only when the
``allow_loopback`` flag (``HIREBOT_ALLOW_INSECURE_WEBHOOKS=1``) is set, and only then may
the scheme be plain ``http``. The caller connects to the vetted address itself, so a DNS
answer that changes between the check and the request (rebinding) cannot redirect it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from tools.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrl(InvalidInput):
    """The URL is not an acceptable webhook target."""


@dataclass(frozen=True)
class VettedTarget:
    """A URL whose host resolved only to allowed addresses; ``address`` is the one to use."""

    url: str
    scheme: str
    host: str
    port: int
    address: IPAddress

    @property
    def pinned_url(self) -> str:
        """The URL with its host replaced by the vetted address (send ``Host: host``)."""
        parts = urlsplit(self.url)
        literal = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return parts._replace(netloc=f"{literal}:{self.port}").geturl()


def _refusal(address: IPAddress, allow_loopback: bool) -> str | None:
    """Why ``address`` may not be reached, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None if allow_loopback else "loopback"
    if address.is_link_local:
        return "link-local (cloud metadata)"
    if address.is_multicast:
        return "multicast"
    if address.is_unspecified or address.is_reserved:
        return "reserved"
    if address.is_private or not address.is_global:
        return "private"
    return None


async def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"the webhook host {host!r} does not resolve", {"url": "unresolvable host"}) from exc
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


async def vet_url(url: str, allow_loopback: bool) -> VettedTarget:
    """Check ``url`` and resolve it; raise ``UnsafeUrl`` (a 400) when it may not be called."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeUrl("the webhook URL is not valid", {"url": str(exc)}) from exc
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeUrl("the webhook URL must be an https:// URL", {"url": "scheme must be https"})
    if parts.username or parts.password:
        raise UnsafeUrl("the webhook URL may not carry credentials", {"url": "user info not allowed"})
    addresses = await _resolve(parts.hostname, port)
    for address in addresses:
        reason = _refusal(address, allow_loopback)
        if reason:
            raise UnsafeUrl(f"the webhook URL resolves to a {reason} address",
                            {"url": f"{parts.hostname} resolves to {address} ({reason})"})
    if parts.scheme == "http" and not all(_plain_http_ok(a, allow_loopback) for a in addresses):
        raise UnsafeUrl("the webhook URL must use https (plain http only for loopback in development)",
                        {"url": "scheme must be https"})
    return VettedTarget(url=url, scheme=parts.scheme, host=parts.hostname, port=port, address=addresses[0])


def _plain_http_ok(address: IPAddress, allow_loopback: bool) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return allow_loopback and address.is_loopback
