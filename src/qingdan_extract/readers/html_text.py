"""HTML markup to text lines: shared by the HTML reader and the text reader.

Block elements (``<p>``, ``<div>``, ``<li>`` …) and ``<br>`` start new lines;
everything else is inline. As in a browser, a raw newline inside the markup is
just whitespace, and nothing at all between two Chinese characters. Each line
has its whitespace runs (including U+3000 and U+00A0) collapsed to one space
and is trimmed; empty lines are dropped.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

# Elements whose start and end break the line. Table parts are included so a
# table nested inside a cell flattens to one line per row.
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "tr",
        "caption",
        "center",
        "address",
        "hr",
    }
)
CELL_TAGS = frozenset({"td", "th"})  # cells of a nested table: separated by a space
SKIPPED_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})

LINE_BREAK = "\x00"  # marks a line break while collecting text; never in real text
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A newline in the markup between two Chinese characters is source wrapping,
# not a space (CSS Text 3 "segment break transformation").
_CJK_SEGMENT_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\r]*\n[ \t\r\n]*(?=[{_CJK}])")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def html_fragment_to_lines(fragment: str) -> list[str]:
    """The text lines of an HTML fragment such as ``<p>【法律】…</p> <p>第八十七条 …</p>``."""
    if not fragment.strip():
        return []
    if "<" not in fragment and "&" not in fragment:
        return clean_lines([fragment])
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_lines([fragment])
    return element_lines(root)


def element_lines(element: etree._Element) -> list[str]:
    """The text lines inside a parsed element (its own tail excluded)."""
    parts: list[str] = []
    collect_inner_text(element, parts)
    return clean_lines("".join(parts).split(LINE_BREAK))


def clean_line(text: str) -> str:
    """One line with whitespace runs collapsed to a space and trimmed."""
    text = _INVISIBLE.sub("", text)
    if "\n" in text:
        text = _CJK_SEGMENT_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_lines(lines: list[str]) -> list[str]:
    cleaned = (clean_line(line) for line in lines)
    return [line for line in cleaned if line]


def tag_name(element: etree._Element) -> str:
    """Lower-case local tag name; "" for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname.lower() if "}" in tag else tag.lower()


def collect_inner_text(element: etree._Element, parts: list[str]) -> None:
    """Append the text inside ``element`` to ``parts``, with LINE_BREAK where a line ends."""
    if element.text and tag_name(element) not in SKIPPED_TAGS:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    tag = tag_name(element)
    if tag == "br":
        parts.append(LINE_BREAK)
    elif tag and tag not in SKIPPED_TAGS:
        is_block = tag in BLOCK_TAGS
        if is_block:
            parts.append(LINE_BREAK)
        elif tag in CELL_TAGS:
            parts.append(" ")
        collect_inner_text(element, parts)
        if is_block:
            parts.append(LINE_BREAK)
    if element.tail:
        parts.append(element.tail)
