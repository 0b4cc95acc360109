"""The header matcher: every header of the field guide, and headers no list here prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qingdan_extract.lexicon import RULE, SYNONYM, header_key, match_header
from qingdan_extract.lexicon.headers import head_rule

FIELD_GUIDE = Path(__file__).resolve().parents[2] / "shared" / "spec" / "field-guide.md"


def field_guide_headers() -> list[tuple[str, str | None]]:
    """(header as printed, field) for every row of the field guide's "Header text → field" table
    that gives one field (rows whose field depends on the column's values are tested elsewhere)."""
    text = FIELD_GUIDE.read_text(encoding="utf-8")
    table = text.split("## 1. Header text → field", 1)[1].split("\n## ", 1)[0]
    cases: list[tuple[str, str | None]] = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[1] or cells[0] in ("header as printed", "---"):
            continue
        printed, field_text = cells[0], cells[1]
        if field_text.startswith("none") or printed.startswith("("):
            continue  # a summary table's heads, group headers over blocks, the empty serial header
        if ", values " in printed or "; `extra` in" in field_text:
            continue  # decided by the column's values or its neighbours (test_columns)
        fields = re.findall(r"`([a-z_]+)`", field_text)
        field = None if fields[0] == "extra" else fields[0]
        printed = re.sub(r"\s*\((?:parent|under|also|printed)[^)]*\)", "", printed)
        for header in re.split(r"\s*/\s*|,\s*", printed):
            if header:
                cases.append((header, field))
    return cases


GUIDE = field_guide_headers()


def test_the_field_guide_table_is_read_whole() -> None:
    assert len(GUIDE) >= 90


@pytest.mark.parametrize(("header", "field"), GUIDE)
def test_every_field_guide_header_gives_its_field(header: str, field: str | None) -> None:
    match = match_header(header)
    assert match.known
    assert match.field == field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # printed forms: line breaks, spaces, U+3000, notes
        ("子项名称 (无子项时无需填写)", "sub_name"),
        ("职\n权\n类\n别", "category"),
        ("备　注", "remark"),
        ("项 目 名 称", "name"),
        ("行使主体（所属部门）", "subject"),
        ("承办机构（实施主体）", "undertaker"),
        ("子项地方权力编码（无子项时无需填写）", "sub_code"),
        # headers no list here prints: the head noun and its qualifiers decide
        ("拟实施职权名称", "name"),
        ("执法依据（法律法规规章）", "basis"),
        ("权力事项类型", "category"),
        ("处罚依据", "basis"),
        ("实施依据及条款", "basis"),
        ("权力事项名称", "name"),
        ("处罚主体", "subject"),
        ("审批机关", "subject"),
        ("承接部门", None),
        ("原实施机关", None),
        ("行政相对人名称", "name"),
        ("子项事项", "sub_name"),
        ("子项代码", "sub_code"),
        ("实施机构编码", None),
        ("责任单位名称", None),
        ("管理层级", None),
        ("对应国家清单序号", None),
        ("执法内容", "content"),
        ("追责对象", "accountability_scope"),
        ("办理环节", None),
        ("调整情况", None),
    ],
)
def test_headers_nobody_listed(header: str, field: str | None) -> None:
    assert match_header(header).field == field


@pytest.mark.parametrize(
    ("header", "how"),
    [("事项名称", SYNONYM), ("拟实施职权名称", RULE), ("权力事项类型", RULE)],
)
def test_a_match_says_how_it_was_made(header: str, how: str) -> None:
    assert match_header(header).how == how


def test_the_head_rules_alone_agree_with_most_listed_decisions() -> None:
    """The listed headers are there to be exact, not because the rules miss them: the rules
    alone give the listed field for most of the field guide's headers."""
    decided = [(h, f) for h, f in GUIDE if head_rule(header_key(h)) is not None]
    agree = [(h, f) for h, f in decided if head_rule(header_key(h)).field == f]  # type: ignore[union-attr]
    assert len(decided) >= 0.75 * len(GUIDE)
    assert len(agree) >= 0.9 * len(decided)


@pytest.mark.parametrize(
    "text",
    [
        "对不履行或不正确履行行政职责的行政机关及相关工作人员由上级行政机关处理",
        "《中华人民共和国行政许可法》第十二条",
        "1",
        "",
    ],
)
def test_item_text_is_not_a_header(text: str) -> None:
    assert not match_header(text).known


@pytest.mark.parametrize(
    ("header", "field"),
    [("職權名稱", "name"), ("職權類別", "category"), ("實施依據", "basis"), ("承辦機構", "undertaker"),
     ("擔責方式", "liability"), ("備　註", "remark"), ("序號", "seq")],
)  # fmt: skip
def test_headers_in_traditional_characters(header: str, field: str) -> None:
    """Copies converted to traditional characters (field guide L17) still map."""
    assert match_header(header).field == field


@pytest.mark.parametrize(
    ("printed", "ordinary"),
    [
        ("⾏政许可", "行政许可"),  # Kangxi radical U+2F8F
        ("⻔诊", "门诊"),  # CJK radical supplement U+2ED4 (NFKC leaves it)
        ("⽂件", "文件"),
        ("2023\uf98e", "2023年"),  # compatibility ideograph
        ("1\u201112月", "1-12月"),  # non-breaking hyphen
        ("《实施\u2329节约能源法\u232a办法》", "《实施〈节约能源法〉办法》"),  # deprecated angle brackets
        ("（一）、，：", "（一）、，："),  # full-width punctuation stays as printed
    ],
)
def test_look_alike_code_points_are_folded(printed: str, ordinary: str) -> None:
    from qingdan_extract.lexicon import fold_lookalikes

    assert fold_lookalikes(printed) == ordinary
