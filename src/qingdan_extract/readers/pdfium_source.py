"""Characters and ruling lines from PDFium (``pypdfium2``), in pdfplumber's terms.

The PDF reader (``pdf.py``) works on pdfplumber's objects: chars and rects/lines/curves
as dicts with ``x0, x1, top, bottom`` measured from the top-left of the page as shown
(``/Rotate`` applied). This module builds the same dicts from PDFium, which parses the
content streams in C, several times faster than pdfminer, and runs pdfplumber's table
finder (``table_finder.py``) on them.

How each value is made to agree with pdfminer (and so with the pdfplumber engine):

- **Characters**: PDFium's text page (text, box, size, font name), whitespace left out
  (the reader drops it, and PDFium makes up spaces and line breaks of its own). A
  char's box is pdfminer's: from the origin along the char's advance, and from the
  baseline plus the font's descent up one font size, in the char's matrix; then the
  page's rotation. The descent is the font descriptor's
  ``/Descent`` (``font_descents``), as pdfminer reads it: PDFium's own descent makes
  one up from the glyphs when the descriptor says 0.
- **Paths**: every path object, also inside form XObjects (their matrices applied),
  split into subpaths and classified the way pdfminer does (a two-point subpath is a
  line, a closed axis-parallel four-sided one a rect, anything else a curve), with
  the fill/stroke flags and colours PDFium reports (as RGB fractions).
- **Clipping**: a path on the page that lies wholly outside its clip path's bounding box
  is not drawn, so it is left out (pdfminer ignores clipping; such paths are rare).
"""

from __future__ import annotations

import ctypes
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import pdfium_lib
from .pdfium_lib import FS_MATRIX, FS_RECTF
from .table_finder import find_table_cells

PdfObj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
FLAT = 1e-6  # a matrix entry this close to 0 is 0 (the char's advance runs along the axis)
CLIP_SLACK = 1.0  # pt: a path this close to its clip box still shows (rounding in the clip)
DESCENT_UNITS = 0.001  # descriptor values are in thousandths of the font size

_OBJ_PATH = pdfium_lib.FPDF_PAGEOBJ_PATH
_OBJ_IMAGE = pdfium_lib.FPDF_PAGEOBJ_IMAGE
_OBJ_FORM = pdfium_lib.FPDF_PAGEOBJ_FORM
_SEG_LINE = pdfium_lib.FPDF_SEGMENT_LINETO
_SEG_BEZIER = pdfium_lib.FPDF_SEGMENT_BEZIERTO
_SEG_MOVE = pdfium_lib.FPDF_SEGMENT_MOVETO


# Characters the reader drops (``str.isspace``, the last one U+3000): skipped before any call.
_WHITESPACE = frozenset(c for c in range(0x3001) if chr(c).isspace())
_TEXT_OF: dict[int, str] = {}


def fast() -> Any:
    """PDFium's functions (pdfium_lib.py)."""
    return pdfium_lib.load()


def mult(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: the result maps p to n(m(p)))."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


# --------------------------------------------------------------------------
# Font descriptors, read from the file (PDFium does not expose them)

_OBJ_RE = re.compile(rb"(\d+)\s+\d+\s+obj\b(.*?)\bendobj", re.S)
_DESCRIPTOR_RE = re.compile(rb"/Type\s*/FontDescriptor")
_FONTNAME_RE = re.compile(rb"/FontName\s*/([^\s/\[\]<>(){}%]+)")
_DESCENT_RE = re.compile(rb"/Descent\s+(-?\d*\.?\d+)")
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_OBJSTM_RE = re.compile(rb"/Type\s*/ObjStm")
_STREAM_RE = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def font_descents(data: bytes) -> dict[str, float]:
    """Each font descriptor's ``/FontName`` → its ``/Descent`` (0 when absent), from the
    file's objects and from compressed object streams, under the name with and without its
    subset tag. Names that two descriptors give different descents are left out (the
    caller falls back to PDFium's value)."""
    found: dict[str, float] = {}
    clash: set[str] = set()

    def scan(text: bytes) -> None:
        for match in _DESCRIPTOR_RE.finditer(text):
            start = text.rfind(b"<<", 0, match.start())
            end = text.find(b">>", match.end())
            if start < 0 or end < 0:
                continue
            body = text[start:end]
            name = _FONTNAME_RE.search(body)
            if name is None:
                continue
            descent = _DESCENT_RE.search(body)
            value = float(descent.group(1)) if descent else 0.0
            value = -value if value > 0 else value  # pdfminer takes a positive descent as negative
            full = name.group(1).decode("latin-1")
            # PDFium names a font without its subset tag ("BAAAAA+"): keep both
            for key in {full, _SUBSET_TAG.sub("", full)}:
                if key in found and found[key] != value:
                    clash.add(key)
                found[key] = value

    scan(data)
    if _OBJSTM_RE.search(data):
        for obj in _OBJ_RE.finditer(data):
            body = obj.group(2)
            if not _OBJSTM_RE.search(body[:2048]):
                continue
            stream = _STREAM_RE.search(body)
            if stream is None:
                continue
            try:
                scan(zlib.decompressobj().decompress(stream.group(1)))
            except zlib.error:
                continue
    return {k: v for k, v in found.items() if k not in clash}


# --------------------------------------------------------------------------
# The document and its pages


class PdfiumError(Exception):
    """PDFium could not open the file; the message names PDFium's reason."""


class PdfiumDocument:
    """An open PDF. ``pages`` are read one at a time, each closed after use."""

    def __init__(self, path: Path) -> None:
        f = fast()
        self.path = path
        self.data = path.read_bytes()  # PDFium reads from this buffer as long as the file is open
        self._buffer = ctypes.c_char_p(self.data)
        self.handle: int | None = f.FPDF_LoadMemDocument64(self._buffer, len(self.data), None)
        if not self.handle:
            code = int(f.FPDF_GetLastError())
            raise PdfiumError(f"PDFium: {pdfium_lib.ERRORS.get(code, f'error {code}')}")
        self.n_pages = int(f.FPDF_GetPageCount(self.handle))
        self._descents: dict[str, float] | None = None
        self._font_cache: dict[int, float] = {}  # PDFium font handle -> descent
        self._font_names: dict[int, str] = {}
        self.glyph_widths: dict[tuple[int, int, float], float] = {}  # (font, unicode, size) -> advance

    @property
    def descents(self) -> dict[str, float]:
        if self._descents is None:
            self._descents = font_descents(self.data)
        return self._descents

    @property
    def pages(self) -> Pages:
        return Pages(self)

    def descent_of(self, font: int) -> float:
        """The font's descent per unit font size, as pdfminer reads it."""
        cached = self._font_cache.get(font)
        if cached is None:
            cached = self._font_cache[font] = self._descriptor_descent(font)
        return cached

    def font_name(self, font: int) -> str:
        """The font's name as PDFium gives it (its BaseFont; the subset tag may be dropped)."""
        name = self._font_names.get(font)
        if name is None:
            name = self._font_names[font] = base_font_name(font)
        return name

    def _descriptor_descent(self, font: int) -> float:
        f = fast()
        name = self.font_name(font)
        if name:
            descents = self.descents
            if name in descents:
                return descents[name] * DESCENT_UNITS
            for known, value in descents.items():  # a Type0 font's name adds its encoding
                if name.startswith(known + "-"):
                    return value * DESCENT_UNITS
        out = ctypes.c_float()
        if f.FPDFFont_GetDescent(font, 1.0, ctypes.byref(out)):
            return min(float(out.value), 0.0)
        return 0.0

    def close(self) -> None:
        if self.handle:
            fast().FPDF_CloseDocument(self.handle)
            self.handle = None


def base_font_name(font: int) -> str:
    f = fast()
    n = f.FPDFFont_GetBaseFontName(font, None, 0)
    if n <= 1:
        return ""
    buf = ctypes.create_string_buffer(n)
    f.FPDFFont_GetBaseFontName(font, buf, n)
    return buf.value.decode("utf-8", "replace")


class Pages:
    """The document's pages, each loaded when it is reached (as pdfplumber's ``pdf.pages``)."""

    def __init__(self, doc: PdfiumDocument) -> None:
        self.doc = doc

    def __len__(self) -> int:
        return self.doc.n_pages

    def __getitem__(self, index: int) -> PdfiumPage:
        if not -self.doc.n_pages <= index < self.doc.n_pages:
            raise IndexError(index)
        return PdfiumPage(self.doc, index % self.doc.n_pages)

    def __iter__(self) -> Iterator[PdfiumPage]:
        for i in range(self.doc.n_pages):
            yield PdfiumPage(self.doc, i)


class PdfiumPage:
    """One page's chars, rules and images as pdfplumber objects, in pdfplumber's coordinates."""

    def __init__(self, doc: PdfiumDocument, index: int) -> None:
        self.doc = doc
        self.index = index
        self._chars: list[PdfObj] | None = None
        self._objects: dict[str, list[PdfObj]] | None = None
        self._images: list[PdfObj] = []
        self._page: int | None = None
        self.ctm: Matrix = IDENTITY
        self.height = self.mb_x0 = self.mb_top = 0.0
        f = fast()
        self._page = f.FPDF_LoadPage(doc.handle, index) or None
        if self._page is None:  # a broken page: read_page reports it when it asks for the chars
            self._error: Exception | None = PdfiumError(f"PDFium cannot load page {index + 1}")
            return
        self._error = None
        self._page_ptr = self._page
        raw = self._page
        rotation = f.FPDFPage_GetRotation(raw) % 4 * 90
        box = [ctypes.c_float() for _ in range(4)]
        if f.FPDFPage_GetMediaBox(raw, *(ctypes.byref(v) for v in box)):
            x0, y0, x1, y1 = (float(v.value) for v in box)
        else:  # inherited from the page tree: PDFium's page box
            rect = FS_RECTF()
            f.FPDF_GetPageBoundingBox(raw, ctypes.byref(rect))
            x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        # pdfminer's page matrix (pdfinterp.process_page), then pdfplumber's flip (page.py)
        if rotation == 90:
            self.ctm = (0, -1, 1, 0, -y0, x1)
        elif rotation == 180:
            self.ctm = (-1, 0, 0, -1, x1, y1)
        elif rotation == 270:
            self.ctm = (0, 1, -1, 0, y1, -x0)
        else:
            self.ctm = (1, 0, 0, 1, -x0, -y0)
        nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        self.height = ny1 - ny0
        self.mb_x0 = nx0
        self.mb_top = -ny0
        self.bbox = (nx0, -ny0, nx1, self.height - ny0)

    # coordinates ----------------------------------------------------------

    def to_plumber(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """A pdfminer box (x0, y0, x1, y1) as pdfplumber's (x0, top, x1, bottom)."""
        top = self.height - y1 + self.mb_top
        bottom = self.height - y0 + self.mb_top
        if self.mb_x0 != 0:
            x0, x1 = x0 + self.mb_x0, x1 + self.mb_x0
        return x0, top, x1, bottom

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A pdfminer point as pdfplumber's (x, top) (``Page.point2coord``)."""
        return self.mb_x0 + x, self.mb_top + self.height - y

    # characters -----------------------------------------------------------

    @property
    def chars(self) -> list[PdfObj]:
        if self._error is not None:
            raise self._error
        if self._chars is None:
            self._chars = self._read_chars()
        return self._chars

    def _read_chars(self) -> list[PdfObj]:
        """The page's characters, whitespace left out (the reader drops it anyway; PDFium
        also makes up spaces and line breaks of its own)."""
        f = fast()
        text_page = f.FPDFText_LoadPage(self._page_ptr)
        if not text_page:
            return []
        try:
            return self._chars_of(f, text_page)
        finally:
            f.FPDFText_ClosePage(text_page)

    def _chars_of(self, f: Any, text_page: int) -> list[PdfObj]:
        n = f.FPDFText_CountChars(text_page)
        if n <= 0:
            return []
        units = (ctypes.c_ushort * (n + 1))()
        got = f.FPDFText_GetText(text_page, 0, n, units)
        codes: list[int] = list(units[:n])
        if got - 1 != n or any(0xD800 <= u <= 0xDFFF for u in codes):
            # a character outside the BMP takes two units: ask per character instead
            codes = [f.FPDFText_GetUnicode(text_page, i) for i in range(n)]
        rect = FS_RECTF()
        m = FS_MATRIX()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        rect_ref, m_ref, ox_ref, oy_ref = (
            ctypes.byref(rect),
            ctypes.byref(m),
            ctypes.byref(ox),
            ctypes.byref(oy),
        )
        size = ctypes.c_float()
        size_ref = ctypes.byref(size)
        get_object, get_origin, get_loose = (
            f.FPDFText_GetTextObject,
            f.FPDFText_GetCharOrigin,
            f.FPDFText_GetLooseCharBox,
        )
        map_error = f.FPDFText_HasUnicodeMapError
        objects: dict[int, tuple[float, float, float, float, float, float, bool, str]] = {}
        height, mb_top, mb_x0 = self.height, self.mb_top, self.mb_x0
        ctm = self.ctm
        plain_page = ctm[0] == 1 and ctm[1] == 0 and ctm[2] == 0 and ctm[3] == 1
        tx, ty = ctm[4], ctm[5]
        chars: list[PdfObj] = []
        append = chars.append
        for i, code in enumerate(codes):
            if code in _WHITESPACE:
                continue
            obj = get_object(text_page, i)
            if not obj:
                continue
            info = objects.get(obj)
            if info is None:
                # per text object: font size, descent, and the matrix its chars share
                if not f.FPDFTextObj_GetFontSize(obj, size_ref):
                    continue
                font = f.FPDFTextObj_GetFont(obj)
                descent = self.doc.descent_of(font) if font else 0.0
                f.FPDFText_GetMatrix(text_page, i, m_ref)
                upright = m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0
                fontname = self.doc.font_name(font) if font else ""
                info = (float(size.value), descent, m.a, m.b, m.c, m.d, upright and plain_page, fontname)
                objects[obj] = info
            fontsize, descent, a, b, c, d, simple, fontname = info
            if map_error(text_page, i) == 1:
                text = f"(cid:{code})"
            elif code in _TEXT_OF:
                text = _TEXT_OF[code]
            else:
                try:
                    text = _TEXT_OF.setdefault(code, chr(code))
                except (ValueError, OverflowError):
                    continue
            get_origin(text_page, i, ox_ref, oy_ref)
            x, y = ox.value + tx, oy.value + ty
            lo = descent * fontsize
            if simple:
                # the common case: upright text on an unrotated page; the loose box runs
                # from the origin along the advance
                get_loose(text_page, i, rect_ref)
                x1 = x + (rect.right - rect.left)
                y0, y1 = y + d * lo, y + d * (lo + fontsize)
                if mb_x0:
                    x, x1 = x + mb_x0, x1 + mb_x0
                top, bottom = height - y1 + mb_top, height - y0 + mb_top
                append({"object_type": "char", "text": text, "x0": x, "x1": x1, "top": top,
                        "bottom": bottom, "size": bottom - top, "fontname": fontname})  # fmt: skip
                continue
            # any other matrix (a page turned by /Rotate, text turned on the page): the box of
            # the char's rectangle mapped by its matrix and the page's, as pdfminer takes it
            if abs(b) < FLAT and abs(a) > FLAT:
                get_loose(text_page, i, rect_ref)
                advance = (rect.right - rect.left) / abs(a)
            else:
                advance = self._glyph_width(f, text_page, i, rect, a, b, code, obj, fontsize)
            la, lb, lc, ld = (
                a * ctm[0] + b * ctm[2],
                a * ctm[1] + b * ctm[3],
                c * ctm[0] + d * ctm[2],
                c * ctm[1] + d * ctm[3],
            )
            px, py = apply(ctm, ox.value, oy.value)
            hi = lo + fontsize
            ua, ub = la * advance, lb * advance
            x0 = px + min(0.0, ua) + min(lc * lo, lc * hi)
            x1 = px + max(0.0, ua) + max(lc * lo, lc * hi)
            y0 = py + min(0.0, ub) + min(ld * lo, ld * hi)
            y1 = py + max(0.0, ub) + max(ld * lo, ld * hi)
            x0, top, x1, bottom = self.to_plumber(x0, y0, x1, y1)
            append({"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top,
                    "bottom": bottom, "size": bottom - top, "fontname": fontname})  # fmt: skip
        return chars

    def _glyph_width(
        self,
        f: Any,
        text_page: int,
        i: int,
        rect: Any,
        a: float,
        b: float,
        code: int,
        obj: int,
        fontsize: float,
    ) -> float:
        """The advance of a char whose matrix turns it (PDFium's loose box is then degenerate),
        in its own text space: the font's width for it, cached per font."""
        font = f.FPDFTextObj_GetFont(obj)
        key = (font, code, fontsize)
        width = self.doc.glyph_widths.get(key)
        if width is None:
            out = ctypes.c_float()
            if font and f.FPDFFont_GetGlyphWidth(font, code, fontsize, ctypes.byref(out)):
                width = float(out.value)
            else:
                f.FPDFText_GetLooseCharBox(text_page, i, ctypes.byref(rect))
                scale = (a * a + b * b) ** 0.5 or 1.0
                width = float(max(rect.right - rect.left, rect.top - rect.bottom) / scale)
            self.doc.glyph_widths[key] = width
        return width

    # paths ----------------------------------------------------------------

    @property
    def images(self) -> list[PdfObj]:
        _ = self.objects
        return self._images

    @property
    def objects(self) -> dict[str, list[PdfObj]]:
        if self._error is not None:
            raise self._error
        if self._objects is None:
            self._objects = {"rect": [], "line": [], "curve": []}
            f = fast()
            n = f.FPDFPage_CountObjects(self._page)
            self._walk([f.FPDFPage_GetObject(self._page, i) for i in range(n)], IDENTITY)
        return self._objects

    def _walk(self, objs: list[Any], parent: Matrix) -> None:
        c = fast()
        fm = FS_MATRIX()
        for obj in objs:
            kind = c.FPDFPageObj_GetType(obj)
            if kind == _OBJ_PATH:
                self._add_path(obj, parent)
            elif kind == _OBJ_IMAGE:
                self._images.append({"object_type": "image"})
            elif kind == _OBJ_FORM:
                if not c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fm)):
                    continue
                form_m = mult((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), parent)
                n = c.FPDFFormObj_CountObjects(obj)
                self._walk([c.FPDFFormObj_GetObject(obj, i) for i in range(n)], form_m)

    def _add_path(self, obj: Any, parent: Matrix) -> None:
        c = fast()
        fill_mode = ctypes.c_int()
        stroke = ctypes.c_int()
        if not c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke)):
            return
        filled, stroked = fill_mode.value != 0, bool(stroke.value)
        if not filled and not stroked:
            return  # a path that is never painted (a clip, or "n"): pdfminer makes nothing of it
        pm = FS_MATRIX()
        c.FPDFPageObj_GetMatrix(obj, ctypes.byref(pm))
        to_device = mult(mult((pm.a, pm.b, pm.c, pm.d, pm.e, pm.f), parent), self.ctm)
        subpaths = self._subpaths(obj)
        if not subpaths:
            return
        if parent == IDENTITY and self._clipped_away(obj, (pm.a, pm.b, pm.c, pm.d, pm.e, pm.f), subpaths):
            return
        attrs = {
            "stroke": stroked,
            "fill": filled,
            "stroking_color": color(c.FPDFPageObj_GetStrokeColor, obj),
            "non_stroking_color": color(c.FPDFPageObj_GetFillColor, obj),
        }
        for shape, pts in subpaths:
            self._classify(shape, [apply(to_device, x, y) for x, y in pts], attrs)

    @staticmethod
    def _subpaths(obj: Any) -> list[tuple[str, list[tuple[float, float]]]]:
        """pdfminer's view of a path: per subpath, its operators ("m", "l", "c", "h") and the
        point each ends on (a Bézier's end point; "h" ends where the subpath began)."""
        c = fast()
        n = c.FPDFPath_CountSegments(obj)
        x, y = ctypes.c_float(), ctypes.c_float()
        out: list[tuple[str, list[tuple[float, float]]]] = []
        ops: list[str] = []
        pts: list[tuple[float, float]] = []
        bezier = 0
        for i in range(n):
            seg = c.FPDFPath_GetPathSegment(obj, i)
            kind = c.FPDFPathSegment_GetType(seg)
            c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            point = (float(x.value), float(y.value))
            if kind == _SEG_MOVE:
                if ops:
                    out.append(("".join(ops), pts))
                ops, pts, bezier = ["m"], [point], 0
            elif kind == _SEG_LINE:
                if not ops:
                    ops, pts = ["m"], [point]
                else:
                    ops.append("l")
                    pts.append(point)
            elif kind == _SEG_BEZIER:
                bezier += 1
                if bezier % 3 == 0:  # two control points, then the end point
                    ops.append("c")
                    pts.append(point)
            else:
                continue
            if c.FPDFPathSegment_GetClose(seg) and ops:
                ops.append("h")
                pts.append(pts[0])
        if ops:
            out.append(("".join(ops), pts))
        return out

    def _classify(self, shape: str, pts: list[tuple[float, float]], attrs: dict[str, Any]) -> None:
        """pdfminer's ``PDFLayoutAnalyzer.paint_path`` for one subpath."""
        if shape[:1] != "m" or len(pts) < 2:
            return
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts = pts[:-2] + pts[-1:]
        objects = self._objects
        assert objects is not None
        if shape in ("mlh", "ml"):
            objects["line"].append(self._shape("line", pts[:2], attrs))
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            closed = pts[0] == pts[4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if closed and square:
                objects["rect"].append(self._shape("rect", [pts[0], pts[2]], attrs))
            else:
                objects["curve"].append(self._shape("curve", pts, attrs))
        else:
            objects["curve"].append(self._shape("curve", pts, attrs))

    def _shape(self, kind: str, pts: list[tuple[float, float]], attrs: dict[str, Any]) -> PdfObj:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, top, x1, bottom = self.to_plumber(min(xs), min(ys), max(xs), max(ys))
        obj: PdfObj = {
            "object_type": kind,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "width": x1 - x0,
            "height": bottom - top,
            **attrs,
        }
        if kind == "rect":
            obj["y0"], obj["y1"] = min(ys), max(ys)
        obj["pts"] = [self.point(px, py) for px, py in pts]
        return obj

    def _clipped_away(
        self, obj: Any, own: Matrix, subpaths: list[tuple[str, list[tuple[float, float]]]]
    ) -> bool:
        """Whether the path lies wholly outside its clip path's bounding box (only checked for
        objects on the page itself, whose clip path is in page space)."""
        c = fast()
        clip = c.FPDFPageObj_GetClipPath(obj)
        if not clip:
            return False
        box: tuple[float, float, float, float] | None = None
        x, y = ctypes.c_float(), ctypes.c_float()
        for p in range(c.FPDFClipPath_CountPaths(clip)):
            xs: list[float] = []
            ys: list[float] = []
            for s in range(c.FPDFClipPath_CountPathSegments(clip, p)):
                seg = c.FPDFClipPath_GetPathSegment(clip, p, s)
                if seg and c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                    xs.append(float(x.value))
                    ys.append(float(y.value))
            if xs:
                part = (min(xs), min(ys), max(xs), max(ys))
                box = part if box is None else intersect(box, part)
        if box is None:
            return False
        pts = [apply(own, px, py) for _, sub in subpaths for px, py in sub]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        return (
            max(xs) < box[0] - CLIP_SLACK
            or min(xs) > box[2] + CLIP_SLACK
            or max(ys) < box[1] - CLIP_SLACK
            or min(ys) > box[3] + CLIP_SLACK
        )

    # tables ---------------------------------------------------------------

    def find_table_cells(
        self, vertical: list[PdfObj], horizontal: list[PdfObj], settings: dict[str, Any]
    ) -> list[list[tuple[float, float, float, float]]]:
        return find_table_cells(vertical, horizontal, settings)

    def close(self) -> None:
        if self._page is not None:
            fast().FPDF_ClosePage(self._page)
            self._page = None


def intersect(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def color(getter: Any, obj: Any) -> tuple[float, ...] | None:
    """A path's stroke or fill colour as RGB fractions (None when PDFium has none: a pattern)."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)
