"""Category labels: a printed value or a heading's words → one of record.md's categories."""

from __future__ import annotations

import re

from .words import CATEGORIES, CATEGORY_ALIASES, CODE_PREFIX_CATEGORY

_SPACE = re.compile(r"\s+")
_TRAILING = re.compile(r"(类|事项|职权|权力|类别)$")


def standard_category(text: str) -> str | None:
    """The standard category a printed value means, or None."""
    text = _SPACE.sub("", text)
    if text in CATEGORIES:
        return text
    if text in CATEGORY_ALIASES:
        return CATEGORY_ALIASES[text]
    stripped = _TRAILING.sub("", text)
    if stripped in CATEGORIES:
        return stripped
    if stripped in CATEGORY_ALIASES:
        return CATEGORY_ALIASES[stripped]
    if not stripped.startswith("行政") and "行政" + stripped in CATEGORIES:  # "处罚类"
        return "行政" + stripped
    return None


def is_category_word(text: str) -> bool:
    """A cell that names a category ("行政处罚", "其他类", "行政监督")."""
    text = _SPACE.sub("", text)
    if standard_category(text):
        return True
    return 4 <= len(text) <= 6 and text.startswith("行政") and not text.endswith(("局", "股", "科", "室"))


def category_from_code(code: str | None) -> str | None:
    """GB/T 39046-2020: a 10-digit 基本编码 starts with its category's two digits."""
    if code and len(code) == 10 and code.isdigit():
        return CODE_PREFIX_CATEGORY.get(code[:2])
    return None


def category_at_end(words: str) -> str | None:
    """The category label a heading's words end with ("血吸虫病防治类行政处罚" → 行政处罚)."""
    text = _TRAILING.sub("", _SPACE.sub("", words))
    for label in sorted((*CATEGORIES, *CATEGORY_ALIASES), key=len, reverse=True):
        if len(label) >= 4 and text.endswith(label):
            return CATEGORY_ALIASES.get(label, label)
    return None
