"""DOCX text straight from the WordprocessingML parts (no mammoth).

Why not mammoth (the design-card library): it parses every part with a pure-Python DOM, which
takes 0.1-1 s on Word's 300-800 KB styles parts, and it ignores page headers and footers, where
CV templates often keep the contact details. Here only what carries text is read, with the C
XML parser: ``word/document.xml``, the header and footer parts and their relationships.

Output, top to bottom: header lines (deduplicated across first/default/even headers), body,
footer lines. Paragraphs and list items are lines (list items start with "• "); a table row of
one-line cells is one line with cells separated by tabs, a row with multi-line cells (a layout
table: sidebar | main column) gives each cell's lines in turn; text boxes follow the paragraph
that anchors them; a hyperlink whose target is not visible ("LinkedIn") shows the target after
the text. Deleted revisions, field codes and the VML fallback copies of text boxes are skipped.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile

from tools.parsing import textnorm
from tools.parsing.errors import ParseFailure
from tools.parsing.office_zip import open_zip, read_part, table_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

_P, _TBL, _TR, _TC, _R, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "r", W + "t"
_SDT, _SDT_CONTENT = W + "sdt", W + "sdtContent"
_TXBX = W + "txbxContent"
_ALT, _CHOICE, _FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
_INLINE_CONTAINERS = frozenset(
    W + t for t in ("ins", "smartTag", "fldSimple", "customXml", "moveTo", "bdo", "dir", "sdtContent"))
_BLOCK_CONTAINERS = frozenset(W + t for t in ("ins", "moveTo", "customXml", "sdtContent"))
_SKIP_RUN = frozenset(W + t for t in ("delText", "instrText", "delInstrText", "rPr", "fldChar"))
_PAGE_FIELD = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:of|/|von|de|sur|di|van)\s*\d{1,3})?$", re.I)


class _Walker:
    def __init__(self, links: dict[str, str]) -> None:
        self.links = links

    # ---- block level
    def blocks(self, container: ET.Element) -> list[str]:
        out: list[str] = []
        for child in container:
            tag = child.tag
            if tag == _P:
                out.extend(self.paragraph(child))
            elif tag == _TBL:
                out.extend(self.table(child))
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag in _BLOCK_CONTAINERS:
                out.extend(self.blocks(child))
            elif tag == _ALT:
                out.extend(self.blocks(_choice(child)))
        return out

    def paragraph(self, p: ET.Element) -> list[str]:
        pieces: list[str] = []
        floats: list[str] = []
        self.inline(p, pieces, floats)
        text = "".join(pieces)
        lines = text.split("\n")
        if _is_list_item(p) and lines[0].strip():
            lines[0] = "• " + lines[0].lstrip()
        if not text.strip():
            lines = [""]                        # an empty paragraph: vertical space
        return lines + floats

    def table(self, tbl: ET.Element) -> list[str]:
        return table_lines([[self.blocks(tc) for tc in _children(row, _TC)] for row in _children(tbl, W + "tr")])

    # ---- inline level
    def inline(self, el: ET.Element, pieces: list[str], floats: list[str]) -> None:
        for child in el:
            tag = child.tag
            if tag == _R:
                self.run(child, pieces, floats)
            elif tag == W + "hyperlink":
                start = len(pieces)
                self.inline(child, pieces, floats)
                target = self.links.get(child.get(REL + "id", ""), "")
                if target:
                    shown = "".join(pieces[start:])
                    extra = _hidden_target(target, shown)
                    if extra:
                        pieces.append(f" ({extra})")
            elif tag in _INLINE_CONTAINERS or tag == _SDT:
                self.inline(child, pieces, floats)
            elif tag == _ALT:
                self.inline(_choice(child), pieces, floats)
            elif tag.startswith(MATH):
                pieces.append("".join(child.itertext()))

    def run(self, r: ET.Element, pieces: list[str], floats: list[str]) -> None:
        for child in r:
            tag = child.tag
            if tag == _T:
                if child.text:
                    pieces.append(child.text)
            elif tag in _SKIP_RUN:
                continue
            elif tag == W + "tab" or tag == W + "ptab":
                pieces.append("\t")
            elif tag == W + "br" or tag == W + "cr":
                pieces.append("\n")
            elif tag == W + "noBreakHyphen":
                pieces.append("-")
            elif tag in (W + "drawing", W + "pict", W + "object", _ALT):
                for box in _textboxes(child):
                    floats.extend(self.blocks(box))


def _children(el: ET.Element, tag: str) -> list[ET.Element]:
    """Direct children with ``tag``, looking through content controls and custom XML."""
    out: list[ET.Element] = []
    for child in el:
        if child.tag == tag:
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out.extend(_children(content, tag))
        elif child.tag in (_SDT_CONTENT, W + "customXml"):
            out.extend(_children(child, tag))
    return out


def _choice(alt: ET.Element) -> ET.Element:
    choice = alt.find(_CHOICE)
    if choice is None:
        choice = alt.find(_FALLBACK)
    return choice if choice is not None else ET.Element("empty")


def _textboxes(el: ET.Element) -> list[ET.Element]:
    """Outermost text-box contents under ``el``; the VML fallback copies are skipped."""
    found: list[ET.Element] = []

    def visit(node: ET.Element) -> None:
        for child in node:
            if child.tag == _TXBX:
                found.append(child)
            elif child.tag == _FALLBACK:
                continue
            elif child.tag == _ALT:
                visit(_choice(child))
            else:
                visit(child)

    if el.tag == _ALT:
        visit(_choice(el))
    else:
        visit(el)
    return found


def _is_list_item(p: ET.Element) -> bool:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return False
    num = ppr.find(W + "numPr")
    if num is not None:
        num_id = num.find(W + "numId")
        return num_id is None or num_id.get(W + "val") != "0"
    style = ppr.find(W + "pStyle")
    return style is not None and "list" in (style.get(W + "val") or "").lower()


def _hidden_target(target: str, shown: str) -> str | None:
    low = target.lower()
    if low.startswith("mailto:"):
        value = target[7:].split("?", 1)[0]
    elif low.startswith(("http://", "https://")):
        value = target
    else:
        return None
    bare = value.split("://", 1)[-1].removeprefix("www.").rstrip("/").lower()
    squashed = shown.replace(" ", "").lower()
    return None if not bare or bare in squashed else value


_STRICT = (  # "Strict Open XML" (ISO 29500 strict) namespaces -> the transitional ones we read
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W[1:-1].encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", REL[1:-1].encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", MATH[1:-1].encode()),
)


def _parse(data: bytes, name: str) -> ET.Element:
    if b"purl.oclc.org/ooxml" in data[:4096]:
        for strict, transitional in _STRICT:
            data = data.replace(strict, transitional)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise ParseFailure("corrupt", f"the DOCX part {name!r} is not well-formed XML ({exc})") from None


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str, str, bool]]:
    """(id, type, target part or URL, external) for a part's relationships."""
    folder, base = posixpath.split(part)
    data = read_part(archive, posixpath.join(folder, "_rels", base + ".rels"), "DOCX")
    if not data:
        return []
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return []
    out = []
    for rel in root.iter(PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") \
                else target.lstrip("/")
        out.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target, external))
    return out


def _main_part(archive: zipfile.ZipFile) -> str:
    for _id, kind, target, _ext in _relationships(archive, ""):
        if kind == "officeDocument":
            return target
    return "word/document.xml"


def _part_lines(archive: zipfile.ZipFile, part: str) -> list[str] | None:
    data = read_part(archive, part, "DOCX")
    if data is None:
        return None
    rels = _relationships(archive, part)
    links = {rid: target for rid, kind, target, ext in rels if ext and kind == "hyperlink"}
    root = _parse(data, part)
    body = root.find(W + "body")
    return _Walker(links).blocks(body if body is not None else root)


def extract_docx(data: bytes) -> tuple[str, list[str]]:
    """(text, warnings) of a DOCX document."""
    archive = open_zip(data, "DOCX")
    main = _main_part(archive)
    body = _part_lines(archive, main)
    if body is None:
        raise ParseFailure("corrupt", "the DOCX file has no document part (word/document.xml)")
    rels = _relationships(archive, main)
    heads: list[str] = []
    foots: list[str] = []
    for target_list, kind in ((heads, "header"), (foots, "footer")):
        parts = sorted({t for _i, k, t, ext in rels if k == kind and not ext}, key=_natural)
        seen: set[str] = set()
        for part in parts:
            for line in _part_lines(archive, part) or []:
                key = " ".join(line.split()).lower()
                if not key or key in seen or _PAGE_FIELD.match(key):
                    continue
                seen.add(key)
                target_list.append(line)
    lines = heads + ([""] if heads else []) + body + ([""] if foots else []) + foots
    return textnorm.finish("\n".join(lines)), []


def _natural(name: str) -> tuple[str, int]:
    digits = re.search(r"(\d+)\.xml$", name)
    return (re.sub(r"\d*\.xml$", "", name), int(digits.group(1)) if digits else 0)
