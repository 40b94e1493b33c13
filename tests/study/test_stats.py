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
