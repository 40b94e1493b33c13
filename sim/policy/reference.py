"""The scenario field reference as a Markdown table, made from the schema itself.

docs/scenarios.md embeds this table; a test keeps the two the same, so no field goes undocumented.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

from .loader import unwrap_annotation
from .scenario import Scenario

BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"


def _rows(model: type[BaseModel], prefix: str, seen: frozenset) -> list[tuple[str, str, str]]:
    rows = []
    for name, f in model.model_fields.items():
        path = prefix + name
        rows.append((path, (f.description or "").replace("|", "/"), "required" if f.is_required() else "optional"))
        sub = unwrap_annotation(f.annotation, "model")
        if sub is not None and sub.__name__ != "Step" and sub not in seen:
            origin = typing.get_origin(unwrap_annotation(f.annotation, "container"))
            sep = ".<name>." if origin is dict else ("[i]." if origin is list else ".")
            rows += _rows(sub, path + sep, seen | {sub})
    return rows


def field_table() -> str:
    lines = ["| field | meaning | |", "|---|---|---|"]
    lines += [f"| `{p}` | {d} | {r} |" for p, d, r in _rows(Scenario, "", frozenset())]
    return "\n".join(lines)
