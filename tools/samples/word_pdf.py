"""Real Word lists and the PDFs LibreOffice prints from them, with their golden records.

Each sample is a seed list laid out as a government office would in Word: a
title paragraph, one bordered table whose long cells wrap inside the cells
and whose rows break across pages, merged cells where the source merged them.
The PDFs are LibreOffice's print of the .docx. Golden records come from the
seeds' hand-checked golden files (``common.expected_records``); the pages an
item spans in a PDF are found independently of our tool, from ``pdftotext
-layout`` page by page. The 附件2 sample of seed 000 (item sub-rows per 办理环节)
is hand-transcribed from the seed's text dump below, golden records included.

    cd /work/main && .venv/bin/python tools/build_samples.py word_pdf
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from .common import SAMPLES, WOLONG_HEADINGS, ListSpec, Section, expected_records, list_spec, write_golden

FONT = "Noto Sans CJK SC"
LO_PROFILE = "file:///tmp/qingdan_word_pdf_lo_profile"

# ---------------------------------------------------------------------------
# Word documents


def new_document(landscape: bool, font_pt: float) -> Document:
    """An A4 document whose Normal style is a CJK font with no paragraph spacing."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(font_pt)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(0)
    return doc


def add_title(doc: Document, text: str, size: float = 16, bold: bool = True, center: bool = True) -> None:
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def add_page_break(doc: Document) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def add_table(doc: Document, header: Sequence[str], widths_cm: Sequence[float], repeat_header: bool) -> Table:
    """A bordered, fixed-layout table with its header row (the header repeated on every page if asked)."""
    table = doc.add_table(rows=1, cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_borders(table)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        fill(cell, text, bold=True, center=True)
    if repeat_header:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table._widths_cm = list(widths_cm)  # type: ignore[attr-defined]
    return table


def set_borders(table: Table) -> None:
    """Single lines on every edge of every cell (tblBorders)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "6")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    table._tbl.tblPr.append(borders)


def fill(cell: _Cell, text: str, bold: bool = False, center: bool = False) -> None:
    """The cell's text, one Word paragraph per line the author wrote."""
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = bold


def add_row(table: Table, texts: Sequence[str]) -> int:
    """Append a row of cells; returns its index."""
    row = table.add_row()
    for cell, text in zip(row.cells, texts, strict=True):
        if text:
            fill(cell, text)
    return len(table.rows) - 1


def add_full_width_row(table: Table, text: str, bold: bool = False) -> int:
    """A row whose single cell spans every column (a section heading, an 调整情况 line)."""
    row = table.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    fill(merged, text, bold=bold)
    return len(table.rows) - 1


def merge_down(table: Table, col: int, first: int, last: int) -> None:
    """Merge one column's cells over rows first..last (vMerge); the text stays in the first."""
    if last > first:
        table.cell(first, col).merge(table.cell(last, col))


def apply_widths(table: Table) -> None:
    """Column widths on the grid and on every cell (LibreOffice reads tcW), spans summed."""
    widths = [Cm(w) for w in table._widths_cm]  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for tr in table._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(widths[col : col + span], Cm(0))
            col += span


# ---------------------------------------------------------------------------
# LibreOffice and poppler


def convert(docx: Path, fmt: str, target: Path) -> Path:
    """LibreOffice's conversion of `docx` to `fmt` (pdf, doc), saved as `target`."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={LO_PROFILE}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                tmp,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(str(Path(tmp) / f"{docx.stem}.{fmt}"), target)
    return target


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    assert match, info
    return int(match.group(1))


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines as ``pdftotext -layout -f N -l N`` prints them."""
    pages = []
    for n in range(1, page_count(pdf) + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append(text.splitlines())
    return pages


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text)


def item_pages(
    pdf: Path, items: Sequence[Sequence[str]], names: Sequence[str], header: Sequence[str]
) -> list[list[int]]:
    """The pages each item's text appears on, items in reading order.

    ``items``: each item's cell texts, the serial number first; ``names``: each
    item's name. The layout lines of the pages are walked in order with the
    current item in hand; a line belongs to it unless it starts the next item
    (opens with its serial number, or holds the first line of its name) or
    holds text only a later item has. Tokens are the pieces between spaces, 3+
    characters, header words and text of no item near by left out. An item
    spans the pages from its first line to its last.
    """
    texts = [squash("".join(cells)) for cells in items]
    seqs = [squash(cells[0]) for cells in items]
    header_text = squash("".join(header))
    seen: list[set[int]] = [set() for _ in items]
    current = 0
    for page_no, lines in enumerate(page_lines(pdf), start=1):
        for line in lines:
            window = range(current, min(current + 4, len(items)))
            tokens = [t for t in line.split() if len(t) >= 3 and t not in header_text]
            tokens = [t for t in tokens if any(t in texts[j] for j in window)]
            nxt = current + 1
            if nxt < len(items) and starts_item(
                line, tokens, seqs[nxt], squash(names[nxt]), texts[nxt], texts[current]
            ):
                current = nxt
            elif not tokens:
                continue
            elif (ahead := later_item(tokens, texts, current)) is not None:
                current = ahead
            seen[current].add(page_no)
    assert all(seen), [i for i, s in enumerate(seen) if not s]
    return [list(range(min(s), max(s) + 1)) for s in seen]


def starts_item(line: str, tokens: list[str], seq: str, name: str, text: str, current: str) -> bool:
    """Does the layout line open the item: its serial number in the first column, or its name's
    first line (not also text of the `current` item)?"""
    if any(name.startswith(t) and t not in current for t in tokens):
        return True
    words = line.split()
    if not seq or not words or len(line) - len(line.lstrip()) > 2:
        return False
    return words[0] == seq or (words[0].startswith(seq) and words[0][len(seq) :] in text)


def later_item(tokens: list[str], texts: list[str], current: int) -> int | None:
    """The later item (up to three ahead) holding most of the tokens the current item lacks."""
    foreign = [t for t in tokens if t not in texts[current]]
    scores = {j: sum(len(t) for t in foreign if t in texts[j]) for j in range(current + 1, len(texts))[:3]}
    if not scores or max(scores.values()) == 0:
        return None
    return max(scores, key=lambda j: (scores[j], -j))


# ---------------------------------------------------------------------------
# seed lists laid out as Word tables


@dataclass
class Layout:
    """How one seed list is laid out in Word."""

    widths_cm: list[float]
    landscape: bool = False
    font_pt: float = 9
    repeat_header: bool = True
    sections_as_rows: bool = False  # section headings as full-width rows inside the table
    merge_category: bool = False  # 权力类型 cells merged over runs of the same category
    after: list[str] = field(default_factory=list)  # paragraphs printed below the table


def add_list(doc: Document, spec: ListSpec, layout: Layout, headings: Sequence[str] = ()) -> Table:
    """The list's preamble as paragraphs and its records as one table.

    ``headings``: section headings to print in this order (empty sections included); default: the spec's.
    """
    for i, line in enumerate(spec.preamble):
        add_title(doc, line, size=16 if i == 0 else 11, bold=i == 0)
    table = add_table(doc, [h for h, _ in spec.header], layout.widths_cm, layout.repeat_header)
    by_heading = {s.heading: s for s in spec.sections}
    for heading in headings or [s.heading for s in spec.sections]:
        section = by_heading.get(heading, Section(heading=heading))
        if layout.sections_as_rows and heading:
            add_full_width_row(table, heading, bold=True)
        texts = [spec.row(record) for record in section.records]
        runs = category_runs(spec, texts) if layout.merge_category else []
        col = [f for _, f in spec.header].index("category_raw") if runs else 0
        for first, last in runs:  # the category's text stays in the run's first cell only
            for row in texts[first + 1 : last + 1]:
                row[col] = ""
        rows = [add_row(table, row) for row in texts]
        for first, last in runs:
            merge_down(table, col, rows[first], rows[last])
    apply_widths(table)
    for line in layout.after:
        add_title(doc, line, size=10, bold=False, center=False)
    return table


def category_runs(spec: ListSpec, texts: list[list[str]]) -> list[tuple[int, int]]:
    """(first, last) positions of each run of consecutive rows printing the same category."""
    col = [f for _, f in spec.header].index("category_raw")
    runs: list[tuple[int, int]] = []
    for i, row in enumerate(texts):
        if runs and texts[runs[-1][0]][col] == row[col]:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def item_cells(spec: ListSpec) -> list[list[str]]:
    return [spec.row(record) for record in spec.records]


@dataclass
class SeedSample:
    """One seed list built as word_<name>.docx and printed as pdf_<name>.pdf."""

    seed: str
    name: str
    layout: Layout
    pdf: bool = True
    docx: bool = True


SEED_SAMPLES = [
    SeedSample(
        "seed001_yindu",
        "yindu",
        Layout(widths_cm=[0.9, 2.4, 1.4, 2.0, 1.8, 3.0, 3.4, 2.5], font_pt=9),
    ),
    SeedSample(
        "seed003_laiyuan",
        "laiyuan_merged",
        Layout(
            widths_cm=[1.0, 1.6, 3.2, 2.2, 7.0, 5.5, 4.6, 1.0],
            landscape=True,
            repeat_header=False,
            merge_category=True,
        ),
    ),
    SeedSample(
        "seed002_huinong",
        "huinong_sections",
        Layout(
            widths_cm=[0.9, 2.2, 1.6, 6.6, 1.8, 4.2, 3.4, 4.6, 0.8],
            landscape=True,
            sections_as_rows=True,
        ),
    ),
    SeedSample(
        "seed004_yumen",
        "yumen_landscape",
        Layout(
            widths_cm=[0.7, 1.8, 1.0, 1.0, 1.0, 1.0, 1.3, 1.4, 6.5, 3.7, 2.0, 1.4, 2.7, 0.6],
            landscape=True,
            font_pt=8,
            after=[
                "",
                "监督电话：0937-3221156    投诉电话：0937-3221190",
                "玉门市医疗保障局    2023年6月",
            ],
        ),
    ),
]


def build_seed_sample(sample: SeedSample) -> None:
    spec = list_spec(sample.seed)
    doc = new_document(sample.layout.landscape, sample.layout.font_pt)
    add_list(doc, spec, sample.layout)
    docx = SAMPLES / f"word_{sample.name}.docx"
    doc.save(str(docx))
    write_golden(docx.stem, expected_records(sample.seed, docx.name, "docx"))
    pdf = convert(docx, "pdf", SAMPLES / f"pdf_{sample.name}.pdf")
    pages: list[list[int] | None] = list(
        item_pages(pdf, item_cells(spec), [r["name"] for r in spec.records], [h for h, _ in spec.header])
    )
    write_golden(pdf.stem, expected_records(sample.seed, pdf.name, "pdf", pages=pages))


# ---------------------------------------------------------------------------
# seed 000, 附件2: items with one sub-row per 办理环节, hand-transcribed from
# /work/shared/seeds/000_517c3bd6e577c54a.txt (lines 53–640). Lines the PDF
# wrapped to its cell width are joined; "\n" marks a break the author made.

ANNEX2_HEADER = ["序号", "项目名称", "实施依据", "职权类别", "办理环节", "责任事项", "追责情形", "责任股室"]
ANNEX2_WIDTHS = [0.8, 2.6, 7.0, 1.2, 1.2, 7.0, 5.0, 1.3]


@dataclass
class Annex2Item:
    seq: str
    name: str
    basis: str
    category: str
    steps: list[tuple[str, str]]  # (办理环节, 责任事项)
    accountability: str
    undertaker: str
    adjusted: str  # 调整情况
    reason: str  # 调整原因


_ART87 = (
    "第八十七条：“社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构以欺诈、"
    "伪造证明材料或者其他手段骗取社会保险基金支出的，由社会保险行政部门责令退回骗取的社会保险金，"
    "处骗取金额二倍以上五倍以下的罚款；属于社会保险服务机构的，解除服务协议；"
    "直接负责的主管人员和其他直接责任人员有执业资格的，依法吊销其执业资格。”"
)
_ART88 = (
    "第八十八条：“以欺诈、伪造证明材料或者其他手段骗取社会保险待遇的，由社会保险行政部门责令退回"
    "骗取的社会保险金，处骗取金额二倍以上五倍以下的罚款。”"
)
_REG28 = (
    "《社会保险费征缴暂行条例》（国务院令第 259号）第二十八条：“任何单位、个人挪用社会保险基金的，"
    "追回被挪用的社会保险基金；有违法所得的，没收违法所得，并入社会保险基金；构成犯罪的，"
    "依法追究刑事责任；尚不构成犯罪的，对直接负责的主管人员和其他直接责任人员依法给予行政处分。”"
)
_ACCOUNT_HEAD = (
    "不履行或不正确履行行政职责，有下列情形的，行政机关及相关人员应承担相应责任：\n"
    "1.收受贿赂或者取得其他非法收入；\n"
    "2.泄露、篡改、毁损、非法向他人提供个人信息、商业秘密；\n"
)
_ACCOUNT_PENALTY = (
    _ACCOUNT_HEAD + "3.滥用职权、玩忽职守、徇私舞弊；\n"
    "4.没有法律和事实依据实施行政处罚的；擅自改变行政处罚种类、幅度的；违反法定的行政处罚程序的；"
    "符合听证条件、行政管理相人要求听证，应予组织听证而不组织听证的{end}\n"
    "5.其他违反法律法规的规章的行为。"
)
_REASON = "南阳市医疗保障局关于印发《县级医疗保障机构权责清单通用目录》的通知（宛医保办〔2023〕82号）"


def _penalty_steps(inspect: str, hearing_right: str) -> list[tuple[str, str]]:
    return [
        (
            "立案",
            "1.立案责任：对检查中发现、接到举报投诉用人单位和个人存在医疗保障违法行为的案件予以审查，"
            "决定是否立案。承诺时限 15个工作日，特殊情况下可以延长 15个工作日。",
        ),
        (
            "调查",
            "2.调查责任：对立案的案件，案件承办人员及时、全面、客观、公正地调查收集与案件有关的证据，"
            f"查明事实，必要时可进入{inspect}检查，要求提供相关文件资料。与当事人有直接利害关系的应当回避；"
            "执法人员不得少于两人；调查取证时应出示执法证件；制作调查笔录。",
        ),
        (
            "告知",
            "3.告知责任：在作出行政处罚决定前，制作行政处罚告知书，告知当事人拟作出处罚决定的事实、理由、"
            f"依据、处罚内容，以及当事人享有的{hearing_right}、申辩权和听证权。",
        ),
        (
            "审查",
            "4.审查责任：对案件违法事实、证据、调查取证程序、法律适用、处罚种类和幅度、"
            "当事人陈述和申辩理由等方面进行审查，提出处理意见。",
        ),
        (
            "决定",
            "5.决定责任：依法需要给予行政处罚的，应制作《行政处罚决定书》，载明违法事实和证据、"
            "处罚依据和内容、申请行政复议或提起行政诉讼的途径和期限等内容。",
        ),
        (
            "送达",
            "6.送达责任：行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，"
            "行政机构应在 7日内依照民事诉讼法的有关规定，将行政处罚决定书送达当事人。",
        ),
        (
            "执行",
            "7.执行责任：监督当事人在决定的期限内（15日内）履行生效的行政处罚决定。"
            "当事人在法定期限内没有申请行政复议或提起行政诉讼、又拒不履行的，可申请人民法院强制执行。\n"
            "8.其他法律法规规章文件规定应履行的责任。",
        ),
    ]


ANNEX2_ITEMS = [
    Annex2Item(
        seq="1",
        name="“对医疗机构、药品经营单位等社会保险服务机构以欺诈、伪造证明材料或者其他手段骗取社会保险基金"
        "支出的处罚”修改为“骗取医疗保障基金行为的处罚”",
        basis=f"《中华人民共和国社会保险法》{_ART87}{_ART88}{_REG28}{_ART88}\n新增依据：{_REG28}{_ART88}",
        category="行政处罚",
        steps=_penalty_steps("场所", "陈述权"),
        accountability=_ACCOUNT_PENALTY.format(end="。"),
        undertaker="基金监管股",
        adjusted="修改名称，新增依据",
        reason=_REASON,
    ),
    Annex2Item(
        seq="2",
        name="用人单位不办理社会保险（医疗保障）登记行为的处罚",
        basis="《中华人民共和国社会保险法》第八十四条：“用人单位不办理社会保险登记的，由社会保险行政部门"
        "责令限期改正；逾期不改正的，对用人单位处应缴社会保险费数额一倍以上三倍以下的罚款，"
        "对其直接负责的主管人员和其他直接责任人员处五百元以上三千元以下的罚款。”",
        category="行政处罚",
        steps=_penalty_steps("劳动场所", "陈诉权"),
        accountability=_ACCOUNT_PENALTY.format(end="；"),
        undertaker="基金监管股",
        adjusted="新增",
        reason=_REASON,
    ),
    Annex2Item(
        seq="3",
        name="封存与社会保险（医疗保障）基金收支、管理和投资运营相关的资料",
        basis="《中华人民共和国社会保险法》第七十九条第二款：“社会保险行政部门对社会保险基金实施监督检查，"
        "有权采取下列措施：（一）查阅、记录、复制与社会保险基金收支、管理和投资运营相关的资料，"
        "对可能被转移、隐匿或者灭失的资料予以封存；（二）询问与调查事项有关的单位和个人，"
        "要求其对与调查事项有关的问题作出说明、提供有关证明材料；"
        "（三）对隐匿、转移、侵占、挪用社会保险基金的行为予以制止并责令改正。”",
        category="行政强制",
        steps=[
            (
                "决定",
                "1.决定责任：实施前必须向行政机关负责人报告并经批准，作出行政强制措施决定。情况紧急，"
                "需要当场实施行政强制措施的，行政执法人员应当在 24小时内向行政机关负责人报告，"
                "并补办批准手续。行政机关负责人认为不应当采取行政强制措施的，应当立即解除。",
            ),
            (
                "执行",
                "2.执行责任：由两名以上行政执法人员出示执法身份证件；通知当事人到场；"
                "当场告知当事人采取行政强制措施的理由、依据以及当事人依法享有的权利、救济途径；"
                "听取当事人的陈述和申辩；制作现场笔录；现场笔录由当事人和行政执法人员签名或者盖章，"
                "当事人拒绝的，在笔录中予以注明；当事人不到场的，邀请见证人到场，"
                "由见证人和行政执法人员在现场笔录上签名或者盖章。制作并当场送达查封、扣押决定书和清单。",
            ),
            (
                "处理",
                "3.处理责任：行政机关采取行政强制措施后，应当及时查清事实，经行政机关负责人批准"
                "在法定期限内作出处理决定。违法行为涉嫌犯罪应当移送司法机关的，依法移送。",
            ),
            (
                "事后监管",
                "4.事后监管责任：依法依规开展后续监督管理。\n5.其他法律法规规章文件规定应履行的责任。",
            ),
        ],
        accountability=_ACCOUNT_HEAD + "3.滥用职权、玩忽职守、徇私舞弊；4.其他违反法律法规的规章的行为。",
        undertaker="基金监管股",
        adjusted="新增",
        reason=_REASON,
    ),
]

# columns merged over an item's sub-rows, by header position
_ANNEX2_MERGED = {0: "seq", 1: "name", 2: "basis", 3: "category", 6: "accountability", 7: "undertaker"}


def add_annex2_item(table: Table, item: Annex2Item) -> None:
    """One item: a row per 办理环节 (the item's other cells merged down), then 调整情况 and 调整原因 rows."""
    rows = []
    for n, (step, duty) in enumerate(item.steps):
        merged = [getattr(item, _ANNEX2_MERGED[c]) if n == 0 else "" for c in (0, 1, 2, 3)]
        tail = [item.accountability, item.undertaker] if n == 0 else ["", ""]
        rows.append(add_row(table, [*merged, step, duty, *tail]))
    for col in _ANNEX2_MERGED:
        merge_down(table, col, rows[0], rows[-1])
    add_full_width_row(table, f"调整情况：{item.adjusted}")
    add_full_width_row(table, f"调整原因：{item.reason}")


def annex2_cells(item: Annex2Item) -> list[str]:
    """All the item's texts, in the order the table prints them."""
    steps = [t for pair in item.steps for t in pair]
    return [item.seq, item.name, item.basis, item.category, *steps, item.accountability, item.undertaker]


def annex2_record(
    index: int, item: Annex2Item, file: str, fmt: str, pages: list[int] | None
) -> dict[str, Any]:
    """The golden record of one 附件2 item, written by hand from the transcription (record.md)."""
    empty = dict.fromkeys(
        [
            "sub_name",
            "code",
            "sub_code",
            "subject",
            "content",
            "responsibility_basis",
            "accountability_scope",
            "accountability_basis",
            "liability",
            "level",
            "remark",
        ]
    )
    return {
        "index": index,
        "seq": item.seq,
        "name": item.name,
        **empty,
        "category": item.category,
        "category_raw": item.category,
        "undertaker": item.undertaker,
        "basis": item.basis,
        "responsibility": "\n".join(duty for _, duty in item.steps),
        "accountability": item.accountability,
        "extra": {
            "办理环节": "\n".join(step for step, _ in item.steps),
            "调整情况": item.adjusted,
            "调整原因": item.reason,
        },
        "section": None,
        "source": {"file": file, "format": fmt, "title": None, "table": 0, "pages": pages},
        "warnings": [],
    }


def build_wolong_annex2() -> None:
    doc = new_document(landscape=True, font_pt=9)
    add_title(doc, "附件2", size=14, bold=True, center=False)
    table = add_table(doc, ANNEX2_HEADER, ANNEX2_WIDTHS, repeat_header=True)
    for item in ANNEX2_ITEMS:
        add_annex2_item(table, item)
    apply_widths(table)
    docx = SAMPLES / "word_wolong_annex2.docx"
    doc.save(str(docx))
    write_golden(
        docx.stem, [annex2_record(i, it, docx.name, "docx", None) for i, it in enumerate(ANNEX2_ITEMS, 1)]
    )
    pdf = convert(docx, "pdf", SAMPLES / "pdf_wolong_annex2.pdf")
    pages = item_pages(
        pdf, [annex2_cells(it) for it in ANNEX2_ITEMS], [it.name for it in ANNEX2_ITEMS], ANNEX2_HEADER
    )
    records = [
        annex2_record(i, it, pdf.name, "pdf", p)
        for i, (it, p) in enumerate(zip(ANNEX2_ITEMS, pages, strict=True), 1)
    ]
    write_golden(pdf.stem, records)


# ---------------------------------------------------------------------------
# two lists in one Word file; the legacy .doc copy


def build_multi() -> None:
    """附件1: seed 000's directory (its section headings as rows, empty ones too);
    a page break; 附件2: seed 004's list."""
    doc = new_document(landscape=True, font_pt=8)
    add_list(
        doc, list_spec("seed000_wolong"), Layout([1.5, 18.6, 6.0], sections_as_rows=True), WOLONG_HEADINGS
    )
    add_page_break(doc)
    add_title(doc, "附件2", size=14, bold=True, center=False)
    yumen = next(s for s in SEED_SAMPLES if s.seed == "seed004_yumen")
    add_list(doc, list_spec("seed004_yumen"), Layout(yumen.layout.widths_cm))
    docx = SAMPLES / "word_multi.docx"
    doc.save(str(docx))
    first = expected_records("seed000_wolong", docx.name, "docx")
    second = expected_records("seed004_yumen", docx.name, "docx")
    for n, record in enumerate(second, start=len(first) + 1):
        record["index"] = n
        record["source"]["table"] = 1
    write_golden(docx.stem, first + second)


def build_legacy_doc() -> None:
    """word_yindu.docx saved as Word 97 by LibreOffice, by way of .odt: LibreOffice 7.4 drops
    python-docx's tables when it writes .doc straight from .docx."""
    with tempfile.TemporaryDirectory() as tmp:
        odt = convert(SAMPLES / "word_yindu.docx", "odt", Path(tmp) / "word_yindu_legacy.odt")
        doc = convert(odt, "doc", SAMPLES / "word_yindu_legacy.doc")
        check = convert(doc, "docx", Path(tmp) / "check.docx")
        assert len(new_docx(str(check)).tables) == 1, "the .doc lost its table"
    write_golden(doc.stem, expected_records("seed001_yindu", doc.name, "doc"))


def build_rotated_pdf() -> None:
    """pdf_yumen_landscape.pdf as many print drivers write a landscape page: a portrait page
    whose content is drawn turned a quarter, shown upright by /Rotate 90. Same text: its
    golden records are the seed's, with pages found by pdftotext as for the others."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    source = SAMPLES / "pdf_yumen_landscape.pdf"
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        portrait = PageObject.create_blank_page(width=height, height=width)
        portrait.merge_transformed_page(page, Transformation().rotate(90).translate(height, 0))
        portrait.rotate(90)
        writer.add_page(portrait)
    target = SAMPLES / "pdf_yumen_rotated.pdf"
    with target.open("wb") as fh:
        writer.write(fh)
    spec = list_spec("seed004_yumen")
    pages: list[list[int] | None] = list(
        item_pages(target, item_cells(spec), [r["name"] for r in spec.records], [h for h, _ in spec.header])
    )
    write_golden(target.stem, expected_records("seed004_yumen", target.name, "pdf", pages=pages))


def build_unruled_pdf(word: str, seed: str, name: str) -> None:
    """A Word list with every border removed, printed to PDF: a table without rules, whose
    columns the reader must find from the text's alignment."""
    document = new_docx(str(SAMPLES / f"{word}.docx"))
    for element in document.element.body.iter(qn("w:tblBorders"), qn("w:tcBorders")):
        for border in element:
            border.set(qn("w:val"), "nil")
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / f"{name}.docx"
        document.save(str(docx))
        pdf = convert(docx, "pdf", SAMPLES / f"{name}.pdf")
    spec = list_spec(seed)
    pages: list[list[int] | None] = list(
        item_pages(pdf, item_cells(spec), [r["name"] for r in spec.records], [h for h, _ in spec.header])
    )
    write_golden(pdf.stem, expected_records(seed, pdf.name, "pdf", pages=pages))


def build() -> None:
    for sample in SEED_SAMPLES:
        build_seed_sample(sample)
    build_wolong_annex2()
    build_multi()
    build_legacy_doc()
    build_rotated_pdf()
    build_unruled_pdf("word_yindu", "seed001_yindu", "pdf_yindu_unruled")
    build_unruled_pdf("word_huinong_sections", "seed002_huinong", "pdf_huinong_unruled")
    build_unruled_pdf("word_yumen_landscape", "seed004_yumen", "pdf_yumen_unruled")
