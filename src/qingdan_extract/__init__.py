"""qingdan-extract: published 权责清单 (PDF, Word, web pages, spreadsheets, text) → records of one schema.

>>> from qingdan_extract import extract
>>> records = extract("samples/seed001_yindu.txt")
>>> records[0].name
'对医疗保障经办机构骗取医疗保障基金支出的处罚'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from .model import Record, Source

__all__ = ["InputError", "Record", "Source", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The model (pydantic) loads on first use, so that importing the package stays cheap
    # for the command's entry point (launch.py).
    if name in ("Record", "Source"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract(path: str | Path) -> list[Record]:
    """The records of one published list; raises InputError when the file cannot be read."""
    from .pipeline import extract_file

    return extract_file(Path(path)).records
