"""Every document of the development corpus (../shared/corpus: 20 lists from 13 publishers in
10 provinces, none of them the templates the tool was first built on) equals its golden file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qingdan_extract import extract
from qingdan_extract.validate import FileComparison, compare_items

from conftest import CORPUS, load_jsonl

DOCS = sorted((CORPUS / "docs").iterdir()) if (CORPUS / "docs").is_dir() else []


def test_the_corpus_is_beside_the_repository() -> None:
    assert len(DOCS) == 20, f"expected the 20 documents of {CORPUS}/docs"


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_corpus_document_equals_its_golden_file(doc: Path) -> None:
    golden = load_jsonl(CORPUS / "golden" / f"{doc.stem}.jsonl")
    records = [r.model_dump(mode="json") for r in extract(doc)]
    result = FileComparison(output=doc, golden=CORPUS / "golden")
    compare_items(records, golden, result)
    assert [(d.item, d.field, d.expected, d.got) for d in result.differences] == []
    assert len(records) == len(golden)


def test_a_table_with_item_rows_and_no_header_still_gives_its_items(tmp_path: Path) -> None:
    """A list whose header the lexicon cannot find (here: none at all) is read by content."""
    path = tmp_path / "bare.csv"
    path.write_text(
        "1,对违反某条例行为的处罚,行政处罚,《某条例》第十条\n2,对另一行为的处罚,行政处罚,《某条例》第十一条\n",
        encoding="utf-8",
    )
    records = extract(path)
    assert [(r.seq, r.name, r.category, r.basis) for r in records] == [
        ("1", "对违反某条例行为的处罚", "行政处罚", "《某条例》第十条"),
        ("2", "对另一行为的处罚", "行政处罚", "《某条例》第十一条"),
    ]


def test_a_list_with_no_known_name_header_and_dotted_serials(tmp_path: Path) -> None:
    """Headers no lexicon lists, serials printed "1.": the items are found, the name column is
    chosen by content, and every item says so."""
    path = tmp_path / "list.csv"
    path.write_text(
        "某局权责清单\n序号,权力名目,归口类别,法定根据\n"
        "1.,对甲行为的处罚,行政处罚,《某条例》第十条\n2.,对乙行为的处罚,行政处罚,《某条例》第十一条\n",
        encoding="utf-8",
    )
    records = extract(path)
    assert [(r.seq, r.name, r.category, r.basis) for r in records] == [
        ("1.", "对甲行为的处罚", "行政处罚", "《某条例》第十条"),
        ("2.", "对乙行为的处罚", "行政处罚", "《某条例》第十一条"),
    ]
    assert all(any("taken as the name from its values" in w for w in r.warnings) for r in records)
