"""Sweeps: parameter paths are checked like a scenario file, and the trade-off moves the right way."""

from __future__ import annotations

import pytest

import sim
from tests.helpers import small
from sim.errors import UsageError
from sim.study.sweep import TABLE_METRICS, points_of, with_values
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
    # a list entry as the field reference (and an uncertain: section) writes it
    assert with_values(capped, {"buttons[0].fire": 1.2}).content_hash == with_values(capped, {"buttons.0.fire": 1.2}).content_hash


@pytest.mark.parametrize("values, words", [
    ({"buttons.0.fier": 1.2}, "Did you mean 'fire'"),
    ({"budgte.pooled_share": 0.5}, "Did you mean 'budget'"),
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


def test_the_table_keeps_its_columns_and_adds_the_paired_differences(cap_sweep):
    t = cap_sweep.table
    levels = [c for m in TABLE_METRICS for c in (m, f"{m}_low", f"{m}_high")]
    paired = [c for m in TABLE_METRICS for c in (f"{m}_difference", f"{m}_difference_low", f"{m}_difference_high")]
    assert list(t.columns) == ["point", "buttons.0.fire", *levels, *paired]  # the old columns first, in their order
    assert (t.loc[0, paired] == 0).all()  # the first point against itself
    d = cap_sweep.comparison.differences.set_index(["scenario", "metric"]).loc[("point_01", "cost_per_year")]
    assert t.loc[1, "cost_per_year_difference"] == d["difference"]
    a, b = (arm.summary["cost_per_year"].to_numpy() for arm in cap_sweep.comparison.arms)
    assert t.loc[1, "cost_per_year_difference"] == pytest.approx((b - a).mean())  # replication by replication
    # What common random numbers know: the difference is clear though the two levels' intervals overlap or not.
    assert t.loc[1, "cost_per_year_difference_low"] > 0
    assert t.loc[1, "cost_per_year_difference_high"] - t.loc[1, "cost_per_year_difference_low"] < (
        t.loc[1, "cost_per_year_high"] - t.loc[1, "cost_per_year_low"]) + (t.loc[0, "cost_per_year_high"] - t.loc[0, "cost_per_year_low"])


def _texts(fig):
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_the_tradeoff_picture_draws_levels_beside_the_budget_and_paired_differences(cap_sweep):
    fig = tradeoff_curve(cap_sweep, lang="nl")
    fig.draw_without_rendering()
    left, right = fig.axes[:2]
    t = cap_sweep.table
    markers = lambda ax: [v for line in ax.get_lines() if line.get_marker() == "o"  # noqa: E731
                          for x, y in zip(line.get_xdata(), line.get_ydata()) for v in (x, y)]
    flat = lambda xs, ys: [v for x, y in zip(xs, ys) for v in (x, y)]  # noqa: E731
    assert markers(left) == pytest.approx(flat(t["cost_per_year"] / 1e6, t["mean_satisfaction"]))
    assert markers(right) == pytest.approx(flat(t["cost_per_year_difference"] / 1e6, t["mean_satisfaction_difference"]))
    assert left.get_xlabel() == "Uitgaven per jaar (miljoen euro)"
    assert right.get_xlabel() == "Verschil in uitgaven per jaar (miljoen euro)"
    budget = float(cap_sweep.comparison.arms[0].summary["allocation"].mean()) / cap_sweep.comparison.years / 1e6
    dashed = [line for line in left.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and dashed[0].get_xdata()[0] == pytest.approx(budget)  # the same budget at every point
    texts = _texts(fig)
    assert {"100%", "150%"} <= set(texts)  # each point says its value, short, beside it
    assert any("punten: plafond ingedrukt bij de waarde naast elk punt" in " ".join(x.split()) for x in texts)  # once
    assert any("(plafond ingedrukt bij 100% van het budget)" in " ".join(x.split()) for x in texts)  # the first point
    assert not any("fire" in x for x in texts)
    low, high = left.get_ylim()
    assert 1.0 <= low and high <= 10.0


@pytest.mark.parametrize("path, value, en, nl", [
    ("buttons.0.fire", 0.985, "ceiling pressed at 98.5% of the budget", "ingedrukt bij 98,5% van het budget"),
    ("buttons[0].fire", 0.985, "ceiling pressed at 98.5% of the budget", "plafond ingedrukt bij 98,5% van het budget"),
    ("buttons.0.release", 0.97, "ceiling released below 97% of the budget", "losgelaten onder 97% van het budget"),
    ("budget.pooled_share", 0.25, "pooled share 25%", "ontschot aandeel 25%"),
    ("plan.standard_max_severity", 1.5, "standard max severity 1.5", "standard max severity 1,5"),
])
def test_point_labels_in_words_with_a_decimal_comma_in_dutch(capped, path, value, en, nl):
    from sim.report.tradeoff import parameter_words

    assert parameter_words(capped, path, value, "en") == en
    assert parameter_words(capped, path, value, "nl").endswith(nl)


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


def test_every_point_has_its_own_name_in_both_languages(cap_sweep, capped):
    """A sweep's points are scenarios derived in code: each is named in English and in Dutch (with a decimal
    comma), so no two points share the file's Dutch name."""
    arms = cap_sweep.comparison.arms
    assert [a.title("en") for a in arms] == [f"{capped.name} (fire 1.0)", f"{capped.name} (fire 1.5)"]
    assert [a.title("nl") for a in arms] == [f"{capped.title('nl')} (fire 1,0)", f"{capped.title('nl')} (fire 1,5)"]
