"""A sweep: vary one or two parameters of a scenario and trace the cost-versus-satisfaction trade-off.

Every point of the sweep is the scenario with the parameters set to one combination of values,
and all points meet the same residents with the same luck (common random numbers), so the curve
they draw moves only because the parameter moved. Points are run as the arms of a comparison
(`sim.compare`), so they get the same intervals, workers and resumable store.

    import sim
    s = sim.load_scenario("scenarios/eindhoven_capped.yaml")
    t = sim.sweep(s, {"buttons.0.fire": [0.85, 0.95, 1.05]}, replications=5)
    t.table                  # one row per point: cost per year, grade, deficit... with intervals, and each
                             # paired difference from the first point with its interval
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

import pandas as pd

from .compare import Comparison, compare
from .limits import bound_sweep, local_workers
from .metrics import SWEPT
from ..errors import Said, UsageError
from ..policy.paths import Path, PathInvalid, PathRefused, with_values as set_values
from ..policy.scenario import Scenario

MAX_PARAMETERS = 2
TABLE_METRICS = SWEPT  # the columns of sweep.csv, from the registry (sim.study.metrics)


@dataclass
class Sweep:
    """The points of a sweep, run as the arms of one comparison."""

    parameters: list[str]
    points: list[dict[str, Any]]  # per point: parameter path -> value
    comparison: Comparison

    @property
    def table(self) -> pd.DataFrame:
        """One row per point: its parameter values, each metric's mean with its 95% interval, and then each
        metric's paired difference from the first point with its 95% interval (`{metric}_difference`,
        `_difference_low`, `_difference_high`; 0 for the first point itself).

        The points meet the same residents with the same luck, so the paired difference knows far
        more than two overlapping level intervals: a setting can clearly cost more than the first
        although their intervals of cost per year overlap.
        """
        means = self.comparison.means.set_index(["scenario", "metric"])
        diffs = self.comparison.differences
        diffs = diffs[diffs["group"] == "all"].set_index(["scenario", "metric"])
        rows = []
        for k, (arm, point) in enumerate(zip(self.comparison.arms, self.points)):
            row = {"point": arm.label, **point}
            for m in TABLE_METRICS:
                mean, low, high = means.loc[(arm.label, m), ["mean", "low", "high"]]
                row.update({m: mean, f"{m}_low": low, f"{m}_high": high})
            for m in TABLE_METRICS:
                d, low, high = (0.0, 0.0, 0.0) if k == 0 else diffs.loc[(arm.label, m), ["difference", "low", "high"]]
                row.update({f"{m}_difference": d, f"{m}_difference_low": low, f"{m}_difference_high": high})
            rows.append(row)
        return pd.DataFrame(rows)


class ValuesError(UsageError):
    """Values that name no field or make a scenario a file could not be. `field` and `why` are
    the parts without the sweep's own words, for a caller (municipalities) that names its cell."""

    def __init__(self, prefix: Said, field: str | None, why: Said):
        where = Said("field '{f}': ", "veld '{f}': ").format(f=field) if field is not None else ""
        super().__init__(prefix + where + why)
        self.field, self.why = field, why


def _parameter(path: str) -> Said:
    return Said("sweep parameter '{path}': ", "sweep-parameter '{path}': ").format(path=path)


def with_values(scenario: Scenario, values: dict[str | Path, Any]) -> Scenario:
    """A copy of `scenario` with each parameter path set to its value, validated like a file.

    A path names a field as `ontschot schema --markdown` shows it, with list entries by index
    (`buttons.0.fire` or `buttons[0].fire`: one `sim.policy.paths.Path`). A dated field given one
    value holds it for the whole run. Unlike a world of an explore, a sweep may set any field,
    absolute figures and the council's dates included (the `as_world` difference of the one walker).
    """
    try:
        return set_values(scenario, values, as_world=False)
    except PathRefused as exc:
        raise ValuesError(_parameter(str(exc.path)), None, exc.problem) from None
    except PathInvalid as exc:
        shown = {str(k): v for k, v in values.items()}
        head = (Said("the values {values} make a contradictory scenario: ", "de waarden {values} maken een "
                     "tegenstrijdig scenario: ") if exc.contradictory else
                Said("the values {values} make an invalid scenario: ", "de waarden {values} maken een ongeldig "
                     "scenario: ")).format(values=shown)
        raise ValuesError(head, ".".join(map(str, exc.loc)), exc.problem) from None


def points_of(grid: dict[str, list]) -> list[dict[str, Any]]:
    """Every combination of the values, the first parameter varying slowest."""
    if not 1 <= len(grid) <= MAX_PARAMETERS:
        raise UsageError(Said("a sweep varies one or two parameters, got {n}", "een sweep varieert een of twee "
                              "parameters, niet {n}").format(n=len(grid)))
    for path, values in grid.items():
        if len(values) < 1:
            raise UsageError(Said("sweep parameter '{path}' has no values", "sweep-parameter '{path}' heeft geen waarden"
                                  ).format(path=path))
    points = [dict(zip(grid, combo)) for combo in itertools.product(*grid.values())]
    if len(points) < 2:
        raise UsageError(Said("a sweep needs at least two points: give a parameter two or more values",
                              "een sweep vraagt minstens twee punten: geef een parameter twee of meer waarden"))
    return points


def _name(point: dict[str, Any], lang: str = "en") -> str:
    """A point's values after the last word of each path: 'fire 0.98', 'fire 0,98' in Dutch.

    The sweep's variants are scenarios derived in code, so each gets its own name in both
    languages (else every point would share the file's Dutch name). The report labels a point in
    words (`sim.report.tradeoff.parameter_words`); this is only its name, with the decimal
    comma a Dutch reader writes (the study has no number formatter, and needs no more than this).
    """
    def shown(value: Any) -> str:
        text = str(value)
        return text.replace(".", ",") if lang == "nl" and isinstance(value, float) else text

    return ", ".join(f"{path.split('.')[-1]} {shown(value)}" for path, value in point.items())


def sweep(scenario: Scenario, grid: dict[str, list], seed: int | None = None, replications: int | None = None,
          workers: int = 1, store: str | FilePath | None = None, progress: bool = False,
          scheduler: str | None = None) -> Sweep:
    """Run the scenario at every combination of the grid's values; see the module docstring.
    With `scheduler` ("tcp://HOST:PORT") the points run on that Dask cluster (sim.study.executor)."""
    points = points_of(grid)
    workers = local_workers(workers, scheduler)
    bound_sweep(scenario, len(points), seed, replications, workers, scheduler)  # before a point is built
    variants = [with_values(scenario, p) for p in points]  # every point valid before anything runs
    for v, p in zip(variants, points):
        v.name, v.name_nl = f"{scenario.name} ({_name(p)})", f"{scenario.title('nl')} ({_name(p, 'nl')})"
    labels = [f"point_{k:02d}" for k in range(len(points))]
    c = compare(variants, seed=seed, replications=replications, workers=workers, store=store, labels=labels,
                progress=progress, scheduler=scheduler)
    return Sweep(list(grid), points, c)
