"""Build samples/ from the seed lists: real PDF, DOCX, DOC, HTML, XLSX and XLS files.

    python tools/build_samples.py            # everything (needs LibreOffice + CJK fonts for PDF/DOC)
    python tools/build_samples.py office     # only one builder

The built files are committed, so the tests never need LibreOffice. Each
builder also writes the golden records of its samples (derived from the
seeds' hand-checked golden files; page numbers found independently with
pdftotext) — read the diff before committing a changed golden file.
"""

from __future__ import annotations

import importlib
import sys

BUILDERS = ("word_pdf", "web_sheet", "prints")


def main(argv: list[str]) -> int:
    names = argv or list(BUILDERS)
    for name in names:
        module = importlib.import_module(f"samples.{name}")
        module.build()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    raise SystemExit(main(sys.argv[1:]))
