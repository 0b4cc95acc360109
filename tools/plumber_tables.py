"""The baseline `make bench` measures against: a plain pdfplumber script that runs
``extract_tables()`` on every page of a PDF and prints how many tables it found.

    .venv/bin/python tools/plumber_tables.py file.pdf
"""

from __future__ import annotations

import sys

import pdfplumber


def main(path: str) -> int:
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_tables())
            page.close()
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
