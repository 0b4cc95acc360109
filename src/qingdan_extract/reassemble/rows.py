"""What a table row is, decided by small pure functions of what the row shows.

`row_kind` sorts the rows of a table: empty, a line of text across the table (title,
section, note), a 合计 row, a header, or data. `data_row_role` then says what a data row
does to the list: start an item, continue the item above (a sub-row, the rest of an item a
page break cut), or start another item of a merged group a page break cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..lexicon import TOTAL_ROW_WORDS, header_key


class RowKind(str, Enum):
    EMPTY = "empty"
    TEXT = "text"  # one text across the table: a title, caption, section or note row
    TOTAL = "total"  # 合计 | 6项
    HEADER = "header"
    DATA = "data"


def row_kind(texts: list[str], full_width: bool, header_words: bool) -> RowKind:
    """``texts``: the row's cell texts (merged cells resolved); ``full_width``: one cell across
    the table; ``header_words``: most cells are headers the lexicon knows."""
    if not any(t.strip() for t in texts):
        return RowKind.EMPTY
    if full_width:
        return RowKind.TEXT
    first = next((t for t in texts if t.strip()), "")
    if header_key(first) in TOTAL_ROW_WORDS:
        return RowKind.TOTAL
    if header_words:
        return RowKind.HEADER
    return RowKind.DATA


class Role(str, Enum):
    NEW = "new"  # a new item
    CONTINUE = "continue"  # more of the item above: a sub-row, a merged serial's row
    CUT = "cut"  # the rest of the item above, whose name a page break cut
    GROUP = "group"  # another item of the merged group above, which a page break cut
    GUESS_NEW = "guess_new"  # a new item, though it may be the rest of the item above


@dataclass(frozen=True)
class RowFacts:
    has_serial_column: bool
    serial_merged: bool  # the serial cell is part of a merged cell from a row above
    serial_printed: bool
    own_name: bool  # the name or sub-name cell holds text of its own (not merged from above, not empty)
    page_break: bool  # the first data row after a page break (or a new table of the list)
    above_in_merged_group: bool  # the item above sat under a merged serial cell
    identity: bool  # the row has a category, code or sub-code
    above_identity: bool  # the item above has a category, code or sub-code
    unnumbered_mid_page: int  # items of this list printed without a serial in mid-page


def data_row_role(f: RowFacts) -> Role:
    if f.serial_merged:
        # a merged serial over several rows: sub-rows of one item (办理环节), unless the row
        # names an item of its own (one record per item row, the merged cells filled down)
        return Role.NEW if f.own_name else Role.CONTINUE
    if not f.has_serial_column or f.serial_printed:
        return Role.NEW
    if not f.own_name:
        return Role.CONTINUE
    if f.page_break and f.above_in_merged_group:
        return Role.GROUP  # the merged group above runs on past the page break
    if f.page_break and not f.identity:
        # the rest of a name the break cut, or an item printed without a serial? When the item
        # above has a category or code, a new item would have one too. When neither has, the
        # list's habit decides: one that printed items without a serial in mid-page did again.
        return Role.CUT if f.above_identity or f.unnumbered_mid_page == 0 else Role.GUESS_NEW
    return Role.NEW
