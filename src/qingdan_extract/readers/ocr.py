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

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..ir import BBox, Block, Document, Table, TextLine
from ..lexicon import dictionary
from ..problems import Note, Problem
from . import ocr_settings
from . import pdf as pdf_reader

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Gray = NDArray[np.uint8]
else:
    Gray = Any

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

# Resolution. Scans are read at their own resolution within these bounds: below 150 dpi
# a 10.5 pt character is under 22 px and recognition starts to fail; above 300 dpi OCR
# costs more and reads no better (the detector scales the page down to 2000 px anyway).
MIN_DPI = 150
MAX_DPI = 300
DEFAULT_DPI = 200  # a page with no image of its own (--ocr force), an image file with no dpi
POINTS_PER_INCH = 72.0
MIN_STATED_DPI, MAX_STATED_DPI = 100, 1200  # an image file's stated dpi outside these is not its scan's
A4_LONG_SIDE = 11.69  # inches: an image with no plausible dpi is taken as an A4 page

# Rules and cells, in inches on the page (so they mean the same at any resolution).
RULE_MIN_LENGTH = 0.4  # ink this long and thin is a rule: longer than any glyph's stroke
RULE_GAP = 0.03  # breaks this short in a scanned rule are closed first
RULE_THICKEN = 0.015  # rules are widened this much before the cells between them are found
SAME_RULE = 0.05  # rule positions closer than this are one rule
# A rule's ink breaks at most this often per inch of its length (breaks RULE_GAP closed, on the
# samples at most 2.3 on a short rule); a line of text read as one breaks between its glyphs,
# 4.7 to 16 times an inch on the samples and on scans of the corpus lists.
RULE_BREAKS = 3.5
MIN_CELL = 0.06  # a region between rules smaller than this either way is no cell
MIN_TABLE = 1.0  # rules spanning less than this either way are no table
SKEW_RULE = 0.25  # rules at least this fraction of the page wide measure the skew
MIN_SKEW = 0.05  # degrees: a page turned less than this is left as it is
MAX_SKEW = 5.0  # degrees: a larger "skew" is a measuring error, not a sheet fed askew

# Text.
MIN_CONFIDENCE = 0.8  # a text box read with less confidence than this is named in a warning
NARROW = 0.5  # a Latin letter, digit or half-width sign takes this much of a CJK glyph's width
FONT_OF_BOX = 0.75  # a detected box is this much taller than the font size of its text
SHORT_BOX = 2  # a box of at most this many glyphs may be a line the detector cut ...
SPLIT_GAP = 1.5  # ... when the next box on its line begins within this many box heights ...
SAME_LINE_OVERLAP = 0.5  # ... and the two overlap by this much of the short box's height
# A blank this much of an em (the pitch of the box's ideographs; without two of them, the font
# size its height gives, FONT_OF_BOX) beside a sign: it is printed full-width. On the samples'
# fonts a half-width sign leaves up to 0.41 em blank before the next glyph (yumen's), a
# full-width one 0.7 em less what a neighbour's side bearing takes (at 0.5 em full-width commas
# begin to be missed).
WIDE_BLANK = 0.45
# A full-width sign whose ink keeps to the left of its cell ("》", "）", "，") leaves about
# this much of an em blank on its right; a bracket after it is measured past that blank
# (on the samples: "》(" 0.6 em, "》（" 1.2 em).
NEIGHBOUR_BLANK = 0.5
# An opening bracket with this much of an em blank before its ink is full-width (the blank of
# the other signs, on their open side, is weighed by WIDE_BLANK). A half-width one leaves side
# bearings: 0.04 em opening a line, 0.15 after an ideograph on the samples. A full-width one
# leaves 0.32-0.58 em in the Noto Sans CJK of a Chromium print, 0.57-0.77 in the samples' Song
# faces, whose "（" keeps its ink far right. After a sign that leaves its own blank ("：(",
# NEIGHBOUR_BLANK) the rest is weighed by WIDE_BLANK, as the samples were measured.
OPEN_BLANK = 0.25
# Two lines of a cell begin at its margin when their ink starts this much of an em apart or less
# (a glyph's side bearings differ by less); the lines of a centred cell ("市县" / "（区）" / "级")
# start half an em apart or more, and give no margin to measure a bracket from.
ALIGNED = 0.25
FULL_DIGIT_PITCH = 0.75  # digits this far apart (x the ideographs' pitch) are printed full-width
FULL_WIDTH_OFFSET = 0xFEE0  # "1" + this = "１"
# A column of a line has ink when at least this many of its pixels do: a JPEG's specks beside
# a glyph are single pixels, and a lone one would fill the blank beside a sign.
MIN_INK_COLUMN = 2
# The print's tone is that of the page's darkest pixels: glyphs and rules cover a few percent of
# a list's page (4-9 % on the samples), so the darkest 1 % is solid print, not its edges.
PRINT_PERCENTILE = 1
# A blank this much of a box's height inside it, where the recogniser did not place the
# glyphs, parts two pieces of text the detector joined (a serial "10" and the name beside
# it): wider than any gap within or between the glyphs of one line (about a tenth of it).
PIECE_BLANK = 0.5
# A gap between two Latin letters or digits the recogniser read with no space between them is
# closed when narrower than this many font sizes: its glyph places are coarse (one step of its
# output is a sixth of the box's height: "20 19" would get a word space), while a gap between
# two columns the detector joined is wider than an em.
CLOSED_GAP = 0.6
# Words. An ideograph the recogniser read with less probability than this is weighed against
# its other readings, and the dictionary decides: on the samples the misread "漱" of "道歉" had
# 0.34-0.61 (歉 next), right readings with a rival as low as 0.47 (徇 of 徇私, 询 next); the
# misreads of ideographs seen all had less than 0.7.
UNSURE_GLYPH = 0.7
# An other reading at least this probable may be chosen (the right "歉" had 0.17-0.31; below a
# tenth come shapes that merely share a stroke).
OTHER_READING = 0.1

_engine: Any = None


def mode() -> str:
    return ocr_settings.mode


# --------------------------------------------------------------------------
# What the OCR path found on a page (the blocks, and for `inspect` the geometry)


@dataclass
class TextBox:
    text: str
    confidence: float
    bbox: BBox  # in PDF points on the deskewed page
    spans: list[tuple[float, float]] | None = None  # each glyph's x0, x1 (spaces left out), when known
    layout: list[tuple[float, float]] | None = (
        None  # without spans: glyphs placed over the box's inked pieces
    )
    readings: Readings = field(default_factory=dict)  # glyph index (spaces left out) -> other readings


@dataclass
class OcrPage:
    blocks: list[Block]
    n_chars: int
    image: Gray | None  # the deskewed grayscale page (None: it could not be rendered)
    scale: float  # PDF points per pixel
    skew: float  # degrees turned back
    boxes: list[TextBox] = field(default_factory=list)
    rules: list[BBox] = field(default_factory=list)  # each rule found, in points


# --------------------------------------------------------------------------
# 1. Images


def read(path: Path) -> Document:
    """An image file (PNG, JPEG, TIFF; a multi-page TIFF page by page) as one document."""
    if mode() == "off":
        raise InputError(path, "an image has no text layer; it needs OCR (--ocr off was given)")
    pages = load_image_pages(path)
    doc = Document(path=path, format="image", pages=len(pages))
    guess = pdf_reader.GuessState()
    blocks: list[Block] = []
    n_chars = 0
    for page_no, (gray, dpi) in enumerate(pages, start=1):
        try:
            page = ocr_image(gray, dpi, page_no, doc.warnings, guess)
        except OcrUnavailable as exc:
            raise InputError(path, f"an image has no text layer; {exc}") from None
        blocks.extend(page.blocks)
        n_chars += page.n_chars
        if ocr_settings.progress is not None:
            ocr_settings.progress(path, page_no, len(pages))
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
                gray = np.asarray(frame.convert("L"), dtype=np.uint8)
                pages.append((gray, image_dpi(frame.info.get("dpi"), gray.shape)))
    except UnidentifiedImageError:
        raise InputError(path, "not an image Pillow can read (corrupt, or not PNG/JPEG/TIFF)") from None
    except (OSError, ValueError) as exc:  # truncated data, decoder errors
        raise InputError(path, f"cannot decode the image ({exc})") from None
    return pages


def image_dpi(stated: Any, shape: tuple[int, ...]) -> float:
    """The resolution an image file states, when plausible for a scan; else the one that makes
    its long side an A4 page's (a photo says 72 dpi, or nothing)."""
    try:
        dpi = float(stated[0])
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if MIN_STATED_DPI <= dpi <= MAX_STATED_DPI:
        return dpi
    return max(shape) / A4_LONG_SIDE


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


def image_sizes(page: Any, path: Path, page_no: int) -> tuple[list[dict[str, Any]], float]:
    """The page's images with their pixel and printed sizes, and the page's width: pdfplumber's
    page has them; for the PDFium engine's page, pdfplumber reads this one page for them (a
    scanned page costs seconds of OCR; this, a few milliseconds)."""
    if hasattr(page, "pdf"):  # a pdfplumber page
        return list(page.images), float(page.width)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        plumber_page = pdf.pages[page_no - 1]
        return list(plumber_page.images), float(plumber_page.width)


def scan_dpi(page_width_pt: float, image_widths_px: list[float], page_images_pt: list[float]) -> float:
    """The resolution the page's largest image was scanned at, within MIN_DPI..MAX_DPI."""
    if not image_widths_px:
        return DEFAULT_DPI
    i = max(range(len(image_widths_px)), key=lambda k: page_images_pt[k])
    dpi = image_widths_px[i] / (page_images_pt[i] / POINTS_PER_INCH) if page_images_pt[i] else DEFAULT_DPI
    return float(min(max(dpi, MIN_DPI), MAX_DPI))


def ocr_pdf_page(page: Any, path: Path, page_no: int, warnings: list[Note], guess: Any) -> OcrPage:
    """OCR one PDF page (rendered again with pypdfium2 at its scan's resolution)."""
    images, page_width = image_sizes(page, path, page_no)
    widths_px = [float(im["srcsize"][0]) for im in images if im.get("srcsize")]
    widths_pt = [float(im["width"]) for im in images if im.get("srcsize")]
    dpi = scan_dpi(page_width, widths_px, widths_pt)
    try:
        gray = render_pdf_page(path, page_no, dpi)
    except Exception as exc:  # pypdfium2 failing on a page pdfminer could read
        message = f"page {page_no}: could not be rendered for OCR ({type(exc).__name__}: {exc})"
        warnings.append(Problem("page-not-rendered", message, page=page_no))
        return OcrPage(blocks=[], n_chars=0, image=None, scale=1.0, skew=0.0)
    return ocr_image(gray, dpi, page_no, warnings, guess)


# --------------------------------------------------------------------------
# 2. Deskew


def ink_of(gray: Gray) -> Gray:
    """Dark pixels as 255 on 0, thresholded against the local background."""
    import cv2
    import numpy as np

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    return np.asarray(ink, dtype=np.uint8)


def as_gray(image: Any) -> Gray:
    import numpy as np

    return np.asarray(image, dtype=np.uint8)


def horizontal_rules(ink: Gray, dpi: float, length: float) -> Gray:
    import cv2

    gap = max(1, round(RULE_GAP * dpi))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, round(length * dpi)), 1))
    return without_text_lines(as_gray(cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel)), ink, dpi, across=0)


def vertical_rules(ink: Gray, dpi: float, length: float) -> Gray:
    import cv2

    gap = max(1, round(RULE_GAP * dpi))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(2, round(length * dpi))))
    return without_text_lines(as_gray(cv2.morphologyEx(closed, cv2.MORPH_OPEN, kernel)), ink, dpi, across=1)


def without_text_lines(rules: Gray, ink: Gray, dpi: float, across: int) -> Gray:
    """``rules`` less the runs that are a line of text: closing the short breaks of a scanned
    rule also bridges the gaps between the glyphs of a bold line ("实施清单事项名称"), whose
    strokes then pass for a rule. The ink along a rule has hardly a break; along a text line,
    one between glyph and glyph (:data:`RULE_BREAKS`). ``across``: 0 for horizontal rules
    (the ink is looked at across their rows), 1 for vertical ones."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    for label in range(1, n):
        x, y, w, h = (int(v) for v in stats[label, :4])
        inked: Any = (ink[y : y + h, x : x + w] > 0).any(axis=across)
        breaks = int((inked[:-1] & ~inked[1:]).sum())
        if breaks > RULE_BREAKS * len(inked) / dpi:
            rules[y : y + h, x : x + w][labels[y : y + h, x : x + w] == label] = 0
    return rules


def glyph_ink(ink: Gray, dpi: float, gray: Gray | None = None) -> Gray:
    """The ink without the rules, and (given the page's ``gray``) only as dark as print: blanks
    beside signs and between pieces of text are measured on it, since a line that touches a
    row's rule would have ink in every column, and a JPEG's ringing beside a dot is ink to the
    local threshold (a few levels under white paper) though no glyph's."""
    import cv2

    rules = cv2.bitwise_or(
        horizontal_rules(ink, dpi, RULE_MIN_LENGTH), vertical_rules(ink, dpi, RULE_MIN_LENGTH)
    )
    glyphs = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
    if gray is not None:
        glyphs = cv2.bitwise_and(glyphs, as_gray(gray < print_tone(gray)) * 255)
    return as_gray(glyphs)


def print_tone(gray: Gray) -> float:
    """Halfway from the paper's tone (the page's median: most of a page is paper) to the print's
    (its darkest :data:`PRINT_PERCENTILE`): ink lighter than this is a scan's noise."""
    import numpy as np

    paper = float(np.median(gray))
    ink = float(np.percentile(gray, PRINT_PERCENTILE))
    return (paper + ink) / 2


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
    angle = pdf_reader.median(angles)
    return angle if MIN_SKEW <= abs(angle) <= MAX_SKEW else 0.0


def rotate(gray: Gray, angle: float) -> Gray:
    import cv2

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(
        gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )
    return as_gray(turned)


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
        inside = [
            b
            for b in rule_boxes
            if b[0] >= x - 2 and b[2] <= x + w + 2 and b[1] >= y - 2 and b[3] <= y + h + 2
        ]
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
            raise OcrUnavailable(
                f"OCR is not installed ({exc.name} missing; pip install 'qingdan-extract[ocr]')"
            ) from exc
        if not dictionary.have_dictionary():
            raise OcrUnavailable("OCR is not installed (jieba missing; pip install 'qingdan-extract[ocr]')")
        _engine = RapidOCR()
        _engine.text_rec = ReadingsKept(_engine.text_rec)
    return _engine


Readings = dict[int, list[tuple[str, float]]]  # glyph index in the text → (reading, probability), best first


class ReadingsKept:
    """RapidOCR's text recogniser, each line it reads with its unsure ideographs' other readings
    (:func:`other_readings`).

    The recogniser's decoder is wrapped, so that the probabilities of every symbol at every
    step of a line are those of the very pass that read it: the recogniser reads lines in
    batches padded to the widest, and a line read alone may read otherwise."""

    def __init__(self, recogniser: Any) -> None:
        self.recogniser = recogniser
        self.lines: list[tuple[str, float, Readings]] = []
        recogniser.postprocess_op = ReadingsDecoder(recogniser.postprocess_op)

    def __call__(self, crops: Any, return_word_box: bool = False) -> Any:
        result = self.recogniser(crops, return_word_box)
        self.lines = [
            (str(line[0]), float(line[1]), line[-1] if isinstance(line[-1], dict) else {})
            for line in result[0]
        ]
        return result


class ReadingsDecoder:
    """RapidOCR's CTC decoder, each line decoded with its other readings appended."""

    def __init__(self, decoder: Any) -> None:
        self.decoder = decoder
        self.character = decoder.character

    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> list[Any]:
        lines = self.decoder(preds, return_word_box, **kwargs)
        return [
            (*line, other_readings(steps, self.character)) for steps, line in zip(preds, lines, strict=True)
        ]


def other_readings(steps: Any, symbols: list[str]) -> Readings:
    """For each ideograph of a line read with less probability than :data:`UNSURE_GLYPH`, the
    readings at its step at least :data:`OTHER_READING` probable, best first; ``steps`` is the
    recogniser's output for the line (step × symbol, symbol 0 the CTC blank). The glyphs are
    those the decoder emits: a step's best symbol when it is no blank and not the step
    before's."""
    best = steps.argmax(axis=1)
    emitted = [t for t in range(len(best)) if best[t] != 0 and (t == 0 or best[t] != best[t - 1])]
    out: Readings = {}
    for i, t in enumerate(emitted):
        if steps[t][best[t]] >= UNSURE_GLYPH or not is_ideograph(symbols[best[t]]):
            continue
        order = steps[t].argsort()[::-1]
        out[i] = [
            (symbols[k], float(steps[t][k])) for k in order[:5] if k != 0 and steps[t][k] >= OTHER_READING
        ]
    return out


def is_ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def chosen_words(text: str, readings: Readings) -> tuple[str, list[tuple[int, str, str]]]:
    """``text`` with each unsure ideograph that makes no word with its neighbours read as the
    likeliest other reading that does (:func:`lexicon.dictionary.is_word`), and what changed:
    (index, read, chosen)."""
    glyphs = list(text)
    changes = []
    for i, options in sorted(readings.items()):
        if not options or makes_word(glyphs, i, glyphs[i]):
            continue
        for reading, _ in options:
            if reading != glyphs[i] and is_ideograph(reading) and makes_word(glyphs, i, reading):
                changes.append((i, glyphs[i], reading))
                glyphs[i] = reading
                break
    return "".join(glyphs), changes


def words_in_cells(chars: list[pdf_reader.PdfObj], grids: list[pdf_reader.Grid]) -> list[Chosen]:
    """Each unsure ideograph's reading chosen (:func:`chosen_words`) among the glyphs of its
    cell in reading order, so that a word wrapped across two lines ("公开道" / "歉、取消") is
    seen whole; outside the tables, among those of its visual line. The chars chosen are
    changed in place; returned with the text they were chosen in."""
    by_cell, outside = pdf_reader.assign_chars(chars, grids)
    runs = [[c for line in pdf_reader.cluster_lines(cell) for c in line] for cell in by_cell.values()]
    runs += pdf_reader.cluster_lines(outside)
    chosen: list[Chosen] = []
    for run in runs:
        readings = {i: c["readings"] for i, c in enumerate(run) if c.get("readings")}
        if not readings or any(len(c["text"]) != 1 for c in run):
            continue
        text = "".join(c["text"] for c in run)
        _, changes = chosen_words(text, readings)
        for i, was, now in changes:
            run[i]["text"] = now
            chosen.append((run[i], text, i, was))
    return chosen


def makes_word(glyphs: list[str], i: int, reading: str) -> bool:
    """Whether ``reading`` at ``i`` makes a dictionary word with the ideographs beside it."""
    for length in dictionary.WORD_LENGTHS:
        for start in range(max(0, i - length + 1), min(i, len(glyphs) - length) + 1):
            word = "".join(reading if k == i else glyphs[k] for k in range(start, start + length))
            if all(is_ideograph(c) for c in word) and dictionary.is_word(word):
                return True
    return False


class OcrUnavailable(Exception):
    pass


def read_page_text(gray: Gray) -> list[tuple[Any, Readings]]:
    """RapidOCR's answer for the page, [quad, text, score, glyph quads, ...] per text box, with
    the box's unsure ideographs' other readings."""
    ocr = engine()
    result, _ = ocr(gray, use_cls=False, return_word_box=True)
    entries = list(result or [])
    lines = [
        line for line in ocr.text_rec.lines if line[1] >= ocr.text_score
    ]  # as RapidOCR filters its answer
    if len(lines) != len(entries) or any(
        str(e[1]) != line[0] for e, line in zip(entries, lines, strict=True)
    ):
        lines = [("", 0.0, {}) for _ in entries]
    return [(entry, line[2]) for entry, line in zip(entries, lines, strict=True)]


def recognise(
    gray: Gray, ink: Gray, cells: list[BBox] | None = None, readings: dict[PixelBox, Readings] | None = None
) -> list[Found]:
    """(x0, y0, x1, y1) in pixels, text, confidence and each glyph's x-extent (when the
    recogniser placed every glyph) of each text box on the page, signs set to the width
    printed (:func:`printed_widths`); ``cells`` (pixels) give each line's left margin. The
    other readings of a box's unsure ideographs go into ``readings`` (glyph indices with the
    spaces left out)."""
    raw: list[Found] = []
    for entry, others in read_page_text(gray):
        quad, text, score = entry[0], str(entry[1]), float(entry[2])
        if not text.strip():
            continue
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        box = (min(xs), min(ys), max(xs), max(ys))
        glyphs = entry[3] if len(entry) > 3 else None
        spans = None
        if glyphs is not None and len(glyphs) == sum(1 for c in text if not c.isspace()):
            spans = [(float(min(p[0] for p in g)), float(max(p[0] for p in g))) for g in glyphs]
        raw.append((box, text, score, spans))
        if others and readings is not None:
            glyph_no = list(itertools.accumulate(0 if c.isspace() else 1 for c in text))
            readings[box] = {glyph_no[i] - 1: options for i, options in others.items()}
    margins = line_margins(raw, cells or [], ink)
    unmeasured: dict[int, list[int]] = {}
    found = [
        (
            box,
            printed_widths(text, spans, box, ink, margins.get(i), unmeasured.setdefault(i, [])),
            score,
            spans,
        )
        if spans
        else (box, text, score, spans)
        for i, (box, text, score, spans) in enumerate(raw)
    ]
    return numbers_across_lines(widths_of_the_cell(found, unmeasured, cells or []), cells or [])


def numbers_across_lines(found: list[Found], cells: list[BBox]) -> list[Found]:
    """A lone digit ending a line has no pitch to measure (:func:`full_width_digits` needs
    two): it takes the width of the digits the next line of its cell begins with, since a
    number the line's wrap cuts ("…以上５" / "０００元") is printed in one width."""
    by_cell: dict[int, list[int]] = {}
    for i, (box, *_) in enumerate(found):
        k = cell_index(box, cells)
        if k is not None:
            by_cell.setdefault(k, []).append(i)
    out = list(found)
    for members in by_cell.values():
        order = sorted(members, key=lambda i: (found[i][0][1], found[i][0][0]))
        for i, j in itertools.pairwise(order):
            text, following = found[i][1], found[j][1].lstrip()
            lone = len(text) >= 2 and text[-1].isascii() and text[-1].isdigit() and not text[-2].isdigit()
            if lone and following[:1].isdigit() and not following[:1].isascii():
                box, _, score, spans = found[i]
                out[i] = (box, text[:-1] + chr(ord(text[-1]) + FULL_WIDTH_OFFSET), score, spans)
    return out


def widths_of_the_cell(
    found: list[Found], unmeasured: dict[int, list[int]], cells: list[BBox]
) -> list[Found]:
    """A sign whose width could not be measured (one ending a line, or before an opening
    bracket) takes the width of the nearest measured sign of its cell, in reading order: a
    passage is typed in one style, and a list that mixes both widths mixes them from item to
    item or from one quoted text to the next ("平台,\n对其" after mid-line signs printed
    half-width). Outside a cell, the box's own measured signs count; with none, the sign
    keeps the recogniser's reading. Brackets are left to their pairs."""
    groups: dict[tuple[str, int], list[int]] = {}
    for i, (box, *_) in enumerate(found):
        k = cell_index(box, cells)
        groups.setdefault(("cell", k) if k is not None else ("box", i), []).append(i)
    out = list(found)
    for key, members in groups.items():
        if not any(unmeasured.get(i) for i in members):
            continue
        order = sorted(members, key=lambda i: (found[i][0][1], found[i][0][0]))
        signs: list[tuple[int, int, bool]] = []  # (box, glyph, measured) of each sign, in reading order
        for i in order:
            skip = set(unmeasured.get(i, []))
            signs.extend(
                (i, g, g not in skip and found[i][3] is not None)
                for g, c in enumerate(found[i][1])
                if c in CELL_STYLED
            )
        measured = [n for n, (_, _, m) in enumerate(signs) if m]
        row_style = None if measured else style_of_the_row(key, groups, found, unmeasured, cells)
        if not measured and row_style is None:
            continue
        texts = {i: list(found[i][1]) for i in members}
        for n, (i, g, m) in enumerate(signs):
            if m:
                continue
            if measured:
                nearest = min(measured, key=lambda k: (abs(k - n), k > n))
                j, h, _ = signs[nearest]
                full = is_wide(found[j][1][h])
            else:
                full = bool(row_style)
            texts[i][g] = AMBIGUOUS[texts[i][g]][1 if full else 0]
        for i in members:
            box, _, score, spans = found[i]
            out[i] = (box, "".join(texts[i]), score, spans)
    return out


def style_of_the_row(
    key: tuple[str, int],
    groups: dict[tuple[str, int], list[int]],
    found: list[Found],
    unmeasured: dict[int, list[int]],
    cells: list[BBox],
) -> bool | None:
    """For a cell with no measured sign (the rest of a cell cut by a page break): whether most
    measured signs in the other cells of its row are full-width (None: no majority). An
    item is typed in one style more often than not."""
    if key[0] != "cell":
        return None
    middle = (cells[key[1]][1] + cells[key[1]][3]) / 2
    full = half = 0
    for (kind, k), members in groups.items():
        if kind != "cell" or k == key[1] or not cells[k][1] <= middle < cells[k][3]:
            continue
        for i in members:
            skip = set(unmeasured.get(i, []))
            for g, c in enumerate(found[i][1]):
                if c in CELL_STYLED and g not in skip and found[i][3] is not None:
                    full, half = full + is_wide(c), half + (not is_wide(c))
    return None if full == half else full > half


def cell_index(box: PixelBox, cells: list[BBox]) -> int | None:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return next((k for k, c in enumerate(cells) if c[0] <= x < c[2] and c[1] <= y < c[3]), None)


def ink_start(ink: Gray, box: PixelBox, x: float) -> int | None:
    """The first column with ink on the box's line from ``x`` (a little before it) on."""
    y0, y1 = int(box[1]), int(box[3]) + 1
    start = max(0, int(x) - 2)
    columns = ink[y0:y1, start : int(box[2]) + 1].max(axis=0) > 0
    hits = columns.nonzero()[0]
    return start + int(hits[0]) if len(hits) else None


def line_margins(raw: list[Found], cells: list[BBox], ink: Gray) -> dict[int, float]:
    """For each box that opens with a bracket, where the blank before it begins: past the ink of
    the box before it on its line in its cell, when the detector cut the line there (at the
    wide blank of "》（"; less that sign's own blank, :data:`NEIGHBOUR_BLANK`); else where
    the ink of a line begins in its cell, the leftmost start of the cell's lines that open
    with an ideograph, when at least two of them begin there (:data:`ALIGNED`)."""
    margins: dict[int, float] = {}
    if not cells:
        return margins

    starts: dict[int, list[int]] = {}
    for box, text, _, spans in raw:
        first = text.lstrip()[:1]
        k = cell_index(box, cells)
        if k is None or not spans or unicodedata.category(first) != "Lo":
            continue
        edge = ink_start(ink, box, spans[0][0])
        if edge is not None:
            starts.setdefault(k, []).append(edge)
    for i, (box, text, _, spans) in enumerate(raw):
        k = cell_index(box, cells)
        if not spans or text.lstrip()[:1] not in "(（" or k is None:
            continue
        before = [
            j
            for j, other in enumerate(raw)
            if same_line_right(other[0], box) and cell_index(other[0], cells) == k
        ]
        if before:
            margin = blank_after(raw[max(before, key=lambda j: raw[j][0][2])], ink)
            if margin is not None:
                margins[i] = margin
                continue
        lines = starts.get(k, [])
        aligned = [x for x in lines if lines and x - min(lines) <= ALIGNED * em_of([], None, box)]
        if len(aligned) >= 2:  # a left-aligned cell; in a centred one no line begins at a margin
            margins[i] = float(min(lines))
    return margins


def blank_after(found: Found, ink: Gray) -> float | None:
    """Where the blank after a box's text begins: past its last ink, and past the blank a
    full-width sign ending it leaves on its right."""
    box, text, _, spans = found
    y0, y1 = int(box[1]), int(box[3]) + 1
    columns = ink[y0:y1, int(box[0]) : int(box[2]) + 1].max(axis=0) > 0
    hits = columns.nonzero()[0]
    if not len(hits):
        return None
    end = int(box[0]) + int(hits[-1]) + 1
    glyphs = [c for c in text if not c.isspace()]
    if glyphs and glyphs[-1] in BLANK_RIGHT:
        em = em_of(glyphs, spans, box)
        end += round(NEIGHBOUR_BLANK * em)
    return float(end)


PixelBox = tuple[float, float, float, float]
Found = tuple[PixelBox, str, float, list[tuple[float, float]] | None]  # box, text, score, glyph spans
Chosen = tuple[pdf_reader.PdfObj, str, int, str]  # a glyph, the text it was chosen in, its index, as read


def rejoin_split_boxes(gray: Gray, found: list[Found], rules: list[tuple[int, int, int, int]]) -> list[Found]:
    """Read again, as one line, a short box and the box just right of it on the same line.

    The detector cuts a line after a lone thin glyph ("一" of "一、行政处罚类") and the
    recogniser then drops the small sign between the pieces ("、"); the two boxes read as
    one crop give the whole line. Kept only when that reading is at least as sure and reads
    more than the two pieces: one that reads just what they did gains nothing and would lose
    the places of their glyphs (with which signs are measured and a column gap is kept: a
    serial "10" beside its name in a table without rules)."""
    ordered = sorted(found, key=lambda f: (f[0][0], f[0][1]))
    used: set[int] = set()
    out: list[Found] = []
    for i, (box, text, score, spans) in enumerate(ordered):
        if i in used:
            continue
        partner = None
        if len(text) <= SHORT_BOX:
            partner = next(
                (
                    j
                    for j, (other, *_) in enumerate(ordered)
                    if j not in used
                    and j != i
                    and same_line_right(box, other)
                    and not rule_between(box, other, rules)
                ),
                None,
            )
        if partner is None:
            out.append((box, text, score, spans))
            continue
        other, other_text, other_score, _ = ordered[partner]
        union = (box[0], min(box[1], other[1]), other[2], max(box[3], other[3]))
        reread = recognise_line(gray, union)
        if (
            reread is not None
            and reread[1] >= min(score, other_score)
            and len(reread[0]) >= len(text + other_text)
            and squashed(reread[0]) != squashed(text + other_text)
        ):
            used.add(partner)
            out.append((union, reread[0], reread[1], None))
        else:
            out.append((box, text, score, spans))
    return out


def squashed(text: str) -> str:
    return "".join(text.split())


def same_line_right(box: PixelBox, other: PixelBox) -> bool:
    height = box[3] - box[1]
    overlap = min(box[3], other[3]) - max(box[1], other[1])
    gap = other[0] - box[2]
    return overlap > SAME_LINE_OVERLAP * height and -height / 2 < gap < SPLIT_GAP * height


def rule_between(box: PixelBox, other: PixelBox, rules: list[tuple[int, int, int, int]]) -> bool:
    mid = (box[1] + box[3]) / 2
    return any(
        r[3] - r[1] > r[2] - r[0] and box[2] - 2 <= (r[0] + r[2]) / 2 <= other[0] + 2 and r[1] <= mid <= r[3]
        for r in rules
    )


def recognise_line(gray: Gray, box: PixelBox) -> tuple[str, float] | None:
    pad = round((box[3] - box[1]) * 0.1)
    x0, y0 = max(0, int(box[0]) - pad), max(0, int(box[1]) - pad)
    crop = gray[y0 : int(box[3]) + pad, x0 : int(box[2]) + pad]
    result, _ = engine()(crop, use_det=False, use_cls=False)
    if not result:
        return None
    text, score = result[0][0], result[0][1]
    return (str(text), float(score)) if str(text).strip() else None


def printed_widths(
    text: str,
    spans: list[tuple[float, float]],
    box: PixelBox,
    ink: Gray,
    margin: float | None = None,
    unmeasured: list[int] | None = None,
) -> str:
    """Each ambiguous sign ("(" or "（", ";" or "；" …) as wide as it is printed, from the blank
    on its open side: a full-width sign fills a CJK glyph's cell, its ink to one side, so more
    than WIDE_BLANK of an em lies empty between it and its neighbour (for a
    bracket opening a line: the ``margin`` where the cell's lines begin). A sign whose open
    side is the end of its box keeps its reading; a bracket follows its other half when only
    that one could be measured, and is full-width when neither could and they were read
    one half- and one full-width. The index of each other sign not measured is added to
    ``unmeasured`` (the text returned has no spaces)."""
    y0, y1 = int(box[1]), int(box[3]) + 1
    profile = (ink[y0:y1, :] > 0).sum(axis=0) >= MIN_INK_COLUMN  # columns with ink on this line
    height = box[3] - box[1]
    glyphs = [c for c in text if not c.isspace()]
    em = em_of(glyphs, spans, box)
    decided: dict[int, bool] = {}  # glyph index -> full-width
    for i, c in enumerate(glyphs):
        if c not in AMBIGUOUS:
            continue
        a, b = int(spans[i][0]), int(spans[i][1])
        if c in "(（":
            edge = next((x for x in range(a - 2, b + 1) if 0 <= x < len(profile) and profile[x]), None)
            if edge is None:
                continue
            if i == 0:  # opening a line: measured from where the cell's other lines begin
                blank = int(edge - margin) if margin is not None and edge >= margin else None
                if blank is not None and blank > height:
                    continue  # the box begins mid-line (the detector cut the line there)
            else:
                stop = int(spans[i - 1][0])
                blank = next((edge - x - 1 for x in range(edge - 1, stop - 1, -1) if profile[x]), None)
                if blank is not None and glyphs[i - 1] in BLANK_RIGHT:
                    # "》(": the neighbour's own cell leaves its right half blank as well
                    blank -= round(NEIGHBOUR_BLANK * em)
        else:
            if i == len(glyphs) - 1 or glyphs[i + 1] in BLANK_LEFT:
                if unmeasured is not None:
                    unmeasured.append(i)
                continue
            edge = sign_ink_end(profile, a, b)
            stop = int(spans[i + 1][1])
            if edge is None:
                if unmeasured is not None:
                    unmeasured.append(i)
                continue
            blank = next(
                (x - edge - 1 for x in range(edge + 1, min(stop + 1, len(profile))) if profile[x]), None
            )
        if blank is not None:
            after_sign = i > 0 and glyphs[i - 1] in BLANK_RIGHT  # "：(": its blank weighed as a sign's
            decided[i] = blank > (OPEN_BLANK if c in "(（" and not after_sign else WIDE_BLANK) * em
        elif unmeasured is not None and c in CELL_STYLED:
            unmeasured.append(i)
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    for i, c in enumerate(glyphs):
        if c in "(（":
            opened.append(i)
        elif c in ")）" and opened:
            pairs.append((opened.pop(), i))
    for j, i in pairs:
        if j in decided and i not in decided:
            decided[i] = decided[j]
        elif i in decided and j not in decided:
            decided[j] = decided[i]
        elif i not in decided and j not in decided and (glyphs[j] == "（") != (glyphs[i] == "）"):
            decided[i] = decided[j] = True  # read one of each, neither measurable: as most lists print
    out = list(glyphs)
    for i, full in decided.items():
        out[i] = AMBIGUOUS[out[i]][1] if full else AMBIGUOUS[out[i]][0]
    for i in full_width_digits(glyphs, spans):
        out[i] = chr(ord(out[i]) + FULL_WIDTH_OFFSET)
    return "".join(out)


def em_of(glyphs: list[str], spans: list[tuple[float, float]] | None, box: PixelBox) -> float:
    """A box's em in pixels: the pitch of its ideographs, or else the font size its height gives."""
    return (ideograph_pitch(glyphs, spans) if spans else None) or (box[3] - box[1]) * FONT_OF_BOX


def ideograph_pitch(glyphs: list[str], spans: list[tuple[float, float]]) -> float | None:
    """The median distance between the centres of two ideographs following each other in a box."""
    centres = [(a + b) / 2 for a, b in spans]
    pitch = [
        centres[i + 1] - centres[i]
        for i in range(len(glyphs) - 1)
        if unicodedata.category(glyphs[i]) == "Lo" and unicodedata.category(glyphs[i + 1]) == "Lo"
    ]
    return pdf_reader.median(pitch) if len(pitch) >= 2 else None


def sign_ink_end(profile: Any, a: int, b: int) -> int | None:
    """The last inked column of the sign the recogniser placed over columns a..b: of the runs
    of ink there, the one nearest the middle. The recogniser's span is loose by a few pixels
    either way and may reach into the next glyph, whose ink is no part of the sign (a comma,
    colon or semicolon is one run of ink across)."""
    runs: list[tuple[int, int]] = []
    for x in range(max(0, a - 2), min(len(profile), b + 3)):
        if profile[x]:
            if runs and runs[-1][1] == x - 1:
                runs[-1] = (runs[-1][0], x)
            else:
                runs.append((x, x))
    if not runs:
        return None
    middle = (a + b) / 2
    return min(runs, key=lambda r: abs((r[0] + r[1]) / 2 - middle))[1]


def full_width_digits(glyphs: list[str], spans: list[tuple[float, float]]) -> list[int]:
    """Indices of the digits printed full-width ("１０００"): runs of two or more whose glyphs
    follow each other at nearly the pitch of the box's ideographs (half-width ones at half)."""
    centres = [(a + b) / 2 for a, b in spans]
    cjk_pitch = [
        centres[i + 1] - centres[i]
        for i in range(len(glyphs) - 1)
        if unicodedata.category(glyphs[i]) == "Lo" and unicodedata.category(glyphs[i + 1]) == "Lo"
    ]
    if len(cjk_pitch) < 2:
        return []
    em = pdf_reader.median(cjk_pitch)
    found: list[int] = []
    i = 0
    while i < len(glyphs):
        j = i
        while j < len(glyphs) and glyphs[j].isascii() and glyphs[j].isdigit():
            j += 1
        if (
            j - i >= 2
            and pdf_reader.median(centres[k + 1] - centres[k] for k in range(i, j - 1))
            > FULL_DIGIT_PITCH * em
        ):
            found.extend(range(i, j))
        i = max(j, i + 1)
    return found


# Full-width signs whose ink leaves their cell's right (left) half blank.
BLANK_RIGHT = frozenset("》」』）】〕，。；：、！？")
BLANK_LEFT = frozenset("《「『（【〔")

# Signs printed half- or full-width: (half, full) by either form.
_SIGN_PAIRS = [("(", "（"), (")", "）"), (",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！")]
AMBIGUOUS = {form: pair for pair in _SIGN_PAIRS for form in pair}
CELL_STYLED = frozenset(",，;；:：?？!！")  # signs an unmeasured one follows its cell's style in


# Half-width signs and the full-width forms Chinese text prints them in.
FULL_WIDTH = {"(": "（", ")": "）", ",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def as_printed(text: str) -> str:
    """Full-width punctuation where Chinese text prints it. The recogniser often reads a
    printed "（" or "；" as "(" or ";" (the glyphs differ only in the blank beside them), so
    a half-width sign next to a CJK character is taken as full-width, as most lists print
    it, and so is the other half of a bracket pair one of whose halves is full-width.
    Between digits or Latin letters ("12:30", "a,b") signs stay as read."""
    chars = list(text)
    for i, c in enumerate(chars):
        if c in FULL_WIDTH:
            before = chars[i - 1] if i > 0 else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if is_wide(before) or is_wide(after):
                chars[i] = FULL_WIDTH[c]
    opened: list[int] = []
    for i, c in enumerate(chars):
        if c in "(（":
            opened.append(i)
        elif c in ")）" and opened:
            j = opened.pop()
            if "（" in (chars[j], "（" if c == "）" else ""):
                chars[j], chars[i] = "（", "）"
    return "".join(chars)


# The year of a document number ("国办发〔2019〕35号") is printed in tortoise-shell brackets
# (GB/T 9704-2012, 7.2.4), whose shape lies between the square and the round bracket: the
# recogniser reads either half as "[", "(", "【" or "）". A year's two brackets read as two
# different shapes are that pair; both read alike are kept (a list may print "[2018]").
BRACKET_SHAPE = {"(": "round", "（": "round", ")": "round", "）": "round", "[": "square", "［": "square"}
BRACKET_SHAPE |= {"]": "square", "］": "square", "【": "lenticular", "】": "lenticular"}
BRACKET_SHAPE |= {"〔": "tortoise", "〕": "tortoise"}
_YEAR_IN_BRACKETS = re.compile(r"([(（\[［【〔])((?:19|20)\d\d)([)）\]］】〕])")


def document_number_years(text: str) -> str:
    """A year between two brackets of different shapes as the tortoise-shell pair "〔2019〕"."""

    def pair(m: re.Match[str]) -> str:
        same = BRACKET_SHAPE[m.group(1)] == BRACKET_SHAPE[m.group(3)]
        return m.group(0) if same else f"〔{m.group(2)}〕"

    return _YEAR_IN_BRACKETS.sub(pair, text)


def is_wide(char: str) -> bool:
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def glyph_width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else NARROW


def box_chars(
    bbox: BBox, text: str, spans: list[tuple[float, float]] | None = None, readings: Readings | None = None
) -> list[pdf_reader.PdfObj]:
    """One pseudo character per glyph of a text box, in the shape the PDF reader's chars
    have: where the recogniser placed each glyph (``spans``), or else spread over the box's
    width (CJK glyphs twice as wide as Latin ones). An unsure glyph's char carries its
    ``readings``."""
    chars = placed_chars(bbox, text, spans)
    for i, options in (readings or {}).items():
        if i < len(chars):
            chars[i]["readings"] = options
    return chars


def placed_chars(bbox: BBox, text: str, spans: list[tuple[float, float]] | None) -> list[pdf_reader.PdfObj]:
    x0, top, x1, bottom = bbox
    size = (bottom - top) * FONT_OF_BOX
    if spans is not None and sum(1 for c in text if not c.isspace()) == len(spans):
        return chars_on_spans(text, spans, top, bottom, size)
    units = sum(glyph_width(c) for c in text) or 1.0
    step = (x1 - x0) / units
    chars: list[pdf_reader.PdfObj] = []
    x = x0
    for c in text:
        w = glyph_width(c) * step
        if not c.isspace():
            chars.append({"text": c, "x0": x, "x1": x + w, "top": top, "bottom": bottom, "size": size})
        x += w
    return chars


def chars_on_spans(
    text: str, spans: list[tuple[float, float]], top: float, bottom: float, size: float
) -> list[pdf_reader.PdfObj]:
    """The glyphs where the recogniser placed them; two Latin ones it read with no space
    between them closed up (:data:`CLOSED_GAP`)."""
    glyphs = [c for c in text if not c.isspace()]
    places = [(a, max(b, a + 0.1)) for a, b in spans]
    space_after: list[bool] = []  # per glyph: the recogniser read a space after it
    for c in text:
        if not c.isspace():
            space_after.append(False)
        elif space_after:
            space_after[-1] = True
    for k in range(len(places) - 1):
        latin = not pdf_reader.is_cjk(glyphs[k]) and not pdf_reader.is_cjk(glyphs[k + 1])
        (a, b), after = places[k], places[k + 1][0]
        if latin and not space_after[k] and after - b < CLOSED_GAP * size:
            places[k] = (a, max(b, after))
    return [
        {"text": c, "x0": a, "x1": b, "top": top, "bottom": bottom, "size": size}
        for c, (a, b) in zip(glyphs, places, strict=True)
    ]


# --------------------------------------------------------------------------
# 5. A page


def ocr_image(gray: Gray, dpi: float, page_no: int, warnings: list[Note], guess: Any) -> OcrPage:
    """OCR one grayscale page image scanned at ``dpi`` into blocks (coordinates in points)."""
    angle = skew_angle(ink_of(gray), dpi)
    if angle:
        gray = rotate(gray, angle)
    ink = ink_of(gray)
    scale = POINTS_PER_INCH / dpi
    cell_boxes, rule_boxes = find_tables(ink, dpi)
    ink = glyph_ink(ink, dpi, gray)
    readings: dict[PixelBox, Readings] = {}
    try:
        found = rejoin_split_boxes(
            gray, recognise(gray, ink, [c for t in cell_boxes for c in t], readings), rule_boxes
        )
    except OcrUnavailable:
        raise
    except Exception as exc:  # onnxruntime on a degenerate image
        warnings.append(
            Problem("ocr-failed", f"page {page_no}: OCR failed ({type(exc).__name__}: {exc})", page=page_no)
        )
        found = []
    boxes = [
        TextBox(
            text=document_number_years(text if spans is not None else as_printed(text)),
            confidence=score,
            bbox=scaled(box, scale),
            spans=scaled_spans(spans, scale),
            layout=None if spans is not None else scaled_spans(ink_layout(text, box, ink), scale),
            readings=readings.get(box, {}),
        )
        for box, text, score, spans in found
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
    chars = [c for box in boxes for c in box_chars(box.bbox, box.text, box.spans or box.layout, box.readings)]
    page.n_chars = len(chars)
    chosen = words_in_cells(chars, grids)
    page.blocks = blocks_of(chars, grids, page_no, guess)
    warn_low_confidence(boxes, grids, page_no, warnings)
    for char, text, i, was in chosen:
        where = place_on_page((char["x0"], char["top"], char["x1"], char["bottom"]), grids)
        message = (
            f"page {page_no}: OCR read {text[max(0, i - 3) : i] + was + text[i + 1 : i + 4]!r}; {was!r} "
            f"taken as {char['text']!r}, which makes a word ({where})"
        )
        warnings.append(Problem("ocr-word-chosen", message, page=page_no))
    return page


def scaled_spans(spans: list[tuple[float, float]] | None, scale: float) -> list[tuple[float, float]] | None:
    return [(a * scale, b * scale) for a, b in spans] if spans is not None else None


def ink_layout(text: str, box: PixelBox, ink: Gray) -> list[tuple[float, float]] | None:
    """Where the glyphs of a box the recogniser did not place lie, when its ink falls into
    pieces parted by a blank wider than PIECE_BLANK of its height: the detector joined two
    pieces of text across a column gap (a two-digit serial and the name beside it), which
    the recogniser reads as one string. Each glyph goes to the piece its place in the
    string falls in (glyph widths as :func:`glyph_width` counts them, the pieces' inked
    widths adding up to the string's), spread over that piece. None when the ink is one
    piece, or the string does not divide over the pieces (a piece would get no glyph)."""
    x0, x1 = max(0, int(box[0])), int(box[2]) + 1
    columns = ink[int(box[1]) : int(box[3]) + 1, x0:x1].max(axis=0) > 0
    inked = columns.nonzero()[0]
    if len(inked) < 2:
        return None
    blank = PIECE_BLANK * (box[3] - box[1])
    pieces: list[list[int]] = [[int(inked[0]), int(inked[0])]]
    for x in inked[1:]:
        if x - pieces[-1][1] - 1 > blank:
            pieces.append([int(x), int(x)])
        else:
            pieces[-1][1] = int(x)
    if len(pieces) < 2:
        return None
    glyphs = [c for c in text if not c.isspace()]
    units = [glyph_width(c) for c in glyphs]
    per_unit = sum(b - a + 1 for a, b in pieces) / (sum(units) or 1.0)
    ends = list(itertools.accumulate((b - a + 1) / per_unit for a, b in pieces))
    owner: list[int] = []
    at = 0.0
    for u in units:
        middle = at + u / 2
        owner.append(next((k for k, end in enumerate(ends) if middle <= end), len(pieces) - 1))
        at += u
    if set(owner) != set(range(len(pieces))):
        return None
    spans: list[tuple[float, float]] = []
    for k, (a, b) in enumerate(pieces):
        mine = [u for u, o in zip(units, owner, strict=True) if o == k]
        step = (b + 1 - a) / sum(mine)
        x = float(a)
        for u in mine:
            spans.append((x0 + x, x0 + x + u * step))
            x += u * step
    return spans


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
    placed: list[tuple[float, Block]] = []
    for grid in grids:
        placed.append((grid.bbox[1], pdf_reader.grid_to_table(grid, by_cell, page_no)))
    lines = pdf_reader.cluster_lines(outside)
    if grids:
        guess.columns = None
    else:
        guessed, lines = pdf_reader.guess_table(lines, page_no, guess)
        if guessed is not None and guessed.bbox is not None:
            placed.append((guessed.bbox[1], guessed))
    for _, table in placed:
        for row in table.rows if isinstance(table, Table) else []:
            for cell in row.cells:
                cell.lines = nested_titles(cell.lines)
    body_size = pdf_reader.median(pdf_reader.char_size(c) for c in chars)
    for line in lines:
        text = "".join(
            nested_titles(matched_brackets([pdf_reader.join_chars(line, wide_gap=pdf_reader.TEXT_GAP)]))
        )
        if text:
            heading = (
                pdf_reader.median(pdf_reader.char_size(c) for c in line)
                >= pdf_reader.HEADING_SIZE * body_size
            )
            placed.append((min(c["top"] for c in line), TextLine(text=text, page=page_no, heading=heading)))
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed]


def nested_titles(lines: list[str]) -> list[str]:
    """Title marks as GB/T 15834 (4.15) prescribes them: a title inside a title is marked with
    single marks ("《实施〈条例〉办法》"), a title not inside one with double marks. The recogniser
    tells 〈〉 from 《》 by a stroke, and reads them as each other. A pair is taken as its depth
    says only when both halves are in the cell (a cell cut by a page break may hold one); a
    pair not inside one keeps its marks when they agree (a list may print single ones alone)."""
    text = list("\n".join(lines))
    opened: list[int] = []
    closes: dict[int, int] = {}  # open -> its close
    inside: dict[int, int] = {}  # open -> the open of the title it is in
    for i, c in enumerate(text):
        if c in "《〈":
            if opened:
                inside[i] = opened[-1]
            opened.append(i)
        elif c in "》〉" and opened:
            closes[opened.pop()] = i
    for j, i in closes.items():
        if j in inside and inside[j] in closes:  # in a title whose both halves are here too
            text[j], text[i] = "〈", "〉"
        elif j not in inside and (text[j] == "《") != (text[i] == "》"):  # one of each, in no title
            text[j], text[i] = "《", "》"
    return "".join(text).split("\n") if lines else lines


def matched_brackets(lines: list[str]) -> list[str]:
    """A bracket pair on a line outside the table (a title's "（共7类、45项）") read one half- and
    one full-width takes the form of its opening half: the closing one ends the line, where its
    width cannot be seen. (Not in cells: lists that mix both widths do so within a cell.)"""
    text = list("\n".join(lines))
    opened: list[int] = []
    for i, c in enumerate(text):
        if c in "(（":
            opened.append(i)
        elif c in ")）" and opened:
            j = opened.pop()
            text[i] = "）" if text[j] == "（" else ")"
    return "".join(text).split("\n") if lines else lines


def warn_low_confidence(
    boxes: list[TextBox], grids: list[pdf_reader.Grid], page_no: int, warnings: list[Note]
) -> None:
    for box in boxes:
        if box.confidence >= MIN_CONFIDENCE:
            continue
        where = place_on_page(box.bbox, grids)
        message = f"page {page_no}: OCR is unsure of {box.text!r} ({where}; confidence {box.confidence:.2f})"
        warnings.append(Problem("ocr-unsure", message, page=page_no))


def place_on_page(bbox: BBox, grids: list[pdf_reader.Grid]) -> str:
    """Where a box's centre is: "table t, row r, column c" or "outside the table"."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for t, grid in enumerate(grids, start=1):
        if pdf_reader.inside(x, y, grid.bbox):
            row, col = grid.position(x, y)
            return f"table {t}, row {row + 1}, column {col + 1}"
    return "outside the table"


def tables_of(page: OcrPage) -> list[Table]:
    return [b for b in page.blocks if isinstance(b, Table)]


# --------------------------------------------------------------------------
# The PDF reader's hook


def wants(page: Any) -> bool:
    """Whether the PDF reader should OCR this pdfplumber page instead of reading its chars:
    always under ``force``; under ``auto`` when it has images and no visible character."""
    if mode() == "force":
        return True
    if mode() == "off":
        return False
    try:
        return bool(page.images) and not any(not c["text"].isspace() for c in page.chars)
    except Exception:  # a broken content stream: the PDF reader reports the page
        return False


def page_file(page: Any) -> tuple[Path, int]:
    """The file a page of either PDF engine comes from, and its number of pages."""
    if hasattr(page, "pdf"):  # pdfplumber
        return Path(page.pdf.stream.name), len(page.pdf.pages)
    return page.doc.path, page.doc.n_pages  # the PDFium engine's page


def read_pdf_page(page: Any, page_no: int, warnings: list[Note], guess: Any) -> tuple[list[Block], int]:
    path, n_pages = page_file(page)
    try:
        result = ocr_pdf_page(page, path, page_no, warnings, guess)
    except OcrUnavailable as exc:
        raise InputError(path, f"page {page_no} has no text layer; {exc}") from None
    if ocr_settings.progress is not None:
        ocr_settings.progress(path, page_no, n_pages)
    return result.blocks, result.n_chars


# --------------------------------------------------------------------------
# Drawing what the OCR path found (``inspect``)

RULE_COLOR = (0, 170, 255)
TABLE_COLOR = (0, 70, 255)
CELL_COLOR = (220, 0, 0)
MERGED_FILL = (255, 220, 0, 70)
BOX_COLOR = (0, 160, 0)
UNSURE_COLOR = (255, 120, 0)
ITEM_COLOR = (220, 0, 220)
HEADER_FILL = (0, 200, 255, 70)


def ocr_page_for_inspect(path: Path, page_no: int) -> OcrPage | None:
    """The OCR path's view of page ``page_no`` of a PDF or image, or None for a PDF page
    that is read from its text layer."""
    guess = pdf_reader.GuessState()
    warnings: list[Note] = []
    if path.suffix.lower() in IMAGE_SUFFIXES:
        pages = load_image_pages(path)
        if not 1 <= page_no <= len(pages):
            raise InputError(path, f"page {page_no} is out of range (the image has {len(pages)} pages)")
        gray, dpi = pages[page_no - 1]
        return ocr_image(gray, dpi, page_no, warnings, guess)
    with pdf_reader.opened(path) as pdf:
        page = pdf.pages[page_no - 1]
        if not wants(page):
            return None
        return ocr_pdf_page(page, path, page_no, warnings, guess)


def draw(page: OcrPage, out_png: Path, item_starts: list[BBox], headers: list[BBox]) -> None:
    """The deskewed page with the rules found (light blue), each table (blue) and cell (red,
    merged ones yellow), each text box (green; orange when OCR was unsure), header rows
    (cyan) and item starts (magenta)."""
    from PIL import Image, ImageDraw

    if page.image is None:
        raise ValueError("the page could not be rendered")
    base = Image.fromarray(page.image).convert("RGB")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    pen = ImageDraw.Draw(overlay)

    def px(b: BBox) -> tuple[float, float, float, float]:
        return (b[0] / page.scale, b[1] / page.scale, b[2] / page.scale, b[3] / page.scale)

    for rule in page.rules:
        pen.rectangle(px(rule), outline=RULE_COLOR, width=1)
    for table in tables_of(page):
        for row in table.rows:
            for cell in row.cells:
                if cell.covered_by is None and cell.bbox is not None:
                    merged = cell.rowspan > 1 or cell.colspan > 1
                    pen.rectangle(
                        px(cell.bbox), outline=CELL_COLOR, width=2, fill=MERGED_FILL if merged else None
                    )
        if table.bbox is not None:
            pen.rectangle(px(table.bbox), outline=TABLE_COLOR, width=4)
    for box in page.boxes:
        color = BOX_COLOR if box.confidence >= MIN_CONFIDENCE else UNSURE_COLOR
        pen.rectangle(px(box.bbox), outline=color, width=1)
    for bbox in headers:
        pen.rectangle(px(bbox), fill=HEADER_FILL)
    for bbox in item_starts:
        x0, y0, _, _ = px(bbox)
        pen.rectangle(px(bbox), outline=ITEM_COLOR, width=3)
        pen.ellipse((x0 - 6, y0 - 6, x0 + 6, y0 + 6), fill=ITEM_COLOR)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB").save(out_png, format="PNG")
