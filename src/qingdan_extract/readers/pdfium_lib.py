"""The few PDFium functions the PDF reader calls, bound straight from pypdfium2's binary.

pypdfium2 ships PDFium as a shared library next to its ``pypdfium2_raw`` package. Its
Python layers (``pypdfium2_raw.bindings`` declares all ~600 functions, ``pypdfium2``
adds helpers that import logging, subprocess …) take about 40 ms to import, a sixth of
converting a 20-page list; the reader needs 40 functions. They are declared here with
plain pointers (``c_void_p``), which also makes each call cheaper, and handles come back
as ints that can key a dict. When the library cannot be found this way, pypdfium2's own
loaded library is used.
"""

from __future__ import annotations

import ctypes
import importlib.util
import sys
from pathlib import Path
from typing import Any

FPDF_PAGEOBJ_TEXT = 1
FPDF_PAGEOBJ_PATH = 2
FPDF_PAGEOBJ_IMAGE = 3
FPDF_PAGEOBJ_FORM = 5
FPDF_SEGMENT_LINETO = 0
FPDF_SEGMENT_BEZIERTO = 1
FPDF_SEGMENT_MOVETO = 2
FPDF_ERR_PASSWORD = 4
FPDF_ERR_SECURITY = 6
ERRORS = {1: "unknown error", 2: "file not found or could not be opened", 3: "not a PDF or corrupted"}
ERRORS |= {4: "password required or incorrect", 5: "unsupported security scheme", 6: "security error"}


class FS_MATRIX(ctypes.Structure):  # PDFium's names
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class FS_RECTF(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in ("left", "top", "right", "bottom")]


_vp, _i, _u, _f, _d = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_float, ctypes.c_double
SIGNATURES: dict[str, tuple[tuple[Any, ...], Any]] = {
    "FPDF_InitLibrary": ((), None),
    "FPDF_LoadMemDocument64": ((_vp, ctypes.c_size_t, ctypes.c_char_p), _vp),
    "FPDF_CloseDocument": ((_vp,), None),
    "FPDF_GetLastError": ((), ctypes.c_ulong),
    "FPDF_GetPageCount": ((_vp,), _i),
    "FPDF_LoadPage": ((_vp, _i), _vp),
    "FPDF_ClosePage": ((_vp,), None),
    "FPDF_GetPageBoundingBox": ((_vp, _vp), _i),
    "FPDFPage_GetRotation": ((_vp,), _i),
    "FPDFPage_GetMediaBox": ((_vp, _vp, _vp, _vp, _vp), _i),
    "FPDFPage_CountObjects": ((_vp,), _i),
    "FPDFPage_GetObject": ((_vp, _i), _vp),
    "FPDFPageObj_GetType": ((_vp,), _i),
    "FPDFPageObj_GetMatrix": ((_vp, _vp), _i),
    "FPDFPageObj_GetStrokeColor": ((_vp, _vp, _vp, _vp, _vp), _i),
    "FPDFPageObj_GetFillColor": ((_vp, _vp, _vp, _vp, _vp), _i),
    "FPDFPageObj_GetClipPath": ((_vp,), _vp),
    "FPDFClipPath_CountPaths": ((_vp,), _i),
    "FPDFClipPath_CountPathSegments": ((_vp, _i), _i),
    "FPDFClipPath_GetPathSegment": ((_vp, _i, _i), _vp),
    "FPDFFormObj_CountObjects": ((_vp,), _i),
    "FPDFFormObj_GetObject": ((_vp, ctypes.c_ulong), _vp),
    "FPDFPath_GetDrawMode": ((_vp, _vp, _vp), _i),
    "FPDFPath_CountSegments": ((_vp,), _i),
    "FPDFPath_GetPathSegment": ((_vp, _i), _vp),
    "FPDFPathSegment_GetPoint": ((_vp, _vp, _vp), _i),
    "FPDFPathSegment_GetType": ((_vp,), _i),
    "FPDFPathSegment_GetClose": ((_vp,), _i),
    "FPDFText_LoadPage": ((_vp,), _vp),
    "FPDFText_ClosePage": ((_vp,), None),
    "FPDFText_CountChars": ((_vp,), _i),
    "FPDFText_GetText": ((_vp, _i, _i, _vp), _i),
    "FPDFText_GetUnicode": ((_vp, _i), _u),
    "FPDFText_GetTextObject": ((_vp, _i), _vp),
    "FPDFText_GetMatrix": ((_vp, _i, _vp), _i),
    "FPDFText_HasUnicodeMapError": ((_vp, _i), _i),
    "FPDFText_GetCharOrigin": ((_vp, _i, _vp, _vp), _i),
    "FPDFText_GetLooseCharBox": ((_vp, _i, _vp), _i),
    "FPDFTextObj_GetFontSize": ((_vp, _vp), _i),
    "FPDFTextObj_GetFont": ((_vp,), _vp),
    "FPDFFont_GetGlyphWidth": ((_vp, _u, _f, _vp), _i),
    "FPDFFont_GetDescent": ((_vp, _f, _vp), _i),
    "FPDFFont_GetBaseFontName": ((_vp, _vp, ctypes.c_size_t), ctypes.c_size_t),
}


class Library:
    """The functions of :data:`SIGNATURES`, as attributes."""

    def __init__(self, cdll: Any) -> None:
        for name, (args, result) in SIGNATURES.items():
            fn = cdll[name]  # a new function object, whatever else declared it before
            fn.argtypes, fn.restype = args, result
            setattr(self, name, fn)
        # Initialising twice does nothing (PDFium checks), so pypdfium2 may load after this.
        self.FPDF_InitLibrary()

    def __getattr__(self, name: str) -> Any:  # for mypy: the functions are set in __init__
        raise AttributeError(name)


def library_path() -> Path | None:
    spec = importlib.util.find_spec("pypdfium2_raw")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    name = {"win32": "pdfium.dll", "darwin": "libpdfium.dylib"}.get(sys.platform, "libpdfium.so")
    path = folder / name
    return path if path.exists() else None


_library: Library | None = None


def load() -> Library:
    global _library
    if _library is None:
        path = library_path()
        if path is not None:
            cdll: Any = ctypes.CDLL(str(path))
        else:  # an unusual install: let pypdfium2 find its library
            import pypdfium2_raw.bindings as bindings

            cdll = bindings._libs["pdfium"]
        _library = Library(cdll)
    return _library
