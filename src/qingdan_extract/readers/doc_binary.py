"""The main text of a Word 97-2003 binary file, read from its piece table.

LibreOffice sometimes loses a .doc's tables when it converts the file to .docx
(their text comes out as one paragraph). The Word file itself still marks the
cells: in the text stream every cell ends with U+0007, and every table row ends
with one more U+0007 (the row-end mark). This module reads that stream
([MS-DOC]: FIB → Clx → piece table) and turns it into the intermediate, so the
Word reader can use it when the conversion gave no tables.

Whether a paragraph is in a table, and which U+0007 ends a row, is taken from the
paragraph properties (``sprmPFInTable``, ``sprmPFTtp`` in the PAPX FKPs). When
those cannot be read, a row ends at the first empty mark after as many cells as
the first row had. Merged cells are not recovered.
"""

from __future__ import annotations

import bisect
import struct
from dataclasses import dataclass
from pathlib import Path

import olefile

from ..ir import Block, Cell, Document, Row, Table, TextLine
from ..problems import Problem
from .html_text import clean_line

LOST_TABLES_WARNING = Problem(
    "tables-from-text-stream",
    "LibreOffice could not rebuild this .doc's tables; read from the Word 97 text stream"
    " (merged cells not recovered)",
)

CELL_MARK = "\x07"
PARAGRAPH_MARK = "\r"
FIELD_BEGIN, FIELD_SEPARATOR, FIELD_END = "\x13", "\x14", "\x15"
COMPRESSED_BIT = 0x40000000
FKP_SIZE = 512
MAX_TEXT_CHARS = 50_000_000  # a ccpText beyond this is a damaged FIB, not a document

# Control characters that stand for something printable; the rest are dropped.
_REPLACEMENTS = {
    "\x0b": "\n",  # manual line break
    "\x0c": "\n",  # page or section break
    "\x0e": "\n",  # column break
    "\x1e": "-",  # non-breaking hyphen
    "\xa0": " ",
}

# Paragraph sprms (two-byte ids) this reader looks at.
SPRM_P_F_IN_TABLE = 0x2416
SPRM_P_F_TTP = 0x2417
SPRM_P_ITAP = 0x6649
SPRM_P_HUGE_PAPX = 0x6646
SPRM_T_DEF_TABLE = 0xD608
SPRM_P_CHG_TABS = 0xC615
_OPERAND_SIZES = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by spra; 6 is variable


class DocBinaryError(Exception):
    """The file is not a Word 97-2003 binary this reader can follow."""


@dataclass
class Paragraph:
    """One paragraph of the main text: its characters (without the mark) and how it ends."""

    text: str
    mark: str  # PARAGRAPH_MARK, CELL_MARK, or "" for text after the last mark
    in_table: bool = False
    row_end: bool = False


@dataclass
class _Piece:
    cp_start: int
    cp_end: int
    fc: int  # byte offset in the WordDocument stream of the piece's first character
    compressed: bool

    def fc_of(self, cp: int) -> int:
        return self.fc + (cp - self.cp_start) * (1 if self.compressed else 2)


# ---------------------------------------------------------------- entry points


def read_lost_tables(path: Path, format: str) -> Document | None:
    """The file read from its text stream, when that stream has tables; None when
    it has none or the file cannot be read this way (the caller keeps what it had)."""
    try:
        paragraphs = read_paragraphs(path)
        if not any(p.mark == CELL_MARK for p in paragraphs):
            return None
        blocks = paragraphs_to_blocks(paragraphs)
    except Exception:  # a best-effort second reading: whatever goes wrong, the caller's result stands
        return None
    if not any(isinstance(b, Table) for b in blocks):
        return None
    return Document(path=path, format=format, blocks=blocks, warnings=[LOST_TABLES_WARNING])


def read(path: Path, format: str = "doc") -> Document:
    """The whole file as the intermediate; DocBinaryError when it cannot be read."""
    return Document(path=path, format=format, blocks=paragraphs_to_blocks(read_paragraphs(path)))


def read_paragraphs(path: Path) -> list[Paragraph]:
    try:
        if not olefile.isOleFile(str(path)):
            raise DocBinaryError("not an OLE compound file")
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists("WordDocument"):
                raise DocBinaryError("no WordDocument stream")
            word = ole.openstream("WordDocument").read()
            fib = _Fib.parse(word)
            table_name = "1Table" if fib.which_table_stream else "0Table"
            if not ole.exists(table_name):
                raise DocBinaryError(f"no {table_name} stream")
            table_stream = ole.openstream(table_name).read()
            data = ole.openstream("Data").read() if ole.exists("Data") else b""
    except DocBinaryError:
        raise
    except (OSError, struct.error, IndexError, ValueError) as exc:
        raise DocBinaryError(str(exc) or type(exc).__name__) from exc
    try:
        return _paragraphs(word, table_stream, data, fib)
    except (struct.error, IndexError, ValueError, KeyError) as exc:
        raise DocBinaryError(str(exc) or type(exc).__name__) from exc


# ---------------------------------------------------------------- FIB and piece table


@dataclass
class _Fib:
    which_table_stream: bool
    ccp_text: int
    fc_clx: int
    lcb_clx: int
    fc_plcf_bte_papx: int
    lcb_plcf_bte_papx: int

    @classmethod
    def parse(cls, word: bytes) -> _Fib:
        """FibBase (32 bytes), csw + fibRgW, cslw + fibRgLw, cbRgFcLcb + fc/lcb pairs."""
        if len(word) < 32:
            raise DocBinaryError("WordDocument stream too short for a FIB")
        (ident,) = struct.unpack_from("<H", word, 0)
        if ident != 0xA5EC:
            raise DocBinaryError(f"not a Word 97+ FIB (wIdent {ident:#06x})")
        (flags,) = struct.unpack_from("<H", word, 0x0A)
        if flags & 0x0100:
            raise DocBinaryError("the document is encrypted")
        (csw,) = struct.unpack_from("<H", word, 32)
        lw_count_at = 34 + 2 * csw
        (cslw,) = struct.unpack_from("<H", word, lw_count_at)
        rg_lw = lw_count_at + 2
        if cslw < 4:
            raise DocBinaryError("FIB has no ccpText")
        (ccp_text,) = struct.unpack_from("<i", word, rg_lw + 12)  # fibRgLw[3]; offset 76 in Word 97
        fc_lcb_count_at = rg_lw + 4 * cslw
        (cb_rg_fc_lcb,) = struct.unpack_from("<H", word, fc_lcb_count_at)
        if cb_rg_fc_lcb <= 33:
            raise DocBinaryError("FIB has no fcClx")
        pairs = fc_lcb_count_at + 2

        def pair(index: int) -> tuple[int, int]:
            fc, lcb = struct.unpack_from("<II", word, pairs + 8 * index)
            return int(fc), int(lcb)

        fc_clx, lcb_clx = pair(33)  # offsets 418/422 in a Word 97 FIB
        fc_papx, lcb_papx = pair(13)
        if not 0 <= ccp_text <= MAX_TEXT_CHARS:
            raise DocBinaryError(f"implausible ccpText {ccp_text}")
        return cls(bool(flags & 0x0200), ccp_text, fc_clx, lcb_clx, fc_papx, lcb_papx)


def _pieces(table_stream: bytes, fib: _Fib) -> list[_Piece]:
    """The PlcPcd of the Clx: Prc entries (0x01) are skipped up to the Pcdt (0x02)."""
    clx = table_stream[fib.fc_clx : fib.fc_clx + fib.lcb_clx]
    if fib.lcb_clx == 0 or len(clx) != fib.lcb_clx:
        raise DocBinaryError("Clx outside the table stream")
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:
        (cb_grpprl,) = struct.unpack_from("<h", clx, pos + 1)
        pos += 3 + max(0, cb_grpprl)
    if pos >= len(clx) or clx[pos] != 0x02:
        raise DocBinaryError("no Pcdt in the Clx")
    (lcb,) = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + lcb]
    if len(plc) != lcb or lcb < 4 or (lcb - 4) % 12:
        raise DocBinaryError("malformed PlcPcd")
    n = (lcb - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    pieces = []
    for i in range(n):
        (fc_raw,) = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)
        compressed = bool(fc_raw & COMPRESSED_BIT)
        fc = (fc_raw & ~COMPRESSED_BIT) // 2 if compressed else fc_raw
        if cps[i + 1] < cps[i]:
            raise DocBinaryError("piece table CPs out of order")
        pieces.append(_Piece(cps[i], cps[i + 1], fc, compressed))
    return pieces


def _main_text(word: bytes, pieces: list[_Piece], ccp_text: int) -> tuple[str, list[_Piece]]:
    """The first ccp_text characters, and the pieces they come from."""
    parts: list[str] = []
    used: list[_Piece] = []
    for piece in pieces:
        if piece.cp_start >= ccp_text:
            break
        count = min(piece.cp_end, ccp_text) - piece.cp_start
        width = 1 if piece.compressed else 2
        raw = word[piece.fc : piece.fc + count * width]
        if len(raw) != count * width:
            raise DocBinaryError("piece outside the WordDocument stream")
        parts.append(
            raw.decode("cp1252", "replace") if piece.compressed else raw.decode("utf-16-le", "replace")
        )
        used.append(piece)
    return "".join(parts), used


# ---------------------------------------------------------------- paragraph properties


class _Papx:
    """Paragraph properties by stream offset, from the PlcBtePapx and its FKPs."""

    def __init__(self, word: bytes, table_stream: bytes, data: bytes, fib: _Fib) -> None:
        self._word = word
        self._data = data
        plc = table_stream[fib.fc_plcf_bte_papx : fib.fc_plcf_bte_papx + fib.lcb_plcf_bte_papx]
        if fib.lcb_plcf_bte_papx < 12 or len(plc) != fib.lcb_plcf_bte_papx or (len(plc) - 4) % 8:
            raise DocBinaryError("no PlcBtePapx")
        n = (len(plc) - 4) // 8
        self._fcs = list(struct.unpack_from(f"<{n + 1}I", plc, 0))
        self._pns = [pn & 0x3FFFFF for pn in struct.unpack_from(f"<{n}I", plc, 4 * (n + 1))]
        self._cache: dict[int, tuple[list[int], list[tuple[bool, bool]]]] = {}

    def flags(self, fc: int) -> tuple[bool, bool]:
        """(in a table, ends a table row) for the paragraph whose mark is at byte ``fc``."""
        i = bisect.bisect_right(self._fcs, fc) - 1
        if i < 0 or i >= len(self._pns):
            raise DocBinaryError("paragraph outside the PlcBtePapx")
        fcs, flags = self._fkp(self._pns[i])
        j = bisect.bisect_right(fcs, fc) - 1
        if j < 0 or j >= len(flags):
            raise DocBinaryError("paragraph outside its FKP")
        return flags[j]

    def _fkp(self, pn: int) -> tuple[list[int], list[tuple[bool, bool]]]:
        if pn not in self._cache:
            fkp = self._word[pn * FKP_SIZE : (pn + 1) * FKP_SIZE]
            if len(fkp) != FKP_SIZE:
                raise DocBinaryError("FKP outside the WordDocument stream")
            crun = fkp[FKP_SIZE - 1]
            fcs = list(struct.unpack_from(f"<{crun + 1}I", fkp, 0))
            flags = []
            for k in range(crun):
                offset = fkp[4 * (crun + 1) + 13 * k] * 2  # BxPap.bOffset, in words
                flags.append(_papx_flags(fkp, offset, self._data) if offset else (False, False))
            self._cache[pn] = (fcs, flags)
        return self._cache[pn]


def _papx_flags(fkp: bytes, offset: int, data: bytes) -> tuple[bool, bool]:
    cb = fkp[offset]  # PapxInFkp: 2*cb-1 bytes follow, or when cb is 0 a second cb' and 2*cb' bytes
    grpprl = fkp[offset + 1 : offset + 2 * cb] if cb else fkp[offset + 2 : offset + 2 + 2 * fkp[offset + 1]]
    return _sprm_flags(grpprl[2:], data)  # after the istd


def _sprm_flags(grpprl: bytes, data: bytes | None) -> tuple[bool, bool]:
    """(sprmPFInTable or sprmPItap > 0, sprmPFTtp) of a list of paragraph sprms; a
    sprmPHugePapx (properties too long for the FKP) is followed into the Data stream."""
    in_table = row_end = False
    pos = 0
    while pos + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, pos)
        pos += 2
        spra = sprm >> 13
        if spra != 6:
            size = _OPERAND_SIZES[spra]
        elif sprm == SPRM_T_DEF_TABLE:
            (cb_operand,) = struct.unpack_from("<H", grpprl, pos)
            size = 2 + max(0, cb_operand - 1)
        elif sprm == SPRM_P_CHG_TABS and pos < len(grpprl) and grpprl[pos] == 255:
            break  # the long form needs more parsing than it is worth here
        elif pos < len(grpprl):
            size = 1 + grpprl[pos]
        else:
            break
        operand = grpprl[pos : pos + size]
        if sprm == SPRM_P_F_IN_TABLE and operand:
            in_table = operand[0] != 0
        elif sprm == SPRM_P_F_TTP and operand:
            row_end = operand[0] != 0
        elif sprm == SPRM_P_ITAP and len(operand) == 4:
            in_table = in_table or struct.unpack("<i", operand)[0] > 0
        elif sprm == SPRM_P_HUGE_PAPX and len(operand) == 4 and data is not None:
            (fc,) = struct.unpack("<I", operand)
            (cb_huge,) = struct.unpack_from("<H", data, fc)  # PrcData: cbGrpprl, then the sprms
            huge_in_table, huge_row_end = _sprm_flags(data[fc + 2 : fc + 2 + cb_huge], None)
            in_table, row_end = in_table or huge_in_table, row_end or huge_row_end
        pos += size
    return in_table, row_end


# ---------------------------------------------------------------- paragraphs


def _paragraphs(word: bytes, table_stream: bytes, data: bytes, fib: _Fib) -> list[Paragraph]:
    pieces = _pieces(table_stream, fib)
    text, used = _main_text(word, pieces, fib.ccp_text)
    paragraphs, mark_cps = split_paragraphs(text)
    try:
        papx = _Papx(word, table_stream, data, fib)
        starts = [p.cp_start for p in used]
        for paragraph, cp in zip(paragraphs, mark_cps, strict=True):
            if cp is not None:
                piece = used[bisect.bisect_right(starts, cp) - 1]
                paragraph.in_table, paragraph.row_end = papx.flags(piece.fc_of(cp))
    except (DocBinaryError, struct.error, IndexError, KeyError):
        return guess_table_marks(paragraphs)
    cells = [p for p in paragraphs if p.mark == CELL_MARK]
    if cells and (not all(p.in_table for p in cells) or not any(p.row_end for p in cells)):
        return guess_table_marks(paragraphs)
    return paragraphs


def split_paragraphs(text: str) -> tuple[list[Paragraph], list[int | None]]:
    """Paragraphs of the text with field codes left out, and the CP of each one's mark.

    A field is ``\\x13 code \\x14 result \\x15`` (the result may be missing, and
    fields nest); only the result is printed."""
    paragraphs: list[Paragraph] = []
    mark_cps: list[int | None] = []
    fields: list[bool] = []  # per open field: True once past its separator (showing the result)
    chars: list[str] = []
    for cp, char in enumerate(text):
        if char == FIELD_BEGIN:
            fields.append(False)
        elif char == FIELD_SEPARATOR:
            if fields:
                fields[-1] = True
        elif char == FIELD_END:
            if fields:
                fields.pop()
        elif not all(fields):
            continue  # inside a field code
        elif char in (PARAGRAPH_MARK, CELL_MARK):
            paragraphs.append(Paragraph(text="".join(chars), mark=char))
            mark_cps.append(cp)
            chars = []
        elif char in _REPLACEMENTS:
            chars.append(_REPLACEMENTS[char])
        elif char == "\t" or char >= " ":
            chars.append(char)
    if chars:
        paragraphs.append(Paragraph(text="".join(chars), mark=""))
        mark_cps.append(None)
    return paragraphs, mark_cps


def guess_table_marks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Table flags from the text alone: every U+0007 ends a cell; a row ends at an
    empty U+0007 once the row has as many cells as the first row (which ends at its
    first empty one); a \\r paragraph is in the table only between two cells of a row."""
    width: int | None = None
    cells_in_row = 0
    for i, paragraph in enumerate(paragraphs):
        if paragraph.mark == CELL_MARK:
            paragraph.in_table = True
            empty = not paragraph.text.strip()
            previous_was_cell = i > 0 and paragraphs[i - 1].mark == CELL_MARK
            if width is None:
                paragraph.row_end = empty and previous_was_cell and cells_in_row > 0
            else:
                paragraph.row_end = empty and cells_in_row >= width
            if paragraph.row_end:
                width = width or cells_in_row
                cells_in_row = 0
            else:
                cells_in_row += 1
        else:
            paragraph.in_table = cells_in_row > 0
            paragraph.row_end = False
    return paragraphs


# ---------------------------------------------------------------- blocks


def paragraphs_to_blocks(paragraphs: list[Paragraph]) -> list[Block]:
    """Paragraphs outside tables become TextLines (one per line); runs of table rows one Table."""
    blocks: list[Block] = []
    rows: list[list[Cell]] = []
    cells: list[Cell] = []
    lines: list[str] = []

    def close_table() -> None:
        nonlocal cells, lines
        if lines or cells:
            cells.append(Cell(lines=lines))
            rows.append(cells)
            cells, lines = [], []
        if rows:
            width = max(len(r) for r in rows)
            blocks.append(Table(rows=[Row(cells=r + [Cell() for _ in range(width - len(r))]) for r in rows]))
            rows.clear()

    for paragraph in paragraphs:
        if not paragraph.in_table:
            close_table()
            blocks.extend(TextLine(text=line) for line in _lines(paragraph.text))
        elif paragraph.row_end:
            if lines:  # text after the last cell mark of the row
                cells.append(Cell(lines=lines))
            if cells:
                rows.append(cells)
            cells, lines = [], []
        elif paragraph.mark == CELL_MARK:
            lines.extend(_lines(paragraph.text))
            cells.append(Cell(lines=lines))
            lines = []
        else:
            lines.extend(_lines(paragraph.text))
    close_table()
    return blocks


def _lines(text: str) -> list[str]:
    cleaned = (clean_line(line) for line in text.split("\n"))
    return [line for line in cleaned if line]
