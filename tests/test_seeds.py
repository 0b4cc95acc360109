"""The five seed lists (text dumps) against their hand-checked golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from qingdan_extract import extract
from qingdan_extract.pipeline import extract_file
from qingdan_extract.validate import FileComparison, compare_items

from conftest import GOLDEN, SAMPLES, load_jsonl

SEEDS = {
    "seed000_wolong": 13,
    "seed001_yindu": 29,
    "seed002_huinong": 15,
    "seed003_laiyuan": 45,
    "seed004_yumen": 17,
}


@pytest.mark.parametrize(("stem", "count"), SEEDS.items())
def test_seed_equals_golden(stem: str, count: int) -> None:
    records = [r.model_dump(mode="json") for r in extract(SAMPLES / f"{stem}.txt")]
    golden = load_jsonl(GOLDEN / f"{stem}.jsonl")
    assert len(records) == count
    assert len(golden) == count
    result = FileComparison(output=Path("out"), golden=Path("golden"))
    compare_items(records, golden, result)
    assert result.differences == []
    assert result.fields_compared > count * 20


def test_huinong_name_split_over_a_page_break_comes_out_whole_once() -> None:
    names = [r.name for r in extract(SAMPLES / "seed002_huinong.txt")]
    whole = "对纳入基本医疗保险基金支付范围的医疗服务行为和医疗费用进行监督管理"
    assert names.count(whole) == 1
    assert not any(n.startswith("的医疗服务行为") for n in names)


def test_huinong_category_comes_from_section_heading() -> None:
    records = extract(SAMPLES / "seed002_huinong.txt")
    first = records[0]
    assert first.category == "行政处罚"
    assert first.category_raw == "行政处罚类"
    assert first.section == "一、行政处罚类（共 6 项）"
    assert records[-1].category == "其他行政权力"
    assert records[-1].code == "1047004000"  # printed "10470 04000"


def test_yumen_rows_with_dropped_cells_are_realigned() -> None:
    records = extract(SAMPLES / "seed004_yumen.txt")
    for record in records[3:8]:
        assert record.category in ("行政处罚", "行政强制", "行政给付")
        assert record.subject == "玉门市医疗保障局"
        assert record.undertaker == "基金财务和综合监督股"
        assert record.sub_name is None and record.code is None
        assert record.responsibility_basis and record.responsibility_basis.startswith("《")
        assert any("realigned" in w for w in record.warnings)
    # rows that were complete are left alone
    assert all(not any("realigned" in w for w in r.warnings) for r in records[:3] + records[8:])


def test_laiyuan_items_without_serial_are_kept_with_a_warning() -> None:
    records = extract(SAMPLES / "seed003_laiyuan.txt")
    unnumbered = [r for r in records if r.seq is None]
    assert len(unnumbered) == 18
    assert all(any("no serial number" in w for w in r.warnings) for r in unnumbered)
    assert [r.index for r in records] == list(range(1, 46))
    assert records[9].warnings == ["no serial number printed; counting from the item above it would be 10"]


def test_wolong_reads_the_directory_and_refuses_the_interleaved_tables() -> None:
    extraction = extract_file(SAMPLES / "seed000_wolong.txt")
    assert len(extraction.records) == 13
    assert {r.section for r in extraction.records} >= {"二、行政处罚（2项）", "十、其他职权（4项）"}
    refused = [w for w in extraction.warnings if "interleaved" in w]
    assert len(refused) == 2
    assert "附件 2" in refused[0] and "附件 3" in refused[1]
    assert extraction.total_mismatches == []


def test_declared_totals_that_match_print_nothing() -> None:
    for stem in SEEDS:
        assert extract_file(SAMPLES / f"{stem}.txt").total_mismatches == [], stem


def test_a_list_missing_an_item_warns_about_the_count(tmp_path: Path) -> None:
    lines = (SAMPLES / "seed002_huinong.txt").read_text(encoding="utf-8").split("\n")
    edited = tmp_path / "edited.txt"
    edited.write_text("\n".join(line for line in lines if not line.startswith("6\t")), encoding="utf-8")
    mismatches = extract_file(edited).total_mismatches
    assert mismatches == [
        "list 0 (惠农区医疗保障局行政权力和责任清单（共 15 项）) declares 15 items but 14 were extracted",
        "list 0 (惠农区医疗保障局行政权力和责任清单（共 15 项）), section “一、行政处罚类（共 6 项）” "
        "declares 6 items but 5 were extracted",
    ]


def test_laiyuan_declared_classes_are_checked(tmp_path: Path) -> None:
    text = (SAMPLES / "seed003_laiyuan.txt").read_text(encoding="utf-8")
    edited = tmp_path / "classes.txt"
    edited.write_text(text.replace("（共7类、45项）", "（共8类、45项）"), encoding="utf-8")
    assert extract_file(edited).total_mismatches == [
        "list 0 (涞源县医疗保障局权责清单事项分表) declares 8 categories but the items have 7"
    ]
