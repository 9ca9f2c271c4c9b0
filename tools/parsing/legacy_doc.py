"""Legacy Word (.doc, OLE2) through a converter found on the machine: antiword, then LibreOffice.

Without either, the file is refused as unsupported (415 upstream) with advice. OLE2 containers
that hold an encrypted OOXML package (a password-protected DOCX/XLSX) fail as ``encrypted``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tools.parsing import textnorm
from tools.parsing.errors import ParseFailure, UnsupportedFile

TIMEOUT = 30.0
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
NEEDS_CONVERSION = ("legacy .doc files need conversion: save as DOCX or PDF, "
                    "or install antiword (or LibreOffice) on the server")


def is_encrypted_ooxml(data: bytes) -> bool:
    return _ENCRYPTED_PACKAGE in data[:1 << 20] or _ENCRYPTED_PACKAGE in data[-(1 << 16):]


def converters() -> list[str]:
    return [name for name in ("antiword", "soffice", "libreoffice") if shutil.which(name)]


def extract_doc(data: bytes) -> tuple[str, list[str]]:
    """(text, warnings) of a .doc file; raises ``UnsupportedFile`` when no converter exists."""
    if is_encrypted_ooxml(data):
        raise ParseFailure("encrypted", "the document is password-protected: send a copy without a password")
    available = converters()
    if not available:
        raise UnsupportedFile(NEEDS_CONVERSION)
    with tempfile.TemporaryDirectory(prefix="hirebot-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        for tool in available:
            text = _antiword(src) if tool == "antiword" else _soffice(tool, src, Path(tmp))
            if text and text.strip():
                return textnorm.finish(text), [f"legacy .doc converted with {tool}"]
    raise ParseFailure("corrupt", "the .doc file could not be converted to text")


def _antiword(src: Path) -> str | None:
    try:
        done = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0", str(src)],
                              capture_output=True, timeout=TIMEOUT, check=False)
    except (subprocess.SubprocessError, OSError):
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _soffice(tool: str, src: Path, tmp: Path) -> str | None:
    profile = (tmp / "profile").as_uri()         # a private profile: concurrent runs don't clash
    try:
        subprocess.run([tool, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        "txt:Text (encoded):UTF8", "--outdir", str(tmp), str(src)],
                       capture_output=True, timeout=TIMEOUT, check=False)
    except (subprocess.SubprocessError, OSError):
        return None
    out = tmp / "in.txt"
    return out.read_text("utf-8", errors="replace") if out.exists() else None
