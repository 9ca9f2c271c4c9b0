"""Parse many files in parallel worker processes, in input order."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tools.parsing.pipeline import ParseResult, parse_document


def _parse_path(path: Path) -> ParseResult:
    return parse_document(path.read_bytes())


def parse_paths(paths: list[Path], jobs: int = 1, progress: bool = False) -> Iterator[tuple[Path, ParseResult]]:
    if jobs <= 1 or len(paths) == 1:
        for path in paths:
            yield path, _parse_path(path)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(paths, pool.map(_parse_path, paths, chunksize=4), strict=True)
