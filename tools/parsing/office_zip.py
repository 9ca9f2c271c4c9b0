"""Safe access to ZIP-based documents (DOCX, ODT): zip-bomb guard and bounded reads.

The central directory is checked before anything is decompressed: entry count, total declared
uncompressed size, and the compression ratio of large entries. Reads are bounded too, so an
archive that lies about its sizes cannot inflate past the caps either.
"""

from __future__ import annotations

import io
import zipfile

from tools.parsing.errors import ParseFailure

MAX_ENTRIES = 5000
MAX_TOTAL = 50 * 1024 * 1024          # declared uncompressed bytes, all entries
MAX_PART = 25 * 1024 * 1024           # one XML part we actually read
MAX_RATIO = 100                       # uncompressed / compressed, for entries over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024


def open_zip(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ParseFailure("corrupt", f"the {kind} file is a damaged ZIP archive ({exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise ParseFailure("zip_bomb", f"the {kind} archive has {len(infos)} entries (limit {MAX_ENTRIES})")
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL:
        raise ParseFailure(
            "zip_bomb", f"the {kind} archive would expand to {total // (1024 * 1024)} MB "
            f"(limit {MAX_TOTAL // (1024 * 1024)} MB)")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ParseFailure(
                "zip_bomb", f"the {kind} archive entry {info.filename!r} is compressed "
                f"{info.file_size // max(info.compress_size, 1)}:1 (limit {MAX_RATIO}:1)")
    return archive


def read_part(archive: zipfile.ZipFile, name: str, kind: str) -> bytes | None:
    """The bytes of one entry, None when it is missing; never more than ``MAX_PART``."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    try:
        with archive.open(info) as handle:
            data = handle.read(min(info.file_size, MAX_PART) + 1)
    except zipfile.BadZipFile as exc:
        raise ParseFailure("corrupt", f"the {kind} archive entry {name!r} is damaged ({exc})") from None
    except RuntimeError as exc:                           # zipfile: "File ... is encrypted"
        if "encrypt" in str(exc).lower():
            raise ParseFailure("encrypted", f"the {kind} file is password-protected") from None
        raise ParseFailure("corrupt", f"the {kind} archive entry {name!r} cannot be read ({exc})") from None
    except NotImplementedError as exc:                    # unknown compression method
        raise ParseFailure("corrupt", f"the {kind} archive entry {name!r} cannot be read ({exc})") from None
    except (OSError, EOFError, ValueError) as exc:
        raise ParseFailure("corrupt", f"the {kind} archive entry {name!r} is truncated ({exc})") from None
    if len(data) > min(info.file_size, MAX_PART):
        raise ParseFailure("zip_bomb", f"the {kind} archive entry {name!r} expands beyond its declared size")
    if b"<!ENTITY" in data[:65536]:
        raise ParseFailure("corrupt", f"the {kind} part {name!r} declares XML entities, which are refused")
    return data


def table_lines(rows: list[list[list[str]]]) -> list[str]:
    """Lay out a table read as rows of cells of lines: a row of one-line cells stays one
    tab-separated line; a row with a multi-line cell reads cell after cell. Blank lines
    surround the table and separate multi-line cells."""
    out = [""]
    for row in rows:
        cells = [[ln for ln in cell if ln.strip()] for cell in row]
        cells = [c for c in cells if c]
        if not cells:
            continue
        if all(len(c) == 1 for c in cells):
            out.append("\t".join(c[0].strip() for c in cells))
        else:
            for cell in cells:
                out.extend(cell)
                out.append("")
    out.append("")
    return out
