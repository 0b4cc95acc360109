"""The two PDF engines — PDFium (the default) and pdfplumber — give equal records.

On every sample PDF, every trap fixture and every PDF of the shared corpus
(``../shared/corpus/docs``, when it is there): the same records, the same file warnings,
or the same error. The records are compared with each other, not with golden files, so
the test holds whatever the reassembler makes of a file; the golden comparison of the
default engine is in test_word_pdf_samples.py, and here the pdfplumber engine's records
are checked against the golden files too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from qingdan_extract.errors import InputError
from qingdan_extract.ir import Table, TextLine
from qingdan_extract.pipeline import extract_file
from qingdan_extract.readers import PDF_ENGINES, selected_pdf_engine, using_pdf_engine
from qingdan_extract.readers.pdf import read
from qingdan_extract.validate import FileComparison, compare_items

from conftest import CORPUS, GOLDEN, SAMPLES, load_jsonl, run_cli

FIXTURES = Path(__file__).parent / "pdf_fixtures"
LIBRARY_NOTE = re.compile(r"^pages? [\d, –-]+: (?:pdfminer|pdfplumber): ")
PDFS = (
    sorted(SAMPLES.glob("*.pdf"))
    + sorted(FIXTURES.glob("*.pdf"))
    + sorted((SAMPLES.parent / "prints").glob("*.pdf"))
    + (sorted((CORPUS / "docs").glob("*.pdf")) if (CORPUS / "docs").is_dir() else [])
)


def outcome(path: Path, engine: str) -> tuple[list[dict[str, Any]], list[str]] | str:
    """(records, file warnings), or the error message."""
    with using_pdf_engine(engine):
        try:
            extraction = extract_file(path)
        except InputError as exc:
            return exc.message
    # what pdfminer logs (captured as "page N: pdfminer: …") is the pdfplumber engine's own noise
    warnings = [w for w in extraction.warnings if not LIBRARY_NOTE.search(w)]
    return [r.model_dump(mode="json") for r in extraction.records], warnings


def layout(path: Path, engine: str) -> list[tuple[Any, ...]] | str:
    """What the reader found, block by block: tables' cells (text and spans) and text lines."""
    try:
        doc = read(path, engine)
    except InputError as exc:
        return exc.message
    out: list[tuple[Any, ...]] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            cells = [[(c.lines, c.rowspan, c.colspan, c.covered_by) for c in row.cells] for row in block.rows]
            out.append(("table", block.page, block.guessed_columns, cells))
        elif isinstance(block, TextLine):
            out.append(("line", block.page, block.text, block.heading))
    return out


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engines_give_equal_records(path: Path) -> None:
    plumber, pdfium = outcome(path, "pdfplumber"), outcome(path, "pdfium")
    assert pdfium == plumber
    if path.parent == SAMPLES:
        assert isinstance(pdfium, tuple) and pdfium[0], "a sample PDF yields records"


@pytest.mark.parametrize("path", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engines_find_the_same_tables_and_lines(path: Path) -> None:
    """Stronger than equal records: the same blocks, cell by cell, before reassembly."""
    assert layout(path, "pdfium") == layout(path, "pdfplumber")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.name)
def test_pdfplumber_engine_equals_golden(path: Path) -> None:
    result = outcome(path, "pdfplumber")
    assert isinstance(result, tuple)
    comparison = FileComparison(output=path, golden=GOLDEN)
    compare_items(result[0], load_jsonl(GOLDEN / f"{path.stem}.jsonl"), comparison)
    assert comparison.differences == []


def test_pdfium_is_the_default_engine() -> None:
    assert selected_pdf_engine() == "pdfium"
    assert PDF_ENGINES == ("pdfium", "pdfplumber")


def test_command_takes_either_engine(tmp_path: Path) -> None:
    sample = SAMPLES / "pdf_wolong_annex2.pdf"
    outputs = {}
    for engine in PDF_ENGINES:
        out = tmp_path / f"{engine}.jsonl"
        done = run_cli(str(sample), "-o", str(out), "--pdf-engine", engine)
        assert done.returncode == 0, done.stderr
        outputs[engine] = out.read_text(encoding="utf-8")
    assert outputs["pdfium"] == outputs["pdfplumber"]
    assert outputs["pdfium"].count("\n") == 3
    done = run_cli(str(sample), "--pdf-engine", "mupdf")
    assert done.returncode == 2
    assert "unknown --pdf-engine 'mupdf'" in done.stderr
