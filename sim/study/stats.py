"""Intervals over replications: Student's t without scipy (not a dependency of the package).

Replications are independent (each draws its own residents from (seed, replication)), so a mean
over them, or a mean of paired differences under common random numbers, has a t-interval.

A level that cannot be negative (a deficit, a wait, a count) or leave a scale (a grade from 1
to 10) gets the t-interval cut off at its natural range (`bounded`; the registry,
`sim.study.metrics`, gives each metric's range). The true mean lies inside the range, so the
cut-off part holds no value the mean can have: the interval still covers the mean whenever the
t-interval does (95%), and every interval that stays inside the range is unchanged. This was
chosen over a percentile bootstrap of the mean, which also stays inside the range but covers
far less than 95% with the 3 to 10 replications a comparison often has, and over a t-interval
on the log scale, which cannot take the many replications with a deficit of exactly 0. A paired
difference may be negative and is never cut off.
"""

from __future__ import annotations

import math

import numpy as np

# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
_T975 = (12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
         2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
         2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272)
_Z975 = 1.959964


def t975(df: int) -> float:
    """Student's t 97.5% quantile: exact to 6 digits for df <= 30, Cornish-Fisher beyond (error < 1e-5)."""
    if df < 1:
        return math.nan
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def interval(diffs: np.ndarray, lower: float | None = None, upper: float | None = None) -> tuple[float, float, float]:
    """Mean and 95% t-interval of paired differences, or of a level cut off at its natural range [`lower`, `upper`]
    (see the module docstring); replications without a value are left out."""
    d = np.asarray(diffs, dtype=float)
    d = d[~np.isnan(d)]
    if len(d) == 0:
        return math.nan, math.nan, math.nan
    mean = float(d.mean())
    if len(d) == 1:
        return mean, math.nan, math.nan
    half = t975(len(d) - 1) * float(d.std(ddof=1)) / math.sqrt(len(d))
    low, high = mean - half, mean + half
    if lower is not None:
        low = max(low, lower)
    if upper is not None:
        high = min(high, upper)
    return mean, low, high


def level(values: np.ndarray, metric) -> tuple[float, float, float]:
    """Mean and 95% interval of a metric's level over replications, inside its natural range (`metric` is a
    registry entry, `sim.study.metrics.Metric`, or anything with `lower` and `upper`)."""
    return interval(values, metric.lower, metric.upper)
