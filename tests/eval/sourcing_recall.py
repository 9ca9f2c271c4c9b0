"""Sourcing quality: recall@1 and recall@5 on the eval-cv people among 10,000 distractors.

Pool: every person of ``../shared/eval-cv`` (the dev resumes), parsed from their plain-text
rendering by our own parser (``parse_document``) and stored with the same derivation as
every candidate write, plus 10,000 generated distractors (``tests/perf/talent_pool``).
Brief per person, from the ground truth (``truth.jsonl``): seniority (from the truth's
latest title, else its dated experience), latest title, and three of their skills that the
taxonomy knows. Run: ``.venv/bin/python tests/eval/sourcing_recall.py [--eval-dir DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import tempfile
from pathlib import Path

from tortoise import Tortoise

from storage import db
from storage.models import Tenant
from tests.perf.talent_pool import bulk_insert, generate
from tools.actor import Actor
from tools.parsing.pipeline import parse_document
from tools.parsing.skills import canonical_skill
from tools.sourcing import SourceRequest, source
from tools.sourcing_brief import seniority_of

DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval-cv"


def _years(experience: list[dict]) -> float:
    starts = [int(j["start_date"][:4]) for j in experience if j.get("start_date")]
    return 2026 - min(starts) if starts else 0.0


def people(eval_dir: Path) -> list[tuple[dict, dict]]:
    """(truth, parsed profile) per person, from the txt rendering."""
    truth = [json.loads(line) for line in (eval_dir / "resumes/truth.jsonl").read_text().splitlines()]
    out = []
    for t in truth:
        if t["layout"] != "txt" or not t["experience"]:
            continue
        parsed = parse_document((eval_dir / "resumes" / t["file"]).read_bytes()).candidate
        out.append((t, parsed.model_dump(mode="json")))
    return out


def brief_for(truth: dict, rng: random.Random) -> str:
    title = truth["experience"][0]["title"]
    skills = list(dict.fromkeys(c for c in (canonical_skill(s) for s in truth["skills"]) if c))
    level = seniority_of(title) or ("senior" if _years(truth["experience"]) >= 5 else "mid")
    picked = rng.sample(skills, k=min(3, len(skills)))
    return f"{level} {title} with {', '.join(picked)}"


async def run(eval_dir: Path) -> None:
    rng = random.Random(5)
    folks = people(eval_dir)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite://{tmp}/recall.db"
        await db.run_migrations(url)
        await Tortoise.init(config=db.tortoise_config(url), _enable_global_fallback=True)
        try:
            await Tenant.create(id="ten_eval", name="Eval", slug="eval")
            rows = [{"name": p["name"] or t["name"], "email": f"person{i}@eval.test", "headline": p["headline"],
                     "location": p["location"], "skills": p["skills"], "profile": p}
                    for i, (t, p) in enumerate(folks)]
            await bulk_insert("ten_eval", rows + generate(10_000, seed=3))
            actor = Actor.system("ten_eval")
            hits1 = hits5 = 0
            for i, (truth, _) in enumerate(folks):
                brief = brief_for(truth, rng)
                result = await source(actor, SourceRequest(brief=brief, count=5))
                got = [c.name for c in result.candidates]
                want = rows[i]["name"]
                hits1 += got[:1] == [want]
                hits5 += want in got
                print(f"{'ok ' if want in got else 'MISS'} rank {got.index(want) + 1 if want in got else '-'}: {brief}")
            n = len(folks)
            print(f"\n{n} people + 10,000 distractors: recall@1 {hits1 / n:.2f}, recall@5 {hits5 / n:.2f}")
        finally:
            await Tortoise.close_connections()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_DIR)
    asyncio.run(run(parser.parse_args().eval_dir))
