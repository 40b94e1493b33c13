"""Exploring the assumptions: every policy in every world, and the three answers drawn from them.

`Exploration` holds what an exploration found, as numbers: the worlds table (one row per world,
policy and replication: the world's values, the run's summary metrics and the paired
differences against the first policy), the sensitivity indices, the simulation's noise beside
them, the PRIM boxes of a failure and the robustness of each policy against the first. The
report room words and draws it (`sim.report.explore_report`); running the worlds is
`sim.study.explore_run`.

Every policy in every world meets the same residents with the same luck: replication r draws
from (seed, r) alone, and the world's part of a run's key deliberately does not enter the random
streams. So the paired difference of a policy against the first in one world is the policy's
effect there, and the spread across worlds is as far as possible the assumptions' doing, not
other luck: a world's effect is not drowned in the simulation's noise. What noise is left (the
spread between a world's replications, beside the spread between worlds) is measured
(`noise`) and reported beside the indices, so a reader can see when it is too large to read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import metrics as M
from . import sensitivity as S
from .discovery import discover
from .failure import DIFFERENCE
from .robustness import robustness

if TYPE_CHECKING:
    from ..policy.scenario import Scenario
    from .design import Design
    from .discovery import Discovery
    from .failure import Failure

# The metrics an exploration analyses: the registry's set (sim.study.metrics), beside every other set of metrics.
EXPLORED = M.EXPLORED


@dataclass
class Exploration:
    """What an exploration found: the worlds, the indices, the failure's boxes and the robustness."""

    policies: list[tuple[str, "Scenario"]]  # (label, scenario), the first the one the others are compared with
    method: str  # lhs, sobol or morris
    samples: int  # N as asked
    seed: int
    replications: int
    paths: tuple[str, ...]
    ranges: dict[str, Any]  # path -> its uncertain range (bounds, kind, why)
    table: pd.DataFrame  # worlds.csv
    sensitivity: pd.DataFrame  # policy, metric, path, measure, value, low, high
    noise: pd.DataFrame  # policy, metric, replications, worlds, within, across, share
    robustness: pd.DataFrame  # sim.study.robustness.COLUMNS
    metrics: tuple[str, ...] = EXPLORED
    failure: "Failure | None" = None
    discoveries: dict[str, "Discovery"] = field(default_factory=dict)  # per policy label
    created: str = ""
    groups: pd.DataFrame | None = None  # world, policy, replication, group, the figures per resident
    timeseries: pd.DataFrame | None = None  # world, policy, replication, then the monthly series
    reused: int = 0  # runs read back from the store rather than computed

    @property
    def worlds(self) -> int:
        return int(self.table["world"].nunique()) if len(self.table) else 0

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.policies]

    @property
    def years(self) -> int:
        return int(self.policies[0][1].run.horizon_years)

    @property
    def residents(self) -> int:
        return int(self.policies[0][1].municipality.residents)

    def title(self, label: str, lang: str = "en") -> str:
        return dict(self.policies)[label].title(lang)


def with_differences(table: pd.DataFrame, policies: list[str], metrics: tuple[str, ...]) -> pd.DataFrame:
    """`table` with a column `difference.METRIC` per metric: each run minus the first policy's run in the
    same world and replication (the same residents and luck), so the first policy's are 0."""
    first = table[table["policy"] == policies[0]].set_index(["world", "replication"])[list(metrics)]
    keyed = table.set_index(["world", "replication"])
    base = first.reindex(keyed.index)
    out = table.copy()
    for m in metrics:
        out[DIFFERENCE + m] = keyed[m].to_numpy(dtype=float) - base[m].to_numpy(dtype=float)
    return out


def analyse(policies: list[tuple[str, "Scenario"]], design: "Design", ranges: dict[str, Any], table: pd.DataFrame,
            replications: int, failure: "Failure | None" = None, metrics: tuple[str, ...] = EXPLORED,
            created: str = "") -> Exploration:
    """The three answers from a finished worlds table (one row per world, policy and replication).

    Sensitivity is computed on each world's mean over its replications, in the design's world
    order: for the first policy on its metrics, for each later one on its paired differences
    (what drives the policy's effect). Discovery runs on the worlds' own values and their means;
    a failure may name columns beyond `metrics` (a per-year deficit, its paired difference).
    """
    labels = [label for label, _ in policies]
    named = [c.metric for c in failure.clauses] if failure is not None else []
    table = with_differences(table, labels, tuple(dict.fromkeys([*metrics, *named])))
    diffs = tuple(DIFFERENCE + m for m in metrics)
    asked = list(dict.fromkeys([*metrics, *diffs, *(failure.columns if failure is not None else [])]))
    means = table.groupby(["policy", "world"], sort=False)[asked].mean()
    frames, noises = [], []
    for k, label in enumerate(labels):
        columns = list(metrics if k == 0 else diffs)
        mine = means.loc[label].reindex(range(design.worlds))[columns]
        frames.append(S.indices(design, mine, design.seed).assign(policy=label))
        noises.append(S.noise(table[table["policy"] == label], columns))
    sensitivity = pd.concat(frames, ignore_index=True)[["policy", *S.COLUMNS]]
    discoveries = {}
    if failure is not None:
        worlds = table.groupby("world")[list(design.paths)].first().reindex(range(design.worlds))
        for k, label in enumerate(labels):
            if failure.on_difference and k == 0:
                continue
            mine = means.loc[label].reindex(range(design.worlds))
            discoveries[label] = discover(worlds, failure.holds(mine))
    return Exploration(policies=policies, method=design.method, samples=design.samples, seed=design.seed,
                       replications=replications, paths=design.paths, ranges=ranges, table=table,
                       sensitivity=sensitivity, noise=pd.concat(noises, ignore_index=True),
                       robustness=robustness(table, labels, list(metrics), int(policies[0][1].run.horizon_years)),
                       metrics=metrics, failure=failure, discoveries=discoveries, created=created)
