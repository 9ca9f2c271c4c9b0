"""PDF text with pypdf, in reading order (see ``pdf_layout``), with OCR as a last resort.

One pypdf pass per page: ``extract_text(visitor_text=...)`` reports positioned runs of text
that ``pdf_layout`` groups into lines and columns. Widths come from the fonts' /Widths, so the
cost stays close to a plain ``extract_text()``.

Limits: the first ``MAX_PAGES`` pages are read (a warning says how many were skipped). A PDF
that only decrypts with a password fails with ``encrypted``; one pypdf cannot open or whose
pages all fail fails with ``corrupt``; one without any text fails with ``no_text_layer``
(unless ``tesseract`` and ``pdftoppm`` are installed, then it is OCR'd).
"""

from __future__ import annotations

import contextvars
import io
import logging
import math
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pypdf._page as _pypdf_page
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from pypdf.generic._font import Font

from tools.parsing import textnorm
from tools.parsing.errors import ParseFailure
from tools.parsing.pdf_layout import Frag, Line, PageText, block_text, layout_page, remove_furniture

MAX_PAGES = 30
OCR_MAX_PAGES = 10
OCR_TIMEOUT = 20.0            # seconds per external command
logging.getLogger("pypdf").setLevel(logging.ERROR)   # "EOF marker not found" etc. are ours to report


# pypdf builds a Font (parsing its ToUnicode CMap) for every font of every page it reads, and
# we need the same Font for glyph widths: while a PDF is being extracted, both share one
# Font per font resource. Outside ``extract_pdf`` pypdf behaves exactly as before.
_FONTS: contextvars.ContextVar[dict[int, tuple[Any, Font]] | None] = contextvars.ContextVar(
    "hirebot_pdf_fonts", default=None)


# A font resource written out in full (no indirect references: no embedded font program, no
# ToUnicode stream; e.g. the standard 14 fonts with a named encoding) always gives the same Font:
# those are also shared across documents, keyed by their content (at most ``_SHARED_MAX``).
_SHARED_FONTS: dict[tuple, Font] = {}
_SHARED_WIDTHS: dict[int, tuple[Font, _WidthMap | None]] = {}
_SHARED_MAX = 256


def _frozen(value: Any, depth: int = 0) -> Any:
    """A hashable copy of a direct PDF value; None when it holds an indirect reference (or is
    anything unusual), which makes the font unshareable."""
    if isinstance(value, IndirectObject) or depth > 4:
        return None
    if isinstance(value, (NameObject, TextStringObject)):
        return ("n", str(value))
    if isinstance(value, ByteStringObject):
        return ("b", bytes(value))
    if isinstance(value, bool):
        return ("t", bool(value))
    if isinstance(value, (int, float)):
        return ("f", type(value).__name__, float(value))
    if isinstance(value, ArrayObject):
        items = [_frozen(v, depth + 1) for v in value]
        return None if any(i is None for i in items) else ("a", *items)
    if isinstance(value, DictionaryObject) and not isinstance(value, StreamObject):
        return _frozen_dict(value, depth + 1)
    return None


def _frozen_dict(value: Any, depth: int = 0) -> tuple | None:
    items = []
    for k, v in value.items():
        f = _frozen(v, depth)
        if f is None:
            return None
        items.append((str(k), f))
    return ("d", *sorted(items))


def _font_key(resource: Any) -> tuple | None:
    try:
        if not isinstance(resource, DictionaryObject) or isinstance(resource, StreamObject):
            return None
        return _frozen_dict(resource)
    except Exception:
        return None


def _font_for(resource: Any) -> Font:
    memo = _FONTS.get()
    if memo is None:
        return Font.from_font_resource(resource)
    hit = memo.get(id(resource))
    if hit is not None and hit[0] is resource:
        return hit[1]
    key = _font_key(resource)
    font = _SHARED_FONTS.get(key) if key is not None else None
    if font is None:
        font = Font.from_font_resource(resource)
        if key is not None:
            if len(_SHARED_FONTS) >= _SHARED_MAX:
                _SHARED_FONTS.clear()
                _SHARED_WIDTHS.clear()
            _SHARED_FONTS[key] = font
            _SHARED_WIDTHS[id(font)] = (font, None)
    memo[id(resource)] = (resource, font)
    return font


class _SharedFont(Font):
    @classmethod
    def from_font_resource(cls, pdf_font_dict: Any) -> Font:  # type: ignore[override]
        return _font_for(pdf_font_dict)


if getattr(_pypdf_page, "Font", None) is Font:
    _pypdf_page.Font = _SharedFont              # type: ignore[misc]


class _WidthMap(dict):
    """Glyph width by character; a character without metrics counts as the font's median width."""

    __slots__ = ("avg",)

    def __missing__(self, key: str) -> float:
        return self.avg


class _Widths:
    """Glyph widths by Unicode character for one font resource (1/1000 em)."""

    __slots__ = ("map", "avg", "ref", "width_of")

    def __init__(self, font_resource: Any) -> None:
        self.ref = font_resource                # keeps id() stable while cached
        self.map = _WidthMap()
        self.avg = 500.0
        self.map.avg = 500.0
        self.width_of = self.map.__getitem__    # width_of(ch): missing characters -> avg
        if font_resource is None:
            return
        try:
            font = _font_for(font_resource)
        except Exception:
            return
        shared = _SHARED_WIDTHS.get(id(font))
        if shared is not None and shared[0] is font and shared[1] is not None:
            self.map = shared[1]                # a shared font: its widths were worked out before
            self.avg = self.map.avg
            self.width_of = self.map.__getitem__
            return
        self._measure(font)
        if shared is not None and shared[0] is font:
            _SHARED_WIDTHS[id(font)] = (font, self.map)

    def _measure(self, font: Font) -> None:
        cmap = font.character_map or {}
        enc = font.encoding if isinstance(font.encoding, dict) else None
        for raw, width in font.character_widths.items():
            if raw == "default" or not width:
                continue
            uni = cmap.get(raw)
            if uni is None and enc is not None and len(raw) == 1:
                uni = enc.get(ord(raw))
            self.map.setdefault(uni if isinstance(uni, str) else raw, float(width))
        if self.map:
            values = sorted(self.map.values())
            self.avg = self.map.avg = values[len(values) // 2]
        self.map.setdefault(" ", float(font.space_width or 250))


class _PageCollector:
    """visitor_text / visitor_operand_* callbacks that turn pypdf's runs into ``Frag``s."""

    def __init__(self, page: Any, widths: dict[int, _Widths]) -> None:
        self.frags: list[Frag] = []
        self.rotated: list[str] = []
        self.widths = widths
        resources = page.get("/Resources")
        self.resources = [resources.get_object() if resources is not None else None]
        self.forms: list[list[float] | None] = []
        # without a form XObject among the page's resources ``before`` can only ever record
        # None: the operator callbacks (one per content-stream operation) are then not needed
        self.has_forms = _has_forms(self.resources[0])

    # form XObjects are extracted with their own identity matrix: put their text back in place
    def before(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op != b"Do":
            return
        matrix: list[float] | None = None
        res = self.resources[-1]
        try:
            xobj = res["/XObject"][args[0]].get_object()
            if xobj.get("/Subtype") == "/Form":
                form = [float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                matrix = _mult(form, cm)
                outer = self._outer()
                if outer is not None:
                    matrix = _mult(matrix, outer)
                inner_res = xobj.get("/Resources")
                self.resources.append(inner_res.get_object() if inner_res is not None else res)
        except Exception:
            matrix = None
        self.forms.append(matrix)

    def after(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"Do" and self.forms:
            if self.forms.pop() is not None and len(self.resources) > 1:
                self.resources.pop()

    def _outer(self) -> list[float] | None:
        for m in reversed(self.forms):
            if m is not None:
                return m
        return None

    def text(self, text: str, cm: list[float], tm: list[float], font: Any, font_size: float) -> None:
        # called for every run pypdf reports (most are bare spaces or newlines): keep it lean
        if not text or text.isspace():
            return
        # tm x cm, written out (same arithmetic as _mult)
        t0, t1, t2, t3, t4, t5 = tm[:6]
        c0, c1, c2, c3, c4, c5 = cm[:6]
        a, b = t0 * c0 + t1 * c2, t0 * c1 + t1 * c3
        c, d = t2 * c0 + t3 * c2, t2 * c1 + t3 * c3
        x, y = t4 * c0 + t5 * c2 + c4, t4 * c1 + t5 * c3 + c5
        if self.forms:
            outer = self._outer()
            if outer is not None:
                a, b, c, d, x, y = _mult([a, b, c, d, x, y], outer)
        if d <= 0 or abs(b) > 0.1 * abs(a) + 1e-9 or a <= 0:
            self.rotated.append(text)
            return
        sx = math.hypot(a, b) or 1.0
        sy = math.hypot(c, d) or 1.0
        size = abs(font_size) * sy
        if size <= 0.5:
            size = 10.0
        key = id(font) if font is not None else 0
        w = self.widths.get(key)
        if w is None:
            w = self.widths[key] = _Widths(font)
        width_of = w.width_of
        parts = text.split("\n") if "\n" in text else (text,)
        for i, part in enumerate(parts):
            if not part.strip():
                continue
            width = sum(map(width_of, part)) * abs(font_size) * sx / 1000.0
            n = len(part)
            if not (0.15 * size * n <= width <= 1.2 * size * n):
                width = 0.5 * size * n                 # unusable metrics (Type3, odd encodings)
            self.frags.append(Frag(x, x + width, y - i * 1.2 * size, size, part))


def _has_forms(resources: Any) -> bool:
    try:
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None:
            return False
        return any(ref.get_object().get("/Subtype") == "/Form" for ref in xobjects.get_object().values())
    except Exception:
        return True                                  # unsure: let ``before`` look at each Do


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise ParseFailure("corrupt", f"the PDF is damaged and cannot be opened ({_reason(exc)})") from None
    if reader.is_encrypted:
        try:
            result = reader.decrypt("")
        except DependencyError:
            raise ParseFailure(
                "encrypted", "the PDF is encrypted (AES) and cannot be decrypted here: "
                "send a copy without protection") from None
        except Exception:
            result = PasswordType.NOT_DECRYPTED
        if result == PasswordType.NOT_DECRYPTED:
            raise ParseFailure("encrypted", "the PDF is password-protected: send a copy without a password")
    return reader


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _has_images(page: Any) -> bool:
    try:
        xobjects = page["/Resources"]["/XObject"]
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                return True
            if obj.get("/Subtype") == "/Form" and "/Resources" in obj and "/XObject" in obj["/Resources"]:
                if any(x.get_object().get("/Subtype") == "/Image"
                       for x in obj["/Resources"]["/XObject"].values()):
                    return True
    except Exception:
        return False
    return False


def _content_size(page: Any) -> int:
    try:
        contents = page.get_contents()
        return len(contents.get_data()) if contents is not None else 0
    except Exception:
        return 0


def _links(page: Any) -> list[str]:
    out = []
    try:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if action is None:
                continue
            uri = action.get_object().get("/URI")
            if isinstance(uri, bytes):
                uri = uri.decode("latin-1")
            if isinstance(uri, str) and uri.lower().startswith(("http://", "https://", "mailto:")):
                out.append(uri.strip())
    except Exception:
        return out
    return out


def extract_pdf(data: bytes) -> tuple[str, int, list[str]]:
    """(text, page count, warnings) of a PDF; raises ``ParseFailure``."""
    token = _FONTS.set({})
    try:
        return _extract_pdf(data)
    finally:
        _FONTS.reset(token)


def _extract_pdf(data: bytes) -> tuple[str, int, list[str]]:
    reader = _open(data)
    warnings: list[str] = []
    try:
        n_pages = len(reader.pages)
    except FileNotDecryptedError:
        raise ParseFailure("encrypted", "the PDF is password-protected: send a copy without a password") from None
    except Exception as exc:
        raise ParseFailure("corrupt", f"the PDF's page tree is damaged ({_reason(exc)})") from None
    if n_pages == 0:
        raise ParseFailure("corrupt", "the PDF has no pages")
    if n_pages > MAX_PAGES:
        warnings.append(f"only the first {MAX_PAGES} of {n_pages} pages were read")
    widths: dict[int, _Widths] = {}
    pages: list[PageText] = []
    rotated: list[str] = []
    links: list[str] = []
    failed = images = drawn = 0
    for index in range(min(n_pages, MAX_PAGES)):
        try:
            page = reader.pages[index]
            box = page.cropbox if "/CropBox" in page else page.mediabox
            top, bottom = float(max(box[1], box[3])), float(min(box[1], box[3]))
        except Exception:
            failed += 1
            continue
        collector = _PageCollector(page, widths)
        try:
            if collector.has_forms:
                page.extract_text(visitor_text=collector.text, visitor_operand_before=collector.before,
                                  visitor_operand_after=collector.after)
            else:
                page.extract_text(visitor_text=collector.text)
            pages.append(layout_page(collector.frags, top, bottom))
            rotated.extend(collector.rotated)
        except Exception:
            try:                                         # layout trouble: plain pypdf order
                plain = page.extract_text() or ""
                pages.append(_plain_page(plain, top, bottom))
                warnings.append(f"page {index + 1}: reading order could not be reconstructed")
            except Exception:
                failed += 1
                continue
        if not collector.frags:
            images += _has_images(page)
            drawn += _content_size(page) > 2000
        links.extend(_links(page))
    if failed and failed == min(n_pages, MAX_PAGES):
        raise ParseFailure("corrupt", "the PDF is damaged: no page could be read")
    if failed:
        warnings.append(f"{failed} page(s) could not be read")

    remove_furniture(pages)
    text = _assemble(pages)
    if rotated:
        text += "\n\n" + "\n".join(r.strip() for r in rotated if r.strip())
    if not text.strip():
        if _repaired(data) and not images:
            raise ParseFailure("corrupt", "the PDF is truncated or damaged and yields no text")
        ocr = ocr_pdf(data, min(n_pages, OCR_MAX_PAGES))
        if ocr is not None:
            warnings.append("the PDF has no text layer: its text was recognised by OCR and may contain errors")
            return textnorm.finish(ocr, wrapped=True), n_pages, warnings
        if images or drawn:
            raise ParseFailure(
                "no_text_layer",
                "the PDF has no text layer (scanned image); OCR is not available here: "
                "send the original DOCX or a PDF exported from a word processor")
        raise ParseFailure("empty", "the PDF contains no text")
    if textnorm.unreadable_ratio(text) > 0.3:
        raise ParseFailure(
            "no_text_layer",
            "the PDF's text layer cannot be decoded (its fonts have no Unicode mapping): "
            "send the original DOCX or a PDF exported from a word processor")
    if _repaired(data):
        warnings.append("the PDF is truncated or damaged: some text may be missing")
    text = textnorm.finish(text, wrapped=True)
    extra = _missing_links(links, text)
    if extra:
        text += "\n\n" + "\n".join(extra)
    return text, n_pages, warnings


def _repaired(data: bytes) -> bool:
    return b"%%EOF" not in data[-8192:]


def _missing_links(links: list[str], text: str) -> list[str]:
    """Link targets hidden behind text ("LinkedIn", "Email me") that the text does not show."""
    out: list[str] = []
    squashed = text.replace("\n", "").replace(" ", "").lower()
    for uri in links:
        shown = uri[7:] if uri.lower().startswith("mailto:") else uri
        bare = shown.split("://", 1)[-1].removeprefix("www.").rstrip("/").split("?")[0].lower()
        if bare and bare not in squashed and shown not in out:
            out.append(shown)
    return out


def _plain_page(text: str, top: float, bottom: float) -> PageText:
    mid = (top + bottom) / 2
    return PageText(main=[[Line(0, 0, mid, 10, ln) for ln in text.splitlines() if ln.strip()]],
                    top=top, bottom=bottom)


def _assemble(pages: list[PageText]) -> str:
    main = "\n".join(t for p in pages if (t := "\n\n".join(block_text(b) for b in p.main)))
    side = "\n\n".join(block_text(b) for p in pages for b in p.side)
    if not side:
        return main
    first = next((p for p in pages if p.main or p.side), None)
    if first is not None and first.largest_in_side:
        return side + "\n\n" + main
    return main + "\n\n" + side


def ocr_available() -> bool:
    return bool(shutil.which("tesseract") and shutil.which("pdftoppm"))


def ocr_pdf(data: bytes, pages: int) -> str | None:
    """Text of a scanned PDF through ``pdftoppm`` + ``tesseract``; None when they are missing."""
    if not ocr_available():
        return None
    with tempfile.TemporaryDirectory(prefix="hirebot-ocr-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        try:
            subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", "1", "-l", str(pages),
                            str(src), str(Path(tmp) / "page")],
                           check=True, capture_output=True, timeout=OCR_TIMEOUT)
            texts = []
            for image in sorted(Path(tmp).glob("page*.png")):
                done = subprocess.run(["tesseract", str(image), "stdout"], check=True,
                                      capture_output=True, timeout=OCR_TIMEOUT)
                texts.append(done.stdout.decode("utf-8", "replace"))
        except (subprocess.SubprocessError, OSError):
            return None
    text = "\n\n".join(texts)
    return text if text.strip() else None
