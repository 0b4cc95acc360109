"""One list, many formats: the same records whatever the file type (bar `source` and `warnings`)."""

from __future__ import annotations

from typing import Any

import pytest

from qingdan_extract import extract
from qingdan_extract.validate import squash

from conftest import SAMPLES

RENDERINGS = {
    "seed001_yindu.txt": [
        "word_yindu.docx",
        "word_yindu_legacy.doc",
        "pdf_yindu.pdf",
        "pdf_yindu_unruled.pdf",
        "xls_yindu.xls",
    ],
    "seed002_huinong.txt": [
        "html_huinong.html",
        "txt_huinong_utf16.txt",
        "word_huinong_sections.docx",
        "pdf_huinong_sections.pdf",
        "pdf_huinong_unruled.pdf",
    ],
    "seed003_laiyuan.txt": [
        "xlsx_laiyuan.xlsx",
        "csv_laiyuan_gbk.csv",
        "word_laiyuan_merged.docx",
        "pdf_laiyuan_merged.pdf",
    ],
    "seed004_yumen.txt": [
        "html_yumen_gbk.html",
        "word_yumen_landscape.docx",
        "pdf_yumen_landscape.pdf",
        "pdf_yumen_rotated.pdf",
        "pdf_yumen_unruled.pdf",
    ],
}


def content(file: str) -> list[dict[str, Any]]:
    """Records as compared across formats: whitespace-free values, no source, no warnings."""
    out = []
    for record in extract(SAMPLES / file):
        data = record.model_dump(mode="json", exclude={"source", "warnings"})
        data["title"] = record.source.title
        out.append(squash(data))
    return out


@pytest.mark.parametrize(
    ("seed", "other"), [(seed, other) for seed, others in RENDERINGS.items() for other in others]
)
def test_same_list_gives_the_same_records_in_every_format(seed: str, other: str) -> None:
    expected, got = content(seed), content(other)
    assert len(got) == len(expected)
    for want, have in zip(expected, got, strict=True):
        assert have == want, want["name"]
