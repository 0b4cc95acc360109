"""Where a table's header is, found by structure rather than by knowing its words.

The header is the run of rows above the first item row: the row where a serial number
starts, or, in a list printed without serials, the first row whose cells read like
data (a citation, a sentence, a long text). Rows of a header that span several columns
(执法依据 over 法律 | 行政法规 …, 职权名称 over 主项名称 | 子项名称) are combined into one
header per column. Pure functions of a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ir import Cell, Table
from ..lexicon import TOTAL_ROW_WORDS, header_key, is_header_text, reads_like_data
from ..lexicon.headers import MAX_HEADER_KEY
from .columns import ColumnHeader
from .lines import is_serial

SERIAL_LIKE = re.compile(r"[（(]?\d{1,4}[)）.．、]?")  # 1, 1., 1、, (1): a serial as lists print it
LABEL_WITH_VALUE = re.compile(r"[：:]\s*\S")  # "填报单位：某局", "发布日期: 2025-02-08"
MAX_SERIAL_COLUMN = 3  # the serial is printed in one of the first three columns (after a 单位 column)
MIN_ITEM_CELLS = 2  # an item row fills at least its serial and its name
HEADER_WORD_SHARE = 0.6  # without an item row to anchor it: most cells of a header row are known headers
HEADER_COVER = 0.6  # a header names most of its columns (the serial's may be empty)
WINDOW = 200  # rows after the header read to type the columns by their values


@dataclass(frozen=True)
class HeaderSpan:
    start: int  # first header row
    end: int  # the row after the last header row
    columns: list[ColumnHeader]


def resolved(table: Table, r: int, c: int) -> Cell:
    """The cell whose text shows at (r, c): the origin of a merged cell, else the cell itself."""
    row = table.rows[r]
    if c >= len(row.cells):
        return Cell()
    cell = row.cells[c]
    if cell.covered_by is None:
        return cell
    r0, c0 = cell.covered_by
    if 0 <= r0 < len(table.rows) and 0 <= c0 < len(table.rows[r0].cells):
        return table.rows[r0].cells[c0]
    return cell


def row_texts(table: Table, r: int) -> list[str]:
    return [resolved(table, r, c).text.strip() for c in range(len(table.rows[r].cells))]


def full_width_text(table: Table, r: int) -> str | None:
    """The text of a row that is one cell across the table (a title, caption or section row):
    a cell spanning (almost) every column, or text alone in the first cell that is not a serial
    (a heading typed into the first cell, not an item)."""
    row = table.rows[r]
    filled = [(c, cell) for c, cell in enumerate(row.cells) if not cell.is_empty and cell.covered_by is None]
    if len(filled) != 1:
        return None
    c, cell = filled[0]
    n = len(row.cells)
    if n > 1 and cell.colspan >= max(2, n - 1):
        return cell.text
    text = cell.text.strip()
    if c == 0 and not is_serial(text) and n > 2:
        return text
    return None


def is_full_width(table: Table, r: int) -> bool:
    return full_width_text(table, r) is not None


def is_item_row(texts: list[str]) -> bool:
    """A row that starts an item: a serial in one of the first columns, or data-like cells."""
    filled = [t for t in texts if t]
    if len(filled) < MIN_ITEM_CELLS or not any(has_words(t) for t in filled):
        return False  # a row of numbers only (a sheet of figures) names no item
    if any(SERIAL_LIKE.fullmatch(t) for t in texts[:MAX_SERIAL_COLUMN]):
        return True
    return any(reads_like_data(t) for t in filled)


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_header_shaped(texts: list[str]) -> bool:
    """Every filled cell short, none a serial, a sentence or a "填报单位：…" line (a label with
    its value is a line about the list, not a column's header)."""
    filled = [t for t in texts if t]
    return bool(filled) and all(
        len(header_key(t)) <= MAX_HEADER_KEY
        and not is_serial(t)
        and not reads_like_data(header_key(t))
        and not LABEL_WITH_VALUE.search(t)
        for t in filled
    )


def is_header_by_words(texts: list[str]) -> bool:
    """A row most of whose cells are headers the lexicon knows (a header over no item rows yet)."""
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(is_serial(t) for t in filled):
        return False
    known = sum(1 for t in filled if is_header_text(t))
    return known >= 2 and known >= HEADER_WORD_SHARE * len(filled)


def first_item_row(table: Table, start: int = 0) -> int | None:
    for r in range(start, len(table.rows)):
        if not is_full_width(table, r) and is_item_row(row_texts(table, r)):
            return r
    return None


def find_header(table: Table, start: int = 0, known_only: bool = False) -> HeaderSpan | None:
    """The header of a table at or after row ``start``, or None when the table has none
    (it goes on with a list above, or it has no items). With ``known_only`` (a list is open,
    whose rows may go on here) a header must hold a header word the lexicon knows."""
    first = first_item_row(table, start)
    if first is not None:
        r = first - 1
        while r >= start and is_full_width(table, r):  # section rows between header and items
            r -= 1
        end = r + 1
        while r >= start and not is_full_width(table, r) and is_header_shaped(row_texts(table, r)):
            r -= 1
        if r + 1 < end and is_header_block(table, r + 1, end, known_only):
            return HeaderSpan(r + 1, end, combine(table, r + 1, end))
    # no item row, or rows between the header and it (the rest of an item a page break cut)
    for r in range(start, first if first is not None else len(table.rows)):
        if not is_full_width(table, r) and is_header_by_words(row_texts(table, r)):
            return header_at(table, r)
    return None


def header_at(table: Table, r: int) -> HeaderSpan:
    """The header that starts at row r: the row and the sub-header rows under its spanning cells."""
    end = r + 1
    while end < len(table.rows) and is_sub_header(table, end - 1, end):
        end += 1
    return HeaderSpan(r, end, combine(table, r, end))


def is_header_block(table: Table, start: int, end: int, known_only: bool) -> bool:
    """A run of short rows is a header when it names most columns, and at least one of its
    cells is a header we know or (an unknown template, no list open) it names most columns with
    different words: a stray label or the rest of an item cut by a page break is not."""
    columns = combine(table, start, end)
    named = [c.printed for c in columns if c.printed]
    if len(named) < HEADER_COVER * len(columns):
        return False
    if any(is_header_text(t) for r in range(start, end) for t in row_texts(table, r) if t):
        return True
    return not known_only and len(set(named)) >= max(2, len(columns) // 2)


def is_sub_header(table: Table, r: int, nxt: int) -> bool:
    """A second header row under cells that span several columns (职权名称 over 项目 / 子项)."""
    header, below = table.rows[r], table.rows[nxt]
    if not any(cell.colspan > 1 for cell in header.cells):
        return False
    texts = [cell.text.strip() for cell in below.cells if not cell.is_empty and cell.covered_by is None]
    return bool(texts) and is_header_shaped(texts)


def combine(table: Table, start: int, end: int) -> list[ColumnHeader]:
    """One header per column from the header rows: a cell spanning several columns (or, where the
    source keeps no spans, a cell followed by empty ones over filled sub-cells) is their group."""
    n = max(len(table.rows[r].cells) for r in range(start, end))
    groups = ["" for _ in range(n)]
    owns = ["" for _ in range(n)]
    for r in range(start, end):
        row = table.rows[r]
        below = row_texts(table, r + 1) if r + 1 < end else None
        texts = row_texts(table, r)
        texts += [""] * (n - len(texts))
        c = 0
        while c < n:
            cell = row.cells[c] if c < len(row.cells) else Cell()
            if cell.covered_by is not None and cell.covered_by[0] != r:
                c += 1  # a cell spanning down from a row above: already read
                continue
            width = span_width(row.cells, c, texts, below)
            text = texts[c]
            if text and width > 1 and below is not None:
                for k in range(c, min(n, c + width)):
                    groups[k] += text
            elif text:
                for k in range(c, min(n, c + max(width, 1))):
                    owns[k] += text
            c += max(width, 1)
    return [ColumnHeader(own=owns[c], group=groups[c]) for c in range(n)]


def span_width(cells: list[Cell], c: int, texts: list[str], below: list[str] | None) -> int:
    """How many columns the header cell at c spans: its colspan, or the empty cells after it
    that have sub-headers below them (text dumps keep no spans)."""
    if c < len(cells) and cells[c].colspan > 1:
        return cells[c].colspan
    if below is None or not texts[c] or c >= len(below) or not below[c]:
        return 1
    width = 1
    while (
        c + width < len(texts)
        and not texts[c + width]
        and c + width < len(below)
        and below[c + width]
        and (c + width >= len(cells) or cells[c + width].covered_by is None)
    ):
        width += 1
    return width


def window(table: Table, start: int, n_cols: int) -> list[list[str]]:
    """Column c's texts in the rows after the header (full-width and 合计 rows left out)."""
    values: list[list[str]] = [[] for _ in range(n_cols)]
    for r in range(start, min(len(table.rows), start + WINDOW)):
        if is_full_width(table, r):
            continue
        texts = row_texts(table, r)
        if header_key(next((t for t in texts if t), "")) in TOTAL_ROW_WORDS:
            continue  # 合计 | 3项: not a value of the columns
        for c in range(min(n_cols, len(texts))):
            values[c].append(texts[c])
    return values
