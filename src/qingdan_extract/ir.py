"""The intermediate every reader yields and the reassembler consumes.

A reader turns one file into a :class:`Document`: its blocks in reading order,
each either a :class:`TextLine` (title, 附件 label, section heading, footer …)
or a :class:`Table` (rows of cells on a grid). Nothing after the readers knows
which format a document came from; everything format-specific ends here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Note

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass
class Cell:
    """One grid position of a table row.

    ``lines`` are the cell's text lines as the source shows them. When
    ``wrapped`` is true they are visual lines (a PDF cell wrapping its text to
    the column width) and the normaliser decides which breaks the author made;
    otherwise every line is a paragraph the author wrote (Word paragraphs,
    HTML ``<p>``/``<br>``, a spreadsheet cell's own newlines).

    A merged cell is read once: its origin carries the text and ``rowspan``/
    ``colspan``; every other grid position it covers is an empty Cell whose
    ``covered_by`` names the origin as (row index in table, column index).
    """

    lines: list[str] = field(default_factory=list)
    wrapped: bool = False
    rowspan: int = 1
    colspan: int = 1
    covered_by: tuple[int, int] | None = None
    page: int | None = None
    bbox: BBox | None = None
    line_no: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def is_empty(self) -> bool:
        return not any(line.strip() for line in self.lines)


@dataclass
class Row:
    """One row of a table; ``cells`` has one entry per grid column."""

    cells: list[Cell]
    page: int | None = None
    line_no: int | None = None
    bbox: BBox | None = None

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def non_empty(self) -> list[int]:
        return [i for i, c in enumerate(self.cells) if not c.is_empty]


@dataclass
class Table:
    """A table as the reader found it (one per page in a PDF, one per
    ``<table>`` in HTML, one per sheet …). The reassembler decides which
    tables continue one list."""

    rows: list[Row]
    page: int | None = None
    bbox: BBox | None = None
    # True when the reader could only guess the column layout (e.g. a PDF
    # without ruling lines, text split on spaces); items get a warning.
    guessed_columns: bool = False
    # True when this block goes on with the table before it with no break between
    # them: a reader cut a very long table into pieces so as not to hold it whole.
    continued: bool = False

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass
class TextLine:
    """A line of text outside any table."""

    text: str
    page: int | None = None
    line_no: int | None = None
    heading: bool = False  # the source marks it as a heading (<h2>, "## ", a Word heading style)


Block = Table | TextLine


@dataclass
class Document:
    path: Path
    format: str  # pdf, docx, html, text, xlsx, xls, doc, wps
    # in reading order; a reader of very large files may give a one-pass iterator
    blocks: Iterable[Block] = field(default_factory=list)
    pages: int | None = None
    warnings: list[Note] = field(default_factory=list)  # document-level: Problems (problems.py)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
