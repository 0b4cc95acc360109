"""Command line: ``qingdan-extract FILE…`` converts; ``validate``, ``inspect`` and ``schema`` are subcommands.

Bad input gives one line on stderr (``<file>: <what is wrong>``) and exit status 2;
``validate`` exits 1 on any difference.
"""

from __future__ import annotations

import contextlib
import csv
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import limits, stopping
from .errors import InputError
from .readers import DEFAULT_PDF_ENGINE, OCR_MODES, PDF_ENGINES, set_ocr_mode, set_pdf_engine

if TYPE_CHECKING:
    from rich.console import Console

    from . import batch
    from .validate import FileComparison

# Start-up: converting one file loads only what that needs (the pipeline and the reader of
# its format). rich (progress bars, the summary table), the batch machinery and validate
# load in the commands that use them.

SUBCOMMANDS = ("validate", "inspect", "review", "schema")
EXIT_INPUT = 2  # a file could not be read
EXIT_DIFFERENT = 1  # validate: the output differs from the golden file
EXIT_EMPTY = 3  # a file was read but holds no list: nothing written for it
EXIT_PARTIAL = 4  # --strict: a file's result is doubtful
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cat` gives when its reader goes away

_err: Console | None = None


def err_console() -> Console:
    """rich's console on stderr, for the batch progress bar and summary."""
    global _err
    if _err is None:
        from rich.console import Console

        _err = Console(stderr=True, highlight=False, soft_wrap=True)
    return _err


extract_app = typer.Typer(add_completion=False, rich_markup_mode=None)
tools_app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    print(f"qingdan-extract: {message}", file=sys.stderr)
    return typer.Exit(code)


@extract_app.command(
    epilog="Other commands: qingdan-extract validate OUT GOLDEN | review FILE -o review.html | "
    "inspect FILE.pdf --page N -o page.png | "
    "schema. Each has --help."
)
def convert(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders of published lists (pdf, docx, doc, wps, html, xlsx, xls, txt; "
            "scans as png, jpg, tif)"
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Output file for one input; output folder for several inputs or a folder"
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or xlsx")] = "jsonl",
    combined: Annotated[Path | None, typer.Option(help="Also write every record into this one file")] = None,
    jobs: Annotated[int, typer.Option("-j", "--jobs", help="Files converted in parallel")] = 0,
    force: Annotated[bool, typer.Option(help="Convert even when the output is newer than the input")] = False,
    report: Annotated[
        Path | None,
        typer.Option(help="Write a JSON report: per file status, items, warnings, error, seconds"),
    ] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Do not print warnings")] = False,
    max_size: Annotated[
        str,
        typer.Option(
            help="Largest text a reader may hold whole: an HTML page, an unzipped part of a "
            ".docx/.xlsx, an .xls/.xlsx, an unpacked PDF stream, one line of text (e.g. 500M, 2G)"
        ),
    ] = limits.human(limits.DEFAULT_MAX_SIZE).replace(" ", ""),
    max_cells: Annotated[
        int, typer.Option(help="Most grid positions (rows × columns) one table may have")
    ] = limits.DEFAULT_MAX_CELLS,
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            metavar="NAME=VALUE",
            help="Change another limit (repeatable): span (largest rowspan/colspan/gridSpan, 1000), "
            "row-cells (cells in one line of CSV/text, 10000), zip-ratio (unpacked/packed size of a "
            ".docx/.xlsx part, 500), size and cells (as --max-size, --max-cells)",
        ),
    ] = None,
    follow_links: Annotated[
        bool, typer.Option(help="In folders, follow symbolic links that lead outside the folders given")
    ] = False,
    strict: Annotated[
        bool, typer.Option(help="Exit 4 when a file's result is doubtful (partial), not only when it fails")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            help="One file: print its report on stderr (column mapping, totals, rows not read, coverage)"
        ),
    ] = False,
    pdf_engine: Annotated[
        str,
        typer.Option(
            "--pdf-engine",
            help="How PDFs are read: pdfium (fast, the default) or pdfplumber (pdfminer); same records",
        ),
    ] = DEFAULT_PDF_ENGINE,
    ocr: Annotated[
        str,
        typer.Option(
            "--ocr",
            help="Scanned pages: auto (OCR pages without a text layer, and images), off (never), "
            "force (OCR every page)",
        ),
    ] = "auto",
) -> None:
    """Convert published 权责清单 into JSONL records (one item per line).

    One file: records go to stdout, or to -o FILE. Several files or a folder: one
    output per input under -o DIR, mirroring the folders, with a summary at the end.

    Each file ends ok (records, nothing doubtful), partial (records, something doubtful:
    a column mapped by content alone, rows not read, a declared total not met, text lost),
    empty (readable, no list: no output written) or failed (unreadable: no output written).

    Exit status: 0 every file ok or partial; 2 a file failed; 3 a file was empty;
    4 with --strict, a file was partial; 130/143/129 interrupted (Ctrl-C, SIGTERM, SIGHUP).
    """
    from .output import FORMATS

    if fmt not in FORMATS:
        raise fail(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    limits.reset()  # a command run in-process (tests, the API) after another starts afresh
    stopping.forget()
    try:
        limits.configure(max_size=limits.parse_size(max_size))
    except ValueError as exc:
        raise fail(f"--max-size: {exc}") from None
    limits.configure(max_cells=max_cells)
    for setting in limit or []:
        try:
            limits.configure(**dict([limits.parse_setting(setting)]))
        except ValueError as exc:
            raise fail(f"--limit {exc}") from None
    if pdf_engine not in PDF_ENGINES:
        raise fail(f"unknown --pdf-engine {pdf_engine!r} (choose from {', '.join(PDF_ENGINES)})")
    set_pdf_engine(pdf_engine)  # batch workers are forked from here and keep it
    if ocr not in OCR_MODES:
        raise fail(f"unknown --ocr {ocr!r} (choose from {', '.join(OCR_MODES)})")
    set_ocr_mode(ocr)
    single = len(paths) == 1 and not paths[0].is_dir()
    if single and (output is None or not (output.is_dir() or str(output).endswith("/"))) and not combined:
        try:
            convert_one(paths[0], output, fmt, quiet, strict, explain, report)
        except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP: the output was not written
            signum = stopping.signal_of(exc)
            raise fail(stopping.message(signum), stopping.exit_status(signum)) from None
        return
    if output is None and combined is None:
        raise fail("several inputs need -o DIR (one output per input) or --combined FILE")
    from . import batch

    run_batch(
        paths,
        output,
        fmt,
        combined,
        jobs or batch.default_workers(),
        force,
        report,
        quiet,
        follow_links,
        strict,
    )


def convert_one(
    path: Path,
    output: Path | None,
    fmt: str,
    quiet: bool,
    strict: bool = False,
    explain: bool = False,
    report: Path | None = None,
) -> None:
    """One file (single.py: the command runs it without typer when it can)."""
    from .single import convert_one as convert

    code = convert(path, output, fmt, quiet, strict=strict, explain=explain, report=report)
    if code:
        raise typer.Exit(code)


def run_batch(
    paths: list[Path],
    out_dir: Path | None,
    fmt: str,
    combined: Path | None,
    workers: int,
    force: bool,
    report: Path | None,
    quiet: bool,
    follow_links: bool = False,
    strict: bool = False,
) -> None:
    from . import batch

    start = time.perf_counter()
    notes: list[str] = []
    inputs, failures = batch.collect_inputs(paths, out_dir, follow_links=follow_links, notes=notes)
    if not quiet:
        for note in notes:
            print(f"qingdan-extract: {note}", file=sys.stderr)
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise fail(f"{out_dir}: is a file; -o needs a folder when there are several inputs")
        jobs = batch.plan_outputs(inputs, out_dir, fmt)
    else:
        jobs = [batch.Job(input=f, output=None) for f, _ in inputs]
    skipped = [job for job in jobs if not force and combined is None and batch.is_up_to_date(job, fmt)]
    todo = [job for job in jobs if job not in skipped]
    results = [skipped_result(job, fmt) for job in skipped] + failures
    with progress_reporter(len(todo), quiet) as on_result:
        results += batch.run_jobs(todo, workers, fmt, keep_records=combined is not None, on_result=on_result)
    interrupted = any(r.status == "interrupted" for r in results)
    if combined is not None and not interrupted:
        write_combined(results, combined)
    if report is not None:
        write_report(results, report, time.perf_counter() - start)
    print_summary(results, time.perf_counter() - start, quiet)
    if interrupted:
        raise typer.Exit(stopping.exit_status(stopping.signal_of(None)))
    raise typer.Exit(batch_exit_status([r.status for r in results], strict))


def batch_exit_status(statuses: list[str], strict: bool) -> int:
    """failed (2) before empty (3) before partial with --strict (4); else 0."""
    if "failed" in statuses:
        return EXIT_INPUT
    if "empty" in statuses:
        return EXIT_EMPTY
    if strict and "partial" in statuses:
        return EXIT_PARTIAL
    return 0


def skipped_result(job: batch.Job, fmt: str) -> batch.FileResult:
    """An input whose output is up to date; its items are counted from the output."""
    from . import batch

    result = batch.FileResult(input=str(job.input), output=str(job.output), status="skipped")
    if job.output is not None:
        result.items = count_items(job.output, fmt)
    return result


def count_items(path: Path, fmt: str) -> int:
    try:
        if fmt == "jsonl":
            with path.open("rb") as fh:
                return sum(1 for line in fh if line.strip())
        if fmt == "csv":
            with path.open(encoding="utf-8-sig", newline="") as fh:
                return max(0, sum(1 for _ in csv.reader(fh)) - 1)
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            ws = wb.active
            return max(0, (ws.max_row or 1) - 1) if ws is not None else 0
        finally:
            wb.close()
    except Exception:  # an unreadable old output: it is still skipped, with no count
        return 0


@contextlib.contextmanager
def progress_reporter(total: int, quiet: bool) -> Iterator[Callable[[batch.FileResult], None]]:
    """A rich progress bar when stderr is a terminal; plain lines otherwise (logs, pipes)."""
    err = err_console()
    if err.is_terminal and total > 0:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=False,
            auto_refresh=False,  # no drawing thread: worker processes are forked from this one
        ) as bar:
            task = bar.add_task("converting", total=total)

            def on_bar(result: batch.FileResult) -> None:
                bar.advance(task)
                if result.status in ("failed", "empty"):
                    bar.console.print(f"{result.status.upper()} {result.input}: {result.error}", markup=False)
                elif not quiet and result.total_mismatches:
                    for mismatch in result.total_mismatches:
                        bar.console.print(f"{result.input}: warning: {mismatch}", markup=False)
                bar.refresh()

            yield on_bar
        return
    done = 0

    def on_line(result: batch.FileResult) -> None:
        nonlocal done
        done += 1
        if quiet and result.status in ("ok", "partial"):
            return
        if result.status in ("ok", "partial"):
            line = (
                f"[{done}/{total}] {result.status:6} {result.input}: {result.items} items, "
                f"{result.warnings} warnings"
            )
        else:
            line = f"[{done}/{total}] {result.status.upper():6} {result.input}: {result.error}"
        print(line, file=sys.stderr, flush=True)

    yield on_line


def write_combined(results: list[batch.FileResult], path: Path) -> None:
    from .output import atomic_path

    try:
        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as fh:
            for result in results:
                for line in result.records:
                    fh.write(line + "\n")
    except OSError as exc:
        raise fail(f"{path}: cannot write ({exc.strerror or exc})") from None


def totals(results: list[batch.FileResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "ok": sum(r.status == "ok" for r in results),
        "partial": sum(r.status == "partial" for r in results),
        "empty": sum(r.status == "empty" for r in results),
        "skipped": sum(r.status == "skipped" for r in results),
        "failed": sum(r.status == "failed" for r in results),
        "interrupted": sum(r.status == "interrupted" for r in results),
        "items": sum(r.items for r in results),
        "warnings": sum(r.warnings for r in results),
        "total_mismatches": sum(len(r.total_mismatches) for r in results),
    }


def write_report(results: list[batch.FileResult], path: Path, seconds: float) -> None:
    data = {
        **totals(results),
        "seconds": round(seconds, 3),
        "results": [r.report_entry() for r in results],
    }
    from .single import write_report_file

    code = write_report_file(path, data)
    if code:
        raise typer.Exit(code)


def print_summary(results: list[batch.FileResult], seconds: float, quiet: bool) -> None:
    counts = totals(results)
    columns = [
        "files",
        "ok",
        "partial",
        "empty",
        "failed",
        "skipped",
        "items",
        "warnings",
        "total_mismatches",
    ]
    if counts["interrupted"]:
        columns.insert(4, "interrupted")
    from rich.table import Table as RichTable

    err = err_console()
    table = RichTable(title="qingdan-extract summary", title_justify="left")
    for column in [*columns, "seconds"]:
        label = "mismatches" if column == "total_mismatches" else column
        table.add_column(label, justify="right", no_wrap=True, min_width=len(label))
    table.add_row(*(str(counts[c]) for c in columns), f"{seconds:.1f}")
    err.print(table)
    for r in results:
        if r.status in ("failed", "empty"):
            err.print(f"{r.status}: {r.input}: {r.error}", markup=False)
    if counts["interrupted"]:
        err.print(f"interrupted: {counts['interrupted']} files not converted", markup=False)
    for r in results:
        for mismatch in r.total_mismatches:
            err.print(f"total mismatch: {r.input}: {mismatch}", markup=False)


# --- validate ------------------------------------------------------------------------


@tools_app.command()
def validate(
    output: Annotated[Path, typer.Argument(help="A JSONL output file, or a folder of them")],
    golden: Annotated[Path, typer.Argument(help="The golden JSONL file, or a folder of them")],
    limit: Annotated[int, typer.Option(help="Differences printed per file (0: all)")] = 20,
) -> None:
    """Compare output with golden fixtures field by field; exit 1 on any difference."""
    from .validate import GoldenError, compare_files, pair_files

    try:
        if output.is_dir() or golden.is_dir():
            if not (output.is_dir() and golden.is_dir()):
                raise fail("validate needs two files or two folders", EXIT_INPUT)
            pairs, missing = pair_files(output, golden)
            comparisons = [compare_files(o, g) for o, g in pairs]
        else:
            missing = []
            comparisons = [compare_files(output, golden)]
    except GoldenError as exc:
        raise fail(str(exc)) from None
    for comparison in comparisons:
        print_comparison(comparison, limit)
    for path in missing:
        print(f"{path}: no output file to compare")
    different = missing or any(c.differences for c in comparisons)
    if len(comparisons) > 1:
        total = sum(c.fields_compared for c in comparisons)
        equal = sum(c.fields_equal for c in comparisons)
        print(f"all: {len(comparisons)} files, field accuracy {equal}/{total} = {equal / max(total, 1):.2%}")
    raise typer.Exit(EXIT_DIFFERENT if different else 0)


def print_comparison(c: FileComparison, limit: int) -> None:
    from .validate import shorten

    status = "OK" if not c.differences else f"{len(c.differences)} differences"
    print(
        f"{c.output} vs {c.golden}: {status}; field accuracy {c.fields_equal}/{c.fields_compared} "
        f"= {c.accuracy:.2%}"
    )
    shown = c.differences if limit <= 0 else c.differences[:limit]
    for d in shown:
        print(f"  {d.item} | {d.field} | expected: {shorten(d.expected)} | got: {shorten(d.got)}")
    if len(shown) < len(c.differences):
        print(f"  … {len(c.differences) - len(shown)} more (--limit 0 shows all)")


# --- inspect, schema ------------------------------------------------------------------


@tools_app.command()
def review(
    path: Annotated[Path, typer.Argument(help="A published list (any supported format)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML page to write")] = Path("review.html"),
) -> None:
    """Write one self-contained HTML page to check an extraction by eye: title, status, column
    mapping, the records with their warnings marked and, for a PDF, each item's page region."""
    from .output import atomic_path
    from .review import build_review

    try:
        page = build_review(path)
    except InputError as exc:
        raise fail(str(exc)) from None
    try:
        with atomic_path(output) as tmp:
            tmp.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    print(f"{path}: review page → {output}", file=sys.stderr)


@tools_app.command()
def inspect(
    pdf: Annotated[Path, typer.Argument(help="A PDF list, or a scanned page image")],
    page: Annotated[int, typer.Option("--page", help="1-based page number")] = 1,
    output: Annotated[Path, typer.Option("-o", "--output", help="PNG to write")] = Path("page.png"),
) -> None:
    """Draw what was found on a PDF page over its image: tables (blue), rows (green), cells (red,
    merged ones yellow), header rows (cyan) and where each item starts (magenta). A scanned
    page or image shows what OCR found: rules (light blue), cells, text boxes (green; orange
    where OCR was unsure)."""
    from .readers.ocr import IMAGE_SUFFIXES

    if pdf.suffix.lower() not in (".pdf", *IMAGE_SUFFIXES):
        raise fail(f"{pdf}: inspect draws PDF pages and scanned images; this is not a .pdf file or an image")
    from .inspect_pdf import draw_page_with_items

    try:
        starts = draw_page_with_items(pdf, page, output)
    except InputError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    print(f"{pdf}: page {page}, {starts} item(s) start here → {output}", file=sys.stderr)


@tools_app.command()
def schema() -> None:
    """Print the JSON Schema of one output record."""
    from .model import json_schema_text

    sys.stdout.write(json_schema_text())


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in SUBCOMMANDS:
        tools_app(args=args, prog_name="qingdan-extract")
    else:
        extract_app(args=args, prog_name="qingdan-extract")


if __name__ == "__main__":
    main()
