"""One axis range per metric across every picture of a result (sim.report.scales), on hand-built
arms: each range holds everything any picture draws of its metric (every replication, each
mean's interval, every month's band, the fixed lines), its ends are ticks, it stays in the
metric's natural range, and it depends on the numbers alone (not on the order of the arms).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sim.report.scales import Scale, scale, scales

YEARS = 2


def _arm(grades, costs, deficits_y1, deficits_y2, monthly_grade, spent_per_month):
    """An arm as a picture reads it: a summary per replication and a total timeseries per month."""
    reps = len(grades)
    summary = pd.DataFrame({"replication": range(reps), "mean_satisfaction": grades, "cost_per_year": costs,
                            "deficit_y1": deficits_y1, "deficit_y2": deficits_y2})
    rows = []
    for r in range(reps):
        for m in range(12 * YEARS):
            rows.append({"replication": r, "month": m, "budget": "total", "mean_satisfaction": monthly_grade[r][m],
                         "spent_to_date": spent_per_month * (m + 1) * (1 + 0.1 * r),
                         "allocation_to_date": 1.0e6 * (m + 1)})
    return SimpleNamespace(summary=summary, timeseries=pd.DataFrame(rows))


@pytest.fixture(scope="module")
def arms():
    rng = np.random.default_rng(3)
    a = _arm([7.2, 7.4, 7.3], [30e6, 31e6, 29.5e6], [0.0, 0.0, 0.0], [1e6, 2e6, 0.5e6],
             rng.uniform(7.0, 8.2, (3, 24)), 1.1e6)
    b = _arm([6.1, 6.4, 6.2], [26e6, 26.5e6, 27e6], [0.0, 0.2e6, 0.0], [0.0, 0.0, 0.0],
             rng.uniform(5.5, 7.1, (3, 24)), 0.9e6)
    return [a, b]


def _is_tick(x: float, s: Scale) -> bool:
    return math.isclose(x / s.step, round(x / s.step), abs_tol=1e-9)


def test_a_scale_holds_its_values_ends_on_ticks_and_stays_in_its_bounds():
    s = scale([3.2, 4.9, float("nan"), 7.7])
    assert s.low <= 3.2 and s.high >= 7.7 and s.low < 3.2  # padded: no dot on the frame
    assert _is_tick(s.low, s) and _is_tick(s.high, s) and (s.high - s.low) / s.step <= 8
    bounded = scale([9.2, 9.95], 1.0, 10.0)
    assert bounded.high == 10.0 and bounded.low <= 9.2
    assert scale([0.0, 0.02], 0.0).low == 0.0
    assert scale([]) == scale([float("nan")]) and scale([]).low <= 0.0 <= 1.0 <= scale([]).high
    flat = scale([5.0, 5.0])
    assert flat.low < 5.0 < flat.high


def test_each_metric_has_one_range_holding_everything_any_picture_draws_of_it(arms):
    axes = scales(arms, YEARS)
    assert set(axes) == {"mean_satisfaction", "spent", "cost_per_year", "deficit"}
    grade = axes["mean_satisfaction"]
    for arm in arms:
        ts = arm.timeseries
        assert grade.low <= ts["mean_satisfaction"].min() and ts["mean_satisfaction"].max() <= grade.high
        assert grade.low <= arm.summary["mean_satisfaction"].min()
        millions = arm.summary["cost_per_year"] / 1e6
        assert axes["cost_per_year"].low <= millions.min() and millions.max() <= axes["cost_per_year"].high
        assert ts["spent_to_date"].max() / 1e6 <= axes["spent"].high
        assert ts["allocation_to_date"].max() / 1e6 <= axes["spent"].high
        for y in (1, 2):
            assert arm.summary[f"deficit_y{y}"].max() / 1e6 <= axes["deficit"].high
    assert grade.low <= 7.0 <= grade.high  # the grade-7 line is always drawn
    assert axes["spent"].low == 0.0 and axes["deficit"].low == 0.0 and axes["cost_per_year"].low >= 0.0
    assert grade.high <= 10.0 and grade.low >= 1.0  # a report-card grade
    for s in axes.values():
        assert _is_tick(s.low, s) and _is_tick(s.high, s)


def test_a_mean_interval_beyond_every_replication_widens_the_range():
    """Three replications far apart give a wide t interval: its ends are drawn, so they are in range."""
    grades = [6.0, 8.0, 9.0]
    arm = _arm(grades, [1e6] * 3, [0.0] * 3, [0.0] * 3, [[7.5] * 24] * 3, 1e5)
    axis = scales([arm], YEARS)["mean_satisfaction"]
    v = np.array(grades)
    half = 4.302652729911275 * v.std(ddof=1) / math.sqrt(3)  # Student's t, 2 degrees of freedom, 97.5%
    assert axis.low <= max(1.0, v.mean() - half)
    assert axis.high == 10.0 and v.mean() + half > 10.0  # cut off at the metric's natural range


def test_the_ranges_depend_on_the_numbers_not_on_the_order_of_the_arms(arms):
    assert scales(arms, YEARS) == scales(list(reversed(arms)), YEARS)
