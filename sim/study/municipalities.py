"""Every municipality at once: one scenario per row of a CSV, on one shared base, as one set of tasks.

An analyst with the population of each of the 342 municipalities, and whatever rates of service
use they know for some of them, writes them as a CSV:

    municipality,residents,domains.wmo.incidence,domains.jeugd.incidence
    Eindhoven,243730,45.1,
    Son en Breugel,17460,,19.8

The file may also be as a Dutch spreadsheet program saves it: columns separated by semicolons, numbers
with a decimal comma (`1,5`) and thousands points (`60.000`). The separator is found by counting
on the first line (`csv_form`); in a semicolon file a number's comma is its decimal comma and a
point that groups three digits (`60.000`, `1.234,5`) is a thousands point, so `60.000` is sixty
thousand, while a point not followed by three digits (`0.15`) stays a decimal point.

`municipality` and `residents` are required; every other column is a scenario field path as
`ontschot schema --markdown` lists it (list entries by index), and an empty cell keeps the base's
value. Each row is the base scaled to that municipality's residents (sim.policy.scale: the
caseloads, budgets, staff and places in proportion; rates do not change with size), then with the
row's own values set, which are that municipality's own figures. Every row is checked before
anything runs (a bad cell names the CSV's line and column). All replications of all
municipalities then go to the executor as one set of tasks (sim.study.replicate.Runner), so a
cluster stays busy across municipalities, each finished replication is stored (a rerun resumes),
and `municipalities.csv` holds one row per municipality with the headline metrics, each with its
95% interval over the replications.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..errors import Said, UsageError, count
from ..policy.scale import rescale, size_problems
from ..policy.scenario import MAX_RESIDENTS, Scenario
from . import metrics as M
from .compare import labels_for
from .limits import bound_municipalities, local_workers
from .replicate import Runner
from .stats import interval
from .store import atomic_dir, manifest, writable
from .sweep import ValuesError, with_values

NAME, RESIDENTS = "municipality", "residents"
STORE = "replications"  # the finished replications, kept across reruns
SUMMARY = "municipalities.csv"
METRICS = M.HEADLINES  # the columns of the summary, from the registry


def _path_problem(data, path: str) -> Said | None:
    """Why `path` names no field of a scenario's data (a dict of dicts and lists), or None if it does."""
    node, done = data, ""
    for part in path.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            options = sorted(map(str, node)) if isinstance(node, dict) else []
            close = difflib.get_close_matches(part, options, n=1)
            hint = Said("; did you mean '{m}'?", "; bedoel je '{m}'?").format(m=close[0]) if close else ""
            where = (Said("under {done}", "onder {done}").format(done=repr(done)) if done else
                     Said("at the top of a scenario", "bovenaan een scenario"))
            return Said("there is no '{part}' {where}{hint}", "er is geen '{part}' {where}{hint}").format(
                part=part, where=where, hint=hint)
        done = f"{done}.{part}" if done else part
    return None


AT_LINE = Said("{file}, line {line}: ", "{file}, regel {line}: ")
AT_CELL = Said("{file}, line {line}, column '{col}': ", "{file}, regel {line}, kolom '{col}': ")


def _header(file: str, columns: list[str], base: Scenario) -> list[str]:
    """The field paths among the columns, every column checked: the required ones, no doubles, real fields."""
    for col in (NAME, RESIDENTS):
        if col not in columns:
            raise UsageError(AT_LINE.format(file=file, line=1) + Said(
                "there is no column '{col}'; the first line names the columns: {name}, {residents} and any scenario "
                "fields (e.g. domains.wmo.incidence)",
                "er is geen kolom '{col}'; de eerste regel noemt de kolommen: {name}, {residents} en eventuele "
                "scenariovelden (bijvoorbeeld domains.wmo.incidence)").format(col=col, name=NAME, residents=RESIDENTS))
    data = base.model_dump(mode="json")
    for k, col in enumerate(columns):
        if col in columns[:k]:
            raise UsageError(AT_CELL.format(file=file, line=1, col=col) + Said("appears twice", "staat er twee keer"))
        if col not in (NAME, RESIDENTS):
            why = Said("is empty", "is leeg") if not col else _path_problem(data, col)
            if why is not None:
                raise UsageError(AT_CELL.format(file=file, line=1, col=col) + Said(
                    "names no scenario field ({why}); the columns are {name}, {residents} and field paths as "
                    "`ontschot schema --markdown` lists them",
                    "noemt geen scenarioveld ({why}); de kolommen zijn {name}, {residents} en veldpaden zoals "
                    "`ontschot schema --markdown` ze noemt").format(why=why, name=NAME, residents=RESIDENTS))
    return [c for c in columns if c not in (NAME, RESIDENTS)]


def _residents(file: str, line: int, text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_RESIDENTS:
        raise UsageError(AT_CELL.format(file=file, line=line, col=RESIDENTS) + Said(
            "must be a whole number from 1 to {most}, got '{text}'", "moet een geheel getal van 1 tot {most} zijn, "
            "niet '{text}'").format(most=count(MAX_RESIDENTS), text=text))
    return value




def _reason(exc: UsageError, col: str | None = None) -> Said:
    """What `with_values` found wrong, without its sweep's words; without the field when it is the cell's own."""
    if not isinstance(exc, ValuesError):
        return Said(str(exc), exc.message("nl"))
    if exc.field is None or (col is not None and (exc.field == col or exc.field.startswith(col + "."))):
        return exc.why
    return Said("field '{f}': ", "veld '{f}': ").format(f=exc.field) + exc.why


def _municipality(file: str, line: int, cells: dict[str, str], paths: list[str], base: Scenario) -> Scenario:
    """One row as a scenario: the base at the row's size, with the row's own values; UsageError naming the cell."""
    name = cells[NAME].strip()
    if not name:
        raise UsageError(AT_CELL.format(file=file, line=line, col=NAME) + Said(
            "is empty; give the municipality's name", "is leeg; geef de naam van de gemeente"))
    scaled = rescale(base, _residents(file, line, cells[RESIDENTS]))
    values = {}
    for col in paths:
        text = cells[col].strip()
        if text:
            try:
                values[col] = yaml.safe_load(text)
            except yaml.YAMLError:
                raise UsageError(AT_CELL.format(file=file, line=line, col=col) + Said(
                    "cannot read '{text}'", "kan '{text}' niet lezen").format(text=text)) from None
            except ValueError:  # YAML reads it as a date that does not exist (2023-02-30) or too long a number
                raise UsageError(AT_CELL.format(file=file, line=line, col=col) + Said(
                    "cannot read '{text}': it looks like a date or a number that cannot be (a day the month does "
                    "not have, or thousands of digits); give a number or a word",
                    "kan '{text}' niet lezen: het lijkt een datum of getal dat niet kan bestaan (een dag die de "
                    "maand niet heeft, of duizenden cijfers); geef een getal of een woord").format(text=text)) from None
    try:
        s = with_values(scaled, {"name": name, "name_nl": name, "municipality.name": name, **values})
    except UsageError as whole:
        field = getattr(whole, "field", None)  # a field the whole row names (the size a run cannot hold): its cell
        own = field if field in values else RESIDENTS if field == "municipality.residents" else None
        if own is not None:
            raise UsageError(AT_CELL.format(file=file, line=line, col=own) + _reason(whole, own)) from None
        for col, value in values.items():  # which cell: the first that is wrong on its own
            try:
                with_values(scaled, {col: value})
            except UsageError as exc:
                raise UsageError(AT_CELL.format(file=file, line=line, col=col) + _reason(exc, col)) from None
        raise UsageError(AT_LINE.format(file=file, line=line) + _reason(whole)) from None
    for path, problem in size_problems(s):  # a row the model cannot hold: named by its cell, before anything runs
        field = ".".join(map(str, path))
        col = field if field in values else RESIDENTS
        raise UsageError(AT_CELL.format(file=file, line=line, col=col) + problem)
    return s


SEPARATORS = (",", ";", "\t")  # what a spreadsheet program separates a CSV's columns with


@dataclass(frozen=True)
class CsvForm:
    """How a CSV is written: its column separator, and whether its numbers have decimal commas
    (a semicolon-separated file, as Dutch spreadsheet programs save one)."""

    separator: str

    @property
    def decimal_comma(self) -> bool:
        return self.separator == ";"


def csv_form(header: str) -> CsvForm:
    """The form of a CSV from its first line: the separator that occurs most often on it (a comma when none does).

    Counting on the header is enough: it holds the column names, which contain no separator, so
    `municipality;residents;domains.wmo.incidence` has two semicolons and no comma.
    """
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])  # the first of equals: a comma
    return CsvForm(best if counts[best] else ",")


_DUTCH_GROUPED = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?")
_DUTCH_DECIMAL = re.compile(r"-?\d+,\d+")


def dutch_number(cell: str) -> str:
    """A cell of a semicolon-separated CSV with its number written as YAML reads it: `1,5` -> `1.5`,
    `60.000` -> `60000`, `1.234,5` -> `1234.5`; text and other numbers (`0.15`) as they are."""
    text = cell.strip()
    if _DUTCH_GROUPED.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if _DUTCH_DECIMAL.fullmatch(text):
        return text.replace(",", ".")
    return cell


UNREADABLE = Said("{file}: cannot be read as a CSV file ({kind}: {exc})",
                  "{file}: is niet te lezen als CSV-bestand ({kind}: {exc})")


def _read(file: str) -> str:
    try:
        with open(file, newline="", encoding="utf-8-sig") as fh:  # a spreadsheet's byte-order mark is no column
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(UNREADABLE.format(file=file, kind=type(exc).__name__, exc=exc)) from None


def table_form(file: str | Path) -> CsvForm:
    """The form of the CSV `file` (UsageError if it cannot be read), for the line that says how it is read."""
    return csv_form(_read(str(file)).partition("\n")[0])


def read_table(file: str | Path, base: Scenario) -> list[Scenario]:
    """Every row of the CSV as a scenario on `base`, all checked before anything runs (UsageError, exit 2).

    Comma-, semicolon- and tab-separated files are read alike (`csv_form`); in a semicolon file the
    numbers are Dutch (`dutch_number`).
    """
    file = str(file)
    text = _read(file)
    form = csv_form(text.partition("\n")[0])
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=form.separator)
        rows = [(reader.line_num, row) for row in reader]  # the line a row ends on, as an editor counts
    except csv.Error as exc:
        raise UsageError(UNREADABLE.format(file=file, kind=type(exc).__name__, exc=exc)) from None
    if form.decimal_comma:
        rows = rows[:1] + [(line, [dutch_number(cell) for cell in row]) for line, row in rows[1:]]
    if not rows:
        raise UsageError(Said("{file}: is empty; the first line names the columns {name}, {residents}, ...",
                              "{file}: is leeg; de eerste regel noemt de kolommen {name}, {residents}, ..."
                              ).format(file=file, name=NAME, residents=RESIDENTS))
    columns = [c.strip() for c in rows[0][1]]
    paths = _header(file, columns, base)
    scenarios = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(columns):
            raise UsageError(AT_LINE.format(file=file, line=line) + Said(
                "has {n} cells, but line 1 names {k} columns", "heeft {n} cellen, maar regel 1 noemt {k} kolommen"
            ).format(n=len(row), k=len(columns)))
        scenarios.append(_municipality(file, line, dict(zip(columns, row)), paths, base))
    if not scenarios:
        raise UsageError(Said("{file}: names no municipalities; give one row per municipality after the header",
                              "{file}: noemt geen gemeenten; geef na de kopregel één regel per gemeente").format(file=file))
    return scenarios


def summary(scenarios: list[Scenario], labels: list[str], per_arm: list[list]) -> pd.DataFrame:
    """One row per municipality: its name, residents and replications, and each headline metric's
    mean over the replications with its 95% interval (empty with one replication)."""
    rows = []
    for s, label, reps in zip(scenarios, labels, per_arm):
        summ = M.derived(pd.concat([r.summary for r in reps], ignore_index=True), s.run.horizon_years)
        row = {NAME: s.municipality.name, "label": label, RESIDENTS: s.municipality.residents,
               "replications": len(reps)}
        for m in METRICS:
            mean, low, high = interval(summ[m].to_numpy(float))
            row.update({m: mean, f"{m}_low": low, f"{m}_high": high})
        rows.append(row)
    return pd.DataFrame(rows)


def municipalities(table: str | Path, base: Scenario, out: str | Path, seed: int | None = None,
                   replications: int | None = None, workers: int = 1, scheduler: str | None = None,
                   progress: bool | str = False) -> pd.DataFrame:
    """Run every municipality of the CSV `table` on `base` and write `out`/municipalities.csv.

    The store of replications (`out`/replications) is written as they finish and kept, so the
    same call after an interruption or a failure computes only what is missing.
    """
    scenarios = read_table(table, base)
    workers = local_workers(workers, scheduler)
    bound_municipalities(str(table), scenarios, seed, replications, workers, scheduler)  # before anything runs
    out = writable(out, keep=(STORE,), protect=[table, *([base.path] if base.path else [])])
    labels = labels_for(scenarios, ["".join(ch if ch.isalnum() else "_" for ch in s.name.lower()) for s in scenarios])
    seed = base.run.seed if seed is None else seed
    n = base.run.replications if replications is None else replications
    with Runner(scenarios, labels, seed, workers=workers, store=out / STORE, progress=progress,
                scheduler=scheduler) as runner:
        runner.run(range(n))
        per_arm = runner.collected(range(n))
    result = summary(scenarios, labels, per_arm)
    with atomic_dir(out, keep=(STORE,)) as tmp:
        result.to_csv(tmp / SUMMARY, index=False)
        manifest(list(zip(labels, scenarios)), seed, folder=tmp, replications=n, municipalities=str(table),
                 base=base.path)
    return result
