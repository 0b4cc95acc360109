"""The words of published lists and the one matcher every stage uses.

This package imports no stage (readers, reassemble, normalize): they import it.
"""

from .categories import category_at_end, category_from_code, is_category_word, standard_category
from .content import reads_like_data, value_kind
from .headers import (
    CONTENT,
    FUZZY,
    NONE,
    RULE,
    SYNONYM,
    HeaderMatch,
    field_for_header,
    header_key,
    header_likeness,
    is_header_text,
    match_header,
)
from .lookalikes import LOOKALIKES, fold_lookalikes
from .words import (
    CATEGORIES,
    CATEGORY_ALIASES,
    CODE_PREFIX_CATEGORY,
    HEADER_PARTS,
    TITLE_WORDS,
    TOTAL_ROW_WORDS,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_ALIASES",
    "CODE_PREFIX_CATEGORY",
    "CONTENT",
    "FUZZY",
    "HEADER_PARTS",
    "LOOKALIKES",
    "NONE",
    "RULE",
    "SYNONYM",
    "TITLE_WORDS",
    "TOTAL_ROW_WORDS",
    "HeaderMatch",
    "category_at_end",
    "category_from_code",
    "field_for_header",
    "fold_lookalikes",
    "header_key",
    "header_likeness",
    "is_category_word",
    "is_header_text",
    "match_header",
    "reads_like_data",
    "standard_category",
    "value_kind",
]
