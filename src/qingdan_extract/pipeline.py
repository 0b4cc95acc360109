"""One file in, records out: read → reassemble → normalise → check.

`RecordStream` hands out records one by one, so a very large file is never
held whole; `extract_file` collects them for callers that want a list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .coverage import Coverage
from .ir import BBox, Document
from .normalize.records import record_data
from .normalize.totals import Tally, total_mismatches
from .problems import Problem, as_problem
from .readers import read_document
from .reassemble import ListSummary
from .reassemble.assembler import Assembler, iter_items
from .record_data import RecordData

if TYPE_CHECKING:
    from .model import Record


class RecordStream:
    """The records of one file, in order. File-level problems, declared-total mismatches,
    coverage and the status are complete once the stream has been read to its end."""

    def __init__(self, path: Path, keep_regions: bool = False) -> None:
        self.path = path
        self.keep_regions = keep_regions
        self.regions: list[list[tuple[int, BBox]]] = []  # with keep_regions: each record's page boxes
        self.document = read_document(path)  # raises InputError
        self.assembler = Assembler(self.document)
        self.problems: list[Problem] = []  # about the file as a whole
        self.item_problems: list[Problem] = []  # each also in its record's warnings
        self.coverage: dict[int | None, Coverage] = {}  # per list (None: rows outside any list)
        self.records = 0
        self.pages: dict[int, set[int]] = {}  # per list, the pages its items are on
        self.total_mismatches: list[str] = []

    @property
    def warnings(self) -> list[str]:
        """The file-level problems' messages."""
        return [p.message for p in self.problems]

    def __iter__(self) -> Iterator[Record]:
        for data in self.data():
            yield data.to_model()

    def data(self) -> Iterator[RecordData]:
        """The records as plain data (record_data.py): what the command writes, no pydantic."""
        tally = Tally()
        for item in iter_items(self.assembler, self.document.blocks):
            record = record_data(item, sum(tally.per_list.values()) + 1, self.document, self.item_problems)
            tally.add(record)
            self.coverage.setdefault(item.table, Coverage()).add_item(item, record)
            self.records += 1
            if self.keep_regions:
                self.regions.append(item.regions)
            if record.source.pages:
                self.pages.setdefault(item.table, set()).update(record.source.pages)
            yield record
        self.total_mismatches = total_mismatches(self.assembler.lists, tally)
        for table, text in self.assembler.unread:
            self.coverage.setdefault(table, Coverage()).add_lost(text)
        self.problems = [as_problem(w) for w in self.document.warnings] + self.assembler.warnings
        self.problems += [Problem("total-mismatch", m) for m in self.total_mismatches]
        for table, cov in self.coverage.items():
            if cov.lost_count:
                where = f"list {table}" if table is not None else "outside any list"
                self.problems.append(
                    Problem(
                        "text-lost",
                        f"{where}: coverage {cov.ratio:.1%}; {cov.lost_count} text(s) reached no record: "
                        + " | ".join(cov.lost[:3]),
                        list=table,
                    )
                )

    @property
    def status(self) -> str:
        """ok, partial (something doubtful) or empty (no records); `failed` is an InputError."""
        return file_status(self.records, self.problems + self.item_problems)

    def empty_reason(self) -> str:
        """What was seen in a file that gave no records."""
        tables = self.assembler.table_no
        if tables == 0:
            return "no table"
        return f"{tables} table{'s' if tables > 1 else ''}, none with item rows"

    @property
    def lists(self) -> list[ListSummary]:
        return self.assembler.lists


OK, PARTIAL, EMPTY, FAILED = "ok", "partial", "empty", "failed"


def file_status(records: int, problems: list[Problem]) -> str:
    """`empty` without records; `partial` when any problem makes the result doubtful."""
    if records == 0:
        return EMPTY
    return PARTIAL if any(p.doubtful for p in problems) else OK


@dataclass
class Extraction:
    path: Path
    document: Document
    records: list[Record]
    lists: list[ListSummary]
    warnings: list[str] = field(default_factory=list)  # about the file as a whole
    total_mismatches: list[str] = field(default_factory=list)


def extract_file(path: Path) -> Extraction:
    """Extract one file; raises InputError when it cannot be read."""
    stream = RecordStream(path)
    records = list(stream)
    return Extraction(
        path=path,
        document=stream.document,
        records=records,
        lists=stream.lists,
        warnings=stream.warnings,
        total_mismatches=stream.total_mismatches,
    )
