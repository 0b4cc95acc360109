"""Format readers. Each module exposes ``read(path) -> Document``.

The reader is chosen by the file's suffix and confirmed by its first bytes, so
a file whose content does not match its name gets a clear error instead of a
traceback from deep inside a parser.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ir import Document

# suffix -> (module name, format name)
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "text"),
    ".tsv": ("text", "text"),
    ".csv": ("text", "csv"),
    ".pdf": ("pdf", "pdf"),
    ".docx": ("docx", "docx"),
    ".doc": ("docx", "doc"),
    ".wps": ("docx", "wps"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".xlsx": ("xlsx", "xlsx"),
    ".xls": ("xlsx", "xls"),
    # scanned pages: OCR (readers/ocr.py)
    ".png": ("ocr", "image"),
    ".jpg": ("ocr", "image"),
    ".jpeg": ("ocr", "image"),
    ".tif": ("ocr", "image"),
    ".tiff": ("ocr", "image"),
}

SUPPORTED_SUFFIXES = tuple(sorted(READERS))

OCR_MODES = ("auto", "off", "force")


@dataclass
class OcrSettings:
    """How scanned pages are read (``--ocr``), kept here so that setting it loads nothing.

    ``auto``: OCR the pages that have no text layer; ``off``: never (a scanned file is an
    error); ``force``: every page. ``progress`` is called after each page OCR'd with
    (file, pages done, pages in the file)."""

    mode: str = "auto"
    progress: Callable[[Path, int, int], None] | None = None


ocr_settings = OcrSettings()


def set_ocr_mode(mode: str) -> None:
    if mode not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {mode!r} (choose from {', '.join(OCR_MODES)})")
    ocr_settings.mode = mode


def reader_for(path: Path) -> Callable[[Path], Document]:
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(
            path, f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    module_name, _ = READERS[suffix]
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:  # a reader not built yet, or an optional dependency missing
        raise InputError(path, f"no reader for {suffix} files is available ({exc.name} missing)") from exc
    read: Callable[[Path], Document] = module.read
    return read


def read_document(path: Path) -> Document:
    """Read any supported file into the intermediate, or raise InputError."""
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from exc
    if size == 0:
        raise InputError(path, "file is empty")
    read = reader_for(path)
    try:
        return read(path)
    except InputError:
        raise
    except (OSError, PermissionError) as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
