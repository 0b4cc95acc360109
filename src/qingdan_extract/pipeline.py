"""One file in, records out: read → reassemble → normalise → check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .ir import Document
from .model import Record
from .normalize.records import to_record
from .normalize.totals import total_mismatches
from .readers import read_document
from .reassemble import ListSummary, reassemble


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
    doc = read_document(path)
    assembly = reassemble(doc)
    records: list[Record] = []
    warnings = list(doc.warnings) + assembly.warnings
    for item in assembly.items:
        record = to_record(item, len(records) + 1, doc)
        if record is None:
            where = f"line {item.line_no}" if item.line_no else "a row"
            warnings.append(f"{where}: an item without a name was skipped")
            continue
        records.append(record)
    mismatches = total_mismatches(assembly.lists, records)
    return Extraction(
        path=path,
        document=doc,
        records=records,
        lists=assembly.lists,
        warnings=warnings + mismatches,
        total_mismatches=mismatches,
    )
