"""The command line as a user runs it: outputs, exit statuses, one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import GOLDEN, SAMPLES, load_jsonl, run_cli


def test_one_file_writes_jsonl_to_stdout() -> None:
    result = run_cli(str(SAMPLES / "seed004_yumen.txt"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 17
    assert json.loads(lines[0])["name"] == "对医保经办机构骗取医保基金支出的处罚"


def test_output_file_then_validate_against_golden(tmp_path: Path) -> None:
    out = tmp_path / "yindu.jsonl"
    assert run_cli(str(SAMPLES / "seed001_yindu.txt"), "-o", str(out)).returncode == 0
    result = run_cli("validate", str(out), str(GOLDEN / "seed001_yindu.jsonl"))
    assert result.returncode == 0
    assert "field accuracy 696/696 = 100.00%" in result.stdout


def test_validate_prints_each_difference_and_exits_1(tmp_path: Path) -> None:
    items = load_jsonl(GOLDEN / "seed004_yumen.jsonl")
    items[3]["subject"] = "别的单位"
    del items[5]
    out = tmp_path / "changed.jsonl"
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    result = run_cli("validate", str(out), str(GOLDEN / "seed004_yumen.jsonl"))
    assert result.returncode == 1
    assert "| subject | expected: 玉门市医疗保障局 | got: 别的单位" in result.stdout
    assert "#6 " in result.stdout and "| (item) | expected: present | got: missing" in result.stdout


def test_a_folder_converts_to_one_output_per_input_and_validates(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    (inputs / "county").mkdir(parents=True)
    for stem in ("seed001_yindu", "seed002_huinong"):
        shutil.copy(SAMPLES / f"{stem}.txt", inputs / "county" / f"{stem}.txt")
    out = tmp_path / "out"
    result = run_cli(str(inputs), "-o", str(out), "-j", "2", "--report", str(tmp_path / "report.json"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "county").iterdir()) == [
        "seed001_yindu.jsonl",
        "seed002_huinong.jsonl",
    ]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["items"] == 29 + 15 and report["failed"] == 0
    golden = tmp_path / "golden"
    golden.mkdir()
    for stem in ("seed001_yindu", "seed002_huinong"):
        shutil.copy(GOLDEN / f"{stem}.jsonl", golden)
    check = run_cli("validate", str(out), str(golden))
    assert check.returncode == 0, check.stdout
    assert "all: 2 files" in check.stdout


def test_unsupported_and_missing_files_give_one_line_and_status_2(tmp_path: Path) -> None:
    odd = tmp_path / "list.odt"
    odd.write_text("x")
    for path, message in ((odd, "unsupported file type '.odt'"), (tmp_path / "gone.pdf", "no such file")):
        result = run_cli(str(path))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1, result.stderr
        assert str(path) in result.stderr and message in result.stderr
        assert "Traceback" not in result.stderr


def test_empty_file_is_refused_in_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli(str(empty))
    assert result.returncode == 2
    assert result.stderr.strip() == f"qingdan-extract: {empty}: file is empty"


def test_help_everywhere() -> None:
    for args in (["--help"], ["validate", "--help"], ["inspect", "--help"]):
        result = run_cli(*args)
        assert result.returncode == 0
        assert "Usage" in result.stdout
