from __future__ import annotations

import pytest

from qingdan_extract.normalize.category import category_from_code, normalize_category
from qingdan_extract.normalize.records import code_category_warnings
from qingdan_extract.normalize.text import cell_text, join_lines
from qingdan_extract.reassemble import Piece


@pytest.mark.parametrize(
    ("raw", "category"),
    [
        ("行政处罚类", "行政处罚"),
        ("其他职权", "其他行政权力"),
        ("其他类", "其他行政权力"),
        ("行政\n处罚", "行政处罚"),
        ("行政监督", "行政监督"),
        ("公共服务", "公共服务"),
        (None, None),
        ("  ", None),
    ],
)
def test_categories_are_normalised(raw: str | None, category: str | None) -> None:
    assert normalize_category(raw) == category


def test_wrapped_lines_join_without_spaces_but_author_breaks_stay() -> None:
    lines = [
        "“对医疗机",
        "构、药品经营",
        "单位等。",
        "2.调查责任：对立",
        "案的案件",
        "（二）其他》",
        "第八十八条：以",
    ]
    assert join_lines(lines, wrapped=True) == (
        "“对医疗机构、药品经营单位等。\n2.调查责任：对立案的案件\n（二）其他》\n第八十八条：以"
    )


def test_article_numbers_break_only_after_a_finished_phrase() -> None:
    assert (
        join_lines(["按照条例的规定依照", "第二十三条处理"], wrapped=True)
        == "按照条例的规定依照第二十三条处理"
    )
    assert join_lines(["《社会保险法》（2018年修正）", "【行政法规】"], wrapped=True) == (
        "《社会保险法》（2018年修正）\n【行政法规】"
    )


def test_wrapped_latin_words_keep_their_space() -> None:
    assert join_lines(["Article 5 of the", "law"], wrapped=True) == "Article 5 of the law"


def test_paragraph_lines_stay_paragraphs_and_spaces_collapse() -> None:
    assert join_lines(["第一段\u3000\u3000文字", "  第二段 "], wrapped=False) == "第一段 文字\n第二段"


def test_a_cell_cut_by_a_page_break_joins_mid_word() -> None:
    pieces = [Piece(["《医疗保障基金使用监"]), Piece(["督管理条例》"], soft_join=True), Piece(["立案"])]
    assert cell_text(pieces) == "《医疗保障基金使用监督管理条例》\n立案"
    assert cell_text([Piece([" "])]) is None


def test_codes_name_their_category() -> None:
    assert category_from_code("0247001000") == "行政处罚"
    assert category_from_code("4105050032B0001") is None
    assert code_category_warnings("0247001000", "行政处罚") == []
    assert code_category_warnings("0247001000", "行政检查") == [
        "code 0247001000 is a 行政处罚 code (GB/T 39046-2020) but the category is 行政检查"
    ]
