"""The column typer and the header finder: table-driven, no file format involved."""

from __future__ import annotations

import pytest

from qingdan_extract.ir import Cell, Row, Table
from qingdan_extract.lexicon import CONTENT, NONE, RULE, SYNONYM
from qingdan_extract.reassemble.columns import ColumnHeader, type_columns
from qingdan_extract.reassemble.header import find_header


def fields(headers: list[str], *rows: list[str]) -> list[str | None]:
    values = [[r[c] for r in rows] for c in range(len(headers))]
    return [m.field for m in type_columns([ColumnHeader(h) for h in headers], values)]


@pytest.mark.parametrize(
    ("headers", "rows", "expected"),
    [
        # the header decides
        (["序号", "事项名称", "实施机关"], [["1", "甲的审批", "区发改局"]], ["seq", "name", "subject"]),
        # 事项类别 is a category when its values are categories, a class of check when they are not
        (["序号", "事项类别", "事项名称"], [["1", "行政许可", "甲"]], ["seq", "category", "name"]),
        (["序号", "事项类别", "事项名称"], [["1", "一般检查事项", "甲"]], ["seq", None, "name"]),
        (["抽查类型", "抽查事项"], [["定向", "甲"]], [None, "name"]),
        # a field claimed twice keeps its first column
        (["序号", "事项名称", "追责情形", "追责形式"], [["1", "甲", "a", "b"]],
         ["seq", "name", "accountability", None]),
        (["联合抽查事项", "权责清单事项", "抽查事项"], [["甲", "乙", "丙"]], ["name", None, None]),
        # an empty header over serials is the serial column; an unknown one over citations the basis
        (["", "项目名称"], [["1", "甲"], ["2", "乙"]], ["seq", "name"]),
        (["序号", "名目", "条文"], [["1", "甲", "《条例》第三条"]], ["seq", "name", "basis"]),
        # no header names the item: the first free column of differing text
        (["序号", "甲乙", "丙丁"], [["1", "对甲的处罚", "行政处罚"], ["2", "对乙的处罚", "行政处罚"]],
         ["seq", "name", "category"]),
    ],
)  # fmt: skip
def test_columns_are_typed_by_header_and_content(
    headers: list[str], rows: list[list[str]], expected: list[str | None]
) -> None:
    assert fields(headers, *rows) == expected


def test_every_mapping_says_how_it_was_made() -> None:
    values = [
        ["1", "2"],
        ["甲", "乙"],
        ["行政许可", "行政处罚"],
        ["x", "y"],
        ["一般检查事项", "一般检查事项"],
    ]
    headers = ["", "拟实施职权名称", "执法类别", "承接单位", "事项类别"]
    got = type_columns([ColumnHeader(h) for h in headers], values)
    assert [(m.field, m.how) for m in got] == [
        ("seq", CONTENT),
        ("name", RULE),
        ("category", SYNONYM),
        (None, NONE),
        (None, CONTENT),
    ]
    assert got[4].note is not None and "事项类别" in got[4].note


def test_sub_columns_of_a_group_share_its_field_and_a_grid_goes_to_extra() -> None:
    headers = [
        ColumnHeader("序号"),
        ColumnHeader("项目名称"),
        ColumnHeader("法律", group="执法依据"),
        ColumnHeader("行政法规", group="执法依据"),
        ColumnHeader("省", group="行使层级"),
        ColumnHeader("县", group="行使层级"),
    ]
    values = [["1"], ["甲"], ["《法》"], [""], ["√"], ["×"]]
    got = type_columns(headers, values)
    assert [m.field for m in got] == ["seq", "name", "basis", "basis", None, None]
    assert [m.header for m in got[4:]] == ["行使层级省", "行使层级县"]


def cell(text: str = "", **kw: object) -> Cell:
    return Cell(lines=text.split("\n") if text else [], **kw)  # type: ignore[arg-type]


def table(*rows: list[str]) -> Table:
    return Table(rows=[Row(cells=[cell(t) for t in r]) for r in rows])


@pytest.mark.parametrize(
    ("rows", "span"),
    [
        # a header nobody listed, found above the first serial
        ([["序号", "甲栏", "乙栏"], ["1", "某事项", "某某局"]], (0, 1)),
        # a title row above the header, a section row between it and the items
        ([["清单", "", ""], ["序号", "事项名称", "备注"], ["一、行政许可", "", ""], ["1", "甲", ""]], (1, 2)),
        # no serials: the first row that reads like data ends the header
        ([["抽查事项", "检查依据"], ["对甲的检查", "《条例》第三条"]], (0, 1)),
        # a two-line header in text (no spans): the group row and its sub-columns
        ([["序号", "执法依据", "", "备注"], ["", "法律", "行政法规", ""], ["1", "《法》", "", ""]], (0, 2)),
        # no header at all: item rows only
        ([["1", "甲", "行政许可"], ["2", "乙", "行政许可"]], None),
    ],
)
def test_the_header_is_the_run_of_rows_above_the_first_item(
    rows: list[list[str]], span: tuple[int, int] | None
) -> None:
    t = table(*rows)
    for r in t.rows:  # a text in the first cell alone spans the row, as readers give titles
        if all(c.is_empty for c in r.cells[1:]) and not r.cells[0].is_empty:
            r.cells[0].colspan = len(r.cells)
            for c in range(1, len(r.cells)):
                r.cells[c] = Cell(covered_by=(t.rows.index(r), 0))
    found = find_header(t)
    assert (None if found is None else (found.start, found.end)) == span


def test_a_two_line_header_gives_each_sub_column_its_group() -> None:
    t = table(["序号", "执法依据", "", "备注"], ["", "法律", "行政法规", ""], ["1", "《法》", "", ""])
    found = find_header(t)
    assert found is not None
    assert [(c.group, c.own) for c in found.columns] == [
        ("", "序号"),
        ("执法依据", "法律"),
        ("执法依据", "行政法规"),
        ("", "备注"),
    ]
