"""Look-alike code points some producers write into a PDF's text layer for ordinary ideographs.

Browsers printing to PDF with some CJK fonts map glyphs to Kangxi radicals ("⾏" U+2F8F for 行)
or to the CJK radicals supplement ("⻔" U+2ED4 for 门); others to compatibility ideographs
(U+F98E for 年). The page looks right, the text is not the same string. Kangxi radicals and
compatibility ideographs have NFKC decompositions; the supplement has none, so its simplified
forms and common radical forms are listed here (Unicode's EquivalentUnifiedIdeograph.txt).
NFKC is not applied to whole texts: it would turn full-width punctuation half-width.
"""

from __future__ import annotations

import unicodedata

RADICAL_SUPPLEMENT: dict[str, str] = {
    "⺁": "厂", "⺅": "亻", "⺆": "冂", "⺉": "刂", "⺊": "卜", "⺌": "小", "⺗": "心", "⺘": "扌",
    "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺟": "母", "⺠": "民", "⺡": "氵", "⺣": "灬",
    "⺦": "丬", "⺧": "牛", "⺨": "犭", "⺩": "王", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺯": "糹",
    "⺰": "纟", "⺶": "羊", "⺹": "耂", "⺻": "聿", "⺼": "肉", "⺽": "臼", "⺾": "艹", "⺿": "艹",
    "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角", "⻈": "讠",
    "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶", "⻏": "阝", "⻐": "钅",
    "⻑": "長", "⻓": "长", "⻔": "门", "⻕": "阝", "⻖": "阝", "⻗": "雨", "⻘": "青", "⻙": "韦",
    "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻟": "飠", "⻠": "饣", "⻢": "马", "⻣": "骨",
    "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻬": "齐",
    "⻮": "齿", "⻰": "龙", "⻳": "龟",
}  # fmt: skip

OTHER_LOOKALIKES = {
    "\u2011": "-",  # a non-breaking hyphen written for "-"
    "\u2329": "〈",  # the deprecated angle brackets, canonically the CJK ones (U+3008, U+3009):
    "\u232a": "〉",  # pdfminer reads 〈〉 so from some fonts' ToUnicode maps
}


def _lookalike_table() -> dict[int, str]:
    table = {ord(k): v for k, v in {**RADICAL_SUPPLEMENT, **OTHER_LOOKALIKES}.items()}
    for first, last in ((0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(first, last + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp):
                table[cp] = folded
    return table


LOOKALIKES = _lookalike_table()  # code point -> the ordinary character(s)


def fold_lookalikes(text: str) -> str:
    """The text with look-alike code points replaced by the ordinary characters."""
    return text if text.isascii() else text.translate(LOOKALIKES)


# Traditional forms of the characters of header words, for matching headers only (a record keeps
# the text as printed): some copies of lists are converted to traditional characters.
TRADITIONAL_HEADER_CHARS = str.maketrans(
    "職權稱項類別據體實責認處罰監檢查編號碼設從屬層級備註單門內務範圍標準辦時間機關決規範條例許證審批執級對應劃轉為與"
    "種類價徵給獎勵裁確強製質內容簡況調整原因聯動計劃領域業態發總統數構負擔導",
    "职权称项类别据体实责认处罚监检查编号码设从属层级备注单门内务范围标准办时间机关决规范条例许证审批执级对应划转为与"
    "种类价征给奖励裁确强制质内容简况调整原因联动计划领域业态发总统数构负担导",
)


def fold_traditional(text: str) -> str:
    """Header text with traditional characters in their simplified forms ("職權名稱" → "职权名称")."""
    return text.translate(TRADITIONAL_HEADER_CHARS)
