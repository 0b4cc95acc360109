"""Real Word lists and their LibreOffice PDFs (tools/samples/word_pdf.py) against their golden files."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from qingdan_extract import extract
from qingdan_extract.validate import FileComparison, compare_items

from conftest import GOLDEN, SAMPLES, load_jsonl

# sample file -> items in it
WORD_PDF_SAMPLES = {
    "word_yindu.docx": 29,
    "pdf_yindu.pdf": 29,
    "word_yindu_legacy.doc": 29,
    "word_laiyuan_merged.docx": 45,
    "pdf_laiyuan_merged.pdf": 45,
    "word_huinong_sections.docx": 15,
    "pdf_huinong_sections.pdf": 15,
    "word_yumen_landscape.docx": 17,
    "pdf_yumen_landscape.pdf": 17,
    "pdf_yumen_rotated.pdf": 17,
    "pdf_yindu_unruled.pdf": 29,
    "pdf_huinong_unruled.pdf": 15,
    "pdf_yumen_unruled.pdf": 17,
    "word_wolong_annex2.docx": 3,
    "pdf_wolong_annex2.pdf": 3,
    "word_multi.docx": 30,
}
PDFS = [name for name in WORD_PDF_SAMPLES if name.endswith(".pdf")]
CJK_GAP = re.compile(r"(?=([\u4e00-\u9fff][ \n][\u4e00-\u9fff]))")


@cache
def records_of(name: str) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in extract(SAMPLES / name)]


def golden_of(name: str) -> list[dict[str, Any]]:
    return load_jsonl(GOLDEN / f"{Path(name).stem}.jsonl")


def by_name(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if re.sub(r"\s+", "", r["name"]) == re.sub(r"\s+", "", name)]


@pytest.mark.parametrize(("name", "count"), WORD_PDF_SAMPLES.items())
def test_sample_equals_golden(name: str, count: int) -> None:
    records, golden = records_of(name), golden_of(name)
    assert len(golden) == count
    result = FileComparison(output=Path(name), golden=Path("golden"))
    compare_items(records, golden, result)
    assert result.differences == []
    assert len(records) == count


@pytest.mark.parametrize("name", PDFS)
def test_an_item_crossing_a_page_break_is_one_record_listing_both_pages(name: str) -> None:
    crossing = [g for g in golden_of(name) if len(g["source"]["pages"]) > 1]
    assert crossing, "the sample should have items that cross a page break"
    records = records_of(name)
    for want in crossing:
        got = by_name(records, want["name"])
        assert len(got) == 1, want["name"]
        assert got[0]["source"]["pages"] == want["source"]["pages"], want["name"]


def test_yindu_first_item_crosses_from_page_one_to_two() -> None:
    first = records_of("pdf_yindu.pdf")[0]
    assert first["name"] == "对医疗保障经办机构骗取医疗保障基金支出的处罚"
    assert first["source"]["pages"] == [1, 2]


@pytest.mark.parametrize("name", ["word_laiyuan_merged.docx", "pdf_laiyuan_merged.pdf"])
def test_every_item_under_a_merged_category_cell_has_its_category(name: str) -> None:
    records = records_of(name)
    assert len(records) == 45
    wanted = {g["name"]: g["category"] for g in golden_of(name)}
    for record in records:
        assert record["category"], record["name"]
        assert record["category"] == wanted.get(record["name"]), record["name"]


@pytest.mark.parametrize("name", WORD_PDF_SAMPLES)
def test_no_whitespace_between_chinese_characters_the_source_lacks(name: str) -> None:
    golden = {(g["name"], g["index"]): g for g in golden_of(name)}
    by_key = {re.sub(r"\s+", "", g["name"]): g for g in golden.values()}
    for record in records_of(name):
        want = by_key.get(re.sub(r"\s+", "", record["name"]))
        for field, value in text_fields(record).items():
            expected = text_fields(want).get(field, "") if want else ""
            gaps = set(CJK_GAP.findall(value)) - set(CJK_GAP.findall(expected or ""))
            assert not gaps, (record["index"], field, sorted(gaps))


def text_fields(record: dict[str, Any]) -> dict[str, str]:
    fields = {k: v for k, v in record.items() if isinstance(v, str)}
    fields |= {f"extra.{k}": v for k, v in record["extra"].items() if isinstance(v, str)}
    return fields


@pytest.mark.parametrize("name", ["word_wolong_annex2.docx", "pdf_wolong_annex2.pdf"])
def test_annex2_sub_rows_and_adjustment_rows_belong_to_their_item(name: str) -> None:
    records = records_of(name)
    assert [r["seq"] for r in records] == ["1", "2", "3"]
    third = records[2]
    assert third["name"] == "封存与社会保险（医疗保障）基金收支、管理和投资运营相关的资料"
    assert third["category"] == "行政强制"
    assert third["undertaker"] == "基金监管股"
    assert third["extra"]["办理环节"].split("\n") == ["决定", "执行", "处理", "事后监管"]
    assert third["responsibility"].split("\n")[0].startswith("1.决定责任")
    assert records[0]["extra"]["调整情况"] == "修改名称，新增依据"
    assert all(r["extra"]["调整原因"].endswith("（宛医保办〔2023〕82号）") for r in records)
    assert all(r["source"]["title"] is None for r in records)


def test_two_lists_in_one_word_file_are_tables_zero_and_one() -> None:
    records = records_of("word_multi.docx")
    assert [r["source"]["table"] for r in records] == [0] * 13 + [1] * 17
    assert [r["index"] for r in records] == list(range(1, 31))
    assert records[0]["section"] == "二、行政处罚（2项）"
    assert records[13]["source"]["title"] == "玉门市医疗保障局权责清单目录 (不含涉密事项)"
    assert records[13]["section"] is None


def test_yumen_footer_below_the_table_is_not_an_item() -> None:
    for name in ("word_yumen_landscape.docx", "pdf_yumen_landscape.pdf"):
        records = records_of(name)
        assert not any("监督电话" in str(value) for r in records for value in text_fields(r).values()), name
