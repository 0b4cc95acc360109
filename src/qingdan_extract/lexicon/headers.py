"""One matcher for header text, used by the readers, the reassembler and the normaliser."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .lookalikes import fold_lookalikes, fold_traditional
from .words import COMPOUND_JOINERS, EXTRA, HEAD_RULES, KNOWN_HEADERS

# how a header was understood (the report shows it)
SYNONYM = "synonym"  # a header text listed in words.KNOWN_HEADERS
RULE = "rule"  # decided by its head noun and qualifiers
FUZZY = "fuzzy"  # close to a listed header (a typo, a variant character)
CONTENT = "content"  # no header rule knew it; its values decided
NONE = "none"  # nothing decided: the column goes to `extra`

FUZZY_CUTOFF = 85.0  # rapidfuzz ratio: one character off in a 6–7 character header
MAX_HEADER_KEY = 24  # a header cell, notes removed, is short; item text is longer

_BRACKETED = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]?")
_SPACE = re.compile(r"[\s\u3000\u00a0]+")


def header_key(text: str) -> str:
    """A header as compared: look-alike code points folded, whitespace and bracketed notes removed."""
    folded = fold_traditional(fold_lookalikes(text))
    return _BRACKETED.sub("", _SPACE.sub("", unicodedata.normalize("NFKC", folded)))


@dataclass(frozen=True)
class HeaderMatch:
    field: str | None  # None: the column goes to `extra`
    how: str  # SYNONYM, RULE, FUZZY or NONE
    known: bool  # the text is a header we recognise (also one that goes to extra)


NO_MATCH = HeaderMatch(None, NONE, False)


@lru_cache(maxsize=8192)
def match_header(text: str, fuzzy: bool = True) -> HeaderMatch:
    """The field a column header gives.

    "子项名称 (无子项时无需填写)" → sub_name; "职\\n权\\n类\\n别" → category; "拟实施职权名称" → name
    (head noun 名称); "权力事项类型" → category (the head decides, not 事项); "承接单位" → extra.
    """
    key = header_key(text)
    if not key:
        return NO_MATCH
    if key in KNOWN_HEADERS:
        return HeaderMatch(KNOWN_HEADERS[key], SYNONYM, True)
    if len(key) > MAX_HEADER_KEY:
        return NO_MATCH  # item text, not a header
    for joiner in COMPOUND_JOINERS:  # "检查内容及要求": the first part decides when it can
        head, sep, _ = key.partition(joiner)
        if sep and head:
            first = match_header(head, fuzzy)
            if first.known:
                return HeaderMatch(first.field, RULE, True)
    by_rule = head_rule(key)
    if by_rule is not None:
        return by_rule
    if fuzzy and len(key) >= 3:
        from rapidfuzz import fuzz, process  # only for headers no rule decides: kept off start-up

        found = process.extractOne(key, list(KNOWN_HEADERS), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if found is not None:
            return HeaderMatch(KNOWN_HEADERS[found[0]], FUZZY, True)
    return NO_MATCH


def head_rule(key: str) -> HeaderMatch | None:
    """Decide by the head noun the header ends with, then by its qualifiers."""
    heads = [head for head in HEAD_RULES if key.endswith(head)]
    if not heads:
        # a listed header with words added after it: "实施依据及条款", "权力事项名称表"
        known = [k for k in KNOWN_HEADERS if len(k) >= 4 and key.startswith(k)]
        if known:
            return HeaderMatch(KNOWN_HEADERS[max(known, key=len)], RULE, True)
        return None
    head = max(heads, key=len)
    field, turns, accepted = HEAD_RULES[head]
    qualifier = key[: -len(head)]
    for word, other in turns.items():
        if word in qualifier:
            return HeaderMatch(other, RULE, True)
    if accepted is not None:
        plain = not qualifier and "" in accepted
        if not plain and not any(q and qualifier.endswith(q) for q in accepted):
            return HeaderMatch(EXTRA, RULE, True)
    return HeaderMatch(field, RULE, True)


def field_for_header(text: str) -> str | None:
    return match_header(text).field


def is_header_text(text: str) -> bool:
    """Whether a cell reads like a column header we recognise (also one that goes to extra):
    listed or decided by a rule. Telling header rows from data needs no fuzzy matching (and
    data cells are many); mapping a header's column does (match_header)."""
    return match_header(text, fuzzy=False).known


def header_likeness(a: list[str], b: list[str]) -> float:
    """How alike two header rows are (a header repeated on a later page, maybe re-wrapped)."""
    if len(a) != len(b) or not a:
        return 0.0
    pairs = [(header_key(x), header_key(y)) for x, y in zip(a, b, strict=True)]
    differ = [(x, y) for x, y in pairs if x != y]
    if differ:
        from rapidfuzz import fuzz  # only when a header is not repeated as it was

        differ = [(x, y) for x, y in differ if fuzz.ratio(x, y) < FUZZY_CUTOFF]
    return 1 - len(differ) / len(pairs)
