"""Prefixed, time-sortable identifiers (``cand_01j…``)."""

from ulid import ULID

PREFIXES = frozenset(
    "ten usr key cli cfb vac cand app eval job sl iv scr ofr conv wh evt file lib ses tok aud use slk whd".split()
)


def new_id(prefix: str) -> str:
    """A new id: ``prefix_`` + a lowercase ULID, so ids sort by creation time."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown id prefix {prefix!r}")
    return f"{prefix}_{str(ULID()).lower()}"
