"""Web-page and spreadsheet samples built from the seed lists, with their golden files.

    html_huinong.html    seed002 as a county site's article page (UTF-8): page chrome, <h2> sections,
                         the list split over several <table>s that each repeat the header, some
                         items cut by a split and continued as a row with an empty 序号
    html_yumen_gbk.html  seed004 as an older GBK page inside a layout table: a two-row header
                         (权力事项 over 事项名称/子项名称), 行使主体/承办机构 merged down (rowspan)
    xlsx_laiyuan.xlsx    seed003: merged title row, "（共7类、45项）", 权力类型 merged down, wrap text
    xlsx_multi.xlsx      seed001 on sheet "目录", a hidden lookup sheet, seed000 on sheet "附件1"
    xls_yindu.xls        seed001 (xlwt): merged title row, two-row header (职权 over 项目名称/职权类别)
    form_huinong.html    the first 5 items of seed002, one label/value table per item
    csv_laiyuan_gbk.csv  seed003 as Excel saves "CSV" on a Chinese Windows: GBK, quoted cells with
                         line breaks and commas, title rows padded with empty cells
    txt_huinong_utf16.txt seed002 as Excel saves "Unicode text": UTF-16LE with BOM, tabs, quoted
                         multi-line cells, section rows in the first cell

The golden records are the seeds' hand-checked records with the new source
(common.expected_records); only what a sample prints differently is changed.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import openpyxl
import xlwt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .common import SAMPLES, WOLONG_HEADINGS, ListSpec, expected_records, list_spec, write_golden

Record = dict[str, Any]

# ================================================================ HTML helpers


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def bold_label(line: str) -> str:
    """ "【法律】《…》" with its 【…】 label in <b>, as the source pages print it."""
    if line.startswith("【") and "】" in line:
        label, rest = line.split("】", 1)
        return f"<b>{esc(label)}】</b>{esc(rest)}"
    return esc(line)


def as_paragraphs(text: str) -> str:
    return "".join(f"<p>{bold_label(line)}</p>" for line in lines_of(text))


def as_breaks(text: str) -> str:
    return "<br>\n".join(esc(line) for line in lines_of(text))


def as_plain(text: str) -> str:
    return "<br>".join(esc(line) for line in lines_of(text))


def td(content: str, attrs: str = "") -> str:
    return f"<td{' ' + attrs if attrs else ''}>{content}</td>"


def tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>\n"


def write_page(name: str, text: str, encoding: str = "utf-8") -> None:
    (SAMPLES / name).write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))


# ================================================================ html_huinong.html

HUINONG_RENDER: dict[str, Callable[[str], str]] = {
    "basis": as_paragraphs,
    "responsibility": as_paragraphs,
    "accountability": as_breaks,
    "liability": as_paragraphs,
}
# item index -> where its long cells are cut by a table split (fraction of each cell's length)
HUINONG_CUTS: dict[int, float] = {1: 0.55, 3: 0.6, 4: 0.45, 8: 0.5, 11: 0.4, 12: 0.5}
HUINONG_NAME_CUT = 11  # its name is cut too, as in the seed ("…支付范围" | "的医疗服务行为…")
CUT_MIN_CHARS = 60  # shorter cells stay whole on the first part


def cut_text(text: str, fraction: float) -> tuple[str, str]:
    """Cut inside a line (never at a line break): a table split in the middle of a paragraph."""
    at = int(len(text) * fraction)
    while 0 < at < len(text) - 1 and "\n" in (text[at - 1], text[at]):
        at += 1
    return text[:at], text[at:]


def split_record(spec: ListSpec, record: Record, fraction: float, cut_name: bool) -> tuple[Record, Record]:
    first, rest = dict(record), {field: None for _, field in spec.header}
    for _, field in spec.header:
        value = record.get(field)
        long_text = isinstance(value, str) and len(value) >= CUT_MIN_CHARS
        if long_text or (field == "name" and cut_name):
            first[field], rest[field] = cut_text(value, fraction)
    return first, rest


def huinong_cells(spec: ListSpec, record: Record) -> list[str]:
    cells = []
    for _, field in spec.header:
        value = "" if record.get(field) is None else str(record[field])
        cells.append(td(HUINONG_RENDER.get(field, as_plain)(value)))
    return cells


def huinong_header(spec: ListSpec) -> str:
    return tr([f'<td style="font-weight:bold" align="center">{esc(h)}</td>' for h, _ in spec.header])


def huinong_tables(spec: ListSpec, records: list[Record]) -> Iterator[list[str]]:
    """The rows of each <table> of one section: a cut item ends a table, its rest starts the next."""
    rows: list[str] = []
    for record in records:
        index = record["index"]
        if index not in HUINONG_CUTS:
            rows.append(tr(huinong_cells(spec, record)))
            continue
        first, rest = split_record(spec, record, HUINONG_CUTS[index], index == HUINONG_NAME_CUT)
        rows.append(tr(huinong_cells(spec, first)))
        yield rows
        rows = [tr(huinong_cells(spec, rest))]
    if rows:
        yield rows


HUINONG_TOP = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>惠农区医疗保障局行政权力和责任清单_石嘴山市惠农区人民政府</title>
<link rel="stylesheet" href="/static/css/article.css">
<script src="/static/js/jquery.min.js"></script>
<style>.article table td{border:1px solid #999;padding:4px}</style>
</head>
<body>
<div class="header">
  <div class="logo"><a href="/"><img src="/static/images/logo.png" alt="石嘴山市惠农区人民政府"></a></div>
  <ul class="nav">
    <li><a href="/">首页</a></li>
    <li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/zwfw/">政务服务</a></li>
    <li><a href="/hdjl/">互动交流</a></li>
    <li><a href="/zjhn/">走进惠农</a></li>
  </ul>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt;
  <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/qzqd/">权责清单</a></div>
<div class="article">
  <h1 class="title">惠农区医疗保障局行政权力和责任清单</h1>
  <div class="info"><span>来源：惠农区医疗保障局</span>　<span>发布时间：2023-03-28 10:15</span>
    　<span>浏览次数：<script>document.write(1024)</script></span>
    　字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
  <div class="content" id="zoom">
"""

HUINONG_BOTTOM = """    <p>附件：<a href="/uploadfiles/2023/03/qzqd.xlsx"
      >惠农区医疗保障局行政权力和责任清单.xlsx</a></p>
  </div>
  <div class="tools"><a href="javascript:window.print()">【打印本页】</a>
    <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="footer">
  <p>主办单位：石嘴山市惠农区人民政府办公室　承办单位：惠农区医疗保障局</p>
  <p>地址：宁夏石嘴山市惠农区南街街道　联系电话：0952-3012345　邮编：753600</p>
  <p>网站标识码：6402050001　<a href="https://beian.miit.gov.cn">宁ICP备05001234号-1</a></p>
</div>
</body>
</html>
"""


def huinong_page(spec: ListSpec) -> str:
    parts = [HUINONG_TOP]
    parts.append(f'    <p style="text-align:center"><strong>{esc(spec.preamble[0])}</strong></p>\n')
    for section in spec.sections:
        parts.append(f"    <h2>{esc(section.heading or '')}</h2>\n")
        for rows in huinong_tables(spec, section.records):
            table = '<table border="1" cellspacing="0" cellpadding="0" width="100%">\n<tbody>\n'
            parts.append(table + huinong_header(spec) + "".join(rows) + "</tbody>\n</table>\n")
    parts.append(HUINONG_BOTTOM)
    return "".join(parts)


def build_html_huinong() -> None:
    stem, name = "seed002_huinong", "html_huinong.html"
    write_page(name, huinong_page(list_spec(stem)))
    write_golden("html_huinong", expected_records(stem, name, "html"))


# ================================================================ html_yumen_gbk.html

YUMEN_MERGED = ("subject", "undertaker")  # merged down over runs of equal values
YUMEN_TOP = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>玉门市医疗保障局权责清单目录</title>
<link href="/css/css.css" rel="stylesheet" type="text/css">
</head>
<body topmargin="0" leftmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td height="90" background="/images/top_bg.jpg">
    <img src="/images/logo.gif" width="420" height="90"></td></tr>
  <tr><td class="nav"><a href="/">网站首页</a> | <a href="/xxgk/">信息公开</a> |
    <a href="/bsfw/">办事服务</a> | <a href="/gzcy/">公众参与</a></td></tr>
  <tr><td class="weizhi">您现在的位置：<a href="/">首页</a> &gt;&gt;
    <a href="/xxgk/">信息公开</a> &gt;&gt; 权责清单</td></tr>
  <tr><td align="center" class="title"><font size="5"><b>{title}</b></font></td></tr>
  <tr><td align="center" class="info">发布日期：2022-08-15　　信息来源：玉门市医疗保障局
    　　点击数：<span id="hits">386</span></td></tr>
  <tr><td class="content">
"""
YUMEN_BOTTOM = """  </td></tr>
  <tr><td align="center" class="bottom">版权所有：玉门市人民政府　主办：玉门市人民政府办公室<br>
  联系电话：0937-3221234　地址：甘肃省玉门市新市区　陇ICP备05002345号</td></tr>
</table>
</body>
</html>
"""


def run_lengths(values: list[str]) -> list[int]:
    """For each position, the length of the run of equal values it starts (0 inside a run)."""
    spans = [0] * len(values)
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            spans[start] = i - start
            start = i
    return spans


def yumen_header(spec: ListSpec) -> str:
    top, second = [], []
    for label, field in spec.header:
        if field == "name":
            top.append('<td colspan="2" align="center"><b>权力事项</b></td>')
            second.append('<td align="center"><b>事项名称</b></td>')
        elif field == "sub_name":
            second.append('<td align="center"><b>子项名称</b></td>')
        else:
            top.append(f'<td rowspan="2" align="center"><b>{esc(label)}</b></td>')
    return tr(top) + tr(second)


def yumen_rows(spec: ListSpec) -> list[str]:
    records = spec.records
    spans = {f: run_lengths([str(r.get(f) or "") for r in records]) for f in YUMEN_MERGED}
    rows = []
    for i, record in enumerate(records):
        cells = []
        for _, field in spec.header:
            value = "" if record.get(field) is None else str(record[field])
            if field in YUMEN_MERGED:
                if spans[field][i] == 0:
                    continue
                span = spans[field][i]
                cells.append(td(esc(value), (f'rowspan="{span}" ' if span > 1 else "") + 'align="center"'))
            else:
                cells.append(td(as_breaks(value) or "&nbsp;"))
        rows.append(tr(cells))
    return rows


def yumen_page(spec: ListSpec) -> str:
    table = (
        '<table width="100%" border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">\n'
    )
    body = table + yumen_header(spec) + "".join(yumen_rows(spec)) + "</table>\n"
    return YUMEN_TOP.replace("{title}", esc(spec.preamble[0])) + body + YUMEN_BOTTOM


def build_html_yumen() -> None:
    stem, name = "seed004_yumen", "html_yumen_gbk.html"
    write_page(name, yumen_page(list_spec(stem)), encoding="gbk")
    write_golden("html_yumen_gbk", expected_records(stem, name, "html"))


# ================================================================ spreadsheets (openpyxl)

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
COLUMN_WIDTHS = {"seq": 6, "name": 28, "category_raw": 10, "code": 18, "subject": 16, "remark": 8}


def sheet_value(text: str | None) -> str | int | None:
    """A serial typed as a number, as spreadsheet authors do; other text as text."""
    if not text:
        return None
    return int(text) if text.isdigit() and len(text) <= 4 else text


def put(ws: Worksheet, row: int, col: int, value: str | None, align: Alignment = WRAP) -> None:
    cell = ws.cell(row=row, column=col, value=sheet_value(value))
    cell.alignment = align
    cell.border = BOX


FIXED_TIME = (2023, 3, 28, 10, 15, 0)
CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*")


def save_workbook(workbook: openpyxl.Workbook, name: str) -> None:
    """Save with fixed zip and document dates, so a rebuild gives the same bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = CORE_DATES.sub(rb"\g<1>2023-03-28T10:15:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    (SAMPLES / name).write_bytes(out.getvalue())


def title_row(ws: Worksheet, row: int, text: str, width: int, size: int = 16) -> None:
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = Font(name="方正小标宋简体", size=size, bold=size > 12)
    cell.alignment = CENTRE
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def header_row(ws: Worksheet, row: int, spec: ListSpec) -> None:
    for c, (label, field) in enumerate(spec.header, start=1):
        put(ws, row, c, label, CENTRE)
        ws.cell(row=row, column=c).font = Font(name="黑体", bold=True)
        ws.column_dimensions[get_column_letter(c)].width = COLUMN_WIDTHS.get(field, 40)


def record_row(ws: Worksheet, row: int, spec: ListSpec, record: Record) -> None:
    for c, value in enumerate(spec.row(record), start=1):
        short = spec.header[c - 1][1] in ("seq", "category_raw", "code", "subject")
        put(ws, row, c, value, CENTRE if short else WRAP)


def merge_runs_down(ws: Worksheet, first_row: int, col: int, values: list[str]) -> None:
    """Merge a column's cells over runs of equal values (Excel keeps only the top one's value)."""
    for i, span in enumerate(run_lengths(values)):
        if span > 1:
            for r in range(first_row + i + 1, first_row + i + span):
                ws.cell(row=r, column=col).value = None
            ws.merge_cells(
                start_row=first_row + i, start_column=col, end_row=first_row + i + span - 1, end_column=col
            )


def laiyuan_sheet(ws: Worksheet, spec: ListSpec) -> None:
    width = len(spec.header)
    title, total, unit = spec.preamble
    title_row(ws, 1, title, width)
    title_row(ws, 2, total, width, size=11)
    ws.cell(row=3, column=1, value=unit).alignment = Alignment(horizontal="left")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=4)
    header_row(ws, 4, spec)
    for i, record in enumerate(spec.records):
        record_row(ws, 5 + i, spec, record)
    category_col = [f for _, f in spec.header].index("category_raw") + 1
    merge_runs_down(ws, 5, category_col, [spec.row(r)[category_col - 1] for r in spec.records])
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"


def build_xlsx_laiyuan() -> None:
    stem, name = "seed003_laiyuan", "xlsx_laiyuan.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "权责清单"
    laiyuan_sheet(ws, list_spec(stem))
    save_workbook(workbook, name)
    write_golden("xlsx_laiyuan", expected_records(stem, name, "xlsx"))


# ================================================================ xlsx_multi.xlsx

LOOKUP_VALUES = ["类别", "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "其他职权"]


def directory_sheet(ws: Worksheet, spec: ListSpec) -> None:
    """seed001 as a directory sheet: merged title row, header, items."""
    title_row(ws, 1, spec.preamble[0], len(spec.header))
    header_row(ws, 2, spec)
    for i, record in enumerate(spec.records):
        record_row(ws, 3 + i, spec, record)


def attachment_sheet(ws: Worksheet, spec: ListSpec) -> None:
    """seed000: "附件1", the declared total, header, then every class heading across the table."""
    width = len(spec.header)
    label, total = spec.preamble
    ws.cell(row=1, column=1, value=label.replace(" ", "")).font = Font(name="黑体", size=12)
    title_row(ws, 2, total, width, size=11)
    header_row(ws, 3, spec)
    by_heading = {s.heading: s.records for s in spec.sections}
    row = 4
    for heading in WOLONG_HEADINGS:
        put(ws, row, 1, heading, Alignment(horizontal="left", vertical="center"))
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        for record in by_heading.get(heading, []):
            record_row(ws, row, spec, record)
            row += 1


def lookup_sheet(ws: Worksheet) -> None:
    """A hidden sheet holding a drop-down list's values, as templates often carry."""
    for r, value in enumerate(LOOKUP_VALUES, start=1):
        ws.cell(row=r, column=1, value=value)
    ws.sheet_state = "hidden"


def multi_golden(name: str) -> list[Record]:
    first = expected_records("seed001_yindu", name, "xlsx")
    second = expected_records("seed000_wolong", name, "xlsx", title=None)
    for i, record in enumerate(second):
        record["index"] = len(first) + i + 1
        record["source"]["table"] = 1
    return first + second


def build_xlsx_multi() -> None:
    name = "xlsx_multi.xlsx"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "目录"
    directory_sheet(ws, list_spec("seed001_yindu"))
    lookup_sheet(workbook.create_sheet("Sheet2"))
    attachment_sheet(workbook.create_sheet("附件1"), list_spec("seed000_wolong"))
    save_workbook(workbook, name)
    write_golden("xlsx_multi", multi_golden(name))


# ================================================================ xls_yindu.xls (xlwt)


def xls_style(bold: bool = False, centre: bool = False, size: int = 11) -> xlwt.XFStyle:
    horz = "centre" if centre else "left"
    weight = "on" if bold else "off"
    return xlwt.easyxf(
        f"font: name 宋体, bold {weight}, height {size * 20};"
        f"align: wrap on, vert centre, horiz {horz};"
        "borders: left thin, right thin, top thin, bottom thin"
    )


def xls_header(ws: xlwt.Worksheet, spec: ListSpec, top: int) -> None:
    style = xls_style(bold=True, centre=True)
    for c, (label, field) in enumerate(spec.header):
        if field == "name":
            ws.write_merge(top, top, c, c + 1, "职权", style)
            ws.write(top + 1, c, label, style)
        elif field == "category_raw":
            ws.write(top + 1, c, label, style)
        else:
            ws.write_merge(top, top + 1, c, c, label, style)
        ws.col(c).width = 256 * COLUMN_WIDTHS.get(field, 40)


def build_xls_yindu() -> None:
    stem, name = "seed001_yindu", "xls_yindu.xls"
    spec = list_spec(stem)
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    ws.write_merge(
        0, 0, 0, len(spec.header) - 1, spec.preamble[0], xls_style(bold=True, centre=True, size=16)
    )
    xls_header(ws, spec, 1)
    body, short = xls_style(), xls_style(centre=True)
    for i, record in enumerate(spec.records):
        for c, value in enumerate(spec.row(record)):
            centred = spec.header[c][1] in ("seq", "category_raw", "code", "subject")
            ws.write(3 + i, c, sheet_value(value) or "", short if centred else body)
    book.save(str(SAMPLES / name))
    write_golden("xls_yindu", expected_records(stem, name, "xls"))


# ================================================================ form_huinong.html

FORM_ITEMS = 5
FORM_SECTION = "一、行政处罚类"  # printed without the section's count: the page holds 5 of its 6 items
FORM_LABELS = [
    ("序号", "seq"),
    ("职权名称", "name"),
    ("职权类型", "category_raw"),
    ("基本编码", "code"),
    ("职权依据", "basis"),
    ("行使内容", "content"),
    ("责任事项", "responsibility"),
    ("追责情形", "accountability"),
    ("担责方式", "liability"),
    ("备注", "remark"),
]
FORM_TOP = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>惠农区医疗保障局行政权力和责任清单（表单）</title></head>
<body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 权责清单</div>
<h1>惠农区医疗保障局行政权力和责任清单</h1>
<div class="info">来源：惠农区医疗保障局　发布时间：2023-03-28</div>
"""
FORM_BOTTOM = """<div class="footer"><p>联系电话：0952-3012345</p></div>
</body>
</html>
"""


def form_table(record: Record) -> str:
    rows = []
    for label, field in FORM_LABELS:
        value = record.get(field)
        if value is None and field == "category_raw":
            value = record.get("category")
        text = "" if value is None else str(value)
        content = as_paragraphs(text) if "\n" in text else esc(text)
        rows.append(tr([f'<td width="15%" align="center"><b>{label}</b></td>', td(content)]))
    return '<table class="form" border="1" cellspacing="0" width="100%">\n' + "".join(rows) + "</table>\n"


def build_form_huinong() -> None:
    stem, name = "seed002_huinong", "form_huinong.html"
    records = list_spec(stem).records[:FORM_ITEMS]
    body = f"<h2>{FORM_SECTION}</h2>\n" + "<br>\n".join(form_table(r) for r in records)
    write_page(name, FORM_TOP + body + FORM_BOTTOM)
    golden = expected_records(stem, name, "html")[:FORM_ITEMS]
    for record in golden:
        record["section"] = FORM_SECTION
    write_golden("form_huinong", golden)


# ================================================================


# ================================================================ csv_laiyuan_gbk.csv, txt_huinong_utf16.txt


def sheet_rows(spec: ListSpec) -> list[list[str]]:
    """The list as the rows of a sheet: preamble and section rows in the first cell."""
    width = len(spec.header)
    rows = [[line] + [""] * (width - 1) for line in spec.preamble]
    rows.append([label for label, _ in spec.header])
    for section in spec.sections:
        if section.heading:
            rows.append([section.heading] + [""] * (width - 1))
        rows.extend(spec.row(record) for record in section.records)
    return rows


def excel_text(rows: list[list[str]], delimiter: str) -> str:
    """As Excel writes delimited text: a cell quoted only when it needs it, CRLF between rows,
    a cell's own line breaks as LF."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def build_csv_laiyuan() -> None:
    stem, name = "seed003_laiyuan", "csv_laiyuan_gbk.csv"
    text = excel_text(sheet_rows(list_spec(stem)), ",")
    assert '"' in text and "\n" in text.replace("\r\n", "")  # quoted multi-line cells are in it
    (SAMPLES / name).write_bytes(text.encode("gbk"))
    write_golden("csv_laiyuan_gbk", expected_records(stem, name, "csv"))


def build_txt_huinong() -> None:
    stem, name = "seed002_huinong", "txt_huinong_utf16.txt"
    text = excel_text(sheet_rows(list_spec(stem)), "\t")
    (SAMPLES / name).write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    write_golden("txt_huinong_utf16", expected_records(stem, name, "text"))


# ================================================================


def build() -> None:
    build_html_huinong()
    build_html_yumen()
    build_xlsx_laiyuan()
    build_xlsx_multi()
    build_xls_yindu()
    build_form_huinong()
    build_csv_laiyuan()
    build_txt_huinong()
