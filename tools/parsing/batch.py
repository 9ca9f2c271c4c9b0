"""Parse many files for the CLI: isolated worker processes, input order, optional progress bar.

Every file runs in a worker process with a hard time limit (see ``tools.parsing.isolation``),
also with ``--jobs 1``, so one pathological file cannot hang a batch. ``jobs <= 0`` means one
worker per CPU.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

from tools.parsing.isolation import DEFAULT_TIMEOUT, parse_many
from tools.parsing.pipeline import ParseResult


def parse_paths(paths: list[Path], jobs: int = 1, progress: bool = False, *,
                timeout: float = DEFAULT_TIMEOUT) -> Iterator[tuple[Path, ParseResult]]:
    """Yield ``(path, result)`` in input order; a progress bar on stderr when ``progress``."""
    paths = list(paths)
    if not paths:
        return
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    workers = max(1, min(workers, len(paths)))
    with ExitStack() as stack:
        on_done = None
        if progress:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            bar = stack.enter_context(Progress(
                TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True))
            task = bar.add_task("parse", total=len(paths))

            def on_done() -> None:
                bar.advance(task)

        results = parse_many(paths, jobs=workers, timeout=timeout, on_done=on_done)
        yield from zip(paths, results, strict=True)
