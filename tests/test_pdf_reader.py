"""The PDF reader on the fixtures built by tests/pdf_fixtures/build.py."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from qingdan_extract.errors import InputError
from qingdan_extract.ir import Document, TextLine
from qingdan_extract.problems import Note, Problem
from qingdan_extract.readers.pdf import (
    Line,
    PrintedLine,
    Segment,
    centred_lines_above,
    close_cut_rows,
    continues_header,
    drop_rules_through_text,
    heading_goes_on,
    is_header_line,
    is_visible_rule,
    is_white,
    join_chars,
    join_spaced_words,
    merge_close_rules,
    read,
    size_runs,
    split_where_columns_change,
    straight_edges,
    warn_unmapped_glyphs,
)

FIXTURES = Path(__file__).parent / "pdf_fixtures"
CJK_SPACE = re.compile(
    r"[\u4e00-\u9fff\uff00-\uffef\u3000-\u303f] +[\u4e00-\u9fff\uff00-\uffef\u3000-\u303f]"
)


@pytest.fixture(scope="module")
def ruled() -> Document:
    return read(FIXTURES / "ruled.pdf")


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, TextLine)]


# --- ruled tables -----------------------------------------------------------


def test_one_table_per_page_in_reading_order(ruled: Document) -> None:
    assert ruled.format == "pdf"
    assert ruled.pages == 6
    tables = ruled.tables()
    assert [t.page for t in tables] == [1, 2, 3, 4, 5, 6]
    assert [t.n_cols for t in tables] == [4, 8, 8, 8, 8, 8]
    assert len(tables[0].rows) == 8
    kinds = [(type(b).__name__, b.page) for b in ruled.blocks[:5]]
    assert kinds == [("TextLine", 1)] * 3 + [("Table", 1), ("TextLine", 1)]


def test_text_outside_tables(ruled: Document) -> None:
    lines = texts(ruled)
    assert lines[:3] == ["测试县医疗保障局权责清单", "附件1", "（共5项）"]
    assert "联系电话：0951-1234567" in lines
    assert "附件2" in lines
    assert lines[-1] == "本清单自发布之日起施行。"


def test_every_row_has_a_cell_per_grid_column(ruled: Document) -> None:
    for table in ruled.tables():
        for row in table.rows:
            assert len(row.cells) == table.n_cols
            assert row.page == table.page and row.bbox is not None
            assert all(c.wrapped and c.page == table.page and c.bbox for c in row.cells)


def test_cells_wrap_into_visual_lines_without_spaces_between_cjk(ruled: Document) -> None:
    annex1 = ruled.tables()[0]
    assert annex1.rows[0].texts() == ["序号", "职权名称", "职权类别", "备注"]
    assert annex1.rows[2].cells[1].lines == ["定点医药机构资格审", "核"]
    for table in ruled.tables():
        for row in table.rows:
            for cell in row.cells:
                for line in cell.lines:
                    assert not CJK_SPACE.search(line), line


def test_space_kept_between_latin_words_only(ruled: Document) -> None:
    annex1 = ruled.tables()[0]
    assert annex1.rows[6].cells[3].text == "GB 18484-2020"
    basis = ruled.tables()[0 + 1].rows[2].cells[3].text.replace("\n", "")
    assert "国务院令第259号" in basis


def test_full_width_section_row(ruled: Document) -> None:
    row = ruled.tables()[0].rows[1]
    first = row.cells[0]
    assert first.text == "一、行政许可（共2项）"
    assert first.colspan == 4 and first.rowspan == 1
    assert [c.covered_by for c in row.cells[1:]] == [(1, 0)] * 3
    assert all(c.is_empty for c in row.cells[1:])


def test_vertically_merged_category_read_once(ruled: Document) -> None:
    rows = ruled.tables()[0].rows
    origin = rows[5].cells[2]
    assert origin.text == "行政处罚" and origin.rowspan == 3
    assert rows[6].cells[2].covered_by == (5, 2) and rows[6].cells[2].is_empty
    assert rows[7].cells[2].covered_by == (5, 2)


def test_two_row_header_with_colspan(ruled: Document) -> None:
    header = ruled.tables()[1].rows[:2]
    top, bottom = header
    assert top.cells[0].text == "序号" and top.cells[0].rowspan == 2
    assert top.cells[1].text == "职权名称" and top.cells[1].colspan == 2
    assert top.cells[2].covered_by == (0, 1)
    assert bottom.cells[0].covered_by == (0, 0)
    assert bottom.texts()[1:3] == ["项目", "子项"]


def test_stage_sub_rows_and_adjustment_row(ruled: Document) -> None:
    rows = ruled.tables()[1].rows
    assert [r.cells[5].text for r in rows[2:5]] == ["立案", "调查", "决定"]
    assert rows[2].cells[0].text == "1" and rows[2].cells[0].rowspan == 3
    assert rows[3].cells[0].covered_by == (2, 0) and rows[4].cells[1].covered_by == (2, 1)
    adjust = rows[5]
    assert adjust.cells[0].text == "调整情况"
    assert adjust.cells[1].text == "无调整" and adjust.cells[1].colspan == 4
    assert adjust.cells[5].text == "调整原因"


def test_row_broken_across_pages_stays_per_page(ruled: Document) -> None:
    # item 2's 实施依据 runs over pages 3-5: each page has its own table with the
    # repeated header and a continuation row whose only text is in 实施依据
    for table in ruled.tables()[2:5]:
        assert table.rows[0].cells[0].text == "序号"
        continuation = table.rows[2]
        assert continuation.non_empty() == [3]


def test_header_repeated_on_each_page(ruled: Document) -> None:
    for table in ruled.tables()[1:]:
        assert table.rows[0].texts()[:2] == ["序号", "职权名称"]


# --- traps ------------------------------------------------------------------


def test_invisible_and_white_rules_do_not_split_cells(ruled: Document) -> None:
    doc = read(FIXTURES / "hidden_rules.pdf")
    table = doc.tables()[0]
    assert table.n_cols == 4
    assert len(table.rows) == 8
    assert [r.texts() for r in table.rows] == [r.texts() for r in ruled.tables()[0].rows]


def test_visibility_of_rules() -> None:
    line = {
        "object_type": "line",
        "stroke": True,
        "fill": False,
        "stroking_color": (0,),
        "width": 100,
        "height": 0,
    }
    assert is_visible_rule(line)
    assert not is_visible_rule(dict(line, stroking_color=(1, 1, 1)))
    assert not is_visible_rule(dict(line, stroke=False))
    bar = {"object_type": "rect", "stroke": False, "fill": True, "non_stroking_color": (0, 0, 0, 1)}
    assert is_visible_rule(dict(bar, width=300, height=0.7))  # a border drawn as a thin filled rect
    assert not is_visible_rule(dict(bar, width=300, height=20))  # shading, not a rule
    assert not is_visible_rule(dict(bar, width=300, height=0.7, non_stroking_color=(0, 0, 0, 0)))
    assert is_white(1) and is_white((1.0, 1.0, 1.0)) and not is_white(None) and not is_white("P0")


def char(text: str, x0: float, width: float = 10.0, top: float = 100.0) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10, "size": 10.0}


def test_join_chars() -> None:
    chars = [char("第", 0), char("2", 13, 5), char("5", 18, 5), char("9", 23, 5), char("号", 30)]
    assert join_chars(chars) == "第259号"
    latin = [char("G", 0, 5), char("B", 5, 5), char("1", 14, 5), char("8", 19, 5)]
    assert join_chars(latin) == "GB 18"
    spread = [char("序", 0), char("号", 60)]  # 分散对齐: a heading spread over its cell
    assert join_chars(spread) == "序号"
    assert join_chars(spread, wide_gap=1.5) == "序 号"
    fake_bold = [char("处", 0), char("处", 0.3), char("罚", 10)]
    assert join_chars(fake_bold) == "处罚"


def test_unmapped_glyphs_are_reported_per_page() -> None:
    warnings: list[Note] = []
    warn_unmapped_glyphs([char("(cid:12)", 0), char("(cid:7)", 10), char("权", 20)], 3, warnings)
    (problem,) = warnings
    assert isinstance(problem, Problem) and (problem.code, problem.page, problem.doubtful) == (
        "unmapped-glyphs",
        3,
        True,
    )
    assert problem.message.startswith("page 3: 2 characters") and "(cid:NN)" in problem.message


# --- tables without rules, pages without tables ------------------------------


def test_unruled_table_columns_are_guessed() -> None:
    doc = read(FIXTURES / "plain.pdf")
    (table,) = doc.tables()
    assert table.guessed_columns
    assert table.n_cols == 4
    assert table.rows[0].texts() == ["序号", "职权名称", "职权类别", "实施依据"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["1", "2", "3", "4"]
    assert [r.cells[2].text for r in table.rows[1:]] == ["行政许可", "行政给付", "行政许可", "行政处罚"]
    assert table.rows[4].cells[1].lines == ["对违反森林防火规定", "的处罚"]
    assert table.rows[2].cells[3].text.replace("\n", "") == "《社会救助暂行办法》第四十七条"
    assert texts(doc) == ["测试乡人民政府权责清单", "联系电话：0951-7654321"]


def test_text_without_table_is_not_an_error() -> None:
    doc = read(FIXTURES / "no_table.pdf")
    assert doc.tables() == []
    assert texts(doc) == [
        "关于公布权责清单的通知",
        "各乡镇人民政府、县直各部门：",
        "现将本局权责清单予以公布，请遵照执行。",
    ]


# --- errors -----------------------------------------------------------------


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read(path)
    assert info.value.path == path
    return info.value.message


def test_encrypted_pdf() -> None:
    assert error_of(FIXTURES / "encrypted.pdf").startswith("encrypted PDF; decrypt it first")


def test_truncated_pdf() -> None:
    assert error_of(FIXTURES / "truncated.pdf").startswith("truncated PDF")


def test_no_text_layer() -> None:
    """The fixture's one page is an image of lines: OCR finds no text on it; with OCR off, the
    error says to OCR it first."""
    from qingdan_extract.readers import set_ocr_mode

    assert (
        error_of(FIXTURES / "no_text.pdf")
        == "no text layer (scanned image?), and OCR found no text on any page"
    )
    set_ocr_mode("off")
    try:
        assert error_of(FIXTURES / "no_text.pdf") == "no text layer (scanned image?); OCR it first"
    finally:
        set_ocr_mode("auto")


def test_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "list.pdf"
    fake.write_text("<html>权责清单</html>", encoding="utf-8")
    assert error_of(fake) == "not a PDF (no %PDF- header)"


def test_corrupt_pdf(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ngarbage\n%%EOF\n")
    assert error_of(broken).startswith("corrupt or truncated PDF")


# --- inspect ----------------------------------------------------------------


def test_draw_page_writes_a_png(tmp_path: Path) -> None:
    from PIL import Image

    from qingdan_extract.inspect_pdf import draw_page

    out = tmp_path / "page.png"
    draw_page(FIXTURES / "ruled.pdf", 2, out, item_starts=[(60.0, 100.0, 120.0, 120.0)])
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.size == (1100, 850)  # landscape letter at 100 dpi
    with pytest.raises(InputError, match="out of range"):
        draw_page(FIXTURES / "ruled.pdf", 9, out)


def test_larger_type_outside_tables_is_a_heading(ruled: Document) -> None:
    lines = [b for b in ruled.blocks if isinstance(b, TextLine)]
    assert [line.text for line in lines if line.heading] == ["测试县医疗保障局权责清单"]


def hrule(y: float) -> dict[str, Any]:
    return {"orientation": "h", "x0": 0.0, "x1": 200.0, "top": y, "bottom": y}


def test_close_rules_without_text_between_are_one() -> None:
    text = [char("权", 20, top=60)]  # a line of 10pt text, centre at y=65
    merged = merge_close_rules([hrule(50), hrule(55), hrule(80), hrule(86)], text)
    assert [e["top"] for e in merged] == [50, 50, 80, 80]
    # 5pt apart, but a char sits between them: two rules
    kept = merge_close_rules([hrule(62), hrule(67)], text)
    assert [e["top"] for e in kept] == [62, 67]


def test_strike_through_is_not_a_border() -> None:
    text = [char("删", 20, top=60), char("除", 30, top=60)]
    kept = drop_rules_through_text([hrule(59), hrule(65), hrule(71)], text)
    assert [e["top"] for e in kept] == [59, 71]


def test_rules_off_straight_by_rounding_are_straightened_and_diagonals_dropped() -> None:
    """pdfplumber calls a line "vertical" unless its ends have exactly equal y; on a rotated
    page they differ by ~1e-14, and a row border was lost (samples/pdf_yumen_rotated.pdf)."""

    def line(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top}

    got = straight_edges(
        [
            line(10, 100.0, 300, 100.00000000000003),  # a horizontal rule, rotated
            line(57.00000000000003, 50, 57.0, 400),  # a vertical rule, rotated
            line(10, 50, 60, 90),  # a diagonal in a header's corner cell
        ]
    )
    assert [(e["orientation"], e["top"], e["bottom"], e["x0"], e["x1"]) for e in got] == [
        ("h", pytest.approx(100.0), pytest.approx(100.0), 10, 300),
        ("v", 50, 400, pytest.approx(57.0), pytest.approx(57.0)),
    ]
    assert got[0]["top"] == got[0]["bottom"] and got[1]["x0"] == got[1]["x1"]


@pytest.mark.parametrize(
    ("above", "text", "continues"),
    [
        ("序", "号", True),  # a header word completed across the wrap
        ("职权类", "别", True),
        ("子项名称（无子项时", "无需填写）", True),  # an open note goes on
        ("备注", "（无子项时无需填写）", True),  # a note on a line of its own
        ("履职方式", "序中也应当告知。因此，", False),  # an item's text under a repeated header
        ("设定依据", "依据《行政处罚法》", False),  # a header word in the text is not a join
        ("追责情形", "（一）未依法履行职责的", False),  # an enumeration, not a note
    ],
)
def test_header_lines_continue_only_with_header_text(above: str, text: str, continues: bool) -> None:
    assert continues_header(above, text) is continues


def vrule(x: float, top: float, bottom: float) -> dict[str, Any]:
    return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}


def h_between(y: float, x0: float, x1: float) -> dict[str, Any]:
    return {"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y}


# a table of three columns (x 0, 100, 200, 300), rules across at 50 and 100
TABLE_TOP = [h_between(50, 0, 300), h_between(100, 0, 300)]


@pytest.mark.parametrize(
    ("edges", "text_top", "closed_at"),
    [
        # the column rules run on to 780 with nothing across: the page break cut a row
        (TABLE_TOP + [vrule(x, 50, 780) for x in (0, 100, 200, 300)], 400, [780]),
        # the same drawn a cell at a time: each cell's rules end where the next begin
        (
            TABLE_TOP
            + [vrule(x, 50, 100) for x in (0, 100, 200, 300)]
            + [vrule(x, 100, 780) for x in (0, 100, 200, 300)],
            400,
            [780],
        ),
        # a rule across at the bottom already: nothing added
        (TABLE_TOP + [h_between(780, 0, 300)] + [vrule(x, 50, 780) for x in (0, 100, 200, 300)], 400, []),
        # nothing written in the open band: nothing was cut
        (TABLE_TOP + [vrule(x, 50, 780) for x in (0, 100, 200, 300)], 75, []),
        # two rules only (a box beside the table, a margin line): no table's row
        (TABLE_TOP + [vrule(x, 50, 780) for x in (0, 300)], 400, []),
        # at the top of the next page: the rules start at 30, the first rule across is at 100
        (
            [h_between(100, 0, 300), h_between(150, 0, 300)]
            + [vrule(x, 30, 150) for x in (0, 100, 200, 300)],
            60,
            [30],
        ),
    ],
)
def test_a_row_cut_by_the_page_break_is_closed(
    edges: list[dict[str, Any]], text_top: float, closed_at: list[float]
) -> None:
    text = [char("金", 110, top=text_top)]
    added = close_cut_rows(edges, text)[len(edges) :]
    assert [e["top"] for e in added] == closed_at
    assert all(e["orientation"] == "h" and (e["x0"], e["x1"]) == (0, 300) for e in added)


def printed(text: str, x0: float, top: float, size: float = 16.0, heading: bool = True) -> PrintedLine:
    width = size * len(text)
    return PrintedLine(
        text=text, x0=x0, x1=x0 + width, top=top, bottom=top + size, size=size, heading=heading
    )


@pytest.mark.parametrize(
    ("above", "below", "goes_on"),
    [
        # a centred title over two lines (the second centred under the first)
        (printed("2023年度沂源县市场监管领域跨部门联合抽查", 100, 100), printed("事项清单", 244, 120), True),
        # a blank line between: two headings
        (printed("2023年度沂源县市场监管领域跨部门联合抽查", 100, 100), printed("事项清单", 244, 150), False),
        # "附件1" on the left over the centred title
        (printed("附件1", 40, 100), printed("行政许可事项清单", 236, 120), False),
        # another size
        (printed("某某区权责清单", 200, 100), printed("（2024年版）", 210, 120, size=12), False),
        # body text under a title
        (
            printed("某某区权责清单", 200, 100),
            printed("发布时间：2024-01-01", 180, 120, heading=False),
            False,
        ),
    ],
)
def test_a_heading_goes_on_in_the_next_line(above: PrintedLine, below: PrintedLine, goes_on: bool) -> None:
    assert heading_goes_on(above, below) is goes_on


def grid_cells(top: float, bottom: float, xs: list[float]) -> list[tuple[float, float, float, float]]:
    return [(a, top, b, bottom) for a, b in itertools.pairwise(xs)]


@pytest.mark.parametrize(
    ("cells", "parts"),
    [
        # one table: a header, a full-width section row, two rows
        (
            grid_cells(0, 20, [0, 50, 200, 300])
            + grid_cells(20, 30, [0, 300])
            + grid_cells(30, 60, [0, 50, 200, 300])
            + grid_cells(60, 90, [0, 50, 200, 300]),
            [10],
        ),
        # a grouped header over sub-columns: the rows below only split a column
        (grid_cells(0, 20, [0, 50, 300]) + grid_cells(20, 40, [0, 50, 120, 300]), [5]),
        # a second header row under a group, beside cells reaching down from the first
        (
            [
                (0, 0, 50, 40),
                (50, 0, 200, 20),
                (200, 0, 300, 40),
                *grid_cells(20, 40, [50, 100, 150, 200]),
                *grid_cells(40, 60, [0, 50, 100, 150, 200, 300]),
            ],
            [11],
        ),
        # an adjustment row merging cells of the grid: "调整情况 | 无调整 (over three) | 原因"
        (grid_cells(0, 20, [0, 50, 120, 200, 250, 300]) + grid_cells(20, 40, [0, 50, 250, 300]), [8]),
        # a second table under the first, with columns of its own
        (
            grid_cells(0, 20, [0, 50, 200, 300])
            + grid_cells(20, 50, [0, 50, 200, 300])
            + grid_cells(50, 80, [0, 30, 150, 300]),
            [6, 3],
        ),
    ],
)
def test_touching_tables_with_columns_of_their_own_are_two(
    cells: list[tuple[float, float, float, float]], parts: list[int]
) -> None:
    assert [len(p) for p in split_where_columns_change(cells)] == parts


def test_text_beside_a_title_in_another_size_is_another_line() -> None:
    def sized(text: str, x0: float, size: float) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x0 + size, "top": 100.0, "bottom": 100 + size, "size": size}

    nav = [sized(c, 40 + 10 * i, 10) for i, c in enumerate("信息公开")]
    title = [sized(c, 200 + 18 * i, 18) for i, c in enumerate("权责清单")]
    date = [sized(c, 300 + 18 * i, 18) for i, c in enumerate("2024")]
    runs = size_runs(nav + title + date)
    assert ["".join(c["text"] for c in run) for run in runs] == ["信息公开", "权责清单2024"]


def seg(text: str, x0: float, top: float) -> Segment:
    return Segment([{"text": c, "x0": x0 + 10 * i, "x1": x0 + 10 * (i + 1), "top": top, "bottom": top + 10,
                     "size": 10.0} for i, c in enumerate(text)])  # fmt: skip


def line_at(top: float, serial: bool = False) -> Line:
    return Line(top=top, cols=[[seg("1", 0, top)] if serial else [], [seg("文字", 50, top)]])


@pytest.mark.parametrize(
    ("previous", "top", "moved"),
    [
        # the row above: its serial line, a blank, then two lines right over the next serial
        ([line_at(0, serial=True), line_at(36), line_at(48)], 60, 2),
        # no blank line between: the row above runs on to the next serial (top-aligned cells)
        ([line_at(0, serial=True), line_at(12), line_at(24)], 36, 0),
        # a blank line before the next serial: its lines are the row above's
        ([line_at(0, serial=True), line_at(36)], 72, 0),
        # a row without a serial (the rest of an item a page break cut) stays whole
        ([line_at(0), line_at(36), line_at(48)], 60, 0),
    ],
)
def test_a_centred_cell_begins_above_its_rows_serial(previous: list[Line], top: float, moved: int) -> None:
    assert len(centred_lines_above(previous, top, pitch=12.0)) == moved


@pytest.mark.parametrize(
    ("texts", "header"),
    [
        (["序号", "事项类别", "实施单位", "实施清单事项名称", "承接单位", "备", "注"], True),  # 备　注 spaced
        (["序号", "检查对象", "抽查比例及频次", "检查时间", "参检单位"], True),  # known headers, few parts
        (["1", "行政许可", "市政府", "测量标志拆迁审批", "广州开发区管委会"], False),
        (["序号", "名称"], False),  # two pieces: not a table's header line
    ],
)
def test_an_unruled_header_line_is_known_by_its_words(texts: list[str], header: bool) -> None:
    segments = [seg(t, 100 * i, 0) for i, t in enumerate(texts)]
    assert is_header_line(segments) is header


def test_letter_spaced_header_words_are_one_piece() -> None:
    pieces = join_spaced_words([seg("承接单位", 0, 0), seg("备", 100, 0), seg("注", 130, 0)])
    assert [p.text for p in pieces] == ["承接单位", "备注"]
