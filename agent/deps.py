"""What every agent run carries: who is chatting, in which conversation, and the tenant context."""

from __future__ import annotations

from dataclasses import dataclass

from tools.actor import Actor


@dataclass(frozen=True)
class ChatDeps:
    """Run dependencies: the tools run as ``actor``; ``context`` is the per-run tenant briefing."""

    actor: Actor
    conversation_id: str
    context: str = ""
