"""Reading one scenario file safely: what may be opened, the YAML it holds, and the line of every key.

A scenario file never runs code: it is parsed with PyYAML's safe loader only, after the file has
been checked by `stat` (no FIFOs, devices, link loops or files larger than a scenario can be),
its bytes decoded as UTF-8 with every problem named by line and column, and its nesting and
aliases bounded. A file whose top-level keys are not scenario fields is said to be no scenario
without quoting any of it (an `extends:` that names a system file must not echo its first line).
While parsing, every key keeps the file and line it came from (`Lines`), so that the loader
(`sim.policy.loader`) can point a validation error deep inside a merged scenario at the line a
policy adviser has to change.
"""

from __future__ import annotations

import difflib
import errno
import re
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from ..errors import Said, ScenarioError
from .scenario import Scenario

Loc = tuple  # a path of keys and list indices into the scenario
Lines = dict  # Loc -> (file, line)


def is_index(part: Any) -> bool:
    return isinstance(part, int) and not isinstance(part, bool)


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        name = str(part) if str(part) else "''"  # an empty key, shown as written
        out += f"[{part}]" if is_index(part) else (f".{name}" if out else name)
    return out


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
NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
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
    bad = NOT_PRINTABLE.search(text)
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
            raise ScenarioError(file, line or node.start_mark.line + 1, dotted(top) or None, Said(
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


def parse(path: Path, marks: dict[str, set[int]] | None = None) -> tuple[Any, Lines]:
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
        raise ScenarioError(file, node.start_mark.line + 1, dotted(loc) or None,
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
                raise ScenarioError(file, key_node.start_mark.line + 1, dotted(loc + (key,)),
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
