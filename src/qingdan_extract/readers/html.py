"""Web page reader (lxml).

The page is decoded (BOM, then the declared charset, then utf-8, then
gb18030; a charset that decodes all but a few bytes wins, see sniff.py), parsed
leniently (no limit on text size or depth: ``huge_tree``), and walked in document order: every data
``<table>`` becomes a Table with rowspan/colspan laid out on a grid, and the
text around the tables becomes TextLines, flagged as headings where the page
marks them (``<h1>``–``<h6>``, ``<caption>``, a short bold or centred
paragraph). A table that only lays out the page (its cells hold a bigger
table) is walked through instead of read as data.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from .. import limits
from ..errors import InputError
from ..ir import Block, Cell, Document, Row, Table, TextLine
from ..problems import Note, Problem
from . import sniff
from .html_text import (
    BLOCK_TAGS,
    LINE_BREAK,
    SKIPPED_TAGS,
    clean_lines,
    collect_inner_text,
    element_lines,
    tag_name,
)

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BOLD_TAGS = frozenset({"b", "strong"})
TITLE_MAX_CHARS = 80  # a bold or centred paragraph longer than this is body text, not a title
# Elements nested deeper than this are read as the text they hold, because the walk is
# recursive (~3 Python frames a level). A table inside a table costs 3–4 levels; pages built
# by nesting layout tables 100 deep exist. libxml2 itself stops at 2048 levels (and says so),
# so this is only a guard.
MAX_DEPTH = 2100
RECURSION_LIMIT = 10 * MAX_DEPTH  # frames the walk may use; Python's default is 1000

# Chinese pages that declare GBK or GB2312 often use characters only GB18030 has.
GB_ALIASES = frozenset(
    {"gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "hz-gb-2312"}
)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DECLARED_CHARSET = re.compile(
    rb"""(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I
)
BINARY_MAGICS = {
    sniff.PDF_MAGIC: "a PDF file",
    sniff.ZIP_MAGIC: "a zip archive (.docx/.xlsx?)",
    sniff.OLE_MAGIC: "an old Office file (.doc/.xls?)",
}


def read(path: Path) -> Document:
    limits.check_size(path, "the page is", path.stat().st_size)
    warnings: list[Note] = []
    text = decode_page(path.read_bytes(), path, warnings)
    root = _parse(text, path, warnings)
    walker = _Walker(outline=_Outline.of(root))
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, RECURSION_LIMIT))
    try:
        walker.walk_children(_body_of(root))
    except RecursionError:
        raise InputError(path, "the page's elements are nested too deep to read") from None
    except InputError as exc:  # a limit, raised without the file's name
        raise InputError(path, exc.message) from None
    finally:
        sys.setrecursionlimit(previous)
    if walker.too_deep:
        message = f"{walker.too_deep} element(s) nested more than {MAX_DEPTH} deep were read as plain text"
        warnings.append(Problem("deep-nesting", message))
    return Document(path=path, format="html", blocks=walker.finish(), warnings=warnings)


# ---------------------------------------------------------------- decoding


def looks_like_html(data: bytes) -> bool:
    """For files named .doc/.xls that a web system actually wrote as a web page."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")
    return head.startswith(markers) and (b"<html" in head or b"<table" in head or b"<body" in head)


def decode_page(data: bytes, path: Path, warnings: list[Note] | None = None) -> str:
    """The page's text: a BOM decides, then the declared charset, utf-8 and gb18030 in that
    order, the first that decodes all but a few bytes (broken ones become U+FFFD, and a
    warning naming the first is added to ``warnings``)."""
    _reject_binary(data, path)
    candidates: list[str] = []
    for bom, encoding in BOMS:
        if data.startswith(bom):
            candidates = [encoding]
            break
    else:
        declared = _declared_encoding(data)
        candidates = [declared] if declared else []
        candidates += ["utf-8", "gb18030"]
    decoded = sniff.decode(data, candidates)
    warning = sniff.bad_bytes_warning(decoded)
    if warning is not None and warnings is not None:
        warnings.append(Problem("bad-bytes", warning))
    return decoded.text


def _declared_encoding(data: bytes) -> str | None:
    match = DECLARED_CHARSET.search(data[:8192])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    if name in GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _reject_binary(data: bytes, path: Path) -> None:
    for magic, what in BINARY_MAGICS.items():
        if data.startswith(magic):
            raise InputError(path, f"not an HTML page (it is {what}; use the right file extension)")
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if b"\x00" in head or controls > len(head) // 20:
        raise InputError(path, "not an HTML page (binary data)")


def _parse(text: str, path: Path, warnings: list[Note] | None = None) -> etree._Element:
    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return lxml_html.fromstring("<html><body></body></html>")
    # huge_tree: libxml2 otherwise drops a text node over 10 MB and stops at 256 levels of
    # nesting, silently (a cell's text, or every table below that depth, vanishes).
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        root: etree._Element = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(path, f"cannot parse the HTML ({exc})") from exc
    limited = [e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limited and warnings is not None:
        message = f"the HTML parser stopped reading part of the page: {limited[0].message}"
        warnings.append(Problem("text-not-parsed", message))
    return root


def _body_of(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return body if body is not None else root


# ---------------------------------------------------------------- walking


@dataclass
class _Walker:
    """Collects blocks in document order. Inline text accumulates in
    ``pending`` until something breaks the line."""

    blocks: list[Block] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    pending_all_bold: bool = True  # every piece of pending text came from bold markup
    depth: int = 0
    too_deep: int = 0  # elements below MAX_DEPTH, read as plain text
    outline: _Outline | None = None

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks

    def flush(self) -> None:
        lines = clean_lines("".join(self.pending).split(LINE_BREAK))
        heading = self.pending_all_bold and _short(lines)
        self.blocks.extend(TextLine(text=line, heading=heading) for line in lines)
        self.pending = []
        self.pending_all_bold = True

    def add_inline_text(self, text: str | None, bold: bool = False) -> None:
        if not text:
            return
        if text.strip() and not bold:
            self.pending_all_bold = False
        self.pending.append(text)

    def walk_children(self, element: etree._Element) -> None:
        self.add_inline_text(element.text)
        for child in element:
            self.walk(child)
            self.add_inline_text(child.tail)

    def walk(self, element: etree._Element) -> None:
        tag = tag_name(element)
        if not tag or tag in SKIPPED_TAGS:
            return
        if self.depth >= MAX_DEPTH:
            self.too_deep += 1
            self.flush()
            self.blocks.extend(
                TextLine(text=line) for line in clean_lines("".join(element.itertext()).splitlines())
            )
            return
        self.depth += 1
        try:
            self._walk(element, tag)
        finally:
            self.depth -= 1

    def _walk(self, element: etree._Element, tag: str) -> None:
        if tag == "br":
            self.flush()
        elif tag == "table" and not _is_layout_table(element, self.outline):
            self.flush()
            self._add_table(element)
        elif not _contains_structure(element, self.outline):
            self._add_leaf(element, tag)
        else:
            # A container of blocks or tables (a div, a layout table, even a
            # <font> wrapped round paragraphs): its own text breaks around children.
            self.flush()
            self.walk_children(element)
            self.flush()

    def _add_leaf(self, element: etree._Element, tag: str) -> None:
        if tag in BLOCK_TAGS or tag in ("td", "th"):
            self.flush()
            lines = element_lines(element)
            heading = tag in HEADING_TAGS or (_short(lines) and _looks_like_title(element))
            self.blocks.extend(TextLine(text=line, heading=heading) for line in lines)
        else:  # inline markup: part of the current line
            parts: list[str] = []
            collect_inner_text(element, parts)
            text = "".join(parts)
            self.add_inline_text(text, bold=_all_text_bold(element, _is_bold(element)))

    def _add_table(self, table: etree._Element) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.blocks.extend(TextLine(text=line, heading=True) for line in element_lines(caption))
        grid = read_table_grid(table)
        if grid.rows:
            self.blocks.append(grid)


def _short(lines: list[str]) -> bool:
    return bool(lines) and sum(len(line) for line in lines) <= TITLE_MAX_CHARS


@dataclass
class _Outline:
    """Facts about the whole page, found in one pass over it: asking each element about its
    whole subtree again costs O(n²)–O(n³) on a page whose tables nest hundreds deep (600
    levels took 25 s)."""

    structured: set[etree._Element]  # elements with a block element or table inside
    own_cells: dict[etree._Element, int]  # table → how many cells its own rows hold

    @classmethod
    def of(cls, root: etree._Element) -> _Outline:
        structured: set[etree._Element] = set()
        for element in root.iter():
            if tag_name(element) in BLOCK_TAGS:
                parent = element.getparent()
                while parent is not None and parent not in structured:
                    structured.add(parent)
                    parent = parent.getparent()
        own_cells: dict[etree._Element, int] = {}
        for tr in root.iter("tr"):
            table = _nearest_table(tr)
            if table is not None:
                own_cells[table] = own_cells.get(table, 0) + len(_own_cells(tr))
        return cls(structured, own_cells)


def _contains_structure(element: etree._Element, outline: _Outline | None = None) -> bool:
    """Whether a block element or table sits anywhere inside."""
    if outline is not None:
        return element in outline.structured
    return any(tag_name(d) in BLOCK_TAGS for d in element.iterdescendants())


# ---------------------------------------------------------------- titles


def _looks_like_title(element: etree._Element) -> bool:
    return _is_centred(element) or _all_text_bold(element, _is_bold(element))


def _style(element: etree._Element) -> str:
    return (element.get("style") or "").replace(" ", "").lower()


def _is_bold(element: etree._Element) -> bool:
    if tag_name(element) in BOLD_TAGS:
        return True
    return bool(re.search(r"font-weight:(bold|bolder|[6-9]00)", _style(element)))


def _is_centred(element: etree._Element) -> bool:
    for el in (element, element.getparent()):
        if el is None:
            continue
        if tag_name(el) == "center" or (el.get("align") or "").lower() == "center":
            return True
        if "text-align:center" in _style(el):
            return True
    return False


def _all_text_bold(element: etree._Element, bold: bool) -> bool:
    """True when the element prints text and all of it is bold."""
    saw_text = False

    def visit(el: etree._Element, el_bold: bool) -> bool:
        nonlocal saw_text
        if el.text and el.text.strip():
            saw_text = True
            if not el_bold:
                return False
        for child in el:
            printed = tag_name(child) not in ("", *SKIPPED_TAGS)
            if printed and not visit(child, el_bold or _is_bold(child)):
                return False
            if child.tail and child.tail.strip():
                saw_text = True
                if not el_bold:
                    return False
        return True

    return visit(element, bold) and saw_text


# ---------------------------------------------------------------- tables


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The ``<tr>`` of this table (inside thead/tbody/tfoot too), not of tables nested in it."""
    return [tr for tr in table.iter("tr") if _nearest_table(tr) is table]


def _own_cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in tr.iterchildren() if tag_name(c) in ("td", "th")]


def _nearest_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and tag_name(parent) != "table":
        parent = parent.getparent()
    return parent


def _is_layout_table(table: etree._Element, outline: _Outline | None = None) -> bool:
    """A table that frames the page: tables nested in it hold more cells than it does."""
    nested = list(table.iterdescendants("table"))
    if not nested:
        return False
    if outline is None:
        outline = _Outline({table}, {})
        for t in [table, *nested]:
            outline.own_cells[t] = sum(len(_own_cells(tr)) for tr in _own_rows(t))
    own_cells = outline.own_cells.get(table, 0)
    nested_cells = max(outline.own_cells.get(t, 0) for t in nested)
    return nested_cells > own_cells


def _span(cell: etree._Element, attribute: str) -> int:
    value = (cell.get(attribute) or "1").strip()
    digits = re.match(r"\d+", value)
    # a span beyond the limit is a typo (or an attack), not a layout
    return min(int(digits.group()), limits.current.max_span) if digits else 1


def read_table_grid(table: etree._Element) -> Table:
    """Lay the table's cells out on a grid, the way a browser does."""
    rows = _own_rows(table)
    origins: dict[tuple[int, int], Cell] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    n_cols = 0
    area = 0  # grid positions laid out so far: spans are capped, but many big ones add up
    for r, tr in enumerate(rows):
        col = 0
        for td in _own_cells(tr):
            while (r, col) in covered or (r, col) in origins:
                col += 1
            rowspan = _span(td, "rowspan") or len(rows) - r  # rowspan="0": to the end of the table
            rowspan = min(rowspan, len(rows) - r)
            colspan = max(1, _span(td, "colspan"))
            area += rowspan * colspan
            if area > limits.current.max_cells:
                raise InputError(
                    "",
                    f"a table's cells and their rowspan/colspan cover more than {area:,} positions; "
                    f"limit {limits.current.max_cells:,} (see --max-cells)",
                )
            origins[(r, col)] = Cell(lines=element_lines(td), rowspan=rowspan, colspan=colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        covered[(r + dr, col + dc)] = (r, col)
            col += colspan
            n_cols = max(n_cols, col)
    limits.check_cells("", "a table", len(rows), n_cols)
    return Table(rows=[Row(cells=_grid_row(r, n_cols, origins, covered)) for r in range(len(rows))])


def _grid_row(
    r: int, n_cols: int, origins: dict[tuple[int, int], Cell], covered: dict[tuple[int, int], tuple[int, int]]
) -> list[Cell]:
    cells = []
    for c in range(n_cols):
        if (r, c) in origins:
            cells.append(origins[(r, c)])
        elif (r, c) in covered:
            cells.append(Cell(covered_by=covered[(r, c)]))
        else:
            cells.append(Cell())  # a short row: the browser leaves the position blank
    return cells
