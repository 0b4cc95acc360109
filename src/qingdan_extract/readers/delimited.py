"""Delimited text (CSV, and tab-separated text): physical lines to records to fields.

Excel and most exports quote a cell that holds the delimiter, a quote or a line
break: ``"第一段<newline>第二段"`` runs over two lines, and ``""`` inside stands for one
quote. A field counts as quoted only when it starts with a quote and its closing
quote is followed by the delimiter or the end of the record; otherwise its quotes
are text (``"双随机"检查`` stays as it is). A quote still open after
``MAX_RECORD_LINES`` lines is text too, so a stray quote cannot swallow the file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .. import limits
from ..errors import InputError

MAX_RECORD_LINES = 200


def records(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number of its first line, fields) for each record."""
    source = enumerate(lines, start=1)
    pushed_back: deque[tuple[int, str]] = deque()

    def next_line() -> tuple[int, str] | None:
        return pushed_back.popleft() if pushed_back else next(source, None)

    while (first := next_line()) is not None:
        try:
            fields = _record(first, next_line, pushed_back, delimiter)
        except InputError as exc:
            raise InputError(exc.path, f"line {first[0]}: {exc.message}") from None
        yield first[0], fields


def _record(
    first: tuple[int, str],
    next_line: Callable[[], tuple[int, str] | None],
    pushed_back: deque[tuple[int, str]],
    delimiter: str,
) -> list[str]:
    held = [first]
    text = first[1]
    fields = split_fields(text, delimiter)
    while fields is None:  # a quoted field goes on in the next line
        following = next_line() if len(held) < MAX_RECORD_LINES else None
        if following is None:  # never closed: the quote was text
            pushed_back.extendleft(reversed(held[1:]))
            fields = split_fields(first[1], delimiter, quoting=False)
            assert fields is not None
            break
        held.append(following)
        text += "\n" + following[1]
        fields = split_fields(text, delimiter)
    return fields


def split_fields(record: str, delimiter: str, quoting: bool = True) -> list[str] | None:
    """The fields of one record; None when a quoted field is still open at its end.
    InputError (without a file name) for a record of more fields than the row-cells limit."""
    most = limits.current.max_row_cells
    if not quoting or '"' not in record:
        fields = record.split(delimiter, most)  # the common case, and quick
        if len(fields) > most:
            raise too_many_cells()
        return fields
    fields = []
    i, n = 0, len(record)
    while True:
        if len(fields) >= most:
            raise too_many_cells()
        if quoting and record.startswith('"', i):
            end = closing_quote(record, i + 1)
            if end is None:
                return None
            if end + 1 == n or record[end + 1] == delimiter:
                fields.append(record[i + 1 : end].replace('""', '"'))
                if end + 1 == n:
                    return fields
                i = end + 2
                continue
            # the quote was text: read the field as it stands
        cut = record.find(delimiter, i)
        if cut == -1:
            fields.append(record[i:])
            return fields
        fields.append(record[i:cut])
        i = cut + 1


def closing_quote(record: str, start: int) -> int | None:
    """The index of the quote that closes a field opened just before ``start``."""
    at = record.find('"', start)
    while at != -1:
        if record.startswith('""', at):  # an escaped quote
            at = record.find('"', at + 2)
            continue
        return at
    return None


def too_many_cells() -> InputError:
    most = limits.current.max_row_cells
    return InputError(
        "", f"a row has more than {most:,} cells; no list is that wide (see --limit row-cells=N)"
    )
