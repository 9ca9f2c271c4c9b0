"""Does screening rank each person's own vacancy above vacancies from unrelated fields?

For every resume of the shared dev set (``../shared/eval-cv/resumes``, in its four
renderings) the CV goes through the real parser; its ground truth gives the
"own" vacancy: the latest title, the seniority the parser reads, and three of the person's
skills known to the taxonomy. Five unrelated vacancies are made from taxonomy categories the
person lists no skill in (healthcare, finance, legal, …), three skills each, with the same
titled after their field. Screening must score the own vacancy above every unrelated one.

    python tests/eval/screening_ranking.py        # prints the share ranked first, per layout
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.parsing.pipeline import parse_document  # noqa: E402
from tools.parsing.skills import all_skills, canonical_skill  # noqa: E402
from tools.screening.criteria import Criteria  # noqa: E402
from tools.screening.engine import assess  # noqa: E402
from tools.screening.facts import candidate_facts  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval-cv" / "resumes"
LAYOUTS = ("txt", "docx", "pdf_onecol", "pdf_twocol")
UNRELATED = ("Healthcare", "Finance & Accounting", "Legal", "Hospitality & Service", "Human Resources",
             "Operations & Supply Chain", "Sales", "Education", "Engineering & CAD", "Marketing")


def _by_category() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for skill, category in sorted(all_skills().items()):
        out.setdefault(category, []).append(skill)
    return out


def cases(seed: int = 11) -> list[dict]:
    """One case per (resume, layout): the file, its own criteria and five unrelated ones."""
    rng = random.Random(seed)
    pools = _by_category()
    skills_category = all_skills()
    out = []
    for line in (EVAL / "truth.jsonl").read_text().splitlines():
        truth = json.loads(line)
        if truth["layout"] not in LAYOUTS or not truth.get("experience"):
            continue
        own = list(dict.fromkeys(c for s in truth["skills"] if (c := canonical_skill(s))))
        if len(own) < 3:
            continue
        fields = {skills_category[s] for s in own}
        unrelated = [c for c in UNRELATED if c not in fields]
        out.append({"file": EVAL / truth["file"], "id": truth["id"], "layout": truth["layout"],
                    "title": truth["experience"][0]["title"], "own": rng.sample(own, 3),
                    "unrelated": [(c, rng.sample(pools[c], 3)) for c in rng.sample(unrelated, 5)]})
    return out


def run(seed: int = 11) -> dict[str, tuple[int, int]]:
    """(ranked first, total) per layout."""
    tally: dict[str, list[int]] = {}
    for case in cases(seed):
        result = parse_document(case["file"].read_bytes())
        profile = result.candidate.model_dump(mode="json") if result.success else {}
        facts = candidate_facts(profile)
        level = profile.get("seniority")
        own = assess(facts, Criteria(title=case["title"], required_skills=case["own"], seniority=level)).score
        others = [assess(facts, Criteria(title=f"{field} specialist", required_skills=skills, seniority=level)).score
                  for field, skills in case["unrelated"]]
        first = own > max(others)
        t = tally.setdefault(case["layout"], [0, 0])
        t[0] += first
        t[1] += 1
        if not first:
            print(f"  {case['id']} {case['layout']}: own {own} {case['own']} vs {max(others)}", file=sys.stderr)
    return {k: (v[0], v[1]) for k, v in tally.items()}


if __name__ == "__main__":
    for layout, (first, total) in run().items():
        print(f"{layout:<12} own vacancy ranked first: {first}/{total} ({first / total:.2f})")
