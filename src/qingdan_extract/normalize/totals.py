"""Declared totals ("（共 15 项）", "行政处罚类（共 6 项）", "共7类、45项") against what was extracted."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..reassemble import ListSummary

if TYPE_CHECKING:
    from ..model import Record
    from ..record_data import RecordData


@dataclass
class Tally:
    """Counts of the records seen, kept as they stream past."""

    per_list: Counter[int] = field(default_factory=Counter)
    per_section: Counter[tuple[int, str | None]] = field(default_factory=Counter)
    categories: defaultdict[int, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, record: Record | RecordData) -> None:
        table = record.source.table
        self.per_list[table] += 1
        self.per_section[(table, record.section)] += 1
        if record.category:
            self.categories[table].add(record.category)


def total_mismatches(lists: list[ListSummary], tally: Tally) -> list[str]:
    out: list[str] = []
    for summary in lists:
        name = list_name(summary)
        found = tally.per_list[summary.table]
        if summary.declared is not None:
            if summary.declared.items != found:
                out.append(f"{name} declares {summary.declared.items} items but {found} were extracted")
            classes = summary.declared.classes
            categories = len(tally.categories[summary.table])
            if classes is not None and classes != categories:
                out.append(f"{name} declares {classes} categories but the items have {categories}")
        for section in summary.sections:
            in_section = tally.per_section[(summary.table, section.heading)]
            if section.declared is not None and section.declared.items != in_section:
                out.append(
                    f"{name}, section “{section.heading}” declares {section.declared.items} items "
                    f"but {in_section} were extracted"
                )
    return out


def list_name(summary: ListSummary) -> str:
    parts = [p for p in (summary.label, summary.title) if p]
    return f"list {summary.table} ({' '.join(parts)})" if parts else f"list {summary.table}"
