from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from qingdan_extract import InputError
from qingdan_extract.inspect_pdf import draw_page_with_items

from conftest import SAMPLES


def test_inspect_draws_a_page_with_its_item_starts(tmp_path: Path) -> None:
    out = tmp_path / "page2.png"
    starts = draw_page_with_items(SAMPLES / "pdf_laiyuan_merged.pdf", 2, out)
    assert starts == 3  # items 3, 4 and 5 start on page 2; item 2 ends there
    with Image.open(out) as image:
        assert image.format == "PNG" and image.width > 800


def test_inspect_page_out_of_range_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="out of range"):
        draw_page_with_items(SAMPLES / "pdf_wolong_annex2.pdf", 99, tmp_path / "x.png")


def test_inspect_command_writes_the_png_and_says_how_many_items_start(tmp_path: Path) -> None:
    from conftest import run_cli

    out = tmp_path / "p2.png"
    result = run_cli("inspect", str(SAMPLES / "pdf_yindu.pdf"), "--page", "2", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "page 2, 1 item(s) start here" in result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = run_cli("inspect", str(SAMPLES / "seed001_yindu.txt"))
    assert bad.returncode == 2 and "not a .pdf file" in bad.stderr
