"""Looking at bytes before a parser does: what a file is, which text encoding, and whether a
zip is safe to open.

What a file is: its first bytes (a PDF, a zip holding a Word document or a workbook, an
image) choose the reader when the file's name says otherwise (``content_reader``).

Decoding: a page or text file whose bytes are almost all one encoding is read in that
encoding even when a few bytes are broken (a stray 0xFF, a cut multi-byte character);
the broken bytes become U+FFFD and the reader says where. Losing a whole list to one bad
byte is worse than a replacement character the user is told about.

Zips (.docx, .xlsx): every member's unpacked size is checked against the size limit, and
its packing ratio against the zip-ratio limit, before anything is unpacked. Python's zipfile
never unpacks more than a member's declared size, so the declared sizes are a real bound.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .. import limits
from ..errors import InputError

PDF_MAGIC = b"%PDF"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word and Excel 97-2003, WPS, encrypted OOXML
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")

BAD = "\udc00"  # what an undecodable byte run becomes first: no valid decoding yields a lone surrogate
REPLACEMENT = "\ufffd"
ERRORS = "qingdan-mark"

# The declared (or first-tried) encoding is kept while its broken bytes are at most this
# share of the non-ASCII bytes: a UTF-8 page with one bad byte stays UTF-8, a GBK page
# mislabelled UTF-8 (nearly every Chinese character broken) does not.
MAX_BAD_SHARE = 0.02


def _mark(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return BAD, exc.end


codecs.register_error(ERRORS, _mark)


@dataclass
class Decoded:
    text: str  # broken bytes already replaced by U+FFFD
    encoding: str
    bad: int  # how many broken byte runs were replaced
    first_bad: int | None  # offset in ``text`` of the first


def count_non_ascii(data: bytes) -> int:
    return len(data) - len(data.translate(None, bytes(range(128))))


def decode(data: bytes, candidates: Iterable[str]) -> Decoded:
    """``data`` in the first candidate that decodes it cleanly; else in the first whose broken
    bytes are few (MAX_BAD_SHARE); else in the one with the fewest broken bytes."""
    tried: list[tuple[int, int, str, str]] = []
    non_ascii = max(1, count_non_ascii(data))
    for order, encoding in enumerate(dict.fromkeys(candidates)):
        try:
            text = data.decode(encoding, errors=ERRORS)
        except LookupError:
            continue
        bad = text.count(BAD)
        if bad == 0:
            return Decoded(text, encoding, 0, None)
        tried.append((bad, order, encoding, text))
        if bad / non_ascii <= MAX_BAD_SHARE:
            return _replaced(text, encoding, bad)
    if not tried:
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", 0, None)
    bad, _, encoding, text = min(tried)
    return _replaced(text, encoding, bad)


def _replaced(text: str, encoding: str, bad: int) -> Decoded:
    return Decoded(text.replace(BAD, REPLACEMENT), encoding, bad, text.find(BAD))


def where(text: str, offset: int) -> str:
    """ "line 12, column 5" for an offset in ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def bad_bytes_warning(decoded: Decoded) -> str | None:
    if not decoded.bad or decoded.first_bad is None:
        return None
    return (
        f"{decoded.bad} undecodable byte sequence(s) in {decoded.encoding} replaced by U+FFFD, "
        f"the first at {where(decoded.text, decoded.first_bad)}"
    )


# ---------------------------------------------------------------- what a file is

CONTENT_NAMES = {"pdf": "a PDF", "docx": "a Word document", "xlsx": "an Excel workbook", "ocr": "an image"}


def content_reader(path: Path) -> str | None:
    """The reader module a file's first bytes call for, or None when they do not say. Only the
    kinds another reader than the name's must read: a web page saved as .doc, or a .docx
    named .doc, each reader tells by itself."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return None  # the named reader says why
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith(IMAGE_MAGICS):
        return "ocr"
    if head.startswith(ZIP_MAGIC):
        names = zip_names(path)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def zip_names(path: Path) -> set[str]:
    """The members of a zip (its directory only is read); none for a broken one."""
    import zipfile  # only for a zip

    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        return set()  # the named reader says what is wrong in its own words


# ---------------------------------------------------------------- zips


def check_zip(source: Path | IO[bytes], path: Path) -> None:
    """InputError when a member of the zip would unpack to more than the size limit, or
    unpacks at a ratio only a zip bomb has."""
    import zipfile  # only for a zip

    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not readable as a zip: the reader says so in its own words
    total = 0
    for info in infos:
        total += info.file_size
        limits.check_size(path, f"{info.filename} (inside the zip) unpacks to", info.file_size)
        packed = max(1, info.compress_size)
        ratio = info.file_size / packed
        if info.file_size > limits.ZIP_RATIO_FLOOR and ratio > limits.current.max_zip_ratio:
            raise InputError(
                path,
                f"{info.filename} (inside the zip) unpacks to {limits.human(info.file_size)} from "
                f"{limits.human(info.compress_size)} (×{ratio:.0f}, limit ×{limits.current.max_zip_ratio}): "
                "a zip bomb, not a document (see --limit zip-ratio=N)",
            )
    limits.check_size(path, "the zip's content unpacks to", total)
