from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

# Tests send Ctrl-C, SIGTERM and SIGHUP to the programs they start. A test run started in the
# background (`cmd &`, nohup) inherits SIGINT and SIGHUP ignored, and an ignored signal stays
# ignored in every program it starts: give them their usual meaning again.
for _sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
    if signal.getsignal(_sig) == signal.SIG_IGN:
        signal.signal(_sig, signal.default_int_handler if _sig == signal.SIGINT else signal.SIG_DFL)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "golden"
CORPUS = ROOT.parent / "shared" / "corpus"  # ../shared/corpus: lists from other regions, golden files


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qingdan_extract", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=600,
    )


@pytest.fixture
def samples() -> Path:
    return SAMPLES
