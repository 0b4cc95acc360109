"""Cell text by record.md's rules.

Lines the source wrapped only to fit a cell's width are joined with nothing
between them; a break the author made — before "2.", "（二）", "第三条", "【法律】",
after a full stop or semicolon — stays a newline. Spaces collapse to one;
U+3000 and U+00A0 count as spaces; an empty cell is None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicon import fold_lookalikes
from ..reassemble import Piece

_AUTHOR_BREAK_BEFORE = re.compile(
    r"^(?:"
    r"\d{1,3}(?:-\d{1,3})?\s*[.、．)）](?!\d)"  # 1.  2、  1-1.  3)
    r"|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[）)]"  # （二） (3)
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]"  # 二、
    r"|[①-⑳]"
    r"|[A-Za-z]\s*[.、．)]"
    r")"
)
# "第八十七条", "【法律】" start a paragraph only after a finished phrase: a wrap can
# also fall before them ("依照\n第二十三条")
_WEAK_BREAK_BEFORE = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条|【)")
_PHRASE_END = re.compile(r"[。；;：:！？!?）)》」』】\]\"”’]$")
_AUTHOR_BREAK_AFTER = re.compile(r"[。；;！？!?：:]$")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_LATIN_END = re.compile(r"[A-Za-z0-9,.;:%)\]]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(\[]")


def clean_line(line: str) -> str:
    return _SPACES.sub(" ", fold_lookalikes(line)).strip()


def is_author_break(before: str, after: str) -> bool:
    if _AUTHOR_BREAK_BEFORE.match(after) or _AUTHOR_BREAK_AFTER.search(before):
        return True
    return bool(_WEAK_BREAK_BEFORE.match(after) and _PHRASE_END.search(before))


def join_wrapped(before: str, after: str) -> str:
    """Join two visual lines of one cell."""
    if is_author_break(before, after):
        return before + "\n" + after
    if _LATIN_END.search(before) and _LATIN_START.match(after):
        return before + " " + after  # two Latin words or numbers: the wrap ate a space
    return before + after


def join_lines(lines: Sequence[str], wrapped: bool) -> str:
    cleaned = [clean_line(line) for line in lines]
    cleaned = [line for line in cleaned if line]
    if not cleaned:
        return ""
    if not wrapped:
        return "\n".join(cleaned)
    text = cleaned[0]
    for line in cleaned[1:]:
        text = join_wrapped(text, line)
    return text


def cell_text(pieces: Sequence[Piece]) -> str | None:
    """One field's text from the pieces of the rows an item spans."""
    text = ""
    for piece in pieces:
        part = join_lines(piece.lines, piece.wrapped)
        if not part:
            continue
        if not text:
            text = part
        elif piece.soft_join:
            text = join_wrapped(text, part)  # a cell a page break cut in two
        else:
            text = text + "\n" + part
    return text or None


def strip_all_space(text: str | None) -> str | None:
    if text is None:
        return None
    compact = re.sub(r"[\s\u3000\u00a0]+", "", text)
    return compact or None
