"""The row classifier and the role of a data row, table-driven."""

from __future__ import annotations

import pytest

from qingdan_extract.reassemble.rows import Role, RowFacts, RowKind, data_row_role, row_kind


@pytest.mark.parametrize(
    ("texts", "full_width", "header_words", "kind"),
    [
        (["", "", ""], False, False, RowKind.EMPTY),
        (["一、行政许可（6项）", "", ""], True, False, RowKind.TEXT),
        (["合计", "6项", ""], False, False, RowKind.TOTAL),
        (["总 计", "", "6"], False, False, RowKind.TOTAL),
        (["序号", "事项名称", "备注"], False, True, RowKind.HEADER),
        (["1", "甲", ""], False, False, RowKind.DATA),
    ],
)
def test_row_kind(texts: list[str], full_width: bool, header_words: bool, kind: RowKind) -> None:
    assert row_kind(texts, full_width, header_words) is kind


BASE = RowFacts(
    has_serial_column=True,
    serial_merged=False,
    serial_printed=True,
    own_name=True,
    page_break=False,
    above_in_merged_group=False,
    identity=True,
    above_identity=True,
    unnumbered_mid_page=0,
)


def facts(**changes: object) -> RowFacts:
    return RowFacts(**{**BASE.__dict__, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "role"),
    [
        ({}, Role.NEW),  # a serial: a new item
        ({"has_serial_column": False, "serial_printed": False}, Role.NEW),  # a list without serials
        # under a merged serial: a 办理环节 sub-row, or an item of its own when it names one
        ({"serial_merged": True, "serial_printed": False, "own_name": False}, Role.CONTINUE),
        ({"serial_merged": True, "serial_printed": False}, Role.NEW),
        # no serial and no name of its own: more of the item above
        ({"serial_printed": False, "own_name": False}, Role.CONTINUE),
        # after a page break, no serial, a name: another item of a merged group …
        ({"serial_printed": False, "page_break": True, "above_in_merged_group": True}, Role.GROUP),
        # … or the rest of a cut name, unless the list prints items without serials
        ({"serial_printed": False, "page_break": True, "identity": False}, Role.CUT),
        (
            {"serial_printed": False, "page_break": True, "identity": False, "above_identity": False},
            Role.CUT,
        ),
        (
            {
                "serial_printed": False,
                "page_break": True,
                "identity": False,
                "above_identity": False,
                "unnumbered_mid_page": 2,
            },
            Role.GUESS_NEW,
        ),
        # mid-page, a row with a name but no serial is an item printed without one
        ({"serial_printed": False}, Role.NEW),
    ],
)
def test_data_row_role(changes: dict[str, object], role: Role) -> None:
    assert data_row_role(facts(**changes)) is role


@pytest.mark.parametrize(
    ("held", "held_rank", "new", "new_rank", "has_items", "expected"),
    [
        (None, (False, False), "某局权责清单", (True, False), False, "某局权责清单"),
        # a title saying 清单 beats a mere heading; the first beats later ones of the same rank
        ("基本信息", (False, True), "某局权责清单", (True, True), False, "某局权责清单"),
        ("某局权责清单", (True, True), "另一清单", (True, True), False, "某局权责清单"),
        # the same title printed again with its count: the fuller print
        ("某局权责清单", (True, True), "某局权责清单（共 15 项）", (True, False), False,
         "某局权责清单（共 15 项）"),
        # after a list's items, a title names the list that may follow
        ("某局权责清单", (True, True), "附件2 目录", (True, False), True, "附件2 目录"),
    ],
)  # fmt: skip
def test_choose_title(
    held: str | None, held_rank: tuple[bool, bool], new: str, new_rank: tuple[bool, bool], has_items: bool,
    expected: str,
) -> None:  # fmt: skip
    from qingdan_extract.reassemble.context import choose_title

    choice = choose_title(held, held_rank, new, new_rank, has_items)
    assert (choice[0] if choice else held) == expected
