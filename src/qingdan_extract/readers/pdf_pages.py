"""Reading a long PDF's pages in two processes.

Pages are independent but for one thing: an unruled table's columns carry over from page
to page (``pdf.GuessState``). So the second half is read by a forked child starting from
a fresh state, while this process reads the first half; then, if the first half ended
inside an unruled table, its pages are read again here, carrying that state, until the
state after a page is the one the child had after it — from there on the child's pages
are what a reading in order gives. The blocks are the same as one process's, page for
page (tests/test_pdf_engines.py compares them).
"""

from __future__ import annotations

import contextlib
from copy import deepcopy
from pathlib import Path
from typing import Any

from ..ir import Block
from ..problems import Note

PARALLEL_MIN_PAGES = 100  # below this a second process costs about what it saves

PageResult = tuple[int, list[Block], int, list[Note], Any]  # page, blocks, chars, warnings, state after


def read_range(path: Path, engine: str, first: int, last: int, state: Any) -> list[PageResult]:
    """Pages ``first``..``last`` (1-based, inclusive), starting from ``state``."""
    from .pdf import opened

    with opened(path, engine) as pdf:
        return [read_one(pdf, page_no, state) for page_no in range(first, last + 1)]


def read_one(pdf: Any, page_no: int, state: Any) -> PageResult:
    from .pdf import read_page

    page = pdf.pages[page_no - 1]
    warnings: list[Note] = []
    blocks, n_chars = read_page(page, page_no, warnings, state)
    page.close()
    return (page_no, blocks, n_chars, warnings, deepcopy(state))


def _child(conn: Any, path: Path, engine: str, first: int, last: int) -> None:
    import pickle

    from .pdf import GuessState

    try:
        result: Any = read_range(path, engine, first, last, GuessState())
    except BaseException as exc:  # reported to the parent, which reads the range itself
        result = exc if isinstance(exc, Exception) else None
    with contextlib.suppress(Exception):
        conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    conn.close()


def read_in_two(path: Path, engine: str, n_pages: int) -> list[PageResult]:
    """Every page's result, in order, read by this process and a forked child."""
    import multiprocessing  # only for long files: it loads socket, selectors …
    import pickle

    from .pdf import GuessState

    fork = multiprocessing.get_context("fork")  # the child inherits the loaded code
    split = n_pages // 2
    receiver, sender = fork.Pipe(duplex=False)
    child = fork.Process(target=_child, args=(sender, path, engine, split + 1, n_pages), daemon=True)
    child.start()
    sender.close()
    try:
        state = GuessState()
        head = read_range(path, engine, 1, split, state)
        try:
            tail: Any = pickle.loads(receiver.recv_bytes())
        except (EOFError, OSError):
            tail = None
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
    if not isinstance(tail, list):  # the child failed: read its pages here
        return head + read_range(path, engine, split + 1, n_pages, state)
    return head + catch_up(path, engine, state, tail)


def catch_up(path: Path, engine: str, state: Any, tail: list[PageResult]) -> list[PageResult]:
    """The child's pages as a reading in order gives them: while ``state`` (carried from
    the pages before) differs from the child's, re-read the page here."""
    from .pdf import GuessState, opened

    if state == GuessState():
        return tail
    out: list[PageResult] = []
    with opened(path, engine) as pdf:
        for i, (page_no, *_, child_state) in enumerate(tail):
            out.append(read_one(pdf, page_no, state))
            if state == child_state:
                return out + tail[i + 1 :]
    return out
