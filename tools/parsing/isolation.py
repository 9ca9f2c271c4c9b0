"""Run ``parse_document`` in worker processes with a hard per-file time limit.

A pathological file (a PDF whose content stream loops, a decompression that never ends) must
not hang a CLI batch or a web worker. Each file runs in a pebble worker process; when its time
is up the worker is killed and replaced, and the file's result is ``success: false`` with code
``timeout``. A worker that dies (segfault, OOM kill) gives ``crashed``.

Two entry points:

* ``IsolatedParser`` / ``parse_many``: synchronous, for the CLI (``hirebot parse --jobs N``):
  results come back in input order while later files are already being parsed.
* ``parse_isolated(data, timeout)``: ``async``, for the web service. It awaits a shared pool
  (created lazily on first use, sized to the CPU count) without blocking the event loop.
  Call ``shutdown()`` when the app stops (``after_serving``).

Workers are started with "forkserver" in the web service (forking a process that runs threads
is unsafe) and with "fork" in the CLI (cheap start-up); both preload the parsing modules.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from tools.parsing.pipeline import ParseError, ParseResult, parse_document

DEFAULT_TIMEOUT = 30.0
MAX_TASKS_PER_WORKER = 200            # recycle workers: bounded memory growth from libraries
PRELOAD = ["tools.parsing._preload"]
_WARM_SAMPLE = (b"Jane Doe\njane@example.com\n+44 20 7946 0958\n\nEXPERIENCE\nEngineer, Acme\n"
                b"Mar 2019 - Present\nPython, PostgreSQL\n\nEDUCATION\nBSc, Leeds, 2014\n")
_warmed = False


# --------------------------------------------------------------------------- results

def failure(sha256: str, code: str, message: str, kind: str | None = None) -> ParseResult:
    return ParseResult(success=False, sha256=sha256, kind=kind, error=ParseError(code=code, message=message))


def timeout_result(sha256: str, seconds: float) -> ParseResult:
    return failure(sha256, "timeout", f"parsing took longer than {seconds:g} s and was stopped; "
                                      "the file may be damaged or unusually complex")


def crashed_result(sha256: str, detail: str = "") -> ParseResult:
    return failure(sha256, "crashed", "the parser process died while reading this file"
                   + (f" ({detail})" if detail else ""))


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return hashlib.sha256(b"").hexdigest()
    return digest.hexdigest()


# --------------------------------------------------------------------------- worker functions

def parse_path(path: str) -> ParseResult:
    """Worker side of the CLI: read the file here, so big files are not pickled across."""
    from tools.parsing.extract import MAX_BYTES

    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            return failure(_hash_file(p), "too_large",
                           f"the file is {size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB")
        data = p.read_bytes()
    except OSError as exc:
        return failure(hashlib.sha256(b"").hexdigest(), "unreadable", f"cannot read the file: {exc.strerror}")
    return parse_document(data)


def warm_up() -> None:
    """Parse a tiny CV once in this process (idempotent), before workers are forked."""
    global _warmed
    if not _warmed:
        _warmed = True
        parse_document(_WARM_SAMPLE)


# --------------------------------------------------------------------------- pools

def _context(method: str) -> Any:
    if method not in multiprocessing.get_all_start_methods():
        method = "spawn"
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ctx


def _outcome(future: Future, sha256: Callable[[], str], timeout: float) -> ParseResult:
    """The ParseResult of a finished pebble future, whatever happened to the worker."""
    try:
        return future.result()
    except FutureTimeout:
        return timeout_result(sha256(), timeout)
    except ProcessExpired as exc:
        return crashed_result(sha256(), f"exit code {exc.exitcode}")
    except CancelledError:
        return failure(sha256(), "cancelled", "parsing was cancelled")
    except Exception as exc:
        return failure(sha256(), "internal_error", f"unexpected parser error ({type(exc).__name__}: {exc})")


class IsolatedParser:
    """A pool of parser processes; ``map`` keeps input order. Use as a context manager."""

    def __init__(self, workers: int | None = None, *, timeout: float = DEFAULT_TIMEOUT,
                 start_method: str = "fork", max_tasks: int = MAX_TASKS_PER_WORKER) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.timeout = timeout
        if start_method == "fork":
            warm_up()                      # workers inherit the warmed-up parser
        self.pool = ProcessPool(max_workers=self.workers, max_tasks=max_tasks, context=_context(start_method))

    def __enter__(self) -> IsolatedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        _stop(self.pool)

    def submit(self, function: Callable[..., Any], *args: Any, timeout: float | None = None) -> Future:
        return self.pool.schedule(function, args=args, timeout=self.timeout if timeout is None else timeout)

    def map(self, function: Callable[[Any], ParseResult], items: Iterable[Any],
            sha256: Callable[[Any], str], on_done: Callable[[], None] | None = None) -> Iterator[ParseResult]:
        """Results of ``function(item)`` in input order; at most a few tasks per worker in flight."""
        window = self.workers * 3
        pending: deque[tuple[Any, Future]] = deque()
        iterator = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                try:
                    item = next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                future = self.submit(function, item)
                if on_done is not None:
                    future.add_done_callback(lambda _f: on_done())
                pending.append((item, future))
            if not pending:
                break
            item, future = pending.popleft()
            yield _outcome(future, lambda item=item: sha256(item), self.timeout)


def parse_many(paths: Iterable[Path], *, jobs: int = 1, timeout: float = DEFAULT_TIMEOUT,
               on_done: Callable[[], None] | None = None) -> Iterator[ParseResult]:
    """Parse files in ``jobs`` worker processes; results in input order."""
    with IsolatedParser(jobs, timeout=timeout) as parser:
        yield from parser.map(parse_path, (str(p) for p in paths), lambda p: _hash_file(Path(p)), on_done)


# --------------------------------------------------------------------------- async (web service)

_shared: ProcessPool | None = None
_shared_lock = threading.Lock()
_workers: int | None = None


def configure(workers: int | None = None) -> None:
    """Set the shared pool's size before first use (default: the CPU count)."""
    global _workers
    _workers = workers


def _shared_pool() -> ProcessPool:
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.active:
            _shared = ProcessPool(max_workers=max(1, _workers or os.cpu_count() or 1),
                                  max_tasks=MAX_TASKS_PER_WORKER, context=_context("forkserver"))
        return _shared


def prestart() -> None:
    """Create the shared pool now (e.g. in ``before_serving``) so the first upload does not wait
    for the workers to start."""
    _shared_pool()


async def run_isolated(function: Callable[..., Any], *args: Any,
                       timeout: float = DEFAULT_TIMEOUT) -> Any:  # noqa: ASYNC109 - enforced by killing the worker
    """Await ``function(*args)`` in the shared pool; raises TimeoutError / ProcessExpired."""
    future = _shared_pool().schedule(function, args=args, timeout=timeout)
    try:
        return await asyncio.wrap_future(future)
    except asyncio.CancelledError:
        future.cancel()                    # pebble stops the worker if it is running
        raise


async def parse_isolated(data: bytes, timeout: float = DEFAULT_TIMEOUT) -> ParseResult:  # noqa: ASYNC109
    """Parse one document in the shared worker pool; never raises for a bad file."""
    try:
        return await run_isolated(parse_document, data, timeout=timeout)
    except FutureTimeout:
        return timeout_result(hashlib.sha256(data).hexdigest(), timeout)
    except ProcessExpired as exc:
        return crashed_result(hashlib.sha256(data).hexdigest(), f"exit code {exc.exitcode}")
    except RuntimeError as exc:            # pool closed during shutdown
        return failure(hashlib.sha256(data).hexdigest(), "unavailable", f"the parser pool is not running ({exc})")


def shutdown(wait: float = 10.0) -> None:
    """Stop the shared pool (idempotent); running parses are cancelled."""
    global _shared
    with _shared_lock:
        pool, _shared = _shared, None
    if pool is not None:
        _stop(pool, wait)


def _stop(pool: ProcessPool, wait: float = 10.0) -> None:
    pool.stop()
    try:
        pool.join(timeout=wait)
    except TimeoutError:
        pass
