"""prints/: lists of ../shared/corpus as other producers render them.

A user meets a list in whatever form its office saved it: a web page printed to PDF by the
browser, a Word list saved as PDF or as a web page by LibreOffice, a web page opened in
Word and saved as DOCX. Each of these files is one corpus document run through one of
those producers; its records must be the corpus golden records of the document it came
from, page numbers aside (tests/test_prints.py). No golden file of its own is written.

Needs Chromium and LibreOffice (tools/system_deps.sh installs both) and ../shared/corpus.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
OUT = ROOT / "prints"

# print file -> (corpus document, producer)
PRINTS = {
    "bx_fgw_zfsx_chrome.pdf": ("bx_fgw_zfsx.html", "chromium"),  # a row cut by the page break
    # two tables touching, with columns of their own; a side navigation beside the title
    "xh_xzxk_qd_chrome.pdf": ("xh_xzxk_qd.html", "chromium"),
    "gd_wtsx_qd_writer.pdf": ("gd_wtsx_qd.docx", "writer-pdf"),
    "qsh_xzqs_ml_writer.pdf": ("qsh_xzqs_ml.docx", "writer-pdf"),
    "yy_sjcc_form_writer.pdf": ("yy_sjcc_form.docx", "writer-pdf"),  # a title over two lines
    "gd_wtsx_qd_writer.html": ("gd_wtsx_qd.docx", "writer-html"),
    "qsh_xzqs_ml_writer.html": ("qsh_xzqs_ml.docx", "writer-html"),
    "bx_fgw_zfsx_writer.docx": ("bx_fgw_zfsx.html", "writer-docx"),
    "xh_xzxk_qd_writer.docx": ("xh_xzxk_qd.html", "writer-docx"),  # the list inside a layout table
    "ys_lhcc_jh_calc.xlsx": ("ys_lhcc_jh.csv", "calc-xlsx"),  # the title alone in A1, not merged
    "sm_mz_tyml_calc.csv": ("sm_mz_tyml.xlsx", "calc-csv"),
}

UTF8_CSV = "Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
LO_FILTERS = {
    "writer-pdf": "pdf",
    "writer-html": "html",
    "writer-docx": "docx:MS Word 2007 XML",
    "calc-xlsx": "xlsx",
    "calc-csv": f"csv:{UTF8_CSV}",
}
LO_INPUT_FILTERS = {"calc-xlsx": UTF8_CSV}  # a CSV is read as UTF-8


def chromium(src: Path, dst: Path, work: Path) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        raise SystemExit("chromium not found (tools/system_deps.sh installs it)")
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={work / 'chrome'}", f"--print-to-pdf={dst}", src.as_uri()],
        check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def libreoffice(src: Path, dst: Path, producer: str, work: Path) -> None:
    out = work / producer
    infilter = [f"--infilter={LO_INPUT_FILTERS[producer]}"] if producer in LO_INPUT_FILTERS else []
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work / 'lo_profile'}", "--headless", *infilter,
         "--convert-to", LO_FILTERS[producer], "--outdir", str(out), str(src)],
        check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    shutil.move(str(out / f"{src.stem}{dst.suffix}"), str(dst))


def build() -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} not found: the prints are made from ../shared/corpus")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (source, producer) in PRINTS.items():
            dst = OUT / name
            if producer == "chromium":
                chromium(CORPUS / source, dst, work)
            else:
                libreoffice(CORPUS / source, dst, producer, work)
            print(f"{dst.relative_to(ROOT)} <- {source} ({producer})")
