"""Web-page and spreadsheet samples (tools/samples/web_sheet.py) against their golden files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qingdan_extract import InputError, extract
from qingdan_extract.ir import Table
from qingdan_extract.pipeline import extract_file
from qingdan_extract.readers import read_document
from qingdan_extract.validate import FileComparison, compare_items, squash

from conftest import GOLDEN, SAMPLES, load_jsonl

SAMPLE_COUNTS = {
    "html_huinong.html": 15,
    "html_yumen_gbk.html": 17,
    "xlsx_laiyuan.xlsx": 45,
    "xlsx_multi.xlsx": 42,
    "xls_yindu.xls": 29,
    "form_huinong.html": 5,
    "csv_laiyuan_gbk.csv": 45,
    "txt_huinong_utf16.txt": 15,
}
# the same list as the seed's text dump and as a web page / spreadsheet
SAME_LIST = [
    ("seed002_huinong.txt", "html_huinong.html"),
    ("seed004_yumen.txt", "html_yumen_gbk.html"),
    ("seed003_laiyuan.txt", "xlsx_laiyuan.xlsx"),
    ("seed003_laiyuan.txt", "csv_laiyuan_gbk.csv"),
    ("seed002_huinong.txt", "txt_huinong_utf16.txt"),
]


def records_of(name: str) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in extract(SAMPLES / name)]


def without_source(record: dict[str, Any]) -> dict[str, Any]:
    return squash({k: v for k, v in record.items() if k not in ("source", "warnings")})


@pytest.mark.parametrize(("name", "count"), SAMPLE_COUNTS.items())
def test_sample_equals_golden(name: str, count: int) -> None:
    records = records_of(name)
    golden = load_jsonl(GOLDEN / f"{Path(name).stem}.jsonl")
    assert len(golden) == count
    result = FileComparison(output=Path(name), golden=Path("golden"))
    compare_items(records, golden, result)
    assert result.differences == []
    assert len(records) == count


@pytest.mark.parametrize(("text", "other"), SAME_LIST)
def test_same_list_as_text_and_as_web_or_sheet_gives_the_same_records(text: str, other: str) -> None:
    from_text = [without_source(r) for r in records_of(text)]
    from_other = [without_source(r) for r in records_of(other)]
    assert from_other == from_text


@pytest.mark.parametrize(("text", "other"), SAME_LIST)
def test_same_list_has_the_same_title_in_both_formats(text: str, other: str) -> None:
    titles = {r["source"]["title"] for r in records_of(text)}
    assert {r["source"]["title"] for r in records_of(other)} == titles


# ---------------------------------------------------------------- html_huinong


def test_huinong_page_items_cut_by_table_splits_come_out_whole_once() -> None:
    records = extract(SAMPLES / "html_huinong.html")
    names = [r.name for r in records]
    assert names.count("对纳入基本医疗保险基金支付范围的医疗服务行为和医疗费用进行监督管理") == 1
    assert [r.seq for r in records[:6]] == ["1", "2", "3", "4", "5", "6"]
    assert records[0].basis is not None and "第三十八条 定点医药机构有下列情形之一的" in records[0].basis


def test_huinong_page_chrome_is_not_read_as_title_section_or_item() -> None:
    extraction = extract_file(SAMPLES / "html_huinong.html")
    assert {r.source.title for r in extraction.records} == {"惠农区医疗保障局行政权力和责任清单（共 15 项）"}
    assert {r.section for r in extraction.records} == {
        "一、行政处罚类（共 6 项）",
        "二、行政强制类（共 1 项）",
        "三、行政给付类（共2项）",
        "四、行政检查类（共 4 项）",
        "五、其他类（共 2 项）",
    }
    assert extraction.total_mismatches == []
    assert not any("not read" in w for w in extraction.warnings)


def test_huinong_page_is_split_over_tables_that_repeat_the_header() -> None:
    tables = read_document(SAMPLES / "html_huinong.html").tables()
    assert len(tables) > 5
    assert all(t.rows[0].texts()[:2] == ["序号", "职权名称"] for t in tables)


# ---------------------------------------------------------------- html_yumen_gbk


def test_yumen_gbk_page_merged_cells_reach_every_item() -> None:
    records = extract(SAMPLES / "html_yumen_gbk.html")
    assert all(r.subject == "玉门市医疗保障局" for r in records)
    assert [r.undertaker for r in records].count("行政审批股") == 1
    assert all(r.undertaker for r in records)
    assert all(r.sub_name is None for r in records)


def test_yumen_gbk_page_is_decoded_and_its_layout_table_walked_through() -> None:
    tables = read_document(SAMPLES / "html_yumen_gbk.html").tables()
    assert len(tables) == 1
    assert tables[0].rows[1].texts()[1:3] == ["事项名称", "子项名称"]


def test_yumen_gbk_title_is_the_list_title_not_the_page_info_line() -> None:
    titles = {r.source.title for r in extract(SAMPLES / "html_yumen_gbk.html")}
    assert titles == {"玉门市医疗保障局权责清单目录 (不含涉密事项)"}


# ---------------------------------------------------------------- spreadsheets


def test_laiyuan_sheet_declared_totals_and_merged_categories() -> None:
    extraction = extract_file(SAMPLES / "xlsx_laiyuan.xlsx")
    assert extraction.total_mismatches == []
    assert [r.category_raw for r in extraction.records].count("行政处罚") == 12
    assert sum(1 for r in extraction.records if r.seq is None) == 18


def test_multi_sheet_workbook_gives_two_lists_and_skips_the_hidden_sheet() -> None:
    document = read_document(SAMPLES / "xlsx_multi.xlsx")
    assert len(document.tables()) == 2
    extraction = extract_file(SAMPLES / "xlsx_multi.xlsx")
    tables = [r.source.table for r in extraction.records]
    assert tables == [0] * 29 + [1] * 13
    assert extraction.records[0].source.title == "安阳市殷都区医疗保障局权责清单目录"
    assert extraction.records[29].source.title is None
    assert [r.index for r in extraction.records] == list(range(1, 43))
    assert extraction.total_mismatches == []


def test_xls_two_row_header_maps_both_sub_columns() -> None:
    records = extract(SAMPLES / "xls_yindu.xls")
    assert records[0].name == "对医疗保障经办机构骗取医疗保障基金支出的处罚"
    assert records[0].category == "行政处罚"
    assert all(r.extra == {} for r in records)


# ---------------------------------------------------------------- form layout


def test_form_layout_gives_one_item_per_label_value_table() -> None:
    records = extract(SAMPLES / "form_huinong.html")
    assert [r.code for r in records] == ["0247001000", "0247002000", "0247006000", "0247008000", "0247009000"]
    assert all(r.category == "行政处罚" and r.category_raw == "行政处罚类" for r in records)


# ---------------------------------------------------------------- bad input


def test_truncated_xlsx_is_one_line_error(tmp_path: Path) -> None:
    data = (SAMPLES / "xlsx_laiyuan.xlsx").read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as caught:
        extract_file(broken)
    message = str(caught.value)
    assert message.startswith(str(broken) + ": ")
    assert "\n" not in message
    assert "xlsx" in message


def test_page_without_a_table_gives_no_items_and_says_so(tmp_path: Path) -> None:
    page = (SAMPLES / "html_huinong.html").read_text(encoding="utf-8")
    head, rest = page.split("<h2>", 1)
    _, tail = rest.rsplit("</table>", 1)
    no_table = tmp_path / "notice.html"
    no_table.write_text(head + "<p>清单正在调整中，敬请关注。</p>" + tail, encoding="utf-8")
    assert not any(isinstance(b, Table) for b in read_document(no_table).blocks)
    extraction = extract_file(no_table)
    assert extraction.records == []
    assert any("no table" in w for w in extraction.warnings)
