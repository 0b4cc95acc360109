"""What libraries log while they read a file, kept and reported once, naming file and page.

pdfminer logs each problem it meets through ``logging`` ("Data-loss while decompressing
corrupted data", "Could not get FontBBox from font descriptor …"); with no handler set up,
Python prints every one on stderr, without the file's name, thousands of times for one
damaged PDF. Here they are collected per message while a file is read and become the
file's warnings: "page 3: pdfminer: Data-loss while decompressing corrupted data (×1,204)".

``logging`` itself is loaded only when there is a library to listen to (PDFium logs
nothing through it, so the default PDF engine never loads it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..problems import Note, Problem

MESSAGES_KEPT = 10  # distinct messages reported per file; the rest are counted
WARNING = 30  # logging.WARNING: what is collected


@dataclass
class _Seen:
    text: str
    pages: list[int] = field(default_factory=list)
    count: int = 0


@dataclass
class LibraryLog:
    """What the libraries logged while a file was read, per distinct message."""

    page: int | None = None  # the page being read, set by the reader
    seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)
    other: int = 0

    def note(self, record: Any) -> None:
        """Keep one ``logging.LogRecord``."""
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

    def warnings(self) -> list[Note]:
        out: list[Note] = []
        for (library, _), seen in self.seen.items():
            where = f"{_pages(seen.pages)}: " if seen.pages else ""
            times = f" (×{seen.count:,})" if seen.count > 1 else ""
            page = seen.pages[0] if len(seen.pages) == 1 else None
            out.append(Problem("library-message", f"{where}{library}: {seen.text}{times}", page=page))
        if self.other:
            out.append(Problem("library-message", f"{self.other:,} more library messages of other kinds"))
        return out


def _pages(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]}"
    shown = ", ".join(str(p) for p in pages[:5])
    return f"pages {shown}{' …' if len(pages) > 5 else ''}"


def _handler(log: LibraryLog) -> Any:
    import logging

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            log.note(record)

    return Handler(WARNING)


@contextmanager
def captured(warnings: list[Note], *loggers: str) -> Iterator[LibraryLog]:
    """While the block runs, what ``loggers`` log at WARNING or above is collected (and not
    printed); when it ends, one warning per distinct message is added to ``warnings``."""
    log = LibraryLog()
    saved = []
    if loggers:
        import logging

        handler = _handler(log)
        for name in loggers:
            logger = logging.getLogger(name)
            saved.append((logger, logger.propagate))
            logger.addHandler(handler)
            logger.propagate = False
    try:
        yield log
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate
        warnings.extend(log.warnings())
