"""Categories: a printed value or a section heading's words → one of record.md's categories."""

from __future__ import annotations

import re

from ..lexicon import category_from_code, standard_category

__all__ = ["category_from_code", "normalize_category", "standard_category"]

_SPACE = re.compile(r"\s+")


def normalize_category(raw: str | None) -> str | None:
    """ "行政处罚类" → 行政处罚, "其他职权" → 其他行政权力, "行政监督" → 行政监督 (kept as printed)."""
    if raw is None:
        return None
    text = _SPACE.sub("", raw)
    if not text:
        return None
    return standard_category(text) or text
