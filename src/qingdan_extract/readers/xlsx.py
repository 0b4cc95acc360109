"""Spreadsheet reader: .xlsx with openpyxl, .xls with xlrd.

Every visible, non-empty sheet becomes one Table, cut to the rectangle that
holds text. Merged ranges become rowspan/colspan on the origin cell.

Title rows: the rows at the top of a sheet that hold a single value (merged
across the sheet's width, or standing alone in its first cell), before any row
with two or more values, are emitted as TextLines ahead of the sheet's Table
(heading=True when merged across the width, bold or centred). Full-width rows
further down (section headings between items) stay Table rows with colspan.

An ".xls" that is really an HTML table (a common "export to Excel") is read
by the HTML reader; an ".xlsx"/".xls" whose bytes are the other spreadsheet
format is read as that format.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlrd
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.worksheet.worksheet import Worksheet

from .. import limits
from ..errors import InputError
from ..ir import Block, Cell, Document, Row, Table, TextLine
from ..problems import Note, Problem
from . import html as html_reader
from .html_text import clean_line
from .sniff import OLE_MAGIC, check_zip

ZERO_PADDED_FORMAT = re.compile(r"^0{2,}$")  # "0000000000": a code kept with its leading zeros
PERCENT_FORMAT = re.compile(r"^0(?:\.(0+))?%$")  # "0%", "0.00%": a share shown as a percentage
MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?[\"']")
# Empty rows (or columns) kept where a run of them separates text: a blank row or two can
# mean something to the reassembler (the end of a table); a thousand cannot, and a sheet
# whose cells sit at A1 and XFD1048576 must not become a grid of 17 billion positions.
EMPTY_RUN_KEPT = 3

Position = tuple[int, int]  # (row, column), 0-based


@dataclass
class SheetData:
    """One sheet, format-neutral: non-empty cell texts, merged ranges, emphasis."""

    lines: dict[Position, list[str]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    emphasised: set[Position] = field(default_factory=set)  # bold or centred cells


def read(path: Path) -> Document:
    limits.check_size(path, "the workbook is", path.stat().st_size)
    data = path.read_bytes()
    notes: list[Note] = []
    if data.startswith(b"PK"):
        (sheets, notes), fmt = _xlsx_sheets(data, path), "xlsx"
    elif data.startswith(OLE_MAGIC):
        sheets, fmt = _xls_sheets(data, path), "xls"
    elif html_reader.looks_like_html(data):
        document = html_reader.read(path)
        document.format = path.suffix.lower().lstrip(".")
        return document
    else:
        kind = "xlsx" if path.suffix.lower() == ".xlsx" else "xls"
        raise InputError(path, f"not a valid .{kind} file (neither a zip nor an Excel 97-2003 workbook)")
    blocks: list[Block] = []
    for sheet in sheets:
        try:
            blocks.extend(sheet_blocks(sheet))
        except InputError as exc:  # a limit, raised without the file's name
            raise InputError(path, exc.message) from None
    return Document(path=path, format=fmt, blocks=blocks, warnings=notes)


# ---------------------------------------------------------------- cell values


def value_lines(value: Any) -> list[str]:
    """A cell value as text lines: whole numbers without ".0", the cell's own newlines kept."""
    if value is None:
        return []
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else str(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, (dt.date, dt.time)):
        text = value.isoformat()
    else:
        text = str(value)
    cleaned = (clean_line(line) for line in re.split(r"\r\n|\r|\n", text))
    return [line for line in cleaned if line]


def _as_shown(value: Any, number_format: str | None) -> Any:
    """Apply the number formats that change what a cell shows: "0000000000", so a code typed
    as a number keeps its leading zeros, and "0%"/"0.0%", so a share (抽查比例 5%) reads as
    printed, not as 0.05."""
    if not number_format or not isinstance(value, (int, float)) or isinstance(value, bool):
        return value
    if ZERO_PADDED_FORMAT.match(number_format) and float(value).is_integer():
        return str(int(value)).zfill(len(number_format))
    percent = PERCENT_FORMAT.match(number_format)
    if percent:
        decimals = len(percent.group(1) or "")
        return f"{value * 100:.{decimals}f}%"
    return value


# ---------------------------------------------------------------- .xlsx


def _xlsx_sheets(data: bytes, path: Path) -> tuple[list[SheetData], list[Note]]:
    """The visible sheets, and warnings about formula cells without a saved value."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(path, "not a valid .xlsx file (truncated or damaged zip archive)")
    check_zip(io.BytesIO(data), path)
    _check_merges(data, path)
    try:
        # A file object, not the path: openpyxl refuses names not ending in .xlsx.
        with warnings.catch_warnings():  # "extension is not supported" notes are not the user's concern
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
            notes = _formulas_without_values(data, workbook)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML errors on a broken file
        raise InputError(path, f"not a valid .xlsx file ({_first_line(exc)})") from exc
    return [_xlsx_sheet(ws) for ws in workbook.worksheets if ws.sheet_state == "visible"], notes


def _check_merges(data: bytes, path: Path) -> None:
    """openpyxl makes an object for every position a merged range covers: refuse ranges
    covering more positions than a table may have before it is asked to."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            covered = 0
            for m in MERGE_REF.finditer(archive.read(name)):
                if m.group(3) is None:
                    continue
                rows = abs(int(m.group(4)) - int(m.group(2))) + 1
                cols = abs(_column_number(m.group(3)) - _column_number(m.group(1))) + 1
                covered += rows * cols
            if covered > limits.current.max_cells:
                raise InputError(
                    path,
                    f"{name}: merged ranges cover {covered:,} cells; limit {limits.current.max_cells:,} "
                    "(see --max-cells)",
                )


def _column_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + b - 64
    return n


def _existing_cells(ws: Worksheet) -> list[Any]:
    """The cells the sheet's XML holds, in reading order. ``ws.iter_rows()`` would visit
    every position of the declared dimension instead: one value at XFD1048576 makes that
    17 billion positions."""
    cells: dict[tuple[int, int], Any] = ws._cells
    return [cells[key] for key in sorted(cells)]


def _xlsx_sheet(ws: Worksheet) -> SheetData:
    sheet = SheetData()
    for cell in _existing_cells(ws):
        if not isinstance(cell, XlsxCell):  # a MergedCell: the origin holds the value
            continue
        lines = value_lines(_as_shown(cell.value, cell.number_format))
        if not lines:
            continue
        position = (cell.row - 1, cell.column - 1)
        sheet.lines[position] = lines
        if cell.font.b or cell.alignment.horizontal in ("center", "centerContinuous"):
            sheet.emphasised.add(position)
    for merged in ws.merged_cells.ranges:
        sheet.merges.append((merged.min_row - 1, merged.min_col - 1, merged.max_row - 1, merged.max_col - 1))
    return sheet


def _formulas_without_values(data: bytes, values: openpyxl.Workbook) -> list[Note]:
    """Warnings for formula cells whose value was never saved. Excel, WPS and LibreOffice
    save each formula's value, which is what we read; a file written by a program may not,
    and such a cell reads as empty. The formulas are loaded only when a sheet has any."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = (archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        if not any(b"<f>" in xml or b"<f " in xml for xml in sheets):  # stops at the first
            return []
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    notes: list[Note] = []
    for ws in formulas.worksheets:
        if ws.sheet_state != "visible":
            continue
        saved = values[ws.title]
        missing = [
            f"{cell.coordinate} ({cell.value})"
            for cell in _existing_cells(ws)
            if cell.data_type == "f" and saved[cell.coordinate].value is None
        ]
        if missing:
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            message = (
                f"sheet {ws.title!r}: {len(missing)} formula cell(s) without a saved value, read as empty: "
                f"{', '.join(missing[:3])}{more}; open and save the file in Excel, WPS or LibreOffice "
                "to compute them"
            )
            notes.append(Problem("formula-without-value", message))
    return notes


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# ---------------------------------------------------------------- .xls


def _xls_sheets(data: bytes, path: Path) -> list[SheetData]:
    try:
        # xlrd prints its warnings to stdout unless given a log file; stdout may be the JSONL.
        # ragged_rows: each row as long as its last cell, not padded to the widest row
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, logfile=io.StringIO(), ragged_rows=True
        )
    except Exception as exc:  # xlrd fails on a damaged file with anything from XLRDError to struct.error
        raise InputError(path, f"not a valid .xls file ({_first_line(exc)})") from exc
    return [_xls_sheet(book, sh) for sh in book.sheets() if sh.visibility == 0]


def _xls_sheet(book: xlrd.book.Book, sh: xlrd.sheet.Sheet) -> SheetData:
    sheet = SheetData()
    for r in range(sh.nrows):
        for c in range(sh.row_len(r)):
            cell = sh.cell(r, c)
            lines = value_lines(_xls_value(book, cell))
            if not lines:
                continue
            sheet.lines[(r, c)] = lines
            if _xls_emphasised(book, cell.xf_index):
                sheet.emphasised.add((r, c))
    # xlrd gives half-open ranges: rows rlo..rhi-1, columns clo..chi-1.
    sheet.merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sh.merged_cells]
    return sheet


def _xls_value(book: xlrd.book.Book, cell: xlrd.sheet.Cell) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return _as_shown(cell.value, _xls_number_format(book, cell.xf_index))
    return cell.value


def _xls_number_format(book: xlrd.book.Book, xf_index: int | None) -> str | None:
    if xf_index is None or xf_index >= len(book.xf_list):
        return None
    fmt = book.format_map.get(book.xf_list[xf_index].format_key)
    return fmt.format_str if fmt is not None else None


def _xls_emphasised(book: xlrd.book.Book, xf_index: int | None) -> bool:
    if xf_index is None or xf_index >= len(book.xf_list):
        return False
    xf = book.xf_list[xf_index]
    centred = xf.alignment.hor_align in (2, 6)  # centre, centre across selection
    font = book.font_list[xf.font_index] if xf.font_index < len(book.font_list) else None
    return centred or bool(font is not None and font.bold)


# ---------------------------------------------------------------- sheet to blocks


def sheet_blocks(sheet: SheetData) -> list[Block]:
    """A sheet's leading title rows as TextLines, then its Table; nothing for an empty sheet."""
    _fold_merged_content(sheet)
    if not sheet.lines:
        return []
    grid, emphasised = _grid(sheet)
    start = _title_row_count(grid)
    blocks: list[Block] = []
    for r in range(start):
        for c, cell in enumerate(grid[r]):
            heading = cell.colspan == len(grid[r]) or (r, c) in emphasised
            blocks.extend(TextLine(text=line, heading=heading) for line in cell.lines)
    if start < len(grid):
        blocks.append(Table(rows=[Row(cells=_rebased(cells, start)) for cells in grid[start:]]))
    return blocks


def _fold_merged_content(sheet: SheetData) -> None:
    """Move any text hidden under a merged range into its origin (Excel keeps
    only the origin's, but generated files sometimes fill the others)."""
    for r0, c0, r1, c1 in sheet.merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and (r, c) in sheet.lines:
                    sheet.lines.setdefault((r0, c0), []).extend(sheet.lines.pop((r, c)))


def _grid(sheet: SheetData) -> tuple[list[list[Cell]], set[Position]]:
    """The cells of the rectangle that holds text, 0-based from its top-left
    corner, and which of them are emphasised (bold or centred). Long runs of empty
    rows or columns are cut to EMPTY_RUN_KEPT, so the grid's size follows the cells
    that exist, not the distance between them."""
    top = min(r for r, _ in sheet.lines)
    bottom = max(r for r, _ in sheet.lines)
    left = min(c for _, c in sheet.lines)
    right = max(c for _, c in sheet.lines)
    merges = [
        (r0, c0, min(r1, bottom), min(c1, right))  # a title merged wider than the table is clipped
        for r0, c0, r1, c1 in sheet.merges
        if top <= r0 <= bottom and left <= c0 <= right  # not a merge of empty cells outside the text
    ]
    rows = _kept({r for r, _ in sheet.lines} | {r for m in merges for r in (m[0], m[2])})
    cols = _kept({c for _, c in sheet.lines} | {c for m in merges for c in (m[1], m[3])})
    limits.check_cells("", "a sheet", len(rows), len(cols))
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    grid = [[Cell(lines=list(sheet.lines.get((r, c), []))) for c in cols] for r in rows]
    for r0, c0, r1, c1 in merges:
        origin = (row_at[r0], col_at[c0])
        last_row, last_col = row_at[r1], col_at[c1]
        grid[origin[0]][origin[1]].rowspan = last_row - origin[0] + 1
        grid[origin[0]][origin[1]].colspan = last_col - origin[1] + 1
        for r in range(origin[0], last_row + 1):
            for c in range(origin[1], last_col + 1):
                if (r, c) != origin:
                    grid[r][c] = Cell(covered_by=origin)
    emphasised = {(row_at[r], col_at[c]) for r, c in sheet.emphasised if r in row_at and c in col_at}
    return grid, emphasised


def _kept(used: set[int]) -> list[int]:
    """The rows (or columns) in use, with at most EMPTY_RUN_KEPT of each run of unused ones
    between them."""
    ordered = sorted(used)
    kept: list[int] = []
    for a, b in itertools.pairwise(ordered):
        kept.append(a)
        kept.extend(range(a + 1, min(a + 1 + EMPTY_RUN_KEPT, b)))
    kept.append(ordered[-1])
    return kept


def _title_row_count(grid: list[list[Cell]]) -> int:
    """How many leading rows are titles: rows holding at most one value, above
    the first row with two or more values. 0 when the sheet has one column,
    no such row, or a lone value that reaches down into the table."""
    n_cols = len(grid[0])
    if n_cols < 2:
        return 0
    for r, cells in enumerate(grid):
        filled = [cell for cell in cells if not cell.is_empty]
        if len(filled) >= 2:
            return r
        if filled and filled[0].rowspan > 1 and filled[0].colspan < n_cols:
            return 0  # e.g. a 序号 header cell merged down beside an empty one
    return 0


def _rebased(cells: list[Cell], start: int) -> list[Cell]:
    """covered_by counted from the Table's first row once title rows are lifted out."""
    for cell in cells:
        if cell.covered_by is not None:
            row, col = cell.covered_by
            cell.covered_by = (row - start, col) if row >= start else None
    return cells
