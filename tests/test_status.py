"""Every file says how sure it is: status, exit status, report and coverage (issue 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qingdan_extract.coverage import Coverage
from qingdan_extract.normalize.records import record_data
from qingdan_extract.pipeline import EMPTY, OK, PARTIAL, RecordStream, file_status
from qingdan_extract.problems import CODES, Problem
from qingdan_extract.reassemble.assembler import iter_items

from conftest import SAMPLES, run_cli


def make_mixed_folder(folder: Path) -> None:
    """Good lists, a letter, a table-less page, a numbers-only sheet and a bad file."""
    import docx
    import openpyxl

    folder.mkdir()
    (folder / "list.html").write_bytes((SAMPLES / "html_huinong.html").read_bytes())
    (folder / "list.pdf").write_bytes((SAMPLES / "pdf_yumen_landscape.pdf").read_bytes())
    letter = docx.Document()
    letter.add_paragraph("各乡镇人民政府：")
    letter.add_paragraph("现将有关事项通知如下。")
    letter.save(str(folder / "letter.docx"))
    (folder / "page.html").write_text(
        "<html><head><meta charset='utf-8'></head><body><h1>通知</h1><p>没有表格。</p></body></html>",
        encoding="utf-8",
    )
    wb = openpyxl.Workbook()
    for r in range(6):
        wb.active.append([r, r * 2.5, r * 3])  # type: ignore[union-attr]
    wb.save(folder / "numbers.xlsx")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")


def test_a_mixed_folder_gives_each_file_its_status(tmp_path: Path) -> None:
    make_mixed_folder(tmp_path / "in")
    out, report = tmp_path / "out", tmp_path / "report.json"
    proc = run_cli(str(tmp_path / "in"), "-o", str(out), "--report", str(report))
    assert proc.returncode == 2  # a file failed (2 wins over empty, 3)
    data = json.loads(report.read_text(encoding="utf-8"))
    statuses = {Path(r["input"]).name: r["status"] for r in data["results"]}
    assert statuses == {
        "list.html": OK,
        "list.pdf": OK,
        "letter.docx": EMPTY,
        "page.html": EMPTY,
        "numbers.xlsx": EMPTY,
        "broken.pdf": "failed",
    }
    written = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert written == ["list.html.jsonl", "list.pdf.jsonl"]  # one stem twice in a folder: suffix kept
    assert all(p.stat().st_size > 0 for p in out.rglob("*") if p.is_file())  # no empty .jsonl
    on_disk = {str(p) for p in out.rglob("*") if p.is_file()}
    assert on_disk == {r["output"] for r in data["results"] if r["output"]}
    reasons = {Path(r["input"]).name: r["error"] for r in data["results"] if r["status"] == EMPTY}
    assert reasons["numbers.xlsx"] == "no list found (1 table, none with item rows)"
    assert reasons["letter.docx"] == "no list found (no table)"
    assert (data["ok"], data["empty"], data["failed"]) == (2, 3, 1)
    assert "empty" in proc.stderr and "failed" in proc.stderr


def test_without_failures_an_empty_file_exits_3_and_strict_makes_partial_exit_4(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>没有表格</p></body></html>", encoding="utf-8")
    proc = run_cli(str(page), "-o", str(tmp_path / "page.jsonl"))
    assert proc.returncode == 3
    assert not (tmp_path / "page.jsonl").exists()
    assert proc.stderr.strip().splitlines()[-1] == (
        f"qingdan-extract: {page}: no list found (no table); nothing written"
    )
    partial = tmp_path / "bare.csv"
    partial.write_text("1,对违反某条例行为的处罚,行政处罚\n2,对另一行为的处罚,行政处罚\n", encoding="utf-8")
    assert run_cli(str(partial), "-o", str(tmp_path / "bare.jsonl")).returncode == 0
    strict = run_cli(str(partial), "-o", str(tmp_path / "bare2.jsonl"), "--strict")
    assert strict.returncode == 4


def test_explain_shows_the_column_mapping_and_coverage() -> None:
    proc = run_cli(str(SAMPLES / "html_yumen_gbk.html"), "--explain", "-q")
    assert proc.returncode == 0
    assert "html_yumen_gbk.html: ok, 17 items" in proc.stderr
    assert "事项名称 → name (synonym)" in proc.stderr
    assert "coverage 100.0% of" in proc.stderr


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_sample_reports_its_columns_and_full_coverage(sample: str) -> None:
    from qingdan_extract.report import file_report

    stream = RecordStream(SAMPLES / sample)
    n = sum(1 for _ in stream.data())
    report = file_report(stream)
    assert n > 0 and report["items"] == n
    for lst in report["lists"]:
        assert lst["columns"], lst
        assert all(c["how"] for c in lst["columns"])
        assert lst["coverage"]["ratio"] == 1.0, lst["coverage"]


def test_a_column_lost_in_the_output_drops_coverage_and_names_the_text() -> None:
    """Drop one column's text from every record (as a bug in the normaliser would): the coverage
    check notices, and names what was lost."""
    stream = RecordStream(SAMPLES / "word_yindu.docx")
    full, cut = Coverage(), Coverage()
    for item in iter_items(stream.assembler, stream.document.blocks):
        record = record_data(item, 1, stream.document)
        full.add_item(item, record)
        record.basis = None  # the 设定依据 column's text does not reach the record
        cut.add_item(item, record)
    assert full.ratio == 1.0 and full.lost == []
    assert cut.ratio < 0.9
    assert cut.lost_count == 29
    assert any("《中华人民共和国社会保险法》" in text for text in cut.lost)


@pytest.mark.parametrize(
    ("records", "codes", "status"),
    [
        (0, [], EMPTY),
        (3, [], OK),
        (3, ["serial-missing", "row-continued"], OK),
        (3, ["column-by-content"], PARTIAL),
        (3, ["row-not-read"], PARTIAL),
        (3, ["total-mismatch"], PARTIAL),
        (3, ["text-lost"], PARTIAL),
    ],
)
def test_file_status(records: int, codes: list[str], status: str) -> None:
    assert file_status(records, [Problem(c, c) for c in codes]) == status


def test_every_code_is_listed_in_the_readme() -> None:
    readme = (SAMPLES.parent / "README.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"`{code}`" not in readme]
    assert missing == []


def test_one_file_report_lists_each_list_with_its_columns(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    proc = run_cli(
        str(SAMPLES / "word_multi.docx"), "-o", str(tmp_path / "out.jsonl"), "--report", str(report)
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert (data["status"], data["items"]) == (OK, 30)
    assert [(lst["table"], lst["items"], lst["coverage"]["ratio"]) for lst in data["lists"]] == [
        (0, 13, 1.0),
        (1, 17, 1.0),
    ]
    first = data["lists"][0]["columns"]
    assert [(c["header"], c["field"], c["how"]) for c in first] == [
        ("序号", "seq", "synonym"),
        ("职权名称", "name", "synonym"),
        ("职权类别", "category", "synonym"),
    ]
