"""The configured language model (SPEC §2): ``offline`` or a pydantic-ai model string.

``HIREBOT_MODEL=anthropic:<model>`` talks to Anthropic (``ANTHROPIC_BASE_URL`` honoured);
any other pydantic-ai model string (e.g. ``openai-chat:<model>`` with ``OPENAI_BASE_URL`` pointing
at the OpenAI-compatible Chat Completions API of Ollama or vLLM) is resolved by pydantic-ai
itself. ``offline`` means no model: every AI tool answers from its offline engine.
"""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic_ai.models import Model, infer_model
from pydantic_ai.models.anthropic import AnthropicModel, AnthropicModelSettings
from pydantic_ai.providers.anthropic import AnthropicProvider

from tools.runtime import runtime

OFFLINE = "offline"
MAX_TOKENS = 2048          # small answers; also keeps the Anthropic call non-streaming
TIMEOUT_SECONDS = 60


def model_name() -> str:
    return runtime().settings.model


def is_offline() -> bool:
    return model_name() == OFFLINE


@lru_cache(maxsize=4)
def _build(name: str, api_key: str | None, base_url: str | None, env_base_url: str | None) -> Model:
    """The model for ``name``; ``env_base_url`` (``OPENAI_BASE_URL``, read by pydantic-ai for
    OpenAI-compatible servers) keeps a model built for another endpoint from being reused."""
    provider, _, model = name.partition(":")
    if provider == "anthropic":
        return AnthropicModel(
            model, provider=AnthropicProvider(api_key=api_key, base_url=base_url),
            settings=AnthropicModelSettings(max_tokens=MAX_TOKENS, timeout=TIMEOUT_SECONDS,
                                            framing_announcement="never",
                                            # cache the stable prefix: instructions and tool definitions
                                            anthropic_cache_instructions=True,
                                            anthropic_cache_tool_definitions=True))
    return infer_model(name)


def configured_model() -> Model | None:
    """The model to use, or None in offline mode."""
    settings = runtime().settings
    if settings.model == OFFLINE:
        return None
    return _build(settings.model, settings.anthropic_api_key, settings.anthropic_base_url,
                  os.environ.get("OPENAI_BASE_URL"))
