"""Files attached to a chat message: named in a last line of the message, so the model (and the
offline command model) can pass their ids to ``parse_cv``; the files are read as the user."""

from __future__ import annotations

import re

from tools.actor import Actor
from tools.files import get_file

MARK = "\n\nAttached files: "
_ID = re.compile(r"\((file_[0-9a-z]+)\)")


async def with_attachments(actor: Actor, message: str, file_ids: list[str]) -> str:
    """The message plus one line naming each attached file and its id (404 for a file not in the tenant)."""
    if not file_ids:
        return message
    names = [(await get_file(actor, file_id)).filename or file_id for file_id in file_ids]
    return message + MARK + ", ".join(f"{name} ({file_id})" for name, file_id in zip(names, file_ids, strict=True))


def split(message: str) -> tuple[str, list[str]]:
    """(the user's own text, the attached file ids)."""
    text, _, listed = message.partition(MARK)
    return text, _ID.findall(listed)
