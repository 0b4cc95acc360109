"""Put back rows whose empty cells were dropped.

Some exports drop a row's empty cells, so every value after the first gap
slides left ("行政处罚" lands under 子项名称, the body under 权力类型 …).
Each value has a kind (a serial, a category word, a code, an organisation, a
short or a long text) and each column a field that expects some kinds; the
values are re-placed, keeping their order, where they fit best. A row is only
moved when that fits clearly better than where it stands.
"""

from __future__ import annotations

import re

from ..lexicon import is_category_word
from .lines import is_serial

_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\s\-]{5,}")
_ORG_END = re.compile(r"(局|委员会|委|厅|部|政府|中心|办公室|院|所|站|队|股|科|室|处|办|组)$")

MARGIN = 4  # how much better a re-placement must fit before a row is moved

# field -> kind -> score; kinds missing from a field's table score DEFAULT
FIT: dict[str | None, dict[str, int]] = {
    "seq": {"serial": 3},
    "category": {"category": 3, "short": -1},
    "code": {"code": 3},
    "sub_code": {"code": 3},
    "subject": {"org": 2, "short": 0, "category": -3},
    "undertaker": {"org": 2, "short": 0, "category": -3},
    "name": {"short": 2, "long": 1, "org": -1, "category": -1},
    "sub_name": {"short": 0, "long": -1, "org": -1, "category": -2},
}
DEFAULT_FIT: dict[str, int] = {"serial": -5, "category": -4, "code": -4, "org": -3, "short": -2, "long": -4}
TEXT_FIELDS_FIT: dict[str, int] = {"long": 1, "short": 0, "org": -1, "category": -2, "code": -2, "serial": -3}
FREE_FIT: dict[str, int] = {}  # remark, extra columns: anything goes


def kind_of(value: str) -> str:
    value = value.strip()
    if is_serial(value):
        return "serial"
    if is_category_word(value):
        return "category"
    if _CODE.fullmatch(value) and sum(ch.isdigit() for ch in value) >= 4:
        return "code"
    if len(value) <= 30 and "\n" not in value and _ORG_END.search(value):
        return "org"
    return "short" if len(value) <= 40 and "\n" not in value else "long"


def fit(field: str | None, kind: str) -> int:
    if field in FIT:
        return FIT[field].get(kind, DEFAULT_FIT[kind])
    if field in ("remark", "level", None):
        return FREE_FIT.get(kind, 0)
    return TEXT_FIELDS_FIT[kind]


def realign(values: list[str], fields: list[str | None]) -> list[int] | None:
    """New column positions for a row's cells, or None when they stand right.

    ``values`` has one entry per column ("" for empty); the result maps each
    non-empty value, in order, to its new column.
    """
    filled = [i for i, v in enumerate(values) if v.strip()]
    if not filled:
        return None
    kinds = [kind_of(values[i]) for i in filled]
    fits = [fit(fields[i], k) for i, k in zip(filled, kinds, strict=True)]
    if min(fits) >= 0:
        return None  # every value fits where it stands
    as_is = sum(fits)
    best, positions = best_placement(kinds, fields)
    if positions[0] != filled[0]:
        return None  # the first value (the serial) never moves: this is not a row that lost cells
    if best >= as_is + MARGIN and positions != filled:
        return positions
    return None


def best_placement(kinds: list[str], fields: list[str | None]) -> tuple[int, list[int]]:
    """Order-keeping assignment of values to columns with the highest total fit (dynamic programming)."""
    m, n = len(kinds), len(fields)
    neg = -(10**9)
    # score[i][j]: best total placing the first i values within the first j columns
    score = [[neg] * (n + 1) for _ in range(m + 1)]
    take = [[False] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        score[0][j] = 0
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            skip = score[i][j - 1]
            use = score[i - 1][j - 1] + fit(fields[j - 1], kinds[i - 1])
            if use > skip:  # on a tie keep the value in the earlier column
                score[i][j], take[i][j] = use, True
            else:
                score[i][j] = skip
    positions: list[int] = []
    i, j = m, n
    while i > 0:
        if take[i][j]:
            positions.append(j - 1)
            i -= 1
        j -= 1
    return score[m][n], positions[::-1]
