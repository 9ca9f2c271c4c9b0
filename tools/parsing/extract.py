"""Text extraction per document type."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import mammoth
from pypdf import PdfReader

from tools.parsing.errors import ParseFailure


@dataclass
class ExtractedText:
    kind: str
    text: str
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def extract(data: bytes, kind: str) -> ExtractedText:
    """Plain text of a document of a sniffed ``kind``; raises ``ParseFailure``."""
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        result = ExtractedText("pdf", text, len(reader.pages))
    elif kind == "docx":
        result = ExtractedText("docx", mammoth.extract_raw_text(io.BytesIO(data)).value)
    elif kind == "txt":
        result = ExtractedText("txt", data.decode("utf-8", errors="replace"))
    else:
        raise ParseFailure("unsupported_media_type", f"{kind} files are not supported yet")
    if not result.text.strip():
        raise ParseFailure("empty", "the document contains no text")
    return result
