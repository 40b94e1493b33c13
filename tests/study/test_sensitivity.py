"""Sensitivity indices: SALib's Sobol and Morris, checked on the Ishigami function's known values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from SALib.test_functions import Ishigami

from sim.study.design import draw
from sim.study.sensitivity import COLUMNS, indices, ranked

PATHS = ("x1", "x2", "x3")
S1 = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}  # Ishigami (a=7, b=0.1): Saltelli et al. 2008, analytic
ST = {"x1": 0.5576, "x2": 0.4424, "x3": 0.2437}


def _ishigami(unit: np.ndarray) -> np.ndarray:
    return Ishigami.evaluate(-np.pi + 2 * np.pi * unit)  # the unit cube onto [-pi, pi]^3


def test_sobol_indices_of_the_ishigami_function_hold_the_analytic_values_within_their_intervals():
    d = draw("sobol", PATHS, 1024, seed=7)
    out = pd.DataFrame({"y": _ishigami(d.unit), "flat": np.ones(d.worlds)})
    table = indices(d, out, seed=7)
    assert list(table.columns) == COLUMNS
    y = table[table["metric"] == "y"].set_index(["path", "measure"])
    for path in PATHS:
        for measure, truth in (("S1", S1[path]), ("ST", ST[path])):
            row = y.loc[(path, measure)]
            assert row["low"] <= truth <= row["high"], (path, measure, row.to_dict())
            assert row["high"] - row["low"] < 0.25
    assert table[table["metric"] == "flat"]["value"].isna().all()  # a metric that never moves has no indices
    assert list(ranked(table, "y", "sobol")["path"]) == ["x1", "x2", "x3"]


def test_morris_ranks_the_ishigami_inputs_and_gives_sigma_for_the_interacting_ones():
    d = draw("morris", PATHS, 60, seed=3)
    table = indices(d, pd.DataFrame({"y": _ishigami(d.unit)}), seed=3)
    mu = table[table["measure"] == "mu_star"].set_index("path")["value"]
    sigma = table[table["measure"] == "sigma"].set_index("path")["value"]
    assert min(mu["x1"], mu["x2"]) > mu["x3"] > 0  # x3 acts only together with x1
    assert sigma["x3"] > 0 and sigma["x1"] > 0  # interactions: the effect depends on the others
    row = table[(table["measure"] == "mu_star") & (table["path"] == "x1")].iloc[0]
    assert row["low"] < row["value"] < row["high"]


def test_morris_mu_star_is_the_change_over_a_whole_range_and_sigma_zero_for_an_additive_linear_input():
    d = draw("morris", PATHS, 20, seed=5)
    u = d.unit
    table = indices(d, pd.DataFrame({"y": 2 * u[:, 0] + u[:, 1] * u[:, 2]}), seed=5)
    x1 = table[table["path"] == "x1"].set_index("measure")["value"]
    assert x1["mu_star"] == pytest.approx(2.0, rel=1e-6) and x1["sigma"] == pytest.approx(0.0, abs=1e-6)
    x2 = table[table["path"] == "x2"].set_index("measure")["value"]
    assert x2["sigma"] > 0.05  # its effect depends on x3


def test_a_latin_hypercube_gives_rank_correlations_with_their_sign_and_interval():
    d = draw("lhs", ("up", "down", "none"), 200, seed=1)
    rng = np.random.default_rng(0)
    y = d.unit[:, 0] - 0.5 * d.unit[:, 1] + 0.05 * rng.standard_normal(d.worlds)
    table = indices(d, pd.DataFrame({"y": y}), seed=1).set_index("path")
    assert (table["measure"] == "spearman").all()
    assert table.at["up", "low"] > 0.5 and table.at["down", "high"] < -0.2
    assert abs(table.at["none", "value"]) < 0.25  # 3.5 standard errors at 200 worlds: no real link
    half = np.arctanh(table["high"]) - np.arctanh(table["value"])
    assert np.allclose(half, 1.959964 * 1.06 / np.sqrt(197))  # the Fisher-z interval


def test_outputs_must_match_the_worlds():
    d = draw("lhs", PATHS, 10, seed=1)
    with pytest.raises(ValueError):
        indices(d, pd.DataFrame({"y": np.zeros(9)}), seed=1)


def test_the_luck_beside_the_indices_counts_only_what_the_worlds_do_not_share():
    """Common random numbers: replication r's luck moves every world alike and cancels between
    worlds; only the unshared part of a run's luck can blur the worlds' means."""
    import pandas as pd

    from sim.study.sensitivity import noise

    rng = np.random.default_rng(5)
    worlds, reps = 300, 4
    effect = rng.normal(0, 1.0, worlds)        # what the assumptions do: sd 1
    shared = rng.normal(0, 5.0, reps)           # each replication's luck, the same in every world
    own = rng.normal(0, 0.5, (worlds, reps))    # the part of the luck a world does not share
    y = effect[:, None] + shared[None, :] + own
    table = pd.DataFrame({"policy": "a", "world": np.repeat(np.arange(worlds), reps),
                          "replication": np.tile(np.arange(reps), worlds), "y": y.ravel()})
    n = noise(table, ["y"]).iloc[0]
    assert n["unshared"] == pytest.approx(0.5, rel=0.1)
    assert n["share"] == pytest.approx(0.5 ** 2 / reps / 1.0, abs=0.03)   # about 6%, not the 600% of all the luck
    assert n["within"] > 3                                                 # a run's whole luck is large
