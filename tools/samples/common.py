"""The seed lists as data for the sample builders.

Each sample in samples/ is the content of a seed list (its hand-checked golden
records) rendered into a real format. A builder asks for a ListSpec: the
title, the declared total, the header as the source printed it, and the
records grouped by section, then lays it out as a real document would.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "golden"
SAMPLES = ROOT / "samples"

# the printed header of each seed list, in column order, with the field each column holds
HEADERS: dict[str, list[tuple[str, str]]] = {
    "seed000_wolong": [("序号", "seq"), ("职权名称", "name"), ("职权类别", "category_raw")],
    "seed001_yindu": [
        ("序号", "seq"),
        ("项目名称", "name"),
        ("职权类别", "category_raw"),
        ("事项编码", "code"),
        ("实施主体", "subject"),
        ("设定依据", "basis"),
        ("履职方式", "content"),
        ("追责形式", "accountability"),
    ],
    "seed002_huinong": [
        ("序号", "seq"),
        ("职权名称", "name"),
        ("基本编码", "code"),
        ("职权依据", "basis"),
        ("行使内容", "content"),
        ("责任事项", "responsibility"),
        ("追责情形", "accountability"),
        ("担责方式", "liability"),
        ("备注", "remark"),
    ],
    "seed003_laiyuan": [
        ("序号", "seq"),
        ("权力类型", "category_raw"),
        ("权力事项", "name"),
        ("行政主体", "subject"),
        ("实施依据", "basis"),
        ("责任事项", "responsibility"),
        ("追责情形", "accountability"),
        ("备注", "remark"),
    ],
    "seed004_yumen": [
        ("序号", "seq"),
        ("事项名称", "name"),
        ("子项名称（无子项时无需填写）", "sub_name"),
        ("权力类型", "category_raw"),
        ("地方权力编码", "code"),
        ("子项地方权力编码（无子项时无需填写）", "sub_code"),
        ("行使主体（所属部门）", "subject"),
        ("承办机构（实施主体）", "undertaker"),
        ("实施依据", "basis"),
        ("责任事项内容", "responsibility"),
        ("责任事项依据", "responsibility_basis"),
        ("追责对象范围", "accountability_scope"),
        ("追责情形", "accountability"),
        ("备注", "remark"),
    ],
}

# what the source printed above its table
PREAMBLE: dict[str, list[str]] = {
    "seed000_wolong": ["附件1", "（共 13项）"],
    "seed001_yindu": ["安阳市殷都区医疗保障局权责清单目录"],
    "seed002_huinong": ["惠农区医疗保障局行政权力和责任清单（共 15 项）"],
    "seed003_laiyuan": [
        "涞源县医疗保障局权责清单事项分表",
        "（共7类、45项）",
        "单位：涞源县医疗保障局（公章）",
    ],
    "seed004_yumen": ["玉门市医疗保障局权责清单目录 (不含涉密事项)"],
}


# seed000 prints every class heading, also those with no items (list_spec only knows the filled ones)
WOLONG_HEADINGS = [
    "一、行政许可（0项）",
    "二、行政处罚（2项）",
    "三、行政强制（1项）",
    "四、行政征收（0项）",
    "五、行政给付（1项）",
    "六、行政检查（3项）",
    "七、行政确认（1项）",
    "八、行政裁决（0项）",
    "九、行政奖励（1项）",
    "十、其他职权（4项）",
]


@dataclass
class Section:
    heading: str | None  # as printed, e.g. "一、行政处罚类（共 6 项）"; None: the list has no sections
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ListSpec:
    stem: str
    preamble: list[str]
    header: list[tuple[str, str]]
    sections: list[Section]

    @property
    def records(self) -> list[dict[str, Any]]:
        return [r for s in self.sections for r in s.records]

    def row(self, record: dict[str, Any]) -> list[str]:
        """A record's cells in header order ("" for empty)."""
        return [cell_value(record, field) for _, field in self.header]


def cell_value(record: dict[str, Any], field: str) -> str:
    value = record.get(field)
    if value is None and field == "category_raw":
        value = record.get("category")
    return "" if value is None else str(value)


def load_golden(stem: str) -> list[dict[str, Any]]:
    path = GOLDEN / f"{stem}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def list_spec(stem: str) -> ListSpec:
    """The seed list as the source printed it: sections in order, records in each."""
    sections: list[Section] = []
    for record in load_golden(stem):
        heading = record.get("section")
        if not sections or sections[-1].heading != heading:
            sections.append(Section(heading=heading))
        sections[-1].records.append(record)
    return ListSpec(stem=stem, preamble=PREAMBLE[stem], header=HEADERS[stem], sections=sections)


def expected_records(
    stem: str, file: str, fmt: str, pages: list[list[int] | None] | None = None, title: str | None = "same"
) -> list[dict[str, Any]]:
    """The golden records of a sample built from seed `stem`: the seed's records with the new source.

    ``pages``: per record, the pages it spans (from an independent look at the built file), or None.
    """
    out = []
    for i, record in enumerate(load_golden(stem)):
        record = json.loads(json.dumps(record))
        record["source"]["file"] = file
        record["source"]["format"] = fmt
        record["source"]["pages"] = pages[i] if pages else None
        if title != "same":
            record["source"]["title"] = title
        record["warnings"] = []
        out.append(record)
    return out


def write_golden(name: str, records: list[dict[str, Any]]) -> Path:
    path = GOLDEN / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
