"""Time the whole command on PDFs against a plain pdfplumber ``extract_tables()`` script.

    .venv/bin/python tools/bench.py [--runs N] [file.pdf ...]

Each measurement is a whole process, start-up included, as a user runs it:

- ``ours``: ``qingdan-extract FILE -o OUT.jsonl -q`` (the default engine, PDFium);
- ``plumber``: ``tools/plumber_tables.py FILE`` (open the PDF with pdfplumber, run
  ``page.extract_tables()`` on every page).

The two commands alternate, run after run (ours first on even runs, the script first on
odd ones), so that a load from other processes on the machine falls on both. For each
file: pages, items, the median CPU seconds (user + system, from ``wait4``), wall
seconds and peak RSS of each command, and the ratios ours/plumber.

Files: the long samples (15+ pages), a one-page list (page 1 of
``pdf_laiyuan_merged.pdf``) and a 400-page file of the samples concatenated, both built
under ``out/bench/``. For the 400-page file the command also runs once with
``--pdf-engine pdfplumber``, and the bench says whether both engines' records are equal.
A start-up line gives the milliseconds each command spends importing (``-X importtime``)
on the one-page list.

The package's bytecode is compiled first, as ``pip install`` compiles an installed package:
an editable install run with PYTHONDONTWRITEBYTECODE (as these machines set it) would
otherwise compile every module from source on every run (a tenth of a short file's time),
which no installed copy does. pdfplumber's own bytecode was compiled when it was installed.

Then a batch line: files per second converting every file under samples/ at ``-j 1`` and
``-j 2`` (the whole command; best of 2 runs).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COMMAND = str(BIN / "qingdan-extract")
PLUMBER_SCRIPT = str(ROOT / "tools" / "plumber_tables.py")
BUILD = ROOT / "out" / "bench"
LONG_SAMPLE_PAGES = 15  # samples of at least this many pages are "long"
LONG_FILE_PAGES = 400  # the concatenated file has this many pages
ONE_PAGE_SOURCE = "pdf_laiyuan_merged.pdf"  # its first page holds one whole item
RUNS = 3


@dataclass
class Run:
    cpu: float  # user + system seconds of the process and its children
    wall: float
    rss_mb: float  # peak resident set size


def measure(args: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed ({proc.returncode}): {err.decode(errors='replace')[-500:]}"
        )
    return Run(cpu=usage.ru_utime + usage.ru_stime, wall=wall, rss_mb=usage.ru_maxrss / 1024)


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def build_files(samples: list[Path]) -> tuple[Path, Path]:
    """The one-page list and the 400-page file of samples concatenated (rebuilt when missing)."""
    import pypdfium2 as pdfium

    BUILD.mkdir(parents=True, exist_ok=True)
    one_page = BUILD / "one_page.pdf"
    if not one_page.exists():
        out = pdfium.PdfDocument.new()
        src = pdfium.PdfDocument(ROOT / "samples" / ONE_PAGE_SOURCE)
        out.import_pages(src, [0])
        out.save(one_page)
        out.close()
        src.close()
    long_file = BUILD / f"concatenated_{LONG_FILE_PAGES}.pdf"
    if not long_file.exists():
        out = pdfium.PdfDocument.new()
        sources = [pdfium.PdfDocument(p) for p in samples]
        while len(out) < LONG_FILE_PAGES:
            for src in sources:
                room = LONG_FILE_PAGES - len(out)
                if room <= 0:
                    break
                out.import_pages(src, list(range(min(len(src), room))))
        out.save(long_file)
        out.close()
        for src in sources:
            src.close()
    return one_page, long_file


def bench_file(path: Path, runs: int, out_dir: Path) -> tuple[list[str], float, float]:
    out = out_dir / f"{path.stem}.jsonl"
    ours_cmd = [COMMAND, str(path), "-o", str(out), "-q"]
    plumber_cmd = [sys.executable, PLUMBER_SCRIPT, str(path)]
    ours: list[Run] = []
    plumber: list[Run] = []
    for i in range(runs):
        if i % 2 == 0:
            ours.append(measure(ours_cmd))
            plumber.append(measure(plumber_cmd))
        else:
            plumber.append(measure(plumber_cmd))
            ours.append(measure(ours_cmd))
    items = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.strip())

    def med(rs: list[Run], attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in rs)

    cpu_ratio = med(ours, "cpu") / med(plumber, "cpu")
    wall_ratio = med(ours, "wall") / med(plumber, "wall")
    row = [
        path.name,
        str(page_count(path)),
        str(items),
        f"{med(ours, 'cpu'):.2f}",
        f"{med(plumber, 'cpu'):.2f}",
        f"{cpu_ratio:.2f}",
        f"{med(ours, 'wall'):.2f}",
        f"{med(plumber, 'wall'):.2f}",
        f"{wall_ratio:.2f}",
        f"{max(r.rss_mb for r in ours):.0f}",
        f"{max(r.rss_mb for r in plumber):.0f}",
    ]
    return row, cpu_ratio, wall_ratio


def engines_agree(path: Path, out_dir: Path) -> str:
    """Whether the 400-page file's records are the same with --pdf-engine pdfplumber."""
    ours = out_dir / f"{path.stem}.jsonl"
    other = out_dir / f"{path.stem}.pdfplumber.jsonl"
    run = measure([COMMAND, str(path), "-o", str(other), "-q", "--pdf-engine", "pdfplumber"])
    same = ours.read_bytes() == other.read_bytes()
    n = sum(1 for _ in ours.open("rb"))
    verdict = "equal" if same else "DIFFERENT"
    note = f"{n} records; that run {run.cpu:.1f} s CPU"
    return f"{path.name}: records with --pdf-engine pdfplumber: {verdict} ({note})"


def import_ms(args: list[str], runs: int = 3) -> float:
    """Milliseconds a Python command spends importing (``-X importtime``, self times summed;
    the least of ``runs``)."""
    best = float("inf")
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True)
        total = 0
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "self [us]" not in line:
                total += int(line.split(":", 1)[1].split("|")[0])
        best = min(best, total / 1000)
    return best


def startup_line(one_page: Path, out_dir: Path) -> str:
    ours = import_ms(["-m", "qingdan_extract", str(one_page), "-o", str(out_dir / "startup.jsonl"), "-q"])
    plumber = import_ms([PLUMBER_SCRIPT, str(one_page)])
    return f"imports (-X importtime, {one_page.name}): ours {ours:.0f} ms, plumber script {plumber:.0f} ms"


def batch_line(folder: Path, workers: tuple[int, ...] = (1, 2), runs: int = 2) -> str:
    """Files per second for the whole batch command over ``folder`` at each -j."""
    sys.path.insert(0, str(ROOT / "src"))
    from qingdan_extract.readers import SUPPORTED_SUFFIXES

    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES]
    parts = [f"batch: {len(files)} files under {folder.name}/"]
    for j in workers:
        best = float("inf")
        failed: list[str] = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                done = subprocess.run(
                    [COMMAND, str(folder), "-o", tmp, "--force", "-q", "-j", str(j)],
                    capture_output=True,
                    text=True,
                )
                best = min(best, time.perf_counter() - start)
                failed = [line for line in done.stderr.splitlines() if line.startswith("failed: ")]
        note = f" ({len(failed)} failed: {'; '.join(failed)})" if failed else ""
        parts.append(f"-j {j}: {best:.2f} s, {len(files) / best:.2f} files/s{note}")
    return "; ".join(parts)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    compileall.compile_dir(ROOT / "src", quiet=1)  # as an installed package has it (see above)
    samples = sorted((ROOT / "samples").glob("*.pdf"))
    one_page: Path | None = None
    if args.files:
        paths, concatenated = list(args.files), None
    else:
        one_page, concatenated = build_files(samples)
        paths = [p for p in samples if page_count(p) >= LONG_SAMPLE_PAGES] + [one_page, concatenated]
    header = ["file", "pages", "items", "ours cpu", "plumber cpu", "cpu×", "ours wall", "plumber wall"]
    header += ["wall×", "ours MB", "plumber MB"]
    table = [header]
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        for path in paths:
            row, _, _ = bench_file(path, args.runs, out_dir)
            table.append(row)
            print("  ".join(row), file=sys.stderr, flush=True)  # progress: the table comes at the end
        agree = engines_agree(concatenated, out_dir) if concatenated is not None else None
        startup = startup_line(one_page, out_dir) if one_page is not None else None
    print(f"whole process, median of {args.runs} alternating runs; × = ours / plumber (lower is faster)")
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    if agree:
        print(agree)
    if startup:
        print(startup)
    print()
    print(batch_line(ROOT / "samples"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
