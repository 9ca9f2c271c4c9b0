"""Prompt templates: text files whose first line is ``version: <id>``, loaded by name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    text: str


@cache
def load(name: str) -> Prompt:
    """``prompts/<name>.txt``; raises ``ValueError`` when the version line is missing."""
    raw = (_DIR / f"{name}.txt").read_text(encoding="utf-8")
    first, _, body = raw.partition("\n")
    if not first.startswith("version:"):
        raise ValueError(f"prompts/{name}.txt must start with a 'version: <id>' line")
    return Prompt(name=name, version=first.split(":", 1)[1].strip(), text=body.strip())
