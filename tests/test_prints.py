"""Lists as other producers render them (prints/, built by tools/samples/prints.py from
../shared/corpus): a web page printed by Chromium, Word lists saved as PDF or web page by
LibreOffice, a web page saved as DOCX. Each gives the corpus golden records of the
document it came from; only the page numbers differ (the source had none)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from qingdan_extract.output import record_json
from qingdan_extract.pipeline import extract_file
from qingdan_extract.validate import FileComparison, compare_items

from conftest import CORPUS, ROOT, load_jsonl

sys.path.insert(0, str(ROOT / "tools"))
from samples.prints import PRINTS

PRINTS_DIR = ROOT / "prints"
CORPUS_GOLDEN = CORPUS / "golden"


def records(path: Path) -> list[dict[str, Any]]:
    out = []
    for record in extract_file(path).records:
        data = json.loads(record_json(record))
        data["source"]["pages"] = None  # the corpus document had no pages
        out.append(data)
    return out


def golden(stem: str, print_name: str) -> list[dict[str, Any]]:
    out = []
    for data in load_jsonl(CORPUS_GOLDEN / f"{stem}.jsonl"):
        data["source"]["file"] = print_name
        data["source"]["format"] = Path(print_name).suffix.lstrip(".")
        out.append(data)
    return out


@pytest.mark.parametrize("name", sorted(PRINTS))
def test_a_print_gives_the_records_of_the_document_it_came_from(name: str) -> None:
    source, _ = PRINTS[name]
    got = records(PRINTS_DIR / name)
    want = golden(Path(source).stem, name)
    result = FileComparison(output=PRINTS_DIR / name, golden=CORPUS_GOLDEN)
    compare_items(got, want, result)
    assert result.differences == []
    assert len(got) == len(want)
