"""``hirebot chat``: the agent in the terminal, as one user of the configured database, through
the same turns as ``POST /api/v1/chat`` (stdin lines in, streamed answers out)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import TextIO

from agent import turns
from agent.approvals import ApprovalDecision
from storage import db
from storage.config import Settings
from tools.actor import Actor
from tools.errors import DomainError, Unauthenticated


class Terminal:
    """Reads lines from ``inp`` and writes the streamed turns to ``out``."""

    def __init__(self, actor: Actor, conversation_id: str | None, inp: TextIO, out: TextIO) -> None:
        self.actor, self.conversation_id, self.inp, self.out = actor, conversation_id, inp, out
        self.fresh_line = True

    async def readline(self, prompt: str) -> str | None:
        if prompt:
            self.write(prompt)
        line = await asyncio.to_thread(self.inp.readline)
        self.fresh_line = True
        return line.strip() if line else None

    def write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()
        self.fresh_line = text.endswith("\n")

    def line(self, text: str) -> None:
        self.write(("" if self.fresh_line else "\n") + text + "\n")

    async def show(self, turn: turns.Turn) -> list[dict]:
        """Stream one turn; returns the calls waiting for approval."""
        pending = []
        async for kind, event in turns.run(turn):
            if kind == "text":
                self.write(event["delta"])
            elif kind == "tool_call":
                self.line(f"  -> {event['tool']} {json.dumps(event['args'], ensure_ascii=False)}")
            elif kind == "tool_result":
                self.line(f"  {'ok' if event['ok'] else 'refused'}: {event['summary']}")
            elif kind == "approval_required":
                pending.append(event)
            elif kind == "error":
                self.line(f"error ({event['code']}): {event['message']}")
            elif kind == "done":
                self.conversation_id = event["conversation_id"]
        if not self.fresh_line:
            self.write("\n")
        return pending

    async def decide(self, pending: list[dict]) -> None:
        """Ask y/n for each paused call and resume the run with the answers."""
        while pending:
            call = pending.pop(0)
            answer = await self.readline(
                f"Approve {call['tool']} {json.dumps(call['args'], ensure_ascii=False)}? [y/N] ")
            decision = "approve" if (answer or "").lower() in ("y", "yes") else "deny"
            turn = await turns.begin_decision(self.actor, self.conversation_id or "", call["call_id"],
                                              ApprovalDecision(decision=decision))
            pending = await self.show(turn) + pending

    async def loop(self) -> None:
        prompt = "you> " if self.inp.isatty() else ""
        while (message := await self.readline(prompt)) is not None:
            if not message:
                continue
            try:
                turn = await turns.begin_message(self.actor, message, self.conversation_id, "cli")
                await self.decide(await self.show(turn))
            except DomainError as exc:
                self.line(f"error ({exc.code}): {exc.message}")
        if self.conversation_id:
            self.line(f"conversation {self.conversation_id} (continue with --conversation {self.conversation_id})")


async def _actor(email: str | None, api_key: str | None) -> Actor:
    from tools import accounts, api_keys

    if api_key:
        found = await api_keys.authenticate_key(api_key, None)
        if found is None:
            raise Unauthenticated("the API key is not valid")
        return found.actor
    return await accounts.operator_actor(email or "")


async def chat(settings: Settings, email: str | None, api_key: str | None, conversation_id: str | None,
               inp: TextIO, out: TextIO) -> int:
    from integrations.email import make_sender
    from tools import runtime
    from tools.parsing import isolation

    await db.run_migrations(settings.database_url)
    runtime.configure(settings, make_sender(settings))
    await db.connect(settings)
    try:
        try:
            actor = await _actor(email, api_key)
        except DomainError as exc:
            print(f"hirebot chat: {exc.message}", file=sys.stderr)
            return 2
        await Terminal(actor, conversation_id, inp, out).loop()
        return 0
    finally:
        await asyncio.to_thread(isolation.shutdown)
        await db.close()
