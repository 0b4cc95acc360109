"""Batch conversion: folders and several paths, mirrored outputs, --combined, skipping,
reports that agree with the disk, Ctrl-C, killed workers, progress output, csv/xlsx, the API."""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from qingdan_extract import InputError, Record, batch, extract
from qingdan_extract.model import COLUMN_FIELDS
from qingdan_extract.workers import run_each_in_a_process

from conftest import GOLDEN, SAMPLES, load_jsonl, run_cli

# seed000's 附件2/3 are text copies whose columns interleave: not read, so the file is partial
# (interleaved-text); the tests of a batch's mechanics use the seeds that come out ok
PARTIAL_SAMPLES = {"seed000_wolong.txt"}
SEEDS = [p for p in sorted(SAMPLES.glob("seed*.txt")) if p.name not in PARTIAL_SAMPLES]
PDF_FIXTURES = Path(__file__).parent / "pdf_fixtures"


def jsonl_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.jsonl"))


def comparable(path: Path) -> list[dict[str, Any]]:
    """A JSONL file's records as validate compares them: without warnings and the input's
    file name and format (golden files do not pin those)."""
    items = load_jsonl(path)
    for item in items:
        item.pop("warnings")
        item["source"].pop("file")
        item["source"].pop("format")
    return items


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a run must never leave behind."""
    return sorted(p for p in folder.rglob("*") if p.name.endswith(".part") or p.name.startswith("."))


def assert_report_matches_disk(report: dict[str, Any], out: Path) -> None:
    """Every ok/skipped entry names an output on disk with exactly its item count; nothing else
    is on disk; the totals add up."""
    on_disk = {p: len(load_jsonl(p)) for p in jsonl_files(out)}
    listed: dict[Path, int] = {}
    for entry in report["results"]:
        if entry["status"] in ("ok", "partial", "skipped"):
            listed[Path(entry["output"])] = entry["items"]
        else:
            assert entry["output"] is None, entry
            assert entry["error"], entry
    assert listed == on_disk
    assert report["items"] == sum(on_disk.values())
    assert report["files"] == len(report["results"])
    for status in ("ok", "partial", "skipped", "failed"):
        assert report[status] == sum(e["status"] == status for e in report["results"])


@pytest.fixture(scope="module")
def samples_out(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """All of samples/ converted once (-j 2), with a report."""
    tmp = tmp_path_factory.mktemp("samples_out")
    out, report = tmp / "out", tmp / "report.json"
    result = run_cli(str(SAMPLES), "-o", str(out), "-j", "2", "--report", str(report))
    return out, report, result


def test_samples_folder_converts_and_validates_against_golden(
    samples_out: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    out, _, result = samples_out
    assert result.returncode == 0, result.stderr
    assert [p.stem for p in jsonl_files(out)] == sorted(p.stem for p in SAMPLES.iterdir())
    check = run_cli("validate", str(out), str(GOLDEN))
    assert check.returncode == 0, check.stdout
    assert f"all: {len(list(GOLDEN.iterdir()))} files" in check.stdout
    assert "= 100.00%" in check.stdout.splitlines()[-1]


def test_summary_and_report_agree_with_the_files_on_disk(
    samples_out: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    out, report_path, result = samples_out
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert_report_matches_disk(report, out)
    assert report["files"] == len(list(SAMPLES.iterdir()))
    assert report["partial"] == len(PARTIAL_SAMPLES) and report["ok"] == report["files"] - report["partial"]
    partial = {Path(e["input"]).name for e in report["results"] if e["status"] == "partial"}
    assert partial == PARTIAL_SAMPLES
    for entry in report["results"]:
        assert set(entry) >= {"input", "output", "status", "items", "warnings", "error", "seconds"}
        assert entry["seconds"] > 0
    # the summary table says the same: files, ok, partial, empty, failed, skipped, items, warnings, mismatches
    row = next(line for line in result.stderr.splitlines() if re.match(r"^│\s+\d", line))
    numbers = [int(n) for n in re.findall(r"\d+", row.rsplit("│", 2)[0])]
    assert numbers == [
        report["files"],
        report["ok"],
        report["partial"],
        report["empty"],
        report["failed"],
        report["skipped"],
        report["items"],
        report["warnings"],
        report["total_mismatches"],
    ]
    assert leftovers(out) == []


def test_outputs_mirror_folders_and_several_paths_at_once(tmp_path: Path) -> None:
    tree = tmp_path / "lists"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / ".hidden").mkdir()
    shutil.copy(SEEDS[1], tree / "a" / "b" / "one.txt")
    shutil.copy(SEEDS[2], tree / "a" / "one.tsv")
    shutil.copy(SEEDS[2], tree / "a" / "one.txt")  # same stem twice in one folder
    shutil.copy(SEEDS[3], tree / ".hidden" / "x.txt")
    (tree / "notes.md").write_text("not a list")
    single = tmp_path / "single.html"
    shutil.copy(SAMPLES / "html_huinong.html", single)
    out = tmp_path / "out"
    result = run_cli(str(tree), str(single), "-o", str(out), "-j", "2")
    assert result.returncode == 0, result.stderr
    got = sorted(str(p.relative_to(out)) for p in jsonl_files(out))
    assert got == ["a/b/one.jsonl", "a/one.tsv.jsonl", "a/one.txt.jsonl", "single.jsonl"]
    assert comparable(out / "a" / "b" / "one.jsonl") == comparable(GOLDEN / f"{SEEDS[1].stem}.jsonl")
    assert oct((out / "single.jsonl").stat().st_mode & 0o777) == oct(0o666 & ~current_umask())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_combined_file_holds_every_record_in_input_order(tmp_path: Path) -> None:
    combined = tmp_path / "all.jsonl"
    result = run_cli(*(str(p) for p in SEEDS), "--combined", str(combined), "-j", "2")
    assert result.returncode == 0, result.stderr
    singles = tmp_path / "singles"
    assert run_cli(*(str(p) for p in SEEDS), "-o", str(singles), "-j", "1").returncode == 0
    assert load_jsonl(combined) == [r for seed in SEEDS for r in load_jsonl(singles / f"{seed.stem}.jsonl")]
    golden = [r for seed in SEEDS for r in comparable(GOLDEN / f"{seed.stem}.jsonl")]
    assert comparable(combined) == golden
    assert leftovers(tmp_path) == []


def test_rerun_skips_up_to_date_outputs_unless_forced(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    for seed in SEEDS[:3]:
        shutil.copy(seed, inputs)
    report = tmp_path / "report.json"
    assert run_cli(str(inputs), "-o", str(out), "-j", "1").returncode == 0
    first = {p: p.stat().st_mtime_ns for p in jsonl_files(out)}

    # touch one input: only it is converted again
    touched = inputs / SEEDS[1].name
    later = time.time() + 5
    os.utime(touched, (later, later))
    result = run_cli(str(inputs), "-o", str(out), "-j", "1", "--report", str(report))
    assert result.returncode == 0, result.stderr
    statuses = {Path(e["input"]).name: e["status"] for e in json.loads(report.read_text())["results"]}
    assert statuses == {SEEDS[0].name: "skipped", SEEDS[1].name: "ok", SEEDS[2].name: "skipped"}
    assert_report_matches_disk(json.loads(report.read_text()), out)
    for path, mtime in first.items():
        assert (path.stat().st_mtime_ns == mtime) == (path.stem != SEEDS[1].stem)

    result = run_cli(str(inputs), "-o", str(out), "-j", "1", "--force", "--report", str(report))
    assert result.returncode == 0
    assert {e["status"] for e in json.loads(report.read_text())["results"]} == {"ok"}


def test_api_extract_returns_records_and_raises_input_error(tmp_path: Path) -> None:
    records = extract(SAMPLES / "seed004_yumen.txt")
    assert all(isinstance(r, Record) for r in records)
    assert [r.model_dump(mode="json") for r in records] == load_jsonl(GOLDEN / "seed004_yumen.jsonl")
    assert extract(str(SAMPLES / "seed004_yumen.txt")) == records  # a str path works too
    with pytest.raises(InputError, match="encrypted PDF") as info:
        extract(PDF_FIXTURES / "encrypted.pdf")
    assert info.value.path == PDF_FIXTURES / "encrypted.pdf"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_csv_and_xlsx_outputs_open_with_the_expected_columns_and_rows(tmp_path: Path, fmt: str) -> None:
    sample = SAMPLES / "word_wolong_annex2.docx"  # has extra columns
    golden = load_jsonl(GOLDEN / "word_wolong_annex2.jsonl")
    extras = list(dict.fromkeys(k for r in golden for k in r["extra"]))
    assert extras, "the sample should have extra columns"
    out = tmp_path / f"list.{fmt}"
    result = run_cli(str(sample), "-o", str(out), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    else:
        wb = load_workbook(out, read_only=True)
        ws = wb["items"]
        rows = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    header, data = rows[0], rows[1:]
    assert header[: 1 + len(COLUMN_FIELDS)] == ["index", *COLUMN_FIELDS]
    assert [f"extra.{k}" for k in extras] == [h for h in header if h.startswith("extra.")]
    assert {"category_raw", "section", "source.file", "source.pages", "warnings"} <= set(header)
    assert len(data) == len(golden)
    for row, record in zip(data, golden, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["name"] == record["name"]
        for key in extras:
            assert cells[f"extra.{key}"] == (record["extra"].get(key) or "")
        assert cells["source.pages"] == ",".join(str(p) for p in record["source"]["pages"] or [])
    assert leftovers(tmp_path) == []


def test_batch_csv_format_mirrors_with_csv_suffix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(*(str(p) for p in SEEDS[:2]), "-o", str(out), "--format", "csv", "-j", "2")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{SEEDS[0].stem}.csv", f"{SEEDS[1].stem}.csv"]


def many_inputs(folder: Path, copies: int) -> list[Path]:
    folder.mkdir()
    made = []
    for n in range(copies):
        for seed in SEEDS:
            made.append(folder / f"{n:03d}_{seed.name}")
            shutil.copy(seed, made[-1])
    return made


def interrupt_batch(
    args: list[str], after_ok: int, delay: float = 0.0, sig: int = signal.SIGINT, group: bool = True
) -> tuple[int, str]:
    """Start a batch, press Ctrl-C (or send ``sig``: to the whole process group, or with
    ``group=False`` to the main process only, as ``kill PID`` does) once ``after_ok`` files
    are done (plus ``delay`` seconds); its exit status and everything it printed on stderr.
    A run that does not end within 60 s after the signal fails the test instead of hanging it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "qingdan_extract", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # its own process group, as a terminal has
    )
    assert proc.stderr is not None
    lines: list[str] = []
    enough = threading.Event()

    def read_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if sum("] ok " in seen for seen in lines) >= after_ok:
                enough.set()
        enough.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    if after_ok > 0:
        assert enough.wait(120)
    time.sleep(delay)
    assert proc.poll() is None, "the batch ended before it could be interrupted"
    if group:
        os.killpg(proc.pid, sig)  # to the whole group, workers too, as Ctrl-C (or `timeout`) does
    else:
        os.kill(proc.pid, sig)
    try:
        status = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the batch did not stop within 60 s of Ctrl-C:\n" + "".join(lines))
    reader.join(10)
    try:  # no worker runs on once the main process has ended: its process group is empty
        os.killpg(proc.pid, 0)
        pytest.fail("a worker process outlived the batch")
    except ProcessLookupError:
        pass
    return status, "".join(lines)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_the_summary_and_no_partial_files(tmp_path: Path, workers: str) -> None:
    many_inputs(tmp_path / "in", 25)  # 100 files, several seconds of work
    out, report = tmp_path / "out", tmp_path / "report.json"
    status, stderr = interrupt_batch(
        [str(tmp_path / "in"), "-o", str(out), "-j", workers, "--report", str(report)], after_ok=3
    )
    assert status == 130, stderr
    assert "qingdan-extract summary" in stderr
    assert re.search(r"interrupted: \d+ files not converted", stderr)
    assert "Traceback" not in stderr
    assert leftovers(out) == []
    data = json.loads(report.read_text(encoding="utf-8"))
    assert 3 <= data["ok"] < 100 and data["interrupted"] == 100 - data["ok"]
    assert_report_matches_disk(data, out)
    for path in jsonl_files(out):  # each output complete
        assert comparable(path) == comparable(GOLDEN / f"{path.stem[4:]}.jsonl")


@pytest.mark.parametrize(
    ("sig", "group", "workers"),
    [
        (signal.SIGTERM, False, "2"),  # `kill PID`: the workers must be ended by the main process
        (signal.SIGTERM, True, "2"),  # `timeout`: every process of the group gets it
        (signal.SIGTERM, False, "1"),
        (signal.SIGHUP, True, "2"),  # the terminal went away
    ],
)
def test_sigterm_and_sighup_stop_like_ctrl_c(tmp_path: Path, sig: int, group: bool, workers: str) -> None:
    """SIGTERM and SIGHUP are Ctrl-C: the workers end, no .part is left, the summary and the
    report are written, and the exit status is 128 + the signal (143 for SIGTERM)."""
    many_inputs(tmp_path / "in", 25)
    out, report = tmp_path / "out", tmp_path / "report.json"
    status, stderr = interrupt_batch(
        [str(tmp_path / "in"), "-o", str(out), "-j", workers, "--report", str(report)],
        after_ok=3,
        sig=sig,
        group=group,
    )
    assert status == 128 + sig, stderr
    assert "qingdan-extract summary" in stderr
    assert re.search(r"interrupted: \d+ files not converted", stderr)
    assert "Traceback" not in stderr
    assert leftovers(out) == []
    data = json.loads(report.read_text(encoding="utf-8"))
    assert 3 <= data["ok"] < 100 and data["interrupted"] == 100 - data["ok"]
    assert_report_matches_disk(data, out)


def test_ctrl_c_at_any_moment_never_hangs_or_leaves_partial_files(tmp_path: Path) -> None:
    """Regression: with a process pool, a Ctrl-C landing while the main thread held one of the
    pool's locks hung the run forever (about 1 run in 15 here; it timed CI out). Ctrl-C at many
    moments, from start-up to mid-run, must always end the run promptly and cleanly."""
    many_inputs(tmp_path / "in", 25)
    moments = [(0, 0.0), (0, 0.2), (0, 0.5)] + [(n, d / 20) for n in (1, 2, 3, 5, 8) for d in range(6)]
    for n, (after_ok, delay) in enumerate(moments):
        out = tmp_path / f"out{n}"
        status, stderr = interrupt_batch([str(tmp_path / "in"), "-o", str(out), "-j", "2"], after_ok, delay)
        # Ctrl-C before Python has started our code at all ends it silently by the signal, or,
        # landing while the interpreter imports its own `site` module, with CPython's own
        # "Fatal Python error: init_import_site" and status 1 (seen on a loaded machine):
        # nothing of ours has run, so nothing can be left behind.
        in_startup = status == 1 and stderr.startswith("Fatal Python error: init_import_site")
        assert status == 130 or in_startup or (status == -signal.SIGINT and stderr == ""), (
            after_ok,
            delay,
            stderr,
        )
        assert in_startup or "Traceback" not in stderr, (after_ok, delay, stderr)
        if out.exists():
            assert leftovers(out) == [], (after_ok, delay)
            for path in jsonl_files(out):
                assert comparable(path) == comparable(GOLDEN / f"{path.stem[4:]}.jsonl")


def test_interrupt_while_loading_exits_quietly() -> None:
    """Ctrl-C before the program has loaded (launch.py): one line and 130, no traceback."""
    code = (
        "import builtins, os, signal\n"
        "real = builtins.__import__\n"
        "def hook(name, *args, **kwargs):\n"
        "    if name == 'cli':\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = hook\n"
        "from qingdan_extract.launch import main\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 130
    assert result.stderr == "qingdan-extract: interrupted\n"


def test_children_are_ended_when_the_run_is_stopped() -> None:
    """The process runner: results come back as tasks finish, a task whose process dies
    gives None, and stopping ends the running children at once and returns the rest."""
    done: dict[int, object] = {}

    def work(task: int) -> int:
        if task == 1:
            os._exit(3)  # dies without a result
        if task >= 3:
            time.sleep(60)
        return task * 10

    start = time.monotonic()
    # Stop once tasks 1 and 2 have both been reported, whichever of them comes first: task 2
    # may well finish before task 1's end-of-file is read (stopping on "2 in done" alone
    # made this test fail 2 runs in 8).
    unfinished = run_each_in_a_process(
        range(6), 2, work, on_done=done.__setitem__, stop=lambda: {1, 2} <= done.keys()
    )
    assert done == {0: 0, 1: None, 2: 20}
    assert unfinished == [3, 4, 5]
    assert time.monotonic() - start < 30  # the sleeping children were ended, not waited for


def test_a_killed_worker_fails_only_its_file_and_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = many_inputs(tmp_path / "in", 1)
    victim = inputs[2]
    real_write = batch.write_records_to

    def write_then_die(records: list[Record], path: Path, fmt: str = "jsonl") -> None:
        if victim.stem in path.name:
            path.write_text('{"index": 1, "na', encoding="utf-8")  # half a record …
            os.kill(os.getpid(), signal.SIGKILL)  # … and the worker is killed
        real_write(records, path, fmt)

    monkeypatch.setattr(batch, "write_records_to", write_then_die)  # forked workers inherit it
    out = tmp_path / "out"
    jobs = batch.plan_outputs([(p, tmp_path / "in") for p in inputs], out, "jsonl")
    seen: list[str] = []
    results = batch.run_jobs(jobs, 2, "jsonl", False, on_result=lambda r: seen.append(r.input))
    by_name = {Path(r.input).name: r for r in results}
    assert by_name[victim.name].status == "failed"
    assert "worker process" in (by_name[victim.name].error or "") and "died" in (
        by_name[victim.name].error or ""
    )
    assert all(r.status == "ok" for name, r in by_name.items() if name != victim.name)
    assert sorted(seen) == sorted(str(p) for p in inputs)
    assert not (out / f"{victim.stem}.jsonl").exists()
    assert len(jsonl_files(out)) == len(inputs) - 1
    assert leftovers(out) == []


def test_progress_is_plain_lines_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = run_cli(*(str(p) for p in SEEDS[:2]), "-o", str(tmp_path / "out"), "-j", "1")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("[1/2] ok     ") and lines[1].startswith("[2/2] ok     ")
    assert "converting" not in result.stderr
    assert "qingdan-extract summary" in result.stderr


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "qingdan_extract", *(str(p) for p in SEEDS), "-o", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"},
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "converting" in screen and "━" in screen and f"{len(SEEDS)}/{len(SEEDS)}" in screen
    assert "] ok " not in screen  # the bar replaces the plain lines
    assert "qingdan-extract summary" in screen


def test_csv_outputs_inside_the_input_folder_are_not_read_back_as_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    folder.mkdir()
    for seed in SEEDS[:2]:
        shutil.copy(seed, folder / seed.name)
    out = folder / "out"
    for _ in range(2):  # the second run finds out/*.csv under the input folder
        result = run_cli(str(folder), "-o", str(out), "--format", "csv", "--force")
        assert result.returncode == 0, result.stderr
        assert "[2/2] ok" in result.stderr and "[3/" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{SEEDS[0].stem}.csv", f"{SEEDS[1].stem}.csv"]
