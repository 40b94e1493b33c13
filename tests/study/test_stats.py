"""The t-interval used for every comparison: checked against published quantiles of Student's t."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.study import stats as S


def test_t_interval() -> None:
    assert S.t975(1) == pytest.approx(12.7062, abs=1e-4)
    assert S.t975(30) == pytest.approx(2.0423, abs=1e-4)
    assert S.t975(31) == pytest.approx(2.0395, abs=1e-4)    # Cornish-Fisher beyond the table
    assert S.t975(60) == pytest.approx(2.0003, abs=1e-4)
    assert S.t975(1000) == pytest.approx(1.9623, abs=1e-4)
    mean, low, high = S.interval(np.array([1.0, 2.0, 3.0, np.nan]))
    assert mean == 2.0 and high - mean == pytest.approx(4.302653 / math.sqrt(3))
    assert mean - low == pytest.approx(high - mean)
    assert math.isnan(S.interval(np.array([1.0]))[1])


def test_a_bounded_level_is_cut_off_at_its_range_and_nothing_else_moves() -> None:
    deficits = np.array([0.0, 0.0, 3.0])  # mostly none, one large: the t-interval reaches below zero
    mean, low, high = S.interval(deficits)
    assert low < 0
    m2, low2, high2 = S.interval(deficits, lower=0.0)
    assert (m2, low2, high2) == (mean, 0.0, high)  # cut at zero, the upper end unchanged
    grades = np.array([9.9, 9.95, 6.0])
    assert S.interval(grades, 1.0, 10.0)[2] == 10.0 and S.interval(grades)[2] > 10.0
    inside = np.array([5.0, 6.0, 7.0])
    assert S.interval(inside, 0.0) == S.interval(inside)  # an interval inside the range is left as it is
    assert S.interval(np.zeros(3), 0.0) == (0.0, 0.0, 0.0)


def test_level_uses_the_registry_range() -> None:
    from sim.study.metrics import REGISTRY

    assert S.level(np.array([0.0, 0.0, 1e6]), REGISTRY["deficit"])[1] == 0.0
    assert S.level(np.array([-1.0, 1.0, 0.0]), REGISTRY["deficit"])[1] == 0.0
