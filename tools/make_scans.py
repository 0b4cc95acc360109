"""Build the scanned samples in ``scans/`` from the text PDFs in ``samples/``.

    .venv/bin/python tools/make_scans.py

Each page is rendered with pypdfium2 to a grayscale image and stored as a JPEG inside an
image-only PDF (no text layer), as a county's scanner would; one scan is turned by a
small angle, and one page is saved as a plain JPG. Their golden files are the text
samples' golden files (the same items, the same pages): the OCR path must give them back.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from qingdan_extract import extract  # noqa: E402
from qingdan_extract.output import record_json  # noqa: E402

SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "golden"
SCANS = ROOT / "scans"

JPEG_QUALITY = 35  # visibly JPEG, as scans are; a 150 dpi page is ~130 kB
BILEVEL_THRESHOLD = 160  # gray level below which a bilevel scan's pixel is black
SKEW_DEGREES = 1.0  # the skewed scan: turned this much, as a sheet fed slightly askew


@dataclass(frozen=True)
class Scan:
    name: str  # file name in scans/
    source: str  # text PDF in samples/
    dpi: int
    skew: float = 0.0
    bilevel: bool = False  # black and white (an office scanner's default; ~25 kB a page) or grayscale JPEG
    page: int | None = None  # one page only, saved as a JPG


SCANS_TO_BUILD = (
    Scan("scan_yindu_150.pdf", "pdf_yindu.pdf", 150),
    Scan("scan_yindu_200.pdf", "pdf_yindu.pdf", 200, bilevel=True),
    Scan("scan_laiyuan_150.pdf", "pdf_laiyuan_merged.pdf", 150, bilevel=True),
    Scan("scan_huinong_200.pdf", "pdf_huinong_sections.pdf", 200, bilevel=True),
    Scan("scan_yumen_200.pdf", "pdf_yumen_landscape.pdf", 200, bilevel=True),
    Scan("scan_yindu_skew1.pdf", "pdf_yindu.pdf", 200, skew=SKEW_DEGREES, bilevel=True),
    Scan("scan_yindu_unruled_150.pdf", "pdf_yindu_unruled.pdf", 150, bilevel=True),
    Scan("scan_laiyuan_page1.jpg", "pdf_laiyuan_merged.pdf", 200, page=1),
)


def render(page: pdfium.PdfPage, scan: Scan) -> Image.Image:
    image = page.render(scale=scan.dpi / 72, grayscale=True).to_pil().convert("L")
    if scan.skew:
        image = image.rotate(scan.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if scan.bilevel:
        image = image.point(lambda v: 255 if v > BILEVEL_THRESHOLD else 0).convert("1")
    return image


def jpeg_page_pdf(images: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF: one image per page (JPEG, or CCITT G4 when bilevel) sized at ``dpi``."""
    out = io.BytesIO()
    first, *rest = images
    options: dict[str, Any] = {} if first.mode == "1" else {"quality": JPEG_QUALITY}  # "1": CCITT G4
    first.save(out, format="PDF", save_all=True, append_images=rest, resolution=dpi, **options)
    return out.getvalue()


def golden_for(scan: Scan) -> list[dict[str, Any]]:
    """The text sample's golden records; for one page, what the text layer of that page alone
    gives (the items cut at its top and bottom included, as the image shows them)."""
    if scan.page is None:
        lines = (GOLDEN / scan.source).with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            one_page = Path(tmp) / Path(scan.name).with_suffix(".pdf").name
            cut = pdfium.PdfDocument.new()
            cut.import_pages(pdfium.PdfDocument(SAMPLES / scan.source), [scan.page - 1])
            cut.save(one_page)
            records = [json.loads(record_json(r)) for r in extract(one_page)]
    for record in records:
        source = record["source"]
        source["file"] = scan.name
        source["format"] = "image" if scan.page is not None else "pdf"
    return records


def build(scan: Scan) -> Path:
    doc = pdfium.PdfDocument(SAMPLES / scan.source)
    pages = [scan.page] if scan.page is not None else list(range(1, len(doc) + 1))
    images = [render(doc[n - 1], scan) for n in pages]
    target = SCANS / scan.name
    if scan.page is not None:
        images[0].save(target, format="JPEG", quality=JPEG_QUALITY, dpi=(scan.dpi, scan.dpi))
    else:
        target.write_bytes(jpeg_page_pdf(images, scan.dpi))
    golden = SCANS / "golden" / Path(scan.name).with_suffix(".jsonl").name
    golden.parent.mkdir(parents=True, exist_ok=True)
    with golden.open("w", encoding="utf-8") as fh:
        for record in golden_for(scan):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def main() -> None:
    wanted = set(sys.argv[1:])
    for scan in SCANS_TO_BUILD:
        if wanted and scan.name not in wanted:
            continue
        target = build(scan)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
