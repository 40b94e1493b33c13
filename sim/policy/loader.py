"""Reading scenario files: safe YAML, `extends:` deep-merge, and errors that name a line.

A scenario file never runs code: it is parsed with PyYAML's safe loader only. While parsing we
keep, for every key, the file and line it came from, so that a validation error deep inside a
merged scenario still points at the line a policy adviser has to change.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
import typing
from collections.abc import Hashable
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

Loc = tuple  # a path of keys and list indices into the scenario
Lines = dict  # Loc -> (file, line)


def _show(path: Path) -> str:
    """A file name as the user will recognise it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic-link loop (Python 3.11, 3.12)
        return str(path)


_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAX_VALUES = 200_000  # far more than any real scenario (a few hundred); guards against alias and merge bombs
MAX_DEPTH = 50  # levels of nesting; a real scenario has about six
MAX_FILE_BYTES = 2_000_000  # a real scenario file is a few kilobytes
MAX_NAME = 255  # characters in one part of a file name (what Linux, macOS and Windows allow)
MAX_PATH = 4096  # characters in a whole path
# What YAML accepts as text (the YAML 1.1 printable set, as PyYAML's reader checks it).
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_BOMS = ((b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"), (b"\xfe\xff", "UTF-16"),
         (b"\xff\xfe", "UTF-16"))


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with two guards: a nesting limit, and dates read as plain text.

    The composer is recursive, so a file nested thousands of levels deep would end in a
    RecursionError; the limit turns that into an error on the line where it happens. No field
    takes a date, so a date-like value stays text and the schema names the field instead of the
    calendar failing on 2023-02-30.
    """

    yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                               for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    def __init__(self, text: str, shown: str):
        super().__init__(text)
        self.shown, self.depth = shown, 0

    def compose_node(self, parent, index):  # noqa: ANN001 (PyYAML's signature)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise ScenarioError(self.shown, mark.line + 1, None, NESTED.format(n=MAX_DEPTH, via=""))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


NESTED = Said("is nested more than {n} levels deep{via}; a scenario needs about six",
              "is meer dan {n} niveaus diep genest{via}; een scenario heeft er ongeveer zes")
NOT_FOUND = Said("file not found", "bestand niet gevonden")
IS_FOLDER = Said("is a folder, not a scenario file", "is een map, geen scenariobestand")
LOOP = Said("is a loop of symbolic links; name a scenario file", "is een kring van symbolische links; noem een scenariobestand")
UNREADABLE = Said("cannot be read ({why})", "is niet te lezen ({why})")


def path_problem(path: Path) -> Said | None:
    """Why `path` cannot be a scenario file, before anything opens it; None when it can be read.

    Checked by name and by `stat` only, never by opening: a named pipe would block the read
    forever and a device such as /dev/zero never ends.
    """
    name = str(path)
    if "\x00" in name:
        return Said("has a name that holds a NUL character; name a scenario file",
                    "heeft een naam met een NUL-teken; noem een scenariobestand")
    longest = max((len(part) for part in path.parts), default=0)
    if longest > MAX_NAME:
        return Said("has a name with a part of {n} characters (at most {most} are allowed); name a scenario file",
                    "heeft een naam met een deel van {n} tekens (hoogstens {most} mogen); noem een scenariobestand"
                    ).format(n=f"{longest:,}", most=MAX_NAME)
    if len(name) > MAX_PATH:
        return Said("has a name of {n} characters (at most {most} are allowed); name a scenario file",
                    "heeft een naam van {n} tekens (hoogstens {most} mogen); noem een scenariobestand"
                    ).format(n=f"{len(name):,}", most=f"{MAX_PATH:,}")
    try:
        info = path.stat()
    except FileNotFoundError:
        return NOT_FOUND
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return LOOP
        return UNREADABLE.format(why=exc.strerror or exc)
    if stat.S_ISDIR(info.st_mode):
        return IS_FOLDER
    if not stat.S_ISREG(info.st_mode):
        return Said("is not a regular file (a pipe, a device or a socket); a scenario is a text file",
                    "is geen gewoon bestand (een pipe, een apparaat of een socket); een scenario is een tekstbestand")
    if info.st_size > MAX_FILE_BYTES:
        return Said("is {size} MB; a scenario file is at most {most} MB of text",
                    "is {size} MB; een scenariobestand is hoogstens {most} MB tekst"
                    ).format(size=f"{info.st_size / 1e6:,.1f}", most=f"{MAX_FILE_BYTES / 1e6:g}")
    return None


def _read_text(path: Path, shown: str) -> str:
    """The file's text, or a ScenarioError that names the line of the first byte that is not text."""
    problem = path_problem(path)
    if problem is not None:
        raise ScenarioError(shown, None, None, problem)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(shown, None, None, UNREADABLE.format(why=exc.strerror or exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(shown, None, None, Said("is more than {most} MB; a scenario file is a few kilobytes",
                                                    "is meer dan {most} MB; een scenariobestand is een paar kilobyte"
                                                    ).format(most=f"{MAX_FILE_BYTES / 1e6:g}"))
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            raise ScenarioError(shown, 1, None, Said("is {encoding} text; save it as UTF-8",
                                                     "is {encoding}-tekst; sla het op als UTF-8").format(encoding=encoding))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(shown, line, None, Said(
            "is not UTF-8 text (byte 0x{byte} in column {column}, as Latin-1 or Windows text would have); save it as UTF-8",
            "is geen UTF-8-tekst (byte 0x{byte} in kolom {column}, zoals Latin-1- of Windows-tekst die heeft); "
            "sla het op als UTF-8").format(byte=f"{raw[exc.start]:02X}", column=column)) from None
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        hint = Said(" (a UTF-16 file read as UTF-8 looks like this)", " (zo ziet een UTF-16-bestand eruit dat als UTF-8 "
                    "gelezen wordt)") if bad.group() == "\x00" else ""
        raise ScenarioError(shown, line, None, Said(
            "holds a control character (U+{code}) in column {column}, which is not text{hint}; remove it",
            "bevat een stuurteken (U+{code}) in kolom {column}, dat geen tekst is{hint}; haal het weg"
        ).format(code=f"{ord(bad.group()):04X}", column=column, hint=hint))
    return text


class _Budget:
    """How many values a file may still expand to, shared by the whole walk (merges included)."""

    def __init__(self, limit: int = _MAX_VALUES):
        self.left = limit
        self.tops: dict = {}  # top-level key -> its line: where an expansion is blamed

    def spend(self, file: str, node: yaml.Node, loc: Loc) -> None:
        self.left -= 1
        if self.left < 0:
            top = loc[:1]
            line = self.tops.get(top[0]) if top else None
            raise ScenarioError(file, line or node.start_mark.line + 1, _dotted(top) or None, Said(
                "expands to more than {n} values (through YAML aliases * or merge keys <<); a scenario has a few hundred",
                "groeit uit tot meer dan {n} waarden (via YAML-aliassen * of merge-sleutels <<); een scenario heeft er "
                "een paar honderd").format(n=f"{_MAX_VALUES:,}"))


def marked_lines(text: str) -> set[int]:
    """Lines whose comment marks their value as an ASSUMPTION (docs/calibration.md has no source for it)."""
    return {i for i, line in enumerate(text.splitlines(), 1) if "#" in line and "ASSUMPTION" in line.split("#", 1)[1]}


class NotAScenario(ScenarioError):
    """A file that is no scenario: its message says so and quotes none of its content.

    Only a scenario's own words may appear in a message (an unknown key, a value, PyYAML's
    account of a syntax error): an `extends:` that names /etc/shadow or a key file must not
    echo its first line. `_resolve` reports it at the `extends:` line that named the file.
    """

    def __init__(self, file: str, line: int | None, problem: Said):
        self.why = problem
        super().__init__(file, line, None, NOT_SCENARIO + problem)


NOT_SCENARIO = Said("is not a scenario file", "is geen scenariobestand")
NOT_SCENARIO_KEYS = Said(" (it is a YAML mapping, but its top-level keys are not scenario fields; a scenario's are {fields})",
                         " (het is een YAML-mapping, maar de sleutels bovenaan zijn geen scenariovelden; die van een "
                         "scenario zijn {fields})")
NOT_SCENARIO_YAML = Said(" (it is not valid YAML from line {line} on, and its top-level keys are not scenario fields)",
                         " (het is geen geldige YAML vanaf regel {line}, en de sleutels bovenaan zijn geen scenariovelden)")
_FIELDS = tuple(Scenario.model_fields)
_TOP_FIELDS = ", ".join(_FIELDS)
# A line of a block mapping at the top: its key, plain or quoted, then ':' and a space or the line's end.
_TOP_KEY = re.compile(r"""^(?:"([^"\\]*)"|'([^']*)'|([^\s#'"{}\[\],&*!|>%@`?:-][^#]*?|-[^\s][^#]*?))\s*:(?:\s|$)""")


def _is_field_name(key: str) -> bool:
    """A scenario field, a near miss of one (what did-you-mean corrects), or a field path written as
    one key (`provisions[wmo_general]`, `provisions.wmo_general`): what a scenario's author writes."""
    if key in _FIELDS or difflib.get_close_matches(key.lower(), _FIELDS, n=1, cutoff=0.8):
        return True
    head = re.split(r"[\[.]", key, maxsplit=1)[0]
    return head != key and head in _FIELDS


def _keys_are_scenario_fields(keys: list[str] | None) -> bool:
    """Whether a file's top-level keys make it a scenario, whose content a message may quote.

    None (the top level could not be read as keys) is no scenario; no keys at all is (an empty
    mapping quotes nothing).
    """
    return keys is not None and all(_is_field_name(k) for k in keys)


def _top_keys(node: yaml.MappingNode) -> list[str] | None:
    """The top-level keys of a parsed file as written; None when one is not plain text (a list, a mapping)."""
    keys = []
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue
        if not isinstance(key_node, yaml.ScalarNode):
            return None
        keys.append(key_node.value)
    return keys


def _top_keys_in_text(text: str) -> list[str] | None:
    """The top-level keys of a file PyYAML cannot parse, read line by line (unindented `key:` lines).

    None when an unindented line is not a key (a line of text, a flow mapping): no scenario.
    """
    keys = []
    for line in text.splitlines():
        if not line.strip() or line[0] in " \t#" or line.startswith(("---", "...", "- ")) or line.rstrip() == "-":
            continue
        m = _TOP_KEY.match(line)
        if m is None:
            return None
        keys.append(next(g for g in m.groups() if g is not None))
    return keys


def _parse(path: Path, marks: dict[str, set[int]] | None = None) -> tuple[Any, Lines]:
    """Parse one YAML file into data plus a map from every key path to its (file, line).

    `marks`, when given, receives the file's ASSUMPTION-marked lines, so the loader can count the
    assumed values that are still in force after every `extends:` has been merged.
    """
    shown = _show(path)
    text = _read_text(path, shown)
    if marks is not None:
        marks[shown] = marked_lines(text)
    loader = _Loader(text, shown)
    lines: Lines = {}
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:  # PyYAML's words may quote the file: only a scenario's
            if not _keys_are_scenario_fields(_top_keys_in_text(text)):
                mark = getattr(exc, "problem_mark", None)
                raise NotAScenario(shown, None, NOT_SCENARIO_YAML.format(
                    line=mark.line + 1 if mark is not None else "?")) from None
            raise
        if isinstance(node, yaml.MappingNode) and not _keys_are_scenario_fields(_top_keys(node)):
            raise NotAScenario(shown, None, NOT_SCENARIO_KEYS.format(fields=_TOP_FIELDS))
        # Walk the node tree before constructing: construction flattens YAML merge keys (<<)
        # in place, which would look like duplicate keys.
        if node is not None:
            lines[()] = (shown, node.start_mark.line + 1)
            _walk(node, (), shown, lines, yaml.constructor.SafeConstructor(), set(), _Budget())
        data = loader.construct_document(node) if node is not None else None
    except (ValueError, OverflowError, TypeError) as exc:  # an explicit tag such as !!timestamp on a bad value
        raise ScenarioError(shown, None, None, Said(
            "holds a value YAML cannot read ({exc}); write plain numbers and text",
            "bevat een waarde die YAML niet kan lezen ({exc}); schrijf gewone getallen en tekst").format(exc=exc)) from None
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError(shown, *_yaml_problem(exc)) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(shown, None, None, NOT_YAML.format(problem=exc)) from None
    finally:
        loader.dispose()
    lines.setdefault((), (shown, 1))
    return data, lines


NOT_YAML = Said("is not valid YAML: {problem}", "is geen geldige YAML: {problem}")
# PyYAML's own words (its problem and context), in Dutch where a scenario file commonly meets them.
_YAML_NL = {
    "mapping values are not allowed here": "hier mag geen waarde met dubbele punt staan",
    "expected <block end>, but found '<block sequence start>'": "verwachtte het einde van een blok, maar vond een lijst",
    "expected <block end>, but found '<block mapping start>'": "verwachtte het einde van een blok, maar vond een mapping",
    "while parsing a block mapping": "bij het lezen van een blok-mapping",
    "while parsing a block collection": "bij het lezen van een blok-lijst",
    "while parsing a flow mapping": "bij het lezen van een mapping tussen { }",
    "while parsing a flow sequence": "bij het lezen van een lijst tussen [ ]",
    "while scanning a simple key": "bij het lezen van een sleutel",
    "could not find expected ':'": "vond de verwachte ':' niet",
    "found character '\\t' that cannot start any token": "vond het teken '\\t' (een tab), waarmee niets kan beginnen",
    "while scanning for the next token": "bij het zoeken naar het volgende stuk",
    "while scanning a quoted scalar": "bij het lezen van een tekst tussen aanhalingstekens",
    "found unexpected end of stream": "vond onverwacht het einde van het bestand",
    "while parsing a block node": "bij het lezen van een blok",
    "expected ',' or '}', but got '<stream end>'": "verwachtte ',' of '}', maar het bestand hield op",
    "expected ',' or ']', but got '<stream end>'": "verwachtte ',' of ']', maar het bestand hield op",
    "syntax error": "fout in de opbouw",
    "could not determine a constructor for the tag": "kan niets maken van de tag",
}


def _yaml_words(text: str) -> Said:
    """One of PyYAML's phrases in both languages; an unknown one keeps its English in Dutch."""
    for english, dutch in _YAML_NL.items():
        if text.startswith(english):  # a phrase that goes on with a name, such as the tag it could not read
            return Said(text, dutch + text[len(english):])
    return Said(text, text)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> tuple[int | None, None, Said]:
    """Line and one-sentence description of a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = _yaml_words(exc.problem or exc.context or "syntax error")
    if exc.context and "single document" in exc.context:
        problem = Said("holds more than one document (a line '---' starts another); a scenario file is one document",
                       "bevat meer dan één document (een regel '---' begint een volgend); een scenariobestand is één "
                       "document")
        return line, None, NOT_YAML.format(problem=problem)
    if exc.context and exc.problem:
        ctx_line = exc.context_mark.line + 1 if exc.context_mark else None
        where = Said(" that starts on line {n}", " dat op regel {n} begint").format(n=ctx_line) \
            if ctx_line and ctx_line != line else ""
        problem = Said("{problem} ({context}{where})", "{problem} ({context}{where})").format(
            problem=problem, context=_yaml_words(exc.context), where=where)
    if "constructor for the tag" in problem:
        problem += Said("; scenario files hold plain values only, no tags that create objects or run code",
                        "; scenariobestanden bevatten alleen gewone waarden, geen tags die objecten maken of code draaien")
    if "'\\t'" in problem:
        problem += Said("; indent with spaces, not tabs", "; spring in met spaties, niet met tabs")
    return line, None, NOT_YAML.format(problem=problem)


def _walk(node: yaml.Node, loc: Loc, file: str, lines: Lines, keys: Any, active: set, budget: _Budget) -> None:
    """Record the line of every key and list item under `node`; reject duplicate keys."""
    if id(node) in active:
        raise ScenarioError(file, node.start_mark.line + 1, _dotted(loc) or None,
                            Said("a YAML alias refers to a value that contains it; the value would be endless",
                                 "een YAML-alias verwijst naar een waarde die hem bevat; de waarde zou eindeloos zijn"))
    budget.spend(file, node, loc)
    if len(loc) > MAX_DEPTH:
        raise ScenarioError(file, node.start_mark.line + 1, None, NESTED.format(
            n=MAX_DEPTH, via=Said(" (through YAML aliases *)", " (via YAML-aliassen *)")))
    if isinstance(node, yaml.MappingNode):
        active.add(id(node))
        seen: set = set()
        merged: list = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged += value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as a key: the YAML constructor reports it
            key = keys.construct_object(key_node)  # the key as the data will hold it (e.g. `no` is False)
            if not isinstance(key, Hashable):
                continue
            if key in seen:
                raise ScenarioError(file, key_node.start_mark.line + 1, _dotted(loc + (key,)),
                                    Said("this key appears twice; keep one", "deze sleutel staat er twee keer; houd er één"))
            seen.add(key)
            lines[loc + (key,)] = (file, key_node.start_mark.line + 1)
            if not loc:
                budget.tops[key] = key_node.start_mark.line + 1
            _walk(value_node, loc + (key,), file, lines, keys, active, budget)
        for m in merged:  # YAML merge keys: keys written here win, then earlier merges
            if not isinstance(m, yaml.MappingNode):
                continue  # the YAML constructor reports it
            sub: Lines = {}
            _walk(m, loc, file, sub, keys, active, budget)
            fresh = {p[len(loc)] for p in sub if len(p) > len(loc)} - seen
            lines.update({p: fl for p, fl in sub.items() if len(p) > len(loc) and p[len(loc)] in fresh})
            seen |= fresh
        active.discard(id(node))
    elif isinstance(node, yaml.SequenceNode):
        active.add(id(node))
        for i, item in enumerate(node.value):
            lines[loc + (i,)] = (file, item.start_mark.line + 1)
            _walk(item, loc + (i,), file, lines, keys, active, budget)
        active.discard(id(node))


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
    shown = _NOT_PRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", parent)
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
        data, lines = _parse(path, marks)
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


def _is_index(part: Any) -> bool:
    return isinstance(part, int) and not isinstance(part, bool)


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        name = str(part) if str(part) else "''"  # an empty key, shown as written
        out += f"[{part}]" if _is_index(part) else (f".{name}" if out else name)
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
    model = _model_at(loc)
    return list(model.model_fields) if model else []


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The schema model whose fields sit at `loc`, if any."""
    ann: Any = Scenario
    skip_key = False
    for part in loc:
        if skip_key or _is_index(part):
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
        elif isinstance(node, list) and _is_index(part) and -len(node) <= part < len(node):
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
        raise ScenarioError(file, line, _dotted(shown) or None, problem, more=len(groups) - 1) from None
    _whole_numbers(data, lines)
    unlikely = _unlikely(scenario, lines)  # of the values as the files give them, before scaling
    issues = consistency_issues(scenario)
    if not issues:
        scenario = at_reference(scenario)
        issues = size_problems(scenario) or range_issues(scenario)  # of the municipality as it will run, scaled
    if issues:
        loc, problem = issues[0]
        file, line, _ = _where(loc, lines)
        raise ScenarioError(file, line, _dotted(loc) or None, problem, more=len(issues) - 1)
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
        out.append(Unlikely(file, line, _dotted(doubt.loc) or None, doubt.problem))
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
    raise ScenarioError(file, line, _dotted(loc), read + Said(", but this field counts whole things; ",
                                                              ", maar dit veld telt hele aantallen; ") + fix,
                        more=len(found) - 1)


# The sections in which a file says what its policy is (as against who lives there and how it runs).
POLICY_SECTIONS = ("access", "plan", "budget", "buttons", "provisions", "prevention", "programmes")


def _own_keys(path: Path) -> set[str]:
    """The top-level keys the file itself writes (not its bases); empty when it cannot be read,
    which the full load then reports."""
    try:
        data, _ = _parse(path)
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
    return tuple(sorted(_dotted(loc) for loc in by_line.values()))
