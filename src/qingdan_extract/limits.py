"""Limits on what one input may cost, so that a small hostile file cannot take the machine down.

Every limit is a named default with the reason for its value; ``configure`` changes them
(the command's ``--max-size``, ``--max-cells`` and ``--limit NAME=VALUE``). The values in
use are ``current``, in this module, so worker processes forked for a batch inherit what
the command set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import InputError

MB = 1 << 20

# The most a reader may hold whole: an HTML page, one part of a .docx/.xlsx once unzipped,
# an .xls/.xlsx workbook, a PDF stream once unpacked, one line or quoted record of text.
# The largest real lists seen are a few tens of MB (a 50-page sheet unzips to ~30 MB);
# parsing costs 5–20× the text size in memory, so 200 MB keeps even the worst case within
# a few GB.
DEFAULT_MAX_SIZE = 200 * MB

# A zip member that unzips to more than this many times its packed size is a bomb unless it
# is small: real sheet and document XML packs 5–30×, a sheet of repeated empty styled cells
# up to ~150×. Members below ZIP_RATIO_FLOOR are never refused on ratio alone.
DEFAULT_MAX_ZIP_RATIO = 500
ZIP_RATIO_FLOOR = 16 * MB

# The most grid positions one table may have (rows × columns, after merged cells are laid
# out). The largest real list seen is ~40,000 rows × 15 columns = 600,000; a position costs
# 150–200 bytes while a table is laid out, so 2 million stays under ~400 MB.
DEFAULT_MAX_CELLS = 2_000_000

# rowspan/colspan, gridSpan, gridBefore/gridAfter beyond this are typos (or attacks), not
# layouts: no printed list has a thousand columns. Larger spans are cut to this.
DEFAULT_MAX_SPAN = 1000

# Cells in one row of delimited text: a list has 5–20 columns; a line of a million commas
# would otherwise become a million empty cells per row.
DEFAULT_MAX_ROW_CELLS = 10_000


@dataclass
class Limits:
    max_size: int = DEFAULT_MAX_SIZE
    max_cells: int = DEFAULT_MAX_CELLS
    max_span: int = DEFAULT_MAX_SPAN
    max_row_cells: int = DEFAULT_MAX_ROW_CELLS
    max_zip_ratio: int = DEFAULT_MAX_ZIP_RATIO


current = Limits()

# --limit NAME=VALUE: the name → the field of Limits
NAMES = {
    "size": "max_size",
    "cells": "max_cells",
    "span": "max_span",
    "row-cells": "max_row_cells",
    "zip-ratio": "max_zip_ratio",
}


def reset() -> None:
    """Every limit back to its default (each command starts from them)."""
    defaults = Limits()
    for name in vars(defaults):
        setattr(current, name, getattr(defaults, name))


def configure(max_size: int | None = None, max_cells: int | None = None, **others: int) -> None:
    if max_size is not None:
        current.max_size = max_size
    if max_cells is not None:
        current.max_cells = max_cells
    for name, value in others.items():
        setattr(current, name, value)


def parse_setting(text: str) -> tuple[str, int]:
    """ "span=2000" → ("max_span", 2000); ValueError naming the choices otherwise."""
    name, _, value = text.partition("=")
    field = NAMES.get(name.strip().lower())
    if field is None or not value.strip():
        raise ValueError(f"{text!r}: expected NAME=VALUE, NAME one of {', '.join(NAMES)}")
    number = parse_size(value) if field == "max_size" else int(value.replace(",", "").replace("_", ""))
    if number < 1:
        raise ValueError(f"{text!r}: a limit must be at least 1")
    return field, number


def human(n: int) -> str:
    """A size the way the messages print it: 1.0 GB, 200 MB, 5 KB."""
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    if n >= MB:
        return f"{n / MB:.0f} MB" if n % MB == 0 else f"{n / MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$", re.I)


def parse_size(text: str) -> int:
    """ "200M", "1.5G", "500k", "1000000" → bytes; ValueError otherwise."""
    match = _SIZE.match(text)
    if match is None:
        raise ValueError(f"not a size: {text!r} (e.g. 200M, 1G)")
    factor = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[match.group(2).lower()]
    return int(float(match.group(1)) * factor)


def check_size(path: object, what: str, size: int) -> None:
    """InputError when ``size`` bytes are more than a reader may hold; ``what`` reads before
    the size ("word/document.xml unpacks to", "the page is")."""
    if size > current.max_size:
        raise InputError(
            str(path),
            f"{what} {human(size)}; limit {human(current.max_size)} (see --max-size)",
        )


def check_cells(path: object, what: str, rows: int, cols: int) -> None:
    if rows * cols > current.max_cells:
        raise InputError(
            str(path),
            f"{what} is {rows:,} rows × {cols:,} columns = {rows * cols:,} cells; "
            f"limit {current.max_cells:,} (see --max-cells)",
        )
