"""Comparing scenarios with honest uncertainty: paired differences over common random numbers.

Every scenario (an arm) meets the same residents with the same luck: replication r of each arm
is drawn from (seed, r). The difference between an arm and the first, replication by
replication, is then the policy's effect alone, and its mean over replications has a 95%
t-interval (`sim.stats`). Nothing here draws a picture; `sim.figures` and the reports do.

    from sim.study.compare import compare
    c = compare([radical, capped], replications=10, workers=2)
    c.differences          # one row per (arm, metric) against the first arm
"""

from __future__ import annotations

import datetime as _dt
import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Said, UsageError
from . import metrics as M
from .groups import GROUP_METRICS, GROUPS
from .replicate import Memo, Runner, gathered
from .limits import bound_compare, local_workers
from .results import Result
from .store import manifest as _manifest
from ..policy.scenario import Scenario
from .stats import interval, level

# The metrics a council asks about: (column, unit), from the registry. Deficits per budget year are added per run.
METRICS = [(name, M.REGISTRY[name].unit) for name in M.COMPARED]
# The precision rule watches these: each arm's mean must be known to within P percent.
HEADLINE = M.PRECISION
MIN_REPLICATIONS = 5  # the precision rule's first round: fewer gives no useful spread
DEFAULT_MAX_REPLICATIONS = 100


@dataclass
class Arm:
    """One scenario of a comparison, over all its replications."""

    label: str  # unique short name (the file's stem), used for folders and legends
    scenario: Scenario
    summary: pd.DataFrame  # one row per replication, with cost_per_year added
    timeseries: pd.DataFrame
    events: pd.DataFrame
    waits: pd.DataFrame  # replication, wait_days: every episode that started help
    # replication, group, and the figures per resident (sim.study.groups); empty when not counted
    groups: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["replication", "group", *GROUP_METRICS]))
    # 2, 3, ... when an earlier arm of the comparison has the same name in English or in Dutch (`number_same_names`)
    number: int = 0

    @property
    def name(self) -> str:
        """The arm's English name, numbered as its title is."""
        return self.title("en")

    def title(self, lang: str = "en") -> str:
        """The scenario's name in the reader's language (`name_nl` in Dutch, when the file gives one), with its
        number when another arm of the comparison has the same name: 'Eindhoven met een plafond (2)'."""
        return self.scenario.title(lang) + (f" ({self.number})" if self.number else "")


@dataclass
class Comparison:
    """The arms, how many replications ran and why, and the paired differences."""

    arms: list[Arm]
    seed: int
    replications: int
    # Why this many replications: "asked", "precision" (the rule was met) or "maximum" (it was not, in time).
    # The study records the reason; the report words it (sim.report.labels.stopping).
    stop_reason: str = "asked"
    precision: float | None = None  # percent, when the precision rule chose the number
    reused: int = 0  # replications read back from a store instead of simulated
    widest: float | None = None  # the widest headline half-width as a share of its mean, when last checked
    created: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))

    @property
    def years(self) -> int:
        return self.arms[0].scenario.run.horizon_years

    def metrics(self) -> list[tuple[str, str]]:
        """(column, unit) of every compared metric, a per-year one (the deficit) followed by one per budget year."""
        return [(column, m.unit) for column, m in M.expanded(M.COMPARED, self.years)]

    @property
    def differences(self) -> pd.DataFrame:
        """Per arm after the first, group and metric: both means, the mean paired difference and its 95% interval.

        Group `all` holds the summary's metrics over every episode; `single` and `multi` (and
        `all` again) the figures per resident of sim.study.groups, so the few residents with
        several problems, who the policy is about, are not averaged away.
        """
        base = self.arms[0]
        rows = []
        for arm in self.arms[1:]:
            for metric, unit in self.metrics():
                rows.append(self._paired(arm, "all", metric, unit, arm.summary[metric], base.summary[metric]))
            for group in GROUPS if len(arm.groups) and len(base.groups) else ():
                mine, theirs = (a.groups[a.groups["group"] == group].sort_values("replication") for a in (arm, base))
                for metric in M.of_residents():
                    rows.append(self._paired(arm, group, metric, M.metric(metric).unit, mine[metric], theirs[metric]))
        return pd.DataFrame(rows)

    def _paired(self, arm: Arm, group: str, metric: str, unit: str, a: pd.Series, b: pd.Series) -> dict:
        """One row of the differences: replication by replication, so the luck they share cancels.

        `replications` counts those the interval rests on: the ones with a value in both arms. A group
        can have no value in a replication (no resident with several problems had help graded in it),
        and an interval over one value is none, however many replications ran.
        """
        a, b = a.to_numpy(float), b.to_numpy(float)
        mean, low, high = interval(a - b)
        return {"scenario": arm.label, "against": self.arms[0].label, "group": group, "metric": metric, "unit": unit,
                "mean": _mean(a), "against_mean": _mean(b), "difference": mean, "low": low, "high": high,
                "replications": int(np.count_nonzero(~np.isnan(a - b)))}

    @property
    def means(self) -> pd.DataFrame:
        """Per arm and metric: the mean over replications and its 95% interval, inside the metric's natural range
        (no deficit or wait below zero: `sim.study.stats`)."""
        rows = []
        for arm in self.arms:
            for metric, unit in self.metrics():
                mean, low, high = level(arm.summary[metric].to_numpy(float), M.metric(metric))
                rows.append({"scenario": arm.label, "metric": metric, "unit": unit,
                             "mean": mean, "low": low, "high": high})
        return pd.DataFrame(rows)

    def summary(self) -> pd.DataFrame:
        """Every arm's summary rows, with a `scenario` column first."""
        return pd.concat([a.summary.assign(scenario=a.label)[["scenario", *a.summary.columns]] for a in self.arms],
                         ignore_index=True)

    def manifest(self, folder: str | Path | None = None, **extra) -> dict:
        """Provenance: every arm's scenario, the seed, how many replications and why (written to `folder`
        when given); `extra` adds what a caller needs, e.g. a sweep's parameters and points."""
        return _manifest([(a.label, a.scenario) for a in self.arms], self.seed, created=self.created,
                         folder=folder, replications=self.replications, stopping=self.stop_reason, widest=self.widest,
                         precision_percent=self.precision, **extra)


def _mean(values: np.ndarray) -> float:
    """The mean of the values there are; NaN, without a warning, when there are none (a group with no one in it)."""
    known = values[~np.isnan(values)]
    return float(known.mean()) if len(known) else float("nan")


def acceptability(c: Comparison, per_point: np.ndarray | None = None) -> pd.DataFrame:
    """The probability that each arm is best, for a range of euros a council would pay per point.

    A council that values one point of the mean grade at `lam` euros a year prefers the arm with
    the highest lam * mean_satisfaction - cost_per_year. Replication by replication (common
    random numbers) one arm wins; the share of replications it wins is its probability of being
    best. Without `per_point`, the range runs from 0 to twice the largest cost per point between
    any two arms, so every crossing shows.
    """
    cost = np.array([a.summary["cost_per_year"].to_numpy(float) for a in c.arms])
    sat = np.array([a.summary["mean_satisfaction"].to_numpy(float) for a in c.arms])
    if per_point is None:
        dc = np.abs(cost.mean(axis=1)[:, None] - cost.mean(axis=1)[None, :])
        ds = np.abs(sat.mean(axis=1)[:, None] - sat.mean(axis=1)[None, :])
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ds > 1e-9, dc / ds, 0.0)
        top = 2 * float(np.nanmax(ratio)) if np.nanmax(ratio) > 0 else 1e7
        per_point = np.linspace(0.0, top, 61)
    rows = []
    for lam in per_point:
        net = lam * np.nan_to_num(sat, nan=-np.inf) - cost
        best = np.argmax(net, axis=0)
        for k, arm in enumerate(c.arms):
            rows.append({"euros_per_point": float(lam), "scenario": arm.label, "probability": float(np.mean(best == k))})
    return pd.DataFrame(rows)


def _half_widths(arms_summary: list[pd.DataFrame]) -> float:
    """The largest headline interval half-width, as a share of its mean (nan if not yet known)."""
    worst = 0.0
    for summ in arms_summary:
        for m in HEADLINE:
            mean, low, high = interval(summ[m].to_numpy(float))
            if math.isnan(low) or mean == 0:
                return math.nan
            worst = max(worst, (high - low) / 2 / abs(mean))
    return worst


def _summary(scenario: Scenario, reps: list) -> pd.DataFrame:
    """The replications' summary rows, with the metrics the study derives (cost per year)."""
    return M.derived(pd.concat([r.summary for r in reps], ignore_index=True), scenario.run.horizon_years)


def _arm(label: str, scenario: Scenario, reps: list) -> Arm:
    summary = _summary(scenario, reps)
    waits = pd.DataFrame({"replication": np.concatenate([np.full(len(r.waits), r.replication) for r in reps]),
                          "wait_days": np.concatenate([r.waits for r in reps])})
    return Arm(label, scenario, summary,
               pd.concat([r.timeseries for r in reps], ignore_index=True),
               pd.concat([r.events for r in reps], ignore_index=True), waits,
               pd.concat([r.groups for r in reps], ignore_index=True))


def labels_for(scenarios: list[Scenario], labels: list[str] | None = None) -> list[str]:
    """Unique short names: the given ones, else each file's stem (else a slug of its name).

    The same file twice is a fair request (an A/A check: a scenario against itself must differ
    by exactly zero), as are two files of the same name in different folders: the second and
    later ones get `_2`, `_3`... so no two scenarios' results overwrite each other.
    """
    if labels is None:
        labels = [Path(s.path).stem if s.path else "".join(ch if ch.isalnum() else "_" for ch in s.name.lower())
                  for s in scenarios]
    unique: list[str] = []
    for name in labels:
        candidate, k = name, 1
        while candidate in unique or (candidate != name and candidate in labels):  # never another's own name
            k += 1
            candidate = f"{name}_{k}"
        unique.append(candidate)
    return unique


def number_same_names(arms: list[Arm], langs: tuple[str, ...] = ("en", "nl")) -> list[Arm]:
    """The arms (changed in place), numbered where an earlier arm has the same name in any language.

    The rule of `labels_for`, for the names a reader sees: the first keeps its name, and an arm whose
    name in English or in Dutch an earlier arm already has is numbered 2, 3, ... in every language,
    so that a reader who switches language sees the same arms under the same numbers, and never two
    arms under one name (`compare A A`; a variant derived in code that kept its base's Dutch name).
    A number is skipped when it would give another arm's own name.
    """
    own = {lang: [a.scenario.title(lang) for a in arms] for lang in langs}
    taken: dict[str, set[str]] = {lang: set() for lang in langs}
    for k, arm in enumerate(arms):
        arm.number = 0
        if any(own[lang][k] in taken[lang] for lang in langs):
            arm.number = 2
            while any(f"{own[lang][k]} ({arm.number})" in taken[lang] | set(own[lang]) for lang in langs):
                arm.number += 1
        for lang in langs:
            taken[lang].add(arm.title(lang))
    return arms


def compare(scenarios: list[Scenario], seed: int | None = None, replications: int | None = None,
            precision: float | None = None, max_replications: int = DEFAULT_MAX_REPLICATIONS,
            workers: int = 1, store: str | Path | None = None, labels: list[str] | None = None,
            progress: bool = False, memo: Memo | None = None, scheduler: str | None = None) -> Comparison:
    """Run every scenario on the same residents and pair them replication by replication.

    Give `replications`, or `precision` (percent): then replications are added in rounds until
    each arm's headline intervals (total cost and mean grade) have a half-width under that
    percentage of their mean, or `max_replications` is reached. The rounds depend only on the
    results, never on `workers`, so the outcome is the same with any number of workers.
    With `store`, every replication is kept on disk and a rerun reuses what matches; with `memo`
    (a dict the caller keeps), in memory as well, so the next comparison of a scenario seen
    before (a workshop slider moved back, a library file whose base is the last file's policy)
    takes its replications from there. This is the one way scenarios are compared: the command
    line's `run` and `compare`, the scenario library and the workshop all come here. With
    `scheduler` ("tcp://HOST:PORT") the replications run on that Dask cluster instead of in
    `workers` local processes (sim.study.executor), with the same numbers.
    """
    if len(scenarios) < 2:
        raise UsageError(Said("a comparison needs at least two scenarios", "een vergelijking vraagt minstens twee scenario's"))
    if replications is not None and precision is not None:
        raise UsageError(Said("give either a number of replications or a precision, not both",
                              "geef een aantal herhalingen of een precisie, niet allebei"))
    if replications is not None and replications < 1:
        raise UsageError(Said("replications must be at least 1, got {n}",
                              "het aantal herhalingen moet minstens 1 zijn, niet {n}").format(n=replications))
    if precision is not None and not precision > 0:
        raise UsageError(Said("precision must be a percentage above 0, got {p}",
                              "de precisie moet een percentage boven 0 zijn, niet {p}").format(p=precision))
    if max_replications < MIN_REPLICATIONS:
        raise UsageError(Said("the maximum number of replications must be at least {n}",
                              "het hoogste aantal herhalingen moet minstens {n} zijn").format(n=MIN_REPLICATIONS))
    years = {s.run.horizon_years for s in scenarios}
    if len(years) > 1:
        raise UsageError(Said("the scenarios run over different horizons ({years} years); a paired comparison needs the "
                              "same run.horizon_years", "de scenario's lopen over verschillende looptijden ({years} jaar); "
                              "een gepaarde vergelijking vraagt dezelfde run.horizon_years").format(years=sorted(years)))
    workers = local_workers(workers, scheduler)  # no more local processes than cores
    bound_compare(scenarios, seed, replications, precision, max_replications, workers, scheduler)
    labels = labels_for(scenarios, labels)
    seed = scenarios[0].run.seed if seed is None else seed
    with Runner(scenarios, labels, seed, workers=workers, store=store, progress=progress, memo=memo,
                scheduler=scheduler) as runner:
        widest = None
        if precision is None:
            n = scenarios[0].run.replications if replications is None else replications
            runner.run(range(n))
            reason = "asked"
        else:
            n = min(MIN_REPLICATIONS, max_replications)
            while True:
                runner.run(range(n))
                widest = _half_widths([_summary(s, reps) for s, reps in zip(scenarios, runner.collected(range(n)))])
                target = precision / 100
                if not math.isnan(widest) and widest <= target:
                    reason = "precision"
                    break
                if n >= max_replications:
                    reason = "maximum"
                    break
                # Intervals narrow as 1/sqrt(n): aim for the n that should do, 10% over, at least one more.
                want = n + 1 if math.isnan(widest) else math.ceil(1.1 * n * (widest / target) ** 2)
                n = min(max_replications, max(n + 1, want))
        per_arm = runner.collected(range(n))
        reused = sum(r.reused for reps in per_arm for r in reps)
    arms = number_same_names([_arm(lab, s, reps) for lab, s, reps in zip(labels, scenarios, per_arm)])
    return Comparison(arms, seed, n, reason, precision, reused, widest=widest)


def compare_whole(scenarios: list[Scenario], labels: list[str], seed: int | None = None,
                  replications: int | None = None, progress: bool = False,
                  scheduler: str | None = None) -> tuple[Comparison, list[Result]]:
    """`compare`, and every arm read back with all its tables (cases and ledger too) as a Result.

    For `ontschot run A B`, which writes each scenario's own result folder beside the overlaid
    comparison: its numbers come from the comparison's replications, kept in a store in a
    temporary folder while they are read back, and removed afterwards, so nothing runs twice.
    """
    bound_compare(scenarios, seed, replications, scheduler=scheduler, full=True)  # every arm's whole tables are read back
    with tempfile.TemporaryDirectory(prefix="ontschot-") as scratch:
        store = Path(scratch) / "replications"
        c = compare(scenarios, seed=seed, replications=replications, store=store, labels=labels, progress=progress,
                    scheduler=scheduler)
        results = [gathered(store, a.label, a.scenario, c.seed, c.replications) for a in c.arms]
    return c, results
