"""RawItems from the reassembler → Records of the output schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ir import Document
from ..lexicon import fold_lookalikes
from ..problems import Problem
from ..reassemble import RawItem
from ..record_data import RecordData, SourceData
from .category import category_from_code, normalize_category, standard_category
from .text import cell_text, strip_all_space

CODE_FIELDS = ("code", "sub_code")


NO_NAME = "（无名称）"

if TYPE_CHECKING:
    from ..model import Record


def to_record(item: RawItem, index: int, doc: Document) -> Record:
    """The item as a (validated, pydantic) record of the output schema."""
    return record_data(item, index, doc).to_model()


def record_data(
    item: RawItem, index: int, doc: Document, problems: list[Problem] | None = None
) -> RecordData:
    """The item as a record of plain data (record_data.py), as the command writes it. The item's
    problems (the reassembler's and the normaliser's) are added to ``problems`` when given; the
    record's ``warnings`` are their messages."""
    values: dict[str, Any] = {}
    extra: dict[str, str] = {}
    for col, (header, field) in enumerate(zip(item.headers, item.fields, strict=True)):
        text = cell_text(item.columns[col])
        if text is None:
            continue
        if field is None:
            key = strip_all_space(fold_lookalikes(header)) or f"列{col + 1}"  # the header as printed
            extra[key] = text if key not in extra else extra[key] + "\n" + text
        elif field in CODE_FIELDS:
            values[field] = strip_all_space(text)
        else:
            values[field] = text
    for label, note in item.notes.items():
        extra[label] = f"{extra[label]}\n{note}" if label in extra else note
    found = list(item.warnings)
    name = values.pop("name", None)
    if not name:
        name = NO_NAME
        found.append(Problem("no-name", f"no name printed; named {NO_NAME}", list=item.table))
    category_raw = values.get("category")
    if category_raw is None and item.section_category:
        category_raw = item.section_category
    values["category"] = normalize_category(category_raw)
    values["category_raw"] = category_raw
    found += [
        Problem("code-category-mismatch", message, list=item.table)
        for message in code_category_warnings(values.get("code"), values["category"])
    ]
    if problems is not None:
        problems += found
    source = SourceData(
        file=doc.path.name,
        format=doc.format,
        title=fold_lookalikes(item.title) if item.title else None,
        table=item.table,
        pages=sorted(item.pages) if item.pages else None,
    )
    return RecordData(
        index=index,
        name=name,
        extra=extra,
        section=fold_lookalikes(item.section) if item.section else None,
        source=source,
        warnings=[p.message for p in found],
        **values,
    )


def code_category_warnings(code: str | None, category: str | None) -> list[str]:
    """GB/T 39046-2020: "0247001000" is a 处罚; say so when the category disagrees."""
    by_code = category_from_code(code)
    if by_code is None or category is None:
        return []
    if standard_category(category) in (None, by_code):
        return []
    return [f"code {code} is a {by_code} code (GB/T 39046-2020) but the category is {category}"]
