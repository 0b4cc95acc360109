"""What libraries log while they read a file, kept and reported once, naming file and page.

pdfminer logs each problem it meets through ``logging`` ("Data-loss while decompressing
corrupted data", "Could not get FontBBox from font descriptor …"); with no handler set up,
Python prints every one on stderr, without the file's name, thousands of times for one
damaged PDF. Here they are collected per message while a file is read and become the
file's warnings: "page 3: pdfminer: Data-loss while decompressing corrupted data (×1,204)".
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

MESSAGES_KEPT = 10  # distinct messages reported per file; the rest are counted


@dataclass
class _Seen:
    text: str
    pages: list[int] = field(default_factory=list)
    count: int = 0


class LibraryLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.page: int | None = None  # the page being read, set by the reader
        self.seen: dict[tuple[str, str], _Seen] = {}
        self.other = 0

    def emit(self, record: logging.LogRecord) -> None:
        key = (record.name.split(".")[0], str(record.msg))  # the message before its arguments
        seen = self.seen.get(key)
        if seen is None:
            if len(self.seen) >= MESSAGES_KEPT:
                self.other += 1
                return
            try:
                text = record.getMessage()
            except Exception:  # a library's own bad format string
                text = str(record.msg)
            seen = self.seen[key] = _Seen(text=" ".join(text.split())[:300])
        seen.count += 1
        if self.page is not None and self.page not in seen.pages:
            seen.pages.append(self.page)

    def warnings(self) -> list[str]:
        out = []
        for (library, _), seen in self.seen.items():
            where = f"{_pages(seen.pages)}: " if seen.pages else ""
            times = f" (×{seen.count:,})" if seen.count > 1 else ""
            out.append(f"{where}{library}: {seen.text}{times}")
        if self.other:
            out.append(f"{self.other:,} more library messages of other kinds")
        return out


def _pages(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    shown = ", ".join(str(p) for p in pages[:5])
    return f"pages {shown}{' …' if len(pages) > 5 else ''}"


@contextmanager
def captured(warnings: list[str], *loggers: str) -> Iterator[LibraryLog]:
    """While the block runs, what ``loggers`` log at WARNING or above is collected (and not
    printed); when it ends, one warning per distinct message is added to ``warnings``."""
    handler = LibraryLog()
    saved = []
    for name in loggers:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield handler
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate
        warnings.extend(handler.warnings())
