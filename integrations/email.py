"""Email senders: console (log), file (one .eml per message) and SMTP."""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlparse

from storage.config import Settings
from storage.ids import new_id

log = logging.getLogger("hirebot.email")


Attachment = tuple[str, str, bytes]   # (filename, content type "main/sub", content)


def _message(sender: str, to: str, subject: str, body: str, attachments: list[Attachment] | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg.set_content(body)
    for filename, content_type, content in attachments or []:
        main, _, sub = content_type.partition("/")
        msg.add_attachment(content, maintype=main, subtype=sub, filename=filename)
    return msg


class ConsoleSender:
    """Writes each email to the log; the default for development."""

    def __init__(self, sender: str) -> None:
        self.sender = sender

    async def send(self, to: str, subject: str, body: str, attachments: list[Attachment] | None = None) -> None:
        names = [a[0] for a in attachments or []]
        log.info("email to=%s subject=%r attachments=%s\n%s", to, subject, names, body)

    async def forget(self, address: str) -> int:
        """Nothing is kept (the log is outside the data store)."""
        return 0


class FileSender:
    """Drops each email as an .eml file into a folder (tests, local inspection)."""

    def __init__(self, sender: str, folder: Path) -> None:
        self.sender, self.folder = sender, folder
        folder.mkdir(parents=True, exist_ok=True)

    async def send(self, to: str, subject: str, body: str, attachments: list[Attachment] | None = None) -> None:
        path = self.folder / f"{new_id('evt')}.eml"
        await asyncio.to_thread(path.write_bytes, bytes(_message(self.sender, to, subject, body, attachments)))

    async def forget(self, address: str) -> int:
        """Delete the dropped messages to or about ``address`` (erasure); returns how many."""
        return await asyncio.to_thread(self._forget, address.encode().lower())

    def _forget(self, needle: bytes) -> int:
        gone = [p for p in self.folder.glob("*.eml") if needle in p.read_bytes().lower()]
        for path in gone:
            path.unlink(missing_ok=True)
        return len(gone)


class SmtpSender:
    """Sends through SMTP: ``smtp://user:pass@host:port`` (``smtps://`` for TLS, ``?starttls=1``)."""

    def __init__(self, sender: str, url: str) -> None:
        self.sender, self.url = sender, urlparse(url)

    def _send_blocking(self, msg: EmailMessage) -> None:
        u = self.url
        cls = smtplib.SMTP_SSL if u.scheme == "smtps" else smtplib.SMTP
        with cls(u.hostname or "localhost", u.port or (465 if u.scheme == "smtps" else 25), timeout=20) as smtp:
            if "starttls=1" in (u.query or ""):
                smtp.starttls()
            if u.username:
                smtp.login(unquote(u.username), unquote(u.password or ""))
            smtp.send_message(msg)

    async def send(self, to: str, subject: str, body: str, attachments: list[Attachment] | None = None) -> None:
        await asyncio.to_thread(self._send_blocking, _message(self.sender, to, subject, body, attachments))

    async def forget(self, address: str) -> int:
        """Sent mail has left the system; nothing is kept here."""
        return 0


def make_sender(settings: Settings):
    if settings.email_backend == "smtp":
        if not settings.smtp_url:
            raise ValueError("HIREBOT_EMAIL_BACKEND=smtp needs HIREBOT_SMTP_URL")
        return SmtpSender(settings.email_from, settings.smtp_url)
    if settings.email_backend == "file":
        return FileSender(settings.email_from, settings.data_dir / "mail")
    return ConsoleSender(settings.email_from)
