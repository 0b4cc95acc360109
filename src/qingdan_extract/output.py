"""Writing records: JSONL, CSV or XLSX, always through a temporary file renamed into place,
so an interrupted run never leaves a half-written output."""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, Union

from .record_data import COLUMN_FIELDS, RecordData

if TYPE_CHECKING:
    from .model import Record

AnyRecord = Union["Record", RecordData]  # a pydantic record, or its plain twin (record_data.py)

FORMATS = ("jsonl", "csv", "xlsx")


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """``text`` as valid Unicode. A file name that is not valid UTF-8 reaches us with its bad
    bytes as lone surrogates (os.fsdecode); they cannot be written as UTF-8, so each becomes
    U+FFFD (the name as a UTF-8 terminal would show it)."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-8", "surrogateescape" if _escapes_only(text) else "replace").decode(
        "utf-8", "replace"
    )


def _escapes_only(text: str) -> bool:
    return all("\udc80" <= ch <= "\udcff" for ch in _SURROGATE.findall(text))


def json_text(data: object, indent: int | None = None) -> str:
    return safe_text(json.dumps(data, ensure_ascii=False, indent=indent))


def record_dict(record: AnyRecord) -> dict[str, Any]:
    if isinstance(record, RecordData):
        return record.as_json_dict()
    return record.model_dump(mode="json")


def record_json(record: AnyRecord) -> str:
    return json_text(record_dict(record))


def write_jsonl(records: Iterable[AnyRecord], out: TextIO) -> int:
    """One JSON object a line, as the records come (a stream is never held whole); the count."""
    n = 0
    for record in records:
        out.write(record_json(record) + "\n")
        n += 1
    return n


def file_mode() -> int:
    """The mode a new file gets: 0666 less the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto it only when the block succeeds.

    The temporary file is removed whatever stops the block (an error, Ctrl-C). The
    output gets the usual permissions (0666 less the umask), not mkstemp's 0600.

    An existing device, pipe or socket (``-o /dev/null``, ``-o >(gzip …)``) is written to
    as a stream, never replaced by a regular file.
    """
    if is_special(path):
        yield path
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = new_file_beside(path)
    try:
        yield tmp_path
        tmp_path.chmod(file_mode())
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


def new_file_beside(path: Path) -> Path:
    """A new, empty ``.NAME.PID.N.part`` beside ``path``, made as ``tempfile.mkstemp`` makes
    its files (exclusive create, 0600, the next name when one exists) without loading
    ``tempfile`` (random, shutil …), which costs a short file's run a few percent."""
    for n in itertools.count():
        candidate = path.with_name(f".{path.name}.{os.getpid()}.{n}.part")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise AssertionError("unreachable")


def is_special(path: Path) -> bool:
    """An existing file that is not a regular file or a folder: a device, pipe or socket."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


class NoRecords(Exception):
    """There were no records: no output file is written (the file's status is `empty`)."""


def write_records(
    records: Iterable[AnyRecord], path: Path, fmt: str = "jsonl", allow_empty: bool = False
) -> int:
    """Write ``records`` to ``path`` atomically; the number written. Without records nothing
    is written (NoRecords), unless ``allow_empty``."""
    with atomic_path(path) as tmp:
        n = write_records_to(records, tmp, fmt)
        if n == 0 and not allow_empty:
            raise NoRecords
        return n


def write_records_to(records: Iterable[AnyRecord], path: Path, fmt: str = "jsonl") -> int:
    """Write ``records`` to ``path`` directly (the caller makes it atomic); the number written.

    JSONL is written as the records come; CSV and XLSX need every record first (their
    columns include every ``extra`` key).
    """
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            return write_jsonl(records, fh)
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    rows = list(records)
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            write_csv(rows, fh)
    else:
        write_xlsx(rows, path)
    return len(rows)


# --- flat tables for spreadsheets ---------------------------------------------------

SOURCE_COLUMNS = ("source.file", "source.format", "source.title", "source.table", "source.pages")


def flat_columns(records: list[AnyRecord]) -> list[str]:
    extras: list[str] = []
    for record in records:
        for key in record.extra:
            if f"extra.{key}" not in extras:
                extras.append(f"extra.{key}")
    return [
        "index",
        *COLUMN_FIELDS,
        "category_raw",
        "section",
        *extras,
        *SOURCE_COLUMNS,
        "warnings",
    ]


def flat_row(record: AnyRecord) -> dict[str, Any]:
    data = record_dict(record)
    row: dict[str, Any] = {k: v for k, v in data.items() if k not in ("extra", "source", "warnings")}
    for key, value in record.extra.items():
        row[f"extra.{key}"] = value
    source = data["source"]
    for column in SOURCE_COLUMNS:
        value = source[column.split(".", 1)[1]]
        row[column] = ",".join(str(p) for p in value) if isinstance(value, list) else value
    row["warnings"] = "; ".join(record.warnings)
    return {key: safe_text(value) if isinstance(value, str) else value for key, value in row.items()}


def write_csv(records: list[AnyRecord], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=flat_columns(records), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(flat_row(record))


def write_xlsx(records: list[AnyRecord], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "items"
    columns = flat_columns(records)
    ws.append(columns)
    for record in records:
        row = flat_row(record)
        ws.append([row.get(c) for c in columns])
    wb.save(path)
