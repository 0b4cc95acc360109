"""Readers for Word, web pages and spreadsheets, tested on small real files built here."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import xlwt
from openpyxl.styles import Font

from qingdan_extract.errors import InputError
from qingdan_extract.ir import Document, Table, TextLine
from qingdan_extract.problems import Problem
from qingdan_extract.readers import docx as docx_reader
from qingdan_extract.readers import html as html_reader
from qingdan_extract.readers import read_document
from qingdan_extract.readers import xlsx as xlsx_reader
from qingdan_extract.readers.html_text import html_fragment_to_lines

from conftest import GOLDEN, SAMPLES, run_cli

HEADER = ["序号", "职权名称", "职权类别", "实施依据"]


def text_lines(doc: Document) -> list[TextLine]:
    return [b for b in doc.blocks if isinstance(b, TextLine)]


def block_kinds(doc: Document) -> list[str]:
    return ["table" if isinstance(b, Table) else "text" for b in doc.blocks]


def spans(table: Table) -> list[list[tuple[str, int, int, tuple[int, int] | None]]]:
    """Each cell as (text, rowspan, colspan, covered_by) for compact asserts."""
    return [[(c.text, c.rowspan, c.colspan, c.covered_by) for c in row.cells] for row in table.rows]


def assert_grid_is_rectangular(table: Table) -> None:
    assert {len(row.cells) for row in table.rows} == {table.n_cols}


# ================================================================ html_text


def test_fragment_paragraphs_become_lines() -> None:
    fragment = "<p>【法律】《中华人民共和国社会保险法》（2018 年修正）</p> <p>第八十七条 社会保险经办机构</p>"
    assert html_fragment_to_lines(fragment) == [
        "【法律】《中华人民共和国社会保险法》（2018 年修正）",
        "第八十七条 社会保险经办机构",
    ]


def test_fragment_inline_markup_is_removed() -> None:
    assert html_fragment_to_lines("<p><b>【法律】</b>《某法》第三条</p>") == ["【法律】《某法》第三条"]


def test_fragment_breaks_entities_and_spaces() -> None:
    fragment = "a<br>b<br/>  <br>c&amp;d\u3000\u3000e&nbsp;&nbsp;f<div>g</div><li> h </li>"
    assert html_fragment_to_lines(fragment) == ["a", "b", "c&d e f", "g", "h"]


def test_fragment_without_markup_and_empty_fragments() -> None:
    assert html_fragment_to_lines("  1 < 2  ") == ["1 < 2"]
    assert html_fragment_to_lines("") == []
    assert html_fragment_to_lines("<p> </p><p></p>") == []


def test_fragment_skips_scripts_and_comments() -> None:
    assert html_fragment_to_lines("<!-- note --><script>var x;</script>正文<style>p{}</style>") == ["正文"]


# ================================================================ docx


def make_docx(path: Path) -> Path:
    """A title, labels, a bold section heading and a table with both kinds of merge."""
    document = docx.Document()
    document.add_heading("某局权责清单", level=1)
    document.add_paragraph("附件1")
    document.add_paragraph().add_run("一、行政许可（共2项）").bold = True
    table = document.add_table(rows=5, cols=4)
    for i, header in enumerate(HEADER):
        table.cell(0, i).text = header
    for r, (seq, name) in enumerate([("1", "甲许可"), ("2", "乙许可")], start=1):
        table.cell(r, 0).text = seq
        table.cell(r, 1).text = name
    table.cell(1, 2).merge(table.cell(2, 2)).text = "行政许可"  # vMerge
    basis = table.cell(1, 3)
    basis.text = "【法律】《某法》第三条"
    basis.add_paragraph("【法规】《某条例》第五条")
    table.cell(2, 3).text = "【法律】《某法》第三条"  # same words as the cell above, not merged
    table.cell(3, 0).merge(table.cell(3, 3)).text = "二、行政处罚（共1项）"  # gridSpan across the table
    table.cell(4, 0).text = "1"
    table.cell(4, 1).merge(table.cell(4, 2)).text = "丙处罚"  # gridSpan in the middle
    table.cell(4, 3).text = "依据"
    document.add_paragraph("表后说明")
    document.save(str(path))
    return path


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    return make_docx(tmp_path / "list.docx")


def test_docx_blocks_in_reading_order(word_file: Path) -> None:
    doc = docx_reader.read(word_file)
    assert doc.format == "docx"
    assert block_kinds(doc) == ["text", "text", "text", "table", "text"]
    assert [(t.text, t.heading) for t in text_lines(doc)] == [
        ("某局权责清单", True),
        ("附件1", False),
        ("一、行政许可（共2项）", True),
        ("表后说明", False),
    ]


def test_docx_merged_cells_are_read_once(word_file: Path) -> None:
    (table,) = docx_reader.read(word_file).tables()
    assert_grid_is_rectangular(table)
    assert spans(table) == [
        [("序号", 1, 1, None), ("职权名称", 1, 1, None), ("职权类别", 1, 1, None), ("实施依据", 1, 1, None)],
        [
            ("1", 1, 1, None),
            ("甲许可", 1, 1, None),
            ("行政许可", 2, 1, None),
            ("【法律】《某法》第三条\n【法规】《某条例》第五条", 1, 1, None),
        ],
        [
            ("2", 1, 1, None),
            ("乙许可", 1, 1, None),
            ("", 1, 1, (1, 2)),
            ("【法律】《某法》第三条", 1, 1, None),
        ],
        [("二、行政处罚（共1项）", 1, 4, None), ("", 1, 1, (3, 0)), ("", 1, 1, (3, 0)), ("", 1, 1, (3, 0))],
        [("1", 1, 1, None), ("丙处罚", 1, 2, None), ("", 1, 1, (4, 1)), ("依据", 1, 1, None)],
    ]


def test_docx_cell_paragraphs_are_author_lines(word_file: Path) -> None:
    (table,) = docx_reader.read(word_file).tables()
    cell = table.rows[1].cells[3]
    assert cell.lines == ["【法律】《某法》第三条", "【法规】《某条例》第五条"]
    assert cell.wrapped is False


def test_docx_block_merge_covers_every_position(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "a"
    table.cell(1, 1).merge(table.cell(2, 2)).text = "块"  # 2 x 2: gridSpan and vMerge together
    document.save(str(tmp_path / "block.docx"))
    (read_table,) = docx_reader.read(tmp_path / "block.docx").tables()
    assert spans(read_table)[1:] == [
        [("", 1, 1, None), ("块", 2, 2, None), ("", 1, 1, (1, 1))],
        [("", 1, 1, None), ("", 1, 1, (1, 1)), ("", 1, 1, (1, 1))],
    ]


def test_docx_several_tables_and_text_between(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件1")
    first = document.add_table(rows=1, cols=2)
    first.cell(0, 0).text, first.cell(0, 1).text = "序号", "职权名称"
    document.add_paragraph("附件2")
    second = document.add_table(rows=1, cols=3)
    second.cell(0, 0).text = "序号"
    document.save(str(tmp_path / "two.docx"))
    doc = docx_reader.read(tmp_path / "two.docx")
    assert block_kinds(doc) == ["text", "table", "text", "table"]
    assert [t.n_cols for t in doc.tables()] == [2, 3]


def test_docx_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    outer = table.cell(0, 1)
    outer.text = "责任事项"
    inner = outer.add_table(rows=2, cols=2)
    for r, c, text in [(0, 0, "1.立案"), (0, 1, "及时审查"), (1, 0, "2.调查"), (1, 1, "调查取证")]:
        inner.cell(r, c).text = text
    document.save(str(tmp_path / "nested.docx"))
    doc = docx_reader.read(tmp_path / "nested.docx")
    (read_table,) = doc.tables()
    assert read_table.rows[0].cells[1].lines == ["责任事项", "1.立案 及时审查", "2.调查 调查取证"]


def test_docx_layout_table_framing_a_list_is_read_through(tmp_path: Path) -> None:
    """A web page saved as Word: a layout table, navigation in one cell, the title and the
    list (a table wider and larger than its frame) in the other."""
    document = docx.Document()
    frame = document.add_table(rows=1, cols=2)
    frame.cell(0, 0).text = "信息公开"
    content = frame.cell(0, 1)
    content.text = "某区行政许可事项清单"
    listed = content.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("序号", "事项名称", "实施机关"), ("1", "甲审批", "区局"), ("2", "乙审批", "区局")]
    ):
        for c, text in enumerate(row):
            listed.cell(r, c).text = text
    document.save(str(tmp_path / "framed.docx"))
    doc = docx_reader.read(tmp_path / "framed.docx")
    assert [b.text for b in doc.blocks if isinstance(b, TextLine)] == ["信息公开", "某区行政许可事项清单"]
    (table,) = doc.tables()
    assert [r.texts() for r in table.rows] == [
        ["序号", "事项名称", "实施机关"],
        ["1", "甲审批", "区局"],
        ["2", "乙审批", "区局"],
    ]


def test_docx_line_breaks_inside_a_paragraph_start_lines(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    run = table.cell(0, 0).paragraphs[0].add_run("第一行")
    run.add_break()
    run.add_text("第二行")
    document.save(str(tmp_path / "br.docx"))
    (read_table,) = docx_reader.read(tmp_path / "br.docx").tables()
    assert read_table.rows[0].cells[0].lines == ["第一行", "第二行"]


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "junk.docx"
    path.write_bytes(b"this is not a word file at all" * 10)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == f"{path}: not a valid .docx file (not a zip archive)"


def test_docx_truncated_zip(word_file: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.docx"
    data = word_file.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as error:
        read_document(truncated)
    assert "not a valid .docx file (" in str(error.value)
    assert "\n" not in str(error.value)


def test_docx_zip_without_document_xml(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"not a valid \.docx file \(no word/document\.xml"):
        read_document(path)


def test_doc_without_libreoffice_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == (
        f"{path}: reading .doc needs LibreOffice: apt-get install libreoffice-writer (or convert it to .docx)"
    )


def test_doc_with_unrecognised_content(tmp_path: Path) -> None:
    path = tmp_path / "junk.doc"
    path.write_bytes(b"\x01\x02 definitely not a document" * 20)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == f"{path}: not a Word file (the content of this .doc is not recognised)"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def doc_file(word_file: Path, tmp_path: Path) -> Path:
    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    outdir = tmp_path / "doc"
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(outdir),
            str(word_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / "list.doc"


def test_doc_is_converted_and_read(doc_file: Path) -> None:
    doc = read_document(doc_file)
    assert doc.format == "doc"
    assert [t.text for t in text_lines(doc)] == ["某局权责清单", "附件1", "一、行政许可（共2项）", "表后说明"]
    (table,) = doc.tables()
    assert table.rows[1].cells[2].text == "行政许可"
    assert table.rows[1].cells[2].rowspan == 2
    assert table.rows[2].cells[2].covered_by == (1, 2)
    assert table.rows[3].cells[0].colspan == 4
    assert [c.covered_by for c in table.rows[3].cells[1:]] == [(3, 0)] * 3


def test_wps_is_converted_like_doc(doc_file: Path, tmp_path: Path) -> None:
    wps = tmp_path / "list.wps"
    shutil.copy(doc_file, wps)
    doc = read_document(wps)
    assert doc.format == "wps"
    assert doc.tables()[0].rows[0].texts() == HEADER


# ================================================================ html

GBK_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>页面标题</title></head>
<body>
<h2>某局权责清单</h2>
<p>附件1</p>
<p><strong>一、行政许可（共2项）</strong></p>
<table border="1">
<tr><th>序号</th><th>职权名称</th><th colspan="2">实施依据</th></tr>
<tr><td rowspan="2">1</td><td>甲许可</td>
    <td><p>【法律】<b>《某法》</b>第三条</p> <p>第八条</p></td><td>一<br>二</td></tr>
<tr><td>乙许可</td><td>同</td><td>同</td></tr>
</table>
<p>二、行政处罚（共1项）</p>
<table border="1">
<tr><th>序号</th><th>职权名称</th><th colspan="2">实施依据</th></tr>
<tr><td>1</td><td>丙处罚&nbsp;&nbsp;事项</td><td>依据</td></tr>
</table>
</body></html>
"""


@pytest.fixture
def gbk_page(tmp_path: Path) -> Path:
    path = tmp_path / "list.html"
    path.write_bytes(GBK_PAGE.encode("gbk"))
    return path


def test_html_blocks_in_reading_order_with_headings(gbk_page: Path) -> None:
    doc = html_reader.read(gbk_page)
    assert doc.format == "html"
    assert block_kinds(doc) == ["text", "text", "text", "table", "text", "table"]
    assert [(t.text, t.heading) for t in text_lines(doc)] == [
        ("某局权责清单", True),
        ("附件1", False),
        ("一、行政许可（共2项）", True),
        ("二、行政处罚（共1项）", False),
    ]


def test_html_rowspan_and_colspan_on_the_grid(gbk_page: Path) -> None:
    first, second = html_reader.read(gbk_page).tables()
    assert_grid_is_rectangular(first)
    assert spans(first) == [
        [("序号", 1, 1, None), ("职权名称", 1, 1, None), ("实施依据", 1, 2, None), ("", 1, 1, (0, 2))],
        [
            ("1", 2, 1, None),
            ("甲许可", 1, 1, None),
            ("【法律】《某法》第三条\n第八条", 1, 1, None),
            ("一\n二", 1, 1, None),
        ],
        [("", 1, 1, (1, 0)), ("乙许可", 1, 1, None), ("同", 1, 1, None), ("同", 1, 1, None)],
    ]
    # a short row is padded with empty cells; the repeated header makes a second Table
    assert spans(second)[1] == [
        ("1", 1, 1, None),
        ("丙处罚 事项", 1, 1, None),
        ("依据", 1, 1, None),
        ("", 1, 1, None),
    ]


def test_html_gbk_without_declaration_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "bare.htm"
    path.write_bytes("<table><tr><td>职权名称</td><td>行政处罚</td></tr></table>".encode("gbk"))
    (table,) = read_document(path).tables()
    assert table.rows[0].texts() == ["职权名称", "行政处罚"]


def test_html_utf8_bom_wins_over_a_wrong_declaration(tmp_path: Path) -> None:
    path = tmp_path / "bom.html"
    page = '<meta charset="gbk"><p>惠农区医疗保障局</p>'
    path.write_bytes(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert [t.text for t in text_lines(html_reader.read(path))] == ["惠农区医疗保障局"]


def test_html_gb18030_only_characters_under_a_gbk_declaration(tmp_path: Path) -> None:
    path = tmp_path / "rare.html"
    page = '<meta charset="GBK"><p>䶮 涞源县</p>'  # U+4DAE is in GB18030, not GBK
    path.write_bytes(page.encode("gb18030"))
    assert [t.text for t in text_lines(html_reader.read(path))] == ["䶮 涞源县"]


def test_html_page_without_tables_gives_only_text_lines(tmp_path: Path) -> None:
    path = tmp_path / "notice.html"
    path.write_text(
        "<html><body><h1>通知</h1><p>第一段</p><div>第二段<br>第三段</div></body></html>", "utf-8"
    )
    doc = html_reader.read(path)
    assert doc.tables() == []
    assert [(t.text, t.heading) for t in text_lines(doc)] == [
        ("通知", True),
        ("第一段", False),
        ("第二段", False),
        ("第三段", False),
    ]


def test_html_layout_table_is_walked_through(tmp_path: Path) -> None:
    path = tmp_path / "layout.html"
    path.write_text(
        "<table><tr><td><p>导航</p><table>"
        "<tr><td>序号</td><td>职权名称</td></tr><tr><td>1</td><td>甲</td></tr>"
        "</table></td></tr></table>",
        "utf-8",
    )
    doc = html_reader.read(path)
    assert block_kinds(doc) == ["text", "table"]
    assert spans(doc.tables()[0])[1] == [("1", 1, 1, None), ("甲", 1, 1, None)]


def test_html_table_nested_in_a_data_cell_is_flattened(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(
        "<table><tr><td>序号</td><td>职权名称</td><td>责任事项</td></tr>"
        "<tr><td>1</td><td>甲</td><td>见下<table><tr><td>1.立案</td><td>审查</td></tr></table></td></tr></table>",
        "utf-8",
    )
    (table,) = html_reader.read(path).tables()
    assert table.rows[1].cells[2].lines == ["见下", "1.立案 审查"]


def test_html_binary_junk_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.html"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == f"{path}: not an HTML page (binary data)"


def test_html_that_is_really_a_pdf_is_read_as_one(tmp_path: Path) -> None:
    """A file's content decides its reader (readers/__init__.py): a PDF named .html is read as a
    PDF, and a broken one gets the PDF reader's error, not "not an HTML page"."""
    path = tmp_path / "list.html"
    path.write_bytes((SAMPLES / "pdf_wolong_annex2.pdf").read_bytes())
    doc = read_document(path)
    assert doc.format == "pdf" and doc.tables()
    path.write_bytes(b"%PDF-1.7\n" + b"\x00\x01" * 50)
    with pytest.raises(InputError, match=r"truncated PDF"):
        read_document(path)
    # the HTML reader itself, asked directly, still says what the file is
    with pytest.raises(InputError, match=r"not an HTML page \(it is a PDF file"):
        html_reader.read(path)


# ================================================================ xlsx / xls


def make_xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "清单"
    sheet["A1"] = "某局权责清单"
    sheet["A1"].font = Font(bold=True)
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "职权名称", "职权类别", "实施依据", "编码"])
    sheet.append([1.0, "甲许可", "行政许可", "第一段\n第二段", 347001000])
    sheet["E3"].number_format = "0000000000"
    sheet.append([2, "乙许可", None, "依据", 13.5])
    sheet.merge_cells("C3:C4")
    sheet.append(["二、行政处罚（共1项）"])
    sheet.merge_cells("A5:E5")
    sheet.append([1, "丙处罚", "行政处罚", "依据", None])
    hidden = workbook.create_sheet("隐藏")
    hidden["A1"] = "不该读到"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("空表")
    second = workbook.create_sheet("附件2")
    second.append(["序号", "项目名称"])
    second.append([1, "丁"])
    workbook.save(path)
    return path


def test_xlsx_sheets_titles_and_tables(tmp_path: Path) -> None:
    doc = xlsx_reader.read(make_xlsx(tmp_path / "list.xlsx"))
    assert doc.format == "xlsx"
    # the title row merged across the sheet is lifted out; hidden and empty sheets are skipped
    assert block_kinds(doc) == ["text", "table", "table"]
    assert (text_lines(doc)[0].text, text_lines(doc)[0].heading) == ("某局权责清单", True)
    assert doc.tables()[1].rows[1].texts() == ["1", "丁"]


def test_xlsx_merges_numbers_and_cell_newlines(tmp_path: Path) -> None:
    table = xlsx_reader.read(make_xlsx(tmp_path / "list.xlsx")).tables()[0]
    assert_grid_is_rectangular(table)
    rows = spans(table)
    assert rows[0][0] == ("序号", 1, 1, None)
    assert rows[1] == [
        ("1", 1, 1, None),
        ("甲许可", 1, 1, None),
        ("行政许可", 2, 1, None),
        ("第一段\n第二段", 1, 1, None),
        ("0347001000", 1, 1, None),
    ]
    assert rows[2][2] == ("", 1, 1, (1, 2))
    assert rows[2][4][0] == "13.5"
    # a full-width row inside the table stays a row, merged across it
    assert rows[3] == [("二、行政处罚（共1项）", 1, 5, None)] + [("", 1, 1, (3, 0))] * 4
    assert table.rows[1].cells[3].lines == ["第一段", "第二段"]


def with_saved_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the value Excel would have saved with it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{cell}"')
    empty = sheet.index("<v></v>", start)  # openpyxl writes an empty value
    parts["xl/worksheets/sheet1.xml"] = (sheet[:empty] + f"<v>{value}</v>" + sheet[empty + 7 :]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_xlsx_formulas_read_their_saved_value_and_a_missing_one_is_named(tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "职权名称", "职权类别"])
    sheet.append(["=ROW()-1", "甲", "行政许可"])
    sheet.append(["=ROW()-1", "乙", "行政处罚"])
    workbook.save(path)
    with_saved_value(path, "A2", "1")  # as saved by Excel; A3's value was never computed
    doc = xlsx_reader.read(path)
    assert [row.texts()[0] for row in doc.tables()[0].rows] == ["序号", "1", ""]
    assert doc.warnings == [
        Problem(
            "formula-without-value",
            "sheet 'Sheet': 1 formula cell(s) without a saved value, read as empty: A3 (=ROW()-1); "
            "open and save the file in Excel, WPS or LibreOffice to compute them",
        )
    ]
    assert xlsx_reader.read(make_xlsx(tmp_path / "plain.xlsx")).warnings == []


def test_xls_with_merges(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("S1")
    sheet.write_merge(0, 0, 0, 3, "某局权责清单")
    for i, header in enumerate(HEADER):
        sheet.write(1, i, header)
    sheet.write(2, 0, 1.0)
    sheet.write(2, 1, "甲许可")
    sheet.write_merge(2, 3, 2, 2, "行政许可")
    sheet.write(2, 3, "第一段\n第二段")
    sheet.write(3, 0, 2)
    sheet.write(3, 1, "乙许可")
    workbook.save(str(path))
    doc = read_document(path)
    assert doc.format == "xls"
    assert [t.text for t in text_lines(doc)] == ["某局权责清单"]
    (table,) = doc.tables()
    assert spans(table) == [
        [("序号", 1, 1, None), ("职权名称", 1, 1, None), ("职权类别", 1, 1, None), ("实施依据", 1, 1, None)],
        [("1", 1, 1, None), ("甲许可", 1, 1, None), ("行政许可", 2, 1, None), ("第一段\n第二段", 1, 1, None)],
        [("2", 1, 1, None), ("乙许可", 1, 1, None), ("", 1, 1, (1, 2)), ("", 1, 1, None)],
    ]


def test_sheet_with_a_lone_value_that_is_not_a_title_is_left_alone() -> None:
    # 序号 merged down over a two-row header: one value in row 0, but not a title
    sheet = xlsx_reader.SheetData(
        lines={(0, 0): ["序号"], (1, 1): ["职权名称"], (2, 0): ["1"], (2, 1): ["甲"]},
        merges=[(0, 0, 1, 0)],
    )
    (table,) = xlsx_reader.sheet_blocks(sheet)
    assert isinstance(table, Table)
    assert spans(table) == [
        [("序号", 2, 1, None), ("", 1, 1, None)],
        [("", 1, 1, (0, 0)), ("职权名称", 1, 1, None)],
        [("1", 1, 1, None), ("甲", 1, 1, None)],
    ]


def test_xlsx_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"garbage, not a workbook" * 20)
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == f"{path}: not a valid .xlsx file (neither a zip nor an Excel 97-2003 workbook)"


def test_xlsx_truncated_zip(tmp_path: Path) -> None:
    data = make_xlsx(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as error:
        read_document(path)
    assert str(error.value) == f"{path}: not a valid .xlsx file (truncated or damaged zip archive)"


def test_xls_that_is_really_an_html_table(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_bytes(
        '<meta charset="gbk"><table><tr><td>序号</td><td>事项名称</td></tr></table>'.encode("gbk")
    )
    doc = read_document(path)
    assert doc.format == "xls"
    assert doc.tables()[0].rows[0].texts() == ["序号", "事项名称"]


def test_doc_that_is_really_a_web_page_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.doc"
    page = '<html><meta charset="gb2312"><body><p align="center"><b>某局权责清单</b></p><table>'
    page += "<tr><td>序号</td><td>职权名称</td></tr></table></body></html>"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert doc.format == "doc"
    assert [(t.text, t.heading) for t in text_lines(doc)] == [("某局权责清单", True)]
    assert doc.tables()[0].rows[0].texts() == ["序号", "职权名称"]


def test_fragment_source_newline_between_chinese_characters_is_not_a_space() -> None:
    assert html_fragment_to_lines("<td>社会保\n    险法 第八十七条\nand more</td>") == [
        "社会保险法 第八十七条 and more"
    ]


# ================================================================ end to end
# The two web-table seeds (TSV dumps whose cells hold HTML) rebuilt as a web
# page, a Word file and spreadsheets must give the golden records through the
# whole pipeline: what the readers yield is what the reassembler expects.

WEB_SEEDS = ["seed002_huinong", "seed004_yumen"]
SeedBlock = tuple[str, str | list[list[str]]]  # ("h1".."h6" | "p", text) or ("table", rows)


def seed_blocks(path: Path) -> list[SeedBlock]:
    blocks: list[SeedBlock] = []
    rows: list[list[str]] | None = None
    for line in path.read_text("utf-8").splitlines():
        if "\t" in line:
            if rows is None:
                rows = []
                blocks.append(("table", rows))
            rows.append(line.split("\t"))
            continue
        rows = None
        if line.strip():
            level = len(line) - len(line.lstrip("#"))
            blocks.append((f"h{level}" if level else "p", line.lstrip("# ").strip()))
    return blocks


def seed_as_html(blocks: list[SeedBlock], dest: Path) -> None:
    parts = ['<html><head><meta charset="gbk"></head><body>']
    for kind, content in blocks:
        if isinstance(content, list):
            cells = ("".join(f"<td>{c}</td>" for c in row) for row in content)
            parts.append("<table>" + "".join(f"<tr>{c}</tr>" for c in cells) + "</table>")
        else:
            parts.append(f"<{kind}>{content}</{kind}>")
    dest.write_bytes("\n".join([*parts, "</body></html>"]).encode("gb18030"))


def seed_as_docx(blocks: list[SeedBlock], dest: Path) -> None:
    document = docx.Document()
    for kind, content in blocks:
        if isinstance(content, list):
            table = document.add_table(rows=len(content), cols=max(len(r) for r in content))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    lines = html_fragment_to_lines(text)
                    if lines:
                        table.cell(r, c).text = lines[0]
                        for line in lines[1:]:
                            table.cell(r, c).add_paragraph(line)
        elif kind == "p":
            document.add_paragraph(content)
        else:
            document.add_heading(content, level=int(kind[1]))
    document.save(str(dest))


def seed_as_xlsx(blocks: list[SeedBlock], dest: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    width = max(len(row) for _, content in blocks if isinstance(content, list) for row in content)
    for _, content in blocks:
        if isinstance(content, list):
            for row in content:
                sheet.append(["\n".join(html_fragment_to_lines(text)) or None for text in row])
        else:
            sheet.append([content])
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
    workbook.save(dest)


@pytest.mark.parametrize("suffix", [".html", ".docx", ".xlsx"])
@pytest.mark.parametrize("seed", WEB_SEEDS)
def test_web_seed_rebuilt_in_another_format_gives_the_golden_records(
    seed: str, suffix: str, tmp_path: Path
) -> None:
    blocks = seed_blocks(SAMPLES / f"{seed}.txt")
    source = tmp_path / f"{seed}{suffix}"
    {".html": seed_as_html, ".docx": seed_as_docx, ".xlsx": seed_as_xlsx}[suffix](blocks, source)
    out = tmp_path / f"{seed}.jsonl"
    extracted = run_cli(str(source), "-o", str(out), "-q")
    assert extracted.returncode == 0, extracted.stderr
    validated = run_cli("validate", str(out), str(GOLDEN / f"{seed}.jsonl"))
    assert validated.returncode == 0, validated.stdout + validated.stderr


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.05, "0%", "5%"),  # 抽查比例 typed as a share, shown as a percentage
        (0.125, "0.0%", "12.5%"),
        (347001000, "0000000000", "0347001000"),  # a code kept with its leading zeros
        (0.05, "General", "0.05"),
        ("5%", "0%", "5%"),  # already text
    ],
)
def test_xlsx_numbers_read_as_their_format_shows_them(
    value: object, number_format: str, shown: str, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "抽查事项", "抽查比例"])
    sheet.append([1, "甲检查", value])
    sheet["C2"].number_format = number_format
    workbook.save(tmp_path / "shares.xlsx")
    doc = xlsx_reader.read(tmp_path / "shares.xlsx")
    assert doc.tables()[0].rows[1].texts()[2] == shown
