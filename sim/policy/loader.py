"""Loading a scenario: `extends:` deep-merged, validated, and errors that name a line.

Each file is read by `sim.policy.yaml_file` (safe YAML only, with the file and line of every
key), so that a validation error deep inside a merged scenario still points at the line a
policy adviser has to change; the words of a validation error, the plausibility warnings and
the consistency and size checks are gathered here into one `ScenarioError` or one scenario.
"""

from __future__ import annotations

import difflib
import os
import re
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import Said, ScenarioError, said
from .checks import close, consistency_issues
from .plausible import Unlikely, doubts
from .pydantic_nl import pydantic_dutch
from .scale import at_reference, size_problems
from .scenario import Scenario, scenario_hash  # noqa: F401 (scenario_hash: re-exported)
from .uncertain import range_issues
from .yaml_file import (IS_FOLDER, LOOP, NOT_FOUND, NOT_PRINTABLE, NOT_SCENARIO, Lines, Loc, NotAScenario, dotted,
                        is_index, parse, path_problem)



def _merge(base: Any, over: Any, loc: Loc, lines: Lines, over_lines: Lines) -> Any:
    """Deep-merge `over` onto `base`: mappings merge key by key, anything else replaces; so does
    one range of `uncertain:`, whose kind, edges and reason belong together.

    `lines` (the base's line map) is updated in step, so every key keeps pointing at the file
    and line that gave it its value.
    """
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    out = dict(base)
    for k, v in over.items():
        here = loc + (k,)
        if isinstance(base.get(k), dict) and isinstance(v, dict) and here[:-1] != ("uncertain",):
            lines[here] = over_lines[here]
            out[k] = _merge(base[k], v, here, lines, over_lines)
        else:
            for stale in [p for p in lines if p[: len(here)] == here]:
                del lines[stale]
            lines.update({p: fl for p, fl in over_lines.items() if p[: len(here)] == here})
            out[k] = v
    return out


def _kind(value: Any) -> Said:
    """How a policy adviser would name the type of a YAML value."""
    if isinstance(value, dict):
        return Said("a mapping", "een mapping")
    if isinstance(value, list):
        return Said("a list", "een lijst")
    if isinstance(value, bool):
        return Said("true/false", "true/false")
    if isinstance(value, (int, float)):
        return Said("a number", "een getal")
    if isinstance(value, str):
        return Said("a single text", "één tekst")
    return Said("a {name}", "een {name}").format(name=type(value).__name__)


def _extends_target(path: Path, parent: str, where: tuple[str, int | None]) -> Path:
    """The file an `extends:` names, resolved, or an error at the `extends:` line saying why it cannot be read."""
    shown = NOT_PRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", parent)
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    candidate = path.parent / parent
    problem = path_problem(candidate)
    if problem is None:
        try:
            return candidate.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop on Python 3.11 and 3.12
            problem = LOOP
    if problem == NOT_FOUND:
        problem = Said("does not exist (looked for {path})", "bestaat niet (gezocht naar {path})"
                       ).format(path=os.path.abspath(candidate))
    elif problem == IS_FOLDER:
        problem = Said("is a folder; name a scenario file", "is een map; noem een scenariobestand")
    raise ScenarioError(*where, "extends", TARGET.format(target=shown, problem=problem))


TARGET = Said("target '{target}' {problem}", "doel '{target}' {problem}")


def _resolve(path: Path, stack: tuple[Path, ...], via: tuple[str, int | None, str] | None = None,
             marks: dict[str, set[int]] | None = None) -> tuple[dict, Lines]:
    """Read `path` and, recursively, the files it extends; return the merged data and line map.

    `via` is (file, line, name) of the `extends:` that led here, so that a target which is
    empty or not a mapping is reported where the adviser wrote its name.
    """
    try:
        data, lines = parse(path, marks)
    except NotAScenario as exc:
        if via is None:
            raise
        raise ScenarioError(via[0], via[1], "extends", TARGET.format(target=via[2], problem=NOT_SCENARIO + exc.why)) from None
    path = path.resolve()  # it could be read, so it resolves: `extends:` is relative to the real folder
    if data is None or not isinstance(data, dict):
        if data is None:
            problem = Said("is empty; a scenario needs at least name, municipality, domains and provisions, or extends: "
                           "a base scenario", "is leeg; een scenario heeft minstens name, municipality, domains en "
                           "provisions nodig, of extends: een basisscenario")
        else:
            problem = Said("holds {kind}, but a scenario must be a mapping of fields (name: ..., domains: ..., one per line)",
                           "bevat {kind}, maar een scenario moet een mapping van velden zijn (name: ..., domains: ..., "
                           "één per regel)").format(kind=_kind(data))
        if via is not None:
            raise ScenarioError(via[0], via[1], "extends", TARGET.format(target=via[2], problem=problem))
        raise ScenarioError(lines[()][0], lines[()][1], None, problem)
    parent = data.get("extends")
    if parent is None:
        return data, lines
    file, line = lines.get(("extends",), lines[()])
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(file, line, "extends", Said(
            "must be the name of a base scenario file, relative to this file (got {got})",
            "moet de naam van een basisscenariobestand zijn, ten opzichte van dit bestand (niet {got})").format(got=repr(parent)))
    target = _extends_target(path, parent, (file, line))
    if target in stack or target == path:
        chain = " -> ".join(p.name for p in stack + (path, target))
        problem = (Said("a scenario may not extend itself", "een scenario mag zichzelf niet uitbreiden") if target == path
                   else Said("forms a loop ({chain}); the chain of extends must end at a file without extends",
                             "vormt een kring ({chain}); de keten van extends moet eindigen bij een bestand zonder extends"
                             ).format(chain=chain))
        raise ScenarioError(file, line, "extends", problem)
    base, base_lines = _resolve(target, stack + (path,), via=(file, line, parent), marks=marks)
    base = dict(base)
    base.pop("extends", None)
    for english in ("name", "story", "description", "mechanism", "claim", "sources"):
        if english in data and f"{english}_nl" not in data:  # a renamed scenario must not keep its base's Dutch name
            base.pop(f"{english}_nl", None)
    base_lines = {p: fl for p, fl in base_lines.items() if p[:1] != ("extends",)}
    merged = _merge(base, data, (), base_lines, lines)
    base_lines[()] = lines[()]
    return merged, base_lines





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
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The schema model whose fields sit at `loc`, if any."""
    ann: Any = Scenario
    skip_key = False
    for part in loc:
        if skip_key or is_index(part):
            skip_key = False
            ann = unwrap_annotation(ann, want="item")
            continue
        model = unwrap_annotation(ann, want="model")
        if model is None or part not in model.model_fields:
            return None
        ann = model.model_fields[part].annotation
        skip_key = typing.get_origin(unwrap_annotation(ann, want="container")) is dict
    return unwrap_annotation(ann, want="model")


def unwrap_annotation(ann: Any, want: str) -> Any:
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
        got = unwrap_annotation(a, want)
        if got is not None:
            return got
    return None


_PLAIN = {
    "model_type": Said("should be a mapping of fields (key: value, one per line, indented below)",
                       "moet een mapping van velden zijn (sleutel: waarde, één per regel, ingesprongen eronder)"),
    "model_attributes_type": Said("should be a mapping of fields (key: value, one per line, indented below)",
                                  "moet een mapping van velden zijn (sleutel: waarde, één per regel, ingesprongen eronder)"),
    "dict_type": Said("should be a mapping (key: value, one per line, indented below)",
                      "moet een mapping zijn (sleutel: waarde, één per regel, ingesprongen eronder)"),
    "list_type": Said("should be a list (- item lines, or [a, b])", "moet een lijst zijn (regels - item, of [a, b])"),
}

_NAME_PATTERN = Said("should be a name of lower-case letters, digits and _, starting with a letter",
                     "moet een naam zijn van kleine letters, cijfers en _, die met een letter begint")


def pydantic_words(err: dict) -> Said:
    """One pydantic error in plain words, starting lower-case (also for a world's values, sim.policy.uncertain)."""
    kind = err["type"]
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == "^[a-z][a-z0-9_]*$":
        return _NAME_PATTERN
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    english = msg[:1].lower() + msg[1:]
    return Said(english, pydantic_dutch(err, english))


def _got(value: Any) -> Said | str:
    if value is None:
        return Said("an empty value", "een lege waarde")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dict, list)):
        return _kind(value)
    shown = repr(value)
    return shown if len(shown) <= 60 else Said("{start}... ({n} characters)", "{start}... ({n} tekens)").format(
        start=shown[:40], n=f"{len(shown):,}")


_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def _pydantic_problem(errs: list[dict], loc: Loc) -> Said:
    """The problem at one location; several errors there come from the branches of a union."""
    err = errs[0]
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = DID_YOU_MEAN.format(name=close[0]) if close else ""
        path = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]+)\]|\.([^.\[\]]+))(.*)", str(loc[-1]))
        if path and path[1] in allowed:
            inner = path[2] or path[3]
            hint = Said(" YAML reads '{key}' as one key, not a path: write {outer}: and below it, indented, {inner}:",
                        " YAML leest '{key}' als één sleutel, geen pad: schrijf {outer}: en daaronder, ingesprongen, "
                        "{inner}:").format(key=loc[-1], outer=path[1], inner=inner)
        return Said("unknown key '{key}'.{hint} Allowed here: {allowed}",
                    "onbekende sleutel '{key}'.{hint} Hier toegestaan: {allowed}").format(
            key=loc[-1], hint=hint, allowed=", ".join(allowed))
    if kind == "missing":
        model = _model_at(loc[:-1])
        info = model.model_fields.get(str(loc[-1])) if model else None
        about = f" ({info.description.rstrip('.')})" if info is not None and info.description else ""
        return Said(f"is required but missing{about}", "is verplicht maar ontbreekt")  # the descriptions are English
    messages: list[Said] = []
    for e in errs:
        m = pydantic_words(e)
        if m not in messages:
            messages.append(m)
    got = err.get("input")
    hint: Said | str = ""
    if isinstance(got, str) and _DATE.match(got) and kind.startswith(("int_", "float_")):
        hint = Said("; give the day of the run as a number (0 is the first day, 365 the first day of year two), not a date",
                    "; geef de dag van de run als getal (0 is de eerste dag, 365 de eerste dag van jaar twee), geen datum")
    if isinstance(got, bool) and kind in ("string_type", "literal_error", "string_pattern_mismatch"):
        hint = Said("; YAML reads yes, no, on, off, true and false without quotes as true/false, so put quotes around the word",
                    "; YAML leest yes, no, on, off, true en false zonder aanhalingstekens als true/false, dus zet "
                    "aanhalingstekens om het woord")
    return Said("{messages} (got {got}){hint}", "{messages} (gegeven: {got}){hint}").format(
        messages=Said(", or ", ", of ").join(messages), got=_got(got), hint=hint)


DID_YOU_MEAN = Said(" Did you mean '{name}'?", " Bedoel je '{name}'?")


_ENTRIES = {"domains": Said("domains", "domeinen"), "provisions": Said("provisions", "voorzieningen"),
            "programmes": Said("programmes", "programma's"), "subgroups": Said("subgroups", "subgroepen")}


def _misspelt_entry(errs: list[dict], loc: Loc, data: dict) -> Said:
    """A did-you-mean for a named entry that lacks a required field because its name is misspelt.

    `domains: {jeugdzorg: {budget: ...}}` in a file that extends a base with `jeugd` is read as
    a new domain, and a new domain needs its incidence: "incidence is required" alone sends the
    user looking in the wrong place. The nearest name among the entry's siblings (by
    `sim.policy.checks.close`, the one did-you-mean) says what was probably meant.
    """
    if errs[0]["type"] != "missing" or len(loc) < 3 or loc[-3] not in _ENTRIES:
        return Said("", "")
    siblings = data
    for part in loc[:-2]:
        siblings = siblings.get(part) if isinstance(siblings, dict) else None
    if not isinstance(siblings, dict):
        return Said("", "")
    name, kind = str(loc[-2]), _ENTRIES[loc[-3]]
    hint = close(name, {str(k) for k in siblings if k != name})
    if not said(hint).strip():
        return Said("", "")
    return Said(f". {said(hint, 'en').strip()} '{name}' is not among the {kind.en} the files define, so it is read as a "
                "new one, which needs every required field",
                f". {said(hint, 'nl').strip().replace('Did you mean', 'Bedoelde u')} '{name}' staat niet onder de "
                f"{kind.nl} die de bestanden noemen, dus het wordt als nieuw gelezen, en dan is elk verplicht veld nodig")


def _is_tag(part: Any) -> bool:
    """Whether a part of pydantic's loc is one of its own tags ('list[Step[...]]', 'function-after[...]',
    'constrained-float', '[key]') rather than a key or index of the data."""
    return isinstance(part, str) and ("[" in part or part.startswith("constrained-"))


def _clean_loc(loc: Loc, data: Any) -> Loc:
    """Pydantic's loc with its union and validator tags dropped, read against the data itself.

    A part is kept when the data holds it at that depth (a key of the mapping there, an index of
    the list there), whatever it looks like: a key the file writes with brackets,
    `provisions[wmo_general]:`, is the user's key, not a tag, and dropping it left an empty loc
    (an IndexError further on) or a field that named nothing. A part the data does not hold is a
    tag, unless it is the last part and no tag: then it names a field that is missing.
    """
    out: list = []
    node: Any = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and _holds(node, part):
            out.append(_key_in(node, part))
            node = node[_key_in(node, part)]
        elif isinstance(node, list) and is_index(part) and -len(node) <= part < len(node):
            out.append(part)
            node = node[part]
        elif not _is_tag(part) and i == len(loc) - 1:
            out.append(part)
    return tuple(out)


def _holds(node: dict, part: Any) -> bool:
    try:
        return part in node or (isinstance(part, str) and any(str(k) == part for k in node if not isinstance(k, str)))
    except TypeError:  # an unhashable part
        return False


def _key_in(node: dict, part: Any) -> Any:
    """The mapping's own key for `part` (pydantic gives a key that is not text, such as 3 or None, as it is or as text)."""
    if part in node:
        return part
    return next(k for k in node if not isinstance(k, str) and str(k) == part)


def _overlay_lines(value: Any, loc: Loc, lines: Lines) -> Lines:
    """A line map for an overlay given as data: every key points at 'overlay', without a line."""
    lines[loc] = ("overlay", None)
    if isinstance(value, dict):
        for k, v in value.items():
            _overlay_lines(v, loc + (k,), lines)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _overlay_lines(v, loc + (i,), lines)
    return lines


def load_scenario(path: str | Path, overlay: dict | None = None) -> Scenario:
    """Read, merge, validate and cross-check a scenario file; raise ScenarioError on any problem.

    The error names the first problem (in schema order) with its file, line and field, and how
    many more problems there are. `overlay`, if given, is deep-merged onto the merged files
    before validation, as if one more file extended them: the scenario library uses it to give
    a base the residents of the policy it is compared with.
    """
    path = Path(path)
    marks: dict[str, set[int]] = {}
    own = _own_keys(path)
    data, lines = _resolve(path, (), marks=marks)
    if overlay:
        data = _merge(data, overlay, (), lines, _overlay_lines(overlay, (), {}))
    data.pop("extends", None)
    if isinstance(data.get("uncertain"), dict):  # `path: null` removes a range the base gives
        data["uncertain"] = {k: v for k, v in data["uncertain"].items() if v is not None}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        groups: dict[Loc, list[dict]] = {}
        for err in exc.errors():
            groups.setdefault(_clean_loc(tuple(err["loc"]), data), []).append(err)
        loc, errs = next(iter(groups.items()))
        if errs[0]["type"] == "missing":
            # A misspelt key explains a missing one beside it: report the misspelling, once.
            for other, other_errs in groups.items():
                if other_errs[0]["type"] == "extra_forbidden" and other[:-1] == loc[:-1]:
                    del groups[loc]
                    loc, errs = other, other_errs
                    break
        file, line, known = _where(loc, lines)
        shown = loc if errs[0]["type"] in ("missing", "extra_forbidden") else known or loc
        problem = _pydantic_problem(errs, loc)
        hint = _misspelt_entry(errs, loc, data)
        if hint.en:
            problem = Said("", "") + problem + hint  # Said first: the problem may be a plain string or a Said
        raise ScenarioError(file, line, dotted(shown) or None, problem, more=len(groups) - 1) from None
    _whole_numbers(data, lines)
    unlikely = _unlikely(scenario, lines)  # of the values as the files give them, before scaling
    issues = consistency_issues(scenario)
    if not issues:
        scenario = at_reference(scenario)
        issues = size_problems(scenario) or range_issues(scenario)  # of the municipality as it will run, scaled
    if issues:
        loc, problem = issues[0]
        file, line, _ = _where(loc, lines)
        raise ScenarioError(file, line, dotted(loc) or None, problem, more=len(issues) - 1)
    scenario._path = str(path)
    scenario._assumed = _assumed(lines, marks)
    scenario._notes = _notes(own, data)
    scenario._unlikely = unlikely
    return scenario


def _unlikely(scenario: Scenario, lines: Lines) -> tuple[Unlikely, ...]:
    """The scenario's plausibility doubts (`sim.policy.plausible`), each at the file and line that gave the value."""
    out = []
    for doubt in doubts(scenario):
        file, line, _ = _where(doubt.loc, lines)
        out.append(Unlikely(file, line, dotted(doubt.loc) or None, doubt.problem))
    return tuple(out)


_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _written(file: str, line: int | None, key: Any, value: float) -> str:
    """The value as the file writes it (60.000), read from its line; else as YAML read it (60.0)."""
    try:
        text = Path(file).read_text(encoding="utf-8-sig").splitlines()[line - 1] if line else ""
    except (OSError, UnicodeDecodeError, IndexError):
        text = ""
    for m in re.finditer(rf"(?:^|[\s{{,-]){re.escape(str(key))}\s*:\s*([^\s,#}}\]]+)", text):
        try:
            if yaml.safe_load(m.group(1)) == value:  # the one that holds this value (a line may hold several)
                return m.group(1)
        except yaml.YAMLError:
            continue
    return repr(value)


def _whole_numbers(data: dict, lines: Lines) -> None:
    """Refuse a float where the schema counts whole things (residents, replications, places, days of a step).

    Pydantic's lax mode takes 60.0 as 60, so `residents: 60.000` (a Dutch thousands point, which
    YAML reads as a decimal point) would run 60 residents without a word. Validating once more in
    strict mode finds exactly those fields: strict mode refuses a float for an int and accepts
    everything else the lax pass did (an int for a float included), so only these errors are kept.
    """
    try:
        Scenario.model_validate(data, strict=True)
        return
    except ValidationError as exc:
        found = [(_clean_loc(tuple(e["loc"]), data), e["input"]) for e in exc.errors()
                 if e["type"] == "int_type" and isinstance(e["input"], float)]
    if not found:
        return
    loc, value = found[0]
    file, line, _ = _where(loc, lines)
    text = _written(file, line, loc[-1], value)
    if _THOUSANDS.fullmatch(text):
        meant = int(text.replace(".", ""))
        fix = Said(f"write {meant} or {meant:_} for {meant:,} (YAML has no thousands point)",
                   f"schrijf {meant} of {meant:_} voor {meant:,} (YAML kent geen duizendtalpunt)".replace(",", "."))
    else:
        fix = Said(f"write {int(value)} without a decimal point", f"schrijf {int(value)} zonder decimale punt")
    read = Said(f"{text} is read as {value!r} (a decimal point)", f"{text} wordt gelezen als {value!r} (een decimale punt)")
    if text == repr(value):
        read = Said(f"{text} has a decimal point", f"{text} heeft een decimale punt")
    raise ScenarioError(file, line, dotted(loc), read + Said(", but this field counts whole things; ",
                                                              ", maar dit veld telt hele aantallen; ") + fix,
                        more=len(found) - 1)


# The sections in which a file says what its policy is (as against who lives there and how it runs).
POLICY_SECTIONS = ("access", "plan", "budget", "buttons", "provisions", "prevention", "programmes")


def _own_keys(path: Path) -> set[str]:
    """The top-level keys the file itself writes (not its bases); empty when it cannot be read,
    which the full load then reports."""
    try:
        data, _ = parse(path)
    except ScenarioError:
        return set()
    return set(data) if isinstance(data, dict) else set()


def _notes(own: set[str], data: dict) -> tuple[tuple[str, str], ...]:
    """What `ontschot validate` should point out without refusing the file: a file that extends
    another and changes its policy but keeps its base's story, so that a report would describe
    the base's policy under this file's name."""
    if "extends" not in own:
        return ()
    changed = [k for k in POLICY_SECTIONS if k in own]
    if changed and "story" not in own:
        return (("story_kept", ", ".join(changed)),)  # the words: sim.report.labels, note_story_kept
    return ()


def _assumed(lines: Lines, marks: dict[str, set[int]]) -> tuple[str, ...]:
    """The fields in force whose line is marked ASSUMPTION, one per marked line (a list written on
    one line, such as a domain's severity shares, is one value)."""
    by_line: dict[tuple[str, int], Loc] = {}
    for loc, (file, line) in lines.items():
        if loc and line in marks.get(file, ()):
            known = by_line.get((file, line))
            if known is None or len(loc) < len(known):
                by_line[(file, line)] = loc
    return tuple(sorted(dotted(loc) for loc in by_line.values()))
