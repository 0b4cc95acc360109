"""The form layout: one small label/value table per item (职权名称 | …, 职权类型 | …)
instead of one row per item; also an item's detail page, whose label/value tables and
statistic boxes ("30工作日" over "法定办结时限") together describe one item."""

from __future__ import annotations

from ..ir import Cell, Table
from ..lexicon import SYNONYM, is_header_text, match_header

MAX_FORM_COLUMNS = 4  # label | value, or label | value | label | value
MIN_PAIRS = 3  # fewer label/value pairs than this is a small table, not a form
ROW_SHARE = 0.6  # most rows of a form hold a pair


def form_pairs(table: Table) -> list[tuple[str, Cell]] | None:
    """The (label, value cell) pairs of a form table, or None when the table is not a form."""
    if not table.rows or table.n_cols > MAX_FORM_COLUMNS or table.n_cols < 2:
        return None
    pairs: list[tuple[str, Cell]] = []
    rows_with_pairs = 0
    for row in table.rows:
        cells = [cell for cell in row.cells if cell.covered_by is None]
        found = row_pairs(cells)
        pairs += found
        rows_with_pairs += bool(found)
    if len(pairs) < MIN_PAIRS or rows_with_pairs < ROW_SHARE * len(table.rows):
        return None
    matches = [match_header(label) for label, _ in pairs]
    fields = [m.field for m in matches if m.field is not None]
    if len(fields) != len(set(fields)):
        return None  # one item's form gives each field once; rows of a list give it again and again
    if "name" not in fields and not all(m.how == SYNONYM for m in matches):
        return None  # an item page's forms: every label one we know
    return pairs


def row_pairs(cells: list[Cell]) -> list[tuple[str, Cell]]:
    """label | value pairs across a row, or boxes that stack a value over its label."""
    stacked = [stacked_pair(cell) for cell in cells if not cell.is_empty]
    if stacked and all(pair is not None for pair in stacked):
        return [pair for pair in stacked if pair is not None]
    pairs: list[tuple[str, Cell]] = []
    i = 0
    while i < len(cells) - 1:
        label = cells[i].text.strip()
        if label and is_header_text(label):
            pairs.append((label, cells[i + 1]))
            i += 2
        else:
            i += 1
    return pairs


def stacked_pair(cell: Cell) -> tuple[str, Cell] | None:
    """A statistic box: the value's lines, then a label ("0" over "到现场次数")."""
    lines = [line.strip() for line in cell.lines if line.strip()]
    if len(lines) < 2 or not is_header_text(lines[-1]) or is_header_text(lines[0]):
        return None
    return lines[-1], Cell(lines=lines[:-1], page=cell.page, bbox=cell.bbox, line_no=cell.line_no)
