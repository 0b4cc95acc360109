"""Many files in one run: find the inputs, plan the outputs, convert in parallel, report.

One bad file never stops the others: every failure becomes a FileResult with a
one-line reason. Outputs are written atomically (see output.py).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__, stopping
from .errors import InputError
from .model import Record
from .output import NoRecords, file_mode, is_special, record_json, write_records, write_records_to
from .pipeline import EMPTY, OK, PARTIAL, RecordStream
from .readers import SUPPORTED_SUFFIXES
from .report import file_report
from .workers import run_each_in_a_process

WRITTEN = (OK, PARTIAL)  # the statuses whose output is written


@dataclass
class Job:
    input: Path
    output: Path | None  # None: records are only collected (stdout or --combined)
    part: Path | None = None  # the temporary file the job writes; renamed onto output when it is done


@dataclass
class FileResult:
    input: str
    output: str | None
    status: str  # ok, partial, empty, failed, skipped, interrupted
    items: int = 0
    warnings: int = 0  # item warnings + file warnings
    file_warnings: list[str] = field(default_factory=list)
    total_mismatches: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    records: list[str] = field(default_factory=list)  # JSON lines, kept when asked for
    input_sha256: str | None = None  # of the input as it was converted (provenance)
    report: dict[str, Any] | None = None  # report.file_report: column mapping, problems, coverage

    def report_entry(self) -> dict[str, object]:
        entry = asdict(self)
        entry.pop("records")
        entry.pop("input_sha256")
        return entry


def collect_inputs(
    paths: Iterable[Path],
    out_dir: Path | None = None,
    follow_links: bool = False,
    notes: list[str] | None = None,
) -> tuple[list[tuple[Path, Path]], list[FileResult]]:
    """(file, root) for every supported file under the given paths; missing paths as failures.
    An output folder inside an input folder holds our own outputs (a .csv may be either):
    its files are not inputs.

    Symbolic links in folders: a link that loops, or leads nowhere, is skipped with a note;
    a link that leads outside the folders given is skipped with a note unless
    ``follow_links``; a link to a folder inside them is not followed (its files are read
    where they are)."""
    paths = list(paths)
    found: list[tuple[Path, Path]] = []
    failures: list[FileResult] = []
    roots = [os.path.realpath(p) for p in paths if p.is_dir()]
    said = notes if notes is not None else []
    for path in paths:
        if path.is_dir():
            outputs = os.path.realpath(out_dir) if out_dir is not None else None
            if outputs is not None and _inside(os.path.realpath(path), [outputs]):
                outputs = None  # the inputs are in the output folder itself
            for file in sorted(_walk(path, roots, follow_links, said)):
                hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
                if hidden or file.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if outputs is not None and _inside(os.path.realpath(file), [outputs]):
                    continue
                if file.is_file():
                    found.append((file, path))
        elif path.exists():
            found.append((path, path.parent))
        else:
            failures.append(FileResult(input=str(path), output=None, status="failed", error="no such file"))
    return found, failures


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk(top: Path, roots: list[str], follow_links: bool, notes: list[str]) -> Iterator[Path]:
    """The files under ``top`` (links resolved as collect_inputs says), never a traceback:
    unreadable folders and link loops become notes."""
    seen: set[str] = {os.path.realpath(top)}

    def unreadable(exc: OSError) -> None:
        notes.append(f"{exc.filename}: skipped ({exc.strerror or exc})")

    for folder, dirs, files in os.walk(top, followlinks=follow_links, onerror=unreadable):
        kept = []
        for name in sorted(dirs):
            link = os.path.join(folder, name)
            if not os.path.islink(link):
                kept.append(name)
                continue
            target = _link_target(link, notes)
            if target is None:
                continue
            if not follow_links:
                if not _inside(target, roots):
                    notes.append(f"{link}: skipped ({OUTSIDE.format(target)})")
                continue  # inside: its files are read where they are
            if target in seen or _inside(os.path.realpath(folder), [target]):
                notes.append(f"{link}: skipped (a link back into a folder already read)")
                continue
            seen.add(target)
            kept.append(name)
        dirs[:] = kept
        for name in files:
            file = os.path.join(folder, name)
            if os.path.islink(file):
                target = _link_target(file, notes)
                if target is None:
                    continue
                if not follow_links and not _inside(target, roots):
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                        notes.append(f"{file}: skipped ({OUTSIDE.format(target)})")
                    continue
            yield Path(file)


OUTSIDE = "a link to {}, outside the folders given; see --follow-links"


def _link_target(link: str, notes: list[str]) -> str | None:
    """Where a symbolic link leads, or None (with a note) when it loops or leads nowhere."""
    try:
        return str(Path(link).resolve(strict=True))
    except RuntimeError:  # Python < 3.13: "Symlink loop"
        notes.append(f"{link}: skipped (a symbolic link loop)")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            notes.append(f"{link}: skipped (a symbolic link loop)")
        else:
            notes.append(f"{link}: skipped (a broken symbolic link: {exc.strerror})")
    return None


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


# What produced an output is recorded on the output itself, as an extended attribute (it moves
# with the file when the temporary file is renamed into place, and leaves nothing else in the
# output folder): the tool's version, the format, the input's size and SHA-256 and the output's.
PROVENANCE_ATTRIBUTE = "user.qingdan-extract"
NO_ATTRIBUTES = {errno.ENOTSUP, errno.EOPNOTSUPP}  # a file system without extended attributes


def is_up_to_date(job: Job, fmt: str = "jsonl") -> bool:
    """The output is newer than the input and was made from this input, in this format, by
    this version of the tool, and has not changed since. Where the file system keeps no
    extended attributes, only the times are compared."""
    if job.output is None or not job.output.exists():
        return False
    try:
        if job.output.stat().st_mtime < job.input.stat().st_mtime:
            return False
        if not hasattr(os, "getxattr"):
            return True
        try:
            recorded = json.loads(os.getxattr(job.output, PROVENANCE_ATTRIBUTE))
        except OSError as exc:
            return exc.errno in NO_ATTRIBUTES  # otherwise: no record, made by something else
        except ValueError:
            return False
        return bool(recorded == provenance(job.input, job.output, fmt, sha256_of(job.input)))
    except OSError:
        return False


def provenance(input: Path, output: Path, fmt: str, input_sha256: str) -> dict[str, object]:
    return {
        "tool": __version__,
        "format": fmt,
        "input_size": input.stat().st_size,
        "input_sha256": input_sha256,
        "output_size": output.stat().st_size,
        "output_sha256": sha256_of(output),
    }


def record_provenance(job: Job, written: Path, fmt: str, input_sha256: str | None) -> None:
    """Note on the written file what produced it (see PROVENANCE_ATTRIBUTE); best effort."""
    if input_sha256 is None or not hasattr(os, "setxattr"):
        return
    with contextlib.suppress(OSError):
        data = provenance(job.input, written, fmt, input_sha256)
        os.setxattr(written, PROVENANCE_ATTRIBUTE, json.dumps(data).encode())


def input_digest(path: Path) -> str:
    try:
        return sha256_of(path)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def part_path(output: Path, token: str) -> Path:
    """Where a job writes before its output is committed: a hidden file beside the output."""
    return output.parent / f".{output.name}.{token}.part"


def run_one(job: Job, fmt: str = "jsonl", keep_records: bool = False) -> FileResult:
    """Convert one file; never raises (except KeyboardInterrupt, after removing its temporary file).

    With ``job.part`` set the records are written there and the caller commits them
    (``commit``); without it the output is written atomically here.
    """
    start = time.perf_counter()
    result = FileResult(input=str(job.input), output=str(job.output) if job.output else None, status="ok")
    stream: RecordStream | None = None
    lines: list[str] = []
    item_warnings = 0

    def records(stream: RecordStream) -> Iterator[Record]:
        nonlocal item_warnings
        for record in stream:
            item_warnings += len(record.warnings)
            if keep_records:
                lines.append(record_json(record))
            yield record

    try:
        stream = RecordStream(job.input)  # raises InputError for a file gone missing
        if job.output is not None:
            result.input_sha256 = input_digest(job.input)
        if job.output is not None and job.part is not None:
            job.part.parent.mkdir(parents=True, exist_ok=True)
            result.items = write_records_to(records(stream), job.part, fmt)
        elif job.output is not None:
            try:
                result.items = write_records(records(stream), job.output, fmt)
            except NoRecords:  # nothing written: the status says empty
                result.items = 0
        else:
            result.items = sum(1 for _ in records(stream))
    except InputError as exc:
        discard(job)
        result.status, result.error = "failed", exc.message
    except OSError as exc:  # the output could not be written
        discard(job)
        result.status, result.error = "failed", f"cannot write {job.output}: {exc.strerror or exc}"
    except Exception as exc:  # a bug must not stop the batch; say what it was in one line
        discard(job)
        result.status, result.error = (
            "failed",
            f"internal error ({type(exc).__name__}: {exc}); please report it",
        )
    except BaseException:  # Ctrl-C: leave nothing half-written
        discard(job)
        raise
    else:
        assert stream is not None
        result.file_warnings = stream.warnings
        result.total_mismatches = stream.total_mismatches
        result.warnings = len(stream.warnings) + item_warnings
        result.records = lines
        result.status = stream.status
        result.report = file_report(stream)
        if result.status == EMPTY:  # readable, but no list: no output file
            discard(job)
            result.error = f"no list found ({stream.empty_reason()})"
    if result.status not in WRITTEN:
        result.items = result.warnings = 0
        result.output = None
    result.seconds = round(time.perf_counter() - start, 3)
    return result


def discard(job: Job) -> None:
    """Remove a job's temporary file, if any."""
    if job.part is not None:
        with contextlib.suppress(OSError):
            job.part.unlink(missing_ok=True)


def commit(job: Job, result: FileResult, fmt: str = "jsonl") -> FileResult:
    """Rename a finished job's temporary file onto its output (in the main process only, so
    that the results reported are exactly the outputs on disk)."""
    if job.part is None or job.output is None:
        return result
    if result.status not in WRITTEN:
        discard(job)
        return result
    try:
        if is_special(job.output):
            raise OSError(errno.EEXIST, "it is a device, pipe or socket, not a regular file; not replaced")
        job.part.chmod(file_mode())
        record_provenance(job, job.part, fmt, result.input_sha256)
        os.replace(job.part, job.output)
    except OSError as exc:
        discard(job)
        result.status, result.output = "failed", None
        result.error = f"cannot write {job.output}: {exc.strerror or exc}"
        result.items = result.warnings = 0
        result.records = []
    return result


def interrupted(job: Job) -> FileResult:
    return FileResult(input=str(job.input), output=None, status="interrupted", error="interrupted")


def worker_died(job: Job) -> FileResult:
    return FileResult(
        input=str(job.input),
        output=None,
        status="failed",
        error="the worker process converting this file died (killed, or out of memory)",
    )


def run_jobs(
    jobs: list[Job],
    workers: int,
    fmt: str,
    keep_records: bool,
    on_result: Callable[[FileResult], None],
) -> list[FileResult]:
    """Run jobs, in parallel when workers > 1; results in input order.

    Every output is written to a temporary file by its job and renamed into place here
    when the job's result arrives, so whatever stops the run (Ctrl-C, a killed worker)
    leaves no half-written output, and the results returned are the outputs on disk.
    Ctrl-C stops the run: finished results are kept, the rest are marked "interrupted".
    In parallel each file has its own process, so one that dies (killed, out of memory)
    fails only its own file.
    """
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    jobs = [
        replace(job, part=part_path(job.output, token) if job.output is not None else None) for job in jobs
    ]
    results: dict[int, FileResult] = {}
    guard = InterruptGuard()

    def finish(i: int, result: FileResult | None) -> None:
        if result is None:
            discard(jobs[i])
            result = worker_died(jobs[i])
        with guard.deferred():  # the output renamed and its result kept, or neither
            results[i] = commit(jobs[i], result, fmt)
        on_result(results[i])

    try:
        guard.install()
        if workers <= 1 or len(jobs) <= 1:  # here, in this process; Ctrl-C interrupts the conversion
            for i, job in enumerate(jobs):
                finish(i, run_one(job, fmt, keep_records))
        else:
            with guard.deferred():  # Ctrl-C is only noted; the loop polls it and ends the children
                run_each_in_a_process(
                    range(len(jobs)),
                    workers,
                    work=lambda i: run_one(jobs[i], fmt, keep_records),
                    on_done=finish,
                    stop=lambda: guard.requested,
                )
    except KeyboardInterrupt:
        pass
    finally:
        guard.uninstall()
    for i, job in enumerate(jobs):
        if i not in results:
            discard(job)
            results[i] = interrupted(job)
    return [results[i] for i in range(len(jobs))]


class InterruptGuard:
    """Ctrl-C, SIGTERM or SIGHUP during a run: raised as KeyboardInterrupt (``Stopped`` for the
    last two), except inside ``with guard.deferred():``, where it is only noted (``requested``)
    and raised when the block ends."""

    def __init__(self) -> None:
        self.requested = False
        self.signum: int = signal.SIGINT
        self.raising = True
        self.previous: dict[int, Any] = {}

    def install(self) -> None:
        for signum in stopping.HANDLED:
            try:
                if signum != signal.SIGINT and signal.getsignal(signum) == signal.SIG_IGN:
                    continue  # nohup: a hangup is not ours to act on
                self.previous[signum] = signal.signal(signum, self.handle)
            except ValueError:  # not the main thread: leave signals alone
                pass

    def uninstall(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous = {}

    def handle(self, signum: int, frame: object) -> None:
        if not self.requested:
            self.signum = signum
        self.requested = True
        stopping.note(signum)
        if self.raising:
            raise self.exception()

    def exception(self) -> KeyboardInterrupt:
        return KeyboardInterrupt() if self.signum == signal.SIGINT else stopping.Stopped(self.signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        outer, self.raising = self.raising, False
        try:
            yield
        finally:
            self.raising = outer
        if outer and self.requested:
            raise self.exception()


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)
