"""What a file's conversion found, as data (the --report JSON) and as text (--explain).

Per list: its title, tables and pages, how every column was understood (its printed header,
the field and how: synonym, rule, fuzzy, content, none → extra), the items found against the
declared totals, the rows not read and the coverage of the source text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .problems import CODES

if TYPE_CHECKING:
    from .pipeline import RecordStream


def file_report(stream: RecordStream) -> dict[str, Any]:
    """The report of a stream read to its end."""
    problems = stream.problems + stream.item_problems
    counts: dict[str, int] = {}
    for p in problems:
        counts[p.code] = counts.get(p.code, 0) + 1
    report: dict[str, Any] = {
        "status": stream.status,
        "items": stream.records,
        "problems": [p.to_dict() for p in stream.problems],
        "problem_counts": counts,
        "lists": [list_report(stream, i) for i in range(len(stream.lists))],
    }
    if stream.records == 0:
        report["reason"] = stream.empty_reason()
    return report


def list_report(stream: RecordStream, i: int) -> dict[str, Any]:
    summary = stream.lists[i]
    coverage = stream.coverage.get(summary.table)
    return {
        "table": summary.table,
        "label": summary.label,
        "title": summary.title,
        "pages": sorted(stream.pages.get(summary.table, ())) or None,
        "columns": [{"header": m.header, "field": m.field, "how": m.how} for m in summary.columns],
        "items": summary.items,
        "declared": summary.declared.items if summary.declared else None,
        "sections": [
            {"heading": s.heading, "items": s.items, "declared": s.declared.items if s.declared else None}
            for s in summary.sections
        ],
        "rows_not_read": [
            {k: v for k, v in p.to_dict().items() if k in ("page", "line", "message")}
            for p in stream.problems
            if p.code == "row-not-read" and p.list == summary.table
        ],
        "coverage": coverage.to_dict() if coverage else None,
    }


def explain(report: dict[str, Any], name: str) -> str:
    """The report as lines for a person (stderr of ``--explain``)."""
    out = [f"{name}: {report['status']}, {report['items']} items" + _reason(report)]
    for lst in report["lists"]:
        title = lst["title"] or "(no title)"
        pages = f", pages {lst['pages'][0]}–{lst['pages'][-1]}" if lst["pages"] else ""
        declared = f" (declared {lst['declared']})" if lst["declared"] is not None else ""
        out.append(f"  list {lst['table']}: {title}{pages}: {lst['items']} items{declared}")
        for column in lst["columns"]:
            header = column["header"].replace("\n", "") or "(empty header)"
            target = column["field"] or "extra"
            out.append(f"    {header} → {target} ({column['how']})")
        for section in lst["sections"]:
            declared = f" of {section['declared']} declared" if section["declared"] is not None else ""
            out.append(f"    section {section['heading']}: {section['items']} items{declared}")
        for row in lst["rows_not_read"]:
            out.append(f"    not read: {row['message']}")
        cov = lst["coverage"]
        if cov:
            out.append(f"    coverage {cov['ratio']:.1%} of {cov['chars']} characters")
            out += [f"    lost: {text}" for text in cov["lost"]]
    for code, n in sorted(report["problem_counts"].items()):
        out.append(f"  {code} ×{n} ({CODES[code].severity}): {CODES[code].meaning}")
    return "\n".join(out)


def _reason(report: dict[str, Any]) -> str:
    return f" ({report['reason']})" if report.get("reason") else ""
