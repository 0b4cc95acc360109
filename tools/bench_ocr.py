"""Measure the OCR path on the scanned samples in ``scans/`` against their golden files.

    .venv/bin/python tools/bench_ocr.py [scans/scan_x.pdf ...]     (default: every scan; -v: every difference)
    .venv/bin/python tools/bench_ocr.py --corpus                   (scans of ../shared/corpus's PDFs)

For each scan, every page is OCR'd once and the records are compared with
``scans/golden/<stem>.jsonl``: item recall (golden items found, matched by name as
``validate`` does), spurious items, field accuracy (``validate``'s: fields equal after
whitespace is removed) and character accuracy (1 − edit distance / golden length, over
every golden field's text, whitespace removed, an item whose name was misread paired with
the output item of the most similar name; an item not found counts whole), with the
pages per second of the whole extraction.

``--corpus`` measures lists the OCR rules were not made on: each PDF of the shared corpus is
scanned as ``tools/make_scans.py`` scans the samples (200 dpi black and white, 150 dpi gray
JPEG) into a temporary folder and compared with the corpus's golden file.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from qingdan_extract.output import record_json  # noqa: E402
from qingdan_extract.pipeline import extract_file  # noqa: E402
from qingdan_extract.validate import FileComparison, compare_items, flat_fields, keyed, squash  # noqa: E402

SCANS = ROOT / "scans"
SAME_ITEM = 80  # names this alike (rapidfuzz ratio) are one item misread, for character accuracy


def paired(
    output: list[dict[str, Any]], golden: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(golden item, output item) pairs: by name as ``validate`` matches them, then each golden
    item left over with the output item left over whose name is most like its own."""
    got_items, want_items = keyed(output), keyed(golden)
    pairs = [(want, got_items[k]) for k, want in want_items.items() if k in got_items]
    spare = {k: v for k, v in got_items.items() if k not in want_items}
    for k, want in want_items.items():
        if k in got_items or not spare:
            continue
        best = max(spare, key=lambda g: ratio(k[0], g[0]))
        if ratio(k[0], best[0]) >= SAME_ITEM:
            pairs.append((want, spare.pop(best)))
        else:
            pairs.append((want, {}))
    return pairs


def char_accuracy(output: list[dict[str, Any]], golden: list[dict[str, Any]]) -> float:
    errors = total = 0
    for want, got in paired(output, golden):
        got_flat = flat_fields(got)
        for name, expected in flat_fields(want).items():
            expected_text = str(squash(expected)) if expected is not None else ""
            actual = got_flat.get(name)
            actual_text = str(squash(actual)) if actual is not None else ""
            total += len(expected_text)
            errors += Levenshtein.distance(expected_text, actual_text)
    return 1 - errors / total if total else 1.0


def measure(path: Path, golden_path: Path | None = None) -> dict[str, Any]:
    start = time.perf_counter()
    extraction = extract_file(path)
    seconds = time.perf_counter() - start
    output = [json.loads(record_json(r)) for r in extraction.records]
    golden_path = golden_path or SCANS / "golden" / f"{path.stem}.jsonl"
    golden = [json.loads(line) for line in golden_path.read_text(encoding="utf-8").splitlines() if line]
    comparison = FileComparison(output=path, golden=golden_path)
    compare_items(output, golden, comparison)
    got, want = keyed(output), keyed(golden)
    pages = extraction.document.pages or 1
    return {
        "file": path.name,
        "pages": pages,
        "items": len(output),
        "golden": len(golden),
        "recall": sum(1 for k in want if k in got) / len(want) if want else 1.0,
        "spurious": sum(1 for k in got if k not in want),
        "field_accuracy": comparison.accuracy,
        "char_accuracy": char_accuracy(output, golden),
        "pages_per_second": pages / seconds,
        "differences": comparison.differences,
    }


def corpus_scans(folder: Path) -> list[tuple[Path, Path]]:
    """(scan, golden file) for each PDF of the shared corpus, scanned two ways into ``folder``."""
    import pypdfium2 as pdfium

    sys.path.insert(0, str(ROOT / "tools"))
    import make_scans

    corpus = ROOT.parent / "shared" / "corpus"
    out = []
    for pdf in sorted((corpus / "docs").glob("*.pdf")):
        document = pdfium.PdfDocument(pdf)
        for dpi, bilevel in ((200, True), (150, False)):
            scan = make_scans.Scan(f"{pdf.stem}_{dpi}.pdf", pdf.name, dpi, bilevel=bilevel)
            images = [make_scans.render(document[i], scan) for i in range(len(document))]
            target = folder / scan.name
            target.write_bytes(make_scans.jpeg_page_pdf(images, dpi))
            golden = folder / f"{pdf.stem}_{dpi}.jsonl"
            with golden.open("w", encoding="utf-8") as fh:
                for line in (
                    (corpus / "golden" / f"{pdf.stem}.jsonl").read_text(encoding="utf-8").splitlines()
                ):
                    record = json.loads(line)
                    record["source"]["file"] = target.name
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.append((target, golden))
    return out


def main() -> None:
    import tempfile

    verbose = "-v" in sys.argv
    args = [a for a in sys.argv[1:] if a not in ("-v", "--corpus")]
    work = tempfile.TemporaryDirectory()
    if "--corpus" in sys.argv:
        pairs: list[tuple[Path, Path | None]] = list(corpus_scans(Path(work.name)))
    else:
        found = [Path(a) for a in args] or sorted(p for p in SCANS.iterdir() if p.is_file())
        pairs = [(p, None) for p in found]
    print(
        f"{'scan':<26} {'pages':>5} {'items':>9} {'recall':>6} {'spur.':>5} {'fields':>6} {'chars':>6}  p/s"
    )
    all_pages = all_seconds = 0.0
    for path, golden in pairs:
        m = measure(path, golden)
        all_pages += m["pages"]
        all_seconds += m["pages"] / m["pages_per_second"]
        print(
            f"{m['file']:<26} {m['pages']:>5} {m['items']:>4}/{m['golden']:<4} {m['recall']:>6.3f} "
            f"{m['spurious']:>5} {m['field_accuracy']:>6.3f} {m['char_accuracy']:>6.4f} "
            f"{m['pages_per_second']:>5.2f}",
            flush=True,
        )
        if verbose:
            for d in m["differences"]:
                print(f"    {d.item} {d.field}: {str(d.expected)[:70]!r} → {str(d.got)[:70]!r}", flush=True)
    print(
        f"{'all':<26} {int(all_pages):>5} pages in {all_seconds:.0f} s: {all_pages / all_seconds:.2f} pages/s"
    )


if __name__ == "__main__":
    main()
