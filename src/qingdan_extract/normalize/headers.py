"""Header text -> record field: the synonym table first, fuzzy matching second."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from ..vocab import OTHER_HEADER_WORDS, SYNONYM_TO_FIELD, header_key

FUZZY_CUTOFF = 85.0


@lru_cache(maxsize=4096)
def field_for_header(text: str) -> str | None:
    """The field a column header maps to, or None (the column goes to `extra`).

    "子项名称 (无子项时无需填写)" → sub_name; "职\\n权\\n类\\n别" → category;
    "行使主体（所属部门）" → subject (bracketed notes never decide).
    """
    key = header_key(text)
    if not key:
        return None
    if key in SYNONYM_TO_FIELD:
        return SYNONYM_TO_FIELD[key]
    if key in OTHER_HEADER_WORDS or len(key) < 3:
        return None
    # "实施依据及条款", "权力事项名称": a known header with words added after it
    prefixes = [word for word in SYNONYM_TO_FIELD if len(word) >= 3 and key.startswith(word)]
    if prefixes:
        return SYNONYM_TO_FIELD[max(prefixes, key=len)]
    match = process.extractOne(key, list(SYNONYM_TO_FIELD), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return SYNONYM_TO_FIELD[match[0]] if match else None


def is_header_word(text: str) -> bool:
    """Whether a cell reads like a column header (known or at least header-shaped)."""
    key = header_key(text)
    return bool(key) and (field_for_header(text) is not None or key in OTHER_HEADER_WORDS)


def map_columns(headers: list[str]) -> list[str | None]:
    """Fields for a header row; a field claimed twice keeps its first column, later ones go to extra."""
    seen: set[str] = set()
    fields: list[str | None] = []
    for text in headers:
        field = field_for_header(text)
        if field in seen:
            field = None
        if field:
            seen.add(field)
        fields.append(field)
    return fields
