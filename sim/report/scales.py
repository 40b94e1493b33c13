"""Each metric's axis range, derived once per result from its data and used by every picture of it.

Before this module every picture let matplotlib choose its own limits: autoscaling to the data
that one picture drew (the satisfaction curves to their monthly bands, the cost-satisfaction
plane to the replications' means), with as many ticks as the axes' size in inches allowed, and
that size depends on the text around it (a legend of long Dutch names below the picture, the
brief drawn again smaller when its longer Dutch text does not fit the page). So the grade axis
of one comparison read 6.0-9.5 in one picture and 7.0-8.75 in another, and differently in
English and Dutch. Here a metric's range and tick step come from the numbers alone: everything
any picture of the result draws of the metric (every scenario's bands, replications and
intervals, and fixed lines such as the satisfied grade), widened a little, rounded out to a tick step, and
kept inside the metric's natural range from the registry (`sim.study.metrics`: no negative
deficit, no grade above 10). No text, size or language enters it. Reporting only.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from matplotlib.ticker import MaxNLocator, MultipleLocator

from ..model.outcome import SATISFIED_GRADE
from ..study.metrics import MONEY, metric
from ..study.stats import level

PAD = 0.04  # of the data's span, on each side, so no dot sits on the frame
TICKS = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10])  # fixed: never 'auto', which counts the axes' inches


def band_values(table, column) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Per month: the 5th, 50th and 95th percentile of `column` over replications, and how many replications."""
    wide = table.pivot(index="month", columns="replication", values=column).sort_index()
    with warnings.catch_warnings():  # a month in which no case closed has no grade: a gap, not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, mid, hi = (np.nanpercentile(wide.to_numpy(), q, axis=1) for q in (5, 50, 95))
    return lo, mid, hi, wide.shape[1]


@dataclass(frozen=True)
class Scale:
    """One axis: from `low` to `high`, a tick every `step`."""

    low: float
    high: float
    step: float

    def on(self, ax, which: str = "y") -> None:
        """Set this range and tick step on the axes' x or y axis."""
        (ax.set_xlim if which == "x" else ax.set_ylim)(self.low, self.high)
        (ax.xaxis if which == "x" else ax.yaxis).set_major_locator(MultipleLocator(self.step))


def scale(values, lower: float | None = None, upper: float | None = None) -> Scale:
    """The range of `values` widened by PAD, rounded out to a tick step and kept within [lower, upper]."""
    v = np.asarray([x for x in np.ravel(np.asarray(values, dtype=float)) if math.isfinite(x)])
    if len(v) == 0:
        v = np.array([lower if lower is not None else 0.0, upper if upper is not None else 1.0])
    lo, hi = float(v.min()), float(v.max())
    pad = PAD * (hi - lo) if hi > lo else max(abs(hi) * 0.05, 0.5)
    lo, hi = _within(lo - pad, lower, upper), _within(hi + pad, lower, upper)
    ticks = TICKS.tick_values(lo, hi)
    step = _clean(float(ticks[1] - ticks[0]))
    low = _within(_clean(math.floor(round(lo / step, 9)) * step), lower, upper)
    high = _within(_clean(math.ceil(round(hi / step, 9)) * step), lower, upper)
    return Scale(low, high, step)


def _clean(x: float) -> float:
    """Without the binary noise of a product (0.30000000000000004 is 0.3), so an end is a tick and reads as one."""
    return float(f"{x:.10g}")


def _within(x: float, lower: float | None, upper: float | None) -> float:
    if lower is not None:
        x = max(x, lower)
    if upper is not None:
        x = min(x, upper)
    return x


def _levels(arms, column: str, per: float = 1.0) -> list[float]:
    """Every replication's value of `column` and each arm's mean and interval ends, divided by `per`."""
    out: list[float] = []
    for arm in arms:
        if column not in arm.summary:
            continue
        v = arm.summary[column].to_numpy(float)
        out += list(v / per) + [x / per for x in level(v, metric(column))]
    return out


def _bands(arms, column: str, per: float = 1.0, also: str | None = None) -> list[float]:
    """Every arm's monthly 5-95% band of `column` (and the median of `also`) in the total timeseries."""
    out: list[float] = []
    for arm in arms:
        ts = arm.timeseries[arm.timeseries["budget"] == "total"]
        if ts.empty:
            continue
        lo, mid, hi, _ = band_values(ts, column)
        out += list(lo / per) + list(mid / per) + list(hi / per)
        if also is not None:
            out += list(ts.groupby("month")[also].median().to_numpy(float) / per)
    return out


def scales(arms, years: int) -> dict[str, Scale]:
    """Per metric, the axis every picture of this result draws it on (EUR million for money).

    `arms` are a comparison's arms or a run's results: anything with a `summary` and a
    `timeseries`. Keys: `mean_satisfaction` (the grade: monthly bands, replications, means, and
    the satisfied grade's line), `spent` (cumulative spending and budget lines), `cost_per_year` and
    `deficit` (every budget year's mean deficit and interval).
    """
    grade = metric("mean_satisfaction")
    deficits = [x for y in range(1, years + 1) for x in _levels(arms, f"deficit_y{y}", MONEY.per)]
    return {
        "mean_satisfaction": scale(_bands(arms, "mean_satisfaction") + _levels(arms, "mean_satisfaction") + [SATISFIED_GRADE],
                                   grade.lower, grade.upper),
        "spent": scale(_bands(arms, "spent_to_date", MONEY.per, also="allocation_to_date") + [0.0], 0.0),
        "cost_per_year": scale(_levels(arms, "cost_per_year", MONEY.per), 0.0),
        "deficit": scale(deficits + [0.0], 0.0),
    }
