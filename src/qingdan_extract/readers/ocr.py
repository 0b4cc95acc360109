"""OCR for scanned lists: page images → the same :class:`Document` as every other reader.

A page without a text layer (or any page under ``--ocr force``) and a ``.png``/``.jpg``/
``.tif`` input go through here, top to bottom in this file:

1. **Image**: the page rendered (image-only PDF pages at their scan's own resolution) or
   the image file read, as grayscale.
2. **Deskew**: the long horizontal rules' median angle is turned back (a sheet fed
   slightly askew), so rows and columns lie on the pixel axes.
3. **Grid**: horizontal and vertical rules are the ink that survives a morphological
   opening with a long thin kernel; each region the rules enclose is a cell (a missing
   rule joins two regions: a merged cell). Cell edges snap to the rules' positions and
   become the same grid the PDF reader builds (:func:`pdf.build_grid`).
4. **OCR**: RapidOCR (PP-OCRv4 detection and recognition, ONNX on the CPU; the models ship
   inside the wheel) reads the whole page into text boxes. Each box becomes one pseudo
   character per glyph, laid out over the box's width, so the PDF reader's own steps
   place them into cells, join wrapped lines without spaces, find text outside the
   table and guess the columns of a table without rules.

OpenCV and RapidOCR are imported only when a page needs OCR, so text PDFs start as fast
as without them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..ir import BBox, Block, Document, Table, TextLine
from . import pdf as pdf_reader

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Gray = NDArray[np.uint8]
else:
    Gray = Any

MODES = ("auto", "off", "force")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

# Resolution. Scans are read at their own resolution within these bounds: below 150 dpi
# a 10.5 pt character is under 22 px and recognition starts to fail; above 300 dpi OCR
# costs more and reads no better (the detector scales the page down to 2000 px anyway).
MIN_DPI = 150
MAX_DPI = 300
DEFAULT_DPI = 200  # a page with no image of its own (--ocr force), an image file with no dpi
POINTS_PER_INCH = 72.0

# Rules and cells, in inches on the page (so they mean the same at any resolution).
RULE_MIN_LENGTH = 0.4  # ink this long and thin is a rule: longer than any glyph's stroke
RULE_GAP = 0.03  # breaks this short in a scanned rule are closed first
RULE_THICKEN = 0.015  # rules are widened this much before the cells between them are found
SAME_RULE = 0.05  # rule positions closer than this are one rule
MIN_CELL = 0.06  # a region between rules smaller than this either way is no cell
MIN_TABLE = 1.0  # rules spanning less than this either way are no table
SKEW_RULE = 0.25  # rules at least this fraction of the page wide measure the skew
MIN_SKEW = 0.05  # degrees: a page turned less than this is left as it is
MAX_SKEW = 5.0  # degrees: a larger "skew" is a measuring error, not a sheet fed askew

# Text.
MIN_CONFIDENCE = 0.8  # a text box read with less confidence than this is named in a warning
NARROW = 0.5  # a Latin letter, digit or half-width sign takes this much of a CJK glyph's width
FONT_OF_BOX = 0.75  # a detected box is this much taller than the font size of its text

_engine: Any = None
_mode = "auto"

# Called after each page OCR'd with (file, pages done, pages to do); the CLI shows progress.
ProgressHook = Callable[[Path, int, int], None]
progress: ProgressHook | None = None


def set_mode(mode: str) -> None:
    """``auto`` (OCR pages without a text layer), ``off`` or ``force`` (OCR every page)."""
    global _mode
    if mode not in MODES:
        raise ValueError(f"unknown OCR mode {mode!r} (choose from {', '.join(MODES)})")
    _mode = mode


def mode() -> str:
    return _mode


# --------------------------------------------------------------------------
# What the OCR path found on a page (the blocks, and for `inspect` the geometry)


@dataclass
class TextBox:
    text: str
    confidence: float
    bbox: BBox  # in PDF points on the deskewed page


@dataclass
class OcrPage:
    blocks: list[Block]
    n_chars: int
    image: Gray  # the deskewed grayscale page
    scale: float  # PDF points per pixel
    skew: float  # degrees turned back
    boxes: list[TextBox] = field(default_factory=list)
    rules: list[BBox] = field(default_factory=list)  # each rule found, in points


# --------------------------------------------------------------------------
# 1. Images


def read(path: Path) -> Document:
    """An image file (PNG, JPEG, TIFF; a multi-page TIFF page by page) as one document."""
    if _mode == "off":
        raise InputError(path, "an image has no text layer; it needs OCR (--ocr off was given)")
    pages = load_image_pages(path)
    doc = Document(path=path, format="image", pages=len(pages))
    guess = pdf_reader.GuessState()
    blocks: list[Block] = []
    n_chars = 0
    for page_no, (gray, dpi) in enumerate(pages, start=1):
        page = ocr_image(gray, dpi, page_no, doc.warnings, guess)
        blocks.extend(page.blocks)
        n_chars += page.n_chars
        if progress is not None:
            progress(path, page_no, len(pages))
    if n_chars == 0:
        raise InputError(path, "OCR found no text in the image")
    doc.blocks = blocks
    return doc


def load_image_pages(path: Path) -> list[tuple[Gray, float]]:
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            pages = []
            for frame in ImageSequence.Iterator(image):
                dpi = frame.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
                pages.append((np.asarray(frame.convert("L"), dtype=np.uint8), float(dpi)))
    except UnidentifiedImageError:
        raise InputError(path, "not an image Pillow can read (corrupt, or not PNG/JPEG/TIFF)") from None
    except (OSError, ValueError) as exc:  # truncated data, decoder errors
        raise InputError(path, f"cannot decode the image ({exc})") from None
    return pages


def render_pdf_page(path: Path, page_no: int, dpi: float) -> Gray:
    import numpy as np
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        bitmap = document[page_no - 1].render(scale=dpi / POINTS_PER_INCH, grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        document.close()
    return np.asarray(image, dtype=np.uint8)


def scan_dpi(page_width_pt: float, image_widths_px: list[float], page_images_pt: list[float]) -> float:
    """The resolution the page's largest image was scanned at, within MIN_DPI..MAX_DPI."""
    if not image_widths_px:
        return DEFAULT_DPI
    i = max(range(len(image_widths_px)), key=lambda k: page_images_pt[k])
    dpi = image_widths_px[i] / (page_images_pt[i] / POINTS_PER_INCH) if page_images_pt[i] else DEFAULT_DPI
    return float(min(max(dpi, MIN_DPI), MAX_DPI))


def ocr_pdf_page(page: Any, path: Path, page_no: int, warnings: list[str], guess: Any) -> OcrPage:
    """OCR one pdfplumber page (rendered again with pypdfium2 at its scan's resolution)."""
    images = page.images
    widths_px = [float(im["srcsize"][0]) for im in images if im.get("srcsize")]
    widths_pt = [float(im["width"]) for im in images if im.get("srcsize")]
    dpi = scan_dpi(float(page.width), widths_px, widths_pt)
    try:
        gray = render_pdf_page(path, page_no, dpi)
    except Exception as exc:  # pypdfium2 failing on a page pdfminer could read
        warnings.append(f"page {page_no}: could not be rendered for OCR ({type(exc).__name__}: {exc})")
        return OcrPage(blocks=[], n_chars=0, image=None, scale=1.0, skew=0.0)
    return ocr_image(gray, dpi, page_no, warnings, guess)


# --------------------------------------------------------------------------
# 2. Deskew


def ink_of(gray: Gray) -> Gray:
    """Dark pixels as 255 on 0, thresholded against the local background."""
    import cv2

    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)  # type: ignore[no-any-return]


def horizontal_rules(ink: Gray, dpi: float, length: float) -> Gray:
    import cv2

    gap = max(1, round(RULE_GAP * dpi))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, round(length * dpi)), 1))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel)  # type: ignore[no-any-return]


def vertical_rules(ink: Gray, dpi: float, length: float) -> Gray:
    import cv2

    gap = max(1, round(RULE_GAP * dpi))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(2, round(length * dpi))))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel)  # type: ignore[no-any-return]


def skew_angle(ink: Gray, dpi: float) -> float:
    """Degrees the page's long horizontal rules rise to the right (0 when it has none).
    Short kernels keep a rule that is slanted by a degree or two in one piece."""
    import cv2
    import numpy as np

    short = horizontal_rules(ink, dpi, RULE_MIN_LENGTH / 2)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(short, connectivity=8)
    width = ink.shape[1]
    angles: list[float] = []
    for label in range(1, n):
        if stats[label, cv2.CC_STAT_WIDTH] < SKEW_RULE * width:
            continue
        ys, xs = np.nonzero(labels == label)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append(float(np.degrees(np.arctan(slope))))
    if not angles:
        return 0.0
    angle = median(angles)
    return angle if MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


def rotate(gray: Gray, angle: float) -> Gray:
    import cv2

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(  # type: ignore[no-any-return]
        gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


# --------------------------------------------------------------------------
# 3. Grid: rules, then the regions they enclose


@dataclass
class Rules:
    xs: list[float]  # vertical rules' x, pixels
    ys: list[float]  # horizontal rules' y, pixels
    boxes: list[tuple[int, int, int, int]]  # each rule's x0, y0, x1, y1


def cluster(values: list[float], tolerance: float) -> list[float]:
    """Values closer than ``tolerance`` to their neighbour are one: their mean."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def find_tables(ink: Gray, dpi: float) -> tuple[list[list[BBox]], list[tuple[int, int, int, int]]]:
    """Each ruled table's cell boxes (pixels, snapped onto its rules), and every rule found."""
    import cv2
    import numpy as np

    horizontal = horizontal_rules(ink, dpi, RULE_MIN_LENGTH)
    vertical = vertical_rules(ink, dpi, RULE_MIN_LENGTH)
    rules = cv2.bitwise_or(horizontal, vertical)
    thick = max(1, round(RULE_THICKEN * dpi))
    rules = cv2.dilate(rules, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * thick + 1, 2 * thick + 1)))
    rule_boxes = component_boxes(horizontal, 1) + component_boxes(vertical, 1)
    n, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    tables: list[list[BBox]] = []
    for label in range(1, n):
        x, y, w, h = (int(v) for v in stats[label, :4])
        if w < MIN_TABLE * dpi or h < MIN_TABLE / 2 * dpi:
            continue
        inside = [b for b in rule_boxes if b[0] >= x - 2 and b[2] <= x + w + 2 and b[1] >= y - 2 and b[3] <= y + h + 2]
        hs = [b for b in inside if b[2] - b[0] >= b[3] - b[1]]
        vs = [b for b in inside if b[2] - b[0] < b[3] - b[1]]
        if len(hs) < 2 or len(vs) < 2:
            continue
        xs = cluster([(b[0] + b[2]) / 2 for b in vs], SAME_RULE * dpi)
        ys = cluster([(b[1] + b[3]) / 2 for b in hs], SAME_RULE * dpi)
        free = np.where(rules[y : y + h, x : x + w] > 0, 0, 255).astype(np.uint8)
        cells = cells_between_rules(free, x, y, xs, ys, dpi)
        if cells:
            tables.append(cells)
    return tables, rule_boxes


def component_boxes(mask: Gray, min_size: int) -> list[tuple[int, int, int, int]]:
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    boxes = []
    for label in range(1, n):
        x, y, w, h = (int(v) for v in stats[label, :4])
        if max(w, h) >= min_size:
            boxes.append((x, y, x + w, y + h))
    return boxes


def cells_between_rules(
    free: Gray, x_off: int, y_off: int, xs: list[float], ys: list[float], dpi: float
) -> list[BBox]:
    """The regions of ``free`` (the table's area less its rules) that rules enclose, each
    snapped onto the nearest rules: a region that touches the table's outer edge is outside."""
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    height, width = free.shape
    smallest = MIN_CELL * dpi
    cells: list[BBox] = []
    for label in range(1, n):
        x, y, w, h = (int(v) for v in stats[label, :4])
        if w < smallest or h < smallest:
            continue
        if x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue
        x0, x1 = nearest(xs, x_off + x), nearest(xs, x_off + x + w)
        y0, y1 = nearest(ys, y_off + y), nearest(ys, y_off + y + h)
        if x1 > x0 and y1 > y0:
            cells.append((x0, y0, x1, y1))
    return cells


def nearest(values: list[float], v: float) -> float:
    return min(values, key=lambda c: abs(c - v))


# --------------------------------------------------------------------------
# 4. OCR, text boxes as characters


def engine() -> Any:
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # the optional dependency is missing
            raise OcrUnavailable(f"OCR is not installed ({exc.name} missing; pip install 'qingdan-extract[ocr]')") from exc
        _engine = RapidOCR()
    return _engine


class OcrUnavailable(Exception):
    pass


def recognise(gray: Gray) -> list[tuple[tuple[float, float, float, float], str, float]]:
    """(x0, y0, x1, y1) in pixels, text and confidence of each text box on the page."""
    result, _ = engine()(gray, use_cls=False)
    boxes = []
    for quad, text, score in result or []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        if text.strip():
            boxes.append(((min(xs), min(ys), max(xs), max(ys)), str(text), float(score)))
    return boxes


def glyph_width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else NARROW


def box_chars(bbox: BBox, text: str) -> list[pdf_reader.PdfObj]:
    """One pseudo character per glyph of a text box, spread over its width (CJK glyphs are
    twice as wide as Latin ones), in the shape the PDF reader's chars have."""
    x0, top, x1, bottom = bbox
    units = sum(glyph_width(c) for c in text) or 1.0
    step = (x1 - x0) / units
    size = (bottom - top) * FONT_OF_BOX
    chars: list[pdf_reader.PdfObj] = []
    x = x0
    for c in text:
        w = glyph_width(c) * step
        if not c.isspace():
            chars.append({"text": c, "x0": x, "x1": x + w, "top": top, "bottom": bottom, "size": size})
        x += w
    return chars


# --------------------------------------------------------------------------
# 5. A page


def ocr_image(gray: Gray, dpi: float, page_no: int, warnings: list[str], guess: Any) -> OcrPage:
    """OCR one grayscale page image scanned at ``dpi`` into blocks (coordinates in points)."""
    angle = skew_angle(ink_of(gray), dpi)
    if angle:
        gray = rotate(gray, angle)
    ink = ink_of(gray)
    scale = POINTS_PER_INCH / dpi
    cell_boxes, rule_boxes = find_tables(ink, dpi)
    try:
        found = recognise(gray)
    except OcrUnavailable:
        raise
    except Exception as exc:  # onnxruntime on a degenerate image
        warnings.append(f"page {page_no}: OCR failed ({type(exc).__name__}: {exc})")
        found = []
    boxes = [
        TextBox(text=text, confidence=score, bbox=tuple(v * scale for v in box))  # type: ignore[arg-type]
        for box, text, score in found
    ]
    page = OcrPage(
        blocks=[],
        n_chars=0,
        image=gray,
        scale=scale,
        skew=angle,
        boxes=boxes,
        rules=[tuple(v * scale for v in b) for b in rule_boxes],  # type: ignore[misc]
    )
    grids = [pdf_reader.build_grid([scaled(b, scale) for b in cells], page_no) for cells in cell_boxes]
    chars = [c for box in boxes for c in box_chars(box.bbox, box.text)]
    page.n_chars = len(chars)
    page.blocks = blocks_of(chars, grids, page_no, guess)
    warn_low_confidence(boxes, grids, page_no, warnings)
    return page


def scaled(box: BBox, scale: float) -> BBox:
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def blocks_of(
    chars: list[pdf_reader.PdfObj], grids: list[pdf_reader.Grid], page_no: int, guess: Any
) -> list[Block]:
    """Tables from the grids, text around them, an unruled table guessed: as the PDF reader
    does with a text layer's chars."""
    if not chars:
        return []
    by_cell, outside = pdf_reader.assign_chars(chars, grids)
    placed: list[tuple[float, Block]] = [
        (grid.bbox[1], pdf_reader.grid_to_table(grid, by_cell, page_no)) for grid in grids
    ]
    lines = pdf_reader.cluster_lines(outside)
    if grids:
        guess.columns = None
    else:
        table, lines = pdf_reader.guess_table(lines, page_no, guess)
        if table is not None and table.bbox is not None:
            placed.append((table.bbox[1], table))
    body_size = median(pdf_reader.char_size(c) for c in chars)
    for line in lines:
        text = pdf_reader.join_chars(line, wide_gap=pdf_reader.TEXT_GAP)
        if text:
            heading = median(pdf_reader.char_size(c) for c in line) >= pdf_reader.HEADING_SIZE * body_size
            placed.append((min(c["top"] for c in line), TextLine(text=text, page=page_no, heading=heading)))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def warn_low_confidence(
    boxes: list[TextBox], grids: list[pdf_reader.Grid], page_no: int, warnings: list[str]
) -> None:
    for box in boxes:
        if box.confidence >= MIN_CONFIDENCE:
            continue
        x, y = (box.bbox[0] + box.bbox[2]) / 2, (box.bbox[1] + box.bbox[3]) / 2
        where = "outside the table"
        for t, grid in enumerate(grids, start=1):
            if pdf_reader.inside(x, y, grid.bbox):
                row, col = grid.position(x, y)
                where = f"table {t}, row {row + 1}, column {col + 1}"
                break
        warnings.append(
            f"page {page_no}: OCR is unsure of {box.text!r} ({where}; confidence {box.confidence:.2f})"
        )


def tables_of(page: OcrPage) -> list[Table]:
    return [b for b in page.blocks if isinstance(b, Table)]


# --------------------------------------------------------------------------
# The PDF reader's hook


def wants(page: Any) -> bool:
    """Whether the PDF reader should OCR this pdfplumber page instead of reading its chars:
    always under ``force``; under ``auto`` when it has images and no visible character."""
    if _mode == "force":
        return True
    if _mode == "off" or not page.images:
        return False
    return not any(not c["text"].isspace() for c in page.chars)


def read_pdf_page(page: Any, page_no: int, warnings: list[str], guess: Any) -> tuple[list[Block], int]:
    path = Path(page.pdf.stream.name)
    try:
        result = ocr_pdf_page(page, path, page_no, warnings, guess)
    except OcrUnavailable as exc:
        raise InputError(path, f"page {page_no} has no text layer; {exc}") from None
    if progress is not None:
        progress(path, page_no, len(page.pdf.pages))
    return result.blocks, result.n_chars
