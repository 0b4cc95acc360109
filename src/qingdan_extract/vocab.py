"""The words of published lists: header synonyms, categories, code prefixes.

Shared by the reassembler (to recognise header rows) and the normaliser (to
map columns onto fields). Everything here comes from record.md.
"""

from __future__ import annotations

import re

# field -> header texts seen in published lists (whitespace and bracketed notes removed)
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "name": ("事项名称", "职权名称", "项目名称", "权力事项", "权力名称", "职权事项", "权责事项", "事项"),
    "sub_name": ("子项名称", "子项"),
    "category": ("职权类别", "权力类型", "职权类型", "事项类型", "权力类别", "类别", "类型"),
    "code": ("事项编码", "基本编码", "地方权力编码", "职权编码", "权力编码", "编码"),
    "sub_code": ("子项地方权力编码", "子项编码"),
    "subject": ("实施主体", "行政主体", "行使主体", "法定主体", "实施部门", "实施机关"),
    "undertaker": ("承办机构", "责任股室", "责任科室", "承办科室", "内设机构"),
    "basis": ("实施依据", "设定依据", "职权依据", "行使依据", "法律依据"),
    "content": ("行使内容", "履职方式"),
    "responsibility": ("责任事项", "责任事项内容"),
    "responsibility_basis": ("责任事项依据",),
    "accountability": ("追责情形", "追责形式"),
    "accountability_scope": ("追责对象范围",),
    "accountability_basis": ("追责依据",),
    "liability": ("担责方式",),
    "level": ("行使层级",),
    "remark": ("备注",),
}

SYNONYM_TO_FIELD: dict[str, str] = {word: field for field, words in HEADER_SYNONYMS.items() for word in words}

# Words that appear in header rows but map to no field (they go to `extra`);
# knowing them helps tell a header row from a data row.
OTHER_HEADER_WORDS = ("办理环节", "调整情况", "调整原因", "指导部门", "办理时限", "收费依据", "监督电话")

CATEGORIES = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
    "公共服务",
)

# printed variants that mean a standard category
CATEGORY_ALIASES: dict[str, str] = {
    "其他职权": "其他行政权力",
    "其他类": "其他行政权力",
    "其他权力": "其他行政权力",
    "其他": "其他行政权力",
    "其它行政权力": "其他行政权力",
    "其它职权": "其他行政权力",
    "其它类": "其他行政权力",
    "其它": "其他行政权力",
}

# GB/T 39046-2020: the first two digits of a 10-digit 基本编码 name the category
CODE_PREFIX_CATEGORY: dict[str, str] = {
    "01": "行政许可",
    "02": "行政处罚",
    "03": "行政强制",
    "04": "行政征收",
    "05": "行政给付",
    "06": "行政检查",
    "07": "行政确认",
    "08": "行政奖励",
    "09": "行政裁决",
    "10": "其他行政权力",
    "20": "公共服务",
}

_BRACKETED = re.compile(r"[（(\[【〔][^）)\]】〕]*[）)\]】〕]?")
_SPACE = re.compile(r"\s+")


def header_key(text: str) -> str:
    """A header as compared: whitespace and bracketed notes removed."""
    return _BRACKETED.sub("", _SPACE.sub("", text))
