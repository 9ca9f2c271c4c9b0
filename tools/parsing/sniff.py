"""Detect a document's type from its bytes (magic numbers), never from its name."""

from __future__ import annotations

import io
import zipfile

from tools.parsing.errors import UnsupportedFile
from tools.parsing.plain_text import detect_encoding

ADVICE = "send the CV as PDF, DOCX, DOC, ODT, RTF or plain text"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# (magic at offset 0, what it is) for formats we recognise only to refuse them precisely
_REFUSED = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x7fELF", "an executable"),
    (b"%!PS", "a PostScript file"),
    (b"\xc5\xd0\xd3\xc6", "an EPS file"),
    (b"AT&TFORM", "a DjVu document"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"OggS", "an audio file"),
    (b"ID3\x03\x00", "an MP3 file"),
    (b"ID3\x04\x00", "an MP3 file"),
    (b"fLaC", "an audio file"),
)


def _refuse(what: str) -> UnsupportedFile:
    return UnsupportedFile(f"the file is {what}, not a CV document: {ADVICE}")


def _zip_kind(data: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zipfile.LargeZipFile):
        names = None
    if names is None:                   # damaged archive: guess from the local headers
        head = data[:65536]
        if b"word/" in head:
            return "docx"
        if b"application/vnd.oasis.opendocument.text" in head or b"content.xml" in head:
            return "odt"
        return "docx"                   # extraction reports the damage precisely ("corrupt")
    nameset = set(names)
    if any(n.startswith("word/") for n in names):
        return "docx"
    if "mimetype" in nameset:
        try:
            mime = zipfile.ZipFile(io.BytesIO(data)).read("mimetype")[:100].decode("ascii", "replace")
        except Exception:
            mime = ""
        if mime.strip() in ("application/vnd.oasis.opendocument.text",
                            "application/vnd.oasis.opendocument.text-template"):
            return "odt"
        if "opendocument.spreadsheet" in mime:
            raise _refuse("an OpenDocument spreadsheet")
        if "opendocument.presentation" in mime:
            raise _refuse("an OpenDocument presentation")
        if "epub" in mime:
            raise _refuse("an EPUB e-book")
    if "content.xml" in nameset and data.find(b"opendocument.text", 0, 4096) != -1:
        return "odt"
    if any(n.startswith("xl/") for n in names):
        raise _refuse("an Excel workbook")
    if any(n.startswith("ppt/") for n in names):
        raise _refuse("a PowerPoint presentation")
    if "Index/Document.iwa" in nameset or "index.xml" in nameset:
        raise _refuse("an Apple Pages document (export it as PDF or DOCX)")
    if not names:
        raise _refuse("an empty ZIP archive")
    raise _refuse("a ZIP archive that is not a Word (.docx) or OpenDocument (.odt) file")


def _ole2_kind(data: bytes) -> str:
    utf16 = lambda s: s.encode("utf-16-le")  # noqa: E731 - directory entry names are UTF-16LE
    if utf16("WordDocument") in data or utf16("EncryptedPackage") in data:
        return "doc"                    # legacy Word, or a password-protected OOXML package
    if utf16("Workbook") in data or utf16("Book") in data:
        raise _refuse("a legacy Excel workbook")
    if utf16("PowerPoint Document") in data:
        raise _refuse("a legacy PowerPoint presentation")
    if utf16("__substg1.0_") in data:
        raise _refuse("an Outlook message (attach the CV itself)")
    raise _refuse("an OLE2 compound file that is not a Word document")


def sniff(data: bytes) -> str:
    """Return "pdf", "docx", "odt", "doc", "rtf" or "txt"; raise ``UnsupportedFile`` otherwise.

    Empty input is "txt" (extraction then reports ``empty``).
    """
    if not data:
        return "txt"
    head = data[:1024]
    if data.startswith(b"%PDF-") or b"%PDF-" in head:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data.startswith(OLE2):
        return _ole2_kind(data)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    for magic, what in _REFUSED:
        if data.startswith(magic):
            raise _refuse(what)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _refuse("a WebP image")
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        raise _refuse("a HEIC/AVIF image" if brand in (b"heic", b"heix", b"mif1", b"avif") else "a video file")
    encoding = detect_encoding(data)
    if encoding is None:
        raise UnsupportedFile(f"unrecognised binary file: {ADVICE}")
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or (lowered.startswith(b"<?xml") and b"<html" in lowered):
        raise _refuse("an HTML page (print it to PDF)")
    if lowered.startswith(b"<?xml") and b"w:worddocument" in data[:4096].lower():
        raise _refuse("a Word 2003 XML document (save it as DOCX)")
    if lowered.startswith(b"mime-version:") or b"multipart/related" in lowered:
        raise _refuse("a web archive (MHT) (save it as DOCX or PDF)")
    return "txt"
