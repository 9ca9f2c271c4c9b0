"""Scores of the offline JD extractor on the labelled ads in ``tests/fixtures_jd``.

``python -m tests.eval.jd_scores`` prints per-ad and micro precision/recall/F1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tools.jd import extract_requirements
from tools.parsing.skills import canonical_skill

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures_jd"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: set[str], want: set[str]) -> None:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def canonical(names: list[str]) -> set[str]:
    return {canonical_skill(n) or n for n in names}


def labelled() -> dict[str, dict]:
    return json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))


def evaluate() -> dict:
    """Per-ad results and micro scores for required, nice and both together."""
    totals = {"required": Score(), "nice_to_have": Score(), "all": Score()}
    ads = {}
    for name, want in labelled().items():
        got = extract_requirements((FIXTURES / name).read_text(encoding="utf-8"),
                                   want.get("title"), want.get("department"))
        per = {}
        for key in ("required", "nice_to_have"):
            s = Score()
            g, w = set(getattr(got, key)), canonical(want[key])
            s.add(g, w)
            totals[key].add(g, w)
            totals["all"].add(g, w)
            per[key] = {"score": s, "missing": sorted(w - g), "extra": sorted(g - w)}
        ads[name] = {"got": got, "want": want, **per}
    return {"ads": ads, "totals": totals}


def main() -> None:
    result = evaluate()
    for name, ad in result["ads"].items():
        got, want = ad["got"], ad["want"]
        print(f"{name}: req F1 {ad['required']['score'].f1:.2f} nice F1 {ad['nice_to_have']['score'].f1:.2f} "
              f"years {got.min_years}/{want['min_years']} seniority {got.seniority}/{want['seniority']} "
              f"languages {got.languages}/{want['languages']}")
        for key in ("required", "nice_to_have"):
            if ad[key]["missing"] or ad[key]["extra"]:
                print(f"   {key}: missing {ad[key]['missing']} extra {ad[key]['extra']}")
    for key, s in result["totals"].items():
        print(f"{key:>12}: precision {s.precision:.3f} recall {s.recall:.3f} F1 {s.f1:.3f} "
              f"(tp {s.tp}, fp {s.fp}, fn {s.fn})")


if __name__ == "__main__":
    main()
