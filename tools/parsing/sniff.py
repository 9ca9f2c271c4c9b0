"""Detect a document's type from its bytes (magic numbers), never from its name."""

from __future__ import annotations

from tools.parsing.errors import UnsupportedFile


def sniff(data: bytes) -> str:
    """Return "pdf", "docx", "odt", "doc", "rtf" or "txt"; raise ``UnsupportedFile`` otherwise."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536]:
            return "docx"
        if b"application/vnd.oasis.opendocument.text" in data[:512]:
            return "odt"
        raise UnsupportedFile("this ZIP archive is not a Word (.docx) or OpenDocument (.odt) file")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    try:
        data[:4096].decode("utf-8")
        return "txt"
    except UnicodeDecodeError:
        raise UnsupportedFile("unrecognised file type: send PDF, DOCX, DOC, ODT, RTF or plain text") from None
