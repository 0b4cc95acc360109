"""Format readers. Each module exposes ``read(path) -> Document``.

The reader is chosen by the file's suffix and confirmed by its first bytes, so
a file whose content does not match its name gets a clear error instead of a
traceback from deep inside a parser.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..ir import Document
from ..problems import Problem
from . import sniff

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

# How PDFs are read: "pdfium" (PDFium's parser via pypdfium2: several times faster) or
# "pdfplumber" (pdfminer, the reference the PDFium engine is tested against). The command's
# --pdf-engine sets it; QINGDAN_PDF_ENGINE in the environment too.
PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"
_pdf_engine: str | None = None


def selected_pdf_engine() -> str:
    engine = _pdf_engine or os.environ.get("QINGDAN_PDF_ENGINE") or DEFAULT_PDF_ENGINE
    return engine if engine in PDF_ENGINES else DEFAULT_PDF_ENGINE


def set_pdf_engine(engine: str | None) -> None:
    """Choose the PDF engine for every PDF read after this (None: back to the default)."""
    global _pdf_engine
    if engine is not None and engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from {', '.join(PDF_ENGINES)})")
    _pdf_engine = engine


_page_processes = 1


def page_processes() -> int:
    """Processes a long PDF's pages are read in (pdf_pages.py); 1 unless the command asks."""
    return _page_processes


def set_page_processes(n: int) -> None:
    global _page_processes
    _page_processes = max(1, n)


@contextmanager
def using_pdf_engine(engine: str) -> Iterator[None]:
    previous = _pdf_engine
    set_pdf_engine(engine)
    try:
        yield
    finally:
        set_pdf_engine(previous)


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


def _named_module(path: Path) -> str:
    """The reader module a file's name calls for (read_document also looks at its content)."""
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(
            path, f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"
        )
    return READERS[suffix][0]


def _reader_module(path: Path, module_name: str) -> Callable[[Path], Document]:
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:  # a reader not built yet, or an optional dependency missing
        raise InputError(
            path, f"no reader for {path.suffix} files is available ({exc.name} missing)"
        ) from exc
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
    named = _named_module(path)
    actual = sniff.content_reader(path)  # a PDF saved as .doc, a workbook named .docx …
    module = actual if actual is not None else named
    read = _reader_module(path, module)
    try:
        document = read(path)
    except InputError:
        raise
    except (OSError, PermissionError) as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if module != named:
        message = f"named {path.suffix} but {sniff.CONTENT_NAMES[module]}: read as one"
        document.warnings.insert(0, Problem("format-mismatch", message))
    return document
