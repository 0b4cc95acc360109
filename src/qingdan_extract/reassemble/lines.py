"""What a line of text outside the rows says: a 附件 label, a title, a section
heading, a declared total — or nothing the list needs (a footer, a stamp)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import TITLE_WORDS, category_at_end, standard_category

_ATTACHMENT = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*$")
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+(?:部分|类|章))"
)
_COUNT = re.compile(r"[（(]\s*(?:共\s*)?(?:(\d+)\s*类\s*[、，,]\s*)?(\d+)\s*项\s*[）)]")
_TOTAL_ONLY = re.compile(r"^[（(]?\s*共\s*(?:(\d+)\s*类\s*[、，,]\s*)?(\d+)\s*项\s*[）)]?$")
_LABELLED = re.compile(r"^[^：:]{1,8}[：:]")
_TITLE_WORDS = re.compile("|".join(TITLE_WORDS))
_SECTION_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+(?:部分|类|章)\s*[、.．:：]?)\s*"
)


_SERIAL = re.compile(r"\d{1,4}")


def is_serial(text: str) -> bool:
    """A printed serial number such as "13"."""
    return bool(_SERIAL.fullmatch(text.strip()))


@dataclass
class Declared:
    items: int
    classes: int | None = None


def is_attachment_label(text: str) -> bool:
    return bool(_ATTACHMENT.match(text.strip()))


def is_section_heading(text: str) -> bool:
    text = text.strip()
    return bool(_SECTION.match(text)) and len(text) <= 60 and "\n" not in text


def declared_count(text: str) -> Declared | None:
    """ "（共 6 项）", "（2项）", "（共7类、45项）" → the numbers."""
    match = _COUNT.search(text) or _TOTAL_ONLY.match(text.strip())
    if not match:
        return None
    classes, items = match.groups()
    return Declared(items=int(items), classes=int(classes) if classes else None)


def is_total_line(text: str) -> bool:
    return bool(_TOTAL_ONLY.match(text.strip()))


def looks_like_title(text: str, heading: bool) -> bool:
    text = text.strip()
    if not text or len(text) > 80 or is_section_heading(text) or is_attachment_label(text):
        return False
    if _LABELLED.match(text):  # "单位：…（公章）", "发布日期：…": a line about the list, not its title
        return False
    return heading or has_title_words(text)


def has_title_words(text: str) -> bool:
    return bool(_TITLE_WORDS.search(text))


def strip_count(text: str) -> str:
    """A title or heading without its declared count."""
    return _COUNT.sub("", text).strip()


def section_category(heading: str) -> str | None:
    """The category words of a heading that names a category ("二、行政处罚类（共 6 项）" → "行政处罚类",
    "血吸虫病防治类行政处罚（3项）" → "行政处罚"); None for a heading that only names a scope
    ("一、中央设定的行政许可事项目录") or a department."""
    words = section_category_words(heading)
    if standard_category(words):
        return words
    return category_at_end(words)


def section_category_words(heading: str) -> str:
    """ "二、行政处罚类（共 6 项）" → "行政处罚类"."""
    return strip_count(_SECTION_PREFIX.sub("", heading.strip())).strip()
