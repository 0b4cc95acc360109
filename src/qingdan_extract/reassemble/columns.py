"""Which field each column gives: its header first, its values to confirm, to choose and to fill in.

A pure function of a table's header cells and a window of its values, so that every
decision can be tested from a table of cases. Every mapping records how it was made
(lexicon.SYNONYM, RULE, FUZZY, CONTENT or NONE) for the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..lexicon import CONTENT, NONE, HeaderMatch, header_key, match_header, value_kind
from ..lexicon import content as K

# share of a column's values that must be of one kind before the values decide
CONTENT_MAJORITY = 0.6
# a category column whose values are mostly not category labels ("一般检查事项", "定向") is a
# class of another kind: it goes to extra
CATEGORY_CONFIRM = 0.5
# a name column holds text, mostly different from row to row
NAME_DISTINCT = 0.5
GRID_MARKS = frozenset("√✓✔×✗○●是否")  # a level grid's cells: 省 | 市 | 县 with √

# a column with no header, or one nobody knows, takes the field its values read as
CONTENT_FIELDS: dict[str, str] = {
    K.SERIAL: "seq",
    K.CATEGORY: "category",
    K.CODE: "code",
    K.BASIS: "basis",
    K.LEVEL: "level",
}
TEXT_KINDS = (K.SHORT, K.LONG)


@dataclass(frozen=True)
class ColumnHeader:
    """A column's header: its own text and the text of a header cell spanning it and its neighbours."""

    own: str
    group: str = ""

    @property
    def printed(self) -> str:
        """The header as printed, for `extra`: a grid column reads with its group ("行使层级省")."""
        return self.group + self.own if self.group and self.own else self.own or self.group


@dataclass(frozen=True)
class ColumnMapping:
    header: str  # as printed: the key in `extra` (whitespace removed there)
    field: str | None
    how: str  # lexicon.SYNONYM, RULE, FUZZY, CONTENT or NONE
    note: str | None = None  # what the content changed, for warnings and the report


def header_match(header: ColumnHeader) -> tuple[HeaderMatch, bool]:
    """The header's match and whether it came from the spanning group rather than the column's own text.
    A sub-column maps by its own text, read with the group's where its own is not enough."""
    own = match_header(header.own)
    if own.field is not None or own.known or not header.group:
        return own, False
    group = match_header(header.group)
    if group.field is not None:
        return group, True
    return own, False


def profile(values: list[str]) -> Counter[str]:
    return Counter(value_kind(v) for v in values if v.strip())


def share(kinds: Counter[str], *wanted: str) -> float:
    total = sum(kinds.values())
    return sum(kinds[w] for w in wanted) / total if total else 0.0


def is_grid(values: list[str]) -> bool:
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and all(v in GRID_MARKS for v in filled)


def type_columns(
    headers: list[ColumnHeader], values: list[list[str]], name_by_values: bool = True
) -> list[ColumnMapping]:
    """One mapping per column. ``values[c]`` are column c's texts in the first rows of the list.
    With ``name_by_values``, a list whose headers name no item takes its name column by content."""
    n = len(headers)
    fields: list[str | None] = []
    hows: list[str] = []
    grouped: list[bool] = []
    notes: list[str | None] = [None] * n
    kinds = [profile(values[c] if c < len(values) else []) for c in range(n)]
    for c, header in enumerate(headers):
        match, from_group = header_match(header)
        fields.append(match.field)
        hows.append(match.how)
        grouped.append(from_group)
        column = values[c] if c < len(values) else []
        if match.field is not None and header.group and is_grid(column):
            fields[c], hows[c] = None, CONTENT
            notes[c] = f"{header.printed}: √/× grid column, kept in extra"
        elif match.field == "category" and kinds[c] and share(kinds[c], K.CATEGORY) < CATEGORY_CONFIRM:
            fields[c], hows[c] = None, CONTENT
            notes[c] = f"{header_key(header.printed)}: its values are not categories; kept in extra"
    # a field claimed twice keeps its first column; the sub-columns of one group share it
    claimed: dict[str, int] = {}
    for c, field in enumerate(fields):
        if field is None:
            continue
        first = claimed.get(field)
        if first is None:
            claimed[field] = c
        elif not (grouped[c] and grouped[first] and headers[c].group == headers[first].group):
            fields[c] = None
    # columns no header decides take the field their values read as, if no column has it
    for c, header in enumerate(headers):
        if fields[c] is not None or match_header(header.printed).known:
            continue
        kind, count = kinds[c].most_common(1)[0] if kinds[c] else ("", 0)
        field = CONTENT_FIELDS.get(kind)
        if field and field not in claimed and count >= CONTENT_MAJORITY * sum(kinds[c].values()):
            fields[c], hows[c], claimed[field] = field, CONTENT, c
            notes[c] = f"{header_key(header.printed) or f'列{c + 1}'}: read as {field} from its values"
    if "name" not in claimed and name_by_values:
        found = name_by_content(headers, fields, values, kinds)
        if found is not None:
            fields[found], hows[found] = "name", CONTENT
            notes[found] = (
                f"{header_key(headers[found].printed) or f'列{found + 1}'}: no header names the item; "
                "this column was taken as the name from its values"
            )
    return [
        ColumnMapping(
            headers[c].printed, fields[c], hows[c] if fields[c] or hows[c] == CONTENT else NONE, notes[c]
        )
        for c in range(n)
    ]


def name_by_content(
    headers: list[ColumnHeader], fields: list[str | None], values: list[list[str]], kinds: list[Counter[str]]
) -> int | None:
    """The first free column of text that differs from row to row; an unknown header before a known one."""
    candidates: list[tuple[int, int]] = []
    for c, header in enumerate(headers):
        if fields[c] is not None or c >= len(values):
            continue
        filled = [v.strip() for v in values[c] if v.strip()]
        if not filled or share(kinds[c], *TEXT_KINDS) < CONTENT_MAJORITY:
            continue
        if len(set(filled)) < NAME_DISTINCT * len(filled):
            continue
        candidates.append((1 if match_header(header.printed).known else 0, c))
    return min(candidates)[1] if candidates else None
