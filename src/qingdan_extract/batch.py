"""Many files in one run: find the inputs, plan the outputs, convert in parallel, report.

One bad file never stops the others: every failure becomes a FileResult with a
one-line reason. Outputs are written atomically (see output.py).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import InputError
from .output import record_json, write_records
from .pipeline import extract_file
from .readers import SUPPORTED_SUFFIXES


@dataclass
class Job:
    input: Path
    output: Path | None  # None: records are only collected (stdout or --combined)


@dataclass
class FileResult:
    input: str
    output: str | None
    status: str  # ok, failed, skipped
    items: int = 0
    warnings: int = 0  # item warnings + file warnings
    file_warnings: list[str] = field(default_factory=list)
    total_mismatches: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    records: list[str] = field(default_factory=list)  # JSON lines, kept when asked for

    def report_entry(self) -> dict[str, object]:
        entry = asdict(self)
        entry.pop("records")
        return entry


def collect_inputs(paths: Iterable[Path]) -> tuple[list[tuple[Path, Path]], list[FileResult]]:
    """(file, root) for every supported file under the given paths; missing paths as failures."""
    found: list[tuple[Path, Path]] = []
    failures: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
                if file.is_file() and not hidden and file.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append((file, path))
        elif path.exists():
            found.append((path, path.parent))
        else:
            failures.append(FileResult(input=str(path), output=None, status="failed", error="no such file"))
    return found, failures


def plan_outputs(inputs: list[tuple[Path, Path]], out_dir: Path, fmt: str) -> list[Job]:
    """Mirror each input's place under its root; "a.pdf" → "a.jsonl", or "a.pdf.jsonl" when
    another input in the same folder has the same stem."""
    stems = Counter((root, file.relative_to(root).with_suffix("")) for file, root in inputs)
    jobs: list[Job] = []
    for file, root in inputs:
        rel = file.relative_to(root)
        name = rel.name if stems[(root, rel.with_suffix(""))] > 1 else rel.stem
        jobs.append(Job(input=file, output=out_dir / rel.parent / f"{name}.{fmt}"))
    return jobs


def is_up_to_date(job: Job) -> bool:
    if job.output is None or not job.output.exists():
        return False
    try:
        return job.output.stat().st_mtime >= job.input.stat().st_mtime
    except OSError:
        return False


def run_one(job: Job, fmt: str = "jsonl", keep_records: bool = False) -> FileResult:
    """Convert one file; never raises."""
    start = time.perf_counter()
    result = FileResult(input=str(job.input), output=str(job.output) if job.output else None, status="ok")
    try:
        extraction = extract_file(job.input)
        if job.output is not None:
            write_records(extraction.records, job.output, fmt)
    except InputError as exc:
        result.status, result.error = "failed", exc.message
    except OSError as exc:  # the output could not be written
        result.status, result.error = "failed", f"cannot write {job.output}: {exc.strerror or exc}"
    except Exception as exc:  # a bug must not stop the batch; say what it was in one line
        result.status, result.error = (
            "failed",
            f"internal error ({type(exc).__name__}: {exc}); please report it",
        )
    else:
        result.items = len(extraction.records)
        result.file_warnings = extraction.warnings
        result.total_mismatches = extraction.total_mismatches
        result.warnings = len(extraction.warnings) + sum(len(r.warnings) for r in extraction.records)
        if keep_records:
            result.records = [record_json(r) for r in extraction.records]
    result.seconds = round(time.perf_counter() - start, 3)
    return result


def run_jobs(
    jobs: list[Job],
    workers: int,
    fmt: str,
    keep_records: bool,
    on_result: Callable[[FileResult], None],
) -> list[FileResult]:
    """Run jobs, in parallel when workers > 1; results in input order.

    Ctrl-C stops the run: finished results are kept, the rest are marked.
    """
    results: dict[int, FileResult] = {}
    try:
        if workers <= 1 or len(jobs) <= 1:
            for i, job in enumerate(jobs):
                results[i] = run_one(job, fmt, keep_records)
                on_result(results[i])
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures: dict[Future[FileResult], int] = {
                    pool.submit(run_one, job, fmt, keep_records): i for i, job in enumerate(jobs)
                }
                pending = set(futures)
                try:
                    while pending:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            i = futures[future]
                            results[i] = collect(future, jobs[i])
                            on_result(results[i])
                except KeyboardInterrupt:
                    for future in pending:
                        future.cancel()
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise
    except KeyboardInterrupt:
        for i, job in enumerate(jobs):
            if i not in results:
                results[i] = FileResult(
                    input=str(job.input), output=None, status="failed", error="interrupted"
                )
        return [results[i] for i in range(len(jobs))]
    return [results[i] for i in range(len(jobs))]


def collect(future: Future[FileResult], job: Job) -> FileResult:
    try:
        return future.result()
    except Exception as exc:  # the worker process died (killed, out of memory …)
        return FileResult(input=str(job.input), output=None, status="failed", error=f"worker failed: {exc}")


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
