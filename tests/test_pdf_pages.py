"""A long PDF read in two processes gives what one process gives (readers/pdf_pages.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from qingdan_extract.ir import Table, TextLine
from qingdan_extract.readers import set_page_processes
from qingdan_extract.readers.pdf import GuessState, read
from qingdan_extract.readers.pdf_pages import PARALLEL_MIN_PAGES, catch_up, read_range

from conftest import SAMPLES

UNRULED = SAMPLES / "pdf_yumen_unruled.pdf"  # 26 pages, one unruled table running on


def concatenated(tmp_path: Path, source: Path, copies: int) -> Path:
    out = pdfium.PdfDocument.new()
    src = pdfium.PdfDocument(source)
    for _ in range(copies):
        out.import_pages(src)
    path = tmp_path / f"{source.stem}_x{copies}.pdf"
    out.save(path)
    return path


def blocks(result: list[Any]) -> list[Any]:
    out: list[Any] = []
    for page_no, page_blocks, n_chars, warnings, _ in result:
        out.append((page_no, n_chars, warnings))
        for b in page_blocks:
            if isinstance(b, Table):
                out.append([[(c.lines, c.rowspan, c.colspan) for c in row.cells] for row in b.rows])
            elif isinstance(b, TextLine):
                out.append(b.text)
    return out


def test_a_split_inside_an_unruled_table_is_caught_up() -> None:
    """Split mid-table: the second half, read from a fresh state, differs at first; re-read
    with the state carried over, it equals a reading in order."""
    in_order = read_range(UNRULED, "pdfium", 1, 26, GuessState())
    state = GuessState()
    head = read_range(UNRULED, "pdfium", 1, 13, state)
    assert state.columns is not None, "the table runs on over page 13"
    tail = read_range(UNRULED, "pdfium", 14, 26, GuessState())
    assert blocks(head + tail) != blocks(in_order)  # the carry-over matters here
    assert blocks(head + catch_up(UNRULED, "pdfium", state, tail)) == blocks(in_order)


@pytest.mark.parametrize("source", [UNRULED, SAMPLES / "pdf_laiyuan_merged.pdf"], ids=lambda p: p.name)
def test_two_processes_read_what_one_reads(source: Path, tmp_path: Path) -> None:
    path = concatenated(tmp_path, source, 4)
    doc_one = read(path)
    set_page_processes(2)
    try:
        doc_two = read(path)
    finally:
        set_page_processes(1)
    assert doc_one.pages is not None and doc_one.pages >= PARALLEL_MIN_PAGES
    assert list(doc_two.blocks) == list(doc_one.blocks)
    assert doc_two.warnings == doc_one.warnings
