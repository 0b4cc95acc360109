"""Hostile and broken input (issue 11): bounded memory and time, no text lost silently, no
partial file on any signal, odd file systems, never a traceback.

Every hostile file is built here and is small on disk (a zip bomb packs its gigabyte into
kilobytes). Memory is measured as the peak RSS of the command's own process (its VmHWM as it
exits), so a limit that does not hold fails the test instead of only slowing it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from qingdan_extract import batch, limits
from qingdan_extract.problems import Note, Problem
from qingdan_extract.readers import html as html_reader
from qingdan_extract.readers.delimited import split_fields

from conftest import SAMPLES, load_jsonl

MB = 1 << 20
SEED = SAMPLES / "seed004_yumen.txt"  # 17 items
HEADER = ["序号", "权力名称", "权力类别", "实施依据"]
ITEMS = [[str(i), f"对某某违法行为{i}的处罚", "行政处罚", f"《某某法》第{i}条"] for i in range(1, 6)]
QUICK_S = 20  # a hostile file is refused or read within this
SMALL_RSS_MB = 200  # the interpreter and its libraries take ~50 MB of this


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    rss_mb: float
    seconds: float


# The command, noting its own peak RSS (VmHWM) as it exits. ru_maxrss from wait4 would not
# do: Linux folds the memory of the process that spawned the child (pytest, possibly large)
# into the child's ru_maxrss at exec.
MEASURED_MAIN = """
import atexit, os, sys
def note_peak():
    with open("/proc/self/status") as status, open(os.environ["PEAK_RSS_FILE"], "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])
atexit.register(note_peak)
sys.argv = ["qingdan-extract", *sys.argv[1:]]
from qingdan_extract.launch import main
main()
"""


def run_measured(*args: str, timeout: float = 120) -> Run:
    """The command on ``args``: its status, output, peak RSS and wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        out_path, err_path, peak_path = (Path(tmp) / name for name in ("out", "err", "peak"))
        env = {**os.environ, "PEAK_RSS_FILE": str(peak_path)}
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, "-c", MEASURED_MAIN, *args], stdout=out, stderr=err, env=env
            )
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            seconds = time.monotonic() - start
        peak_kb = int(peak_path.read_text()) if peak_path.exists() else float("inf")
        return Run(
            proc.returncode,
            out_path.read_bytes().decode("utf-8", "replace"),
            err_path.read_bytes().decode("utf-8", "replace"),
            peak_kb / 1024,
            seconds,
        )


def assert_refused(run: Run, *words: str, rss_mb: float = SMALL_RSS_MB) -> None:
    """Exit 2, one line on stderr holding ``words``, no traceback, quickly and with little memory."""
    assert run.returncode == 2, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr
    for word in words:
        assert word in run.stderr, run.stderr
    assert run.seconds < QUICK_S
    assert run.rss_mb < rss_mb, run.rss_mb


def items(run: Run) -> list[dict[str, object]]:
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


# ---------------------------------------------------------------- builders


def word_list(path: Path, rows: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    document.add_paragraph("某某局权责清单")
    rows = [HEADER, *ITEMS] if rows is None else rows
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.save(str(path))
    return path


def sheet_list(path: Path, extra: dict[str, str] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for values in [HEADER, *ITEMS]:
        ws.append(values)
    for ref, value in (extra or {}).items():
        ws[ref] = value
    wb.save(path)
    return path


def rewrite_member(path: Path, member: str, change: object) -> None:
    """Replace one member of a zip: ``change`` is new bytes, or a function of the old ones."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = change(parts[member]) if callable(change) else change  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def bomb_member(path: Path, member: str, size: int, byte: bytes = b" ") -> None:
    """Make ``member`` of the zip ``size`` bytes of ``byte``, packed (a few KB per 10 MB)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist() if info.filename != member}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(member, "w", force_zip64=True) as fh:
            chunk = byte * MB
            for _ in range(size // MB):
                fh.write(chunk)
            fh.write(byte * (size % MB))


def html_page(body: str, charset: str = "utf-8") -> str:
    return f'<html><head><meta charset="{charset}"></head><body><h1>某局权责清单</h1>{body}</body></html>'


def html_table(rows: list[list[str]] | None = None) -> str:
    rows = [HEADER, *ITEMS] if rows is None else rows
    return (
        "<table>" + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in rows) + "</table>"
    )


# ---------------------------------------------------------------- memory and time


def test_xlsx_grid_is_built_from_the_cells_that_exist(tmp_path: Path) -> None:
    """One stray value at XFD1048576 (the last cell of a sheet) beside a list: the sheet's
    declared dimension is 17 billion positions; only the cells in the file count."""
    for name, extra in {"far": {"XFD1048576": "x"}, "deep": {"A200000": "x"}}.items():
        run = run_measured(str(sheet_list(tmp_path / f"{name}.xlsx", extra)))
        assert run.returncode == 0, run.stderr
        assert [item["seq"] for item in items(run)] == ["1", "2", "3", "4", "5"]
        assert run.seconds < QUICK_S and run.rss_mb < SMALL_RSS_MB, (name, run.seconds, run.rss_mb)


def test_xlsx_merged_range_covering_the_sheet_is_refused(tmp_path: Path) -> None:
    path = sheet_list(tmp_path / "merged.xlsx")
    merge = b'<mergeCells count="1"><mergeCell ref="A7:XFD1048576"/></mergeCells>'
    rewrite_member(
        path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + merge)
    )
    assert_refused(run_measured(str(path)), "merged.xlsx", "merged ranges cover 17,", "--max-cells")


def test_docx_spans_from_the_file_are_capped(tmp_path: Path) -> None:
    """gridSpan, gridBefore and gridAfter of 30 million: the row is as wide as the span limit allows."""
    path = word_list(tmp_path / "spans.docx")

    def widen(xml: bytes) -> bytes:
        xml = re.sub(rb"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="30000000"/>', xml, count=1)
        pr = b'<w:trPr><w:gridBefore w:val="30000000"/><w:gridAfter w:val="30000000"/></w:trPr>'
        return re.sub(rb"(<w:tr\b[^>]*>)", rb"\1" + pr, xml, count=2)

    rewrite_member(path, "word/document.xml", widen)
    run = run_measured(str(path))
    assert run.returncode == 0, run.stderr  # read (the header row is askew; that is the file's doing)
    assert run.seconds < QUICK_S and run.rss_mb < SMALL_RSS_MB, (run.seconds, run.rss_mb)


def test_docx_table_over_max_cells_is_refused(tmp_path: Path) -> None:
    path = word_list(tmp_path / "wide.docx")
    assert_refused(
        run_measured(str(path), "--max-cells", "23"), "wide.docx", "6 rows × 4 columns", "limit 23"
    )
    assert run_measured(str(path), "--max-cells", "24").returncode == 0


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    """document.xml unpacking to just over the default limit (201 MB, from ~200 KB)."""
    path = word_list(tmp_path / "bomb.docx")
    bomb_member(path, "word/document.xml", limits.DEFAULT_MAX_SIZE + MB)
    assert path.stat().st_size < MB
    assert_refused(
        run_measured(str(path)),
        "bomb.docx: word/document.xml (inside the zip) unpacks to 201 MB; limit 200 MB (see --max-size)",
    )


def test_xlsx_zip_bomb_and_the_max_size_option(tmp_path: Path) -> None:
    path = sheet_list(tmp_path / "bomb.xlsx")
    bomb_member(path, "xl/worksheets/sheet2.xml", 2 * MB)  # an extra part, never read
    assert_refused(run_measured(str(path), "--max-size", "1M"), "sheet2.xml", "unpacks to 2 MB; limit 1 MB")
    assert run_measured(str(path), "--max-size", "3M").returncode == 0


def test_zip_member_packed_like_a_bomb_is_refused(tmp_path: Path) -> None:
    """17 MB of zeros pack ~1000×: under the size limit, over the zip-ratio limit (×500)."""
    path = word_list(tmp_path / "ratio.docx")
    bomb_member(path, "word/media/image1.png", limits.ZIP_RATIO_FLOOR + MB, b"\0")
    assert_refused(run_measured(str(path)), "ratio.docx", "image1.png", "a zip bomb")


def test_csv_line_of_commas_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "commas.csv"
    path.write_text("序号,名称\n1," + "," * (5 * MB) + "\n", encoding="utf-8")
    assert_refused(run_measured(str(path)), "commas.csv: line 2: a row has more than 10,000 cells")


def test_row_cells_just_over_the_limit() -> None:
    assert (
        len(split_fields("," * (limits.DEFAULT_MAX_ROW_CELLS - 1), ",") or []) == limits.DEFAULT_MAX_ROW_CELLS
    )
    for quoted in ("", '"a",'):
        with pytest.raises(Exception, match="more than 10,000 cells"):
            split_fields(quoted + "," * limits.DEFAULT_MAX_ROW_CELLS, ",")


def test_line_and_page_over_max_size_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "long.txt"
    text.write_text("序号\t名称\t类别\n1\t" + "长" * MB + "\t行政处罚\n", encoding="utf-8")  # 3 MB line
    assert_refused(run_measured(str(text), "--max-size", "1M"), "long.txt: line 2 is longer than")
    page = tmp_path / "big.html"
    page.write_text(html_page(html_table() + "<p>" + "字" * MB + "</p>"), encoding="utf-8")
    assert_refused(run_measured(str(page), "--max-size", "2M"), "big.html: the page is 3.0 MB; limit 2 MB")
    assert run_measured(str(page), "--max-size", "4M").returncode == 0


def test_bad_max_size_is_one_line(tmp_path: Path) -> None:
    run = run_measured(str(SEED), "--max-size", "lots")
    assert run.returncode == 2 and run.stderr.startswith("qingdan-extract: --max-size: not a size")


# ---------------------------------------------------------------- text that must not vanish


def test_declared_charset_with_one_bad_byte_wins(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    data = (
        html_page(html_table()).encode("utf-8").replace("违法行为3".encode(), "违法行为3".encode() + b"\xff")
    )
    path.write_bytes(data)
    run = run_measured(str(path))
    assert run.returncode == 0
    assert [item["name"] for item in items(run)][2] == "对某某违法行为3\ufffd的处罚"
    assert re.search(
        r"page.html: warning: 1 undecodable byte sequence\(s\) in utf-8 .* line 1, column \d+", run.stderr
    )


def test_gbk_page_mislabelled_utf8_is_still_read_as_gbk(tmp_path: Path) -> None:
    """A declared charset wins only when it mostly decodes."""
    path = tmp_path / "gbk.html"
    path.write_bytes(html_page(html_table(), charset="utf-8").encode("gb18030"))
    run = run_measured(str(path))
    assert run.returncode == 0 and "undecodable" not in run.stderr
    assert [item["name"] for item in items(run)] == [row[1] for row in ITEMS]


def test_html_cell_over_10_mb_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge_cell.html"
    rows = [HEADER, *ITEMS]
    rows[2] = [*rows[2][:3], "依据" * (6 * MB)]  # 12 M characters, 36 MB of UTF-8
    path.write_text(html_page(html_table(rows)), encoding="utf-8")
    (table,) = html_reader.read(path).tables()
    assert len(table.rows[2].cells[3].text) == 12 * MB


def test_word_paragraph_over_10_mb_is_read(tmp_path: Path) -> None:
    rows = [HEADER, *ITEMS]
    rows[2] = [*rows[2][:3], os.urandom(6 * MB).hex()]  # 12 MB of text that packs only ~2×
    run = run_measured(str(word_list(tmp_path / "huge_cell.docx", rows)))
    assert run.returncode == 0, run.stderr
    assert [len(str(item["basis"])) for item in items(run)][1] == 12 * MB


@pytest.mark.parametrize("depth", [80, 100, 300, 600])
def test_tables_nested_deep_in_html_are_read(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "nested.html"
    path.write_text(html_page("<table><tr><td>" * depth + html_table() + "</td></tr></table>" * depth))
    run = run_measured(str(path))
    assert run.returncode == 0, run.stderr
    assert len(items(run)) == 5
    assert run.seconds < 10  # each element's subtree is not walked again (600 deep took 25 s)


def test_nesting_beyond_the_parser_is_said(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(html_page("<table><tr><td>" * 1000 + html_table() + "</td></tr></table>" * 1000))
    run = run_measured(str(path))
    # the list sat below what libxml2 reads: said, and the file is empty (exit 3), not ok
    assert run.returncode == 3 and "Traceback" not in run.stderr
    assert (
        "nested.html: warning: the HTML parser stopped reading part of the page: Excessive depth"
        in run.stderr
    )


@pytest.mark.parametrize("damage", [b"\x00", b"\xff"])
@pytest.mark.parametrize("suffix", [".txt", ".csv"])
def test_one_nul_or_bad_byte_in_text_is_a_warning(tmp_path: Path, damage: bytes, suffix: str) -> None:
    if suffix == ".csv":
        clean = "\n".join(",".join(row) for row in [HEADER, *ITEMS]).encode()
    else:
        clean = SEED.read_bytes()
    at = clean.index("处罚".encode(), len(clean) // 2)
    good, bad = tmp_path / f"good{suffix}", tmp_path / f"bad{suffix}"
    good.write_bytes(clean)
    bad.write_bytes(clean[:at] + damage + clean[at:])
    expected, got = run_measured(str(good)), run_measured(str(bad))
    assert got.returncode == 0, got.stderr
    assert len(items(got)) == len(items(expected)) > 0
    line = clean[:at].count(b"\n") + 1
    warning = "warning: undecodable utf-8 bytes (replaced by U+FFFD) or NUL bytes (dropped)"
    assert f"bad{suffix}: {warning} on line {line}" in got.stderr


# ---------------------------------------------------------------- signals


STOP_AFTER_ONE_RECORD = """
import os, signal, sys
from qingdan_extract import output
real = output.record_json
def record_json(record):
    os.kill(os.getpid(), {sig})  # mid-write: one record is in the temporary file
    return real(record)
output.record_json = record_json
sys.argv = ["qingdan-extract", *sys.argv[1:]]
from qingdan_extract.launch import main
main()
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_single_conversion_says_so_and_leaves_nothing(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "out.jsonl"
    code = STOP_AFTER_ONE_RECORD.format(sig=int(sig))
    result = subprocess.run(
        [sys.executable, "-c", code, str(SEED), "-o", str(out)], capture_output=True, text=True, timeout=60
    )
    name = "" if sig == signal.SIGINT else f" ({signal.Signals(sig).name})"
    assert result.returncode == 128 + sig
    assert result.stderr == f"qingdan-extract: interrupted{name}\n"
    assert list(tmp_path.iterdir()) == []  # neither the output nor its .part


# ---------------------------------------------------------------- file system


def test_output_onto_a_pipe_is_streamed_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = run_measured(str(SEED), "-o", str(fifo))
    reader.join(30)
    assert run.returncode == 0, run.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert len(received[0].decode().splitlines()) == 17
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_batch_output_that_is_a_pipe_is_refused(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SEED.name).write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / f"{SEED.stem}.jsonl")
    run = run_measured(str(tmp_path / "in"), "-o", str(out))
    assert run.returncode == 2
    assert "not a regular file; not replaced" in run.stderr
    assert stat.S_ISFIFO((out / f"{SEED.stem}.jsonl").stat().st_mode)
    assert sorted(p.name for p in out.iterdir()) == [f"{SEED.stem}.jsonl"]


def test_symlinks_in_a_batch_folder(tmp_path: Path) -> None:
    """Loops are skipped with a line; links out of the folder are not followed unless asked."""
    folder, outside = tmp_path / "in", tmp_path / "outside"
    (folder / "sub").mkdir(parents=True)
    outside.mkdir()
    (folder / "a.txt").write_bytes(SEED.read_bytes())
    (outside / "secret.txt").write_bytes(SEED.read_bytes())
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    (folder / "sub" / "up").symlink_to("..")
    (folder / "out.txt").symlink_to(outside / "secret.txt")
    (folder / "sub" / "away").symlink_to(outside)
    run = run_measured(str(folder), "-o", str(tmp_path / "o1"))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert f"{folder / 'loop1.txt'}: skipped (a symbolic link loop)" in run.stderr
    assert f"{folder / 'out.txt'}: skipped (a link to {outside / 'secret.txt'}, outside" in run.stderr
    assert f"{folder / 'sub' / 'away'}: skipped (a link to {outside}, outside" in run.stderr
    assert sorted(p.name for p in (tmp_path / "o1").rglob("*")) == ["a.jsonl"]
    run = run_measured(str(folder), "-o", str(tmp_path / "o2"), "--follow-links")
    assert run.returncode == 0, run.stderr
    made = sorted(str(p.relative_to(tmp_path / "o2")) for p in (tmp_path / "o2").rglob("*.jsonl"))
    assert made == ["a.jsonl", "out.jsonl", "sub/away/secret.jsonl"]


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"bad\xffname.txt")
    (folder / name).write_bytes(SEED.read_bytes())
    run = run_measured(str(folder / name))
    assert run.returncode == 0, run.stderr
    assert {item["source"]["file"] for item in items(run)} == {"bad\ufffdname.txt"}  # type: ignore[index]
    report = tmp_path / "report.json"
    run = run_measured(str(folder), "-o", str(tmp_path / "out"), "--report", str(report))
    assert run.returncode == 0, run.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["ok"] == 1
    (output,) = (tmp_path / "out").iterdir()
    assert len(load_jsonl(output)) == 17


def test_stdout_on_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "qingdan_extract", str(SEED)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 2
    assert result.stderr == "qingdan-extract: cannot write to standard output (No space left on device)\n"


def test_stdout_closed_by_its_reader_ends_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes() * 30)  # ~2 MB of JSONL, far more than a pipe holds
    proc = subprocess.Popen(
        [sys.executable, "-m", "qingdan_extract", "-q", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100)  # `| head -c 100`
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(60) == 141
    assert stderr == b""


def test_rerun_reconverts_a_damaged_output_or_a_changed_input(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.touch()
    try:
        os.setxattr(probe, "user.probe", b"1")
    except (AttributeError, OSError):
        pytest.skip("this file system keeps no extended attributes: re-runs compare times only")
    folder, out, report = tmp_path / "in", tmp_path / "out", tmp_path / "report.json"
    folder.mkdir()
    seeds = sorted(SAMPLES.glob("seed00[1-3]*.txt"))
    for seed in seeds:
        (folder / seed.name).write_bytes(seed.read_bytes())
    assert run_measured(str(folder), "-o", str(out), "-j", "1").returncode == 0

    damaged = out / f"{seeds[0].stem}.jsonl"  # cut short, and newer than its input
    damaged.write_bytes(damaged.read_bytes()[:200])
    changed = folder / seeds[1].name  # other content, with its old time
    before = changed.stat()
    changed.write_bytes(changed.read_bytes().replace("处罚".encode(), "处分".encode(), 1))
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))

    assert run_measured(str(folder), "-o", str(out), "-j", "1", "--report", str(report)).returncode == 0
    statuses = {Path(e["input"]).name: e["status"] for e in json.loads(report.read_text())["results"]}
    assert statuses == {seeds[0].name: "ok", seeds[1].name: "ok", seeds[2].name: "skipped"}
    assert len(load_jsonl(damaged)) > 1
    job = batch.Job(input=folder / seeds[2].name, output=out / f"{seeds[2].stem}.jsonl")
    assert batch.is_up_to_date(job, "jsonl") and not batch.is_up_to_date(job, "csv")


# ---------------------------------------------------------------- messages


def damaged_pdf(bad: bytes | None = None) -> bytes:
    """One page: a text stream, and a Flate stream ``bad``; by default one whose checksum is
    broken (pdfminer logs "Data-loss while decompressing corrupted data" for it)."""
    text = b"BT /F1 12 Tf 72 720 Td (No 1 Name) Tj ET"
    if bad is None:
        good = zlib.compress(b"BT /F1 12 Tf 72 700 Td (1 Something) Tj ET " * 20)
        bad = good[:-2] + bytes(b ^ 0x5A for b in good[-2:])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [4 0 R 5 0 R]"
        b" /Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bad), bad),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return data + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_library_log_lines_become_one_warning_naming_file_and_page(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged_pdf())
    run = run_measured(str(path), "--pdf-engine", "pdfplumber")  # pdfminer logs; PDFium does not
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if "Data-loss" in line]
    assert lines == [f"{path}: warning: page 1: pdfminer: Data-loss while decompressing corrupted data"]


def test_pdf_stream_bomb_is_refused(tmp_path: Path) -> None:
    """A Flate stream that unpacks to just over the size limit (from ~200 KB)."""
    pack = zlib.compressobj(9)
    spaces = b" " * MB
    bomb = b"".join(pack.compress(spaces) for _ in range(limits.DEFAULT_MAX_SIZE // MB + 1)) + pack.flush()
    path = tmp_path / "bomb.pdf"
    path.write_bytes(damaged_pdf(bomb))
    assert path.stat().st_size < MB
    assert_refused(run_measured(str(path)), "bomb.pdf: a compressed stream at byte", "unpacks to more than")
    # over a raised limit it is read, not refused: a page of no list, so the file is empty (3)
    assert run_measured(str(path), "--max-size", "300M").returncode == 3


def test_library_log_repeats_are_counted(tmp_path: Path) -> None:
    import logging

    from qingdan_extract.readers import liblog

    warnings: list[Note] = []
    with liblog.captured(warnings, "pdfminer") as log:
        for page in (2, 3):
            log.page = page
            for _ in range(500):
                logging.getLogger("pdfminer.pdffont").warning("Could not get FontBBox from %r", None)
    assert warnings == [
        Problem("library-message", "pages 2, 3: pdfminer: Could not get FontBBox from None (×1,000)")
    ]


def test_other_limits_are_set_with_the_limit_option(tmp_path: Path) -> None:
    csv_path = tmp_path / "list.csv"
    csv_path.write_text("\n".join(",".join(row) for row in [HEADER, *ITEMS]), encoding="utf-8")
    assert_refused(run_measured(str(csv_path), "--limit", "row-cells=3"), "more than 3 cells", "row-cells=N")
    assert run_measured(str(csv_path), "--limit", "row-cells=4").returncode == 0

    ratio = word_list(tmp_path / "ratio.docx")
    bomb_member(ratio, "word/media/image1.png", limits.ZIP_RATIO_FLOOR + MB, b"\0")
    assert run_measured(str(ratio), "--limit", "zip-ratio=100000").returncode == 0

    run = run_measured(str(csv_path), "--limit", "depth=3")
    assert run.returncode == 2 and run.stderr.startswith(
        "qingdan-extract: --limit 'depth=3': expected NAME=VALUE"
    )


def test_html_spans_are_capped_and_their_area_is_limited(tmp_path: Path) -> None:
    wide = tmp_path / "wide.html"
    rows = [HEADER, *ITEMS]
    cells = "".join(f"<td>{v}</td>" for v in rows[1])
    table = html_table(rows).replace(cells, cells.replace("<td>", '<td colspan="50000">', 1), 1)
    wide.write_text(html_page(table), encoding="utf-8")
    (grid,) = html_reader.read(wide).tables()
    assert len(grid.rows[0].cells) == 1000 + 3  # the span cut to 1000
    limits.configure(max_span=10)
    try:
        (grid,) = html_reader.read(wide).tables()
        assert len(grid.rows[0].cells) == 10 + 3
    finally:
        limits.configure(max_span=limits.DEFAULT_MAX_SPAN)

    # 60 cells of 1000 × 1000 positions each: refused at the third, once 2 million positions
    # (~400 MB while laid out) are passed
    blocks = tmp_path / "blocks.html"
    row = '<td rowspan="1000" colspan="1000">x</td>' * 60
    blocks.write_text(html_page(html_table() + f"<table><tr>{row}</tr>" + "<tr></tr>" * 999 + "</table>"))
    assert_refused(
        run_measured(str(blocks)), "blocks.html: a table's cells and their rowspan", "--max-cells", rss_mb=600
    )
