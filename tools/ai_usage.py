"""The usage ledger's write side: one ``UsageRecord`` per model call, priced from genai-prices.

Token counts follow pydantic-ai: ``input_tokens`` is every input token of the call, cached ones
included; ``cache_read_tokens`` and ``cache_write_tokens`` are the parts of it read from and
written to the provider's prompt cache (each priced at its own rate).
"""

from __future__ import annotations

from decimal import Decimal

from genai_prices import calc_price
from pydantic_ai.usage import RunUsage
from tortoise.transactions import in_transaction

from storage.ids import new_id
from storage.models import UsageRecord
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow

COST_PLACES = Decimal("0.00000001")   # the ledger's column keeps 8 decimal places


def price(model: str, usage: RunUsage) -> tuple[Decimal, bool]:
    """The call's cost in USD and whether a price was known for ``model`` (``provider:name``).

    The genai-prices table first; else the cost pydantic-ai attached, if any; else 0, unpriced.
    """
    provider, _, name = model.partition(":")
    try:
        total = calc_price(usage, name or provider, provider_id=provider if name else None).total_price
    except LookupError:
        if usage.cost is None:
            return Decimal(0), False
        total = usage.cost
    return Decimal(total).quantize(COST_PLACES), True


async def record_model_usage(actor: Actor, feature: str, model: str, usage: RunUsage,
                             target: tuple[str, str] | None = None, *,
                             conversation_id: str | None = None) -> UsageRecord:
    """Record one model-backed call (feature e.g. ``screening``) in the ledger, with an
    ``ai.usage`` audit event pointing at it, in one transaction."""
    cost, priced = price(model, usage)
    async with in_transaction():
        row = await UsageRecord.create(
            id=new_id("use"), tenant_id=actor.tenant_id, user_id=actor.user_id,
            api_key_id=actor.api_key_id, conversation_id=conversation_id, feature=feature,
            model=model, requests=usage.requests, input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens, cache_read_tokens=usage.cache_read_tokens,
            cache_write_tokens=usage.cache_write_tokens, cost_usd=cost, priced=priced,
            created_at=utcnow())
        await audit.record(actor, "ai.usage", target[0] if target else None, target[1] if target else None, {
            "usage_record_id": row.id, "feature": feature, "model": model,
            "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
            "cost_usd": str(cost)})
    return row
