"""The PDFium source's rules and characters on small hand-made PDFs, against pdfplumber's.

Each PDF is written here, byte by byte: a page with rules drawn directly, inside a form
XObject (with its own matrix), clipped away, white, or never painted, on a page turned by
``/Rotate``; the rects and lines both engines find must be the same, except the clipped
one, which only the PDFium engine leaves out (pdfminer does not clip).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from qingdan_extract.readers.pdf import is_visible_rule
from qingdan_extract.readers.pdfium_source import PdfiumDocument, font_descents

# "q /Fm1 Do Q", as writers do: after a bare "Do", pdfminer keeps the form's matrix for what
# follows until the next q/Q (its device's matrix is not restored), and the text would move.
PAGE = b"""q 0 0 0 RG 1 w
50 700 m 300 700 l S
50 600 250 50 re S
Q
q 1 1 1 RG 60 650 m 290 650 l S Q
q 40 500 m 300 500 l n Q
q 100 100 50 50 re W n 0 0 0 RG 400 400 100 20 re S Q
q 0 0 0 rg 50 300 200 1 re f Q
q /Fm1 Do Q
BT /F1 12 Tf 60 720 Td (Rules) Tj ET
"""
FORM = b"0 0 0 RG 0 0 m 100 0 l S 0 0 100 40 re S"


def build_pdf(path: Path, rotate: int = 0) -> Path:
    """A one-page PDF: PAGE as its content, FORM drawn at (50, 400) via /Matrix."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d "
        b"/Resources << /XObject << /Fm1 5 0 R >> /Font << /F1 6 0 R >> >> /Contents 4 0 R >>" % rotate,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(PAGE), PAGE),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 200] /Matrix [1 0 0 1 50 400] /Length %d >>\n"
        b"stream\n%s\nendstream" % (len(FORM), FORM),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


CHAR_TOLERANCE = 0.5  # pt: the measure of agreement (rounding in PDFium's float boxes)


def char_box(c: dict[str, Any]) -> tuple[Any, ...]:
    return (c["text"], c["x0"], c["top"], c["x1"], c["bottom"], c["size"])


def shapes(objects: dict[str, list[dict[str, Any]]]) -> list[tuple[Any, ...]]:
    """Each rect/line/curve: kind, rounded box, painted, visible."""
    out = []
    for kind in ("rect", "line", "curve"):
        for o in objects.get(kind, []):
            box = tuple(round(o[k], 3) for k in ("x0", "top", "x1", "bottom"))
            out.append((kind, box, bool(o.get("stroke")), bool(o.get("fill")), is_visible_rule(o)))
    return sorted(out)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rules_match_pdfplumber_but_the_clipped_one(tmp_path: Path, rotate: int) -> None:
    path = build_pdf(tmp_path / f"rules_{rotate}.pdf", rotate)
    with pdfplumber.open(path) as pdf:
        plumber = shapes(pdf.pages[0].objects)
        plumber_chars = [char_box(c) for c in pdf.pages[0].chars]
    doc = PdfiumDocument(path)
    try:
        page = doc.pages[0]
        pdfium = shapes(page.objects)
        pdfium_chars = [char_box(c) for c in page.chars]
        fonts = {c["fontname"] for c in page.chars}
        page.close()
    finally:
        doc.close()
    clipped = [s for s in plumber if s not in pdfium]
    assert len(clipped) == 1, "only the rect drawn outside its clip differs"
    kind, (x0, top, x1, bottom), *_ = clipped[0]
    assert kind == "rect" and max(x1 - x0, bottom - top) == pytest.approx(100)
    assert pdfium == [s for s in plumber if s != clipped[0]]
    # the form's two rules came through its /Matrix; the white and the unpainted line are not visible
    assert sum(1 for s in pdfium if s[4]) == 5
    # the characters: same text, same box (Helvetica's descent: PDFium's built-in metrics and
    # pdfminer's AFM agree), the page turned or not
    assert [c[0] for c in pdfium_chars] == list("Rules")
    assert [c[0] for c in plumber_chars] == list("Rules")
    assert fonts == {"Helvetica"}
    for ours, theirs in zip(pdfium_chars, plumber_chars, strict=True):
        assert ours[1:] == pytest.approx(theirs[1:], abs=CHAR_TOLERANCE)


def test_font_descents_from_descriptors_and_object_streams() -> None:
    import zlib

    plain = b"7 0 obj\n<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Descent -141 >>\nendobj\n"
    packed = zlib.compress(b"<< /Type/FontDescriptor/FontName/KaiTi/Ascent 859/Descent 141 >>")
    stream = (
        b"8 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n"
    )
    got = font_descents(plain + stream % packed)
    assert got == {"ABCDEF+SimSun": -141.0, "SimSun": -141.0, "KaiTi": -141.0}
