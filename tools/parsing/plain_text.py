"""Plain text and RTF: encoding detection, control characters.

``detect_encoding`` is shared with ``sniff`` so "is this text?" and "how is it decoded?" give
one answer: a BOM, then UTF-16 without BOM (NUL bytes in alternate positions), then strict
UTF-8, then charset-normalizer for legacy code pages (latin-1, cp1252, cp1251, Shift-JIS ...).
Bytes that decode to many control characters, or that charset-normalizer cannot explain, are
binary: ``None``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from tools.parsing import textnorm
from tools.parsing.errors import ParseFailure, UnsupportedFile

SAMPLE = 65536
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _control_ratio(text: str) -> float:
    """Share of control characters; a handful in a short text is tolerated (stray NULs)."""
    if not text:
        return 0.0
    bad = len(_CONTROLS.findall(text))
    return 0.0 if bad <= 4 else bad / len(text)


def _plausible(text: str, *, legacy: bool) -> bool:
    """Decoded text that looks like writing rather than binary noise."""
    sample = text[:SAMPLE]
    if not sample.strip():
        return True
    if _control_ratio(sample) > (0.02 if legacy else 0.10):
        return False
    if legacy:
        # a legacy code page maps every byte to something: insist on words and line structure
        letters = sum(ch.isalpha() for ch in sample)
        spaces = sum(ch.isspace() for ch in sample)
        if letters < 0.4 * len(sample) or (len(sample) > 80 and spaces < 0.03 * len(sample)):
            return False
        odd = sum(1 for ch in sample if unicodedata.category(ch) in ("So", "Sk", "Co", "Cn"))
        if odd > 0.05 * len(sample):
            return False
    return True


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0), odd.count(0)
    half = len(sample) // 2
    if zeros_odd > 0.3 * half and zeros_even < 0.05 * half:
        return "utf-16-le"
    if zeros_even > 0.3 * half and zeros_odd < 0.05 * half:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str | None:
    """The encoding of text bytes, or None when the bytes are not text."""
    sample = data[:SAMPLE]
    for bom, name in _BOMS:
        if sample.startswith(bom):
            try:
                text = _decode_prefix(sample, name)
            except UnicodeDecodeError:
                return None
            return name if _plausible(text, legacy=False) else None
    guess = _utf16_without_bom(sample)
    if guess:
        try:
            text = _decode_prefix(sample, guess)
        except UnicodeDecodeError:
            return None
        return guess if _plausible(text, legacy=False) else None
    try:
        text = _decode_prefix(sample, "utf-8")
        return "utf-8" if _plausible(text, legacy=False) else None
    except UnicodeDecodeError:
        pass
    if sample.count(0) > 0.01 * len(sample):
        return None
    encoding = _legacy_encoding(sample)
    if encoding is None:
        return None
    try:
        text = _decode_prefix(sample, encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return encoding if _plausible(text, legacy=True) else None


# Among equally clean readings, the code pages CVs are most often written in win.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257",
              "mac_roman", "shift_jis", "gb18030", "big5", "euc_kr", "koi8_r")


def _legacy_encoding(sample: bytes) -> str | None:
    matches = list(from_bytes(sample))
    if not matches:
        return None
    cleanest = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= cleanest + 0.02]
    for name in _PREFERRED:
        if any(name == m.encoding or name in m.could_be_from_charset for m in close):
            return name
    best = min(close, key=lambda m: (m.chaos, -m.coherence))
    return None if best.encoding in ("utf_8", "ascii") else best.encoding


def _decode_prefix(sample: bytes, encoding: str) -> str:
    """Decode a sample that may end in the middle of a multi-byte character."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    return decoder.decode(sample, final=False)


def extract_txt(data: bytes) -> tuple[str, list[str]]:
    """(text, warnings) of a plain-text file."""
    encoding = detect_encoding(data)
    if encoding is None:
        raise UnsupportedFile("the file is binary, not text: send the CV as PDF, DOCX, DOC, ODT, RTF or plain text")
    text = data.decode(encoding, errors="replace")
    warnings = []
    if encoding not in ("utf-8", "utf-8-sig", "ascii"):
        warnings.append(f"text decoded as {encoding}")
    replaced = text.count("\ufffd")
    if replaced:
        warnings.append(f"{replaced} undecodable byte sequence(s) replaced")
    return textnorm.finish(text.replace("\x00", ""), wrapped=True), warnings


def extract_rtf(data: bytes) -> tuple[str, list[str]]:
    """(text, warnings) of an RTF document (striprtf)."""
    from striprtf.striprtf import rtf_to_text

    source = data.decode("latin-1")          # RTF is 7-bit; \'xx escapes carry the code page
    codepage = "cp1252"
    marker = source.find("\\ansicpg")
    if marker != -1:
        digits = "".join(ch for ch in source[marker + 8:marker + 14] if ch.isdigit())
        try:
            codecs.lookup(f"cp{digits}")
            codepage = f"cp{digits}"
        except LookupError:
            pass
    try:
        text = rtf_to_text(source, encoding=codepage, errors="replace")
    except Exception as exc:
        raise ParseFailure("corrupt", f"the RTF document cannot be read ({type(exc).__name__})") from None
    return textnorm.finish(text), []
