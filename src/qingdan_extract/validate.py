"""Compare output with golden fixtures, field by field (record.md, "Comparing with golden fixtures").

Two values are equal when they are equal after removing all whitespace. Items
are matched by name, and by their order among items of the same name.
`warnings` and the input's file name and format are not compared: the same
list read from another format must compare equal.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_WS = re.compile(r"[\s\u3000\u00a0]+")
IGNORED = {"warnings"}
IGNORED_SOURCE = {"file", "format"}


@dataclass
class Difference:
    item: str
    field: str
    expected: Any
    got: Any


@dataclass
class FileComparison:
    output: Path
    golden: Path
    fields_compared: int = 0
    fields_equal: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.fields_equal / self.fields_compared if self.fields_compared else 1.0


class GoldenError(Exception):
    """A file to compare cannot be read as JSONL."""


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if line.strip():
                    try:
                        items.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise GoldenError(f"{path}: line {n} is not JSON ({exc.msg})") from exc
    except OSError as exc:
        raise GoldenError(f"{path}: cannot read ({exc.strerror})") from exc
    return items


def squash(value: Any) -> Any:
    if isinstance(value, str):
        return _WS.sub("", value)
    if isinstance(value, dict):
        return {k: squash(v) for k, v in value.items()}
    if isinstance(value, list):
        return [squash(v) for v in value]
    return value


def keyed(items: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    """Items by (name, n-th occurrence of that name)."""
    seen: dict[str, int] = defaultdict(int)
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for item in items:
        name = squash(item.get("name") or "")
        out[(name, seen[name])] = item
        seen[name] += 1
    return out


def flat_fields(item: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in item.items():
        if key in IGNORED:
            continue
        if key == "source" and isinstance(value, dict):
            for sub, sub_value in value.items():
                if sub not in IGNORED_SOURCE:
                    flat[f"source.{sub}"] = sub_value
        elif key == "extra" and isinstance(value, dict):
            for sub, sub_value in value.items():
                flat[f"extra.{sub}"] = sub_value
        else:
            flat[key] = value
    return flat


def compare_items(output: list[dict[str, Any]], golden: list[dict[str, Any]], result: FileComparison) -> None:
    got_items, want_items = keyed(output), keyed(golden)
    for key, want in want_items.items():
        label = f"#{want.get('index')} {str(want.get('name'))[:30]}"
        got = got_items.get(key)
        want_flat = flat_fields(want)
        if got is None:
            result.fields_compared += len(want_flat)
            result.differences.append(Difference(label, "(item)", "present", "missing"))
            continue
        got_flat = flat_fields(got)
        for name in sorted(set(want_flat) | set(got_flat)):
            expected, actual = want_flat.get(name), got_flat.get(name)
            result.fields_compared += 1
            if squash(expected) == squash(actual):
                result.fields_equal += 1
            else:
                result.differences.append(Difference(label, name, expected, actual))
    for key, got in got_items.items():
        if key not in want_items:
            label = f"#{got.get('index')} {str(got.get('name'))[:30]}"
            result.differences.append(Difference(label, "(item)", "absent", "unexpected item"))


def compare_files(output: Path, golden: Path) -> FileComparison:
    result = FileComparison(output=output, golden=golden)
    compare_items(load_jsonl(output), load_jsonl(golden), result)
    return result


def pair_files(output_dir: Path, golden_dir: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """(output, golden) pairs by file name; golden files with no output are returned apart."""
    pairs: list[tuple[Path, Path]] = []
    missing: list[Path] = []
    outputs = {p.relative_to(output_dir): p for p in output_dir.rglob("*.jsonl")}
    by_name = {p.name: p for p in outputs.values()}
    for golden in sorted(golden_dir.rglob("*.jsonl")):
        rel = golden.relative_to(golden_dir)
        out = outputs.get(rel) or by_name.get(golden.name)
        if out is None:
            missing.append(golden)
        else:
            pairs.append((out, golden))
    return pairs, missing


def shorten(value: Any, width: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = text.replace("\n", "⏎")
    return text if len(text) <= width else text[: width - 1] + "…"
