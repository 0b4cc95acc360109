"""Plain-text lists: three layouts, told apart by their content.

* Word-table dump: every cell starts on a line of its own with a tab; lines
  without a tab continue the cell; a blank line ends a row; a line starting
  " \\t" is a row whose first cell is empty (seeds 001, 003).
* Tab-separated export: one row per line, cells separated by tabs, HTML
  inside cells, "#"-marked headings between the tables (seeds 002, 004);
  a quoted cell may run over several lines, as Excel writes it (delimited.py).
* CSV (by the ".csv" suffix): the same with commas.
* Space-aligned text, as copied out of a PDF: a header line such as
  "序号 职权名称 职权类别" and rows "1 名称 类别" split on spaces (seed 000).
  Tables whose columns the copy interleaved line by line cannot be read back;
  they are reported, never guessed.

The file is decoded as UTF-8 (with or without BOM), GB18030, or UTF-16 with a
BOM (Excel's "Unicode text"), and read line by line, so a very large file is
not held in memory twice. A few broken bytes (or NUL bytes) do not reject the
file: they become U+FFFD (NULs are dropped) with a warning naming the lines.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import limits
from ..errors import InputError
from ..ir import Block, Cell, Document, Row, Table, TextLine
from ..lexicon import field_for_header
from ..problems import Note, Problem
from . import sniff
from .delimited import records
from .html_text import clean_line, html_fragment_to_lines

SNIFF_BYTES = 1 << 20
HEAD_LINES = 20_000  # lines looked at to tell the layout and the row width
CHUNK_ROWS = 1_000  # a longer table is passed on in pieces (Table.continued)
# Text is binary when more than this share of its first 4 KB is control bytes (NUL included):
# one stray NUL is damage to report, UTF-16 without a BOM (half NULs) or an image is not text.
MAX_CONTROL_SHARE = 0.05
LINES_NAMED = 5  # lines listed in a warning about broken bytes; the rest are counted
_SERIAL = re.compile(r"\d{1,4}")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def read(path: Path) -> Document:
    doc = Document(path=path, format="text")
    encoding = sniff_encoding(path)
    lines = iter_lines(path, encoding, doc.warnings)
    head = list(itertools.islice(lines, HEAD_LINES))
    layout = "csv" if path.suffix.lower() == ".csv" else detect_layout(head)
    all_lines = itertools.chain(head, lines)
    doc.format = "csv" if layout == "csv" else "text"
    if layout == "word":
        blocks = read_word_dump(all_lines, typical_row_width(head))
    elif layout in ("tsv", "csv"):
        blocks = read_delimited(all_lines, "," if layout == "csv" else "\t")
    else:
        blocks = read_space_aligned(all_lines, doc.warnings)
    doc.blocks = _named(blocks, path)
    return doc


def _named(blocks: Iterable[Block], path: Path) -> Iterator[Block]:
    """The blocks; a limit raised while reading them (without a file name) gets this file's."""
    try:
        yield from blocks
    except InputError as exc:
        if exc.path.name:
            raise
        raise InputError(path, exc.message) from None


# --- decoding -----------------------------------------------------------------


def sniff_encoding(path: Path) -> str:
    """UTF-16 with its BOM, UTF-8 (BOM or not) or GB18030, judged on the first megabyte:
    the first that decodes it with at most a few broken bytes (sniff.MAX_BAD_SHARE)."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # Excel's "Unicode text" export
    if looks_binary(head):
        raise InputError(path, "not a text file (binary content)")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # a multi-byte character may be cut at the end of the sample: one broken sequence there
    decoded = sniff.decode(head, ("utf-8", "gb18030"))
    if decoded.bad > 1 and decoded.bad / max(1, sniff.count_non_ascii(head)) > sniff.MAX_BAD_SHARE:
        raise InputError(path, "text is neither UTF-8 nor GB18030")
    return decoded.encoding


def looks_binary(head: bytes) -> bool:
    sample = head[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(sample) > 0 and controls / len(sample) > MAX_CONTROL_SHARE


def iter_lines(path: Path, encoding: str, warnings: list[Note] | None = None) -> Iterator[str]:
    """The file's lines. Broken bytes become U+FFFD and NUL bytes are dropped, with one
    warning at the end naming the first lines where that happened. A line longer than the
    size limit is refused: it would be held whole."""
    limit = limits.current.max_size
    damaged: list[int] = []
    line_no = 0
    try:
        with path.open(encoding=encoding, errors=sniff.ERRORS, newline=None) as fh:
            while line := fh.readline(limit + 1):
                line_no += 1
                if len(line) > limit:
                    limits.check_size(path, f"line {line_no} is longer than", len(line))
                if sniff.BAD in line or "\x00" in line:
                    damaged.append(line_no)
                    line = line.replace(sniff.BAD, sniff.REPLACEMENT).replace("\x00", "")
                yield line.rstrip("\n")
    except UnicodeDecodeError as exc:  # an error the handler does not cover (a cut UTF-16 pair)
        raise InputError(path, f"text is not valid {encoding} (byte {exc.start} onwards)") from exc
    if damaged and warnings is not None:
        named = ", ".join(str(n) for n in damaged[:LINES_NAMED])
        more = f" and {len(damaged) - LINES_NAMED} more" if len(damaged) > LINES_NAMED else ""
        message = (
            f"undecodable {encoding} bytes (replaced by U+FFFD) or NUL bytes (dropped) on line {named}{more}"
        )
        warnings.append(Problem("bad-bytes", message, line=damaged[0]))


# --- layout detection ------------------------------------------------------------


def detect_layout(lines: Iterable[str]) -> str:
    """The layout, "word", "tsv" or "spaces", judged by counting line shapes."""
    word = tsv = 0
    for line in itertools.islice(lines, HEAD_LINES):
        if "\t" not in line:
            continue
        body = line[1:] if line.startswith("\t") else line[2:] if line.startswith(" \t") else None
        if body is not None and "\t" not in body:
            word += 1
        elif line.count("\t") >= 2:
            tsv += 1
    if word == 0 and tsv == 0:
        return "spaces"
    return "word" if word >= tsv else "tsv"


def text_line(text: str, line_no: int) -> TextLine:
    """A line outside tables; a Markdown "#" marks a heading."""
    heading = bool(_MARKDOWN_HEADING.match(text))
    return TextLine(text=clean_line(_MARKDOWN_HEADING.sub("", text)), line_no=line_no, heading=heading)


def full_width_row(text: str, line_no: int, n_cols: int, row_index: int) -> Row:
    """A row holding one cell that spans the table (a title or section row)."""
    cells = [Cell(lines=[text], colspan=n_cols, line_no=line_no)]
    cells += [Cell(covered_by=(row_index, 0)) for _ in range(n_cols - 1)]
    return Row(cells=cells, line_no=line_no)


# --- Word-table dump -----------------------------------------------------------


def read_word_dump(lines: Iterable[str], n_cols: int) -> Iterator[Block]:
    """Cells start with a tab; blank lines end rows once a row is complete."""
    rows: list[list[Cell]] = []
    row: list[Cell] | None = None
    blank_before = False
    continued = False

    for line_no, line in enumerate(lines, start=1):
        if not line.strip() and not line.startswith("\t"):
            blank_before = True
            continue
        if line.startswith(("\t", " \t")):
            empty_first = line.startswith(" \t")
            text = clean_line(line.split("\t", 1)[1])
            if row is not None and (
                empty_first
                or len(row) >= n_cols
                or (blank_before and _SERIAL.fullmatch(text))  # a blank line, then a serial: the next item
                or (
                    blank_before and len(row) == 1 and text in ("序号", "编号")
                )  # a title row, then the header
            ):
                rows.append(row)
                row = None
            if len(rows) >= CHUNK_ROWS:
                yield word_table(rows, n_cols, continued)
                rows, continued = [], True
            if row is None:
                row = [Cell(line_no=line_no)] if empty_first else []
            # a dump cannot tell a paragraph from a line the cell wrapped: let the normaliser judge
            row.append(Cell(lines=[text] if text else [], wrapped=True, line_no=line_no))
        elif row is not None and row and not (blank_before and len(row) >= n_cols):
            row[-1].lines.append(clean_line(line))  # a further paragraph of the cell
        else:
            if row is not None:
                rows.append(row)
                row = None
            if rows:
                yield word_table(rows, n_cols, continued)
                rows, continued = [], False
            yield text_line(line, line_no)
        blank_before = False
    if row is not None:
        rows.append(row)
    if rows:
        yield word_table(rows, n_cols, continued)


def typical_row_width(lines: Iterable[str]) -> int:
    """The most common number of cells between blank lines (the header's width)."""
    widths: Counter[int] = Counter()
    count = 0
    for line in lines:
        if line.startswith(("\t", " \t")):
            count += 1
        elif not line.strip() and count:
            widths[count] += 1
            count = 0
    if count:
        widths[count] += 1
    wide = {w: n for w, n in widths.items() if w >= 3}
    return max(wide, key=lambda w: (wide[w], w)) if wide else max(widths, default=1)


def word_table(rows: list[list[Cell]], n_cols: int, continued: bool = False) -> Table:
    width = max(n_cols, *(len(r) for r in rows))
    out: list[Row] = []
    for cells in rows:
        line_no = cells[0].line_no
        non_empty = [c for c in cells if not c.is_empty]
        if len(cells) == 1 and non_empty:
            out.append(full_width_row(cells[0].text, line_no or 0, width, len(out)))
            continue
        cells = cells + [Cell() for _ in range(width - len(cells))]
        out.append(Row(cells=cells, line_no=line_no))
    return Table(rows=out, continued=continued)


# --- tab-separated export ------------------------------------------------------


def read_delimited(lines: Iterable[str], delimiter: str) -> Iterator[Block]:
    """One row per record (quoted cells may span lines); a blank or plain line ends a table."""
    rows: list[Row] = []
    continued = False
    for line_no, fields in records(lines, delimiter):
        if len(fields) > 1:
            rows.append(Row(cells=[delimited_cell(raw, line_no) for raw in fields], line_no=line_no))
            if len(rows) >= CHUNK_ROWS:
                yield Table(rows=pad_rows(rows), continued=continued)
                rows, continued = [], True
            continue
        if rows:
            yield Table(rows=pad_rows(rows), continued=continued)
        rows, continued = [], False
        if fields[0].strip():
            yield text_line(fields[0], line_no)
    if rows:
        yield Table(rows=pad_rows(rows), continued=continued)


def delimited_cell(raw: str, line_no: int) -> Cell:
    """HTML inside a cell is read as HTML; otherwise its line breaks are the author's."""
    if _HTML_TAG.search(raw) or "&" in raw:
        lines = html_fragment_to_lines(raw)
    else:
        lines = [line for line in (clean_line(part) for part in raw.splitlines()) if line]
    return Cell(lines=lines, line_no=line_no)


def pad_rows(rows: list[Row]) -> list[Row]:
    width = max(len(r.cells) for r in rows)
    for row in rows:
        row.cells += [Cell(line_no=row.line_no) for _ in range(width - len(row.cells))]
    return rows


# --- space-aligned text (copied from a PDF) ------------------------------------


def read_space_aligned(lines: Iterable[str], warnings: list[Note]) -> Iterator[Block]:
    """Rows "1 名称 类别" under a header "序号 职权名称 职权类别"; warnings are added as found."""
    header: list[str] | None = None
    rows: list[Row] = []
    guessed = continued = False
    attachment = "the text"
    reported: set[str] = set()

    for line_no, line in enumerate(lines, start=1):
        tokens = line.split(None, limits.current.max_row_cells)  # a line of a million spaced words is one row
        if not tokens:
            continue
        if len(rows) >= CHUNK_ROWS:
            yield Table(rows=rows, guessed_columns=guessed, continued=continued)
            rows, guessed, continued = [], False, True
        if _ATTACHMENT.match(line.strip()):
            header = None
            attachment = clean_line(line)
        if is_space_header(tokens):
            header = tokens
            rows.append(space_row(tokens, tokens, line_no))
            continue
        if header and _SERIAL.fullmatch(tokens[0]) and len(tokens) >= len(header):
            rows.append(space_row(header, tokens, line_no))
            guessed = guessed or len(tokens) > len(header)
            continue
        if header is None and count_header_words(tokens) >= 2 and attachment not in reported:
            reported.add(attachment)
            message = (
                f"line {line_no} ({attachment}): this table's header is split over several lines and its "
                "columns are interleaved line by line, as in text copied from a PDF; its rows cannot be "
                "recovered from this text — run qingdan-extract on the original PDF"
            )
            warnings.append(Problem("interleaved-text", message, line=line_no))
        if rows:
            yield Table(rows=rows, guessed_columns=guessed, continued=continued)
        rows, guessed, continued = [], False, False
        yield text_line(line, line_no)
    if rows:
        yield Table(rows=rows, guessed_columns=guessed, continued=continued)


def count_header_words(tokens: list[str]) -> int:
    return sum(1 for t in tokens if field_for_header(t) is not None)


def is_space_header(tokens: list[str]) -> bool:
    """A header line names the serial column first and at least two more known columns."""
    return len(tokens) >= 3 and field_for_header(tokens[0]) == "seq" and count_header_words(tokens) >= 3


def space_row(header: list[str], tokens: list[str], line_no: int) -> Row:
    """Split a line into the header's columns; surplus words go to the name column (a guess)."""
    width = len(header)
    surplus = len(tokens) - width
    wide = name_column(header)
    if surplus > 0:
        merged = " ".join(tokens[wide : wide + surplus + 1])
        tokens = [*tokens[:wide], merged, *tokens[wide + surplus + 1 :]]
    cells = [Cell(lines=[t], line_no=line_no) for t in tokens]
    return Row(cells=cells, line_no=line_no)


def name_column(header: list[str]) -> int:
    for i, token in enumerate(header):
        if field_for_header(token) == "name":
            return i
    return min(1, len(header) - 1)
