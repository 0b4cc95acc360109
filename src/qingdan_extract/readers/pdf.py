"""PDF reader: characters and ruling lines → :class:`Document`.

The characters and rules come from PDFium (``pdfium_source.py``, the default) or from
pdfplumber (``--pdf-engine pdfplumber``), as the same pdfplumber-style dicts; everything
below works on those.

How a page is read, top to bottom in this file:

1. **Open** the file and turn every way it can fail (not a PDF, truncated,
   encrypted) into an :class:`InputError`.
2. **Visible rules**: keep only the rects/lines/curves a reader of the
   printed page would see. Invisible or white paths (pdfplumber #488, WPS
   exports #920) would otherwise cut cells and rows in pieces; rules closer
   than ``SNAP_TOLERANCE`` are one rule, and a rule through the middle of
   characters (a strike-through) is no border.
3. **Ruled tables**: pdfplumber's table finder runs once per page on those
   rules (``explicit`` strategy). Its cells become a grid built from the
   distinct x- and y-edges of each table, so a merged cell knows its
   rowspan/colspan and every grid position is filled.
4. **Characters to cells** in one pass: each character goes to the table and
   grid position its centre falls in (a bisect per axis), then each cell's
   characters are clustered into visual lines. CJK characters are joined
   without spaces.
5. **Text outside tables** becomes :class:`TextLine` blocks.
6. **Tables without rules**: when a page has no ruled table but a line that
   reads like a header (序号 … 职权名称 … 职权类别), its columns are guessed
   from the header's and the body's word positions (``guessed_columns``).

Tables are never joined across pages here: that is the reassembler's job.
"""

from __future__ import annotations

import itertools
import mmap
import re
import unicodedata
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import InputError
from ..ir import BBox, Block, Cell, Document, Row, Table, TextLine
from ..lexicon import HEADER_PARTS, LOOKALIKES, fold_lookalikes, is_header_text
from ..problems import Note, Problem
from . import liblog, ocr_settings, page_processes, selected_pdf_engine
from .pdf_pages import PARALLEL_MIN_PAGES, read_in_two
from .table_finder import obj_to_edges

# what pdfplumber's engine logs is reported per file (liblog.py); PDFium logs nothing through
# Python's logging, so with it nothing is listened to (and logging is never loaded)
LIBRARY_LOGGERS = {"pdfplumber": ("pdfminer", "pdfplumber"), "pdfium": ()}

PdfObj = dict[str, Any]  # a pdfplumber object: char, rect, line, curve or edge
# An open PDF and one of its pages: pdfplumber's PDF and Page, or pdfium_source's
# PdfiumDocument and PdfiumPage (the same chars and objects, made by PDFium).
PDF = Any
Page = Any

# Rules and text geometry, in PDF points or as a fraction of the font size.
THIN_FILL = 2.0  # a filled rect thinner than this is a drawn line, not shading
SNAP_TOLERANCE = 3.0  # rules closer than this are one rule (doubled borders, WPS slivers)
SAME_LINE = 0.45  # chars whose vertical centres differ by less than this x size share a line
LATIN_SPACE = 0.2  # a gap this wide between Latin/digit chars is a word space
TEXT_GAP = 1.5  # outside tables, a gap this wide separates two pieces of text
COLUMN_GAP = 0.8  # in a table without rules, a gap this wide separates two columns
HEADING_SIZE = 1.2  # a text line whose font is this much larger than the page's is a heading
SAME_SIZE = 0.05  # font sizes this close (as a fraction) are one size
WRAPPED_HEADING_GAP = 0.8  # a heading's next line begins within this x its size below it: it wrapped
SAME_AXIS = 1.0  # centres of lines this close (x the size) are on one axis: both lines centred
CLOSE_RULES = 0.8  # rules closer than this x the body font size, no text between, are one
STRIKE_BAND = 0.25  # a rule this close to a char's centre (x its height/width) runs through it
# column rules ending open at one height: a row the page break cut (the table's two sides and
# one rule inside, at least)
CUT_ROW_RULES = 3
OWN_COLUMN_RULES = 2  # a row with this many column rules of its own starts another table
WHOLE_ROW = 0.9  # ... when it is a whole row: cells side by side over this much of the table's width
NEXT_LINE = 1.2  # tops this many line pitches apart (or less): the next line, no blank between
BLANK_LINE = 1.5  # tops this many line pitches apart (or more): a blank line between
SHORT_HEADER = 12  # a header cell of an unruled table is at most this long (longer text is data)
MAX_HEADER_LINES = 12  # an unruled header's cells wrap over at most this many lines
SHORT_PIECE = 8  # ... of at most this many characters each
STRAIGHT = 0.1  # a drawn segment whose ends differ by less than this (pt) across is straight

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": SNAP_TOLERANCE,
    "join_tolerance": SNAP_TOLERANCE,
    "intersection_tolerance": SNAP_TOLERANCE,
}

# Words that mark a line as the header of a list (for tables without rules): the lexicon's.
HEADER_WORDS = HEADER_PARTS


# --------------------------------------------------------------------------
# 1. Opening


def read(path: Path, engine: str | None = None) -> Document:
    """Read a PDF into the intermediate, or raise InputError. ``engine``: "pdfium" (PDFium
    via pypdfium2, the default) or "pdfplumber" (pdfminer); both give the same records."""
    doc = Document(path=path, format="pdf")
    all_blocks: list[Block] = []
    n_chars = 0
    engine = engine or selected_pdf_engine()
    loggers = LIBRARY_LOGGERS.get(engine, ())
    with liblog.captured(doc.warnings, *loggers) as log, opened(path, engine) as pdf:
        doc.pages = len(pdf.pages)
        if page_processes() > 1 and doc.pages >= PARALLEL_MIN_PAGES:
            for _, blocks, page_chars, page_warnings, _ in read_in_two(path, engine, doc.pages):
                all_blocks.extend(blocks)
                n_chars += page_chars
                doc.warnings.extend(page_warnings)
        else:
            for _, blocks, page_chars in read_pages(pdf, doc.warnings, log=log):
                all_blocks.extend(blocks)
                n_chars += page_chars
    doc.blocks = all_blocks
    if n_chars == 0:
        from . import ocr

        if ocr.mode() == "off":
            raise InputError(path, "no text layer (scanned image?); OCR it first")
        raise InputError(path, "no text layer (scanned image?), and OCR found no text on any page")
    return doc


def read_pages(
    pdf: PDF, warnings: list[Note], last: int | None = None, log: liblog.LibraryLog | None = None
) -> Iterator[tuple[int, list[Block], int]]:
    """(page number, blocks, non-space chars) for each page up to ``last``, in order.
    Pages are read in order because an unruled table's columns carry over. ``log`` is told
    which page is being read, so that what the libraries log names it."""
    guess = GuessState()
    for page_no, page in enumerate(pdf.pages, start=1):
        if last is not None and page_no > last:
            break
        if log is not None:
            log.page = page_no
        blocks, n_chars = read_page(page, page_no, warnings, guess)
        page.close()  # frees pdfminer's layout of the page
        yield page_no, blocks, n_chars


@contextmanager
def opened(path: Path, engine: str | None = None) -> Iterator[PDF]:
    """The PDF open for reading; every way it can fail to open is an InputError."""
    check_pdf_header(path)
    check_streams(path)  # both engines unpack a stream whole
    pdf = open_pdf(path) if (engine or selected_pdf_engine()) == "pdfplumber" else open_pdfium(path)
    try:
        yield pdf
    finally:
        pdf.close()


STREAM_START = re.compile(rb"stream\r?\n")
FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
DICT_BEFORE_STREAM = 1024  # bytes before "stream" searched for the stream's /Filter


def check_streams(path: Path) -> None:
    """InputError when a Flate-compressed stream unpacks to more than the size limit (a PDF
    zip bomb: pdfminer unpacks each stream whole). Each is unpacked here in pieces, counting,
    and the counting stops at the limit, so the check itself holds little."""
    limit = limits.current.max_size
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for match in STREAM_START.finditer(data):
            start = match.end()
            head = data[max(0, match.start() - DICT_BEFORE_STREAM) : match.start()]
            if b"/Filter" not in head or not FLATE.search(head[head.rfind(b"<<") :]):
                continue
            end = data.find(b"endstream", start)
            unpacked = _unpacked_size(data, start, len(data) if end == -1 else end, limit)
            if unpacked > limit:
                limits.check_size(
                    path, f"a compressed stream at byte {start:,} unpacks to more than", unpacked
                )


def _unpacked_size(data: mmap.mmap, start: int, end: int, limit: int) -> int:
    """How many bytes data[start:end] inflates to, counting no further than just past ``limit``."""
    inflate = zlib.decompressobj()
    total, at, piece = 0, start, 1 << 20
    try:
        while at < end and total <= limit and not inflate.eof:
            chunk = inflate.decompress(data[at : min(at + piece, end)], piece)
            total += len(chunk)
            at += piece
            while inflate.unconsumed_tail and chunk and total <= limit and not inflate.eof:
                chunk = inflate.decompress(inflate.unconsumed_tail, piece)
                total += len(chunk)
    except zlib.error:
        pass  # damaged: pdfminer says what it can read
    return total


def check_pdf_header(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise InputError(path, "not a PDF (no %PDF- header)")
    if b"%%EOF" not in tail:
        raise InputError(path, "truncated PDF (it does not end with %%EOF)")


def open_pdf(path: Path) -> PDF:
    import pdfplumber  # only for this engine: pdfminer takes a tenth of a second to import

    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # enumerates the page tree: a broken file fails here
    except Exception as exc:  # pdfminer raises many unrelated exception types
        raise InputError(path, describe_open_error(exc)) from exc
    return pdf


def open_pdfium(path: Path) -> PDF:
    from .pdfium_source import PdfiumDocument

    try:
        return PdfiumDocument(path)
    except Exception as exc:  # pdfium_source.PdfiumError, naming PDFium's reason
        raise InputError(path, describe_pdfium_error(exc)) from exc


def describe_pdfium_error(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.lower() or "security" in text.lower():
        return "encrypted PDF; decrypt it first (e.g. qpdf --decrypt)"
    return f"corrupt or truncated PDF ({type(exc).__name__}: {text})"


def describe_open_error(exc: Exception) -> str:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(cause).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF; decrypt it first (e.g. qpdf --decrypt)"
    return f"corrupt or truncated PDF ({name}: {cause})"


# --------------------------------------------------------------------------
# 2. Visible rules


def is_white(color: Any) -> bool:
    """True for a colour that is white on paper (gray 1, RGB 1,1,1, CMYK 0,0,0,0)."""
    if isinstance(color, int | float):
        color = (color,)
    if not isinstance(color, tuple | list) or not color:
        return False  # unset (black by default) or a pattern
    if not all(isinstance(v, int | float) for v in color):
        return False
    if len(color) == 4:
        return all(v <= 0.05 for v in color)
    return all(v >= 0.95 for v in color)


def is_visible_rule(obj: PdfObj) -> bool:
    """Whether a rect/line/curve is drawn so it shows: stroked or filled in a non-white colour."""
    stroked = bool(obj.get("stroke")) and not is_white(obj.get("stroking_color"))
    filled = bool(obj.get("fill")) and not is_white(obj.get("non_stroking_color"))
    if obj["object_type"] == "rect" and filled and not stroked:
        # a filled rect is a rule only when it is thin; otherwise it is shading
        return bool(min(obj["width"], obj["height"]) <= THIN_FILL)
    return stroked or filled


def visible_edges(page: Page) -> list[PdfObj]:
    edges: list[PdfObj] = []
    for kind in ("rect", "line", "curve"):
        for obj in page.objects.get(kind, []):
            if is_visible_rule(obj):
                edges.extend(straight_edges(obj_to_edges(obj)))
    return edges


def straight_edges(edges: list[PdfObj]) -> list[PdfObj]:
    """Edges made exactly horizontal or vertical, and slanted ones dropped (a diagonal in a
    header's corner cell is no border). pdfplumber tells a line's orientation by exact
    equality, so a rule on a rotated page (ends differing by 1e-14) came out "vertical",
    and a whole row border was lost."""
    straight = []
    for edge in edges:
        if edge["height"] < STRAIGHT and edge["width"] >= STRAIGHT:
            y = (edge["top"] + edge["bottom"]) / 2
            straight.append(dict(edge, orientation="h", top=y, bottom=y, height=0))
        elif edge["width"] < STRAIGHT:
            x = (edge["x0"] + edge["x1"]) / 2
            straight.append(dict(edge, orientation="v", x0=x, x1=x, width=0))
    return straight


def drop_rules_through_text(edges: list[PdfObj], chars: list[PdfObj]) -> list[PdfObj]:
    """Drop rules that run through the middle of characters: a strike-through (lists mark
    deleted text that way) or a stray line is never a cell border."""
    by_y = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    by_x = sorted(chars, key=lambda c: (c["x0"] + c["x1"]) / 2)
    mids_y = [(c["top"] + c["bottom"]) / 2 for c in by_y]
    mids_x = [(c["x0"] + c["x1"]) / 2 for c in by_x]
    reach = max((char_size(c) for c in chars), default=0.0) * STRIKE_BAND
    kept = []
    for edge in edges:
        if edge["orientation"] == "h":
            y = edge["top"]
            near = by_y[bisect_left(mids_y, y - reach) : bisect_right(mids_y, y + reach)]
            struck = any(
                abs((c["top"] + c["bottom"]) / 2 - y) < STRIKE_BAND * (c["bottom"] - c["top"])
                and c["x0"] < edge["x1"]
                and c["x1"] > edge["x0"]
                for c in near
            )
        else:
            x = edge["x0"]
            near = by_x[bisect_left(mids_x, x - reach) : bisect_right(mids_x, x + reach)]
            struck = any(
                abs((c["x0"] + c["x1"]) / 2 - x) < STRIKE_BAND * (c["x1"] - c["x0"])
                and c["top"] < edge["bottom"]
                and c["bottom"] > edge["top"]
                for c in near
            )
        if not struck:
            kept.append(edge)
    return kept


def merge_close_rules(edges: list[PdfObj], chars: list[PdfObj]) -> list[PdfObj]:
    """Move horizontal rules closer together than a line of text, with no text between
    them, onto one y: such slivers (WPS exports, pdfplumber #920) are not rows."""
    if not chars:
        return edges
    min_gap = CLOSE_RULES * median(char_size(c) for c in chars)
    mids = sorted((c["top"] + c["bottom"]) / 2 for c in chars)
    ys = sorted({e["top"] for e in edges if e["orientation"] == "h"})
    target: dict[float, float] = {}
    anchor: float | None = None
    for y in ys:
        text_between = anchor is not None and bisect_right(mids, y) > bisect_right(mids, anchor)
        if anchor is None or y - anchor >= min_gap or text_between:
            anchor = y
        target[y] = anchor
    return [
        dict(e, top=target[e["top"]], bottom=target[e["top"]]) if e["orientation"] == "h" else e
        for e in edges
    ]


# --------------------------------------------------------------------------
# 3. Ruled tables


def close_cut_rows(edges: list[PdfObj], chars: list[PdfObj]) -> list[PdfObj]:
    """Close a row the page break cut, as browsers print one: the column rules run on to the
    end of the page (or start at its top) with no rule across them there, so no cell is
    closed and the row's text would fall outside the table. Where at least ``CUT_ROW_RULES``
    column rules end open at one height with text between them and the last rule across,
    a rule is added across them at that height."""
    # a rule drawn as a thin filled box has a short side at each end: that is no rule across
    horizontal = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 2 * SNAP_TOLERANCE]
    vertical = [e for e in edges if e["orientation"] == "v"]
    if not horizontal or len(vertical) < CUT_ROW_RULES:
        return edges
    added = [
        *_closing_rules(vertical, horizontal, chars, "bottom"),
        *_closing_rules(vertical, horizontal, chars, "top"),
    ]
    return edges + added if added else edges


def _closing_rules(
    vertical: list[PdfObj], horizontal: list[PdfObj], chars: list[PdfObj], end: str
) -> list[PdfObj]:
    other = "top" if end == "bottom" else "bottom"
    tol = SNAP_TOLERANCE

    def crossed(y: float, x: float) -> bool:
        return any(abs(h["top"] - y) <= tol and h["x0"] - tol <= x <= h["x1"] + tol for h in horizontal)

    def continued(y: float, x: float) -> bool:  # a rule drawn in pieces (a cell's border each)
        return any(abs(v["x0"] - x) <= tol and abs(v[other] - y) <= tol for v in vertical)

    open_ends = sorted(
        (
            (v[end], v["x0"], v)
            for v in vertical
            if not crossed(v[end], v["x0"]) and not continued(v[end], v["x0"])
        ),
        key=lambda item: (item[0], item[1]),
    )
    rules: list[PdfObj] = []
    for group in _runs_within(open_ends, tol):
        xs = sorted(x for _, x, _ in group)
        if 1 + sum(1 for a, b in itertools.pairwise(xs) if b - a > tol) < CUT_ROW_RULES:
            continue  # fewer distinct rules (a box-drawn rule has two sides close together)
        y = max(g[0] for g in group) if end == "bottom" else min(g[0] for g in group)
        x0, x1 = xs[0], xs[-1]
        across = [h for h in horizontal if h["x1"] > x0 + tol and h["x0"] < x1 - tol]  # cell borders too
        beyond = [h["top"] for h in across if (h["top"] < y - tol if end == "bottom" else h["top"] > y + tol)]
        if not beyond:
            continue  # no rule between these columns at all: not a table's cut row
        last = max(beyond) if end == "bottom" else min(beyond)
        lo, hi = min(last, y), max(last, y)
        if not any(
            lo < (c["top"] + c["bottom"]) / 2 < hi and x0 < (c["x0"] + c["x1"]) / 2 < x1 for c in chars
        ):
            continue  # an empty band: nothing was cut
        template = min(across, key=lambda h: abs(h["top"] - y))
        rule = dict(template, x0=x0, x1=x1, top=y, bottom=y, width=x1 - x0, height=0)
        if "doctop" in template:
            rule["doctop"] = template["doctop"] + (y - template["top"])
        rules.append(rule)
    return rules


def _runs_within(
    ends: list[tuple[float, float, PdfObj]], tol: float
) -> list[list[tuple[float, float, PdfObj]]]:
    """Sorted (y, x, edge) ends grouped where consecutive ys are within ``tol``."""
    runs: list[list[tuple[float, float, PdfObj]]] = []
    for item in ends:
        if runs and item[0] - runs[-1][-1][0] <= tol:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def find_ruled_tables(page: Page, edges: list[PdfObj]) -> list[list[BBox]]:
    """The cells (bboxes) of each table pdfplumber finds on the visible rules."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    finder = getattr(page, "find_table_cells", None)
    if finder is not None:  # the PDFium engine: pdfplumber's algorithm, ported (table_finder.py)
        cells: list[list[BBox]] = finder(vertical, horizontal, TABLE_SETTINGS)
        return cells
    settings = dict(TABLE_SETTINGS, explicit_vertical_lines=vertical, explicit_horizontal_lines=horizontal)
    return [list(table.cells) for table in page.find_tables(settings)]


@dataclass
class Grid:
    """A table's grid: distinct column x-edges and row y-edges, and what sits where."""

    xs: list[float]
    ys: list[float]
    cells: list[list[Cell]]  # [row][col], origins and covered positions
    bbox: BBox

    def position(self, x: float, y: float) -> tuple[int, int]:
        row = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        col = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        return row, col

    def origin(self, row: int, col: int) -> Cell:
        cell = self.cells[row][col]
        if cell.covered_by is not None:
            return self.cells[cell.covered_by[0]][cell.covered_by[1]]
        return cell


def split_where_columns_change(cell_boxes: list[BBox]) -> list[list[BBox]]:
    """Two tables printed one under the other, touching, are found as one (their rules meet);
    the second has column rules of its own (a web page's second ``<table>``, a table Word
    did not join). Split above a whole row (cells side by side across the table, none
    reaching down from above) that has at least ``OWN_COLUMN_RULES`` column
    rules no row above has, while as many of the last whole row's rules are not among its
    own. Merging cells only drops rules and splitting a column only adds some: neither
    splits the table."""
    rows: dict[float, list[BBox]] = {}
    for box in cell_boxes:
        rows.setdefault(box[1], []).append(box)
    parts: list[list[BBox]] = []
    seen: list[float] = []  # every column rule of the current part
    last_whole: list[float] = []  # the rules of its last whole row
    for top in sorted(rows):
        band = sorted(rows[top])
        edges = sorted({b[0] for b in band} | {b[2] for b in band})
        whole = all(abs(a[2] - b[0]) <= SNAP_TOLERANCE for a, b in itertools.pairwise(band)) and (
            not seen or band[-1][2] - band[0][0] >= WHOLE_ROW * (seen[-1] - seen[0])
        )
        if (
            parts
            and whole
            and last_whole
            and _not_among(edges, seen) >= OWN_COLUMN_RULES
            and _not_among(last_whole, edges) >= OWN_COLUMN_RULES
        ):
            parts.append([])
            seen = []
        if not parts:
            parts.append([])
        parts[-1].extend(band)
        seen = sorted({*seen, *edges})
        if whole:
            last_whole = edges
    return parts


def _not_among(xs: list[float], others: list[float]) -> int:
    """How many xs have no x of ``others`` within SNAP_TOLERANCE."""
    return sum(1 for x in xs if all(abs(x - o) > SNAP_TOLERANCE for o in others))


def build_grid(cell_boxes: list[BBox], page_no: int) -> Grid:
    xs = sorted({b[0] for b in cell_boxes} | {b[2] for b in cell_boxes})
    ys = sorted({b[1] for b in cell_boxes} | {b[3] for b in cell_boxes})
    col_of = {x: i for i, x in enumerate(xs)}
    row_of = {y: i for i, y in enumerate(ys)}
    slots: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]

    def slot_bbox(r: int, c: int) -> BBox:
        return (xs[c], ys[r], xs[c + 1], ys[r + 1])

    for box in sorted(cell_boxes, key=lambda b: (b[1], b[0])):
        r0, r1, c0, c1 = row_of[box[1]], row_of[box[3]], col_of[box[0]], col_of[box[2]]
        if slots[r0][c0] is not None:
            continue  # overlaps a cell already placed
        for r in range(r0, r1):
            for c in range(c0, c1):
                if slots[r][c] is None:
                    slots[r][c] = Cell(wrapped=True, page=page_no, bbox=slot_bbox(r, c), covered_by=(r0, c0))
        slots[r0][c0] = Cell(wrapped=True, rowspan=r1 - r0, colspan=c1 - c0, page=page_no, bbox=box)

    # positions no ruled cell covers (an open corner of the grid) stay empty cells
    cells = [
        [slot or Cell(wrapped=True, page=page_no, bbox=slot_bbox(r, c)) for c, slot in enumerate(row)]
        for r, row in enumerate(slots)
    ]
    return Grid(xs=xs, ys=ys, cells=cells, bbox=(xs[0], ys[0], xs[-1], ys[-1]))


def grid_to_table(grid: Grid, chars_by_cell: dict[int, list[PdfObj]], page_no: int) -> Table:
    for row in grid.cells:
        for cell in row:
            chars = chars_by_cell.get(id(cell))
            if chars:
                cell.lines = [join_cell_line(line) for line in cluster_lines(chars)]
    rows = [
        Row(cells=cells, page=page_no, bbox=(grid.xs[0], grid.ys[r], grid.xs[-1], grid.ys[r + 1]))
        for r, cells in enumerate(grid.cells)
    ]
    return Table(rows=rows, page=page_no, bbox=grid.bbox)


# --------------------------------------------------------------------------
# 4. Characters to cells, characters to lines


def centre(obj: PdfObj) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def inside(x: float, y: float, bbox: BBox) -> bool:
    return bool(bbox[0] <= x < bbox[2] and bbox[1] <= y < bbox[3])


def assign_chars(chars: list[PdfObj], grids: list[Grid]) -> tuple[dict[int, list[PdfObj]], list[PdfObj]]:
    """Bucket each char into the cell its centre falls in; return (by cell id, chars outside tables)."""
    by_cell: dict[int, list[PdfObj]] = {}
    outside: list[PdfObj] = []
    for char in chars:
        x, y = centre(char)
        for grid in grids:
            if inside(x, y, grid.bbox):
                cell = grid.origin(*grid.position(x, y))
                by_cell.setdefault(id(cell), []).append(char)
                break
        else:
            outside.append(char)
    return by_cell, outside


def cluster_lines(chars: list[PdfObj]) -> list[list[PdfObj]]:
    """Group chars into visual lines (top to bottom), each sorted left to right."""
    ordered = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    lines: list[list[PdfObj]] = []
    limit = -1.0  # a char whose centre is at most this far down joins the line
    for char in ordered:
        mid = (char["top"] + char["bottom"]) / 2
        if lines and mid <= limit:
            lines[-1].append(char)
        else:
            lines.append([char])
            limit = mid + SAME_LINE * char_size(char)
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def char_size(char: PdfObj) -> float:
    size: float = char.get("size") or (char["bottom"] - char["top"])
    return size if size > 0 else 10.0


def median(values: Iterable[float]) -> float:
    """The median (``statistics.median``, whose import costs a tenth of a short file's run)."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of no values")
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@lru_cache(maxsize=1 << 16)
def is_cjk(text: str) -> bool:
    """Wide characters (CJK ideographs, kana, full-width punctuation) take no spaces between them."""
    return bool(text) and unicodedata.east_asian_width(text[0]) in ("W", "F")


def is_duplicate(prev: PdfObj, char: PdfObj) -> bool:
    """A char drawn twice at (almost) the same place: fake bold, or a shadow."""
    return bool(
        prev["text"] == char["text"]
        and abs(prev["x0"] - char["x0"]) < 1
        and abs(prev["top"] - char["top"]) < 1
    )


def join_chars(chars: list[PdfObj], wide_gap: float | None = None) -> str:
    """Join one visual line's chars. A space only between Latin/digit words that the PDF
    separates (a space char or a gap), never between CJK characters; with ``wide_gap`` also
    wherever the gap exceeds that many font sizes."""
    out: list[str] = []
    prev: PdfObj | None = None
    spaced = False
    for char in chars:
        text = char["text"]
        if not text or text.isspace():
            spaced = True
            continue
        if prev is not None:
            if is_duplicate(prev, char):
                continue
            gap = char["x0"] - prev["x1"]
            size = char_size(char)
            latin_pair = not is_cjk(prev["text"][-1]) and not is_cjk(text)
            if (latin_pair and (spaced or gap > LATIN_SPACE * size)) or (
                wide_gap is not None and gap > wide_gap * size
            ):
                out.append(" ")
        out.append(text)
        prev = char
        spaced = False
    return "".join(out)


def join_cell_line(chars: list[PdfObj]) -> str:
    return join_chars(chars)


def split_on_gaps(line: list[PdfObj], factor: float) -> list[list[PdfObj]]:
    """Split a visual line where the gap between chars exceeds ``factor`` font sizes."""
    pieces: list[list[PdfObj]] = []
    for char in line:
        if char["text"].isspace():
            continue
        if pieces and char["x0"] - pieces[-1][-1]["x1"] <= factor * char_size(char):
            pieces[-1].append(char)
        else:
            pieces.append([char])
    return pieces


# --------------------------------------------------------------------------
# 5. A page: tables, then text around them, in reading order


def has_visible_chars(page: Page) -> bool:
    try:
        return any(not c["text"].isspace() for c in page.chars)
    except Exception:  # a broken content stream: read_page reports the page
        return True


def read_page(page: Page, page_no: int, warnings: list[Note], guess: GuessState) -> tuple[list[Block], int]:
    """The blocks of one page and how many (non-space) chars it has."""
    if ocr_settings.mode == "force" or (ocr_settings.mode == "auto" and not has_visible_chars(page)):
        from . import ocr  # only for a page that may be a scan: OpenCV and the models load later still

        if ocr.wants(page):
            return ocr.read_pdf_page(page, page_no, warnings, guess)
    try:
        chars = [c for c in page.chars if not c["text"].isspace()]
        fold_text_layer(chars)
        edges = merge_close_rules(drop_rules_through_text(visible_edges(page), chars), chars)
        edges = close_cut_rows(edges, chars)
    except Exception as exc:  # a broken content stream: report the page, keep the others
        message = f"page {page_no}: could not be read ({type(exc).__name__}: {exc})"
        warnings.append(Problem("page-unreadable", message, page=page_no))
        return [], 0
    if not chars:
        if page.images:
            message = f"page {page_no}: no text layer (scanned image?)"
            warnings.append(Problem("page-without-text", message, page=page_no))
        return [], 0
    warn_unmapped_glyphs(chars, page_no, warnings)

    try:
        boxes = find_ruled_tables(page, edges)
    except Exception as exc:  # pdfplumber on degenerate geometry
        message = f"page {page_no}: table rules could not be read ({type(exc).__name__}: {exc})"
        warnings.append(Problem("rules-unreadable", message, page=page_no))
        boxes = []
    grids = [build_grid(part, page_no) for cells in boxes for part in split_where_columns_change(cells)]
    by_cell, outside = assign_chars(chars, grids)
    placed: list[tuple[float, Block]] = [
        (grid.bbox[1], grid_to_table(grid, by_cell, page_no)) for grid in grids
    ]
    lines = cluster_lines(outside)
    if grids:
        guess.columns = None  # a ruled page ends any unruled table
    else:
        table, lines = guess_table(lines, page_no, guess)
        if table is not None and table.bbox is not None:
            placed.append((table.bbox[1], table))
    body_size = median(char_size(c) for c in chars)
    above: PrintedLine | None = None
    for piece in (run for line in lines for run in size_runs(line)):
        text = join_chars(piece, wide_gap=TEXT_GAP)
        if not text:
            continue
        size = median(char_size(c) for c in piece)
        printed = PrintedLine(
            text=text,
            x0=min(c["x0"] for c in piece),
            x1=max(c["x1"] for c in piece),
            top=min(c["top"] for c in piece),
            bottom=max(c["bottom"] for c in piece),
            size=size,
            heading=size >= HEADING_SIZE * body_size,
        )
        if above is not None and heading_goes_on(above, printed):
            joined = placed[-1][1]
            assert isinstance(joined, TextLine)
            joined.text = join_texts(joined.text, text)
        else:
            placed.append((printed.top, TextLine(text=text, page=page_no, heading=printed.heading)))
        above = printed
    placed.sort(key=lambda item: item[0])
    return [block for _, block in placed], len(chars)


def size_runs(line: list[PdfObj]) -> list[list[PdfObj]]:
    """A line's pieces, apart where a wide gap also changes the font size: a page's side
    navigation ("信息公开") beside its title, a date at the right of a heading, are other
    texts than the title, not words of it. Pieces of one size stay one line, spaced."""
    runs: list[list[PdfObj]] = []
    run_size = 0.0
    for piece in split_on_gaps(line, TEXT_GAP):
        size = median(char_size(c) for c in piece)
        if runs and abs(size - run_size) <= SAME_SIZE * run_size:
            runs[-1].extend(piece)
        else:
            runs.append(list(piece))
            run_size = size
    return runs


@dataclass
class PrintedLine:
    """A text line outside the tables, with where it is printed and how large."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    heading: bool


def heading_goes_on(above: PrintedLine, below: PrintedLine) -> bool:
    """A heading wrapped onto the next line: a long title is printed over two or three lines,
    each centred, in one size, line under line ("2023年度…联合“双随机、一公开”抽查" /
    "事项清单"). Two headings that are not one are set apart by a blank line, a size, or an
    axis (a left-aligned "附件1" over a centred title)."""
    return (
        above.heading
        and below.heading
        and abs(above.size - below.size) <= SAME_SIZE * above.size
        and below.top - above.bottom <= WRAPPED_HEADING_GAP * above.size
        and abs((above.x0 + above.x1) / 2 - (below.x0 + below.x1) / 2) <= SAME_AXIS * above.size
    )


def join_texts(first: str, second: str) -> str:
    """Two pieces of one wrapped text: no space between CJK, a space between Latin words."""
    if first and second and not is_cjk(first[-1]) and not is_cjk(second[0]):
        return f"{first} {second}"
    return first + second


def fold_text_layer(chars: list[PdfObj]) -> None:
    """Look-alike code points a font's ToUnicode map gives (Kangxi radicals for 门, 革 …, as
    Chromium's prints carry) read as the ordinary characters, whichever engine read them:
    pdfminer follows the map, PDFium sometimes the font's own cmap."""
    for char in chars:
        text = char["text"]
        if len(text) == 1:  # the usual case: one code point, looked up (a page has thousands)
            folded = LOOKALIKES.get(ord(text))
            if folded is not None:
                char["text"] = folded
        elif not text.isascii():
            char["text"] = fold_lookalikes(text)


def warn_unmapped_glyphs(chars: list[PdfObj], page_no: int, warnings: list[Note]) -> None:
    """pdfminer shows a glyph whose font has no Unicode map as "(cid:NN)" (pdfplumber #159)."""
    n = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if n:
        message = (
            f"page {page_no}: {n} characters have no Unicode mapping in their font "
            "and appear as (cid:NN); the text there is unreadable"
        )
        warnings.append(Problem("unmapped-glyphs", message, page=page_no))


# --------------------------------------------------------------------------
# 6. Tables without rules: columns guessed from text alignment


@dataclass
class GuessState:
    """Columns of the last page's unruled table, for the pages that continue it."""

    columns: list[float] | None = None  # boundaries: x0 of col 0, …, x1 of the last col
    header: list[str] | None = None  # each column's header text, without spaces


@dataclass
class Segment:
    """A run of chars on one visual line, separated from the next by a column gap."""

    chars: list[PdfObj]
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.x0 = min(c["x0"] for c in self.chars)
        self.x1 = max(c["x1"] for c in self.chars)
        self.top = min(c["top"] for c in self.chars)
        self.bottom = max(c["bottom"] for c in self.chars)
        self.text = join_chars(self.chars)


def segments_of(line: list[PdfObj]) -> list[Segment]:
    return [Segment(piece) for piece in split_on_gaps(line, COLUMN_GAP)]


def is_header_line(segments: list[Segment]) -> bool:
    """Three or more pieces, at least half of them header words: a piece holding a header
    part (序号, 名称, 依据 …) or one the lexicon knows as a header (实施单位, 检查对象 …). An
    item's line may hold a word such as 机构 or 依据 here and there, a header has one in
    most of its cells."""
    pieces = [s.text.replace(" ", "") for s in join_spaced_words(segments)]
    if len(pieces) < 3:
        return False
    hits = sum(1 for t in pieces if is_header_piece(t))
    return hits >= max(2, len(pieces) / 2)


def is_header_piece(text: str) -> bool:
    return any(w in text for w in HEADER_WORDS) or (len(text) <= SHORT_HEADER and is_header_text(text))


def join_spaced_words(segments: list[Segment]) -> list[Segment]:
    """Single characters spaced out into one header word ("备　注", "序　号": a header cell
    letter-spaced to fill its column) as one piece."""
    out: list[Segment] = []
    for seg in segments:
        last = out[-1] if out else None
        if (
            last is not None
            and len(seg.text) == 1
            and len(last.text.replace(" ", "")) < SHORT_HEADER
            and is_header_text(last.text.replace(" ", "") + seg.text)
            and not is_header_piece(last.text.replace(" ", ""))
        ):
            out[-1] = Segment(last.chars + seg.chars)
        else:
            out.append(seg)
    return out


def guess_table(
    lines: list[list[PdfObj]], page_no: int, guess: GuessState
) -> tuple[Table | None, list[list[PdfObj]]]:
    """Find an unruled table among a page's lines; return it and the lines left outside it."""
    segmented = [segments_of(line) for line in lines]
    start = next(
        (
            i
            for i, segs in enumerate(segmented)
            # while a table runs on from the last page, only its own header repeated counts
            if is_header_line(segs) and (guess.columns is None or repeats_header(segs, guess.columns))
        ),
        None,
    )
    if start is not None:
        header = segmented[start] = join_spaced_words(segmented[start])
        if guess.columns is None or not repeats_header(header, guess.columns):
            body = [s for segs in segmented[start + 1 :] if len(segs) >= 2 for s in segs]
            guess.columns, guess.header = column_boundaries(header, body), None
        # else: the header repeated on a new page; keep the columns measured before, as this
        # page may hold too little body (one long cell going on) to place them
    elif guess.columns is not None:
        start = next((i for i, segs in enumerate(segmented) if fits_columns(segs, guess.columns)), None)
    if start is None or guess.columns is None:
        guess.columns = None
        return None, lines
    header_lines = 0
    if is_header_line(segmented[start]):
        header_end, texts = header_block_end(segmented, start, guess.columns, guess.header)
        header_lines, guess.header = header_end - start, texts
    end = max(table_end(segmented, start, guess.columns), start + header_lines)
    table = build_guessed_table(segmented[start:end], guess.columns, page_no, header_lines)
    return table, lines[:start] + lines[end:]


def repeats_header(header: list[Segment], bounds: list[float]) -> bool:
    """Whether a header line has one word in each of the given columns, in order."""
    columns = [column_of((s.x0 + s.x1) / 2, bounds) for s in header]
    return columns == list(range(len(bounds) - 1)) and not any(crosses(s, bounds) for s in header)


def header_block_end(
    segmented: list[list[Segment]], start: int, bounds: list[float], known: list[str] | None
) -> tuple[int, list[str]]:
    """Index after the header's last line, and each column's header text: header cells wrap
    too ("序" over "号", "子项名称（无子项时" over "无需填写）"), over as many lines as the
    narrowest column needs.

    A header repeated on a later page (``known``) goes on while the lines add up to it.
    The first time, the header runs to the first item's serial, when one follows within
    a few lines of short header words; otherwise it goes on while each piece of a line
    completes a header word across the join, goes on with an open bracket, or is a
    bracketed note, so that an item's text never joins it."""
    texts = ["" for _ in range(len(bounds) - 1)]
    add_pieces(texts, segmented[start], bounds)
    below = segmented[start + 1 : start + 1 + MAX_HEADER_LINES]
    if known is None:
        first_item = next((n for n, line in enumerate(below) if starts_with_serial(line, bounds)), None)
        if first_item is not None and all(short_pieces(line) for line in below[:first_item]):
            for line in below[:first_item]:
                add_pieces(texts, line, bounds)
            return start + 1 + first_item, texts
    end = start + 1
    for line in below:
        pieces = [(column_of((s.x0 + s.x1) / 2, bounds), s.text.replace(" ", "")) for s in line]
        if any(crosses(s, bounds) for s in line):
            break
        if known is not None:
            fits = all(known[c].startswith(texts[c] + text) for c, text in pieces)
        else:
            fits = all(continues_header(texts[c], text) for c, text in pieces)
        if not fits:
            break
        add_pieces(texts, line, bounds)
        end += 1
    return end, texts


def starts_with_serial(line: list[Segment], bounds: list[float]) -> bool:
    first = line[0]
    return column_of((first.x0 + first.x1) / 2, bounds) == 0 and first.text.strip().isdigit()


def short_pieces(line: list[Segment]) -> bool:
    return all(len(s.text.replace(" ", "")) <= SHORT_PIECE for s in line)


def add_pieces(texts: list[str], line: list[Segment], bounds: list[float]) -> None:
    for s in line:
        texts[column_of((s.x0 + s.x1) / 2, bounds)] += s.text.replace(" ", "")


def continues_header(above: str, text: str) -> bool:
    joined = above + text
    if any(w in joined and w not in above and w not in text for w in HEADER_WORDS):
        return True  # "序" + "号", "职权类" + "别"
    if above.count("（") + above.count("(") > above.count("）") + above.count(")"):
        return True  # a note that goes on
    return bool(_HEADER_NOTE.match(text))


_HEADER_NOTE = re.compile(r"^[（(](?![一二三四五六七八九十\d]+[）)、.])")  # "（无子项时…", not "（一）"


def column_boundaries(header: list[Segment], body: list[Segment]) -> list[float]:
    """Column edges: between two header words, the middle of the widest x-range no body text covers."""
    left = min([s.x0 for s in header] + [s.x0 for s in body])
    right = max([s.x1 for s in header] + [s.x1 for s in body])
    bounds = [left]
    for a, b in itertools.pairwise(header):
        bounds.append(widest_free_gap(a.x1, b.x0, body))
    bounds.append(right)
    return bounds


def widest_free_gap(lo: float, hi: float, body: list[Segment]) -> float:
    covered = sorted((max(s.x0, lo), min(s.x1, hi)) for s in body if s.x1 > lo and s.x0 < hi)
    best, best_width, cursor = (lo + hi) / 2, 0.0, lo
    for x0, x1 in [*covered, (hi, hi)]:
        if x0 - cursor > best_width:
            best, best_width = (cursor + x0) / 2, x0 - cursor
        cursor = max(cursor, x1)
    return best


def column_of(x: float, bounds: list[float]) -> int:
    return min(max(bisect_right(bounds, x) - 1, 0), len(bounds) - 2)


def crosses(segment: Segment, bounds: list[float]) -> bool:
    return column_of(segment.x0 + 0.5, bounds) != column_of(segment.x1 - 0.5, bounds)


def fits_columns(segments: list[Segment], bounds: list[float]) -> bool:
    """A line of an unruled table: two or more segments, each inside one column."""
    return len(segments) >= 2 and not any(crosses(s, bounds) for s in segments)


def table_end(segmented: list[list[Segment]], start: int, bounds: list[float]) -> int:
    """Index after the table's last line: a line that crosses a column edge ends the table,
    unless more table lines follow it (then it is a section row such as "一、行政许可")."""
    end = start + 1
    for i in range(start + 1, len(segmented)):
        segs = segmented[i]
        if not any(crosses(s, bounds) for s in segs):
            end = i + 1
        elif not any(fits_columns(later, bounds) for later in segmented[i + 1 :]):
            break
    return end


def build_guessed_table(
    segmented: list[list[Segment]], bounds: list[float], page_no: int, header_lines: int = 0
) -> Table:
    """Rows from lines: the header's lines make the first row; after it, a line with text in
    the serial column (or, without one, after a wider gap) starts a row, and so does a line
    where two or more columns take up text again after a pause: an item printed without a
    serial, whose short cells (category, code) begin anew beside the long ones."""
    n_cols = len(bounds) - 1
    has_seq_column = any(
        not crosses(s, bounds) and column_of(s.x0, bounds) == 0 for segs in segmented[1:] for s in segs
    )
    pitch = median_line_pitch(segmented)
    row_lines: list[list[Line]] = []  # each row's lines, as they came
    section_rows: set[int] = set()
    prev_bottom: float | None = None
    prev_cols: list[list[Segment]] = [[] for _ in range(n_cols)]
    carried_over = False

    def by_column(segs: list[Segment]) -> list[list[Segment]]:
        cols: list[list[Segment]] = [[] for _ in range(n_cols)]
        for s in segs:
            cols[column_of((s.x0 + s.x1) / 2, bounds)].append(s)
        return cols

    for i, segs in enumerate(segmented):
        top = min(s.top for s in segs)
        if 0 < i < header_lines:  # the header wrapped: more of the first row
            row_lines[0].append(Line(top=top, cols=by_column(segs)))
            prev_bottom = max(s.bottom for s in segs)
            continue
        if len(segs) == 1 and crosses(segs[0], bounds):
            section_rows.add(len(row_lines))
            row_lines.append([Line(top=top, cols=[[segs[0]]] + [[] for _ in range(n_cols - 1)])])
            prev_bottom = None  # the next line starts a row
            continue
        cols = by_column(segs)
        # a column "restarts" when it takes up text again after a pause; in the rest of an item
        # cut by the page break (the first row under a repeated header, no serial) any column
        # that starts counts, since that row holds only what the break carried over
        restarted = sum(
            1
            for c in range(n_cols)
            if cols[c]
            and not prev_cols[c]
            and row_lines
            and (carried_over or any(line.cols[c] for line in row_lines[-1]))
        )
        starts_row = (
            not row_lines
            or prev_bottom is None
            or i == header_lines  # the first line under the header
            or (bool(cols[0]) if has_seq_column else top - prev_bottom > 0.8 * pitch)
            or (i > header_lines and restarted >= 2)
        )
        prev_cols = cols
        line = Line(top=top, cols=cols)
        if starts_row:
            carried_over = i == header_lines and header_lines > 0 and not cols[0]
            last = len(row_lines) - 1
            item_above = last >= (1 if header_lines else 0) and last not in section_rows
            moved = (
                centred_lines_above(row_lines[last], top, pitch)
                if has_seq_column and cols[0] and item_above
                else []
            )
            if moved:
                del row_lines[last][-len(moved) :]
            row_lines.append([*moved, line])
        else:
            row_lines[-1].append(line)
        prev_bottom = max(s.bottom for s in segs)
    rows = [merged_columns(lines, n_cols) for lines in row_lines]
    return assemble_guessed_rows(rows, section_rows, bounds, page_no)


@dataclass
class Line:
    """One line of an unruled table: where it begins and its segments by column."""

    top: float
    cols: list[list[Segment]]


def merged_columns(lines: list[Line], n_cols: int) -> list[list[Segment]]:
    return [[s for line in lines for s in line.cols[c]] for c in range(n_cols)]


def centred_lines_above(previous: list[Line], top: float, pitch: float) -> list[Line]:
    """The lines of the row above that belong to the row starting at ``top``: cells centred
    in their row print their first lines above the row's serial ("1.具体由…" over "1 行政许可
    …"). They are the last lines of the row above, line under line down to the serial, set
    apart from that row's own lines by a blank line at least."""
    if not previous[0].cols[0]:
        return []  # a row without a serial of its own: what a page break carried over
    n = 0
    below = top
    for line in reversed(previous[1:]):  # the serial's line stays
        if below - line.top > NEXT_LINE * pitch:
            break
        n += 1
        below = line.top
    if n == 0:
        return []
    rest = previous[: len(previous) - n]
    if previous[len(previous) - n].top - rest[-1].top <= BLANK_LINE * pitch:
        return []  # no blank line between: the row above runs on to the serial
    return previous[len(previous) - n :]


def median_line_pitch(segmented: list[list[Segment]]) -> float:
    tops = [min(s.top for s in segs) for segs in segmented]
    heights = [max(s.bottom for s in segs) - min(s.top for s in segs) for segs in segmented]
    gaps = [b - a for a, b in itertools.pairwise(tops) if b > a]
    return median(gaps) if gaps else median(heights)


def assemble_guessed_rows(
    rows: list[list[list[Segment]]], section_rows: set[int], bounds: list[float], page_no: int
) -> Table:
    n_cols = len(bounds) - 1
    out: list[Row] = []
    for r, cols in enumerate(rows):
        segs = [s for col in cols for s in col]
        top, bottom = min(s.top for s in segs), max(s.bottom for s in segs)
        if r in section_rows:
            first = Cell(lines=[segs[0].text], wrapped=True, colspan=n_cols, page=page_no)
            first.bbox = (bounds[0], top, bounds[-1], bottom)
            covered = [Cell(wrapped=True, covered_by=(r, 0), page=page_no) for _ in range(n_cols - 1)]
            cells = [first, *covered]
        else:
            cells = [
                guessed_cell(col, page_no, (bounds[c], top, bounds[c + 1], bottom))
                for c, col in enumerate(cols)
            ]
        out.append(Row(cells=cells, page=page_no, bbox=(bounds[0], top, bounds[-1], bottom)))
    first_row, last_row = out[0].bbox, out[-1].bbox
    assert first_row is not None and last_row is not None
    bbox = (bounds[0], first_row[1], bounds[-1], last_row[3])
    return Table(rows=out, page=page_no, bbox=bbox, guessed_columns=True)


def guessed_cell(segments: Iterable[Segment], page_no: int, bbox: BBox) -> Cell:
    ordered = sorted(segments, key=lambda s: (s.top, s.x0))
    return Cell(lines=[s.text for s in ordered], wrapped=True, page=page_no, bbox=bbox)
