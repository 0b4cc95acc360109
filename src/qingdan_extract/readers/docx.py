"""Word reader: .docx directly, .doc and .wps through a LibreOffice conversion.

The body is read from its XML in document order: every ``w:p`` outside a table
becomes a TextLine, every ``w:tbl`` a Table. Merged cells are taken from the
table XML (``w:gridSpan``, ``w:vMerge``, legacy ``w:hMerge``), never from equal
text: python-docx's ``row.cells`` repeats a merged cell at every grid position
it covers (python-docx issue #344), and two neighbouring cells may well hold
the same words.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from .. import limits
from ..errors import InputError
from ..ir import Block, Cell, Document, Row, Table, TextLine
from . import doc_binary
from . import html as html_reader
from .html_text import clean_line
from .sniff import OLE_MAGIC, check_zip

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ENCRYPTED_OOXML_MARK = "EncryptedPackage".encode("utf-16-le")
CONVERSION_TIMEOUT_S = 180
TITLE_MAX_CHARS = 80  # a bold or centred paragraph longer than this is body text, not a title


def _parse_huge_text() -> None:
    """python-docx parses with libxml2's default limits, under which a paragraph of more than
    10 MB of text fails the whole file ("Text node too long"). Its parser is a module global
    read at each parse: use one that is the same but for ``huge_tree`` (the size of what is
    read is bounded by the zip checks instead)."""
    try:
        from docx.oxml import parser as oxml

        huge = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True)
        huge.set_element_class_lookup(oxml.element_class_lookup)
        oxml.oxml_parser = huge
    except (ImportError, AttributeError):  # another python-docx: its own limits stand
        pass


_parse_huge_text()


LIST_MIN_COLUMNS = 3  # a list has at least a serial, a name and one more column


def w(local: str) -> str:
    return f"{{{W_NS}}}{local}"


# Where a run's text lives but is not part of the paragraph as printed.
SKIPPED_CONTAINERS = frozenset(
    {w("txbxContent"), w("del"), w("moveFrom"), f"{{{MC_NS}}}Fallback", w("pPr"), w("rPr")}
)
TEXT_TAGS = frozenset({w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("softHyphen")})
FALSE_VALUES = frozenset({"0", "false", "off", "none"})


def read(path: Path) -> Document:
    with path.open("rb") as f:
        head = f.read(1 << 20)
    suffix_format = path.suffix.lower().lstrip(".") or "docx"
    if html_reader.looks_like_html(head):  # a web page saved under a Word name: common for .doc
        document = html_reader.read(path)
        document.format = suffix_format
        return document
    if _is_docx_zip(head, path):
        return Document(path=path, format="docx", blocks=_read_docx_blocks(path, path))
    with _converted_to_docx(path) as docx_path:
        blocks = _read_docx_blocks(docx_path, path)
    converted_format = "doc" if suffix_format == "docx" else suffix_format
    if not any(isinstance(b, Table) for b in blocks):  # LibreOffice may flatten a Word 97 table
        recovered = doc_binary.read_lost_tables(path, converted_format)
        if recovered is not None:
            return recovered
    return Document(path=path, format=converted_format, blocks=blocks)


def _is_docx_zip(head: bytes, path: Path) -> bool:
    """True for a zip; False for what LibreOffice must convert (Word 97-2003 and
    WPS compound files, RTF, Word's single-file web page, an old .doc renamed to
    .docx); InputError for anything else."""
    if head.startswith(OLE_MAGIC) and ENCRYPTED_OOXML_MARK in head:
        raise InputError(path, "the Word file is password-protected; save an unprotected copy")
    if head.startswith(b"PK"):
        return True
    if head.startswith((OLE_MAGIC, b"{\\rtf")) or head[:2048].lstrip().lower().startswith(b"mime-version:"):
        return False
    if path.suffix.lower() == ".docx":
        raise InputError(path, "not a valid .docx file (not a zip archive)")
    raise InputError(path, f"not a Word file (the content of this {path.suffix.lower()} is not recognised)")


# ---------------------------------------------------------------- conversion


@contextmanager
def _converted_to_docx(path: Path) -> Iterator[Path]:
    """The file converted to .docx by LibreOffice, in a temporary directory removed afterwards."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            path,
            f"reading {'.wps' if path.suffix.lower() == '.wps' else '.doc'} needs LibreOffice:"
            " apt-get install libreoffice-writer"
            " (or convert it to .docx)",
        )
    with tempfile.TemporaryDirectory(prefix="qingdan-doc-") as tmp:
        yield _convert(soffice, path, Path(tmp))


def _convert(soffice: str, path: Path, tmp: Path) -> Path:
    # A private profile lets conversions run while another LibreOffice is open.
    profile = (tmp / "profile").as_uri()
    outdir = tmp / "out"
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(outdir),
        str(path.resolve()),
    ]
    stderr = _run_with_timeout(command, path)
    converted = sorted(outdir.glob("*.docx")) if outdir.is_dir() else []
    if not converted:
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no output"
        raise InputError(path, f"LibreOffice could not convert it to .docx ({detail})")
    return converted[0]


def _run_with_timeout(command: list[str], path: Path) -> str:
    """Run LibreOffice in its own process group so a hung conversion can be killed whole."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=CONVERSION_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise InputError(path, f"LibreOffice did not convert it within {CONVERSION_TIMEOUT_S}s") from None
    return stderr.decode("utf-8", "replace")


# ---------------------------------------------------------------- opening


def _read_docx_blocks(docx_path: Path, shown_path: Path) -> list[Block]:
    body, styles = _open_body(docx_path, shown_path)
    try:
        return list(_body_blocks(body, styles))
    except InputError as exc:  # a limit, raised without the file's name
        raise InputError(shown_path, exc.message) from None


def _open_body(docx_path: Path, shown_path: Path) -> tuple[etree._Element, StyleSheet]:
    if not zipfile.is_zipfile(docx_path):
        raise InputError(shown_path, "not a valid .docx file (not a zip archive, or a truncated one)")
    check_zip(docx_path, shown_path)
    try:
        with zipfile.ZipFile(docx_path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise InputError(shown_path, "not a valid .docx file (no word/document.xml in the archive)")
        document = docx.Document(str(docx_path))
    except InputError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        KeyError,
        ValueError,
        PackageNotFoundError,
        etree.XMLSyntaxError,
    ) as exc:
        raise InputError(shown_path, f"not a valid .docx file ({_first_line(exc)})") from exc
    body: etree._Element = document.element.body
    return body, StyleSheet.from_document(document)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# ---------------------------------------------------------------- styles


@dataclass
class ParagraphLook:
    heading: bool = False
    bold: bool | None = None
    centred: bool | None = None


class StyleSheet:
    """The bits of styles.xml that say whether a paragraph is a heading, bold or centred."""

    def __init__(self, styles: dict[str, etree._Element]) -> None:
        self._styles = styles
        self._cache: dict[str, ParagraphLook] = {}

    @classmethod
    def from_document(cls, document: WordDocument) -> StyleSheet:
        try:
            root = document.styles.element
        except (KeyError, ValueError):  # no styles part
            return cls({})
        styles = {s.get(w("styleId"), ""): s for s in root.iterchildren(w("style"))}
        return cls(styles)

    def look(self, style_id: str | None) -> ParagraphLook:
        if not style_id:
            style_id = self._default_paragraph_style()
        if style_id is None:
            return ParagraphLook()
        if style_id not in self._cache:
            self._cache[style_id] = ParagraphLook()  # guards against basedOn cycles
            self._cache[style_id] = self._resolve(style_id)
        return self._cache[style_id]

    def _default_paragraph_style(self) -> str | None:
        for style_id, style in self._styles.items():
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                return style_id
        return None

    def _resolve(self, style_id: str) -> ParagraphLook:
        style = self._styles.get(style_id)
        if style is None:
            return ParagraphLook()
        based_on = style.find(w("basedOn"))
        parent = self.look(based_on.get(w("val"))) if based_on is not None else ParagraphLook()
        name_el = style.find(w("name"))
        name = (name_el.get(w("val"), "") if name_el is not None else "").lower()
        is_heading_name = name.startswith(("heading", "title", "标题"))
        ppr = style.find(w("pPr"))
        return ParagraphLook(
            heading=is_heading_name or _has_outline_level(ppr) or parent.heading,
            bold=_flag(style.find(f"{w('rPr')}/{w('b')}"), parent.bold),
            centred=_centred(ppr, parent.centred),
        )


def _flag(element: etree._Element | None, inherited: bool | None) -> bool | None:
    """An on/off property such as ``<w:b/>`` or ``<w:b w:val="0"/>``."""
    if element is None:
        return inherited
    return element.get(w("val"), "true").lower() not in FALSE_VALUES


def _centred(ppr: etree._Element | None, inherited: bool | None) -> bool | None:
    jc = ppr.find(w("jc")) if ppr is not None else None
    if jc is None:
        return inherited
    return bool(jc.get(w("val")) == "center")


def _has_outline_level(ppr: etree._Element | None) -> bool:
    level = ppr.find(w("outlineLvl")) if ppr is not None else None
    if level is None:
        return False
    value = level.get(w("val"), "9")
    return value.isdigit() and int(value) < 9  # 9 means "body text"


# ---------------------------------------------------------------- body


def _body_blocks(container: etree._Element, styles: StyleSheet) -> Iterator[Block]:
    """Paragraphs and tables of the body in document order (content controls opened)."""
    for child in container.iterchildren():
        if child.tag == w("p"):
            yield from _paragraph_text_lines(child, styles)
        elif child.tag == w("tbl") and _is_layout_table(child):
            for tr in _table_rows(child):  # a frame: what its cells hold, in reading order
                for raw in _raw_cells(tr):
                    yield from _body_blocks(raw.tc, styles)
        elif child.tag == w("tbl"):
            yield _read_table(child)
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _body_blocks(content, styles)


def _is_layout_table(tbl: etree._Element) -> bool:
    """A table that frames the page (a web page saved as Word keeps its layout table, the
    list nested in one of its cells): a table nested in it holds more cells than it does,
    in rows as wide as a list's (a two-column table of stages inside an item's cell is
    part of that cell). Its cells' paragraphs and tables are then read as if they stood
    in the body."""
    nested = [t for t in tbl.iterdescendants(w("tbl")) if _widest_row(t) >= LIST_MIN_COLUMNS]
    if not nested:
        return False
    return max(_own_cell_count(t) for t in nested) > _own_cell_count(tbl)


def _own_cell_count(tbl: etree._Element) -> int:
    return sum(sum(1 for _ in _raw_cells(tr)) for tr in _table_rows(tbl))


def _widest_row(tbl: etree._Element) -> int:
    return max((sum(1 for _ in _raw_cells(tr)) for tr in _table_rows(tbl)), default=0)


def _paragraph_text_lines(p: etree._Element, styles: StyleSheet) -> Iterator[TextLine]:
    lines = paragraph_lines(p)
    if not lines:
        return
    heading = _is_heading(p, styles, " ".join(lines))
    for line in lines:
        yield TextLine(text=line, heading=heading)


def _is_heading(p: etree._Element, styles: StyleSheet, text: str) -> bool:
    ppr = p.find(w("pPr"))
    style_el = ppr.find(w("pStyle")) if ppr is not None else None
    look = styles.look(style_el.get(w("val")) if style_el is not None else None)
    if look.heading or _has_outline_level(ppr):
        return True
    if len(text) > TITLE_MAX_CHARS:
        return False
    return bool(_centred(ppr, look.centred)) or _all_runs_bold(p, styles, look.bold)


def _all_runs_bold(p: etree._Element, styles: StyleSheet, paragraph_bold: bool | None) -> bool:
    """True when every run that prints something is bold (directly, by its
    character style, or by the paragraph's style)."""
    saw_text = False
    for run in p.iter(w("r")):
        if _inside_skipped(run, p) or not "".join(run.itertext()).strip():
            continue
        saw_text = True
        rpr = run.find(w("rPr"))
        inherited = paragraph_bold
        run_style = rpr.find(w("rStyle")) if rpr is not None else None
        if run_style is not None:
            inherited = styles.look(run_style.get(w("val"))).bold or inherited
        bold = _flag(rpr.find(w("b")) if rpr is not None else None, inherited)
        if not bold:
            return False
    return saw_text


def paragraph_lines(p: etree._Element) -> list[str]:
    """A paragraph's printed text, split where the author put a line break."""
    parts: list[str] = []
    for el in p.iter(*TEXT_TAGS):
        if _inside_skipped(el, p):
            continue
        if el.tag == w("t"):
            parts.append(el.text or "")
        elif el.tag == w("tab"):
            parts.append("\t")
        elif el.tag in (w("br"), w("cr")):
            parts.append("\n")
        elif el.tag == w("noBreakHyphen"):
            parts.append("-")
    cleaned = (clean_line(line) for line in "".join(parts).split("\n"))
    return [line for line in cleaned if line]


def _inside_skipped(el: etree._Element, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in SKIPPED_CONTAINERS:
            return True
        parent = parent.getparent()
    return False


# ---------------------------------------------------------------- tables


@dataclass
class _RawCell:
    tc: etree._Element
    span: int
    vmerge: str | None  # "restart", "continue" or None
    hmerge_continue: bool


def _read_table(tbl: etree._Element) -> Table:
    raw_rows = [list(_raw_cells(tr)) for tr in _table_rows(tbl)]
    n_cols = _grid_width(tbl, raw_rows)
    grid: list[list[Cell]] = []
    for r, (tr, raw_cells) in enumerate(zip(_table_rows(tbl), raw_rows, strict=True)):
        row = [Cell() for _ in range(n_cols)]
        grid.append(row)
        col = _grid_before(tr)
        last_origin: tuple[int, int] | None = None
        for raw in raw_cells:
            span = max(1, min(raw.span, n_cols - col))
            if col >= n_cols:
                break
            if raw.hmerge_continue and last_origin is not None:
                _extend_colspan(grid, last_origin, col, span, raw.tc)
            elif raw.vmerge == "continue" and r > 0:
                last_origin = _extend_rowspan(grid, r, col, span, raw.tc)
            else:
                last_origin = _place_origin(grid, r, col, span, cell_lines(raw.tc))
            col += span
    return Table(rows=[Row(cells=cells) for cells in grid])


def _table_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl.iterchildren():
        if child.tag == w("tr"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from (tr for tr in content.iter(w("tr")) if _nearest_table(tr) is tbl)


def _nearest_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != w("tbl"):
        parent = parent.getparent()
    return parent


def _raw_cells(tr: etree._Element) -> Iterator[_RawCell]:
    for child in tr.iterchildren():
        if child.tag == w("tc"):
            yield _raw_cell(child)
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from (_raw_cell(tc) for tc in content.iterchildren(w("tc")))


def _raw_cell(tc: etree._Element) -> _RawCell:
    tcpr = tc.find(w("tcPr"))
    span, vmerge, hmerge_continue = 1, None, False
    if tcpr is not None:
        grid_span = tcpr.find(w("gridSpan"))
        if grid_span is not None:
            span = _grid_number(grid_span, 1)
        v_merge = tcpr.find(w("vMerge"))
        if v_merge is not None:  # <w:vMerge/> without a value continues the merge above
            vmerge = "restart" if v_merge.get(w("val")) == "restart" else "continue"
        h_merge = tcpr.find(w("hMerge"))
        hmerge_continue = h_merge is not None and h_merge.get(w("val")) != "restart"
    return _RawCell(tc=tc, span=span, vmerge=vmerge, hmerge_continue=hmerge_continue)


def _grid_number(element: etree._Element | None, default: int) -> int:
    """A ``w:val`` count (gridSpan, gridBefore, gridAfter), at most the span limit: the file
    decides how wide a row is, and a typo or an attack must not make it millions wide."""
    value = element.get(w("val"), "") if element is not None else ""
    return min(int(value), limits.current.max_span) if value.isdigit() else default


def _grid_before(tr: etree._Element) -> int:
    return _grid_number(tr.find(f"{w('trPr')}/{w('gridBefore')}"), 0)


def _grid_after(tr: etree._Element) -> int:
    return _grid_number(tr.find(f"{w('trPr')}/{w('gridAfter')}"), 0)


def _grid_width(tbl: etree._Element, raw_rows: list[list[_RawCell]]) -> int:
    declared = min(len(tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")), limits.current.max_span)
    used = [
        _grid_before(tr) + sum(max(1, c.span) for c in cells) + _grid_after(tr)
        for tr, cells in zip(_table_rows(tbl), raw_rows, strict=True)
    ]
    width = max([declared, *used])
    limits.check_cells("", "a table", len(raw_rows), width)
    return width


def _place_origin(grid: list[list[Cell]], r: int, col: int, span: int, lines: list[str]) -> tuple[int, int]:
    grid[r][col] = Cell(lines=lines, colspan=span)
    for c in range(col + 1, col + span):
        grid[r][c] = Cell(covered_by=(r, col))
    return (r, col)


def _extend_rowspan(
    grid: list[list[Cell]], r: int, col: int, span: int, tc: etree._Element
) -> tuple[int, int]:
    """A ``vMerge`` continuation: the cell above (or the origin covering it) grows down one row."""
    above = grid[r - 1][col]
    origin_pos = above.covered_by or (r - 1, col)
    origin = grid[origin_pos[0]][origin_pos[1]]
    origin.rowspan = r - origin_pos[0] + 1
    for c in range(col, col + span):
        grid[r][c] = Cell(covered_by=origin_pos)
    origin.lines.extend(cell_lines(tc))  # normally empty; kept rather than dropped if not
    return origin_pos


def _extend_colspan(
    grid: list[list[Cell]], origin_pos: tuple[int, int], col: int, span: int, tc: etree._Element
) -> None:
    """A legacy ``hMerge`` continuation: the origin to the left grows to the right."""
    origin = grid[origin_pos[0]][origin_pos[1]]
    origin.colspan = col + span - origin_pos[1]
    for c in range(col, col + span):
        grid[origin_pos[0]][c] = Cell(covered_by=origin_pos)
    origin.lines.extend(cell_lines(tc))


def cell_lines(tc: etree._Element) -> list[str]:
    """A cell's paragraphs as lines; a nested table contributes one line per row."""
    lines: list[str] = []
    for child in tc.iterchildren():
        if child.tag == w("p"):
            lines.extend(paragraph_lines(child))
        elif child.tag == w("tbl"):
            lines.extend(_nested_table_lines(child))
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                lines.extend(cell_lines(content))
    return lines


def _nested_table_lines(tbl: etree._Element) -> list[str]:
    table = _read_table(tbl)
    lines = []
    for row in table.rows:
        texts = [" ".join(cell.lines) for cell in row.cells if cell.lines]
        if texts:
            lines.append(" ".join(texts))
    return lines
