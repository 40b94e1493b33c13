"""Every municipality at once: one scenario per row of a CSV, on one shared base, as one set of tasks.

An analyst with the population of each of the 342 municipalities, and whatever rates of service
use they know for some of them, writes them as a CSV:

    municipality,residents,domains.wmo.incidence,domains.jeugd.incidence
    Eindhoven,243730,45.1,
    Son en Breugel,17460,,19.8

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
import re
from pathlib import Path

import pandas as pd
import yaml

from ..errors import UsageError
from ..policy.scale import rescale
from ..policy.scenario import MAX_RESIDENTS, Scenario
from . import metrics as M
from .compare import labels_for
from .replicate import Runner
from .stats import interval
from .store import atomic_dir, manifest, writable
from .sweep import with_values

NAME, RESIDENTS = "municipality", "residents"
STORE = "replications"  # the finished replications, kept across reruns
SUMMARY = "municipalities.csv"
METRICS = M.HEADLINES  # the columns of the summary, from the registry


def _path_problem(data, path: str) -> str | None:
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
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return f"there is no '{part}' {f'under {done!r}' if done else 'at the top of a scenario'}{hint}"
        done = f"{done}.{part}" if done else part
    return None


def _header(file: str, columns: list[str], base: Scenario) -> list[str]:
    """The field paths among the columns, every column checked: the required ones, no doubles, real fields."""
    for col in (NAME, RESIDENTS):
        if col not in columns:
            raise UsageError(f"{file}, line 1: there is no column '{col}'; the first line names the columns: "
                             f"{NAME}, {RESIDENTS} and any scenario fields (e.g. domains.wmo.incidence)")
    data = base.model_dump(mode="json")
    for k, col in enumerate(columns):
        if col in columns[:k]:
            raise UsageError(f"{file}, line 1, column '{col}': appears twice")
        if col not in (NAME, RESIDENTS):
            why = "is empty" if not col else _path_problem(data, col)
            if why is not None:
                raise UsageError(f"{file}, line 1, column '{col}': names no scenario field ({why}); the columns are "
                                 f"{NAME}, {RESIDENTS} and field paths as `ontschot schema --markdown` lists them")
    return [c for c in columns if c not in (NAME, RESIDENTS)]


def _residents(file: str, line: int, text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_RESIDENTS:
        raise UsageError(f"{file}, line {line}, column '{RESIDENTS}': must be a whole number from 1 to "
                         f"{MAX_RESIDENTS:,}, got '{text}'")
    return value


_PREFIX = re.compile(r"^(sweep parameter '[^']*': |the values .*? make an? (invalid|contradictory) scenario: )")


def _municipality(file: str, line: int, cells: dict[str, str], paths: list[str], base: Scenario) -> Scenario:
    """One row as a scenario: the base at the row's size, with the row's own values; UsageError naming the cell."""
    name = cells[NAME].strip()
    if not name:
        raise UsageError(f"{file}, line {line}, column '{NAME}': is empty; give the municipality's name")
    scaled = rescale(base, _residents(file, line, cells[RESIDENTS]))
    values = {}
    for col in paths:
        text = cells[col].strip()
        if text:
            try:
                values[col] = yaml.safe_load(text)
            except yaml.YAMLError:
                raise UsageError(f"{file}, line {line}, column '{col}': cannot read '{text}'") from None
    try:
        s = with_values(scaled, {"name": name, "name_nl": name, "municipality.name": name, **values})
    except UsageError as whole:
        for col, value in values.items():  # which cell: the first that is wrong on its own
            try:
                with_values(scaled, {col: value})
            except UsageError as exc:
                why = re.sub(rf"^field '{re.escape(col)}(\.[^']*)?': ", "", _PREFIX.sub("", str(exc)))  # said already
                raise UsageError(f"{file}, line {line}, column '{col}': {why}") from None
        raise UsageError(f"{file}, line {line}: {_PREFIX.sub('', str(whole))}") from None
    return s


def read_table(file: str | Path, base: Scenario) -> list[Scenario]:
    """Every row of the CSV as a scenario on `base`, all checked before anything runs (UsageError, exit 2)."""
    file = str(file)
    try:
        with open(file, newline="", encoding="utf-8-sig") as fh:  # a spreadsheet's byte-order mark is no column
            reader = csv.reader(fh)
            rows = [(reader.line_num, row) for row in reader]  # the line a row ends on, as an editor counts
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{file}: cannot be read as a CSV file ({type(exc).__name__}: {exc})") from None
    if not rows:
        raise UsageError(f"{file}: is empty; the first line names the columns {NAME}, {RESIDENTS}, ...")
    columns = [c.strip() for c in rows[0][1]]
    paths = _header(file, columns, base)
    scenarios = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(columns):
            raise UsageError(f"{file}, line {line}: has {len(row)} cells, but line 1 names {len(columns)} columns")
        scenarios.append(_municipality(file, line, dict(zip(columns, row)), paths, base))
    if not scenarios:
        raise UsageError(f"{file}: names no municipalities; give one row per municipality after the header")
    return scenarios


def summary(scenarios: list[Scenario], labels: list[str], per_arm: list[list]) -> pd.DataFrame:
    """One row per municipality: its name, residents and replications, and each headline metric's
    mean over the replications with its 95% interval (empty with one replication)."""
    rows = []
    for s, label, reps in zip(scenarios, labels, per_arm):
        summ = pd.concat([r.summary for r in reps], ignore_index=True)
        summ["cost_per_year"] = summ["total_cost"] / s.run.horizon_years
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
