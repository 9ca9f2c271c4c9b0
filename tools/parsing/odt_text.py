"""OpenDocument text (ODT): paragraphs, headings, lists, tables and frames from content.xml,
page headers/footers from styles.xml (first, like DOCX headers)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tools.parsing import textnorm
from tools.parsing.errors import ParseFailure
from tools.parsing.office_zip import open_zip, read_part, table_lines

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"

_PARA = (TEXT + "p", TEXT + "h")
_SKIP = frozenset((TEXT + "note", OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "tracked-changes",
                   TEXT + "sequence-decls", TEXT + "variable-decls", TEXT + "user-field-decls",
                   OFFICE + "forms", TEXT + "table-of-content"))


def _blocks(container: ET.Element, bullet: bool = False) -> list[str]:
    out: list[str] = []
    for child in container:
        tag = child.tag
        if tag in _PARA:
            floats: list[str] = []
            text = _inline(child, floats)
            lines = text.split("\n")
            if bullet and lines[0].strip():
                lines[0] = "• " + lines[0].lstrip()
            out.extend(lines if text.strip() else [""])
            out.extend(floats)
            bullet = False                      # only the first paragraph of a list item
        elif tag == TEXT + "list":
            for item in child:
                if item.tag in (TEXT + "list-item", TEXT + "list-header"):
                    out.extend(_blocks(item, bullet=item.tag == TEXT + "list-item"))
        elif tag == TABLE + "table":
            out.extend(_table(child))
        elif tag in _SKIP:
            continue
        else:                                   # sections, frames, text boxes, shapes
            out.extend(_blocks(child))
    return out


def _table(tbl: ET.Element) -> list[str]:
    return table_lines([[_blocks(cell) for cell in row if cell.tag == TABLE + "table-cell"]
                        for row in tbl.iter(TABLE + "table-row")])


def _inline(el: ET.Element, floats: list[str]) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == TEXT + "s":
            parts.append(" " * int(child.get(TEXT + "c", "1") or 1))
        elif tag == TEXT + "tab":
            parts.append("\t")
        elif tag == TEXT + "line-break":
            parts.append("\n")
        elif tag in _SKIP:
            pass
        elif tag == DRAW + "frame" or tag.startswith(DRAW):
            floats.extend(_blocks(child))
        else:
            parts.append(_inline(child, floats))
        parts.append(child.tail or "")
    return "".join(parts)


def _parse(data: bytes, name: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseFailure("corrupt", f"the ODT part {name!r} is not well-formed XML ({exc})") from None


def extract_odt(data: bytes) -> tuple[str, list[str]]:
    """(text, warnings) of an ODT document."""
    archive = open_zip(data, "ODT")
    content = read_part(archive, "content.xml", "ODT")
    if content is None:
        raise ParseFailure("corrupt", "the ODT file has no content.xml")
    root = _parse(content, "content.xml")
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    lines = _blocks(body if body is not None else root)
    head: list[str] = []
    foot: list[str] = []
    styles = read_part(archive, "styles.xml", "ODT")
    if styles:
        seen: set[str] = set()
        for page in _parse(styles, "styles.xml").iter(STYLE + "master-page"):
            for child in page:
                name = child.tag.removeprefix(STYLE)
                target = head if name.startswith("header") else foot if name.startswith("footer") else None
                if target is None:
                    continue
                for line in _blocks(child):
                    key = " ".join(line.split()).lower()
                    if key and key not in seen and not key.isdigit():
                        seen.add(key)
                        target.append(line)
    text = "\n".join(head + [""] + lines + [""] + foot)
    return textnorm.finish(text), []
