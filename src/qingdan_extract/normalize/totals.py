"""Declared totals ("（共 15 项）", "行政处罚类（共 6 项）", "共7类、45项") against what was extracted."""

from __future__ import annotations

from ..model import Record
from ..reassemble import ListSummary


def total_mismatches(lists: list[ListSummary], records: list[Record]) -> list[str]:
    out: list[str] = []
    for summary in lists:
        name = list_name(summary)
        found = sum(1 for r in records if r.source.table == summary.table)
        if summary.declared is not None:
            if summary.declared.items != found:
                out.append(f"{name} declares {summary.declared.items} items but {found} were extracted")
            classes = summary.declared.classes
            categories = {r.category for r in records if r.source.table == summary.table and r.category}
            if classes is not None and classes != len(categories):
                out.append(f"{name} declares {classes} categories but the items have {len(categories)}")
        for section in summary.sections:
            in_section = sum(
                1 for r in records if r.source.table == summary.table and r.section == section.heading
            )
            if section.declared is not None and section.declared.items != in_section:
                out.append(
                    f"{name}, section “{section.heading}” declares {section.declared.items} items "
                    f"but {in_section} were extracted"
                )
    return out


def list_name(summary: ListSummary) -> str:
    parts = [p for p in (summary.label, summary.title) if p]
    return f"list {summary.table} ({' '.join(parts)})" if parts else f"list {summary.table}"
