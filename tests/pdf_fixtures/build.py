"""Build the PDF fixtures the PDF reader's tests use.

The PDFs are committed next to this script, so tests never need LibreOffice.
Rebuild them with ``.venv/bin/python tests/pdf_fixtures/build.py`` (needs
``soffice`` on PATH, python-docx, Pillow and pypdf).

Fixtures:
- ``ruled.pdf``: a Word table printed by LibreOffice: portrait 附件 1 with
  full-width section rows and a vertically merged category column, then a
  landscape 附件 2 with a two-row header (职权名称 over 项目/子项) repeated on
  every page, items with 办理环节 sub-rows, a 调整情况 row per item and one
  item whose row breaks across a page.
- ``hidden_rules.pdf``: ``ruled.pdf`` page 1 with invisible traps drawn over
  the table (a white filled bar and a white stroked line through a cell, a
  path that is never painted, a doubled border 1pt off, a black line
  striking through a row's text from border to border).
- ``plain.pdf``: a table without any ruling lines (text aligned in columns).
- ``no_table.pdf``: paragraphs only.
- ``no_text.pdf``: one page with only an image (a "scan").
- ``encrypted.pdf``: ``no_table.pdf`` encrypted with a user password.
- ``truncated.pdf``: the first half of ``ruled.pdf``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject

HERE = Path(__file__).resolve().parent
FONT = "Noto Serif CJK SC"

BASIS_SHORT = (
    "《中华人民共和国社会保险法》第八十七条、《社会保险费征缴暂行条例》（国务院令第259号）第二十八条"
)
BASIS_LONG = (
    "《中华人民共和国社会保险法》第八十七条：“社会保险经办机构以及医疗机构、药品经营单位等社会保险服务机构"
    "以欺诈、伪造证明材料或者其他手段骗取社会保险基金支出的，由社会保险行政部门责令退回骗取的社会保险金，"
    "处骗取金额二倍以上五倍以下的罚款。”执行标准 GB 18484-2020 与 DB37/2376-2019。"
)


def set_font(doc: DocxDocument) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def repeat_as_header(table: DocxTable, n_rows: int) -> None:
    for row in table.rows[:n_rows]:
        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trpr.append(el)


def set_widths(table: DocxTable, widths_cm: list[float]) -> None:
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(w)


def fill(table: DocxTable, r: int, c: int, text: str) -> None:
    table.cell(r, c).text = text


def add_annex1(doc: DocxDocument) -> None:
    doc.add_heading("测试县医疗保障局权责清单", level=1)
    doc.add_paragraph("附件 1")
    doc.add_paragraph("（共 5项）")
    rows = [
        ("序号", "职权名称", "职权类别", "备注"),
        ("一、行政许可（共2项）", None, None, None),
        ("1", "定点医药机构资格审核", "行政许可", ""),
        ("2", "医疗保险异地就医备案", "行政许可", "已下放"),
        ("二、行政处罚（共3项）", None, None, None),
        ("1", "骗取医疗保障基金行为的处罚", "行政处罚", ""),
        ("2", "用人单位不办理社会保险（医疗保障）登记行为的处罚", "", "GB 18484-2020"),
        ("3", "违反定点协议的处罚", "", ""),
    ]
    table = doc.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is not None:
                fill(table, r, c, value)
    for r, values in enumerate(rows):
        if values[1] is None:
            table.cell(r, 0).merge(table.cell(r, 3))
    # the category of the three 行政处罚 items is one merged cell
    table.cell(5, 2).merge(table.cell(7, 2))
    set_widths(table, [1.5, 8.0, 3.0, 3.5])
    doc.add_paragraph("联系电话：0951-1234567")


def add_annex2(doc: DocxDocument) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_paragraph("附件 2")
    header1 = ["序号", "职权名称", None, "实施依据", "职权类别", "办理环节", "责任事项", "追责情形"]
    header2 = [None, "项目", "子项", None, None, None, None, None]
    stages = [("立案", "1.立案责任：对检查中发现的违法行为予以审查，决定是否立案。"),
              ("调查", "2.调查责任：全面、客观、公正地调查收集证据。"),
              ("决定", "3.决定责任：依法作出处罚决定并送达。")]  # fmt: skip
    items = [
        ("1", "骗取医疗保障基金行为的处罚", "", BASIS_SHORT),
        ("2", "用人单位未按规定办理登记的处罚", "对单位的处罚", BASIS_LONG * 4),
        ("3", "医疗保障基金使用监督检查", "", BASIS_SHORT),
    ]
    n_cols = len(header1)
    n_rows = 2 + len(items) * (len(stages) + 1)
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    for c in range(n_cols):
        if header1[c] is not None:
            fill(table, 0, c, header1[c] or "")
        if header2[c] is not None:
            fill(table, 1, c, header2[c] or "")
    r = 2
    for seq, name, sub, basis in items:
        first = r
        for stage, duty in stages:
            fill(table, r, 5, stage)
            fill(table, r, 6, duty)
            r += 1
        last = r - 1
        for c, text in ((0, seq), (1, name), (2, sub), (3, basis), (4, "行政处罚")):
            fill(table, first, c, text)
            table.cell(first, c).merge(table.cell(last, c))
        fill(table, first, 7, "1.滥用职权、玩忽职守的；\n2.其他违反法律法规的行为。")
        table.cell(first, 7).merge(table.cell(last, 7))
        fill(table, r, 0, "调整情况")
        fill(table, r, 1, "无调整")
        table.cell(r, 1).merge(table.cell(r, 4))
        fill(table, r, 5, "调整原因")
        fill(table, r, 6, "—")
        table.cell(r, 6).merge(table.cell(r, 7))
        r += 1
    # the two header cells that span both header rows, and 职权名称 over 项目/子项
    for c in (0, 3, 4, 5, 6, 7):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 1).merge(table.cell(0, 2))
    repeat_as_header(table, 2)
    set_widths(table, [1.2, 3.5, 2.5, 8.0, 1.6, 1.6, 5.0, 3.5])
    doc.add_paragraph("本清单自发布之日起施行。")


def build_ruled(docx_path: Path) -> None:
    doc = DocxDocument()
    set_font(doc)
    add_annex1(doc)
    add_annex2(doc)
    doc.save(str(docx_path))


def build_plain(docx_path: Path) -> None:
    doc = DocxDocument()
    set_font(doc)
    doc.add_heading("测试乡人民政府权责清单", level=1)
    rows = [
        ("序号", "职权名称", "职权类别", "实施依据"),
        ("1", "农村村民宅基地审批", "行政许可", "《土地管理法》第六十二条，村民住宅用地由乡级政府审核。"),
        ("2", "临时救助", "行政给付", "《社会救助暂行办法》第四十七条"),
        ("3", "乡村建设规划许可", "行政许可", "《中华人民共和国城乡规划法》第四十一条"),
        ("4", "对违反森林防火规定的处罚", "行政处罚", "《森林防火条例》第四十八条，野外用火的处罚。"),
    ]  # fmt: skip
    table = doc.add_table(rows=len(rows), cols=4)  # no style: no borders
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            fill(table, r, c, value)
    set_widths(table, [1.5, 5.0, 2.5, 7.5])
    doc.add_paragraph("联系电话：0951-7654321")
    doc.save(str(docx_path))


def build_no_table(docx_path: Path) -> None:
    doc = DocxDocument()
    set_font(doc)
    doc.add_heading("关于公布权责清单的通知", level=1)
    doc.add_paragraph("各乡镇人民政府、县直各部门：")
    doc.add_paragraph("现将本局权责清单予以公布，请遵照执行。")
    doc.save(str(docx_path))


def build_no_text(docx_path: Path) -> None:
    image = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(image)
    for y in range(50, 600, 60):
        draw.line([(40, y), (760, y)], fill="black", width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    doc = DocxDocument()
    doc.add_picture(buffer, width=Cm(15))
    doc.save(str(docx_path))


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
        check=True,
        capture_output=True,
    )
    return out_dir / (docx_path.stem + ".pdf")


def add_hidden_rules(src: Path, dest: Path) -> None:
    """Draw invisible traps over page 1's table, between its text lines."""
    import pdfplumber

    with pdfplumber.open(src) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        table = page.find_tables()[0]
        x0, _top, x1, _ = table.bbox
        row = table.rows[3].bbox  # the row of item 2 of 一、行政许可
        mid = (row[1] + row[3]) / 2
        second_border = table.rows[5].bbox[1] + 1.0
        item1 = table.rows[2].bbox
        first_char = next(c for c in page.chars if c["text"] == "定" and item1[1] < c["top"] < item1[3])
        struck = (first_char["top"] + first_char["bottom"]) / 2
    y = height - mid  # PDF user space counts from the bottom
    y2 = height - second_border
    y3 = height - struck
    traps = (
        f"q 1 1 1 rg {x0:.2f} {y - 0.4:.2f} {x1 - x0:.2f} 0.8 re f Q\n"  # white filled bar
        f"q 1 1 1 RG 0.5 w {x0:.2f} {y + 3:.2f} m {x1:.2f} {y + 3:.2f} l S Q\n"  # white stroked line
        f"q 0 0 0 RG {x0:.2f} {y - 3:.2f} {x1 - x0:.2f} 0.5 re n Q\n"  # a path never painted
        f"q 0 0 0 RG 0.5 w {x0:.2f} {y2:.2f} m {x1:.2f} {y2:.2f} l S Q\n"  # a doubled border 1pt off
        f"q 1 1 1 rg {x1 - 60:.2f} {y - 40:.2f} 0.6 80 re f Q\n"  # white vertical bar through cells
        f"q 0 0 0 RG 0.5 w {x0:.2f} {y3:.2f} m {x1:.2f} {y3:.2f} l S Q\n"  # a strike-through line
    )
    reader = PdfReader(str(src))
    writer = PdfWriter()
    writer.append(reader, pages=[0])
    page0 = writer.pages[0]
    content = ContentStream(page0.get_contents(), writer)
    data = content.get_data() + b"\n" + traps.encode("ascii")
    stream = ContentStream(None, writer)
    stream.set_data(data)
    page0[NameObject("/Contents")] = writer._add_object(stream)
    with dest.open("wb") as fh:
        writer.write(fh)


def encrypt(src: Path, dest: Path) -> None:
    writer = PdfWriter(clone_from=str(src))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    with dest.open("wb") as fh:
        writer.write(fh)


def main() -> None:
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: install LibreOffice to rebuild the fixtures")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, build in (
            ("ruled", build_ruled),
            ("plain", build_plain),
            ("no_table", build_no_table),
            ("no_text", build_no_text),
        ):
            docx_path = work / f"{name}.docx"
            build(docx_path)
            shutil.copy(to_pdf(docx_path, work), HERE / f"{name}.pdf")
    add_hidden_rules(HERE / "ruled.pdf", HERE / "hidden_rules.pdf")
    encrypt(HERE / "no_table.pdf", HERE / "encrypted.pdf")
    data = (HERE / "ruled.pdf").read_bytes()
    (HERE / "truncated.pdf").write_bytes(data[: len(data) // 2])
    for pdf in sorted(HERE.glob("*.pdf")):
        print(pdf.name, pdf.stat().st_size)


if __name__ == "__main__":
    main()
