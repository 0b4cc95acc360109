"""A record as plain data: what the command writes, without pydantic.

``model.Record`` (pydantic) is the record of the Python API and of the JSON Schema; the
command builds these plain twins instead, field for field in the same order, and writes
them as JSON directly: importing pydantic and building the model's validators costs
about a tenth of a second, as much as reading a short PDF. :meth:`RecordData.to_model`
gives the pydantic record (validated) when one is wanted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Record

# Fields that come from table columns (everything a header can map to).
COLUMN_FIELDS: tuple[str, ...] = (
    "seq",
    "name",
    "sub_name",
    "category",
    "code",
    "sub_code",
    "subject",
    "undertaker",
    "basis",
    "content",
    "responsibility",
    "responsibility_basis",
    "accountability",
    "accountability_scope",
    "accountability_basis",
    "liability",
    "level",
    "remark",
)


@dataclass
class SourceData:
    file: str
    format: str
    title: str | None
    table: int
    pages: list[int] | None


@dataclass
class RecordData:
    index: int
    name: str
    source: SourceData
    seq: str | None = None
    sub_name: str | None = None
    category: str | None = None
    category_raw: str | None = None
    code: str | None = None
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
    extra: dict[str, str] = field(default_factory=dict)
    section: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_json_dict(self) -> dict[str, Any]:
        """The record as ``Record.model_dump(mode="json")`` gives it, keys in the same order."""
        s = self.source
        out: dict[str, Any] = {"index": self.index, "seq": self.seq, "name": self.name}
        for name in COLUMN_FIELDS[2:4]:
            out[name] = getattr(self, name)
        out["category_raw"] = self.category_raw
        for name in COLUMN_FIELDS[4:]:
            out[name] = getattr(self, name)
        out["extra"] = dict(self.extra)
        out["section"] = self.section
        out["source"] = {
            "file": s.file,
            "format": s.format,
            "title": s.title,
            "table": s.table,
            "pages": list(s.pages) if s.pages is not None else None,
        }
        out["warnings"] = list(self.warnings)
        return out

    def to_model(self) -> Record:
        from .model import Record

        return Record.model_validate(self.as_json_dict())
