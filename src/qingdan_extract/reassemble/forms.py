"""The form layout: one small label/value table per item (职权名称 | …, 职权类型 | …)
instead of one row per item."""

from __future__ import annotations

from ..ir import Cell, Table
from ..lexicon import field_for_header, is_header_text

MAX_FORM_COLUMNS = 4  # label | value, or label | value | label | value


def form_pairs(table: Table) -> list[tuple[str, Cell]] | None:
    """The (label, value cell) pairs of a form table, or None when the table is not a form."""
    if not table.rows or table.n_cols > MAX_FORM_COLUMNS or table.n_cols < 2:
        return None
    pairs: list[tuple[str, Cell]] = []
    for row in table.rows:
        cells = [cell for cell in row.cells if cell.covered_by is None]
        i = 0
        while i < len(cells) - 1:
            label, value = cells[i].text.strip(), cells[i + 1]
            if label and is_header_text(label):
                pairs.append((label, value))
                i += 2
            else:
                i += 1
    fields = {field_for_header(label) for label, _ in pairs}
    if "name" not in fields or len(pairs) < 3 or len(pairs) < 0.6 * len(table.rows):
        return None
    return pairs
