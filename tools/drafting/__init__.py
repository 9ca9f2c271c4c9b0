"""AI drafting tools (SPEC §7): outreach, interview questions, job descriptions.

Each computes its facts deterministically and fills an offline template from ``prompts/``;
with a model configured, a pydantic-ai agent writes the same structured output from the
same facts (``runner.draft``). Every result says which engine produced it.
"""
