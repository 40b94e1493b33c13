"""Robustness: the share of worlds where a policy is better, by the registry's direction and resolution."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest

from sim.study.robustness import robustness


def _table(deficit_diff: list[float], grade_diff: list[float]) -> pd.DataFrame:
    rows = []
    for w, (d, g) in enumerate(zip(deficit_diff, grade_diff)):
        for rep, wobble in ((0, -1.0), (1, 1.0)):  # two replications around the world's mean
            rows.append({"world": w, "policy": "A", "replication": rep, "difference.deficit": 0.0,
                         "difference.mean_satisfaction": 0.0, "difference.n_cases": 0.0})
            rows.append({"world": w, "policy": "B", "replication": rep, "difference.deficit": d + wobble * 1e5,
                         "difference.mean_satisfaction": g + wobble * 0.01, "difference.n_cases": 3.0})
    return pd.DataFrame(rows)


def test_better_follows_the_metrics_direction_beyond_its_resolution_with_a_wilson_interval():
    deficit = [-2e6, -1e6, -5e5, 3e6, 0.0]  # less deficit is better; 0 is neither
    grade = [0.5, 0.3, -0.2, 0.05, 0.2]  # a higher grade is better; 0.05 is below a tenth of a point
    r = robustness(_table(deficit, grade), ["A", "B"], ["deficit", "mean_satisfaction", "n_cases"], years=4)
    r = r.set_index("metric")
    assert r.at["deficit", "worlds"] == 5 and r.at["deficit", "better"] == 3 and r.at["deficit", "worse"] == 1
    ci = binomtest(3, 5).proportion_ci(method="wilson")
    assert r.at["deficit", "share_better"] == 0.6
    assert (r.at["deficit", "low"], r.at["deficit", "high"]) == pytest.approx((ci.low, ci.high))
    assert r.at["mean_satisfaction", "better"] == 3 and r.at["mean_satisfaction", "worse"] == 1
    assert r.at["deficit", "difference_p50"] == pytest.approx(-5e5)
    assert r.at["deficit", "difference_p5"] == pytest.approx(np.percentile(deficit, 5))
    assert np.isnan(r.at["n_cases", "share_better"]) and r.at["n_cases", "difference_p95"] == 3.0
    assert set(r["policy"]) == {"B"} and set(r["against"]) == {"A"}
