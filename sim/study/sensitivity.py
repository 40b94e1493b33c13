"""Which assumptions drive a result: sensitivity indices per metric, with their intervals.

The indices come from SALib, the well-kept library for them, never from code of our own:

- Sobol (`SALib.analyze.sobol.analyze`) on a Saltelli design: the first-order index S1 is the
  share of a metric's variance across worlds that one assumption explains alone, the total
  index ST the share it has a hand in, with its interactions. Their 95% intervals are SALib's
  bootstrap (100 resamples, seeded). An index near 0 with an interval that holds 0 means the
  assumption does not matter within its range.
- Morris (`SALib.analyze.morris.analyze`): mu* is the mean absolute elementary effect, the
  change in the metric when one assumption moves (two thirds of its range, Morris' step with 4
  levels) per its whole range, in the metric's unit; sigma says how much that change depends on
  the other assumptions; mu* has a bootstrap interval, sigma none.
- A Latin hypercube gives no variance shares, so its worlds are read by Spearman's rank
  correlation between each assumption and each metric, with a Fisher-z interval (standard
  error 1.06/sqrt(n-3), Fieller, Hartley and Pearson 1957): it says which way an assumption
  pushes, and how consistently.

Every result is a tidy table: metric, path, measure (S1, ST, mu_star, sigma, mu, spearman),
value, low, high. A metric that does not vary across worlds, or is missing in one, has no
indices (NaN) rather than a division by zero. Numbers only: the words are the report's.
"""

from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd

from .design import MORRIS_LEVELS, SECOND_ORDER, Design

COLUMNS = ["metric", "path", "measure", "value", "low", "high"]
CONF = 0.95  # the 95% of every other interval Ontschot reports
RESAMPLES = 100  # ASSUMPTION: SALib's default bootstrap resamples for the indices' intervals
MEASURES = {"sobol": ("S1", "ST"), "morris": ("mu_star", "sigma", "mu"), "lhs": ("spearman",)}
RANKED_BY = {"sobol": "ST", "morris": "mu_star", "lhs": "spearman"}  # the measure a chart ranks by


def _usable(y: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(y)) and np.ptp(y) > 0)


def _blank(metric: str, paths: Sequence[str], measures: Sequence[str]) -> list[dict]:
    return [{"metric": metric, "path": p, "measure": m, "value": np.nan, "low": np.nan, "high": np.nan}
            for p in paths for m in measures]


def sobol(design: Design, outputs: pd.DataFrame, seed: int) -> pd.DataFrame:
    """S1 and ST with 95% bootstrap intervals, per column of `outputs` (rows in the design's order)."""
    from SALib.analyze import sobol as analyze

    rows: list[dict] = []
    for metric in outputs.columns:
        y = outputs[metric].to_numpy(dtype=float)
        if not _usable(y):
            rows += _blank(metric, design.paths, MEASURES["sobol"])
            continue
        with warnings.catch_warnings():  # SALib warns of a (harmless) negative variance estimate in small samples
            warnings.simplefilter("ignore", RuntimeWarning)
            si = analyze.analyze(design.problem(), y, calc_second_order=SECOND_ORDER, num_resamples=RESAMPLES,
                                 conf_level=CONF, print_to_console=False, seed=seed)
        for j, path in enumerate(design.paths):
            for m in MEASURES["sobol"]:
                v, half = float(si[m][j]), float(si[f"{m}_conf"][j])
                rows.append({"metric": metric, "path": path, "measure": m, "value": v, "low": v - half,
                             "high": v + half})
    return pd.DataFrame(rows, columns=COLUMNS)


def morris(design: Design, outputs: pd.DataFrame, seed: int) -> pd.DataFrame:
    """mu* (with its 95% bootstrap interval), sigma and mu, per column of `outputs`."""
    from SALib.analyze import morris as analyze

    rows: list[dict] = []
    for metric in outputs.columns:
        y = outputs[metric].to_numpy(dtype=float)
        if not _usable(y):
            rows += _blank(metric, design.paths, MEASURES["morris"])
            continue
        si = analyze.analyze(design.problem(), design.unit, y, num_resamples=RESAMPLES, conf_level=CONF,
                             print_to_console=False, num_levels=MORRIS_LEVELS, seed=seed)
        for j, path in enumerate(design.paths):
            star, half = float(si["mu_star"][j]), float(si["mu_star_conf"][j])
            rows.append({"metric": metric, "path": path, "measure": "mu_star", "value": star, "low": star - half,
                         "high": star + half})
            for m in ("sigma", "mu"):
                rows.append({"metric": metric, "path": path, "measure": m, "value": float(si[m][j]),
                             "low": np.nan, "high": np.nan})
    return pd.DataFrame(rows, columns=COLUMNS)


def rank_correlation(design: Design, outputs: pd.DataFrame) -> pd.DataFrame:
    """Spearman's rank correlation of each path with each column of `outputs`, with a Fisher-z 95% interval."""
    from scipy.stats import norm, spearmanr

    n = design.worlds
    z = norm.ppf(0.5 + CONF / 2)
    rows: list[dict] = []
    for metric in outputs.columns:
        y = outputs[metric].to_numpy(dtype=float)
        if not _usable(y) or n < 4:
            rows += _blank(metric, design.paths, MEASURES["lhs"])
            continue
        for j, path in enumerate(design.paths):
            x = design.unit[:, j]
            rho = float(spearmanr(x, y).statistic) if np.ptp(x) > 0 else np.nan
            half = z * 1.06 / np.sqrt(n - 3)
            centre = np.arctanh(np.clip(rho, -0.999999, 0.999999))
            rows.append({"metric": metric, "path": path, "measure": "spearman", "value": rho,
                         "low": float(np.tanh(centre - half)), "high": float(np.tanh(centre + half))})
    return pd.DataFrame(rows, columns=COLUMNS)


def indices(design: Design, outputs: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The indices the design's method allows, per column of `outputs` (one row per world, design order)."""
    if len(outputs) != design.worlds:
        raise ValueError(f"{len(outputs)} outputs for {design.worlds} worlds")
    outputs = outputs.reset_index(drop=True)
    if design.method == "sobol":
        return sobol(design, outputs, seed)
    if design.method == "morris":
        return morris(design, outputs, seed)
    return rank_correlation(design, outputs)


def ranked(table: pd.DataFrame, metric: str, method: str) -> pd.DataFrame:
    """One metric's rows of the measure a chart ranks by, largest (in size) first; missing ones last."""
    part = table[(table["metric"] == metric) & (table["measure"] == RANKED_BY[method])].copy()
    part["size"] = part["value"].abs()
    return part.sort_values("size", ascending=False, na_position="last", kind="stable").drop(columns="size")


def _unshared(runs: pd.DataFrame) -> float:
    """The variance of one run's luck that the worlds do not share (a world by replication table).

    Under common random numbers replication r meets the same residents in every world, so much
    of its luck moves every world's result alike and drops out of the differences between
    worlds. What is left is the interaction of luck and world: the two-way residual y[w, r] -
    mean_w - mean_r + mean, with (W - 1)(R - 1) degrees of freedom. NaN without two of each.
    """
    runs = runs.dropna()
    w, r = runs.shape
    if w < 2 or r < 2:
        return np.nan
    resid = runs.to_numpy(float) - runs.mean(axis=1).to_numpy()[:, None] - runs.mean(axis=0).to_numpy()[None, :] \
        + float(runs.to_numpy(float).mean())
    return float((resid ** 2).sum() / ((w - 1) * (r - 1)))


def noise(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The simulation's own luck beside the assumptions' effect, per policy and column.

    `within`: the standard deviation between the replications of one world (pooled over the
    worlds: the root of the mean variance), the luck of one run; `across`: the standard
    deviation of the worlds' means. The worlds share their luck (common random numbers), so
    only the part of it they do not share (`unshared`, see `_unshared`) can move one world's
    mean against another's; `share` is unshared^2 / R over across^2, the part of the spread of
    the means that is luck (R replications per world), NaN with one replication. Counting all of
    `within` instead would overstate luck, past 100% when the worlds share most of it.
    """
    rows = []
    for policy, part in table.groupby("policy", sort=False):
        reps = part.groupby("world")["replication"].count()
        r = int(reps.min()) if len(reps) else 0
        for column in columns:
            by_world = part.groupby("world")[column]
            across = float(by_world.mean().std(ddof=1)) if by_world.ngroups > 1 else np.nan
            within = float(np.sqrt(by_world.var(ddof=1).mean())) if r > 1 else np.nan
            unshared = _unshared(part.pivot_table(index="world", columns="replication", values=column)) if r > 1 else np.nan
            share = unshared / r / across ** 2 if r > 1 and across > 0 and not np.isnan(unshared) else np.nan
            rows.append({"policy": policy, "metric": column, "replications": r, "worlds": by_world.ngroups,
                         "within": within, "unshared": float(np.sqrt(unshared)) if not np.isnan(unshared) else np.nan,
                         "across": across, "share": share})
    return pd.DataFrame(rows, columns=["policy", "metric", "replications", "worlds", "within", "unshared", "across",
                                       "share"])
