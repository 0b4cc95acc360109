"""Property-based tests: the text reader and the reassembler never raise and never drop a cell.

Random rows of random CJK/ASCII cells under a header row: every non-empty cell of a
data row (whitespace removed) must turn up in some field, extra column, section or
title of some record (whitespace removed).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qingdan_extract.ir import Cell, Document, Row, Table
from qingdan_extract.model import Record
from qingdan_extract.normalize.records import to_record
from qingdan_extract.pipeline import extract_file
from qingdan_extract.reassemble import reassemble

HEADERS = ("序号", "职权名称", "职权类别", "实施依据", "实施主体", "责任事项", "办理环节", "备注")
CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400))  # common ideographs
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_WS = re.compile(r"\s+")

word = st.text(alphabet=CJK + ASCII, min_size=1, max_size=12)
cell_text = st.lists(word, min_size=1, max_size=3).map(" ".join)
maybe_cell = st.one_of(st.just(""), cell_text)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure here is a finding, not noise
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def lists(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (序号 and 职权名称 first, then some other columns) and data rows: a serial,
    a name, and cells that may be empty."""
    others = draw(st.lists(st.sampled_from(HEADERS[2:]), min_size=1, max_size=5, unique=True))
    header = [HEADERS[0], HEADERS[1], *others]
    n = draw(st.integers(min_value=1, max_value=8))
    rows = [[str(i + 1), draw(cell_text), *(draw(maybe_cell) for _ in others)] for i in range(n)]
    return header, rows


def squash(text: str) -> str:
    return _WS.sub("", text)


def haystack(records: list[Record]) -> str:
    parts: list[str] = []
    for record in records:
        data = record.model_dump(mode="json")
        parts += [str(v) for k, v in data.items() if isinstance(v, str)]
        parts += list(record.extra.values())
        parts += [record.source.title or ""]
    return squash("\u0001".join(parts))


def dropped(rows: list[list[str]], records: list[Record]) -> list[str]:
    found = haystack(records)
    return [c for r in rows for c in r if squash(c) and squash(c) not in found]


def word_dump(header: list[str], rows: list[list[str]]) -> str:
    """A Word table dumped one cell per tab-led line, a blank line after each row."""
    out = ["\t某局权责清单", ""]
    for cells in [header, *rows]:
        out += [f"\t{c}" for c in cells]
        out.append("")
    return "\n".join(out) + "\n"


def tab_separated(header: list[str], rows: list[list[str]]) -> str:
    return "# 某局权责清单\n\n" + "".join("\t".join(cells) + "\n" for cells in [header, *rows])


def extract_text(text: str, encoding: str = "utf-8") -> list[Record]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "list.txt"
        path.write_bytes(text.encode(encoding))
        return extract_file(path).records


@SETTINGS
@given(lists(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_text_reader_word_dump_keeps_every_cell(
    case: tuple[list[str], list[list[str]]], encoding: str
) -> None:
    header, rows = case
    records = extract_text(word_dump(header, rows), encoding)
    assert dropped(rows, records) == []


@SETTINGS
@given(lists())
def test_text_reader_tab_separated_keeps_every_cell(case: tuple[list[str], list[list[str]]]) -> None:
    header, rows = case
    records = extract_text(tab_separated(header, rows))
    assert len(records) == len(rows)
    assert dropped(rows, records) == []


def table_records(table: Table) -> list[Record]:
    doc = Document(path=Path("x.pdf"), format="pdf", blocks=[table])
    out: list[Record] = []
    for item in reassemble(doc).items:
        record = to_record(item, len(out) + 1, doc)
        if record is not None:
            out.append(record)
    return out


def ir_row(texts: list[str], page: int) -> Row:
    return Row(cells=[Cell(lines=t.split("\n") if t else [], page=page) for t in texts], page=page)


@st.composite
def ir_tables(draw: st.DrawFn) -> tuple[Table, list[list[str]]]:
    """A header row and data rows; some rows continue the item above (no serial, as after a
    page break), cells hold one or two lines."""
    header, rows = draw(lists())
    multi = st.one_of(st.just(""), st.lists(cell_text, min_size=1, max_size=2).map("\n".join))
    data: list[list[str]] = []
    for cells in rows:
        data.append([cells[0], cells[1], *(draw(multi) for _ in cells[2:])])
        if draw(st.booleans()):  # a continuation row: no serial
            data.append(["", *(draw(maybe_cell) for _ in cells[1:])])
    page = 1
    ir = [ir_row(header, page)]
    for cells in data:
        ir.append(ir_row(cells, page))
    return Table(rows=ir), data


# Found by hypothesis (minimal), kept as a regression example: a continuation row whose only
# text is a number in a text column (the tail of a cell cut by a page break) was re-placed into
# the serial column, became an item without a name and was dropped with its text.
LONE_NUMBER = [["1", "甲", "", ""], ["", "", "", "0"]]
LONE_NUMBER_TABLE = Table(
    rows=[ir_row(["序号", "职权名称", "职权类别", "实施依据"], 1), *(ir_row(r, 1) for r in LONE_NUMBER)]
)


@SETTINGS
@given(ir_tables())
@example((LONE_NUMBER_TABLE, LONE_NUMBER))
def test_reassembler_keeps_every_cell(case: tuple[Table, list[list[str]]]) -> None:
    table, rows = case
    records = table_records(table)
    assert dropped(rows, records) == []
