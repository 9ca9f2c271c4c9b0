"""Measure CV-parsing accuracy on the held-out set (default) or the shared dev set (``--dev``).

The held-out set is ``tests/eval/heldout/json/NNN.json``: 30 invented resumes in the JSON Resume
schema (ids 501-530) that the parser was never tuned on. They are rendered into a temporary
folder with the shared renderer (``../shared/eval-cv/render.py``: four layouts, ground truth in
``truth.jsonl``) and scored with the shared scorer (``score_parse.py``) against our CLI,
``hirebot parse --json {file}``. Every rendered file is scored (``--split all``): the renderer's
``split.json`` marks only a third of any set as "dev", which must not shrink this one.

``--dev`` scores the already rendered dev set in ``../shared/eval-cv/resumes`` instead.

Usage (``make eval`` runs both)::

    python tests/eval/run_heldout.py            # held-out set, 30 resumes x 4 layouts
    python tests/eval/run_heldout.py --dev      # shared dev set, 28 resumes x 4 layouts
    python tests/eval/run_heldout.py --keep /tmp/heldout -- -v --layouts pdf_twocol

Arguments after ``--`` go to ``score_parse.py`` unchanged (``-v``, ``--json``, ``--layouts``,
``--details FILE``, ``--save-outputs DIR`` ...). The set only measures: do not edit the resumes
to suit the parser, and do not tune the parser on them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "eval-cv"
HELDOUT = REPO / "tests" / "eval" / "heldout"
LAYOUTS = 4


def fail(message: str) -> int:
    print(f"run_heldout: {message}", file=sys.stderr)
    return 2


def default_cmd() -> str:
    """``hirebot parse --json {file}`` from this interpreter's environment (the project venv
    under ``make``), else the ``hirebot`` on PATH."""
    candidate = Path(sys.executable).parent / "hirebot"   # not resolved: keep the venv's bin/
    exe = str(candidate) if candidate.exists() else shutil.which("hirebot")
    if not exe:
        raise SystemExit(fail("no 'hirebot' executable next to this Python or on PATH; "
                              "run 'make install' or pass --cmd"))
    return f"{exe} parse --json {{file}}"


def render(root: Path) -> Path:
    """Render ``root/json/*.json`` with the shared renderer; return ``root/truth.jsonl``."""
    sources = sorted((HELDOUT / "json").glob("*.json"))
    if not sources:
        raise SystemExit(fail(f"no held-out resumes in {HELDOUT / 'json'}"))
    (root / "json").mkdir(parents=True, exist_ok=True)
    for src in sources:
        shutil.copy2(src, root / "json" / src.name)
    proc = subprocess.run([sys.executable, str(SHARED / "render.py"), "--root", str(root)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(fail(f"render.py failed (exit {proc.returncode}); it needs reportlab "
                              "and python-docx ('make install' installs them)"))
    truth = root / "truth.jsonl"
    rows = [json.loads(line) for line in truth.read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = {r["id"] for r in rows}
    expected = {s.stem for s in sources}
    if ids != expected or len(rows) != LAYOUTS * len(sources):
        raise SystemExit(fail(f"render.py produced {len(rows)} truth rows for {len(ids)} resumes; "
                              f"expected {LAYOUTS * len(sources)} for {len(sources)}"))
    return truth


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", action="store_true", help="score the shared dev set instead of the held-out set")
    ap.add_argument("--cmd", default="", help="parser command, {file} = path (default: hirebot parse --json {file})")
    ap.add_argument("--jobs", type=int, default=2, help="parser runs in parallel (default 2)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per file (default 60)")
    ap.add_argument("--keep", default="", help="render the held-out set into this folder and keep it")
    a = ap.parse_args(argv)

    for needed in ("render.py", "score_parse.py"):
        if not (SHARED / needed).is_file():
            return fail(f"{SHARED / needed} not found: the shared eval-cv folder must sit beside the "
                        f"project folder ({REPO.parent}/shared/eval-cv)")
    cmd = a.cmd or default_cmd()

    def score(truth: Path, label: str) -> int:
        header = f"== {label}: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, cmd: {cmd}"
        print(header, file=sys.stderr if "--json" in extra else sys.stdout, flush=True)
        args = [sys.executable, str(SHARED / "score_parse.py"), "--truth", str(truth), "--split", "all",
                "--cmd", cmd, "--jobs", str(a.jobs), "--timeout", str(a.timeout), *extra]
        return subprocess.run(args, env={**os.environ, "PYTHONUTF8": "1"}).returncode

    if a.dev:
        truth = SHARED / "resumes" / "truth.jsonl"
        if not truth.is_file():
            return fail(f"{truth} not found")
        return score(truth, "dev set (../shared/eval-cv/resumes)")
    if a.keep:
        root = Path(a.keep).resolve()
        if root.exists() and any(root.iterdir()):
            return fail(f"--keep folder {root} is not empty")
        return score(render(root), f"held-out set (tests/eval/heldout, rendered in {root})")
    with tempfile.TemporaryDirectory(prefix="hirebot-heldout-") as tmp:
        return score(render(Path(tmp)), "held-out set (tests/eval/heldout)")


if __name__ == "__main__":
    sys.exit(main())
