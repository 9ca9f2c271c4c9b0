"""Where model usage is recorded. Today one audit event per model call; the usage ledger
(tokens and dollars against the tenant's budget) will implement this same function."""

from __future__ import annotations

from pydantic_ai.usage import RunUsage

from tools import audit
from tools.actor import Actor


async def record_model_usage(actor: Actor, feature: str, model: str, usage: RunUsage,
                             target: tuple[str, str] | None = None) -> None:
    """Record one model-backed call: feature (e.g. ``screening``), model, tokens and cost."""
    cost = getattr(usage, "cost", None)
    await audit.record(actor, "ai.usage", target[0] if target else None, target[1] if target else None, {
        "feature": feature, "model": model, "requests": usage.requests,
        "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
        "cache_read_tokens": usage.cache_read_tokens, "cache_write_tokens": usage.cache_write_tokens,
        "cost_usd": str(cost) if cost is not None else None,
    })
