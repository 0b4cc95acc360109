"""What a cell's value reads like: a serial, a category, a code, a legal citation, a body,
a level, a duration … The column typer and the row classifier read values by these kinds."""

from __future__ import annotations

import re

from .categories import is_category_word

SERIAL = "serial"
CATEGORY = "category"
CODE = "code"
BASIS = "basis"  # a legal citation: 《…》, 第…条, 【法律】
ORG = "org"  # a body: …局, …委员会, …政府
LEVEL = "level"  # 省级, 市县（区）级
DURATION = "duration"  # 20个工作日
SHORT = "short"  # other text, one line
LONG = "long"  # other text, long or several lines

_SERIAL = re.compile(r"\d{1,4}")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-]{5,}")
MIN_CODE_DIGITS = 4  # "1-12月" and "GB2312" are not codes; an item code has digits throughout
_CITATION = re.compile(
    r"《[^》]{2,}》|第[一二三四五六七八九十百零〇\d]+条|【(?:法律|行政法规|地方性法规|规章|部门规章|政府规章)"
)
_ORG_END = re.compile(r"(局|委员会|委|厅|部|政府|中心|办公室|院|所|站|队|股|科|室|处|办|组|管委会|部门)$")
MAX_ORG = 30  # a body's name is short; a sentence that ends in 局 is not one
_LEVEL = re.compile(r"^(?:国家|省|市|县|区|乡|镇|街道|[、，,（）()])+级?$|级$")
MAX_LEVEL = 12
_DURATION = re.compile(r"^\d+\s*(?:个)?(?:工作日|日|天|月|年|小时)$")
MAX_SHORT = 40  # longer than this, or over several lines, a value is long text


def value_kind(value: str) -> str:
    """The kind of one cell's value (whitespace at the ends ignored)."""
    value = value.strip()
    compact = re.sub(r"\s+", "", value)
    if _SERIAL.fullmatch(compact):
        return SERIAL
    if is_category_word(compact):
        return CATEGORY
    if _CODE.fullmatch(compact) and sum(ch.isdigit() for ch in compact) >= MIN_CODE_DIGITS:
        return CODE
    if _DURATION.match(compact):
        return DURATION
    if len(compact) <= MAX_LEVEL and _LEVEL.search(compact):
        return LEVEL
    if _CITATION.search(value):
        return BASIS
    if len(compact) <= MAX_ORG and "\n" not in value and _ORG_END.search(compact):
        return ORG
    return SHORT if len(compact) <= MAX_SHORT and "\n" not in value else LONG


def reads_like_data(value: str) -> bool:
    """A cell no header would hold: a citation, a sentence, a long text."""
    compact = re.sub(r"\s+", "", value)
    return bool(_CITATION.search(value)) or "。" in compact or len(compact) > MAX_SHORT
