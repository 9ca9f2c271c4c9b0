"""Structure extracted CV text into a ``ParsedCandidate``."""

from __future__ import annotations

import re

from tools.parsing.schema import ParsedCandidate

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def structure(text: str) -> ParsedCandidate:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    email = EMAIL.search(text)
    return ParsedCandidate(name=lines[0] if lines else None, email=email.group(0) if email else None)
