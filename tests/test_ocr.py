"""OCR of scanned lists (readers/ocr.py).

The accuracy tests OCR a few pages of each scan in ``scans/`` (built by
``tools/make_scans.py`` from the text PDFs) and compare the records with what the
text layer of the same pages gives: every item found, no item more, fields and
characters as the bench demands. Every page of every scan is ``make bench``'s job.
OCR costs seconds a page, so each test OCRs as few pages as it can.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from qingdan_extract import InputError
from qingdan_extract.ir import Table
from qingdan_extract.output import record_json
from qingdan_extract.pipeline import extract_file
from qingdan_extract.problems import Note, Problem
from qingdan_extract.readers import ocr as ocr_reader
from qingdan_extract.readers import ocr_settings, read_document, set_ocr_mode
from qingdan_extract.readers import pdf as pdf_reader
from qingdan_extract.validate import FileComparison, compare_items, flat_fields, keyed, squash

from conftest import ROOT, SAMPLES, run_cli

SCANS = ROOT / "scans"
CHAR_ACCURACY = 0.99  # the bar for characters right (whitespace removed), as make bench measures it
# Fields equal: make bench's bar is 0.95 over a whole scan. A test reads two or three pages, one
# to three items of 8-14 fields each, where one misread sign (a line-end ";" printed half-width,
# which the image cannot tell from "；") costs a field of ten: the floor here is lower.
FIELD_ACCURACY_FEW_PAGES = 0.85


@pytest.fixture(autouse=True)
def auto_mode() -> Iterator[None]:
    yield
    set_ocr_mode("auto")
    ocr_settings.progress = None


def cut(source: Path, pages: list[int], target: Path, insert: dict[int, Path] | None = None) -> Path:
    """A PDF of the given 1-based pages of ``source``; ``insert`` takes some pages from another file."""
    out = pdfium.PdfDocument.new()
    for n in pages:
        donor = (insert or {}).get(n, source)
        out.import_pages(pdfium.PdfDocument(donor), [n - 1])
    out.save(target)
    return target


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(record_json(r)) for r in extract_file(path).records]


def char_accuracy(output: list[dict[str, Any]], expected: list[dict[str, Any]]) -> float:
    got_items = keyed(output)
    errors = total = 0
    for key, want in keyed(expected).items():
        got = flat_fields(got_items.get(key, {}))
        for name, value in flat_fields(want).items():
            a = str(squash(value)) if value is not None else ""
            b = str(squash(got.get(name))) if got.get(name) is not None else ""
            total += len(a)
            errors += Levenshtein.distance(a, b)
    return 1 - errors / total if total else 1.0


def assert_like_text_layer(scanned: Path, text: Path) -> list[dict[str, Any]]:
    got, want = records(scanned), records(text)
    assert want, "the text layer of these pages gives items"
    for r in got + want:
        r["source"].pop("file"), r["source"].pop("format")
    comparison = FileComparison(output=scanned, golden=text)
    compare_items(got, want, comparison)
    missing = [k for k in keyed(want) if k not in keyed(got)]
    spurious = [k for k in keyed(got) if k not in keyed(want)]
    chars = char_accuracy(got, want)
    assert not missing and not spurious, (missing, spurious)
    assert comparison.accuracy >= FIELD_ACCURACY_FEW_PAGES and chars >= CHAR_ACCURACY, (
        comparison.accuracy,
        chars,
        comparison.differences,
    )
    return got


# --------------------------------------------------------------------------
# Accuracy on a few pages of each scan


@pytest.mark.parametrize(
    ("scan", "source", "pages"),
    [
        ("scan_yindu_150.pdf", "pdf_yindu.pdf", [1, 2, 3]),  # grayscale JPEG, 150 dpi
        ("scan_yindu_200.pdf", "pdf_yindu.pdf", [7, 8]),  # bilevel, 200 dpi
        ("scan_yindu_skew1.pdf", "pdf_yindu.pdf", [4, 5]),  # turned 1°
        ("scan_laiyuan_150.pdf", "pdf_laiyuan_merged.pdf", [1, 2]),  # category cells merged down
        ("scan_huinong_200.pdf", "pdf_huinong_sections.pdf", [1, 2]),  # section rows in the table
        # item 15 prints "," between Chinese characters; its name's line-end one follows its row
        ("scan_huinong_200.pdf", "pdf_huinong_sections.pdf", [22, 23]),
        ("scan_yumen_200.pdf", "pdf_yumen_landscape.pdf", [1, 2]),  # 14 columns
        ("scan_yindu_unruled_150.pdf", "pdf_yindu_unruled.pdf", [1, 2]),  # no rules: guessed columns
        # two-digit serials, which the detector joins to the name beside them into one box
        ("scan_yindu_unruled_150.pdf", "pdf_yindu_unruled.pdf", [12, 13]),
    ],
)
def test_scanned_pages_give_the_items_of_the_text_layer(
    scan: str, source: str, pages: list[int], tmp_path: Path
) -> None:
    scanned = cut(SCANS / scan, pages, tmp_path / scan)
    text = cut(SAMPLES / source, pages, tmp_path / source)
    assert_like_text_layer(scanned, text)


def test_a_jpg_of_one_page_gives_its_golden_records() -> None:
    jpg = SCANS / "scan_laiyuan_page1.jpg"
    got = records(jpg)
    golden = [json.loads(line) for line in (SCANS / "golden" / "scan_laiyuan_page1.jsonl").open()]
    assert [r["name"][:20] for r in got] == [r["name"][:20] for r in golden]
    assert got[0]["category"] == "行政处罚" and got[0]["source"]["format"] == "image"
    assert got[0]["source"]["pages"] == [1]
    comparison = FileComparison(output=jpg, golden=jpg)
    compare_items(got, golden, comparison)
    assert comparison.accuracy >= FIELD_ACCURACY_FEW_PAGES, comparison.differences
    assert char_accuracy(got, golden) >= CHAR_ACCURACY, comparison.differences


def test_a_mixed_pdf_is_read_page_by_page(tmp_path: Path) -> None:
    """Pages 1 and 3 keep their text layer, page 2 is a scan: the items are those of the text PDF."""
    mixed = cut(
        SAMPLES / "pdf_yindu.pdf", [1, 2, 3], tmp_path / "mixed.pdf", {2: SCANS / "scan_yindu_150.pdf"}
    )
    seen: list[tuple[int, int]] = []
    ocr_settings.progress = lambda _path, done, total: seen.append((done, total))
    assert_like_text_layer(mixed, cut(SAMPLES / "pdf_yindu.pdf", [1, 2, 3], tmp_path / "text.pdf"))
    assert seen == [(2, 3)]  # only the scanned page was OCR'd


# --------------------------------------------------------------------------
# The switch; text PDFs never OCR'd


def test_a_text_pdf_never_goes_through_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ocr(*_args: object) -> None:
        raise AssertionError("a text page was OCR'd")

    monkeypatch.setattr(ocr_reader, "ocr_image", no_ocr)
    assert len(extract_file(SAMPLES / "pdf_yindu.pdf").records) == 29


def test_reading_a_text_pdf_loads_neither_opencv_nor_the_ocr_models() -> None:
    code = (
        "import sys; from pathlib import Path; from qingdan_extract import extract;"
        f"n = len(extract(Path({str(SAMPLES / 'pdf_huinong_sections.pdf')!r})));"
        "print(n, 'cv2' in sys.modules, 'rapidocr_onnxruntime' in sys.modules, 'onnxruntime' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.stdout.split() == ["15", "False", "False", "False"], result.stderr


def test_ocr_off_keeps_the_clear_error(tmp_path: Path) -> None:
    scanned = cut(SCANS / "scan_yindu_150.pdf", [1], tmp_path / "scan.pdf")
    result = run_cli(str(scanned), "--ocr", "off")
    assert result.returncode == 2
    assert (
        result.stderr.strip() == f"qingdan-extract: {scanned}: no text layer (scanned image?); OCR it first"
    )
    image = run_cli(str(SCANS / "scan_laiyuan_page1.jpg"), "--ocr", "off")
    assert image.returncode == 2 and "needs OCR (--ocr off was given)" in image.stderr
    bad = run_cli(str(scanned), "--ocr", "sometimes")
    assert bad.returncode == 2 and "unknown --ocr 'sometimes'" in bad.stderr


def test_ocr_force_reads_a_text_page_from_its_image(tmp_path: Path) -> None:
    page = cut(SAMPLES / "pdf_huinong_sections.pdf", [1], tmp_path / "p1.pdf")
    set_ocr_mode("force")
    forced = records(page)
    set_ocr_mode("auto")
    text = records(page)
    assert len(forced) == len(text) == 1
    # one sign's width in the 44-character name may differ ("保险)" at a line's end, printed "）")
    assert Levenshtein.normalized_similarity(forced[0]["name"], text[0]["name"]) >= 0.97
    assert forced[0]["category"] == text[0]["category"] == "行政处罚"
    assert forced[0]["seq"] == text[0]["seq"] == "1"


def test_the_cli_converts_an_image_and_writes_the_records(tmp_path: Path) -> None:
    out = tmp_path / "page.jsonl"
    result = run_cli(str(SCANS / "scan_laiyuan_page1.jpg"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    # one page of a longer list: its declared total is not met, so the file is partial
    assert result.stderr.splitlines()[-1].endswith(f"scan_laiyuan_page1.jpg: 2 items → {out} (partial)")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_progress_without_a_terminal_is_a_line_every_few_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from qingdan_extract import single

    captured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", captured)
    show = single.ocr_progress_printer()
    for done in range(1, 12):
        show(Path("scan.pdf"), done, 11)
    assert captured.getvalue().splitlines() == ["scan.pdf: OCR 5/11 pages", "scan.pdf: OCR 10/11 pages"]


# --------------------------------------------------------------------------
# Bad images: one line, no traceback


@pytest.mark.parametrize(
    ("scan", "said"), [("scan_laiyuan_page1.jpg", "an image has"), ("scan_yindu_150.pdf", "page 1 has")]
)
def test_without_the_ocr_extra_a_scan_is_one_clear_error(
    scan: str, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr_reader, "_engine", None)
    monkeypatch.setattr(ocr_reader.dictionary, "have_dictionary", lambda: False)
    with pytest.raises(InputError) as raised:
        extract_file(SCANS / scan)
    assert str(raised.value).endswith(
        f"{scan}: {said} no text layer; OCR is not installed"
        " (jieba missing; pip install 'qingdan-extract[ocr]')"
    )


def test_a_corrupt_image_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "scan.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    result = run_cli(str(broken))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "scan.png" in result.stderr


def test_a_blank_image_says_ocr_found_no_text(tmp_path: Path) -> None:
    blank = tmp_path / "blank.jpg"
    Image.new("L", (600, 800), 255).save(blank, dpi=(150, 150))
    with pytest.raises(InputError, match="OCR found no text"):
        read_document(blank)


# --------------------------------------------------------------------------
# The image steps, on drawn pages (no OCR)

DPI = 200


def drawn_table(skew: float = 0.0) -> np.ndarray[Any, Any]:
    """A 3 x 3 table, 1 inch cells, whose top-left cell is merged over two rows."""
    image = Image.new("L", (5 * DPI, 5 * DPI), 255)
    pen = ImageDraw.Draw(image)
    x0, y0 = DPI, DPI
    for i in range(4):
        pen.line([(x0 + i * DPI, y0), (x0 + i * DPI, y0 + 3 * DPI)], fill=0, width=3)
    for j in (0, 2, 3):
        pen.line([(x0, y0 + j * DPI), (x0 + 3 * DPI, y0 + j * DPI)], fill=0, width=3)
    pen.line([(x0 + DPI, y0 + DPI), (x0 + 3 * DPI, y0 + DPI)], fill=0, width=3)  # not through column 1
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(image, dtype=np.uint8)


def test_a_bold_line_of_text_is_no_rule_though_its_glyph_gaps_are_short() -> None:
    """Closing a scanned rule's short breaks also bridges the gaps between bold glyphs set
    close ("实施清单事项名称" in a thin header row): a run of ink that breaks between glyph and
    glyph is text; a rule with a scanner's break or two stays a rule."""
    ink = np.zeros((100, 600), dtype=np.uint8)
    ink[10, 50:550] = 255  # a rule, 2.5 inches at 200 dpi
    ink[50, 50:550] = 255  # the same with two short breaks
    ink[50, 200:203] = ink[50, 400:404] = 0
    for x in range(50, 550, 20):  # a stroke through a line of bold glyphs, 4 px between them
        ink[80:83, x : x + 16] = 255
    rules = ocr_reader.horizontal_rules(ink, DPI, ocr_reader.RULE_MIN_LENGTH)
    assert rules[10, 300] and rules[50, 300] and rules[50, 201]
    assert not rules[80:83].any()


def test_rules_enclose_cells_and_a_missing_rule_merges_two() -> None:
    tables, _ = ocr_reader.find_tables(ocr_reader.ink_of(drawn_table()), DPI)
    assert len(tables) == 1 and len(tables[0]) == 8
    grid = pdf_reader.build_grid(tables[0], page_no=1)
    assert len(grid.cells) == 3 and len(grid.cells[0]) == 3
    assert grid.cells[0][0].rowspan == 2 and grid.cells[1][0].covered_by == (0, 0)


@pytest.mark.parametrize("skew", [1.0, -1.5])
def test_a_skewed_page_is_turned_back(skew: float) -> None:
    gray = drawn_table(skew)
    measured = ocr_reader.skew_angle(ocr_reader.ink_of(gray), DPI)
    assert abs(abs(measured) - abs(skew)) < 0.1
    straight = ocr_reader.rotate(gray, measured)
    tables, _ = ocr_reader.find_tables(ocr_reader.ink_of(straight), DPI)
    assert len(tables) == 1 and len(tables[0]) == 8


def test_text_boxes_become_characters_cjk_twice_as_wide() -> None:
    chars = ocr_reader.box_chars((0.0, 0.0, 40.0, 10.0), "第1条 款")
    assert [c["text"] for c in chars] == ["第", "1", "条", "款"]
    assert chars[0]["x1"] - chars[0]["x0"] == pytest.approx(2 * (chars[1]["x1"] - chars[1]["x0"]))


def test_letters_and_digits_take_the_spaces_the_recogniser_read() -> None:
    """Its glyph places are coarse: "2019" placed with a gap of a quarter em is no "20 19";
    where it read a space, or across a column gap, the gap stays."""
    spans = [(0.0, 8.0), (9.0, 17.0), (22.0, 30.0), (31.0, 39.0), (60.0, 68.0), (69.0, 77.0), (102.0, 110.0)]
    chars = ocr_reader.box_chars((0.0, 0.0, 110.0, 27.0), "2019 No5", spans)  # size 20
    assert pdf_reader.join_chars(chars) == "2019 No 5"
    assert [c["x1"] for c in chars[:4]] == [9.0, 22.0, 31.0, 39.0]  # closed up to the next glyph
    assert chars[5]["x1"] == 77.0  # "o" and "5" 1.25 em apart: the gap stays


def test_a_box_joined_across_a_column_gap_is_laid_out_over_its_inked_pieces() -> None:
    """The detector joins a two-digit serial to the name beside it ("10低保、特困等"); without
    glyph places from the recogniser, the glyphs go to the inked pieces, keeping the gap."""
    ink = np.zeros((40, 400), dtype=np.uint8)
    ink[10:30, 10:30] = 255  # "10": one unit of width
    ink[10:30, 70:190] = 255  # six ideographs, six units
    box = (10.0, 10.0, 190.0, 30.0)
    spans = ocr_reader.ink_layout("10低保、特困等", box, ink)
    assert spans is not None and len(spans) == 8
    assert spans[1][1] <= 31 and spans[2][0] >= 69  # the serial left of the gap, the name right of it
    chars = ocr_reader.box_chars(box, "10低保、特困等", spans)
    assert [len(p) for p in pdf_reader.split_on_gaps(chars, pdf_reader.COLUMN_GAP)] == [2, 6]
    one_piece = np.zeros((40, 400), dtype=np.uint8)
    one_piece[10:30, 10:190] = 255
    assert ocr_reader.ink_layout("10低保、特困等", box, one_piece) is None  # then spread over the box


def test_a_short_box_is_joined_to_its_neighbour_only_when_read_together_it_reads_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "一" + "行政处罚类" read as one line gives "一、行政处罚类" (the sign the recogniser
    dropped): joined. "10" + "低保、特困等" read as one line gives the same text: the two
    boxes stay apart, with the places of their glyphs."""
    serial = ((10.0, 10.0, 30.0, 30.0), "10", 0.99, [(10.0, 19.0), (20.0, 30.0)])
    name = (
        (50.0, 10.0, 170.0, 30.0),
        "低保、特困等",
        0.99,
        [(50.0 + 20 * k, 68.0 + 20 * k) for k in range(6)],
    )
    gray = np.full((40, 200), 255, dtype=np.uint8)
    monkeypatch.setattr(ocr_reader, "recognise_line", lambda gray, box: ("10低保、特困等", 0.99))
    assert ocr_reader.rejoin_split_boxes(gray, [serial, name], []) == [serial, name]
    monkeypatch.setattr(ocr_reader, "recognise_line", lambda gray, box: ("10、低保、特困等", 0.99))
    [joined] = ocr_reader.rejoin_split_boxes(gray, [serial, name], [])
    assert joined[1] == "10、低保、特困等" and joined[3] is None


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("国办发[2019)35号", "国办发〔2019〕35号"),  # halves of two shapes: the tortoise-shell pair
        ("卫规财发【2012）86号", "卫规财发〔2012〕86号"),
        ("豫政办(2016] 217号", "豫政办〔2016〕 217号"),
        ("国办发[2018]63号", "国办发[2018]63号"),  # both alike: as read
        ("（2018年修正）", "（2018年修正）"),  # not a year alone in brackets
    ],
)
def test_a_document_numbers_year_read_in_two_bracket_shapes_is_in_tortoise_shells(
    read: str, printed: str
) -> None:
    assert ocr_reader.document_number_years(read) == printed


def test_a_signs_blank_is_measured_on_the_ink_of_the_glyphs_alone() -> None:
    """A line touching a row's rule has ink in every column unless the rules are taken out;
    the recogniser's span of a sign may reach into the next glyph, whose ink is not the sign's;
    a JPEG's lone speck in the blank is no ink."""
    ink = np.zeros((60, 800), dtype=np.uint8)
    ink[40:43, 20:780] = 255  # a rule under the line, touching it
    ink[20:40, 100:130] = 255  # an ideograph
    ink[34:40, 134:138] = 255  # a full-width comma: its ink at the left of its cell ...
    ink[20:40, 160:190] = 255  # ... the next ideograph after a blank
    ink[25, 150] = 255  # a speck
    glyphs = ocr_reader.glyph_ink(ink, DPI)
    assert glyphs[40, 400] == 0 and glyphs[30, 110] == 255
    spans = [(100.0, 130.0), (132.0, 161.0), (160.0, 190.0)]  # the comma's span reaches the next glyph
    box = (100.0, 20.0, 190.0, 42.0)
    assert ocr_reader.printed_widths("务,及", spans, box, glyphs) == "务，及"
    assert ocr_reader.printed_widths("务,及", spans, box, ink) == "务,及"  # the rule fills the blank


def test_ink_as_light_as_a_jpegs_ringing_is_not_measured_as_a_glyphs() -> None:
    """ "四条：对" in a JPEG: light specks (far lighter than print) beside the colon's dots are
    ink to the local threshold, and would fill the blank that shows it full-width."""
    gray = np.full((60, 400), 255, dtype=np.uint8)
    gray[20:44, 14:38] = 0  # two ideographs, 26 px apart
    gray[20:44, 40:64] = 0
    gray[26:30, 68:72] = 0  # the colon's two dots, at the left of a full-width cell ...
    gray[38:42, 68:72] = 0
    gray[24:44, 74] = 190  # ... ringing beside them
    gray[24:44, 76] = 200
    gray[20:44, 92:116] = 0  # the next ideograph, a full-width blank on
    ink = ocr_reader.ink_of(gray)
    spans = [(14.0, 38.0), (40.0, 64.0), (60.0, 80.0), (92.0, 116.0)]  # the colon's span as placed
    box = (14.0, 18.0, 116.0, 46.0)
    assert (
        ocr_reader.printed_widths("四条:对", spans, box, ocr_reader.glyph_ink(ink, DPI, gray)) == "四条：对"
    )
    assert ocr_reader.printed_widths("四条:对", spans, box, ocr_reader.glyph_ink(ink, DPI)) == "四条:对"


@pytest.mark.parametrize(
    ("read", "marked"),
    [
        # a title inside a title, on two lines of a cell: single marks (GB/T 15834 4.15)
        (["《自治区实施《医疗保障", "管理条例》办法》"], ["《自治区实施〈医疗保障", "管理条例〉办法》"]),
        (["《A〈B》C》"], ["《A〈B〉C》"]),
        (["《A》和《B〉"], ["《A》和《B》"]),  # a title not inside one, read one of each: double
        (["〈A〉"], ["〈A〉"]),  # printed single alone: as read
        (["条例》办法》"], ["条例》办法》"]),  # the rest of a cell cut by a page break: as read
        (["《实施《条例"], ["《实施《条例"]),
        # a title mark the list left open ("《…卫《生与健康促进法》"): no title to be inside
        (["《基本医疗卫《生与健康促进法》"], ["《基本医疗卫《生与健康促进法》"]),
    ],
)
def test_a_title_inside_a_title_has_single_marks(read: list[str], marked: list[str]) -> None:
    assert ocr_reader.nested_titles(read) == marked


@pytest.mark.parametrize(
    ("read", "readings", "chosen"),
    [
        # the recogniser's best reading makes no word, its second does: the word
        ("责令公开道漱、取", {5: [("漱", 0.43), ("歉", 0.18)]}, "责令公开道歉、取"),
        # the best reading makes a word ("徇私"): kept, though a rival was close
        ("忽职守、徇私舞弊", {4: [("徇", 0.47), ("询", 0.17)]}, "忽职守、徇私舞弊"),
        # neither reading makes a word (the line breaks after it): the best one stays
        ("事后监管中滥", {5: [("滥", 0.69), ("盗", 0.12)]}, "事后监管中滥"),
        # only an ideograph is chosen for an ideograph
        ("公开道漱", {3: [("漱", 0.5), ("A", 0.3)]}, "公开道漱"),
        # no rival readings: as read
        ("公开道漱", {}, "公开道漱"),
    ],
)
def test_an_unsure_ideograph_takes_the_reading_that_makes_a_word(
    read: str, readings: dict[int, list[tuple[str, float]]], chosen: str
) -> None:
    text, changes = ocr_reader.chosen_words(read, readings)
    assert text == chosen
    assert changes == [(i, a, b) for i, (a, b) in enumerate(zip(read, chosen, strict=True)) if a != b]


def ctc_steps(best: list[tuple[int, float, int, float]], symbols: int = 4) -> Any:
    """A line's recogniser output: per step, its best symbol and probability and a rival's."""
    steps = np.zeros((len(best), symbols), dtype=np.float32)
    for t, (k, p, rival, q) in enumerate(best):
        steps[t, k], steps[t, rival] = p, q
    return steps


@pytest.mark.parametrize(
    ("best", "readings"),
    [
        # "道漱": 漱 0.43 with 歉 0.2 next; a rival under a tenth is no reading
        (
            [(1, 1.0, 0, 0.0), (0, 0.9, 2, 0.1), (2, 0.43, 3, 0.2), (0, 1.0, 0, 0.0)],
            {1: [("漱", 0.43), ("歉", 0.2)]},
        ),
        ([(1, 1.0, 0, 0.0), (2, 0.43, 3, 0.05)], {1: [("漱", 0.43)]}),
        ([(1, 1.0, 0, 0.0), (2, 0.9, 3, 0.1)], {}),  # sure of it
        ([(1, 1.0, 0, 0.0), (1, 0.5, 2, 0.4), (2, 0.8, 0, 0.0)], {}),  # a repeated step is one glyph
        ([(4, 0.5, 5, 0.4), (2, 0.9, 0, 0.0)], {}),  # unsure of a sign: the widths decide those
    ],
)
def test_the_recogniser_s_other_readings_of_an_unsure_ideograph(
    best: list[tuple[int, float, int, float]], readings: dict[int, list[tuple[str, float]]]
) -> None:
    symbols = ["blank", "道", "漱", "歉", "(", "（"]
    got = ocr_reader.other_readings(ctc_steps(best, len(symbols)), symbols)
    assert {i: [(c, round(p, 2)) for c, p in options] for i, options in got.items()} == readings


class FakeDecoder:
    def __init__(self) -> None:
        self.character = ["blank", "道", "漱", "歉"]

    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> list[Any]:
        return [("道漱", 0.7, [len(steps), [["道", "漱"]], [[0, 1]], ["cn"], [1.0, 0.43]]) for steps in preds]


class FakeRecogniser:
    """RapidOCR's recogniser as ReadingsKept sees it: it decodes a batch of lines with its
    ``postprocess_op`` and hands each line on."""

    def __init__(self) -> None:
        self.postprocess_op: Any = FakeDecoder()

    def __call__(self, crops: list[Any], return_word_box: bool) -> Any:
        steps = ctc_steps([(1, 1.0, 0, 0.0), (2, 0.43, 3, 0.2)])
        return self.postprocess_op(np.stack([steps for _ in crops]), return_word_box), 0.0


def test_each_line_read_comes_with_the_readings_of_the_pass_that_read_it() -> None:
    kept = ocr_reader.ReadingsKept(FakeRecogniser())
    result, _ = kept([np.zeros((20, 60, 3), dtype=np.uint8)] * 2, True)
    assert [(text, len(info)) for text, _, info, _ in result] == [("道漱", 5)] * 2  # as RapidOCR reads it
    got = [{i: [(c, round(p, 2)) for c, p in options] for i, options in r.items()} for _, _, r in kept.lines]
    assert got == [{1: [("漱", 0.43), ("歉", 0.2)]}] * 2


def test_a_misread_that_makes_no_word_is_read_as_the_word_with_a_warning() -> None:
    """huinong's liability cell: the bundled recogniser reads "道歉" as "道漱" ("漱" 0.60, "歉"
    0.17), here with "公开道" ending one line of the cell and "漱、取消" opening the next."""
    warnings: list[Note] = []
    gray = ocr_reader.render_pdf_page(SCANS / "scan_huinong_200.pdf", 23, DPI)
    page = ocr_reader.ocr_image(gray, DPI, 23, warnings, pdf_reader.GuessState())
    cells = [c.text for t in ocr_reader.tables_of(page) for r in t.rows for c in r.cells]
    assert any("公开道\n歉、取消" in text for text in cells)
    assert not any("漱" in text for text in cells)
    chosen = [str(w) for w in warnings if isinstance(w, Problem) and w.code == "ocr-word-chosen"]
    assert chosen == [
        "page 23: OCR read '公开道漱、取消'; '漱' taken as '歉', which makes a word"
        " (table 1, row 2, column 8)"
    ]


@pytest.mark.parametrize(("bracket_at", "read"), [(123, "》(2"), (133, "》（2")])
def test_a_bracket_after_a_sign_is_measured_past_that_signs_own_blank(bracket_at: int, read: str) -> None:
    """ "》" keeps its ink to the left of its cell: "》(" leaves about 0.6 em between the inks,
    "》（" 1.2 em."""
    ink = np.zeros((40, 300), dtype=np.uint8)
    ink[10:30, 100:110] = 255  # 》, one em (20 px) from 100 to 120
    ink[10:30, bracket_at : bracket_at + 4] = 255  # the bracket
    ink[10:30, bracket_at + 10 : bracket_at + 18] = 255  # "2"
    spans = [(100.0, 119.0), (bracket_at - 2.0, bracket_at + 6.0), (bracket_at + 10.0, bracket_at + 18.0)]
    box = (100.0, 7.0, bracket_at + 18.0, 34.0)  # a detected box is taller than its font: 20 px / 0.75
    assert ocr_reader.printed_widths("》(2", spans, box, ink) == read


@pytest.mark.parametrize(("bracket_at", "read"), [(123, "(2"), (133, "（2")])
def test_a_bracket_opening_a_box_the_detector_cut_from_its_line_is_measured_from_the_box_before(
    bracket_at: int, read: str
) -> None:
    """ "促进法》（2019": the detector parts the line at the wide blank of "》（"; the bracket's
    blank is measured from the box before it on the line, past 》's own blank, as within a box."""
    ink = np.zeros((40, 300), dtype=np.uint8)
    ink[10:30, 58:78] = 255  # 法, one em (20 px) from 58 to 78 ...
    ink[10:30, 80:100] = 255
    ink[10:30, 100:110] = 255  # ... 》 from 100 to 120
    ink[10:30, bracket_at : bracket_at + 4] = 255  # the bracket opening the next box
    ink[10:30, bracket_at + 10 : bracket_at + 18] = 255  # "2"
    cells = [(0.0, 0.0, 300.0, 40.0)]
    before = ((58.0, 8.0, 120.0, 32.0), "进法》", 0.99, [(58.0, 78.0), (80.0, 100.0), (100.0, 119.0)])
    after = (
        (bracket_at - 3.0, 8.0, bracket_at + 20.0, 32.0),
        "(2",
        0.99,
        [(bracket_at - 2.0, bracket_at + 6.0), (bracket_at + 10.0, bracket_at + 18.0)],
    )
    margins = ocr_reader.line_margins([before, after], cells, ink)
    assert set(margins) == {1}
    assert ocr_reader.printed_widths("(2", after[3], after[0], ink, margins[1]) == read


@pytest.mark.parametrize(("blank", "read"), [(3, "游泳场(馆"), (9, "游泳场（馆")])
def test_an_opening_bracket_is_weighed_by_the_blank_before_it(blank: int, read: str) -> None:
    """ "游泳场（馆）" in Noto Sans CJK, as Chromium prints it: a full-width "（" leaves about 0.4 em
    before its ink, less than the 0.45 em that shows other signs full-width; a half-width one
    leaves only the side bearings."""
    ink = np.zeros((40, 300), dtype=np.uint8)
    for x in (10, 32, 54):  # three ideographs, an em of 22 px
        ink[10:30, x : x + 20] = 255
    at = 74 + blank  # the bracket's ink, after 场's (ending at 74)
    ink[10:30, at : at + 4] = 255
    ink[10:30, at + 10 : at + 30] = 255  # 馆
    spans = [(10.0, 30.0), (32.0, 52.0), (54.0, 74.0), (at - 2.0, at + 8.0), (at + 10.0, at + 30.0)]
    box = (10.0, 7.0, at + 30.0, 34.0)
    assert ocr_reader.printed_widths("游泳场(馆", spans, box, ink) == read


@pytest.mark.parametrize(("second_line_at", "margin"), [(10, True), (22, False)])
def test_a_bracket_opening_a_line_is_measured_from_a_margin_only_in_a_left_aligned_cell(
    second_line_at: int, margin: bool
) -> None:
    """ "市县" / "（区）" / "级": a bracket opening a line is measured from where the cell's lines
    begin; in a centred cell they begin at different places, and there is no such margin."""
    ink = np.zeros((120, 200), dtype=np.uint8)
    ink[10:30, 10:50] = 255  # 市县
    ink[50:70, 22:26] = ink[50:70, 32:52] = 255  # （区
    ink[90:110, second_line_at : second_line_at + 20] = 255  # 级
    cells = [(0.0, 0.0, 200.0, 120.0)]
    found = [
        ((10.0, 7.0, 50.0, 34.0), "市县", 0.99, [(10.0, 30.0), (30.0, 50.0)]),
        ((20.0, 47.0, 52.0, 74.0), "（区", 0.99, [(20.0, 28.0), (32.0, 52.0)]),
        (
            (float(second_line_at), 87.0, second_line_at + 20.0, 114.0),
            "级",
            0.99,
            [(second_line_at, second_line_at + 20.0)],
        ),
    ]
    assert (1 in ocr_reader.line_margins(found, cells, ink)) == margin


def test_a_sign_whose_width_cannot_be_measured_follows_its_cell_then_its_row() -> None:
    """A sign ending a line ("平台，" read full-width) takes the width of the nearest measured
    sign of its cell; in a cell with none (the rest of a cell after a page break), the width
    most measured signs of the other cells of its row have."""
    cells = [(0.0, 0.0, 100.0, 100.0), (100.0, 0.0, 300.0, 100.0), (0.0, 100.0, 100.0, 200.0)]
    spans = [(0.0, 1.0)] * 6  # known glyph places: the signs not listed as unmeasured were measured
    found = [
        ((5.0, 5.0, 95.0, 20.0), "制度,纳入", 0.99, spans[:5]),  # measured: half-width
        ((5.0, 25.0, 95.0, 40.0), "共享平台，", 0.99, spans[:5]),  # line end: not measured
        ((105.0, 5.0, 295.0, 20.0), "平台,按照", 0.99, spans[:5]),  # the row's other cell: half-width
        (
            (105.0, 25.0, 295.0, 40.0),
            "信用信息，",
            0.99,
            spans[:5],
        ),  # not measured, a cell with a measured sign
        ((5.0, 105.0, 95.0, 120.0), "其他事项；", 0.99, spans[:5]),  # alone in its row: as read
    ]
    unmeasured = {1: [4], 3: [4], 4: [4]}
    out = ocr_reader.widths_of_the_cell(found, unmeasured, cells)
    assert [text for _, text, _, _ in out] == [
        "制度,纳入",
        "共享平台,",
        "平台,按照",
        "信用信息,",
        "其他事项；",
    ]
    alone = [found[1]]  # the cell's only sign cannot be measured: its row decides
    row = [found[1], found[2]]
    assert ocr_reader.widths_of_the_cell(alone, {0: [4]}, cells)[0][1] == "共享平台，"
    assert ocr_reader.widths_of_the_cell(row, {0: [4]}, cells)[0][1] == "共享平台,"


def test_a_lone_digit_ending_a_line_takes_the_width_of_the_number_going_on() -> None:
    cells = [(0.0, 0.0, 200.0, 100.0)]
    found = [
        ((5.0, 5.0, 195.0, 20.0), "人员可以处5", 0.99, None),
        ((5.0, 25.0, 195.0, 40.0), "０００元以上", 0.99, None),
        ((5.0, 45.0, 195.0, 60.0), "第15", 0.99, None),  # two digits: measured by their pitch
        ((5.0, 65.0, 195.0, 80.0), "０号", 0.99, None),
    ]
    out = ocr_reader.numbers_across_lines(found, cells)
    assert [text for _, text, _, _ in out] == ["人员可以处５", "０００元以上", "第15", "０号"]


def test_low_confidence_is_a_warning_naming_page_and_cell() -> None:
    grid = pdf_reader.build_grid([(0, 0, 50, 20), (50, 0, 100, 20), (0, 20, 50, 40), (50, 20, 100, 40)], 3)
    boxes = [
        ocr_reader.TextBox("行政处罚", 0.99, (55, 22, 90, 30)),
        ocr_reader.TextBox("行致处岂", 0.42, (55, 22, 90, 30)),
        ocr_reader.TextBox("附件", 0.5, (0, 50, 20, 60)),
    ]
    warnings: list[Note] = []
    ocr_reader.warn_low_confidence(boxes, [grid], 3, warnings)
    assert warnings == [
        Problem(
            "ocr-unsure",
            "page 3: OCR is unsure of '行致处岂' (table 1, row 2, column 2; confidence 0.42)",
            page=3,
        ),
        Problem("ocr-unsure", "page 3: OCR is unsure of '附件' (outside the table; confidence 0.50)", page=3),
    ]


def test_inspect_draws_the_ocr_findings_of_a_scanned_page(tmp_path: Path) -> None:
    out = tmp_path / "scan.png"
    result = run_cli("inspect", str(SCANS / "scan_laiyuan_page1.jpg"), "--page", "1", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "page 1, 2 item(s) start here" in result.stderr
    with Image.open(out) as image:
        assert image.width > 1500  # the 200 dpi page itself, not a thumbnail
        pixels = np.asarray(image.convert("RGB"))
    green = (pixels[:, :, 1] > 140) & (pixels[:, :, 0] < 60) & (pixels[:, :, 2] < 60)
    assert green.sum() > 1000  # text boxes drawn


def test_ocr_page_tables_are_the_shared_intermediate() -> None:
    page = ocr_reader.ocr_page_for_inspect(SCANS / "scan_laiyuan_page1.jpg", 1)
    assert page is not None and page.skew == 0.0
    tables = [b for b in page.blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].n_cols == 8
    header = [c.text.replace("\n", "") for c in tables[0].rows[0].cells]
    assert header[:3] == ["序号", "权力类型", "权力事项"]
    assert all(cell.page == 1 and cell.wrapped for row in tables[0].rows for cell in row.cells)
    texts = [b.text for b in page.blocks if not isinstance(b, Table)]
    assert texts[:2] == ["涞源县医疗保障局权责清单事项分表", "（共7类、45项）"]
