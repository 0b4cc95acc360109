"""qingdan-extract: published 权责清单 (PDF, Word, web pages, spreadsheets, text) → records of one schema.

>>> from qingdan_extract import extract
>>> records = extract("samples/001_yindu.txt")
>>> records[0].name
"""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .model import Record, Source

__all__ = ["InputError", "Record", "Source", "extract"]
__version__ = "0.1.0"


def extract(path: str | Path) -> list[Record]:
    """The records of one published list; raises InputError when the file cannot be read."""
    from .pipeline import extract_file

    return extract_file(Path(path)).records
