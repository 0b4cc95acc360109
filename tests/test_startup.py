"""Start-up: a one-file conversion loads only what it needs (single.py, record_data.py).

No timings here (speed is `make bench`'s business): which modules a run loads, that the
plain records write exactly what the pydantic ones do, and which command lines take the
quick path.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qingdan_extract.output import record_json
from qingdan_extract.pipeline import RecordStream
from qingdan_extract.single import quick_args
from qingdan_extract.validate import FileComparison, compare_items

from conftest import GOLDEN, SAMPLES, load_jsonl

LOADED = (
    "import sys\n"
    "sys.argv = ['qingdan-extract', *sys.argv[1:]]\n"
    "from qingdan_extract.launch import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "heavy = ('typer', 'click', 'rich', 'pydantic', 'pdfminer', 'pdfplumber', 'openpyxl', 'docx',\n"
    "         'logging', 'tempfile', 'statistics', 'pickle', 'multiprocessing', 'cv2')\n"
    "print(code, sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
)


def loaded(*args: str) -> tuple[int, list[str]]:
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, timeout=300)
    code, mods = done.stderr.strip().splitlines()[-1].split(" ", 1)
    return int(code), json.loads(mods.replace("'", '"'))


@pytest.mark.parametrize(
    ("sample", "args"),
    [
        ("pdf_wolong_annex2.pdf", []),
        ("pdf_wolong_annex2.pdf", ["--format", "csv"]),
        ("seed004_yumen.txt", ["-q"]),
    ],
)
def test_one_file_loads_no_framework_no_pydantic_no_pdfminer(
    sample: str, args: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    code, heavy = loaded(str(SAMPLES / sample), "-o", str(out), *args)
    assert code == 0
    assert heavy == []
    if not args:
        result = FileComparison(output=out, golden=GOLDEN)
        compare_items(load_jsonl(out), load_jsonl(GOLDEN / f"{Path(sample).stem}.jsonl"), result)
        assert result.differences == []


def test_the_pdfplumber_engine_loads_pdfplumber(tmp_path: Path) -> None:
    code, heavy = loaded(
        str(SAMPLES / "pdf_wolong_annex2.pdf"), "-o", str(tmp_path / "o.jsonl"), "--pdf-engine=pdfplumber"
    )
    assert code == 0
    assert "pdfplumber" in heavy and "pdfminer" in heavy and "pydantic" not in heavy
    assert "logging" in heavy  # what pdfminer logs is collected (readers/liblog.py)


def test_a_folder_takes_the_full_command(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes((SAMPLES / "seed004_yumen.txt").read_bytes())
    code, heavy = loaded(str(folder), "-o", str(tmp_path / "out"), "-q")
    assert code == 0
    assert "typer" in heavy


@pytest.mark.parametrize(
    "name",
    ["pdf_yindu.pdf", "seed000_wolong.txt", "html_yumen_gbk.html", "xlsx_multi.xlsx", "word_multi.docx"],
)
def test_plain_records_write_what_pydantic_records_write(name: str) -> None:
    plain = [record_json(r) for r in RecordStream(SAMPLES / name).data()]
    models = [r.model_dump_json() for r in RecordStream(SAMPLES / name)]
    assert plain
    assert [json.loads(p) for p in plain] == [json.loads(m) for m in models]
    assert [list(json.loads(p)) for p in plain] == [list(json.loads(m)) for m in models]  # key order


@pytest.mark.parametrize(
    ("argv", "quick"),
    [
        (["list.pdf"], {"path": "list.pdf"}),
        (["list.pdf", "-o", "x.jsonl", "-q"], {"path": "list.pdf", "output": "x.jsonl", "quiet": True}),
        (["--pdf-engine=pdfplumber", "list.pdf"], {"path": "list.pdf", "pdf_engine": "pdfplumber"}),
        (["list.pdf", "--format", "csv"], {"path": "list.pdf", "fmt": "csv"}),
        (["a.pdf", "b.pdf", "-o", "out/"], None),  # several inputs: the batch
        (["list.pdf", "-o", "out/"], None),  # into a folder: the batch
        (["list.pdf", "-j", "2"], None),  # an option the quick path does not know
        (["list.pdf", "--help"], None),
        (["validate", "a.jsonl", "b.jsonl"], None),
        (["list.pdf", "-o"], None),  # a missing value: typer says what is wrong
        ([], None),
    ],
)
def test_which_command_lines_take_the_quick_path(argv: list[str], quick: dict[str, object] | None) -> None:
    assert quick_args(argv) == quick
