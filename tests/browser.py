"""Browser test support: Hirebot served by a real Hypercorn process, Debian's Chromium driven by Playwright."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

from tests.served import Served

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).parents[1] / "docs" / "screenshots"


class Server(Served):
    """`hirebot serve` for the browser, with mail written to files the tests can read."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir, "web", HIREBOT_EMAIL_BACKEND="file", HIREBOT_AUTH_RATE_LIMIT="1000/minute",
                         HIREBOT_ALLOW_INSECURE_WEBHOOKS="1")

    def mail_link(self, to: str, path: str) -> str:
        """The link to ``path`` in the newest mail sent to ``to`` (the file email backend)."""
        pattern = re.compile(re.escape(self.base + path) + r"\S+")
        for mail in sorted((self.data_dir / "mail").glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
            message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
            found = pattern.search(message.get_body(("plain",)).get_content())
            if message["To"] == to and found:
                return found.group(0)
        raise AssertionError(f"no mail to {to} with {path}")
