"""Problems as values: what the pipeline guessed or could not do, with a code a program can act on.

A record's ``warnings`` stay strings (each problem's message), so the record format does not
change; the per-file report carries the codes. Every code is listed here, with its severity and
whether it makes a file's result doubtful (status ``partial``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

INFO = "info"  # worth knowing, nothing doubtful
WARNING = "warning"  # a guess that may be wrong, or text that may be misplaced
ERROR = "error"  # something in the source did not reach the output


@dataclass(frozen=True)
class Code:
    name: str
    severity: str
    doubtful: bool  # the file's status is `partial` when a problem of this code occurs
    meaning: str


CODES: dict[str, Code] = {
    code.name: code
    for code in (
        Code(
            "reader-note",
            WARNING,
            False,
            "the reader met something odd in the file that has no code of its own",
        ),
        Code("format-mismatch", INFO, False, "the file's content is another format than its name says"),
        Code("page-unreadable", ERROR, True, "a page of a PDF could not be read (a broken content stream)"),
        Code("page-without-text", ERROR, True, "a page with images but no text layer was not read (OCR off)"),
        Code(
            "rules-unreadable",
            WARNING,
            True,
            "a page's ruling lines could not be read; its tables may be missed",
        ),
        Code(
            "unmapped-glyphs", ERROR, True, "characters whose font has no Unicode map, unreadable as (cid:NN)"
        ),
        Code(
            "bad-bytes", WARNING, True, "bytes that do not decode in the file's charset, replaced by U+FFFD"
        ),
        Code(
            "interleaved-text",
            ERROR,
            True,
            "a text copy whose columns are interleaved line by line: not read",
        ),
        Code("text-not-parsed", ERROR, True, "the HTML parser stopped before the end of the page"),
        Code("deep-nesting", WARNING, False, "elements nested too deep, read as plain text"),
        Code(
            "formula-without-value",
            WARNING,
            True,
            "spreadsheet formula cells saved without a value, read empty",
        ),
        Code(
            "tables-from-text-stream",
            WARNING,
            False,
            "a .doc's tables read from its text stream, merges lost",
        ),
        Code("library-message", INFO, False, "what a library (pdfminer) logged while reading, counted"),
        Code("page-not-rendered", ERROR, True, "a page to OCR could not be rendered to an image"),
        Code("ocr-failed", ERROR, True, "the OCR engine failed on a page"),
        Code(
            "ocr-unsure",
            WARNING,
            False,
            "a text box OCR read with low confidence (its page, row and column named)",
        ),
        Code(
            "ocr-word-chosen",
            WARNING,
            False,
            "an ideograph OCR was unsure of, read as its other reading that makes a word",
        ),
        Code("row-not-read", ERROR, True, "a table row outside any list was not read"),
        Code(
            "table-not-read",
            INFO,
            False,
            "a table that holds no list (page metadata, a layout box) was not read",
        ),
        Code("no-list", INFO, False, "no table with item rows was found"),
        Code(
            "no-header", WARNING, True, "a table with item rows but no header: columns typed by their values"
        ),
        Code(
            "column-by-content", WARNING, True, "a column's field was decided by its values, not its header"
        ),
        Code(
            "column-kept-in-extra", INFO, False, "a column whose header names a field but whose values do not"
        ),
        Code(
            "name-by-content",
            WARNING,
            True,
            "no header names the item; the name column was chosen by content",
        ),
        Code(
            "page-heading-name",
            WARNING,
            False,
            "an item page's forms have no name label; named by its heading",
        ),
        Code("serial-missing", INFO, False, "an item printed without a serial number"),
        Code(
            "row-continued", WARNING, False, "a row after a page break was read as the rest of the item above"
        ),
        Code(
            "row-maybe-continued",
            WARNING,
            False,
            "a row after a page break was read as a new item; it may be the rest of the item above",
        ),
        Code(
            "group-continued",
            WARNING,
            False,
            "a row after a page break was read as another item of the merged group above",
        ),
        Code(
            "cells-realigned", WARNING, False, "a row whose empty cells were dropped was put back by content"
        ),
        Code(
            "columns-guessed", WARNING, False, "columns were found from the text's spacing (no cell borders)"
        ),
        Code(
            "cells-beyond-header", WARNING, False, "cells to the right of the header's columns, kept in extra"
        ),
        Code("no-name", WARNING, False, "an item without a name"),
        Code(
            "code-category-mismatch", WARNING, False, "a GB/T 39046 code's category differs from the item's"
        ),
        Code("total-mismatch", WARNING, True, "a declared total (共 N 项) differs from the items found"),
        Code(
            "text-lost", ERROR, True, "source text of the table that reached no record (coverage below 100 %)"
        ),
    )
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    list: int | None = None  # the list's number in the file (source.table)
    page: int | None = None
    line: int | None = None
    column: str | None = None  # the column's printed header

    @property
    def severity(self) -> str:
        return CODES[self.code].severity

    @property
    def doubtful(self) -> bool:
        return CODES[self.code].doubtful

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if v is not None}
        data["severity"] = self.severity
        return data


Note = str | Problem  # what a reader adds to Document.warnings: a Problem (a string is a reader-note)


def as_problem(note: Note, code: str = "reader-note") -> Problem:
    """A reader's note as a problem (a plain string gets the generic code)."""
    return note if isinstance(note, Problem) else Problem(code, note)
