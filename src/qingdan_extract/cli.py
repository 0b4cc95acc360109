"""Command line: ``qingdan-extract FILE…`` converts; ``validate``, ``inspect`` and ``schema`` are subcommands.

Bad input gives one line on stderr (``<file>: <what is wrong>``) and exit status 2;
``validate`` exits 1 on any difference.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table as RichTable

from . import batch
from .errors import InputError
from .output import FORMATS, atomic_path, write_csv, write_jsonl, write_records
from .pipeline import RecordStream
from .readers import OCR_MODES, ocr_settings, set_ocr_mode
from .validate import FileComparison, GoldenError, compare_files, pair_files, shorten

SUBCOMMANDS = ("validate", "inspect", "schema")
EXIT_INPUT = 2
EXIT_DIFFERENT = 1
EXIT_INTERRUPTED = 130
OCR_PROGRESS_EVERY = 5  # without a terminal, a progress line every this many pages OCR'd

err = Console(stderr=True, highlight=False, soft_wrap=True)

extract_app = typer.Typer(add_completion=False, rich_markup_mode=None)
tools_app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)


def fail(message: str, code: int = EXIT_INPUT) -> typer.Exit:
    print(f"qingdan-extract: {message}", file=sys.stderr)
    return typer.Exit(code)


@extract_app.command(
    epilog="Other commands: qingdan-extract validate OUT GOLDEN | inspect FILE.pdf --page N -o page.png | "
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
    """
    if fmt not in FORMATS:
        raise fail(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    if ocr not in OCR_MODES:
        raise fail(f"unknown --ocr {ocr!r} (choose from {', '.join(OCR_MODES)})")
    set_ocr_mode(ocr)
    single = len(paths) == 1 and not paths[0].is_dir()
    if single and (output is None or not (output.is_dir() or str(output).endswith("/"))) and not combined:
        convert_one(paths[0], output, fmt, quiet)
        return
    if output is None and combined is None:
        raise fail("several inputs need -o DIR (one output per input) or --combined FILE")
    run_batch(paths, output, fmt, combined, jobs or batch.default_workers(), force, report, quiet)


def convert_one(path: Path, output: Path | None, fmt: str, quiet: bool) -> None:
    """One file: records are written as they come, so a very large list is never held whole
    (except for csv/xlsx, whose columns need every record)."""
    if not quiet:
        ocr_settings.progress = ocr_progress_printer()
    try:
        stream = RecordStream(path)
        if output is None:
            if fmt == "xlsx":
                raise fail("--format xlsx needs -o FILE")
            if fmt == "jsonl":
                n = write_jsonl(stream, sys.stdout)
            else:
                records = list(stream)
                write_csv(records, sys.stdout)
                n = len(records)
        else:
            try:
                n = write_records(stream, output, fmt)
            except OSError as exc:
                raise fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    except InputError as exc:
        raise fail(str(exc)) from None
    if not quiet:
        for warning in stream.warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        if output is not None:
            print(f"{path}: {n} items → {output}", file=sys.stderr)


def ocr_progress_printer() -> Callable[[Path, int, int], None]:
    """Pages OCR'd so far on stderr: one line rewritten on a terminal, else a line every few pages
    (none for a short scan, so that a bad file's error stays the one line on stderr)."""
    tty = sys.stderr.isatty()

    def show(path: Path, done: int, total: int) -> None:
        if tty:
            end = "\n" if done == total else ""
            print(f"\r{path}: OCR {done}/{total} pages", end=end, file=sys.stderr, flush=True)
        elif done % OCR_PROGRESS_EVERY == 0 and done < total:  # a bad one-page scan stays one line
            print(f"{path}: OCR {done}/{total} pages", file=sys.stderr, flush=True)

    return show


def run_batch(
    paths: list[Path],
    out_dir: Path | None,
    fmt: str,
    combined: Path | None,
    workers: int,
    force: bool,
    report: Path | None,
    quiet: bool,
) -> None:
    start = time.perf_counter()
    inputs, failures = batch.collect_inputs(paths, out_dir)
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise fail(f"{out_dir}: is a file; -o needs a folder when there are several inputs")
        jobs = batch.plan_outputs(inputs, out_dir, fmt)
    else:
        jobs = [batch.Job(input=f, output=None) for f, _ in inputs]
    skipped = [job for job in jobs if not force and combined is None and batch.is_up_to_date(job)]
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
        raise typer.Exit(EXIT_INTERRUPTED)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(EXIT_INPUT)


def skipped_result(job: batch.Job, fmt: str) -> batch.FileResult:
    """An input whose output is up to date; its items are counted from the output."""
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
    if err.is_terminal and total > 0:
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
                if result.status == "failed":
                    bar.console.print(f"FAILED {result.input}: {result.error}", markup=False)
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
        if quiet and result.status == "ok":
            return
        if result.status == "ok":
            line = f"[{done}/{total}] ok     {result.input}: {result.items} items, {result.warnings} warnings"
        else:
            line = f"[{done}/{total}] FAILED {result.input}: {result.error}"
        print(line, file=sys.stderr, flush=True)

    yield on_line


def write_combined(results: list[batch.FileResult], path: Path) -> None:
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
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise fail(f"{path}: cannot write ({exc.strerror or exc})") from None


def print_summary(results: list[batch.FileResult], seconds: float, quiet: bool) -> None:
    counts = totals(results)
    columns = ["files", "ok", "skipped", "failed", "items", "warnings", "total_mismatches"]
    if counts["interrupted"]:
        columns.insert(4, "interrupted")
    table = RichTable(title="qingdan-extract summary", title_justify="left")
    for column in [*columns, "seconds"]:
        table.add_column("mismatches" if column == "total_mismatches" else column, justify="right")
    table.add_row(*(str(counts[c]) for c in columns), f"{seconds:.1f}")
    err.print(table)
    for r in results:
        if r.status == "failed":
            err.print(f"failed: {r.input}: {r.error}", markup=False)
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
