"""Time the PDF path against pdfplumber's own ``page.extract_tables()``.

    .venv/bin/python tools/bench.py [file.pdf ...]     (default: samples/*.pdf)

For each PDF: pages, tables and rows our reader finds, items the full
pipeline extracts (when ``qingdan_extract.extract`` exists), the seconds our
reader and the full extract take, the seconds pdfplumber takes to open the
file and run ``extract_tables()`` on every page in the same run, and the
ratios. Each timing is the best of 3 runs.

Then a batch line: files per second converting every file under samples/ with
``qingdan-extract samples/ -o TMP --force`` at ``-j 1`` and ``-j 2`` (the whole
command, process start included; best of 2 runs).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from qingdan_extract.errors import InputError  # noqa: E402
from qingdan_extract.readers.pdf import read  # noqa: E402

RUNS = 3


def best_of(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def plumber_tables(path: Path) -> int:
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_tables())
            page.close()
    return n


def full_extract() -> Callable[[Path], int] | None:
    try:
        from qingdan_extract import extract  # the whole pipeline, once it exists
    except ImportError:
        return None
    return lambda path: len(extract(path))


def bench(path: Path, extract: Callable[[Path], int] | None) -> list[str]:
    try:
        read_s, doc = best_of(lambda: read(path))
    except InputError as exc:
        return [path.name, "-", "-", "-", "-", f"error: {exc.message}"]
    tables = doc.tables()
    rows = sum(len(t.rows) for t in tables)
    plumber_s, _ = best_of(lambda: plumber_tables(path))
    cols = [path.name, str(doc.pages), str(len(tables)), str(rows)]
    if extract is not None:
        try:
            extract_s, items = best_of(lambda: extract(path))
            cols += [str(items), f"{read_s:.3f}", f"{extract_s:.3f}"]
        except InputError as exc:
            extract_s = float("nan")
            cols += [f"error: {exc.message}", f"{read_s:.3f}", "-"]
    else:
        extract_s = float("nan")
        cols += ["-", f"{read_s:.3f}", "-"]
    cols += [f"{plumber_s:.3f}", f"{read_s / plumber_s:.2f}", f"{extract_s / plumber_s:.2f}"]
    return cols


def batch_line(folder: Path, workers: tuple[int, ...] = (1, 2), runs: int = 2) -> str:
    """Files per second for the whole batch command over ``folder`` at each -j."""
    from qingdan_extract.readers import SUPPORTED_SUFFIXES

    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES]
    parts = [f"batch: {len(files)} files under {folder.name}/"]
    for j in workers:
        with tempfile.TemporaryDirectory() as tmp:
            command = [sys.executable, "-m", "qingdan_extract", str(folder), "-o", tmp, "--force", "-q"]

            def run(command: list[str] = command, j: int = j) -> list[str]:
                done = subprocess.run([*command, "-j", str(j)], capture_output=True, text=True)
                return [line for line in done.stderr.splitlines() if line.startswith("failed: ")]

            seconds, failed = best_of(run, runs)
        note = f" ({len(failed)} failed: {'; '.join(failed)})" if failed else ""
        parts.append(f"-j {j}: {seconds:.2f} s, {len(files) / seconds:.2f} files/s{note}")
    return "; ".join(parts)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "samples").glob("*.pdf"))
    if not paths:
        print("no PDFs given and none under samples/", file=sys.stderr)
        return 1
    extract = full_extract()
    header = [
        "file",
        "pages",
        "tables",
        "rows",
        "items",
        "read s",
        "extract s",
        "plumber s",
        "read×",
        "extract×",
    ]
    table = [header] + [bench(p, extract) for p in paths]
    widths = [max(len(row[i]) if i < len(row) else 0 for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)))
    print()
    print(batch_line(ROOT / "samples"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
