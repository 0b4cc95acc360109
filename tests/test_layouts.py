"""The layouts of record.md ("Layouts: what becomes a record") on lists built here, in layouts and
with headers that no sample or corpus document prints."""

from __future__ import annotations

from pathlib import Path

from qingdan_extract import extract

GRID_AND_DEPARTMENTS = """<html><head><meta charset="utf-8"></head><body>
<h2>某县行政许可事项清单</h2>
<table border="1">
<tr><td rowspan="2">序号</td><td rowspan="2">拟实施职权名称</td><td rowspan="2">权力事项类型</td>
<td colspan="3">行使层级</td><td rowspan="2">执法依据（法律法规规章）</td></tr>
<tr><td>省</td><td>市</td><td>县</td></tr>
<tr><td colspan="7">一、某县发展和改革局</td></tr>
<tr><td>1</td><td>企业投资项目核准</td><td>行政许可</td><td>√</td><td>√</td><td></td>
<td>《企业投资项目核准和备案管理条例》第三条</td></tr>
<tr><td>2</td><td>固定资产投资项目节能审查</td><td>行政许可</td><td></td><td>√</td><td>√</td><td>《节约能源法》第十五条</td></tr>
<tr><td colspan="7">二、某县教育局</td></tr>
<tr><td>3</td><td>民办学校设立审批</td><td>行政许可</td><td></td><td></td><td>√</td><td>《民办教育促进法》第十二条</td></tr>
<tr><td>合计</td><td colspan="6">3项</td></tr>
</table></body></html>"""

MAIN_AND_SUB_ITEMS = """<html><head><meta charset="utf-8"></head><body>
<table border="1">
<tr><td>序号</td><td>主项名称</td><td>子项名称</td><td>职权类型</td><td>主项编码</td><td>子项编码</td></tr>
<tr><td rowspan="2">1</td><td rowspan="2">社会团体登记（含2个子项）</td><td>1.成立登记</td>
<td rowspan="2">行政许可</td><td rowspan="2">0112345000</td><td>011234500001</td></tr>
<tr><td>2.注销登记</td><td>011234500002</td></tr>
<tr><td>2</td><td>慈善组织认定</td><td></td><td>行政确认</td><td>0712346000</td><td></td></tr>
</table></body></html>"""


def test_level_grid_department_headings_and_total_rows(tmp_path: Path) -> None:
    path = tmp_path / "grid.html"
    path.write_text(GRID_AND_DEPARTMENTS, encoding="utf-8")
    records = extract(path)
    assert [(r.seq, r.name, r.category) for r in records] == [
        ("1", "企业投资项目核准", "行政许可"),
        ("2", "固定资产投资项目节能审查", "行政许可"),
        ("3", "民办学校设立审批", "行政许可"),
    ]  # the 合计 row is not an item
    assert [r.level for r in records] == [None, None, None]  # a grid is not a level
    assert [r.extra for r in records] == [
        {"行使层级省": "√", "行使层级市": "√"},
        {"行使层级市": "√", "行使层级县": "√"},
        {"行使层级县": "√"},
    ]
    # a department heading row is the section, and does not fill the subject
    assert [(r.section, r.subject) for r in records] == [
        ("一、某县发展和改革局", None),
        ("一、某县发展和改革局", None),
        ("二、某县教育局", None),
    ]
    assert records[0].basis == "《企业投资项目核准和备案管理条例》第三条"
    assert records[0].source.title == "某县行政许可事项清单"


def test_a_main_item_with_sub_items_gives_one_record_per_sub_item(tmp_path: Path) -> None:
    path = tmp_path / "sub.html"
    path.write_text(MAIN_AND_SUB_ITEMS, encoding="utf-8")
    records = extract(path)
    assert [(r.seq, r.name, r.sub_name, r.category, r.code, r.sub_code) for r in records] == [
        ("1", "社会团体登记（含2个子项）", "1.成立登记", "行政许可", "0112345000", "011234500001"),
        ("1", "社会团体登记（含2个子项）", "2.注销登记", "行政许可", "0112345000", "011234500002"),
        ("2", "慈善组织认定", None, "行政确认", "0712346000", None),
    ]


def test_filler_lines_above_the_header_and_merged_main_items_in_a_sheet(tmp_path: Path) -> None:
    """A 填报单位：… | 填报时间：… row between the title and the header is a line about the list,
    not a header row; 子项 rows under merged main-item cells are records of their own."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某县市场监督管理局权责清单"])
    ws.merge_cells("A1:H1")
    ws.append(["填报单位：某县市场监督管理局", None, None, None, None, "填报时间：2024年3月", None, None])
    ws.append(["编号", "权力名称", "子项", "权力类型", "权力编码", "设定依据", "责任科室", "备注"])
    ws.append(["1", "对生产不符合安全标准食品的处罚", "1.对生产行为的处罚", "行政处罚", "0233001000",
               "《中华人民共和国食品安全法》第一百二十四条", "执法稽查股", None])  # fmt: skip
    ws.append([None, None, "2.对经营行为的处罚", None, None, None, None, None])
    for column in "ABDEFG":
        ws.merge_cells(f"{column}4:{column}5")
    ws.append(["2", "食品经营许可", None, "行政许可", "0133002000", "《中华人民共和国食品安全法》第三十五条",
               "行政审批股", "含仅销售预包装食品备案"])  # fmt: skip
    path = tmp_path / "list.xlsx"
    wb.save(path)
    records = extract(path)
    assert [(r.seq, r.sub_name, r.code, r.undertaker, r.extra) for r in records] == [
        ("1", "1.对生产行为的处罚", "0233001000", "执法稽查股", {}),
        ("1", "2.对经营行为的处罚", "0233001000", "执法稽查股", {}),
        ("2", None, "0133002000", "行政审批股", {}),
    ]
    assert {r.source.title for r in records} == {"某县市场监督管理局权责清单"}
    assert records[2].remark == "含仅销售预包装食品备案"
