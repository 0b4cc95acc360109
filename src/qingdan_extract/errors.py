"""Errors a user sees as one line: ``<file>: <what is wrong>``."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """The input cannot be read as a list (wrong format, broken, encrypted, a scan …)."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
