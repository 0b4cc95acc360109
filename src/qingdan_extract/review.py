"""A review page: one self-contained HTML file for someone who checks an extraction by eye.

It shows the list's title and status, how every column was understood, and the records as a
table with each record's warnings marked on it; for a PDF, beside each item, the region of the
page it came from as ``inspect`` draws it (the reader's cells outlined, the item's start
marked). No network, no script: images are embedded, styles inline.
"""

from __future__ import annotations

import base64
import html
import io
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from .ir import BBox
from .pipeline import RecordStream
from .record_data import COLUMN_FIELDS, RecordData
from .report import file_report

IMAGE_MARGIN = 6.0  # points around an item's rows in its page image
MAX_IMAGE_WIDTH = 560  # px in the page: a landscape page's region is shown smaller

STYLE = """
body { font-family: "Noto Sans CJK SC", "Droid Sans Fallback", sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #bbb; padding: 4px 6px; vertical-align: top; text-align: left; font-size: 13px; }
th { background: #eef2f7; }
td.text { white-space: pre-wrap; max-width: 28em; }
tr.warned td { background: #fff8e6; }
td.warnings { color: #9a5b00; white-space: pre-wrap; max-width: 24em; }
span.status { padding: 2px 8px; border-radius: 3px; color: #fff; }
span.ok { background: #2e7d32; } span.partial { background: #c77700; } span.empty { background: #b00020; }
.how-content, .how-none { color: #9a5b00; }
img.region { max-width: 560px; border: 1px solid #999; display: block; margin-bottom: 4px; }
"""


def build_review(path: Path) -> str:
    """The review page of one file (raises InputError when it cannot be read)."""
    stream = RecordStream(path, keep_regions=True)
    records = list(stream.data())
    report = file_report(stream)
    regions = page_regions(path, stream.regions) if stream.document.format == "pdf" else {}
    title = next((r.source.title for r in records if r.source.title), None) or path.name
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{esc(title)} — review</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p>{esc(path.name)}: <span class="status {esc(report["status"])}">{esc(report["status"])}</span> '
        f"{report['items']} items{esc(' — ' + report['reason']) if report.get('reason') else ''}</p>",
    ]
    if stream.problems:
        parts.append("<h2>Problems in the file</h2><ul>")
        parts += [f'<li class="problem">{esc(p.code)}: {esc(p.message)}</li>' for p in stream.problems]
        parts.append("</ul>")
    for lst in report["lists"]:
        parts.append(list_section(lst, [r for r in records if r.source.table == lst["table"]], regions))
    parts.append("</body></html>")
    return "\n".join(parts)


def list_section(lst: dict[str, Any], records: list[RecordData], regions: dict[int, list[str]]) -> str:
    out = [f"<h2>List {lst['table']}: {esc(lst['title'] or '(no title)')}</h2>"]
    cov = lst["coverage"]
    if cov:
        out.append(f"<p>Coverage {cov['ratio']:.1%} of {cov['chars']} characters.</p>")
        if cov["lost"]:
            out.append(
                "<ul>" + "".join(f'<li class="lost">lost: {esc(t)}</li>' for t in cov["lost"]) + "</ul>"
            )
    out.append('<table class="mapping"><tr><th>printed header</th><th>field</th><th>how</th></tr>')
    for column in lst["columns"]:
        out.append(
            f"<tr><td>{esc(column['header']) or '(empty)'}</td><td>{esc(column['field'] or 'extra')}</td>"
            f'<td class="how-{esc(column["how"])}">{esc(column["how"])}</td></tr>'
        )
    out.append("</table>")
    fields = [f for f in COLUMN_FIELDS if any(getattr(r, f) for r in records)]
    extra_keys = list(dict.fromkeys(k for r in records for k in r.extra))
    head = ["#", *fields, *extra_keys, "section", "pages", "warnings"]
    if regions:
        head.append("source")
    out.append('<table class="records"><tr>' + "".join(f"<th>{esc(h)}</th>" for h in head) + "</tr>")
    for record in records:
        cells = [str(record.index)]
        cells += [getattr(record, f) or "" for f in fields]
        cells += [record.extra.get(k, "") for k in extra_keys]
        cells += [record.section or "", ",".join(map(str, record.source.pages or []))]
        row_class = ' class="warned"' if record.warnings else ""
        tds = "".join(f'<td class="text">{esc(c)}</td>' for c in cells)
        warnings = "\n".join(record.warnings)
        tds += f'<td class="warnings">{esc(warnings)}</td>'
        if regions:
            imgs = "".join(
                f'<img class="region" alt="item {record.index}" src="data:image/png;base64,{data}">'
                for data in regions.get(record.index - 1, [])
            )
            tds += f"<td>{imgs}</td>"
        out.append(f'<tr id="item-{record.index}"{row_class}>{tds}</tr>')
    out.append("</table>")
    return "\n".join(out)


def page_regions(path: Path, items: list[list[tuple[int, BBox]]]) -> dict[int, list[str]]:
    """For each item (by position), a PNG (base64) of each page region its rows cover, cut from
    the page as ``inspect`` draws it."""
    from PIL import Image

    from .inspect_pdf import RESOLUTION, draw_page

    by_page: dict[int, list[tuple[int, BBox]]] = defaultdict(list)
    for i, boxes in enumerate(items):
        for page, box in boxes:
            by_page[page].append((i, box))
    out: dict[int, list[str]] = defaultdict(list)
    scale = RESOLUTION / 72
    with tempfile.TemporaryDirectory() as tmp:
        for page in sorted(by_page):
            png = Path(tmp) / f"p{page}.png"
            starts = [box for _, box in by_page[page]]
            draw_page(path, page, png, item_starts=starts)
            with Image.open(png) as image:
                unions: dict[int, list[float]] = {}
                for i, (x0, top, x1, bottom) in by_page[page]:
                    u = unions.setdefault(i, [x0, top, x1, bottom])
                    u[:] = [min(u[0], x0), min(u[1], top), max(u[2], x1), max(u[3], bottom)]
                for i, (x0, top, x1, bottom) in sorted(unions.items()):
                    box = (
                        max(0, int((x0 - IMAGE_MARGIN) * scale)),
                        max(0, int((top - IMAGE_MARGIN) * scale)),
                        min(image.width, int((x1 + IMAGE_MARGIN) * scale)),
                        min(image.height, int((bottom + IMAGE_MARGIN) * scale)),
                    )
                    buf = io.BytesIO()
                    image.crop(box).save(buf, format="PNG", optimize=True)
                    out[i].append(base64.b64encode(buf.getvalue()).decode("ascii"))
    return out


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)
