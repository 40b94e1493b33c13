"""The sweep's trade-off picture (`sim.report.tradeoff.tradeoff_curve`) and its point words, on a tiny sweep.

A small municipality of 3,000 residents, one year, two replications, the pooled share at two values,
swept once for the module. The picture's points are read back from the figure and compared with
the sweep's table, so a point drawn from the wrong column, in the wrong unit or without its budget
line fails. The caption's precision sentence is tested in test_tradeoff_caption.py.
"""

from __future__ import annotations

import pytest
from matplotlib.text import Text

import sim
from sim.report.tradeoff import WORDS, parameter_words, tradeoff_curve, value_words
from sim.study.metrics import MONEY

from tests.helpers import SCENARIOS, variant

PATH = "budget.pooled_share"


@pytest.fixture(scope="module")
def tiny_sweep(tmp_path_factory):
    s = variant(tmp_path_factory.mktemp("tradeoff"), residents=3_000, years=1)
    return sim.sweep(s, {PATH: [0.0, 0.5]}, seed=2, replications=2)


def _markers(ax) -> list[float]:
    return [v for line in ax.get_lines() if line.get_marker() == "o"
            for x, y in zip(line.get_xdata(), line.get_ydata()) for v in (x, y)]


def _flat(xs, ys) -> list[float]:
    return [v for x, y in zip(xs, ys) for v in (x, y)]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_points_are_the_tables_levels_and_paired_differences(tiny_sweep, lang):
    fig = tradeoff_curve(tiny_sweep, lang)
    left, right = fig.axes[:2]
    t = tiny_sweep.table
    assert _markers(left) == pytest.approx(_flat(MONEY.shown(t["cost_per_year"]), t["mean_satisfaction"]))
    assert _markers(right) == pytest.approx(_flat(MONEY.shown(t["cost_per_year_difference"]),
                                                  t["mean_satisfaction_difference"]))
    assert _markers(right)[:2] == [0.0, 0.0]  # the first point against itself


def test_the_budget_is_one_dashed_line_where_every_point_has_the_same(tiny_sweep):
    fig = tradeoff_curve(tiny_sweep, "en")
    left = fig.axes[0]
    c = tiny_sweep.comparison
    budget = MONEY.shown(float(c.arms[0].summary["allocation"].mean()) / c.years)
    dashed = [line for line in left.get_lines() if line.get_linestyle() == "--"]
    assert len(dashed) == 1 and dashed[0].get_xdata()[0] == pytest.approx(budget)
    lo, hi = left.get_xlim()
    assert lo <= budget <= hi  # the line is inside the picture's range


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_point_says_its_value_and_the_parameter_is_named_in_words(tiny_sweep, lang):
    fig = tradeoff_curve(tiny_sweep, lang)
    scenario = tiny_sweep.comparison.arms[0].scenario
    texts = [" ".join(t.get_text().split()) for t in fig.findobj(Text) if t.get_text()]
    for v in (0.0, 0.5):
        assert value_words(scenario, PATH, v, lang) in texts
    beside = parameter_words(scenario, PATH, WORDS["beside"][lang], lang)
    assert any(beside in x for x in texts)
    assert WORDS["budget"][lang] in texts  # the budget line's legend key
    assert not any(PATH in x for x in texts)  # never the path itself


@pytest.mark.parametrize("value, lang, said", [(0.98, "en", "98%"), (0.985, "nl", "98,5%"), (1.5, "en", "150%")])
def test_a_share_of_the_budget_is_said_as_a_percentage(value, lang, said):
    capped = sim.load_scenario(SCENARIOS / "eindhoven_capped.yaml")
    assert value_words(capped, "buttons.0.fire", value, lang) == said
    assert value_words(capped, "buttons.0.action", "waitlist", lang) == "waitlist"
