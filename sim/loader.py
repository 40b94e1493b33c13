"""Reading scenario files: safe YAML, `extends:` deep-merge, and errors that name a line.

A scenario file never runs code: it is parsed with PyYAML's safe loader only. While parsing we
keep, for every key, the file and line it came from, so that a validation error deep inside a
merged scenario still points at the line a policy adviser has to change.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ScenarioError
from .scenario import Scenario, consistency_issues

Loc = tuple  # a path of keys and list indices into the scenario
Lines = dict  # Loc -> (file, line)


def _parse(path: Path) -> tuple[Any, Lines]:
    """Parse one YAML file into data plus a map from every key path to its (file, line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(str(path), None, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), None, None, f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ScenarioError(str(path), line, None, f"is not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(str(path), None, None, f"is not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    lines: Lines = {(): (str(path), 1)}
    if node is not None:
        _walk(node, (), str(path), lines)
    return data, lines


def _walk(node: yaml.Node, loc: Loc, file: str, lines: Lines) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise ScenarioError(file, key_node.start_mark.line + 1, _dotted(loc + (key,)), "this key appears twice; keep one")
            seen.add(key)
            lines[loc + (key,)] = (file, key_node.start_mark.line + 1)
            _walk(value_node, loc + (key,), file, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[loc + (i,)] = (file, item.start_mark.line + 1)
            _walk(item, loc + (i,), file, lines)


def _merge(base: Any, over: Any, loc: Loc, lines: Lines, over_lines: Lines) -> Any:
    """Deep-merge `over` onto `base`: mappings merge key by key, anything else replaces.

    `lines` (the base's line map) is updated in step, so every key keeps pointing at the file
    and line that gave it its value.
    """
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    out = dict(base)
    for k, v in over.items():
        here = loc + (k,)
        if isinstance(base.get(k), dict) and isinstance(v, dict):
            lines[here] = over_lines[here]
            out[k] = _merge(base[k], v, here, lines, over_lines)
        else:
            for stale in [p for p in lines if p[: len(here)] == here]:
                del lines[stale]
            lines.update({p: fl for p, fl in over_lines.items() if p[: len(here)] == here})
            out[k] = v
    return out


def _resolve(path: Path, stack: tuple[Path, ...]) -> tuple[dict, Lines]:
    path = path.resolve() if path.exists() else path
    data, lines = _parse(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(str(path), 1, None, f"must be a mapping of fields (name: ..., domains: ...), not a {type(data).__name__}")
    parent = data.get("extends")
    if parent is None:
        return data, lines
    line = lines.get(("extends",), (str(path), None))[1]
    if not isinstance(parent, str):
        raise ScenarioError(str(path), line, "extends", "must be a file name relative to this file")
    target = (path.parent / parent).resolve()
    if target in stack or target == path:
        chain = " -> ".join(p.name for p in stack + (path, target))
        raise ScenarioError(str(path), line, "extends", f"forms a loop ({chain}); a scenario may not extend itself")
    if not target.exists():
        raise ScenarioError(str(path), line, "extends", f"target '{parent}' does not exist (looked for {target})")
    base, base_lines = _resolve(target, stack + (path,))
    base = dict(base)
    base.pop("extends", None)
    base_lines = {p: fl for p, fl in base_lines.items() if p[:1] != ("extends",)}
    merged = _merge(base, data, (), base_lines, lines)
    base_lines[()] = (str(path), 1)
    return merged, base_lines


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _where(loc: Loc, lines: Lines) -> tuple[str, int | None, Loc]:
    """The file and line of the deepest part of `loc` that the files spell out."""
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            file, line = lines[loc[:n]]
            return file, line, loc[:n]
    file, line = lines[()]
    return file, line, ()


def _fields_at(loc: Loc) -> list[str]:
    """Field names allowed at `loc` in the schema, for did-you-mean suggestions."""
    ann: Any = Scenario
    skip_key = False
    for part in loc:
        if skip_key or isinstance(part, int):
            skip_key = False
            ann = _unwrap(ann, want="item")
            continue
        model = _unwrap(ann, want="model")
        if model is None or part not in model.model_fields:
            return []
        ann = model.model_fields[part].annotation
        skip_key = typing.get_origin(_unwrap(ann, want="container")) is dict
    model = _unwrap(ann, want="model")
    return list(model.model_fields) if model else []


def _unwrap(ann: Any, want: str) -> Any:
    """Dig through Optional, Annotated, list and dict to the part we need."""
    if want == "model" and isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    origin = typing.get_origin(ann)
    if want == "container" and origin in (dict, list):
        return ann
    args = typing.get_args(ann)
    if want == "item" and origin in (dict, list):
        return args[-1]
    for a in args:
        got = _unwrap(a, want)
        if got is not None:
            return got
    return None


def _pydantic_problem(err: dict, loc: Loc) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        return f"unknown key '{loc[-1]}'.{hint} Allowed here: {', '.join(allowed)}"
    if kind == "missing":
        return "is required but missing"
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return f"{msg[0].lower()}{msg[1:]} (got {shown})"


def _clean_loc(loc: Loc) -> Loc:
    """Drop pydantic's union and validator tags such as 'list[Step[...]]' or 'function-after[...]'."""
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in p and p not in ("constrained-float", "constrained-int")))


def load_scenario(path: str | Path) -> Scenario:
    """Read, merge, validate and cross-check a scenario file; raise ScenarioError on any problem."""
    path = Path(path)
    data, lines = _resolve(path, ())
    data.pop("extends", None)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        loc = _clean_loc(tuple(first["loc"]))
        file, line, known = _where(loc, lines)
        shown = loc if first["type"] in ("missing", "extra_forbidden") else known or loc
        raise ScenarioError(file, line, _dotted(shown) or None, _pydantic_problem(first, loc), more=len(errors) - 1) from None
    issues = consistency_issues(scenario)
    if issues:
        loc, problem = issues[0]
        file, line, _ = _where(loc, lines)
        raise ScenarioError(file, line, _dotted(loc) or None, problem, more=len(issues) - 1)
    scenario._path = str(path)
    scenario._content_hash = scenario_hash(scenario)
    return scenario


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the merged, validated scenario: the same policy hashes the same, whatever its files."""
    canonical = json.dumps(scenario.model_dump(mode="json", exclude={"extends"}), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
