"""Draw what the PDF reader found on one page, to see why a list came out wrong.

A scanned page (or an image) is drawn by :func:`readers.ocr.draw` instead: the rules,
cells and text boxes the OCR path found on the deskewed page image.

The PNG shows the page with, on top of it:

- each table's outline (blue, thick; orange when its columns were guessed),
- each row's top and bottom (green lines across the table),
- each cell the reader read (red outline; merged cells shaded yellow),
- optional item starts (magenta box and dot at the top left), e.g. the
  first row of every item the reassembler built, and header rows (cyan fill):
  :func:`draw_page_with_items` asks the reassembler for both.
"""

from __future__ import annotations

from pathlib import Path

from pdfplumber.display import PageImage

from .errors import InputError
from .ir import BBox, Block, Table
from .problems import Note
from .readers import liblog, read_document
from .readers.pdf import LIBRARY_LOGGERS, opened, read_pages
from .reassemble import reassemble

RESOLUTION = 100
TABLE_COLOR = (0, 70, 255, 255)
GUESSED_TABLE_COLOR = (255, 140, 0, 255)
ROW_COLOR = (0, 160, 0, 220)
CELL_COLOR = (220, 0, 0, 200)
MERGED_FILL = (255, 220, 0, 60)
NO_FILL = (0, 0, 0, 0)
ITEM_COLOR = (220, 0, 220, 255)
HEADER_FILL = (0, 200, 255, 70)


def draw_page_with_items(pdf_path: Path, page_no: int, out_png: Path) -> int:
    """Draw a page with the reader's grid plus the header rows and item starts the reassembler
    found on it; returns the number of items starting on the page."""
    from .readers import ocr

    if pdf_path.suffix.lower() == ".pdf":
        check_page_range(pdf_path, page_no)
    scanned = ocr.ocr_page_for_inspect(pdf_path, page_no)  # None: a page read from its text layer
    marks = [m for m in reassemble(read_document(pdf_path)).marks if m.page == page_no and m.bbox]
    starts = [m.bbox for m in marks if m.kind == "item" and m.bbox]
    headers = [m.bbox for m in marks if m.kind == "header" and m.bbox]
    if scanned is not None:
        ocr.draw(scanned, out_png, item_starts=starts, headers=headers)
    else:
        draw_page(pdf_path, page_no, out_png, item_starts=starts, headers=headers)
    return len(starts)


def check_page_range(pdf_path: Path, page_no: int) -> None:
    with opened(pdf_path) as pdf:
        n_pages = len(pdf.pages)
    if not 1 <= page_no <= n_pages:
        raise InputError(pdf_path, f"page {page_no} is out of range (the PDF has {n_pages} pages)")


def draw_page(
    pdf_path: Path,
    page_no: int,
    out_png: Path,
    item_starts: list[BBox] | None = None,
    headers: list[BBox] | None = None,
) -> None:
    """Render page ``page_no`` (1-based) of ``pdf_path`` with the reader's tables, rows and
    cells drawn over it, plus ``item_starts`` if given, and save it as a PNG."""
    warnings: list[Note] = []
    # pdfplumber draws the page (PageImage), so it reads it too; the PDFium engine finds the
    # same tables (tests/test_pdf_engines.py); what pdfminer logs is kept, not printed
    with liblog.captured(warnings, *LIBRARY_LOGGERS["pdfplumber"]), opened(pdf_path, "pdfplumber") as pdf:
        n_pages = len(pdf.pages)
        if not 1 <= page_no <= n_pages:
            raise InputError(pdf_path, f"page {page_no} is out of range (the PDF has {n_pages} pages)")
        blocks: list[Block] = []
        for number, page_blocks, _ in read_pages(pdf, warnings, last=page_no):
            if number == page_no:
                blocks = page_blocks
        try:
            image = pdf.pages[page_no - 1].to_image(resolution=RESOLUTION)
        except Exception as exc:  # pypdfium2 failing on a page pdfminer could read
            raise InputError(pdf_path, f"cannot render page {page_no} ({type(exc).__name__}: {exc})") from exc
    for table in (b for b in blocks if isinstance(b, Table)):
        draw_table(image, table)
    for bbox in headers or []:
        image.draw_rect(bbox, fill=HEADER_FILL, stroke=NO_FILL, stroke_width=0)
    for bbox in item_starts or []:
        image.draw_rect(bbox, fill=NO_FILL, stroke=ITEM_COLOR, stroke_width=2)
        image.draw_circle((bbox[0], bbox[1]), radius=4, fill=ITEM_COLOR, stroke=ITEM_COLOR)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    image.save(out_png, format="PNG")


def draw_table(image: PageImage, table: Table) -> None:
    for row in table.rows:
        if row.bbox is not None:
            x0, top, x1, bottom = row.bbox
            image.draw_line([(x0, top), (x1, top)], stroke=ROW_COLOR, stroke_width=1)
            image.draw_line([(x0, bottom), (x1, bottom)], stroke=ROW_COLOR, stroke_width=1)
        for cell in row.cells:
            if cell.covered_by is not None or cell.bbox is None:
                continue
            merged = cell.rowspan > 1 or cell.colspan > 1
            image.draw_rect(cell.bbox, fill=MERGED_FILL if merged else NO_FILL, stroke=CELL_COLOR)
    if table.bbox is not None:
        color = GUESSED_TABLE_COLOR if table.guessed_columns else TABLE_COLOR
        image.draw_rect(table.bbox, fill=NO_FILL, stroke=color, stroke_width=3)
