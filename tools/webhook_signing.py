"""Standard Webhooks signing: ``whsec_`` secrets and ``v1,<base64 HMAC-SHA256>`` signatures."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    """A fresh signing secret, ``whsec_`` + base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``v1,…`` signature of ``"{id}.{timestamp}.{body}"`` under ``secret``."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secrets_in_use: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The Standard Webhooks headers; during a rotation one signature per secret, space-separated."""
    signature = " ".join(sign(s, message_id, timestamp, body) for s in secrets_in_use)
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp), "webhook-signature": signature,
            "content-type": "application/json"}
