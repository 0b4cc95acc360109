"""A general dictionary of Chinese words: which of a recogniser's readings of a glyph makes a word.

The words are jieba's dictionary (``jieba/dict.txt``: 349 046 entries gathered from the People's
Daily and other general corpora), installed with the OCR extra. Only words of
:data:`WORD_LENGTHS` characters are kept: a glyph is looked up with its neighbours on either
side. The file is read at the first question (a few tenths of a second), which only the OCR
path asks, and jieba itself is never imported.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

WORD_LENGTHS = range(2, 5)  # a glyph and up to three neighbours: longer entries are names and idioms


class NoDictionary(Exception):
    """The dictionary's package (jieba) is not installed."""


@cache
def _words() -> frozenset[str]:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise NoDictionary("jieba")
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    if not path.is_file():
        raise NoDictionary("jieba")
    with path.open(encoding="utf-8") as lines:
        heads = (line.split(" ", 1)[0] for line in lines)
        return frozenset(w for w in heads if len(w) in WORD_LENGTHS)


def have_dictionary() -> bool:
    try:
        _words()
    except NoDictionary:
        return False
    return True


def is_word(text: str) -> bool:
    """Whether ``text`` (2 to 4 characters) is a word of the dictionary."""
    return text in _words()
