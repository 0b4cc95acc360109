"""One file in, records out: read → reassemble → normalise → check.

`RecordStream` hands out records one by one, so a very large file is never
held whole; `extract_file` collects them for callers that want a list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .ir import Document
from .normalize.records import record_data
from .normalize.totals import Tally, total_mismatches
from .readers import read_document
from .reassemble import ListSummary
from .reassemble.assembler import Assembler, iter_items
from .record_data import RecordData

if TYPE_CHECKING:
    from .model import Record


class RecordStream:
    """The records of one file, in order. File-level warnings and declared-total
    mismatches are complete once the stream has been read to its end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.document = read_document(path)  # raises InputError
        self.assembler = Assembler(self.document)
        self.warnings: list[str] = []
        self.total_mismatches: list[str] = []

    def __iter__(self) -> Iterator[Record]:
        for data in self.data():
            yield data.to_model()

    def data(self) -> Iterator[RecordData]:
        """The records as plain data (record_data.py): what the command writes, no pydantic."""
        tally = Tally()
        for item in iter_items(self.assembler, self.document.blocks):
            record = record_data(item, sum(tally.per_list.values()) + 1, self.document)
            tally.add(record)
            yield record
        self.total_mismatches = total_mismatches(self.assembler.lists, tally)
        self.warnings = self.document.warnings + self.assembler.warnings + self.total_mismatches

    @property
    def lists(self) -> list[ListSummary]:
        return self.assembler.lists


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
