"""Writing records: JSONL, CSV or XLSX, always through a temporary file renamed into place,
so an interrupted run never leaves a half-written output."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from .model import COLUMN_FIELDS, Record

FORMATS = ("jsonl", "csv", "xlsx")


def record_json(record: Record) -> str:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False)


def write_jsonl(records: Iterable[Record], out: TextIO) -> None:
    for record in records:
        out.write(record_json(record) + "\n")


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed onto it only when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_records(records: list[Record], path: Path, fmt: str = "jsonl") -> None:
    with atomic_path(path) as tmp:
        if fmt == "jsonl":
            with tmp.open("w", encoding="utf-8") as fh:
                write_jsonl(records, fh)
        elif fmt == "csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                write_csv(records, fh)
        elif fmt == "xlsx":
            write_xlsx(records, tmp)
        else:
            raise ValueError(f"unknown output format {fmt!r}")


# --- flat tables for spreadsheets ---------------------------------------------------

SOURCE_COLUMNS = ("source.file", "source.format", "source.title", "source.table", "source.pages")


def flat_columns(records: list[Record]) -> list[str]:
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


def flat_row(record: Record) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    row: dict[str, Any] = {k: v for k, v in data.items() if k not in ("extra", "source", "warnings")}
    for key, value in record.extra.items():
        row[f"extra.{key}"] = value
    source = data["source"]
    for column in SOURCE_COLUMNS:
        value = source[column.split(".", 1)[1]]
        row[column] = ",".join(str(p) for p in value) if isinstance(value, list) else value
    row["warnings"] = "; ".join(record.warnings)
    return row


def write_csv(records: list[Record], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=flat_columns(records), extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow(flat_row(record))


def write_xlsx(records: list[Record], path: Path) -> None:
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
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
