"""Converting one file, without the command-line framework.

The command's most common use, ``qingdan-extract FILE [-o OUT] [--format F] [-q]
[--pdf-engine E]``, is parsed here by :func:`quick_args` and run by :func:`convert_one`
without importing typer (which loads click, rich's pieces and pydantic: a tenth of a
second before any work). Anything else — several inputs, a folder, a subcommand,
``--help``, an option not listed — goes to typer (``cli.py``), which calls the same
:func:`convert_one` for a single file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .output import AnyRecord

# Exit status (also in `--help` and the README)
EXIT_OK = 0  # every file ok, or partial without --strict
EXIT_INPUT = 2  # a file could not be read (failed)
EXIT_EMPTY = 3  # a file was read but holds no list (empty): no output written
EXIT_PARTIAL = 4  # with --strict: a file's result is doubtful (partial)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: what `cat` gives when its reader goes away
PAGE_PROCESSES = 2  # a long PDF's pages are read in two processes (readers/pdf_pages.py)
OCR_PROGRESS_EVERY = 5  # without a terminal, a progress line every this many pages OCR'd

# option -> the keyword it sets; None: a flag
_VALUE_OPTIONS = {
    "-o": "output",
    "--output": "output",
    "--format": "fmt",
    "--pdf-engine": "pdf_engine",
    "--ocr": "ocr",
}
_FLAGS = {"-q": "quiet", "--quiet": "quiet", "--strict": "strict", "--explain": "explain"}


def quick_args(argv: list[str]) -> dict[str, str | bool] | None:
    """The options of a plain one-file conversion, or None when typer must parse ``argv``."""
    found: dict[str, str | bool] = {}
    positional: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if arg in _FLAGS:
            found[_FLAGS[arg]] = True
        elif name in _VALUE_OPTIONS and eq and name.startswith("--"):
            found[_VALUE_OPTIONS[name]] = value
        elif arg in _VALUE_OPTIONS:
            if i + 1 >= len(argv) or argv[i + 1].startswith("-"):
                return None
            found[_VALUE_OPTIONS[arg]] = argv[i + 1]
            i += 1
        elif arg.startswith("-") and arg != "-":
            return None  # anything else (--help, -j, --combined …): typer
        else:
            positional.append(arg)
        i += 1
    if len(positional) != 1 or positional[0] in ("validate", "inspect", "review", "schema"):
        return None
    path = Path(positional[0])
    if path.is_dir():
        return None
    output = found.get("output")
    if isinstance(output, str) and (output.endswith("/") or Path(output).is_dir()):
        return None  # one input into a folder: the batch path
    found["path"] = positional[0]
    return found


def run_quick(options: dict[str, str | bool]) -> int:
    """Run a conversion :func:`quick_args` accepted; the exit status."""
    from .output import FORMATS
    from .readers import OCR_MODES, PDF_ENGINES, set_ocr_mode, set_pdf_engine

    fmt = str(options.get("fmt", "jsonl"))
    engine = options.get("pdf_engine")
    if fmt not in FORMATS:
        return fail(f"unknown --format {fmt!r} (choose from {', '.join(FORMATS)})")
    if engine is not None:
        if engine not in PDF_ENGINES:
            return fail(f"unknown --pdf-engine {engine!r} (choose from {', '.join(PDF_ENGINES)})")
        set_pdf_engine(str(engine))
    ocr = str(options.get("ocr", "auto"))
    if ocr not in OCR_MODES:
        return fail(f"unknown --ocr {ocr!r} (choose from {', '.join(OCR_MODES)})")
    set_ocr_mode(ocr)
    output = options.get("output")
    return convert_one(
        Path(str(options["path"])),
        Path(output) if isinstance(output, str) else None,
        fmt,
        bool(options.get("quiet")),
        strict=bool(options.get("strict")),
        explain=bool(options.get("explain")),
    )


def fail(message: str, code: int = EXIT_INPUT) -> int:
    print(f"qingdan-extract: {message}", file=sys.stderr)
    return code


def convert_one(
    path: Path,
    output: Path | None,
    fmt: str,
    quiet: bool,
    strict: bool = False,
    explain: bool = False,
    report: Path | None = None,
) -> int:
    """One file: records are written as they come, so a very large list is never held whole
    (except for csv/xlsx, whose columns need every record). The exit status: a file that holds
    no list writes no output."""
    from .output import NoRecords, write_records
    from .pipeline import EMPTY, PARTIAL, RecordStream
    from .readers import set_page_processes

    set_page_processes(min(PAGE_PROCESSES, os.cpu_count() or 1))  # a long PDF: two halves at once
    if not quiet:
        from .readers import ocr_settings

        ocr_settings.progress = ocr_progress_printer()
    try:
        stream = RecordStream(path)
        records = stream.data()  # plain records: pydantic is never loaded
        if output is None:
            if fmt == "xlsx":
                return fail("--format xlsx needs -o FILE")
            n = write_stdout(records, fmt)
            if n < 0:
                return -n
        else:
            try:
                n = write_records(records, output, fmt)
            except NoRecords:
                n = 0
            except OSError as exc:
                return fail(f"{output}: cannot write ({exc.strerror or exc})")
    except InputError as exc:
        return fail(str(exc))
    if not quiet:
        for warning in stream.warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
    if explain or report is not None:
        from .report import explain as explain_text
        from .report import file_report

        data = file_report(stream)
        if explain:
            print(explain_text(data, str(path)), file=sys.stderr)
        if report is not None:
            code = write_report_file(
                report, {"input": str(path), "output": str(output) if output else None, **data}
            )
            if code:
                return code
    if stream.status == EMPTY:
        return fail(f"{path}: no list found ({stream.empty_reason()}); nothing written", EXIT_EMPTY)
    if not quiet and output is not None:
        print(f"{path}: {n} items → {output} ({stream.status})", file=sys.stderr)
    if strict and stream.status == PARTIAL:
        return fail(f"{path}: the result is doubtful (partial; see the warnings); --strict", EXIT_PARTIAL)
    return EXIT_OK


def write_stdout(records: Iterable[AnyRecord], fmt: str) -> int:
    """Records to stdout; the number written, or minus the exit status. A reader that stops
    reading (``| head``) ends the run quietly; a full disk or another write error is one line,
    not a traceback."""
    from .output import write_csv, write_jsonl

    try:
        if fmt == "jsonl":
            n = write_jsonl(records, sys.stdout)
        else:
            rows = list(records)
            write_csv(rows, sys.stdout)
            n = len(rows)
        sys.stdout.flush()
    except BrokenPipeError:
        # Nothing more can be written; point stdout at /dev/null so that the flush at exit
        # does not fail again, and end as a program killed by SIGPIPE would.
        _stdout_to_devnull()
        return -EXIT_BROKEN_PIPE
    except OSError as exc:
        _stdout_to_devnull()
        return -fail(f"cannot write to standard output ({exc.strerror or exc})")
    return n


def _stdout_to_devnull() -> None:
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def write_report_file(path: Path, data: dict[str, object]) -> int:
    """The report as JSON, written atomically; the exit status (0, or 2 when it cannot be written)."""
    from .output import atomic_path, json_text

    try:
        with atomic_path(path) as tmp:
            tmp.write_text(json_text(data, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        return fail(f"{path}: cannot write ({exc.strerror or exc})")
    return 0


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
