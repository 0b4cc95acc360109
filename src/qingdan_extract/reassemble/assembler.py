"""The walk over a document's blocks that turns rows into items."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..ir import BBox, Block, Cell, Document, Row, Table, TextLine
from ..lexicon import field_for_header, header_key, header_likeness, is_header_text
from ..problems import Problem
from . import lines as L
from .align import realign
from .columns import ColumnHeader, ColumnMapping, type_columns
from .context import ListContext, SectionSummary
from .forms import form_pairs
from .header import (
    LABEL_WITH_VALUE,
    HeaderSpan,
    find_header,
    first_item_row,
    full_width_text,
    header_at,
    is_full_width,
    is_header_by_words,
    resolved,
    row_texts,
    window,
)
from .rows import Role, RowFacts, RowKind, data_row_role, row_kind

FORM = "(form)"  # the header key of a list made of label/value forms
REPEATED_HEADER = 0.8  # share of columns alike for a header to be the list's own, repeated
_NOTE = re.compile(r"^([^：:\n]{2,12})[：:](.*)$", re.S)
# columns whose value identifies an item: a row that has none of them but a
# name fragment, just after a page break, is the rest of the item above
IDENTITY_FIELDS = ("category", "code", "sub_code")


@dataclass
class Piece:
    """Some lines of one cell of one source row."""

    lines: list[str]
    wrapped: bool = False
    # the piece continues the previous one mid-text (a cell a page break cut),
    # rather than adding a paragraph (a sub-row of the same item)
    soft_join: bool = False


@dataclass
class RawItem:
    headers: list[str]
    fields: list[str | None]
    columns: list[list[Piece]]
    seq_printed: bool
    table: int
    title: str | None
    section: str | None = None
    section_category: str | None = None
    pages: set[int] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)
    consumed: set[tuple[int, int, int]] = field(default_factory=set)  # merged cells already taken
    # full-width "调整情况：新增" rows under the item: label -> text
    notes: dict[str, str] = field(default_factory=dict)
    # columns whose cell in the item's last row was a merged cell (a group over several items)
    merged: set[int] = field(default_factory=set)
    page_form: bool = False  # an item page's forms, named by the page heading
    regions: list[tuple[int, BBox]] = field(default_factory=list)  # (page, row box) of its rows, in a PDF


@dataclass
class ListSummary:
    table: int
    title: str | None
    label: str | None
    declared: L.Declared | None = None
    items: int = 0
    sections: list[SectionSummary] = field(default_factory=list)
    columns: list[ColumnMapping] = field(default_factory=list)  # how each column was understood


@dataclass
class Mark:
    """Where the reassembler saw a header row or an item start (for `inspect`)."""

    kind: str  # "header" or "item"
    page: int | None
    bbox: BBox | None


@dataclass
class Assembly:
    items: list[RawItem]
    lists: list[ListSummary]
    warnings: list[Problem]
    marks: list[Mark] = field(default_factory=list)


@dataclass
class _ListState:
    summary: ListSummary
    headers: list[str]
    fields: list[str | None]
    header_keys: list[str]
    unnumbered_mid_page: int = 0  # items printed without a serial, not at the top of a page
    name_guess: str | None = None  # why the name column is a guess, said on every item


class Assembler:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.last_item: RawItem | None = None  # still open: later rows may continue it
        self.done: list[RawItem] = []  # finished items not yet handed out
        self.marks: list[Mark] = []
        self.lists: list[ListSummary] = []
        self.warnings: list[Problem] = []
        self.unread: list[tuple[int | None, str]] = []  # (list, text) of rows not read, for coverage
        self.current: _ListState | None = None
        self.context = ListContext()  # title, 附件 label, section, declared total, page heading
        self.page_break = False
        self.table_no = 0  # physical table counter, for merged-cell identity
        self.last_serial = 0  # for the warning on an item printed without one
        self.carry_from: RawItem | None = None
        self.first_data_row: int | None = None

    # --- lines outside the rows ------------------------------------------------

    def on_text(self, text: str, heading: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        if self.attach_form_line(text):
            return
        context = self.context
        if context.page_heading is None and not _NOTE.match(text) and not L.is_attachment_label(text):
            context.page_heading = text
        if L.is_attachment_label(text):
            self.end_list()
            context.attachment(text)
            return
        declared = L.declared_count(text)
        if L.is_section_heading(text):
            context.section = SectionSummary(heading=text, declared=declared)
            self.last_serial = 0
            if self.current is not None:
                self.current.summary.sections.append(context.section)
            return
        if L.is_total_line(text):
            self.set_total(declared)
            return
        if L.looks_like_title(text, heading):
            self.on_title(text, heading)
            if declared:
                self.set_total(declared)

    def on_title(self, title: str, heading: bool) -> None:
        has_items = self.current is not None and self.current.summary.items > 0
        if self.context.offer_title(title, heading, has_items) and self.current is not None:
            self.current.summary.title = title

    def set_total(self, declared: L.Declared | None) -> None:
        if self.current is not None and self.current.summary.items == 0:
            self.current.summary.declared = declared
        else:
            self.context.pending_total = declared

    def end_list(self) -> None:
        self.current = None
        self.context.section = None
        self.context.pending_total = None

    # --- tables ------------------------------------------------------------------

    def on_table(self, table: Table) -> None:
        self.table_no += 1
        # a merged cell a page break cut shows on the new page as an empty merged cell
        # in its first row: it carries on the value of the item above the break
        self.page_break = self.current is not None and not table.continued
        self.carry_from = self.last_item if self.page_break else None
        self.first_data_row = None
        if table.n_cols == 1:  # a layout box or a one-column table: lines of text, not a list
            for row in table.rows:
                for cell in row.cells:
                    for line in cell.lines:
                        self.on_text(line)
            return
        pairs = form_pairs(table)
        if pairs is not None:
            self.on_form(table, pairs)
            return
        span = find_header(table, known_only=self.current is not None)
        r = 0
        if span is not None:
            for r in range(span.start):
                self.on_row_outside(table, r)
            r = self.on_header(table, span)
        elif self.current is None or (table.n_cols != len(self.current.headers) and not table.continued):
            first = first_item_row(table)
            if first is None:
                for r in range(len(table.rows)):
                    self.on_row_outside(table, r, in_list=False)
                return
            for r in range(first):
                self.on_row_outside(table, r)
            r = first
            if self.current is not None:
                self.warnings.append(
                    Problem(
                        "no-header",
                        f"{where(table.rows[r])}: a table of {table.n_cols} columns without a header row "
                        f"follows a list of {len(self.current.headers)} columns; read as a list of its own",
                        page=table.rows[r].page,
                        line=table.rows[r].line_no,
                    )
                )
            self.start_headerless(table, r)
        while r < len(table.rows):
            r = self.on_row(table, r)

    def on_row_outside(self, table: Table, r: int, in_list: bool = True) -> None:
        """A row above a table's header: a title or note typed into the table, or nothing we can
        read. In a table that holds no list at all (page metadata, a layout box) it is furniture."""
        texts = row_texts(table, r)
        if not any(texts):
            return
        if is_full_width(table, r) or sum(1 for t in texts if t) == 1:
            self.on_text(next(t for t in texts if t), heading=True)
            return
        if all(LABEL_WITH_VALUE.search(t) for t in texts if t):
            for t in texts:  # "填报单位：… | 填报时间：…": lines about the list, as if printed above it
                self.on_text(t)
            return
        if in_list:
            self.not_read(table.rows[r], texts)
            return
        self.warnings.append(
            Problem(
                "table-not-read",
                f"{where(table.rows[r])}: a row of a table without item rows was not read: {short(texts)}",
                page=table.rows[r].page,
                line=table.rows[r].line_no,
            )
        )

    def on_row(self, table: Table, r: int) -> int:
        """Handle row r; return the index of the next row to look at."""
        row = table.rows[r]
        texts = row_texts(table, r)
        single = full_width_text(table, r)
        kind = row_kind(texts, single is not None, is_header_by_words(texts))
        if kind is RowKind.EMPTY or kind is RowKind.TOTAL:
            return r + 1  # 合计 | 6项: a sum of the rows above, not an item
        if kind is RowKind.TEXT:
            assert single is not None
            if not self.attach_note(single):
                self.on_text(single, heading=True)
            return r + 1
        if kind is RowKind.HEADER:
            return self.on_header(table, header_at(table, r))
        if self.current is None:
            self.not_read(row, texts)
            return r + 1
        self.on_data_row(table, r)
        return r + 1

    def attach_note(self, text: str) -> bool:
        """A full-width "调整情况：新增" row under an item belongs to that item."""
        last = self.last_item
        if self.current is None or last is None or last.table != self.current.summary.table:
            return False
        if self.current.summary.items == 0 or L.is_section_heading(text) or L.is_attachment_label(text):
            return False
        match = _NOTE.match(text.strip())
        if match is None:
            return False
        label, value = header_key(match.group(1)), match.group(2).strip()
        notes = last.notes
        notes[label] = f"{notes[label]}\n{value}" if label in notes else value
        return True

    def on_header(self, table: Table, span: HeaderSpan) -> int:
        """A header: the same as the list's (repeated on a new page or table), or a new list's."""
        for r in range(span.start, span.end):
            row = table.rows[r]
            self.marks.append(Mark("header", row.page, row.bbox))
        printed = [column.printed for column in span.columns]
        if self.current is not None and header_likeness(printed, self.current.headers) >= REPEATED_HEADER:
            self.page_break = True  # a header repeated on a new page
            return span.end
        values = window(table, span.end, len(span.columns))
        self.start_list(span.columns, values)
        return span.end

    def start_headerless(self, table: Table, first: int) -> None:
        """Item rows with no header above them: every column typed by its values."""
        columns = [ColumnHeader("") for _ in range(table.n_cols)]
        self.start_list(columns, window(table, first, table.n_cols))
        assert self.current is not None
        self.warnings.append(
            Problem(
                "no-header",
                f"{where(table.rows[first])}: a table with item rows but no header row; "
                "its columns were typed by their values",
                list=self.current.summary.table,
                page=table.rows[first].page,
                line=table.rows[first].line_no,
            )
        )

    def start_list(self, columns: list[ColumnHeader], values: list[list[str]]) -> None:
        context = self.context
        summary = ListSummary(table=len(self.lists), title=context.title, label=context.label)
        summary.declared, context.pending_total = context.pending_total, None
        if context.section is not None:
            summary.sections.append(context.section)
        mappings = type_columns(columns, values)
        summary.columns = mappings
        self.lists.append(summary)
        headers = [m.header for m in mappings]
        self.current = _ListState(
            summary, headers, [m.field for m in mappings], [header_key(h) for h in headers]
        )
        for m in mappings:
            if m.note is None:
                continue
            code = "column-by-content" if m.field is not None else "column-kept-in-extra"
            code = "name-by-content" if m.field == "name" else code
            if m.field == "name":
                self.current.name_guess = m.note
            self.warnings.append(Problem(code, m.note, list=summary.table, column=m.header))
        self.page_break = False

    def push(self, item: RawItem) -> None:
        """A new item starts: the one before it can no longer change."""
        if self.last_item is not None:
            self.done.append(self.last_item)
        self.last_item = item

    def push_last(self) -> None:
        if self.last_item is not None:
            self.done.append(self.last_item)
            self.last_item = None

    def finish(self) -> list[RawItem]:
        """The items finished since the last call (all of them once the input has ended)."""
        done, self.done = self.done, []
        return done

    def on_form(self, table: Table, pairs: list[tuple[str, Cell]]) -> None:
        """One item from a label/value table; consecutive forms make one list. A form without a
        name label is part of an item page: its parts go on one item, named by the page heading,
        until a label comes again."""
        labels = [label for label, _ in pairs]
        mappings = type_columns(
            [ColumnHeader(label) for label in labels],
            [[cell.text] for _, cell in pairs],
            name_by_values=False,
        )
        if self.current is None or self.current.header_keys != [FORM]:
            self.start_list([], [])
            assert self.current is not None
            self.current.header_keys = [FORM]
            self.current.summary.columns = mappings
        assert self.current is not None
        fields = [m.field for m in mappings]
        columns = [
            [Piece(lines=cell.lines, wrapped=cell.wrapped)] if not cell.is_empty else [] for _, cell in pairs
        ]
        pages = {row.page for row in table.rows if row.page is not None}
        last = self.last_item
        if "name" not in fields:
            if last is not None and last.page_form and not set(labels) & set(last.headers):
                last.headers, last.fields = [*last.headers, *labels], [*last.fields, *fields]
                last.columns += columns
                last.pages |= pages
                return
            labels, fields = ["(page heading)", *labels], ["name", *fields]
            heading = self.context.page_heading
            columns = [[Piece(lines=[heading])] if heading else [], *columns]
        item = RawItem(
            headers=labels,
            fields=fields,
            columns=columns,
            seq_printed="seq" in fields,
            table=self.current.summary.table,
            title=self.current.summary.title,
            section=self.context.section_heading,
            section_category=self.context.section_category,
            pages=pages,
        )
        if labels[0] == "(page heading)":
            item.page_form = True
            item.warnings.append(
                Problem(
                    "page-heading-name",
                    "a form without a name label: the item is named by the page's heading",
                    list=item.table,
                )
            )
        self.push(item)
        self.current.summary.items += 1
        if self.context.section is not None:
            self.context.section.items += 1

    def attach_form_line(self, text: str) -> bool:
        """A "服务对象：…" line under an item page's forms is one more label and value of that item."""
        last = self.last_item
        if self.current is None or self.current.header_keys != [FORM] or last is None or not last.page_form:
            return False
        match = _NOTE.match(text)
        if match is None or not is_header_text(match.group(1)):
            return False
        label = match.group(1).strip()
        last.headers, last.fields = [*last.headers, label], [*last.fields, field_for_header(label)]
        last.columns.append([Piece(lines=[match.group(2).strip()])])
        return True

    # --- data rows -----------------------------------------------------------------

    def on_data_row(self, table: Table, r: int) -> None:
        assert self.current is not None
        state = self.current
        row = table.rows[r]
        fields = state.fields
        width = len(fields)
        cells = [table.rows[r].cells[c] if c < len(row.cells) else Cell() for c in range(width)]
        overflow = [(c, cell) for c, cell in enumerate(row.cells) if c >= width and not cell.is_empty]
        moved = self.realign_if_shifted(cells, fields)
        values = [cell.text.strip() for cell in cells]

        seq_col = col_of(fields, "seq")
        name_col = col_of(fields, "name")
        sub_col = col_of(fields, "sub_name")
        seq_cell = cells[seq_col] if seq_col is not None else None
        seq_text = values[seq_col] if seq_col is not None else ""
        last = self.last_item
        name_cell = cells[name_col] if name_col is not None else None
        facts = RowFacts(
            has_serial_column=seq_col is not None,
            serial_merged=seq_cell is not None and seq_cell.covered_by is not None,
            serial_printed=bool(seq_text),
            own_name=any(
                cell is not None and not cell.is_empty and cell.covered_by is None
                for cell in (name_cell, cells[sub_col] if sub_col is not None else None)
            ),
            page_break=self.page_break,
            above_in_merged_group=last is not None and seq_col is not None and seq_col in last.merged,
            identity=any(values[i] for i, f in enumerate(fields) if f in IDENTITY_FIELDS),
            above_identity=last is not None
            and any(last.columns[c] for c, f in enumerate(last.fields) if f in IDENTITY_FIELDS),
            unnumbered_mid_page=state.unnumbered_mid_page,
        )
        role = data_row_role(facts)
        continuation = role in (Role.CONTINUE, Role.CUT)
        cut_name, page_top_guess, group_row = role is Role.CUT, role is Role.GUESS_NEW, role is Role.GROUP
        if continuation and last is not None and last.table == state.summary.table:
            self.add_cells(last, table, r, cells, soft=self.page_break)
            if cut_name:
                last.warnings.append(
                    self.problem(
                        "row-continued",
                        row,
                        f"{where(row)}: a row with a name but no serial, category or code after a page break "
                        "was read as the rest of this item",
                    )
                )
        else:
            item = self.new_item(table, r, cells)
            if group_row and last is not None:
                carry_group(last, item, cells)
                item.warnings.append(
                    self.problem(
                        "group-continued",
                        row,
                        f"{where(row)}: a row without a serial after a page break, under the merged cells of "
                        "the item above: read as another item of that group, its merged cells carried over",
                    )
                )
            self.last_serial = int(seq_text) if seq_text.isdigit() else self.last_serial + 1
            if seq_col is not None and not seq_text and not group_row and not facts.serial_merged:
                item.warnings.append(
                    self.problem(
                        "serial-missing",
                        row,
                        "no serial number printed; counting from the item above it would be "
                        f"{self.last_serial}"
                        if not continuation
                        else "row looks like a continuation but there is no item above; read as an item",
                    )
                )
                if not self.page_break:
                    state.unnumbered_mid_page += 1
            if page_top_guess:
                item.warnings.append(
                    self.problem(
                        "row-maybe-continued",
                        row,
                        f"{where(row)}: a row with a name but no serial, category or code after a page break "
                        "was read as a new item, as this list prints items without a serial; "
                        "it may instead be the rest of the item above",
                    )
                )
            if moved:
                item.warnings.append(self.problem("cells-realigned", row, moved))
            if table.guessed_columns:
                item.warnings.append(
                    self.problem("columns-guessed", row, "columns guessed from the text's spacing")
                )
        if overflow and self.last_item is not None:
            keep_overflow(self.last_item, overflow, row)
        self.page_break = False

    def problem(self, code: str, row: Row, message: str) -> Problem:
        table = self.current.summary.table if self.current is not None else None
        return Problem(code, message, list=table, page=row.page, line=row.line_no)

    def not_read(self, row: Row, texts: list[str]) -> None:
        """A row outside any list: said, and counted as text lost."""
        table = self.current.summary.table if self.current is not None else None
        self.warnings.append(
            Problem(
                "row-not-read",
                f"{where(row)}: a row before any header row was not read: {short(texts)}",
                list=table,
                page=row.page,
                line=row.line_no,
            )
        )
        self.unread.append((table, "".join(texts)))

    def realign_if_shifted(self, cells: list[Cell], fields: list[str | None]) -> str | None:
        """Re-place the cells of a row whose empty cells were dropped; say what moved."""
        if any(cell.covered_by is not None or cell.rowspan > 1 or cell.colspan > 1 for cell in cells):
            return None  # merged cells: the source kept its grid
        has_text = [not cell.is_empty for cell in cells]
        if any(has_text[c] and not has_text[c - 1] for c in range(1, len(has_text))):
            return None  # a gap before a filled cell: the source kept its empty cells, and its grid
        positions = realign(["".join(cell.lines) if cell.wrapped else cell.text for cell in cells], fields)
        if positions is None:
            return None
        assert self.current is not None
        headers = self.current.headers
        filled = [c for c, cell in enumerate(cells) if not cell.is_empty]
        moved_cells = [cells[c] for c in filled]
        moves = [
            f"{header_key(headers[old]) or old + 1}→{header_key(headers[new]) or new + 1}"
            for old, new in zip(filled, positions, strict=True)
            if old != new
        ]
        for c in range(len(cells)):
            cells[c] = Cell()
        for cell, new in zip(moved_cells, positions, strict=True):
            cells[new] = cell
        return "cells realigned by their content (empty cells were dropped in the source): " + ", ".join(
            moves
        )

    def new_item(self, table: Table, r: int, cells: list[Cell]) -> RawItem:
        assert self.current is not None
        state = self.current
        seq_col = col_of(state.fields, "seq")
        item = RawItem(
            headers=state.headers,
            fields=state.fields,
            columns=[[] for _ in state.fields],
            seq_printed=seq_col is not None and not cells[seq_col].is_empty,
            table=state.summary.table,
            title=state.summary.title,
            section=self.context.section_heading,
            section_category=self.context.section_category,
        )
        if state.name_guess:
            item.warnings.append(Problem("name-by-content", state.name_guess, list=state.summary.table))
        self.add_cells(item, table, r, cells, soft=False)
        self.push(item)
        self.marks.append(Mark("item", table.rows[r].page, table.rows[r].bbox))
        state.summary.items += 1
        if self.context.section is not None:
            self.context.section.items += 1
        return item

    def add_cells(self, item: RawItem, table: Table, r: int, cells: list[Cell], soft: bool) -> None:
        row = table.rows[r]
        if row.page is not None:
            item.pages.add(row.page)
            if row.bbox is not None:
                item.regions.append((row.page, row.bbox))
        if self.first_data_row is None:
            self.first_data_row = r
        item.merged = {c for c, cell in enumerate(cells) if cell.covered_by is not None or cell.rowspan > 1}
        for c, cell in enumerate(cells):
            source = cell
            origin_row = r
            if cell.covered_by is not None:
                origin = (self.table_no, *cell.covered_by)
                if origin in item.consumed:
                    continue
                item.consumed.add(origin)
                source, origin_row = resolved(table, r, c), cell.covered_by[0]
            elif cell.rowspan > 1 or cell.colspan > 1:
                item.consumed.add((self.table_no, r, c))
            if source.is_empty:
                if source.rowspan > 1 and origin_row == self.first_data_row:
                    self.carry_over(item, c)
                continue
            if source.page is not None:
                item.pages.add(source.page)
            lines = [line for line in source.lines if line.strip()]
            item.columns[c].append(Piece(lines=lines, wrapped=source.wrapped, soft_join=soft))

    def carry_over(self, item: RawItem, c: int) -> None:
        """Give a new item the value of a merged cell that started before the page break."""
        before = self.carry_from
        if before is None or before is item or c >= len(before.columns) or not before.columns[c]:
            return
        lines = [line for piece in before.columns[c] for line in piece.lines]
        item.columns[c].append(Piece(lines=lines, wrapped=before.columns[c][0].wrapped))


def iter_items(assembler: Assembler, blocks: Iterable[Block]) -> Iterator[RawItem]:
    """Items in reading order, each handed out as soon as the rows after it show it is complete."""
    for block in blocks:
        if isinstance(block, TextLine):
            assembler.on_text(block.text, block.heading)
        else:
            assembler.on_table(block)
        yield from assembler.finish()
    if assembler.last_item is not None:
        assembler.push_last()
    yield from assembler.finish()
    if not assembler.lists:
        assembler.warnings.append(
            Problem("no-list", "no table with a recognisable header row was found: no items")
        )


def reassemble(doc: Document) -> Assembly:
    """All items of a document at once (for small documents, tests and `inspect`)."""
    assembler = Assembler(doc)
    items = list(iter_items(assembler, doc.blocks))
    return Assembly(items=items, lists=assembler.lists, warnings=assembler.warnings, marks=assembler.marks)


# --- helpers ---------------------------------------------------------------------------


def keep_overflow(item: RawItem, overflow: list[tuple[int, Cell]], row: Row) -> None:
    """Cells to the right of the header's last column go to `extra` as 列N, with a warning."""
    for c, cell in overflow:
        label = f"列{c + 1}"
        item.notes[label] = f"{item.notes[label]}\n{cell.text}" if label in item.notes else cell.text
    item.warnings.append(
        Problem(
            "cells-beyond-header",
            f"{where(row)}: {len(overflow)} cell(s) beyond the header's columns kept in extra as "
            + ", ".join(f"列{c + 1}" for c, _ in overflow),
            list=item.table,
            page=row.page,
            line=row.line_no,
        )
    )


def carry_group(above: RawItem, item: RawItem, cells: list[Cell]) -> None:
    """Fill a new item's empty cells from the merged cells of the item above (a group a page break cut)."""
    for c in sorted(above.merged):
        if c >= len(cells) or item.columns[c] or not above.columns[c]:
            continue  # the row has its own value, or a merged cell of its own carried it on
        if cells[c].is_empty and cells[c].covered_by is None:
            lines = [line for piece in above.columns[c] for line in piece.lines]
            item.columns[c] = [Piece(lines=lines, wrapped=above.columns[c][0].wrapped), *item.columns[c]]
            item.merged.add(c)
    item.seq_printed = item.seq_printed or any(
        f == "seq" and item.columns[c] for c, f in enumerate(item.fields)
    )


def col_of(fields: list[str | None], name: str) -> int | None:
    return fields.index(name) if name in fields else None


def where(row: Row | None) -> str:
    if row is None:
        return "a table"
    if row.page is not None:
        return f"page {row.page}"
    if row.line_no is not None:
        return f"line {row.line_no}"
    return "a table"


def short(texts: list[str]) -> str:
    joined = " | ".join(t.replace("\n", " ")[:20] for t in texts if t.strip())
    return joined[:120]
