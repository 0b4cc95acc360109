"""The Word 97-2003 text-stream reader (piece table, cell and row-end marks)."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from qingdan_extract.ir import Block, Table, TextLine
from qingdan_extract.readers import doc_binary
from qingdan_extract.readers import docx as docx_reader

from conftest import SAMPLES

CORPUS_DOC = Path("/work/shared/corpus/docs/gd_wtsx_qd_97.doc")
needs_corpus = pytest.mark.skipif(not CORPUS_DOC.is_file(), reason="the shared corpus is not mounted")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed",
)


def only_table(blocks: list[Block]) -> Table:
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1
    return tables[0]


@pytest.fixture
def no_guessing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the reader falls back to guessing rows from the text alone."""

    def fail(paragraphs: list[doc_binary.Paragraph]) -> list[doc_binary.Paragraph]:
        raise AssertionError("paragraph properties were not read")

    monkeypatch.setattr(doc_binary, "guess_table_marks", fail)


# ================================================================ real files


@needs_corpus
def test_corpus_doc_table_from_piece_table(no_guessing: None) -> None:
    document = doc_binary.read(CORPUS_DOC)
    lines = [b.text for b in document.blocks if isinstance(b, TextLine)]
    assert lines[-2:] == ["附件1", "委托事项清单"]
    table = only_table(list(document.blocks))
    assert table.rows[0].texts() == ["序号", "类别", "实施单位", "省级事项名称", "承接单位", "备注"]
    assert len(table.rows) == 6  # the header and 5 items
    assert [row.cells[0].text for row in table.rows[1:]] == ["1", "2", "3", "4", "5"]
    assert {len(row.cells) for row in table.rows} == {6}
    assert table.rows[2].texts() == [
        "2",
        "行政许可",
        "省工业和信息化厅",
        "民用爆炸物品销售许可",
        "地级市工业和信息化主管部门",
        "",
    ]


@needs_corpus
def test_lost_tables_reading_carries_the_warning() -> None:
    document = doc_binary.read_lost_tables(CORPUS_DOC, "doc")
    assert document is not None
    assert document.format == "doc"
    assert document.warnings == [doc_binary.LOST_TABLES_WARNING]


@needs_corpus
@needs_soffice
def test_word_reader_uses_the_text_stream_when_libreoffice_flattens_the_table() -> None:
    document = docx_reader.read(CORPUS_DOC)
    assert document.warnings == [doc_binary.LOST_TABLES_WARNING]
    assert len(only_table(list(document.blocks)).rows) == 6


def test_huge_papx_row_ends_are_followed_into_the_data_stream(no_guessing: None) -> None:
    # This file's row-end paragraphs keep their properties in the Data stream (sprmPHugePapx).
    table = only_table(list(doc_binary.read(SAMPLES / "word_yindu_legacy.doc").blocks))
    assert table.rows[0].texts()[:3] == ["序号", "项目名称", "职权类别"]
    assert len(table.rows) == 30
    assert {len(row.cells) for row in table.rows} == {8}
    assert table.rows[1].cells[5].lines[0] == "1.《中华人民共和国社会保险法》第八十七条；"
    assert len(table.rows[1].cells[5].lines) == 5  # one line per paragraph of the cell


# ================================================================ fallback


def test_non_ole_file_gives_the_fallback(tmp_path: Path) -> None:
    path = tmp_path / "plain.doc"
    path.write_bytes(b"not a compound file at all")
    with pytest.raises(doc_binary.DocBinaryError):
        doc_binary.read_paragraphs(path)
    assert doc_binary.read_lost_tables(path, "doc") is None


def test_ole_file_without_word_stream_gives_the_fallback() -> None:
    xls = SAMPLES / "xls_yindu.xls"  # a compound file, but a workbook
    with pytest.raises(doc_binary.DocBinaryError, match="WordDocument"):
        doc_binary.read_paragraphs(xls)
    assert doc_binary.read_lost_tables(xls, "doc") is None


def test_truncated_doc_gives_the_fallback(tmp_path: Path) -> None:
    source = (SAMPLES / "word_yindu_legacy.doc").read_bytes()
    path = tmp_path / "cut.doc"
    path.write_bytes(source[: len(source) // 3])
    assert doc_binary.read_lost_tables(path, "doc") is None


# ================================================================ built streams


def build(pieces: list[tuple[bytes, bool]]) -> tuple[bytes, bytes, doc_binary._Fib]:
    """A WordDocument stream holding the pieces' text and a table stream with a Clx
    (one Prc before the Pcdt) and no paragraph properties."""
    word = bytearray(b"\0" * 0x200)
    cps, pcds, cp = [0], b"", 0
    for raw, compressed in pieces:
        fc = len(word)
        word += raw
        count = len(raw) if compressed else len(raw) // 2
        cp += count
        cps.append(cp)
        fc_raw = (fc * 2) | doc_binary.COMPRESSED_BIT if compressed else fc
        pcds += struct.pack("<HIH", 0, fc_raw, 0)
    plc = struct.pack(f"<{len(cps)}i", *cps) + pcds
    clx = b"\x01" + struct.pack("<h", 3) + b"\x00\x00\x00" + b"\x02" + struct.pack("<I", len(plc)) + plc
    table_stream = b"\0" * 16 + clx
    fib = doc_binary._Fib(
        which_table_stream=True,
        ccp_text=cp,
        fc_clx=16,
        lcb_clx=len(clx),
        fc_plcf_bte_papx=0,
        lcb_plcf_bte_papx=0,
    )
    return bytes(word), table_stream, fib


def test_compressed_and_unicode_pieces() -> None:
    word, table_stream, fib = build(
        [
            ("Title\r".encode("cp1252"), True),
            ("序号\x07名称\x07\x07".encode("utf-16-le"), False),
            ("1\x07Caf\xe9\x07\x07After\r".encode("cp1252"), True),
        ]
    )
    pieces = doc_binary._pieces(table_stream, fib)
    assert [(p.cp_start, p.cp_end, p.compressed) for p in pieces] == [
        (0, 6, True),
        (6, 13, False),
        (13, 27, True),
    ]
    assert pieces[0].fc == 0x200
    text, _ = doc_binary._main_text(word, pieces, fib.ccp_text)
    assert text == "Title\r序号\x07名称\x07\x071\x07Café\x07\x07After\r"
    # no PlcBtePapx here: rows are found from the marks alone
    blocks = doc_binary.paragraphs_to_blocks(doc_binary._paragraphs(word, table_stream, b"", fib))
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["Title", "After"]
    assert [row.texts() for row in only_table(blocks).rows] == [["序号", "名称"], ["1", "Café"]]


def test_text_stops_at_ccp_text() -> None:
    word, table_stream, fib = build([("Body\rFootnote\r".encode("utf-16-le"), False)])
    fib.ccp_text = 5
    text, _ = doc_binary._main_text(word, doc_binary._pieces(table_stream, fib), fib.ccp_text)
    assert text == "Body\r"


def test_clx_outside_the_table_stream_is_an_error() -> None:
    _, table_stream, fib = build([(b"x\r", True)])
    fib.fc_clx = 10_000
    with pytest.raises(doc_binary.DocBinaryError):
        doc_binary._pieces(table_stream, fib)


# ================================================================ text rules


def test_field_codes_keep_only_their_results() -> None:
    paragraphs, cps = doc_binary.split_paragraphs(
        '见\x13 HYPERLINK "http://x" \x14附件\x15和\x13 PAGE \x15页'
        "\x13 IF \x13 REF a \x14b\x15 \x14结果\x15\r"
    )
    assert [p.text for p in paragraphs] == ["见附件和页结果"]
    assert cps[0] is not None


def test_control_characters() -> None:
    paragraphs, _ = doc_binary.split_paragraphs("a\x01b\x08c\x0cd\x0be\x1ef\x1fg\r")
    assert paragraphs[0].text == "abc\nd\ne-fg"
    blocks = doc_binary.paragraphs_to_blocks(paragraphs)
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["abc", "d", "e-fg"]


def test_guessed_rows_keep_empty_last_cells_and_pad_short_rows() -> None:
    paragraphs, _ = doc_binary.split_paragraphs(
        "标题\r序号\x07名称\x07备注\x07\x07"
        "1\x07甲\x07\x07\x07"  # empty 备注, then the row end
        "2\x07第一段\r第二段\x07说明\x07\x07"
        "正文\r"
    )
    blocks = doc_binary.paragraphs_to_blocks(doc_binary.guess_table_marks(paragraphs))
    assert [b.text for b in blocks if isinstance(b, TextLine)] == ["标题", "正文"]
    table = only_table(blocks)
    assert [row.texts() for row in table.rows] == [
        ["序号", "名称", "备注"],
        ["1", "甲", ""],
        ["2", "第一段\n第二段", "说明"],
    ]
    assert table.rows[2].cells[1].lines == ["第一段", "第二段"]


def test_short_rows_are_padded() -> None:
    paragraphs = [
        doc_binary.Paragraph("a", "\x07", in_table=True),
        doc_binary.Paragraph("b", "\x07", in_table=True),
        doc_binary.Paragraph("", "\x07", in_table=True, row_end=True),
        doc_binary.Paragraph("c", "\x07", in_table=True),
        doc_binary.Paragraph("", "\x07", in_table=True, row_end=True),
    ]
    table = only_table(doc_binary.paragraphs_to_blocks(paragraphs))
    assert [row.texts() for row in table.rows] == [["a", "b"], ["c", ""]]
