"""The review page, rendered by a real browser (headless Chromium, installed by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qingdan_extract import extract

from conftest import SAMPLES, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None, "headless Chromium is needed (apt-get install chromium; .ci/run installs it)"
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
    )


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.images = 0
        self.rows = 0

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and dict(attrs).get("src", "").startswith("data:image/png;base64,"):  # type: ignore[union-attr]
            self.images += 1
        if tag == "tr" and (dict(attrs).get("id") or "").startswith("item-"):
            self.rows += 1


@pytest.mark.parametrize("sample", ["pdf_yindu.pdf", "word_laiyuan_merged.docx", "html_huinong.html"])
def test_review_page_renders_in_chromium_with_every_item_and_warning(sample: str, tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    proc = run_cli("review", str(SAMPLES / sample), "-o", str(page))
    assert proc.returncode == 0, proc.stderr
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html  # self-contained
    dom = chromium(["--dump-dom", page.as_uri()], tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr[-2000:]
    parsed = Texts()
    parsed.feed(dom.stdout)
    text = "".join(parsed.texts)
    records = extract(SAMPLES / sample)
    assert parsed.rows == len(records)
    for record in records:
        assert record.name in text
        for warning in record.warnings:
            assert warning in text
    if sample.endswith(".pdf"):
        assert parsed.images >= len(records)  # each item's region of its page, at least one each
    shot = tmp_path / "review.png"
    done = chromium([f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri()], tmp_path / "profile2")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 20_000  # a page with tables and images, not a blank one
