"""Uncertain values: the ranges a scenario gives its assumptions, and the worlds drawn from them.

A scenario's `uncertain:` section maps field paths, as `ontschot schema --markdown` names them
(`population.latent_share`, `provisions.wmo_tailored.duration_days`, `buttons[0].fire`: list
entries by index, named entries by name), to a plausible range. A run never reads it: it runs
the values written in the file. `ontschot explore` draws worlds from the ranges, one value per
path, and runs every policy in each world; `world` makes that world, through the same schema
and consistency checks as a file, so a drawn value can never give a scenario a file could not.

The range itself is part of the schema (`sim.policy.scenario.Uncertain`, re-exported here);
this module knows the fields it names. Two kinds of field take no range:

- a dated field holding more than one step: one value would erase the council's dates. A path
  to the field sets one value for the whole run only while the field holds one value; a path to
  one step (`budget.pooled_share[1].value`, or its `from_day`) varies that step alone;
- an absolute figure that scales with the municipality's residents (budgets, caseloads, staff,
  places, programme costs: `sim.policy.scale`): a range would hold for one size only, so the
  range belongs on a rate (an incidence, a share, a cost per client, a duration) instead.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Said, ScenarioError
from .checks import consistency_issues
from .pydantic_nl import pydantic_dutch
from .scale import rescale, size_problems
from .scenario import Scenario, Uncertain
from .timeline import Step

__all__ = ["Uncertain", "describe", "listing", "range_issues", "uncertain_paths", "world"]

Issue = tuple[tuple, Said]  # (path of the field to blame, what is wrong), as in sim.policy.checks

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.[A-Za-z0-9_]+)*$")
_PART = re.compile(r"\[(\d+)\]|\.?([A-Za-z0-9_]+)")
_TEXT = Said("is text about the scenario, which no run reads", "is tekst over het scenario, die geen run leest")
# Fields that are no assumption about the municipality, with the reason a range is refused.
_NOT_ASSUMED = {
    **{(k,): _TEXT for k in ("name", "name_nl", "description", "story", "story_nl", "sources", "sources_nl", "source_text",
                             "mechanism", "claim", "claims", "description_nl", "mechanism_nl", "claim_nl")},
    ("extends",): Said("names the base file; a range belongs on a value",
                       "noemt het basisbestand; een bereik hoort bij een waarde"),
    ("uncertain",): Said("is the section of ranges itself", "is de sectie met bereiken zelf"),
    ("run",): Said("is a setting of the run (its horizon, seed, replications, warm start, history), not of the world: "
                   "worlds run with different settings cannot share one table (a world of two years would be reported "
                   "beside one of four); explore runs every world with the file's run settings and its own --seed and "
                   "--replications",
                   "is een instelling van de run (de looptijd, seed, herhalingen, warme start, voorgeschiedenis), niet van "
                   "de wereld: werelden met verschillende instellingen passen niet in één tabel (een wereld van twee jaar "
                   "zou naast een van vier staan); explore draait elke wereld met de run-instellingen van het bestand en "
                   "zijn eigen --seed en --replications"),
    ("municipality", "name"): Said("is the municipality's name, which no run computes with",
                                   "is de naam van de gemeente, waarmee geen run rekent"),
    ("municipality", "residents"): Said("is the municipality's size, which scales its absolute figures",
                                        "is de omvang van de gemeente, die haar absolute bedragen schaalt"),
    ("municipality", "size_reference"): Said("is the size the absolute figures were set for",
                                             "is de omvang waarvoor de absolute bedragen gelden"),
}


class _Refused(Exception):
    """A path that names no value a world can set."""

    def __init__(self, problem: Said):
        super().__init__(problem)
        self.problem = problem


class _Invalid(Exception):
    """A world the schema or the consistency checks refuse: (location, problem)."""

    def __init__(self, loc: tuple, problem: Said | str):
        super().__init__(problem)
        self.loc, self.problem = loc, problem


@dataclass(frozen=True)
class _Target:
    parts: tuple  # keys and list indices from the scenario's top to the value
    integer: bool  # the field takes whole numbers
    steps: int  # a dated field: how many steps it holds (0: not dated)
    kind: str = "number"  # "number", "choice" (one of a few words, or true/false) or "text" (a name, a label)
    choices: tuple = ()  # a choice's allowed words

    @property
    def value_parts(self) -> tuple:
        """The parts that reach the value itself: a dated field of one step is that step's value, so
        `budget.pooled_share` and `budget.pooled_share[0].value` are one field."""
        return self.parts + (0, "value") if self.steps == 1 else self.parts


def _literals(ann: Any) -> tuple:
    """The words of every Literal inside an annotation (none: the field is no choice among words)."""
    if typing.get_origin(ann) is typing.Literal:
        return typing.get_args(ann)
    return tuple(w for a in typing.get_args(ann) for w in _literals(a))


def _field_kind(ann: Any, value: Any) -> tuple[str, tuple]:
    """Whether a field is a number of the model, a choice (among words, or true/false) or text.

    Read from the annotation where there is one (an unset optional field has no value to go
    by); a named entry's value (a dict's) goes by the value it holds.
    """
    words = _literals(ann) if ann is not None else ()
    if words:
        return "choice", words
    kinds: set = set()
    todo = [ann] if ann is not None else []
    while todo:
        a = todo.pop()
        if isinstance(a, type):
            kinds.add(a)
        else:
            todo += list(typing.get_args(a))
    if not kinds:
        kinds = {type(value)}
    if kinds & {int, float}:
        return "number", ()
    if bool in kinds:
        return "choice", (True, False)
    return "text", ()


def uncertain_paths(scenario: Scenario) -> list[str]:
    """The uncertain paths in file order (a base's first; a child's own after them)."""
    return list(scenario.uncertain)


def _dotted(parts: tuple | list) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _parts(path: str) -> tuple:
    if not _PATH.match(path):
        raise _Refused(Said("is not a field path; write it as `ontschot schema --markdown` names fields, with list "
                            "entries by index and named entries by name, e.g. provisions.wmo_tailored.duration_days "
                            "or buttons[0].fire",
                            "is geen veldpad; schrijf het zoals `ontschot schema --markdown` velden noemt, items van een "
                            "lijst bij hun nummer en benoemde items bij hun naam, bijvoorbeeld "
                            "provisions.wmo_tailored.duration_days of buttons[0].fire"))
    parts = tuple(int(m[1]) if m[1] is not None else m[2] for m in _PART.finditer(path))
    for prefix, why in _NOT_ASSUMED.items():
        if parts[: len(prefix)] == prefix:
            raise _Refused(why + Said("; give a range on an assumed value (a share, a rate, a duration)",
                                      "; geef een bereik op een aangenomen waarde (een aandeel, een kans, een duur)"))
    return parts


def _close(part: Any, options: list[str]) -> Said:
    match = difflib.get_close_matches(str(part), options, n=1)
    return Said(" Did you mean '{m}'?", " Bedoel je '{m}'?").format(m=match[0]) if match else Said("", "")


def _child(node: Any, part: Any, done: list) -> tuple[Any, Any, Any]:
    """(the key or index as the scenario holds it, the child, its annotation if a model field)."""
    where = (Said("under '{d}'", "onder '{d}'").format(d=_dotted(done)) if done else
             Said("at the top of a scenario", "bovenaan een scenario"))
    if isinstance(node, BaseModel):
        fields = list(type(node).model_fields)
        if part not in fields:
            raise _Refused(Said("there is no field '{part}' {where}.{close} Allowed here: {allowed}",
                                "er is geen veld '{part}' {where}.{close} Hier toegestaan: {allowed}").format(
                part=part, where=where, close=_close(part, fields), allowed=", ".join(fields)))
        return part, getattr(node, part), type(node).model_fields[part].annotation
    if isinstance(node, dict):
        if part not in node:
            names = list(map(str, node))
            there = (Said("Named here: {names}", "Hier genoemd: {names}").format(names=", ".join(names)) if names
                     else Said("None are named here", "Hier wordt niets genoemd"))
            raise _Refused(Said("there is no '{part}' {where}.{close} {there}",
                                "er is geen '{part}' {where}.{close} {there}").format(
                part=part, where=where, close=_close(part, names), there=there))
        return part, node[part], None
    if isinstance(node, list):
        index = int(part) if isinstance(part, str) and part.isdigit() else part
        if not node:
            raise _Refused(Said("'{d}' is an empty list: it has no entry to vary",
                                "'{d}' is een lege lijst: er is geen item om te variëren").format(d=_dotted(done)))
        if not isinstance(index, int) or index >= len(node):
            raise _Refused(Said("'{d}' is a list of {n}; name an entry by its index, from {d}[0] to {d}[{last}]",
                                "'{d}' is een lijst van {n}; noem een item bij zijn nummer, van {d}[0] tot {d}[{last}]"
                                ).format(d=_dotted(done), n=len(node), last=len(node) - 1))
        return index, node[index], None
    raise _Refused(Said("'{d}' is a single value, not a section", "'{d}' is één waarde, geen sectie").format(d=_dotted(done)))


def _whole(ann: Any) -> bool:
    """Whether an annotation takes whole numbers only (int, not float or bool)."""
    kinds: set = set()
    todo = [ann]
    while todo:
        a = todo.pop()
        if isinstance(a, type):
            kinds.add(a)
        elif typing.get_origin(a) not in (list, dict):
            todo += list(typing.get_args(a))
    return int in kinds and not kinds & {float, bool}


def _find(s: Scenario, path: str) -> _Target:
    """Where `path` leads in `s`, or _Refused saying why it names no value."""
    node: Any = s
    ann: Any = None
    found: list = []
    for part in _parts(path):
        key, node, ann = _child(node, part, found)
        found.append(key)
    steps = len(node) if isinstance(node, list) and node and all(isinstance(x, Step) for x in node) else 0
    if not steps and isinstance(node, (BaseModel, dict, list)):
        inside = list(type(node).model_fields) if isinstance(node, BaseModel) else (
            list(map(str, node)) if isinstance(node, dict) else [f"[{i}]" for i in range(len(node))])
        raise _Refused(Said("is a section, not a value; name one of its entries: {inside}",
                            "is een sectie, geen waarde; noem een van de items erin: {inside}").format(inside=", ".join(inside)))
    if steps:
        first = node[0].value
        integer = isinstance(first, int) and not isinstance(first, bool)
        kind, choices = _field_kind(type(node[0]).model_fields["value"].annotation, first)
    else:
        integer = _whole(ann) if ann is not None else isinstance(node, int) and not isinstance(node, bool)
        kind, choices = _field_kind(ann, node)
    return _Target(tuple(found), integer, steps, kind, choices)


def _plain(value: Any, integer: bool) -> Any:
    """A drawn value as the schema reads it: numpy numbers as Python's, whole for a whole-number field."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if integer and isinstance(value, float) and value == value and abs(value) != float("inf"):
        value = int(round(value))
    return value


def _complaint(err: dict) -> Said:
    """One pydantic error in plain words with the value given; its Dutch as the loader says it."""
    msg = err["msg"].removeprefix("Value error, ")
    english = msg[:1].lower() + msg[1:]
    got = err.get("input")
    shown = Said(" (got {got})", " (gegeven: {got})").format(got=repr(got)) if isinstance(got, (int, float, str, bool)) else ""
    return Said(english, pydantic_dutch(err, english)) + shown


def _apply(s: Scenario, values: dict[str, Any], mark: bool = True) -> tuple[Scenario, dict[str, _Target]]:
    """`s` with the values set and validated like a file; _Refused or _Invalid if it cannot be."""
    data = s.model_dump()
    targets: dict[str, _Target] = {}
    for path, value in values.items():
        t = targets[path] = _find(s, path)
        if t.steps > 1:
            raise _Refused(Said("holds {n} dated values; one value would erase the council's dates, so name one "
                                "step instead ({path}[1].value), or give the field one value",
                                "bevat {n} gedateerde waarden; één waarde zou de data van de raad wissen, dus noem in "
                                "plaats daarvan één stap ({path}[1].value), of geef het veld één waarde"
                                ).format(n=t.steps, path=path))
        node = data
        for part in t.parts[:-1]:
            node = node[part]
        node[t.parts[-1]] = _plain(value, t.integer)
    try:
        out = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not isinstance(p, str) or ("[" not in p and not p.startswith("constrained-")))
        raise _Invalid(loc, _complaint(err)) from None
    issues = consistency_issues(out) or size_problems(out)
    if issues:
        raise _Invalid(*issues[0])
    out._path, out._assumed, out._notes = s.path, s.assumed, s.notes
    if mark:
        _mark(out)
    return out, targets


def world(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """A copy of `scenario` with each path set to its value: one world of an explore.

    Validated again through the schema and the consistency checks, so a drawn value is held to
    what a file may say; ScenarioError names the path if it cannot be. The copy keeps the
    scenario's name, labels, file and ranges; its content hash is the new values'. A float on a
    whole-number field (a continuous draw) is rounded to the nearest whole number.
    """
    file = scenario.path or "scenario"
    for path in values:
        try:
            _find(scenario, path)
        except _Refused as exc:
            raise ScenarioError(file, None, path, Said("cannot be set by a world: {why}",
                                                       "kan niet door een wereld gezet worden: {why}").format(
                why=exc.problem)) from None
    try:
        return _apply(scenario, values)[0]
    except _Refused as exc:
        raise ScenarioError(file, None, next(iter(values)), exc.problem) from None
    except _Invalid as exc:
        blame = [p for p in values if exc.loc[: len(_find(scenario, p).parts)] == _find(scenario, p).parts]
        if blame:
            raise ScenarioError(file, None, blame[0], Said("cannot be {v}: {why}", "kan niet {v} zijn: {why}").format(
                v=repr(values[blame[0]]), why=exc.problem)) from None
        raise ScenarioError(file, None, ", ".join(values), Said(
            "these values make field '{f}' wrong: {why}", "deze waarden maken veld '{f}' fout: {why}").format(
            f=_dotted(exc.loc), why=exc.problem)) from None


def _mark(s: Scenario) -> None:
    """Tell each range whether its field takes whole numbers, so that `ppf` draws them."""
    for path, u in s.uncertain.items():
        try:
            u._integer = _find(s, path).integer
        except _Refused:
            pass


def _corners(u: Uncertain) -> list[tuple[tuple, Any]]:
    """The values a range can reach at its edges (and its mode), or every discrete value."""
    if u.values is not None:
        return [(("values", i), v) for i, v in enumerate(u.values)]
    return [(("low",), u.low), (("high",), u.high)] + ([(("mode",), u.mode)] if u.mode is not None else [])


def _value_at(s: Scenario, parts: tuple) -> Any:
    node: Any = s
    for p in parts:
        node = getattr(node, p) if isinstance(node, BaseModel) else node[p]
    return node


def _probe(u: Uncertain) -> Any:
    """A value of the range that is not zero (zero is zero at any size), or None."""
    return next((v for _, v in _corners(u) if isinstance(v, (int, float)) and not isinstance(v, bool) and v), None)


def _scaled(s: Scenario, paths: list[str]) -> set[str]:
    """The paths that name an absolute figure: doubling the residents (`sim.policy.scale`) moves them.

    One world holds every path's probe, rescaled once; should the probes together make no valid
    scenario, each path is probed alone.
    """
    probes = {p: _probe(s.uncertain[p]) for p in paths}
    probes = {p: v for p, v in probes.items() if v is not None}
    try:
        groups = [probes] if probes else []
        _apply(s, probes, mark=False)
    except (_Refused, _Invalid):
        groups = [{p: v} for p, v in probes.items()]
    out: set[str] = set()
    for group in groups:
        w, targets = _apply(s, group, mark=False)
        bigger = rescale(w, 2 * w.municipality.residents)
        out |= {p for p, t in targets.items() if _value_at(bigger, t.parts) != _value_at(w, t.parts)}
    return out


def _corner_problem(s: Scenario, path: str, key: tuple, v: Any) -> Issue | None:
    """What is wrong with the world that sets `path` to one corner `v` of its range, if anything."""
    here = ("uncertain", path)
    try:
        _apply(s, {path: v}, mark=False)
    except _Refused as exc:
        return here, exc.problem
    except _Invalid as exc:
        parts = _find(s, path).parts
        field = "" if exc.loc[: len(parts)] == parts else Said(" makes field '{f}' wrong:", " maakt veld '{f}' fout:"
                                                               ).format(f=_dotted(exc.loc))
        return here + key, Said("{v} is outside what the field allows:{field} {why}",
                                "{v} ligt buiten wat het veld toestaat:{field} {why}").format(
            v=repr(v), field=field, why=exc.problem)
    return None


def _nonsense(path: str, u: Uncertain, t: _Target, reached: dict[tuple, str]) -> Said | None:
    """Why exploring this range would make no sense, if it would not: what the schema of one range cannot see.

    - text (a name, a label) is nothing the model computes with, and a choice among words or
      true/false has no numbers between its options: it takes `values:`, not low and high;
    - a range of no width (low equal to high, or values that are all one value) draws the same
      value in every world, so explore would credit it with an effect it cannot have;
    - two ranges on one field (`buttons.0.fire` and `buttons[0].fire`, or a dated field of one
      step and that step's value) would each set it in every world, the second overwriting the
      first, so the analysis would credit two inputs with one value's effect.
    """
    if t.kind == "text":
        return Said("is text (a name, a label, a description), not a number of the model; give a range on a value "
                    "the model computes with (a share, a rate, a duration)",
                    "is tekst (een naam, een label, een beschrijving), geen getal van het model; geef een bereik op een "
                    "waarde waarmee het model rekent (een aandeel, een kans, een duur)")
    if t.kind == "choice" and u.values is None:
        options = ", ".join(str(w).lower() if isinstance(w, bool) else str(w) for w in t.choices)
        return Said("is a choice ({options}), not a number, so it has no values between low and high; give the "
                    "choices to explore as values: [{options}]",
                    "is een keuze ({options}), geen getal, dus er liggen geen waarden tussen low en high; geef de keuzes "
                    "om te verkennen als values: [{options}]").format(options=options)
    if u.values is not None and all(v == u.values[0] and isinstance(v, bool) == isinstance(u.values[0], bool) for v in u.values):
        return Said("has no width: every value of values is {v}, so every world would draw the same value and explore "
                    "would credit it with an effect it cannot have; give two different values, or leave the field out "
                    "of uncertain:",
                    "heeft geen breedte: elke waarde van values is {v}, dus elke wereld zou dezelfde waarde trekken en "
                    "explore zou er een effect aan toeschrijven dat het niet kan hebben; geef twee verschillende waarden, "
                    "of laat het veld weg uit uncertain:").format(v=repr(u.values[0]))
    if u.values is None and u.low == u.high:
        return Said("has no width: low and high are both {v}, so every world would draw the same value and explore "
                    "would credit it with an effect it cannot have; give low below high, or leave the field out of "
                    "uncertain:",
                    "heeft geen breedte: low en high zijn allebei {v}, dus elke wereld zou dezelfde waarde trekken en "
                    "explore zou er een effect aan toeschrijven dat het niet kan hebben; geef low lager dan high, of laat "
                    "het veld weg uit uncertain:").format(v=f"{u.low:g}")
    if t.value_parts in reached:
        return Said("reaches the same value as '{other}' ({field}); one field takes one range, or each world would "
                    "draw it twice: keep one of the two",
                    "bereikt dezelfde waarde als '{other}' ({field}); één veld krijgt één bereik, anders zou elke wereld "
                    "het twee keer trekken: houd er één van de twee").format(other=reached[t.value_parts],
                                                                           field=_dotted(t.value_parts))
    return None


def range_issues(s: Scenario) -> list[Issue]:
    """What is wrong with the scenario's ranges, in file order, in the form of `consistency_issues`.

    Each range's edges (low, high, mode) and each discrete value are applied through `world`,
    so a range outside its field's allowed values gets the schema's own complaint. It also tells
    every range whether its field takes whole numbers (`Uncertain.ppf` rounds them).
    """
    issues: dict[str, Issue] = {}
    corners: dict[str, list] = {}
    reached: dict[tuple, str] = {}  # the value a range reaches -> the first path that reached it
    for path, u in s.uncertain.items():
        try:
            t = _find(s, path)
        except _Refused as exc:
            issues[path] = (("uncertain", path), exc.problem)
            continue
        u._integer = t.integer
        problem = _nonsense(path, u, t, reached)
        if problem is not None:
            issues[path] = (("uncertain", path), problem)
            continue
        reached[t.value_parts] = path
        corners[path] = _corners(u)
    for k in range(max(map(len, corners.values()), default=0)):
        group = {p: c[k][1] for p, c in corners.items() if k < len(c) and p not in issues}
        try:
            _apply(s, group, mark=False)  # all paths' k-th corner at once: the common case, valid
        except (_Refused, _Invalid):
            for path in group:
                problem = _corner_problem(s, path, *corners[path][k])
                if problem:
                    issues[path] = problem
    for path in _scaled(s, [p for p in s.uncertain if p not in issues]):
        issues[path] = (("uncertain", path), Said(
            "is an absolute figure that scales with the municipality's residents, so a range would hold for one size "
            "only; give the range on a rate (an incidence, a share, a cost per client, a duration) instead",
            "is een absoluut bedrag dat meeschaalt met de inwoners van de gemeente, dus een bereik zou voor één omvang "
            "gelden; geef het bereik in plaats daarvan op een verhouding (een incidentie, een aandeel, kosten per "
            "cliënt, een duur)"))
    return [issues[p] for p in s.uncertain if p in issues]


_WORDS = {
    "en": {"uniform": "uniform from {low} to {high}", "triangular": "triangular from {low} to {high}, most likely {mode}",
           "discrete": "one of {values}", "head": "{n} uncertain {value}, which explore draws from (a run uses "
           "the values in the file):", "value": ("value", "values")},
    "nl": {"uniform": "uniform van {low} tot {high}", "triangular": "driehoekig van {low} tot {high}, meest "
           "waarschijnlijk {mode}", "discrete": "een van {values}", "head": "{n} onzekere {value}, waaruit explore "
           "trekt (een run gebruikt de waarden in het bestand):", "value": ("waarde", "waarden")},
}


def _number(x: Any, lang: str) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x).lower() if isinstance(x, bool) else str(x)
    text = f"{int(x):,}" if float(x).is_integer() else f"{x:.6g}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def describe(u: Uncertain, lang: str = "en") -> str:
    """A range in words: 'uniform from 0.2 to 0.45' ('uniform van 0,2 tot 0,45')."""
    words = _WORDS[lang]
    if u.values is not None:
        return words["discrete"].format(values=", ".join(_number(v, lang) for v in u.values))
    return words[u.kind].format(low=_number(u.low, lang), high=_number(u.high, lang), mode=_number(u.mode, lang))


def listing(s: Scenario, lang: str = "en") -> list[str]:
    """What is uncertain in `s`, for `ontschot validate`: a head line, then path, range and why (none: nothing)."""
    if not s.uncertain:
        return []
    words, n = _WORDS[lang], len(s.uncertain)
    return [words["head"].format(n=n, value=words["value"][n != 1])] + [
        f"  `{path}`: {describe(u, lang)} ({(u.why_nl or u.why) if lang == 'nl' else u.why})"
        for path, u in s.uncertain.items()]  # the path as the file spells it
