"""The scenario field reference as a Markdown table, made from the schema itself.

docs/scenarios.md embeds this table; a test keeps the two the same, so no field goes undocumented.
Each row says what the field means (its description), what it is when a file leaves it out (the
pydantic default, or that it is required) and what it may hold (the Literal's words, the numeric
bounds of its constraints, the shape of a list or mapping), all read from the models in
`sim.policy.scenario`: a bound changed there changes here, so the reference cannot drift from
what the loader accepts. A dated parameter (`sim.policy.timeline`) is one row whose allowed values
say it may also be a list of steps; the steps' own two fields are described once, in the text
above the table, instead of in a pair of rows under every dated field.
"""

from __future__ import annotations

import typing
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .bounds import Why
from .loader import unwrap_annotation
from .scenario import Scenario
from .timeline import Step

BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"
HEADER = ("field", "meaning", "default", "allowed values")
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
REQUIRED = "required (or from the base file)"  # a file that `extends:` another may leave it to its base
IN_LIST = "required"  # a list replaces its base's whole (docs/scenarios.md), so each item is complete in one file
BELOW = "see the fields below"

Row = tuple[str, str, str, str]


def _rows(model: type[BaseModel], prefix: str, seen: frozenset) -> list[Row]:
    rows = []
    for name, f in model.model_fields.items():
        path = prefix + name
        rows.append((path, _cell(_description(f)), _default(f, "[i]." in prefix), _cell(_allowed(f.annotation, f.metadata))))
        sub = unwrap_annotation(f.annotation, "model")
        if sub is not None and not _dated(f.annotation) and sub not in seen:
            origin = typing.get_origin(unwrap_annotation(f.annotation, "container"))
            sep = ".<name>." if origin is dict else ("[i]." if origin is list else ".")
            rows += _rows(sub, path + sep, seen | {sub})
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "/")


def _description(f: FieldInfo) -> str:
    """The field's description, also where it sits on the inner type (`Annotated[float, Field(description=...)] | None`)."""
    if f.description:
        return f.description
    for part in typing.get_args(f.annotation):
        for meta in typing.get_args(part)[1:] if typing.get_origin(part) is typing.Annotated else ():
            if isinstance(meta, FieldInfo) and meta.description:
                return meta.description
    return ""


def _default(f: FieldInfo, in_list: bool) -> str:
    """What the field is when neither the file nor its base sets it."""
    if f.is_required():
        return IN_LIST if in_list else REQUIRED
    value = f.default_factory() if f.default_factory is not None else f.default  # type: ignore[call-arg]
    if isinstance(value, BaseModel):
        return BELOW
    return _value(value)


def _value(v: Any) -> str:
    """A default as it would be written in YAML; an absent value in words."""
    if v is None or v == "" or v == [] or v == {}:
        return "none"
    return f"`{_yaml(v)}`"


def _yaml(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_yaml(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_yaml(x) for x in v) + "]"
    return str(v)


def _dated(ann: Any) -> type[BaseModel] | None:
    """The Step model of a dated parameter (`list[Step[X]]`), else None."""
    if typing.get_origin(ann) is list:
        (item,) = typing.get_args(ann)
        if isinstance(item, type) and issubclass(item, Step):
            return item
    return None


def _allowed(ann: Any, metadata: list | tuple = ()) -> str:
    """What a value of type `ann` (with the constraints in `metadata`) may be, in words."""
    step = _dated(ann)
    if step is not None:
        value = step.model_fields["value"]
        return _allowed(value.annotation, value.metadata) + "; or dated steps `{from_day, value}`"
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        base, *meta = typing.get_args(ann)
        return _allowed(base, [*metadata, *meta])
    if origin is Literal:
        return _either([f"`{a}`" for a in typing.get_args(ann)])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        parts = [_allowed(a, metadata) for a in typing.get_args(ann) if a is not type(None)]
        return parts[0] if len(parts) == 1 else "; or ".join(parts)
    c = _constraints(metadata)
    if origin is list:
        (item,) = typing.get_args(ann)
        return f"list{_length(c)} of: {_allowed(item)}"
    if origin is dict:
        key, item = typing.get_args(ann)
        return f"mapping{_length(c)}: {_allowed(key)} → {_allowed(item)}"
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return BELOW
    if ann is bool:
        return "`true` or `false`"
    if ann in (int, float):
        why = f" ({c['why']})" if "why" in c else ""
        return ("whole number" if ann is int else "number") + _bounds(c) + why
    if ann is str:
        return "a name (a-z, 0-9 and _, starting with a letter)" if c.get("pattern") == NAME_PATTERN else "text"
    raise TypeError(f"the field reference cannot describe {ann!r}: teach sim/policy/reference.py its words")


def _constraints(metadata: list | tuple) -> dict[str, Any]:
    """ge, gt, le, lt, min_length, max_length and pattern, from annotated-types, FieldInfo and StringConstraints alike."""
    out: dict[str, Any] = {}
    for m in metadata:
        if isinstance(m, FieldInfo):
            out.update(_constraints(m.metadata))
            continue
        if isinstance(m, Why):  # the reason for the bounds (sim.policy.bounds)
            out["why"] = m.text
            continue
        for key in ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern"):
            if getattr(m, key, None) is not None:
                out[key] = getattr(m, key)
    return out


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _num(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:,g}"


def _bounds(c: dict[str, Any]) -> str:
    lo = f"at least {_num(c['ge'])}" if "ge" in c else f"more than {_num(c['gt'])}" if "gt" in c else ""
    hi = f"at most {_num(c['le'])}" if "le" in c else f"less than {_num(c['lt'])}" if "lt" in c else ""
    if "ge" in c and "le" in c:
        return f" from {_num(c['ge'])} to {_num(c['le'])}"
    return " " + " and ".join(p for p in (lo, hi) if p) if lo or hi else ""


def _length(c: dict[str, Any]) -> str:
    lo, hi = c.get("min_length"), c.get("max_length")
    if lo is not None and lo == hi:
        return f" (exactly {lo})"
    parts = ([f"at least {lo}"] if lo else []) + ([f"at most {hi}"] if hi is not None else [])
    return f" ({' and '.join(parts)})" if parts else ""


def rows() -> list[Row]:
    """Every field of a scenario file, depth first: (path, meaning, default, allowed values)."""
    return _rows(Scenario, "", frozenset())


def field_table() -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += [f"| `{p}` | {d} | {v} | {a} |" for p, d, v, a in rows()]
    return "\n".join(lines)
