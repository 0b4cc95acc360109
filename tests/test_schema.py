from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from qingdan_extract.model import Record, json_schema_text

from conftest import ROOT


def test_schema_file_matches_the_model() -> None:
    committed = (ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "run `make schema` and commit schemas/record.schema.json"


def test_schema_names_every_field_of_record_md() -> None:
    schema = json.loads(json_schema_text())
    spec_fields = [
        "index", "seq", "name", "sub_name", "category", "category_raw", "code", "sub_code", "subject",
        "undertaker", "basis", "content", "responsibility", "responsibility_basis", "accountability",
        "accountability_scope", "accountability_basis", "liability", "level", "remark", "extra", "section",
        "source", "warnings",
    ]  # fmt: skip
    assert list(schema["properties"]) == spec_fields
    assert set(schema["$defs"]["Source"]["properties"]) == {"file", "format", "title", "table", "pages"}


def test_a_record_needs_a_name() -> None:
    with pytest.raises(ValidationError):
        Record(index=1, name="", source={"file": "a.pdf", "format": "pdf", "table": 0})  # type: ignore[arg-type]
