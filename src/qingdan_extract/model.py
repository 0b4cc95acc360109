"""The output record (one item of a list), the source of truth for schemas/record.schema.json.

Field names and meanings are fixed by shared/spec/record.md.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .record_data import COLUMN_FIELDS


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str = Field(description="base name of the input file")
    format: str = Field(description="pdf, docx, html, text, csv, xlsx, xls, doc, wps")
    title: str | None = Field(None, description="the list's title, or null")
    table: int = Field(description="0-based number of the list (logical table) in the file")
    pages: list[int] | None = Field(
        None, description="1-based pages the item spans; null where the format has no pages"
    )


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=1, description="1-based position of the item in its source file, in reading order")
    seq: str | None = Field(None, description="the serial number as printed; null where the row has none")
    name: str = Field(min_length=1, description="the item's name")
    sub_name: str | None = None
    category: str | None = Field(None, description="the category, normalised")
    category_raw: str | None = Field(None, description="the category as printed or as taken from a heading")
    code: str | None = Field(None, description="item code, whitespace removed")
    sub_code: str | None = None
    subject: str | None = None
    undertaker: str | None = None
    basis: str | None = None
    content: str | None = None
    responsibility: str | None = None
    responsibility_basis: str | None = None
    accountability: str | None = None
    accountability_scope: str | None = None
    accountability_basis: str | None = None
    liability: str | None = None
    level: str | None = None
    remark: str | None = None
    extra: dict[str, str] = Field(default_factory=dict, description="unmapped columns keyed by header")
    section: str | None = Field(None, description="nearest heading above the item, as printed")
    source: Source
    warnings: list[str] = Field(default_factory=list)


# Fields that come from table columns (everything a header can map to); record_data.py
# keeps them, so that the command can use them without importing pydantic.
__all__ = ["COLUMN_FIELDS", "Record", "Source", "json_schema", "json_schema_text"]


def json_schema() -> dict[str, Any]:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/qingdan-extract/qingdan-extract/schemas/record.schema.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
