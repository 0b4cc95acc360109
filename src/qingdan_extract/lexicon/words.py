"""The words of published lists, as data: header texts with the field each gives,
the head nouns and qualifiers that decide a header nobody listed, category labels
and code prefixes.

Sources: ../shared/spec/record.md (the synonym table), ../shared/spec/field-guide.md
(114 header texts of 22 publications, with the field a careful reader gives each) and
the lists the tool was first built on. Keys are compared as `header_key` gives them:
whitespace and bracketed notes removed.
"""

from __future__ import annotations

EXTRA = None  # a header we know that maps to no field: its column goes to `extra`

# header text -> field. Every header of the field guide and the spec, and of the seed lists.
KNOWN_HEADERS: dict[str, str | None] = {
    # seq
    "序号": "seq", "编号": "seq", "事项序号": "seq",
    # name
    "事项名称": "name", "职权名称": "name", "项目名称": "name", "权力事项": "name", "权力名称": "name",
    "职权事项": "name", "权责事项": "name", "事项": "name", "实施清单事项名称": "name",
    "省级事项名称": "name", "抽查事项": "name", "联合抽查事项": "name", "赋权事项": "name",
    "主项名称": "name", "项目": "name", "主项": "name",
    # sub_name
    "子项名称": "sub_name", "子项": "sub_name",
    # category
    "职权类别": "category", "权力类型": "category", "职权类型": "category", "事项类型": "category",
    "权力类别": "category", "类别": "category", "类型": "category", "执法类别": "category",
    "事项类别": "category",
    # code
    "事项编码": "code", "基本编码": "code", "地方权力编码": "code", "职权编码": "code",
    "权力编码": "code", "编码": "code", "事项代码": "code", "国家目录编码": "code",
    # sub_code
    "子项地方权力编码": "sub_code", "子项编码": "sub_code", "业务办理项编码": "sub_code",
    # subject
    "实施主体": "subject", "行政主体": "subject", "行使主体": "subject", "法定主体": "subject",
    "实施部门": "subject", "实施机关": "subject", "执法主体": "subject", "实施单位": "subject",
    "责任主体": "subject", "检查主体": "subject", "发起部门": "subject", "检查部门": "subject",
    # undertaker
    "承办机构": "undertaker", "责任股室": "undertaker", "责任科室": "undertaker",
    "承办科室": "undertaker", "内设机构": "undertaker",
    # basis
    "实施依据": "basis", "设定依据": "basis", "职权依据": "basis", "行使依据": "basis",
    "法律依据": "basis", "设定和实施依据": "basis", "执法依据": "basis", "法律法规依据": "basis",
    "检查依据": "basis",
    # content
    "行使内容": "content", "履职方式": "content", "检查内容及要求": "content", "抽查内容": "content",
    # responsibility …
    "责任事项": "responsibility", "责任事项内容": "responsibility",
    "责任事项依据": "responsibility_basis",
    "追责情形": "accountability", "追责形式": "accountability", "追责情形及追责依据": "accountability",
    "追责对象范围": "accountability_scope",
    "追责依据": "accountability_basis",
    "担责方式": "liability",
    # level
    "行使层级": "level", "抽查层级": "level", "实施层级": "level",
    # remark
    "备注": "remark",
    # known headers that go to extra
    "中央行政许可事项清单序号": EXTRA, "对应省清单序号": EXTRA, "区级主管部门": EXTRA,
    "市主管部门": EXTRA, "承接单位": EXTRA, "原实施主体": EXTRA, "抽查类别名称": EXTRA,
    "抽查领域": EXTRA, "检查对象": EXTRA, "配合部门": EXTRA, "参检单位": EXTRA, "检查方式": EXTRA,
    "抽查比例及频次": EXTRA, "抽查比例": EXTRA, "检查时间": EXTRA, "实施时间": EXTRA,
    "权责清单事项": EXTRA, "抽查任务名称": EXTRA, "大约抽取的检查对象数量": EXTRA, "行业分类": EXTRA,
    "实施对象": EXTRA, "办理时限": EXTRA, "收费依据标准": EXTRA, "收费依据": EXTRA, "划转范围": EXTRA,
    "具体职责边界": EXTRA, "划出部门": EXTRA, "组织层级": EXTRA, "抽查类型": EXTRA, "单位": EXTRA,
    "单位名称": EXTRA, "实施主体编码": EXTRA, "办理形式": EXTRA, "到办事现场次数": EXTRA,
    "特别程序": EXTRA, "中介服务": EXTRA, "实施主体性质": EXTRA, "权力来源": EXTRA, "窗口办理": EXTRA,
    "是否进驻政务大厅": EXTRA, "办理地点": EXTRA, "办理时间": EXTRA, "服务对象": EXTRA,
    "受理条件": EXTRA, "到现场次数": EXTRA, "法定办结时限": EXTRA, "承诺办结时限": EXTRA,
    "办理环节": EXTRA, "调整情况": EXTRA, "调整原因": EXTRA, "指导部门": EXTRA, "监督电话": EXTRA,
}  # fmt: skip

# A header nobody listed is decided by its head noun, the word it ends with ("省级事项名称",
# "拟实施职权名称" are names; "权力事项类型" is a category, not a name). A rule may name the
# qualifiers (the words before the head) that turn the column into another field or into
# `extra` ("承接单位" is not the subject, "子项编码" is the sub-item's code). Longest head first.
#   head -> (field, {qualifier word: field it gives instead}, qualifiers accepted or None for any)
HeadRule = tuple[str | None, dict[str, str | None], tuple[str, ...] | None]
# qualifiers of a body that exercises the power ("执法主体", "检查部门", "实施单位")
EXERCISING = ("实施", "执法", "责任", "检查", "发起", "行使", "法定", "行政", "办理", "审批", "处罚", "许可",
              "监管", "权力", "职权")  # fmt: skip
# a body that held the power before, or takes it over ("原实施主体", "承接单位")
NOT_THE_SUBJECT: dict[str, str | None] = {"原": None, "承接": None}
HEAD_RULES: dict[str, HeadRule] = {
    "责任事项依据": ("responsibility_basis", {}, None),
    "责任事项内容": ("responsibility", {}, None),
    "责任事项": ("responsibility", {}, None),
    "追责依据": ("accountability_basis", {}, None),
    "追责情形": ("accountability", {}, None),
    "追责对象": ("accountability_scope", {}, None),
    "担责方式": ("liability", {}, None),
    "子项名称": ("sub_name", {}, None),
    "主项名称": ("name", {}, None),
    # a serial that names another list ("中央…清单序号", "对应省清单序号") cross-refers to it
    "序号": ("seq", {"清单": EXTRA, "目录": EXTRA, "对应": EXTRA, "原": EXTRA}, None),
    # the name of a body, a group or a task is not the item's name
    "名称": (
        "name",
        {"子项": "sub_name", "单位": EXTRA, "部门": EXTRA, "机构": EXTRA, "机关": EXTRA, "主体": EXTRA,
         "类别": EXTRA, "领域": EXTRA, "任务": EXTRA, "文件": EXTRA, "法规": EXTRA},
        None,
    ),
    "事项": ("name", {"子项": "sub_name", "清单": EXTRA, "目录": EXTRA, "对应": EXTRA}, None),
    # the code of a body (its credit code) is not the item's; a sub-unit's code is the sub_code
    "编码": ("code", {"子项": "sub_code", "办理项": "sub_code", "主体": EXTRA, "机关": EXTRA,
                     "单位": EXTRA, "部门": EXTRA, "机构": EXTRA, "信用": EXTRA}, None),
    "代码": ("code", {"子项": "sub_code", "办理项": "sub_code", "主体": EXTRA, "机关": EXTRA,
                     "单位": EXTRA, "部门": EXTRA, "机构": EXTRA, "信用": EXTRA}, None),
    "类别": ("category", {"对象": EXTRA, "行业": EXTRA}, None),
    "类型": ("category", {"对象": EXTRA, "行业": EXTRA}, None),
    "依据": ("basis", {"收费": EXTRA}, None),
    "根据": ("basis", {"收费": EXTRA}, None),
    # the body that exercises the power: 实施/执法/检查… 主体, 部门, 单位, 机关; a body that
    # takes it over, helps, supervises or held it before goes to extra
    "主体": ("subject", NOT_THE_SUBJECT, ("", *EXERCISING)),
    "机关": ("subject", NOT_THE_SUBJECT, ("", *EXERCISING, "决定", "作出")),
    "部门": ("subject", NOT_THE_SUBJECT, EXERCISING),
    "单位": ("subject", NOT_THE_SUBJECT, EXERCISING),
    "机构": ("undertaker", {}, ("承办", "内设", "责任", "办理", "经办")),
    "科室": ("undertaker", {}, None),
    "股室": ("undertaker", {}, None),
    "处室": ("undertaker", {}, None),
    "内容": ("content", {}, None),
    "层级": ("level", {}, ("", "行使", "实施", "抽查", "执法", "检查", "审批", "办理", "责任")),
    "备注": ("remark", {}, None),
    "说明": ("remark", {"职责": EXTRA}, None),
}  # fmt: skip

# "A及B": the first part decides when it is a header of its own ("检查内容及要求", "追责情形及追责依据")
COMPOUND_JOINERS = ("及",)

# Pieces of header text, for telling a line of header words from a line of item text where the
# reader sees no cells yet (an unruled PDF, text split on spaces).
HEADER_PARTS = (
    "序号", "名称", "类别", "类型", "依据", "事项", "主体", "编码", "备注",
    "情形", "环节", "机构", "科室", "股室", "内容", "部门", "层级", "子项",
)  # fmt: skip

CATEGORIES = (
    "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认",
    "行政奖励", "行政裁决", "其他行政权力", "公共服务",
)  # fmt: skip

# printed variants that mean a standard category
CATEGORY_ALIASES: dict[str, str] = {
    "其他职权": "其他行政权力", "其他类": "其他行政权力", "其他权力": "其他行政权力",
    "其他": "其他行政权力", "其它行政权力": "其他行政权力", "其它职权": "其他行政权力",
    "其它类": "其他行政权力", "其它": "其他行政权力",
}  # fmt: skip

# GB/T 39046-2020: the first two digits of a 10-digit 基本编码 name the category
CODE_PREFIX_CATEGORY: dict[str, str] = {
    "01": "行政许可", "02": "行政处罚", "03": "行政强制", "04": "行政征收", "05": "行政给付",
    "06": "行政检查", "07": "行政确认", "08": "行政奖励", "09": "行政裁决", "10": "其他行政权力",
    "20": "公共服务",
}  # fmt: skip

# The first cell of a row that sums up the list above it, not an item
TOTAL_ROW_WORDS = ("合计", "总计", "小计", "共计")

# Words that make a line a list's title (field guide, appendix): 权责清单, 事项目录, 职权…,
# 权力…, 事项表/分表, and the 双随机 lists published as a year's 抽查工作计划 (沂水县,
# 阳江市), and the tables of a compilation (汇总表, 一览表, 明细表)
TITLE_WORDS = (
    "清单",
    "目录",
    "权责",
    "职权",
    "权力",
    "事项表",
    "分表",
    "工作计划",
    "汇总表",
    "一览表",
    "明细表",
)
