"""Sweeps: parameter paths are checked like a scenario file, and the trade-off moves the right way."""

from __future__ import annotations

import pytest

import sim
from tests.helpers import small
from sim.errors import UsageError
from sim.study.sweep import points_of, with_values
from sim.report.tradeoff import tradeoff_curve


@pytest.fixture(scope="module")
def capped():
    return small("eindhoven_capped.yaml", 15_000, years=2)


@pytest.fixture(scope="module")
def cap_sweep(capped):
    # The ceiling fires at 100% of the pro-rata budget; at 150% it never fires in this run.
    return sim.sweep(capped, {"buttons.0.fire": [1.0, 1.5]}, seed=3, replications=3)


def test_with_values_sets_a_field_and_validates_it(capped):
    s = with_values(capped, {"buttons.0.fire": 1.2, "budget.pooled_share": 0.5})
    assert s.buttons[0].fire == 1.2
    assert s.content_hash != capped.content_hash
    assert capped.buttons[0].fire != 1.2  # the original is untouched


@pytest.mark.parametrize("values, words", [
    ({"buttons.0.fier": 1.2}, "did you mean 'fire'"),
    ({"budgte.pooled_share": 0.5}, "did you mean 'budget'"),
    ({"buttons.9.fire": 1.2}, "index from 0 to"),
    ({"buttons.fire": 1.2}, "is a list"),
    ({"run.seed.x": 1}, "single value"),
    ({"buttons.0.fire": "high"}, "invalid scenario"),
    ({"buttons.0.fire": 0.5}, "contradictory"),   # below the release threshold: no hysteresis
])
def test_bad_parameter_paths_and_values_are_usage_errors(capped, values, words):
    with pytest.raises(UsageError, match=words):
        with_values(capped, values)


def test_points_cover_the_grid_first_parameter_slowest():
    assert points_of({"a": [1, 2], "b": ["x", "y"]}) == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"},
                                                         {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]
    with pytest.raises(UsageError, match="one or two"):
        points_of({"a": [1], "b": [1], "c": [1]})
    with pytest.raises(UsageError, match="at least two points"):
        points_of({"a": [1]})


def test_a_higher_ceiling_spends_more_in_every_replication(cap_sweep):
    """The story of the cap, over three seeds' worth of replications: loosen it and spending rises."""
    low, high = (a.summary.set_index("replication") for a in cap_sweep.comparison.arms)
    assert (high["total_cost"] > low["total_cost"]).all()
    assert (high["button_presses"] <= low["button_presses"]).all()  # a looser cap is pressed no more often
    assert high["button_presses"].sum() < low["button_presses"].sum()


def test_the_table_has_a_row_per_point_with_intervals(cap_sweep):
    t = cap_sweep.table
    assert list(t["buttons.0.fire"]) == [1.0, 1.5]
    assert (t["cost_per_year_low"] <= t["cost_per_year"]).all() and (t["cost_per_year"] <= t["cost_per_year_high"]).all()
    assert t.loc[1, "cost_per_year"] > t.loc[0, "cost_per_year"]


def test_the_tradeoff_curve_draws_one_marker_per_point(cap_sweep):
    fig = tradeoff_curve(cap_sweep, lang="nl")
    ax = fig.axes[0]
    xs = [x for line in ax.get_lines() for x in line.get_xdata() if line.get_marker() == "o"]
    assert len(xs) == 2
    assert ax.get_xlabel() == "Uitgaven per jaar (miljoen euro)"


def test_the_readme_sweep_example_runs_on_the_shipped_capped_scenario():
    """The README's `--vary` example must be a valid sweep of scenarios/eindhoven_capped.yaml."""
    import re

    from sim.policy.scale import rescale
    from sim.study.sweep import sweep
    from tests.helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    path, values = re.search(r"`(buttons\.0\.fire)=([\d.,]+)` on `scenarios/eindhoven_capped\.yaml`", readme).groups()
    s = rescale(sim.load_scenario(ROOT / "scenarios" / "eindhoven_capped.yaml"), 3_000)
    s.run.horizon_years = 1
    sw = sweep(s, {path: [float(v) for v in values.split(",")]}, replications=1)
    assert len(sw.table) == len(values.split(","))
