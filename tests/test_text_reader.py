from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from qingdan_extract import InputError, extract
from qingdan_extract.ir import Table, TextLine
from qingdan_extract.readers import delimited
from qingdan_extract.readers.delimited import records, split_fields
from qingdan_extract.readers.text import detect_layout, read

from conftest import SAMPLES

WORD_DUMP = (
    "\t标题清单\n\n\t序号\n\t职权名称\n\t职权类别\n\n\t1\n\t甲事项\n\t行政许可\n\n \t乙事项\n\t行政处罚\n"
)


def test_layouts_are_detected_from_content_not_name() -> None:
    assert detect_layout((SAMPLES / "seed001_yindu.txt").read_text(encoding="utf-8").split("\n")) == "word"
    assert detect_layout((SAMPLES / "seed004_yumen.txt").read_text(encoding="utf-8").split("\n")) == "tsv"
    assert detect_layout((SAMPLES / "seed000_wolong.txt").read_text(encoding="utf-8").split("\n")) == "spaces"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_utf8_bom_and_gb18030_read_alike(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(WORD_DUMP.encode(encoding))
    records = extract(path)
    assert [(r.seq, r.name, r.category) for r in records] == [
        ("1", "甲事项", "行政许可"),
        (None, "乙事项", "行政处罚"),
    ]
    assert records[0].source.title == "标题清单"


def test_word_dump_row_with_empty_first_cell_starts_a_new_row(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text(WORD_DUMP, encoding="utf-8")
    tables = [b for b in read(path).blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = [r.texts() for r in tables[0].rows]
    assert rows[1:] == [
        ["序号", "职权名称", "职权类别"],
        ["1", "甲事项", "行政许可"],
        ["", "乙事项", "行政处罚"],
    ]
    assert tables[0].rows[0].cells[0].colspan == 3  # the title row spans the table


def test_word_dump_blank_lines_inside_a_row_do_not_split_it() -> None:
    table = next(b for b in read(SAMPLES / "seed003_laiyuan.txt").blocks if isinstance(b, Table))
    first_item = table.rows[1]
    assert first_item.texts()[3] == "涞源县医疗保障局"  # after two blank lines, still the same row
    assert len(table.rows) == 46


def test_tsv_cells_lose_their_html_and_keep_paragraphs() -> None:
    blocks = list(read(SAMPLES / "seed002_huinong.txt").blocks)  # the text reader streams: one pass
    headings = [b.text for b in blocks if isinstance(b, TextLine) and b.heading]
    assert headings[:2] == ["惠农区医疗保障局行政权力和责任清单（共 15 项）", "一、行政处罚类（共 6 项）"]
    first = next(b for b in blocks if isinstance(b, Table))
    basis = first.rows[1].cells[3]
    assert basis.lines[0] == "【法律】《中华人民共和国社会保险法》（2018 年修正）"
    assert not any("<" in line for line in basis.lines)


def test_binary_junk_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="not a text file"):
        extract(path)


def test_undecodable_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("序号\t名称\n".encode() + b"\xff\xfe\xfa\xfb\x81" * 3)
    with pytest.raises(InputError, match="neither UTF-8 nor GB18030"):
        extract(path)


def test_text_without_a_table_gives_no_items_and_says_so(tmp_path: Path) -> None:
    from qingdan_extract.pipeline import extract_file

    path = tmp_path / "prose.txt"
    path.write_text("关于公布权责清单的通知\n\n各单位：现将清单公布如下。\n", encoding="utf-8")
    extraction = extract_file(path)
    assert extraction.records == []
    assert any("no table" in w for w in extraction.warnings)


# --- delimited text: quoted cells (delimited.py) ------------------------------


def test_quoted_fields_span_lines_and_keep_escaped_quotes() -> None:
    lines = ["序号,职权名称,实施依据", '1,"甲,乙","第一段', '第二段 ""引号"""', '2,"双随机"检查,依据']
    assert list(records(lines, ",")) == [
        (1, ["序号", "职权名称", "实施依据"]),
        (2, ["1", "甲,乙", '第一段\n第二段 "引号"']),
        (4, ["2", '"双随机"检查', "依据"]),  # quotes inside the text are text
    ]


def test_a_quote_that_never_closes_is_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delimited, "MAX_RECORD_LINES", 3)
    lines = ['1\t"未闭合\t依据', "2\t乙\t依据", "3\t丙\t依据", "4\t丁\t依据"]
    assert list(records(lines, "\t")) == [
        (1, ["1", '"未闭合', "依据"]),
        (2, ["2", "乙", "依据"]),
        (3, ["3", "丙", "依据"]),
        (4, ["4", "丁", "依据"]),
    ]
    assert split_fields('a,""', ",") == ["a", ""]
    assert split_fields('a,"open', ",") is None


def test_excel_unicode_text_and_gbk_csv_are_read(tmp_path: Path) -> None:
    rows = '序号\t职权名称\t职权类别\r\n1\t"对某某的\n处罚"\t行政处罚\r\n'
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + rows.encode("utf-16-le"))
    gbk = tmp_path / "list.csv"
    gbk.write_bytes(rows.replace("\t", ",").encode("gbk"))
    for path, fmt in ((utf16, "text"), (gbk, "csv")):
        doc = read(path)
        (table,) = [b for b in doc.blocks if isinstance(b, Table)]
        assert doc.format == fmt
        assert table.rows[1].cells[1].lines == ["对某某的", "处罚"]
