"""Text extraction per document type: one entry point, stable failure codes.

``extract(data, kind)`` returns ``ExtractedText`` or raises ``ParseFailure`` with one of:

=========================  ===============================================================
``too_large``              more than ``MAX_BYTES`` (callers answer 413 before this)
``empty``                  0 bytes, or no text at all
``corrupt``                damaged/truncated PDF or ZIP, malformed XML, unreadable RTF
``encrypted``              password-protected PDF or Office file
``no_text_layer``          scanned PDF (image only) and no OCR installed; or a text layer that
                           cannot be decoded
``zip_bomb``               DOCX/ODT whose declared expansion breaks the caps
``unsupported_media_type`` (``UnsupportedFile``) unknown kind; .doc with no converter
=========================  ===============================================================

Any other exception from a third-party library becomes ``corrupt``: a hostile file must give
a result, never a traceback. PDFs: the first 30 pages are read, with a warning beyond that
(``pdf_text.MAX_PAGES``). The per-file time limit is enforced by ``tools.parsing.isolation``,
which adds ``timeout``, ``crashed`` and ``internal_error`` (a parser bug) to the codes above.

Text conventions (``tools.parsing.textnorm``): one line per visual line, paragraph or list item
(list items start with "• "); a TAB separates table cells / tab stops / a wide gap in a PDF
line; a blank line separates blocks; DOCX/ODT page-header text comes first; in a PDF with a
sidebar the main column comes first and the sidebar after it (or before, when the name is in it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tools.parsing.docx_text import extract_docx
from tools.parsing.errors import ParseFailure, UnsupportedFile
from tools.parsing.legacy_doc import extract_doc
from tools.parsing.odt_text import extract_odt
from tools.parsing.pdf_text import extract_pdf
from tools.parsing.plain_text import extract_rtf, extract_txt

MAX_BYTES = 10 * 1024 * 1024
KINDS = ("pdf", "docx", "odt", "doc", "rtf", "txt")
_NAMES = {"pdf": "PDF", "docx": "DOCX", "odt": "ODT", "doc": ".doc", "rtf": "RTF", "txt": "text"}


@dataclass
class ExtractedText:
    kind: str
    text: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def check_size(data: bytes) -> None:
    """Refuse files over ``MAX_BYTES`` before any work is spent on them."""
    if len(data) > MAX_BYTES:
        raise ParseFailure("too_large", f"the file is {len(data) / 1048576:.1f} MB; the limit is "
                                        f"{MAX_BYTES // 1048576} MB")


def extract(data: bytes, kind: str) -> ExtractedText:
    """Plain text of a document of a sniffed ``kind``; raises ``ParseFailure``."""
    check_size(data)
    if not data.strip():
        raise ParseFailure("empty", "the file is empty" if not data else "the file contains only whitespace")
    if kind not in KINDS:
        raise UnsupportedFile(f"{kind!r} files are not supported")
    try:
        result = _extract(data, kind)
    except ParseFailure:
        raise
    except RecursionError:
        raise ParseFailure("corrupt", f"the {_NAMES[kind]} file is nested too deeply to read") from None
    except MemoryError:
        raise ParseFailure("corrupt", f"the {_NAMES[kind]} file needs too much memory to read") from None
    except Exception as exc:
        raise ParseFailure("corrupt", f"the {_NAMES[kind]} file cannot be read "
                                      f"({type(exc).__name__}: {str(exc)[:160]})") from None
    if not result.text.strip():
        raise ParseFailure("empty", f"the {_NAMES[kind]} document contains no text")
    return result


def _extract(data: bytes, kind: str) -> ExtractedText:
    if kind == "pdf":
        text, pages, warnings = extract_pdf(data)
        return ExtractedText("pdf", text, pages, warnings)
    if kind == "docx":
        text, warnings = extract_docx(data)
    elif kind == "odt":
        text, warnings = extract_odt(data)
    elif kind == "doc":
        text, warnings = extract_doc(data)
    elif kind == "rtf":
        text, warnings = extract_rtf(data)
    else:
        text, warnings = extract_txt(data)
    return ExtractedText(kind, text, None, warnings)
