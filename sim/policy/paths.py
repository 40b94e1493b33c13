"""A parameter path: the one way to name, read, set and describe a value of a scenario.

A path names a field as `ontschot schema --markdown` shows it: keys from the top of a scenario,
list entries by index and named entries (a domain, a provision) by name. People write a list
entry two ways, `buttons.0.fire` and `buttons[0].fire`; both parse to one `Path`, whose canonical
text is the second, and two paths are equal when they name the same parts, so `buttons.0.fire`
and `buttons[0].fire` are one path. A dated field (`budget.pooled_share`, a list of steps) is
reached whole, or one step at a time (`budget.pooled_share[1].value`, `...[1].from_day`); a dated
field holding one step takes one value through its shorthand, the field itself.

The same walker serves every room that sets values: the `uncertain:` section and its worlds
(`sim.policy.uncertain`), a sweep and a municipality's row (`sim.study.sweep.with_values`), the
steady start's regime before day 0 (`sim.model.steady`) and the workshop's sliders. They differ on
purpose in one way, the `as_world` flag of `with_values`: a world is the file's scenario in another
state of the world, so it may set only assumed values (no text, no run setting, no municipality
size), never erase the council's dates, and a continuous draw on a whole-number field is rounded;
a sweep point is a variant the user asks for, which may set any field of a loaded scenario.

`Path.words` says a path as a reader does ('latent demand', 'ceiling pressed at 98% of the
budget'), in English and Dutch; the number in it is formatted by the caller's display rule
(the report's), which this room does not hold.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, ValidationError

from ..errors import Said
from .checks import consistency_issues
from .pydantic_nl import pydantic_dutch
from .scale import size_problems
from .scenario import Scenario
from .timeline import Step

__all__ = ["Path", "PathRefused", "PathInvalid", "Target", "with_values"]

Part = str | int
_TEXT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.[A-Za-z0-9_-]+)*$")
_PART = re.compile(r"\[(\d+)\]|\.?([A-Za-z0-9_-]+)")
_NOT_A_PATH = Said(
    "is not a field path; write it as `ontschot schema --markdown` names fields, with list entries by index and named "
    "entries by name, e.g. provisions.wmo_tailored.duration_days or buttons[0].fire",
    "is geen veldpad; schrijf het zoals `ontschot schema --markdown` velden noemt, items van een lijst bij hun nummer "
    "en benoemde items bij hun naam, bijvoorbeeld provisions.wmo_tailored.duration_days of buttons[0].fire")
_TEXT_ONLY = Said("is text about the scenario, which no run reads", "is tekst over het scenario, die geen run leest")
# Fields that are no assumption about the municipality, with the reason a world may not set them.
NOT_ASSUMED: dict[tuple, Said] = {
    **{(k,): _TEXT_ONLY for k in ("name", "name_nl", "description", "story", "story_nl", "sources", "sources_nl",
                                  "source_text", "mechanism", "claim", "claims", "description_nl", "mechanism_nl",
                                  "claim_nl")},
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


class PathRefused(Exception):
    """A path that names no value that can be set here: `problem` says why, in both languages;
    `path`, the key the caller gave, where known; `dated`, refused for holding the council's dates."""

    def __init__(self, problem: Said, path: Any = None, dated: bool = False):
        super().__init__(problem)
        self.problem, self.path, self.dated = problem, path, dated


class PathInvalid(Exception):
    """Values that make a scenario the schema (`contradictory` False) or the consistency checks
    (`contradictory` True) refuse: `loc`, the parts of the field to blame, and `problem`."""

    def __init__(self, loc: tuple, problem: Said | str, contradictory: bool = False):
        super().__init__(problem)
        self.loc, self.problem, self.contradictory = loc, problem, contradictory


@dataclass(frozen=True)
class Target:
    """What a path reaches in one scenario: its parts as the scenario holds them, and its kind."""

    parts: tuple  # keys and list indices from the scenario's top to the value
    integer: bool  # the field takes whole numbers
    steps: int  # a dated field: how many steps it holds (0: not dated)
    kind: str = "number"  # "number", "choice" (one of a few words, or true/false), "text" or "section"
    choices: tuple = ()  # a choice's allowed words

    @property
    def value_parts(self) -> tuple:
        """The parts that reach the value itself: a dated field of one step is that step's value, so
        `budget.pooled_share` and `budget.pooled_share[0].value` are one field."""
        return self.parts + (0, "value") if self.steps == 1 else self.parts


@dataclass(frozen=True)
class Path:
    """One parameter path; equal and hashed by its parts, so both spellings of a list entry are one path."""

    parts: tuple[Part, ...]

    @classmethod
    def parse(cls, text: "str | Path") -> "Path":
        """`a.0.b` or `a[0].b` (or a Path, returned as it is); PathRefused if it is no field path."""
        if isinstance(text, Path):
            return text
        if not isinstance(text, str) or not _TEXT.match(text):
            raise PathRefused(_NOT_A_PATH)
        return cls(tuple(int(m[1]) if m[1] is not None else (int(m[2]) if m[2].isdigit() else m[2])
                         for m in _PART.finditer(text)))

    @property
    def text(self) -> str:
        """The canonical spelling, as the field reference writes it: `buttons[0].fire`."""
        return dotted(self.parts)

    def __str__(self) -> str:
        return self.text

    @property
    def field(self) -> "Path":
        """The field a dated step belongs to (`budget.pooled_share` for `budget.pooled_share[1].value`
        or `budget.pooled_share[1]`); the path itself when it names no step."""
        parts = self.parts[:-1] if self.parts and self.parts[-1] == "value" else self.parts
        if len(parts) > 1 and isinstance(parts[-1], int):
            return Path(parts[:-1])
        return self

    def refusal(self) -> Said | None:
        """Why a world may not set this path (it is no assumption about the municipality), or None."""
        for prefix, why in NOT_ASSUMED.items():
            if self.parts[: len(prefix)] == prefix:
                return why
        return None

    def target(self, scenario: Scenario, as_world: bool = False) -> Target:
        """Where the path leads in `scenario`, or PathRefused saying why it names nothing there; for a
        world (`as_world`), also a field that is no assumption, or a whole section."""
        why = self.refusal() if as_world else None
        if why is not None:
            raise PathRefused(why + Said("; give a range on an assumed value (a share, a rate, a duration)",
                                         "; geef een bereik op een aangenomen waarde (een aandeel, een kans, een duur)"))
        t = self._walk(scenario)
        if as_world and t.kind == "section":
            raise PathRefused(Said("is a section, not a value; name one of its entries: {inside}",
                                   "is een sectie, geen waarde; noem een van de items erin: {inside}").format(
                inside=", ".join(t.choices)))
        return t

    def _walk(self, scenario: Scenario) -> Target:
        node: Any = scenario
        ann: Any = None
        found: list = []
        for part in self.parts:
            key, node, ann = _child(node, part, found)
            found.append(key)
        steps = len(node) if isinstance(node, list) and node and all(isinstance(x, Step) for x in node) else 0
        if steps:
            first = node[0].value
            kind, choices = _field_kind(type(node[0]).model_fields["value"].annotation, first)
            return Target(tuple(found), isinstance(first, int) and not isinstance(first, bool), steps, kind, choices)
        if isinstance(node, (BaseModel, dict, list)):
            inside = list(type(node).model_fields) if isinstance(node, BaseModel) else (
                list(map(str, node)) if isinstance(node, dict) else [f"[{i}]" for i in range(len(node))])
            return Target(tuple(found), False, 0, "section", tuple(inside))
        integer = _whole(ann) if ann is not None else isinstance(node, int) and not isinstance(node, bool)
        kind, choices = _field_kind(ann, node)
        return Target(tuple(found), integer, 0, kind, choices)

    def read(self, scenario: Scenario) -> Any:
        """The value the path names in `scenario`; a dated field of one step reads as that step's value."""
        return _at(scenario, self.target(scenario).value_parts)

    def put(self, obj: Any, value: Any) -> None:
        """Set the value in place, unvalidated, on a scenario (or its dict) the caller owns: for a copy
        the caller builds itself (the steady start's regime before day 0). `set` validates."""
        *head, last = self.parts
        node = obj
        for p in head:
            node = getattr(node, p) if isinstance(node, BaseModel) else node[p]
        if isinstance(node, BaseModel):
            setattr(node, str(last), value)
        else:
            node[last] = value

    def set(self, scenario: "Scenario | dict", value: Any) -> "Scenario | dict":
        """A new scenario with the value set, validated like a file (a dict: a new dict, for the caller
        to validate); the original is left alone. See `with_values` for the errors."""
        if isinstance(scenario, dict):
            data = _deep(scenario)
            self.put(data, value)
            return data
        return with_values(scenario, {self: value})

    def budget_share(self, scenario: Scenario | None) -> bool:
        """Whether the value is a share of the budget, which a reader sees in percent: the pooled share,
        or a button's threshold on a share of the budget."""
        if self.parts == ("budget", "pooled_share"):
            return True
        button = self._button(scenario)
        return button is not None and self.parts[2] in ("fire", "release") and button.metric.endswith("_share")

    def _button(self, scenario: Scenario | None) -> Any:
        p = self.parts
        if scenario is None or len(p) != 3 or p[0] != "buttons" or not isinstance(p[1], int) or p[1] >= len(scenario.buttons):
            return None
        return scenario.buttons[p[1]]

    def named(self, lang: str = "en", scenario: Scenario | None = None) -> str | None:
        """The path as a reader says it ('latent demand'), a dated step as its field; None when the
        word table (`PATH_WORDS`) has no words for it."""
        parts = self.field.parts
        for pattern, said in PATH_WORDS.items():
            if len(pattern) == len(parts) and all(w in ("*", p) for w, p in zip(pattern, parts)):
                star = next((str(p) for w, p in zip(pattern, parts) if w == "*"), "")
                if not star:
                    return said(lang)
                filled = _domain(star, scenario, lang) if parts[0] == "domains" else _provision(star, scenario, lang)
                return said.format(name=filled)(lang)
        return None

    def words(self, lang: str = "en", scenario: Scenario | None = None, value: Any = None,
              number: Callable[[float, str], str] | None = None) -> str:
        """The path in words; with a value, the path at that value as a sweep's picture labels a point
        ('ceiling pressed at 98% of the budget', 'plafond ingedrukt bij 98% van het budget').

        `number(x, lang)` writes a number as the caller's display rule does (the report's `general`);
        without it a number is written as Python does. Without a value: `named`, else the canonical text.
        """
        if value is None:
            return self.named(lang, scenario) or self.text
        write = number or (lambda x, _lang: f"{x:g}")
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        v = write(value, lang) if numeric else str(value)
        button = self._button(scenario)
        if button is not None:
            name = _named(button, button.name, lang)
            name = name.replace("_", " ") if name == button.name else name
            what = str(self.parts[2])
            if what in ("fire", "release"):
                if isinstance(value, (int, float)) and button.metric.endswith("_share"):  # true reads as 100%, as before
                    v = _OF_BUDGET.format(p=write(100 * float(value), lang))(lang)
                return _BUTTON[what].format(b=name, v=v)(lang)
            return f"{name}: {what.replace('_', ' ')} {v}"
        if self.parts == ("budget", "pooled_share") and isinstance(value, (int, float)):
            return _POOLED.format(v=f"{write(100 * float(value), lang)}%")(lang)
        return f"{str(self.parts[-1]).replace('_', ' ')} {v}"


# ---------------------------------------------------------------- words

# Field paths (a `*` for any provision or domain) and their words; {name} is the provision or domain.
PATH_WORDS: dict[tuple, Said] = {
    ("population", "latent_share"): Said("latent demand", "de latente vraag"),
    ("access", "latent_uptake"): Said("the share of latent demand that comes forward",
                                      "het deel van de latente vraag dat zich meldt"),
    ("access", "miss_probability"): Said("the chance a desk misses a problem", "de kans dat een loket een probleem mist"),
    ("access", "missed_surface_days"): Said("the days until a missed problem surfaces",
                                            "de dagen tot een gemist probleem opduikt"),
    ("outcome", "escalation_share"): Said("the share of unresolved problems that escalate",
                                          "het deel van de onopgeloste problemen dat escaleert"),
    ("outcome", "followup_days"): Said("the days until a relapse", "de dagen tot een terugval"),
    ("provisions", "*", "duration_days"): Said("the length of {name} in days", "de duur van {name} in dagen"),
    ("provisions", "*", "effectiveness"): Said("the effectiveness of {name}", "de effectiviteit van {name}"),
    ("provisions", "*", "fit"): Said("the fit of {name}", "de aansluiting van {name}"),
    ("domains", "*", "processing_days"): Said("the processing time in {name} in days", "de doorlooptijd in {name} in dagen"),
    ("population", "max_problems"): Said("the most domains one case has problems in",
                                         "het hoogste aantal domeinen met problemen per casus"),
    ("outcome", "relapse_share"): Said("the share of problems that return", "het deel van de problemen dat terugkomt"),
    ("outcome", "fragmentation_penalty"): Said("what separate plans cost in resolution",
                                               "wat losse plannen kosten aan oplossing"),
    ("provisions", "*", "max_wait_days"): Said("the longest wait for {name} in days", "de langste wachttijd op {name} in dagen"),
}
_KINDS = {"tailored": Said("tailored care ({domain})", "maatwerk ({domain})"),
          "general": Said("general provisions ({domain})", "algemene voorzieningen ({domain})")}
_BUTTON = {"fire": Said("{b} pressed at {v}", "{b} ingedrukt bij {v}"),
           "release": Said("{b} released below {v}", "{b} losgelaten onder {v}")}
_OF_BUDGET = Said("{p}% of the budget", "{p}% van het budget")
_POOLED = Said("pooled share {v}", "ontschot aandeel {v}")


def _named(part: Any, name: str, lang: str) -> str:
    """A scenario part by its own label in the reader's language, else by its name (as the report's `named`)."""
    text = getattr(part, "label_nl" if lang == "nl" else "label_en", None) if part is not None else None
    return text or name


def _domain(name: str, scenario: Scenario | None, lang: str) -> str:
    return _named(scenario.domains.get(name), name, lang) if scenario is not None else name


def _provision(name: str, scenario: Scenario | None, lang: str) -> str:
    """A provision `<domain>_tailored` or `<domain>_general` as 'tailored care (<domain's label>)'."""
    for kind in ("tailored", "general"):
        if name.endswith("_" + kind):
            domain = name[: -len(kind) - 1]
            return _KINDS[kind].format(domain=_domain(domain, scenario, lang))(lang)
    return name.replace("_", " ")


# ---------------------------------------------------------------- the walker


def dotted(parts: tuple | list) -> str:
    """Parts as the field reference writes them: `buttons[0].fire`."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _close(part: Any, options: list[str]) -> Said:
    match = difflib.get_close_matches(str(part), options, n=1)
    return Said(" Did you mean '{m}'?", " Bedoel je '{m}'?").format(m=match[0]) if match else Said("", "")


def _child(node: Any, part: Part, done: list) -> tuple[Any, Any, Any]:
    """(the key or index as the scenario holds it, the child, its annotation if a model field)."""
    where = (Said("under '{d}'", "onder '{d}'").format(d=dotted(done)) if done else
             Said("at the top of a scenario", "bovenaan een scenario"))
    if isinstance(node, BaseModel):
        fields = list(type(node).model_fields)
        if part not in fields:
            raise PathRefused(Said("there is no field '{part}' {where}.{close} Allowed here: {allowed}",
                                   "er is geen veld '{part}' {where}.{close} Hier toegestaan: {allowed}").format(
                part=part, where=where, close=_close(part, fields), allowed=", ".join(fields)))
        return part, getattr(node, str(part)), type(node).model_fields[str(part)].annotation
    if isinstance(node, dict):
        key = part if part in node else str(part)
        if key not in node:
            names = list(map(str, node))
            there = (Said("Named here: {names}", "Hier genoemd: {names}").format(names=", ".join(names)) if names
                     else Said("None are named here", "Hier wordt niets genoemd"))
            raise PathRefused(Said("there is no '{part}' {where}.{close} {there}",
                                   "er is geen '{part}' {where}.{close} {there}").format(
                part=part, where=where, close=_close(part, names), there=there))
        return key, node[key], None
    if isinstance(node, list):
        if not node:
            raise PathRefused(Said("'{d}' is an empty list: it has no entry to name",
                                   "'{d}' is een lege lijst: er is geen item om te noemen").format(d=dotted(done)))
        if not isinstance(part, int) or part >= len(node):
            raise PathRefused(Said("'{d}' is a list of {n}; name an entry by its index from 0 to {last}, "
                                   "from {d}[0] to {d}[{last}]",
                                   "'{d}' is een lijst van {n}; noem een item bij zijn nummer van 0 tot {last}, "
                                   "van {d}[0] tot {d}[{last}]").format(d=dotted(done), n=len(node), last=len(node) - 1))
        return part, node[part], None
    raise PathRefused(Said("'{d}' is a single value, not a section", "'{d}' is één waarde, geen sectie"
                           ).format(d=dotted(done)))


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


def _at(obj: Any, parts: tuple) -> Any:
    node = obj
    for p in parts:
        node = getattr(node, p) if isinstance(node, BaseModel) else node[p]
    return node


def _deep(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _deep(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_deep(v) for v in data]
    return data


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


def targets(s: Scenario, values: dict, as_world: bool = False) -> dict[Any, Target]:
    """Each key of `values` (a path's text or a Path) with its target; PathRefused (with `.path`, the key) if one has none."""
    out = {}
    for key in values:
        try:
            out[key] = Path.parse(key).target(s, as_world)
        except PathRefused as exc:
            exc.path = key
            raise
    return out


def with_values(scenario: Scenario, values: dict, *, as_world: bool = False) -> Scenario:
    """A copy of `scenario` with each path (text or Path) set to its value, validated like a file.

    PathRefused (its `path` the key) for a path that names nothing to set; PathInvalid when the
    values make a scenario the schema or the consistency checks refuse. A dated field given one
    value holds it for the whole run. `as_world` (see the module docstring): only assumed values,
    never over the council's dates, a float on a whole-number field rounded; the copy keeps the
    file's assumptions and notes besides its file.
    """
    found = targets(scenario, values, as_world)
    data = scenario.model_dump()
    for key, value in values.items():
        t = found[key]
        if as_world and t.steps > 1:
            raise PathRefused(Said("holds {n} dated values; one value would erase the council's dates, so name one "
                                   "step instead ({path}[1].value), or give the field one value",
                                   "bevat {n} gedateerde waarden; één waarde zou de data van de raad wissen, dus noem "
                                   "in plaats daarvan één stap ({path}[1].value), of geef het veld één waarde"
                                   ).format(n=t.steps, path=key), key, dated=True)
        parts = t.value_parts if not isinstance(value, (list, dict)) else t.parts
        Path(parts).put(data, _plain(value, t.integer and as_world) if not isinstance(value, (list, dict)) else value)
    try:
        out = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not isinstance(p, str) or ("[" not in p and not p.startswith("constrained-")))
        raise PathInvalid(loc, _complaint(err)) from None
    issues = consistency_issues(out) or size_problems(out)  # a run the machine cannot hold: refused before it starts
    if issues:
        raise PathInvalid(*issues[0], contradictory=True)
    out._path = scenario.path
    if as_world:
        out._assumed, out._notes = scenario.assumed, scenario.notes
    return out
