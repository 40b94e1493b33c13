"""How robust a choice is: in how many plausible worlds one policy beats the first.

Every policy meets every world with the same residents and the same luck, so its difference
from the first policy in a world (the mean over that world's replications of the paired
differences) is the policy's effect in that world. A policy is *better* in a world when that
difference points the way the metric registry calls better by more than the metric's
resolution, the smallest difference worth saying (`Metric.smallest`): a hair's breadth is
neither better nor worse. The share of worlds where it is better has a Wilson 95% interval
(`scipy.stats.binomtest(...).proportion_ci`, well kept and already a dependency), which stays
inside 0 to 1 and is honest with few worlds; the 5, 50 and 95% points of the difference across
worlds say how large the effect is where it is. A metric with no better direction (a fact of
the scenario, such as the number of requests) gets the range but no share.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from . import metrics as M
from .failure import DIFFERENCE

COLUMNS = ["policy", "against", "metric", "worlds", "better", "worse", "share_better", "low", "high",
           "share_worse", "difference_p5", "difference_p50", "difference_p95"]


def per_world(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The mean over replications per world and policy of `columns` (worlds.csv has one row per replication)."""
    return table.groupby(["policy", "world"], sort=False)[list(columns)].mean().reset_index()


def _wilson(k: int, n: int) -> tuple[float, float]:
    from scipy.stats import binomtest

    if n == 0:
        return float("nan"), float("nan")
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


def _row(policy: str, against: str, metric: str, d: np.ndarray, years: int) -> dict:
    d = d[np.isfinite(d)]
    n = len(d)
    m = M.metric(metric)
    row = {"policy": policy, "against": against, "metric": metric, "worlds": n}
    p5, p50, p95 = np.percentile(d, [5, 50, 95]) if n else (np.nan,) * 3
    row |= {"difference_p5": float(p5), "difference_p50": float(p50), "difference_p95": float(p95)}
    if m.higher_is_better is None or n == 0:
        return row | {"better": np.nan, "worse": np.nan, "share_better": np.nan, "low": np.nan, "high": np.nan,
                      "share_worse": np.nan}
    sign = 1.0 if m.higher_is_better else -1.0
    step = m.smallest(years)
    better, worse = int(np.sum(sign * d > step)), int(np.sum(sign * d < -step))
    low, high = _wilson(better, n)
    return row | {"better": better, "worse": worse, "share_better": better / n, "low": low, "high": high,
                  "share_worse": worse / n}


def robustness(table: pd.DataFrame, policies: Sequence[str], metrics: Sequence[str], years: int) -> pd.DataFrame:
    """For each policy after the first and each metric: the worlds where it is better, and its difference's range.

    `table` has one row per world, policy and replication with the columns `difference.METRIC`
    (worlds.csv). The differences are averaged over a world's replications first, so a world
    counts once whatever the number of replications.
    """
    columns = [DIFFERENCE + m for m in metrics]
    worlds = per_world(table, columns)
    rows = []
    for policy in policies[1:]:
        mine = worlds[worlds["policy"] == policy]
        for metric, column in zip(metrics, columns):
            rows.append(_row(policy, policies[0], metric, mine[column].to_numpy(dtype=float), years))
    return pd.DataFrame(rows, columns=COLUMNS)
