"""Coverage: did every character of the table reach the output?

For each item, every piece of cell text the reassembler gave it must appear in the item's
record (whitespace removed): as a substring of a field, of an `extra` value or key, the
title or the section. Rows no list took count as lost. Coverage is the share of the source's
non-whitespace characters found; below 100 % the lost texts are named. This turns "nothing
is lost" into a check run on every file, not a hope.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .reassemble import RawItem
from .record_data import COLUMN_FIELDS, RecordData

_SPACE = re.compile(r"[\s\u3000\u00a0]+")
MAX_LOST_SHOWN = 20  # lost texts kept for the report; the count is always whole
LOST_TEXT_CHARS = 60  # each shown this long at most


def squeeze(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass
class Coverage:
    chars: int = 0  # non-whitespace characters of the source's item cells and unread rows
    covered: int = 0
    lost: list[str] = field(default_factory=list)  # the texts (shortened) that reached no record
    lost_count: int = 0

    @property
    def ratio(self) -> float:
        return self.covered / self.chars if self.chars else 1.0

    def add_item(self, item: RawItem, record: RecordData) -> None:
        blob = record_text(record)
        have: Counter[str] | None = None
        for column in item.columns:
            for piece in column:
                text = squeeze("".join(piece.lines))
                if not text:
                    continue
                self.chars += len(text)
                if text in blob or squeeze("\n".join(piece.lines)) in blob:
                    self.covered += len(text)
                    continue
                have = have if have is not None else Counter(blob)
                found = sum(min(n, have[ch]) for ch, n in Counter(text).items())
                self.covered += found
                if found < len(text):
                    self.note_lost(text)

    def add_lost(self, text: str) -> None:
        text = squeeze(text)
        if text:
            self.chars += len(text)
            self.note_lost(text)

    def note_lost(self, text: str) -> None:
        self.lost_count += 1
        if len(self.lost) < MAX_LOST_SHOWN:
            self.lost.append(text[:LOST_TEXT_CHARS] + ("…" if len(text) > LOST_TEXT_CHARS else ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "chars": self.chars,
            "covered": self.covered,
            "ratio": round(self.ratio, 6),
            "lost": self.lost,
            "lost_count": self.lost_count,
        }


def record_text(record: RecordData) -> str:
    """Every text of a record, whitespace removed, one string (fields kept apart by NUL)."""
    parts: list[str] = []
    for name in ("category_raw", *COLUMN_FIELDS):
        value = getattr(record, name)
        if isinstance(value, str):
            parts.append(squeeze(value))
    for key, value in record.extra.items():
        parts += [squeeze(key), squeeze(value)]
    for value in (record.section, record.source.title):
        if value:
            parts.append(squeeze(value))
    return "\x00".join(parts)
