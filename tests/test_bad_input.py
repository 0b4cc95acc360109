"""Bad input: one clear line naming the file, a non-zero status for that file, and a batch goes on.

Every bad input alone (exit 2, one line) and among good files (listed in the summary with its
reason, the others converted); a mixed folder against golden/; a file that vanishes mid-batch;
an output folder that cannot be written; GB18030 text; a 200 MB text file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from qingdan_extract import batch, cli

from conftest import GOLDEN, SAMPLES, load_jsonl, run_cli

PDF_FIXTURES = Path(__file__).parent / "pdf_fixtures"
GOOD = SAMPLES / "seed004_yumen.txt"
NO_TABLE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某局权责清单</title></head>
<body><h1>某某局权责清单</h1><p>本单位权责清单正在调整，敬请期待。</p></body></html>"""

# name → (content, the reason printed for it)
BAD: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "file is empty"),
    "zero_bytes.pdf": (lambda: b"", "file is empty"),
    "truncated.pdf": (lambda: (PDF_FIXTURES / "truncated.pdf").read_bytes(), "truncated PDF"),
    "encrypted.pdf": (lambda: (PDF_FIXTURES / "encrypted.pdf").read_bytes(), "encrypted PDF"),
    "scanned.pdf": (lambda: (PDF_FIXTURES / "no_text.pdf").read_bytes(), "no text layer"),
    "junk.txt": (lambda: bytes(range(256)) * 40, "not a text file (binary content)"),
    "not_a_zip.docx": (
        lambda: "这不是 Word 文件\n".encode() * 20,
        "not a valid .docx file (not a zip archive)",
    ),
}


def make(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(BAD[name][0]())
    return path


def comparable(path: Path) -> list[dict[str, object]]:
    items = load_jsonl(path)
    for item in items:
        item.pop("warnings")
        item["source"].pop("file")  # type: ignore[attr-defined]
        item["source"].pop("format")  # type: ignore[attr-defined]
    return items


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_alone_gives_one_line_and_status_2(tmp_path: Path, name: str) -> None:
    path = make(tmp_path, name)
    result = run_cli(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"qingdan-extract: {path}: ") and BAD[name][1] in lines[0]


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_in_a_batch_is_listed_and_the_others_go_on(tmp_path: Path, name: str) -> None:
    inputs = tmp_path / "in"
    bad = make(inputs, name)
    shutil.copy(GOOD, inputs / "a_good.txt")
    shutil.copy(GOOD, inputs / "z_good.txt")
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = run_cli(str(inputs), "-o", str(out), "-j", "2", "--report", str(report))
    assert result.returncode == 2
    assert f"FAILED {bad}: " in result.stderr  # the progress line
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert failed == [f"failed: {bad}: {entry_error(report, bad)}"]
    assert BAD[name][1] in failed[0]
    assert sorted(p.name for p in out.iterdir()) == ["a_good.jsonl", "z_good.jsonl"]
    assert "Traceback" not in result.stderr


def entry_error(report: Path, path: Path) -> str:
    for entry in json.loads(report.read_text(encoding="utf-8"))["results"]:
        if entry["input"] == str(path):
            assert entry["status"] == "failed" and entry["items"] == 0 and entry["output"] is None
            return str(entry["error"])
    raise AssertionError(f"{path} not in the report")


def test_html_page_without_a_table_is_empty_writes_nothing_and_exits_3(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text(NO_TABLE_HTML, encoding="utf-8")
    result = run_cli(str(page))
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{page}: warning: no table with a recognisable header row was found: no items",
        f"qingdan-extract: {page}: no list found (no table); nothing written",
    ]
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = run_cli(str(page), str(GOOD), "-o", str(out), "--report", str(report))
    assert result.returncode == 3, result.stderr
    entry = next(e for e in json.loads(report.read_text())["results"] if e["input"] == str(page))
    assert entry["status"] == "empty" and entry["items"] == 0 and entry["output"] is None
    assert entry["error"] == "no list found (no table)"
    assert not (out / "notice.jsonl").exists()


def test_gb18030_text_reads_like_utf8(tmp_path: Path) -> None:
    text = (SAMPLES / "seed001_yindu.txt").read_text(encoding="utf-8")
    gb = tmp_path / "seed001_yindu.txt"
    gb.write_bytes(text.encode("gb18030"))
    out = tmp_path / "gb.jsonl"
    result = run_cli(str(gb), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert comparable(out) == comparable(GOLDEN / "seed001_yindu.jsonl")
    assert run_cli("validate", str(out), str(GOLDEN / "seed001_yindu.jsonl")).returncode == 0


def test_mixed_folder_converts_good_files_and_lists_bad_ones(tmp_path: Path) -> None:
    """samples/ plus every bad input in one command: good outputs equal golden, bad files listed
    with their reasons, exit 2, nothing partial."""
    mixed = tmp_path / "mixed"
    shutil.copytree(SAMPLES, mixed)
    bad = [make(mixed / "bad", name) for name in sorted(BAD)]
    (mixed / "bad" / "notice.html").write_text(NO_TABLE_HTML, encoding="utf-8")
    out, report = tmp_path / "out", tmp_path / "report.json"
    result = run_cli(str(mixed), "-o", str(out), "-j", "2", "--report", str(report))
    assert result.returncode == 2
    failed = sorted(line for line in result.stderr.splitlines() if line.startswith("failed: "))
    assert failed == sorted(f"failed: {p}: {entry_error(report, p)}" for p in bad)
    for path in bad:
        assert BAD[path.name][1] in entry_error(report, path)
    check = run_cli("validate", str(out), str(GOLDEN))
    assert check.returncode == 0, check.stdout
    assert f"all: {len(list(GOLDEN.iterdir()))} files" in check.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    n_samples = len(list(SAMPLES.iterdir()))
    # seed000's 附件2/3 are interleaved text copies, not read: that sample is partial
    assert (data["files"], data["ok"], data["partial"], data["empty"], data["failed"]) == (
        n_samples + len(bad) + 1,
        n_samples - 1,
        1,
        1,
        len(bad),
    )
    outputs = sorted(out.rglob("*"))
    assert not [p for p in outputs if p.name.startswith(".") or p.suffix == ".part"]
    for path in out.rglob("*.jsonl"):  # every output whole: each line a JSON object
        for line in path.read_text(encoding="utf-8").splitlines():
            assert isinstance(json.loads(line), dict)
    row = next(line for line in result.stderr.splitlines() if re.match(r"^│\s+\d", line))
    assert [int(n) for n in re.findall(r"\d+", row)][:5] == [data["files"], data["ok"], 1, 1, data["failed"]]


def test_file_that_vanishes_mid_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for stem in ("a", "b", "c"):
        shutil.copy(GOOD, inputs / f"{stem}.txt")
    vanishing = inputs / "b.txt"
    real_run_one = batch.run_one

    def run_one(job: batch.Job, fmt: str = "jsonl", keep_records: bool = False) -> batch.FileResult:
        if job.input.name == "a.txt":  # collected already; gone before its turn comes
            vanishing.unlink()
        return real_run_one(job, fmt, keep_records)

    monkeypatch.setattr(batch, "run_one", run_one)
    out, report = tmp_path / "out", tmp_path / "report.json"
    with pytest.raises(SystemExit) as exit_info:
        cli.main([str(inputs), "-o", str(out), "-j", "1", "--report", str(report)])
    assert exit_info.value.code == 2
    stderr = capsys.readouterr().err
    assert f"failed: {vanishing}: no such file" in stderr.splitlines()
    assert f"[2/3] FAILED {vanishing}: no such file" in stderr.splitlines()
    assert sorted(p.name for p in out.iterdir()) == ["a.jsonl", "c.jsonl"]
    assert entry_error(report, vanishing) == "no such file"


def test_output_folder_whose_parent_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a regular file")
    out = blocker / "out"
    result = run_cli(str(GOOD), str(SAMPLES / "seed001_yindu.txt"), "-o", str(out), "-j", "1")
    assert result.returncode == 2
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    yindu = SAMPLES / "seed001_yindu.txt"
    assert failed == [
        f"failed: {GOOD}: cannot write {out / 'seed004_yumen.jsonl'}: Not a directory",
        f"failed: {yindu}: cannot write {out / 'seed001_yindu.jsonl'}: Not a directory",
    ]
    assert "Traceback" not in result.stderr


def test_one_unwritable_output_subfolder_fails_only_its_files(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    (inputs / "blocked").mkdir(parents=True)
    (inputs / "open").mkdir()
    shutil.copy(GOOD, inputs / "blocked" / "x.txt")
    shutil.copy(GOOD, inputs / "open" / "y.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "blocked").write_text("a file where the mirrored folder should be")
    result = run_cli(str(inputs), "-o", str(out), "-j", "2")
    assert result.returncode == 2
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 1 and failed[0].startswith(f"failed: {inputs / 'blocked' / 'x.txt'}: cannot write ")
    assert len(load_jsonl(out / "open" / "y.jsonl")) == 17
    assert (out / "blocked").read_text() == "a file where the mirrored folder should be"


def test_output_under_proc_cannot_be_written(tmp_path: Path) -> None:
    result = run_cli(str(GOOD), str(SAMPLES / "seed001_yindu.txt"), "-o", "/proc/qingdan-out", "-j", "1")
    assert result.returncode == 2
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 2 and all("cannot write /proc/qingdan-out/" in line for line in failed)


# --- a 200 MB text file --------------------------------------------------------------

BIG_MB = 200
TIME_LIMIT_S = 400  # a hang guard for slow machines; speed is make bench's business
MEASURE = textwrap.dedent(
    """
    import resource, sys
    from qingdan_extract.cli import main
    try:
        main(sys.argv[2:])
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    with open(sys.argv[1], "w") as fh:
        fh.write(f"{code} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
    """
)


def big_tab_separated(path: Path, size: int) -> int:
    """A tab-separated list of ``size`` bytes: seed002's rows repeated, numbered on. Returns rows."""
    lines = (SAMPLES / "seed002_huinong.txt").read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("序号\t"))
    rows = [line.split("\t", 1)[1] for line in lines if re.match(r"\d+\t", line)]
    n = written = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"# 某某局权责清单\n\n{header}\n")
        while written < size:
            line = f"{n + 1}\t{rows[n % len(rows)]}\n"
            fh.write(line)
            written += len(line.encode())
            n += 1
    return n


def peak_rss(pid: int) -> int:
    """The process's peak resident size so far, in bytes (VmHWM)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) * 1024 if match else 0


def test_200_mb_text_file_is_streamed(tmp_path: Path) -> None:
    """Records are streamed: the peak RSS stays well below twice the file's size (1.5×).

    The run is watched and stopped as soon as the memory limit or the time limit is passed,
    so a regression fails fast. The time limit is a guard against hangs, not a speed target:
    at about 2.6 MB/s the pipeline needs some 75–90 s for 200 MB on a CI-sized machine.
    """
    big = tmp_path / "big.txt"
    rows = big_tab_separated(big, BIG_MB << 20)
    size = big.stat().st_size
    limit = int(1.5 * size)
    measured = tmp_path / "rss"
    out = tmp_path / "big.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-c", MEASURE, str(measured), str(big), "-o", str(out), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    start, peak = time.monotonic(), 0
    while proc.poll() is None:
        peak = max(peak, peak_rss(proc.pid))
        elapsed = time.monotonic() - start
        if peak > limit or elapsed > TIME_LIMIT_S:
            proc.kill()
            proc.wait()
            pytest.fail(
                f"{size >> 20} MB text file: stopped after {elapsed:.0f} s with peak RSS {peak >> 20} MB "
                f"(limits {limit >> 20} MB = 1.5 × the file, {TIME_LIMIT_S} s)"
            )
        time.sleep(0.1)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    code, maxrss_kb = measured.read_text().split()
    assert code in ("0", "None")
    assert int(maxrss_kb) * 1024 < limit, f"peak RSS {int(maxrss_kb) >> 10} MB for a {size >> 20} MB file"
    assert elapsed < TIME_LIMIT_S
    with out.open("rb") as fh:
        assert sum(1 for _ in fh) == rows
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(
    ("sample", "named", "kind"),
    [
        ("pdf_wolong_annex2.pdf", "list.doc", "a PDF"),
        ("xlsx_laiyuan.xlsx", "list.docx", "an Excel workbook"),
        ("word_yindu.docx", "list.xlsx", "a Word document"),
        ("pdf_wolong_annex2.pdf", "list.txt", "a PDF"),
    ],
)
def test_a_file_named_as_another_format_is_read_by_its_content(
    sample: str, named: str, kind: str, tmp_path: Path
) -> None:
    from qingdan_extract.pipeline import RecordStream

    path = tmp_path / named
    shutil.copy(SAMPLES / sample, path)
    stream = RecordStream(path)
    got = [r.name for r in stream]
    assert got == [r["name"] for r in load_jsonl(GOLDEN / f"{Path(sample).stem}.jsonl")]
    (problem,) = [p for p in stream.problems if p.code == "format-mismatch"]
    assert problem.message == f"named {Path(named).suffix} but {kind}: read as one"
    assert stream.status == "ok"
