"""The reassembler on hand-built intermediates: no file format involved."""

from __future__ import annotations

from pathlib import Path

from qingdan_extract.ir import Cell, Document, Row, Table, TextLine
from qingdan_extract.model import Record
from qingdan_extract.normalize.records import to_record
from qingdan_extract.reassemble import reassemble


def cell(text: str = "", **kw: object) -> Cell:
    return Cell(lines=text.split("\n") if text else [], **kw)  # type: ignore[arg-type]


def row(*texts: str, page: int | None = None) -> Row:
    return Row(cells=[cell(t, page=page) for t in texts], page=page)


def records(*blocks: Table | TextLine) -> list[Record]:
    doc = Document(path=Path("x.pdf"), format="pdf", blocks=list(blocks))
    out = []
    for item in reassemble(doc).items:
        record = to_record(item, len(out) + 1, doc)
        assert record is not None
        out.append(record)
    return out


HEADER = ("序号", "职权名称", "职权类别", "实施依据")


def test_item_split_by_a_page_break_is_one_item_on_both_pages() -> None:
    page1 = Table(
        rows=[row(*HEADER, page=1), row("1", "对医疗保障经办机构骗取", "行政处罚", "《条例》第三", page=1)]
    )
    page2 = Table(
        rows=[row("", "医疗保障基金支出的处罚", "", "十七条", page=2), row("2", "乙", "行政检查", "", page=2)]
    )
    got = records(page1, page2)
    assert [r.name for r in got] == ["对医疗保障经办机构骗取医疗保障基金支出的处罚", "乙"]
    assert got[0].basis == "《条例》第三十七条"
    assert got[0].source.pages == [1, 2]


def test_repeated_header_with_other_spacing_and_brackets_is_not_a_new_list() -> None:
    t1 = Table(rows=[row("序号", "职权名称", "职权类别（类型）"), row("1", "甲", "行政许可")])
    t2 = Table(rows=[row("序 号", "职权\n名称", "职权类别(类型)"), row("2", "乙", "行政许可")])
    got = records(t1, t2)
    assert [(r.seq, r.source.table) for r in got] == [("1", 0), ("2", 0)]


def test_merged_category_cell_fills_every_item_it_covers() -> None:
    rows = [row(*HEADER), row("1", "甲", "行政处罚", ""), row("2", "乙", "", ""), row("3", "丙", "", "")]
    rows[1].cells[2].rowspan = 2
    rows[2].cells[2] = Cell(covered_by=(1, 2))
    got = records(Table(rows=rows))
    assert [r.category for r in got] == ["行政处罚", "行政处罚", None]


def test_merged_serial_sub_rows_and_full_width_notes_make_one_item() -> None:
    header = row("序号", "项目名称", "办理环节", "责任事项")
    first = row("1", "骗取医疗保障基金行为的处罚", "立案", "1.立案责任：审查。")
    second = Row(
        cells=[Cell(covered_by=(1, 0)), Cell(covered_by=(1, 1)), cell("调查"), cell("2.调查责任：取证。")]
    )
    first.cells[0].rowspan = first.cells[1].rowspan = 2
    note = Row(cells=[cell("调整情况：修改名称，新增依据", colspan=4)] + [Cell(covered_by=(3, 0))] * 3)
    got = records(Table(rows=[header, first, second, note, row("2", "乙", "立案", "")]))
    assert len(got) == 2
    assert got[0].responsibility == "1.立案责任：审查。\n2.调查责任：取证。"
    assert got[0].extra == {"办理环节": "立案\n调查", "调整情况": "修改名称，新增依据"}
    assert got[1].extra == {"办理环节": "立案"}


def test_section_rows_inside_the_table_give_section_and_category() -> None:
    rows = [row("序号", "职权名称", "实施依据"), row("一、行政许可（共1项）", "", ""), row("1", "甲", "")]
    rows[1].cells[0].colspan = 3
    got = records(Table(rows=rows))
    assert got[0].section == "一、行政许可（共1项）"
    assert (got[0].category, got[0].category_raw) == ("行政许可", "行政许可")


def test_two_row_header_maps_both_levels_and_is_not_an_item() -> None:
    top = row("序号", "职权名称", "", "职权类别")
    top.cells[1].colspan = 2
    top.cells[2] = Cell(covered_by=(0, 1))
    sub = Row(cells=[Cell(covered_by=(0, 0)), cell("项目"), cell("子项"), Cell(covered_by=(0, 3))])
    got = records(Table(rows=[top, sub, row("1", "甲", "甲一", "行政确认")]))
    assert [(r.name, r.sub_name, r.category) for r in got] == [("甲", "甲一", "行政确认")]


def test_form_layout_gives_one_item_per_form() -> None:
    def form(name: str, kind: str) -> Table:
        return Table(
            rows=[row("职权名称", name), row("职权类型", kind), row("实施依据", "《法》"), row("备注", "")]
        )

    got = records(TextLine("一、行政处罚"), form("甲", "行政处罚"), form("乙", "行政处罚"))
    assert [(r.name, r.category, r.basis, r.section) for r in got] == [
        ("甲", "行政处罚", "《法》", "一、行政处罚"),
        ("乙", "行政处罚", "《法》", "一、行政处罚"),
    ]


def test_unmapped_columns_are_kept_in_extra_under_their_header() -> None:
    got = records(
        Table(
            rows=[
                row("序号", "职权名称", "指导\n部门", "调整情况（新增/删除）"),
                row("1", "甲", "市局", "新增"),
            ]
        )
    )
    assert got[0].extra == {"指导部门": "市局", "调整情况（新增/删除）": "新增"}


def test_name_row_at_a_page_top_continues_an_item_that_has_a_category() -> None:
    """A new item would carry its own category; a name row without one finishes the name above."""
    page1 = Table(rows=[row(*HEADER, page=1), row("1", "对定点医药机构违法", "行政处罚", "《条例》", page=1)])
    page2 = Table(rows=[row("", "行为的处罚", "", "", page=2), row("2", "乙", "行政检查", "", page=2)])
    got = records(page1, page2)
    assert [r.name for r in got] == ["对定点医药机构违法行为的处罚", "乙"]
    assert any("read as the rest of this item" in w for w in got[0].warnings)


def test_name_row_at_a_page_top_is_a_new_item_in_a_list_that_prints_items_without_serials() -> None:
    """No category column at all, and items without a serial already seen mid-page: the row at
    the top of page 2 is another such item (said in a warning), not the rest of the one above."""
    header = ("序号", "职权名称", "实施依据")
    page1 = Table(
        rows=[
            row(*header, page=1),
            row("1", "医疗救助对象认定", "《社会救助暂行办法》", page=1),
            row("", "医疗保障待遇资格认定", "《社会保险法》", page=1),
        ]
    )
    page2 = Table(rows=[row("", "异地就医备案", "《办法》第五条", page=2), row("4", "丁", "", page=2)])
    got = records(page1, page2)
    assert [r.name for r in got] == ["医疗救助对象认定", "医疗保障待遇资格认定", "异地就医备案", "丁"]
    assert got[2].basis == "《办法》第五条" and got[2].source.pages == [2]
    assert any("read as a new item" in w for w in got[2].warnings)


def test_name_row_at_a_page_top_continues_when_the_list_numbers_every_item() -> None:
    """Same layout without unnumbered items before the break: the row finishes the item above."""
    header = ("序号", "职权名称", "实施依据")
    page1 = Table(rows=[row(*header, page=1), row("1", "医疗救助对象", "《社会救助", page=1)])
    page2 = Table(rows=[row("", "认定", "暂行办法》", page=2), row("2", "乙", "", page=2)])
    got = records(page1, page2)
    assert [r.name for r in got] == ["医疗救助对象认定", "乙"]
    assert got[0].basis == "《社会救助暂行办法》" and got[0].source.pages == [1, 2]
