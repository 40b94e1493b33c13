"""Drawing worlds: each method's arrangement in the unit cube, reproducible, and mapped to values."""

from __future__ import annotations

import numpy as np
import pytest

from sim.study.design import DesignError, draw, values, worlds_for

PATHS = ("population.latent_share", "access.miss_probability", "outcome.escalation_share")


class Uniform:
    """A stand-in for an uncertain range: uniform between low and high."""

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def ppf(self, u: float) -> float:
        return self.low + u * (self.high - self.low)


class Discrete:
    def __init__(self, *options):
        self.options = options

    def ppf(self, u: float):
        return self.options[int(u * len(self.options))]


@pytest.mark.parametrize("method, n", [("lhs", 10), ("sobol", 8), ("morris", 5)])
def test_each_method_gives_its_number_of_worlds_in_the_unit_cube_and_the_same_again_from_the_seed(method, n):
    d = draw(method, PATHS, n, seed=3)
    assert d.unit.shape == (worlds_for(method, n, len(PATHS)), len(PATHS))
    assert d.unit.min() >= 0 and d.unit.max() < 1
    assert np.array_equal(d.unit, draw(method, PATHS, n, seed=3).unit)
    assert not np.array_equal(d.unit, draw(method, PATHS, n, seed=4).unit)


def test_sobol_uses_saltelli_first_order_rows_and_lhs_fills_every_stratum():
    assert draw("sobol", PATHS, 16, seed=1).worlds == 16 * (len(PATHS) + 2)
    lhs = draw("lhs", PATHS, 20, seed=1).unit
    for j in range(len(PATHS)):  # a Latin hypercube: one point in each twentieth of each path's range
        assert sorted(np.floor(lhs[:, j] * 20).astype(int)) == list(range(20))


@pytest.mark.parametrize("n", [10, 100, 0])
def test_a_sobol_size_that_is_not_a_power_of_two_is_refused_with_one_line_naming_the_nearest(n):
    with pytest.raises(DesignError) as err:
        draw("sobol", PATHS, n, seed=1)
    line = str(err.value)
    assert "\n" not in line and "--samples" in line
    if n == 10:
        assert "8 or 16" in line and "power of two" in line


def test_an_unknown_method_and_no_uncertain_paths_are_refused():
    with pytest.raises(DesignError, match="lhs, sobol, morris"):
        draw("grid", PATHS, 8, seed=1)
    with pytest.raises(DesignError, match="uncertain"):
        draw("lhs", (), 8, seed=1)


def test_unit_values_become_world_values_through_each_paths_quantiles_discrete_ones_too():
    d = draw("morris", PATHS, 4, seed=2)  # Morris' levels include the top of the range
    ranges = {PATHS[0]: Uniform(0.1, 0.3), PATHS[1]: Uniform(0.0, 0.5), PATHS[2]: Discrete(0.1, 0.2, 0.4)}
    w = values(d, ranges)
    assert list(w.columns) == ["world", *PATHS] and list(w["world"]) == list(range(d.worlds))
    assert np.allclose(w[PATHS[0]], 0.1 + d.unit[:, 0] * 0.2)
    assert set(w[PATHS[2]]) <= {0.1, 0.2, 0.4} and 0.4 in set(w[PATHS[2]])  # the top level is the last value
    with pytest.raises(DesignError, match="outcome.escalation_share"):
        values(d, {PATHS[0]: Uniform(0, 1), PATHS[1]: Uniform(0, 1)})
