"""One file in, one result out: sniff, extract, structure. Synchronous and CPU-bound,
so callers run it in a worker process (see ``tools.parsing.isolation``)."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel

from tools.parsing.errors import ParseFailure
from tools.parsing.extract import check_size, extract
from tools.parsing.schema import ParsedCandidate
from tools.parsing.sniff import sniff
from tools.parsing.structure import structure


class ParseError(BaseModel):
    code: str
    message: str


class ParseResult(BaseModel):
    success: bool
    sha256: str
    kind: str | None = None
    candidate: ParsedCandidate | None = None
    error: ParseError | None = None


def parse_document(data: bytes) -> ParseResult:
    """Parse one document's bytes; failures are results, not exceptions (a parser bug
    becomes ``internal_error`` so a batch keeps going)."""
    digest = hashlib.sha256(data).hexdigest()
    kind = None
    try:
        check_size(data)
        kind = sniff(data)
        extracted = extract(data, kind)
        candidate = structure(extracted.text)
        candidate.warnings = extracted.warnings + candidate.warnings
        return ParseResult(success=True, sha256=digest, kind=kind, candidate=candidate)
    except ParseFailure as failure:
        return ParseResult(success=False, sha256=digest, kind=kind,
                           error=ParseError(code=failure.code, message=failure.message))
    except Exception as exc:  # noqa: BLE001 - a bug, not a bad file: say so
        return ParseResult(success=False, sha256=digest, kind=kind, error=ParseError(
            code="internal_error", message=f"unexpected parser error ({type(exc).__name__}: {str(exc)[:200]})"))
