"""Comparisons: paired differences over common random numbers, the precision rule, acceptability,
and the coverage of the 95% interval on a queue whose answer is known (Erlang C)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from tests.helpers import small
from sim.study.groups import GROUP_METRICS, GROUPS
from sim.study.compare import MIN_REPLICATIONS, Arm, Comparison, acceptability, compare, number_same_names
from sim.errors import UsageError
from sim.study.stats import interval
from tests.model.test_journey_queueing import mmc_scenario, mean_queue_wait


@pytest.fixture(scope="module")
def flagship():
    """The flagship pair at a small size: radical maatwerk against the capped budget."""
    a, b = small("eindhoven_radical_maatwerk.yaml", 15_000, years=2), small("eindhoven_capped.yaml", 15_000, years=2)
    return compare([a, b], seed=2, replications=3)


def test_a_scenario_against_itself_differs_by_exactly_zero():
    s = small("eindhoven_capped.yaml", 10_000, years=1)
    twin = s.model_copy(deep=True)
    twin.name = "the same policy under another name"
    c = compare([s, twin], seed=4, replications=3, labels=["a", "b"])
    d = c.differences
    assert len(d) == len(c.metrics()) + len(GROUPS) * len(GROUP_METRICS)  # the episodes, and per resident per group
    assert (d["difference"] == 0).all() and (d["low"] == 0).all() and (d["high"] == 0).all()
    pd.testing.assert_frame_equal(c.arms[0].timeseries, c.arms[1].timeseries)
    assert np.array_equal(c.arms[0].waits["wait_days"], c.arms[1].waits["wait_days"])


def test_differences_are_paired_replication_by_replication(flagship):
    """The reported difference is the mean of per-replication differences, with the t-interval of those."""
    c = flagship
    a, b = c.arms[0].summary, c.arms[1].summary
    assert list(a["replication"]) == list(b["replication"]) == [0, 1, 2]
    row = c.differences.set_index("metric").loc["total_cost"]
    mean, low, high = interval((b["total_cost"] - a["total_cost"]).to_numpy())
    assert (row["difference"], row["low"], row["high"]) == (mean, low, high)
    assert row["mean"] == b["total_cost"].mean() and row["against_mean"] == a["total_cost"].mean()
    per_year = c.differences.set_index("metric").loc["cost_per_year", "difference"]
    assert per_year == pytest.approx(mean / 2)  # two-year horizon


def test_every_metric_the_issue_names_is_compared(flagship):
    metrics = set(flagship.differences["metric"])
    assert {"total_cost", "deficit_y1", "deficit_y2", "mean_satisfaction", "share_satisfied", "mean_wait_days",
            "p90_wait_days", "escalations", "legal_exposure_cases"} <= metrics
    assert "deficit_y3" not in metrics  # two budget years only


def test_the_cap_lowers_cost_in_the_flagship(flagship):
    """Direction, paired over the replications: the capped budget spends less than radical maatwerk."""
    row = flagship.differences.set_index("metric").loc["total_cost"]
    assert row["high"] < 0


def test_the_precision_rule_stops_when_intervals_are_narrow():
    s = small("pooled_integral.yaml", 10_000, years=1)
    t = small("baseline_earmarked.yaml", 10_000, years=1)
    loose = compare([s, t], seed=1, precision=50.0)
    assert loose.replications == MIN_REPLICATIONS and loose.stop_reason == "precision"
    assert loose.widest <= 0.5
    # The same replications as asking for that number outright: the rule only chooses how many.
    fixed = compare([s, t], seed=1, replications=loose.replications)
    pd.testing.assert_frame_equal(loose.differences, fixed.differences)


def test_the_precision_rule_says_when_it_hit_the_maximum():
    s = small("pooled_integral.yaml", 10_000, years=1)
    t = small("baseline_earmarked.yaml", 10_000, years=1)
    c = compare([s, t], seed=1, precision=0.001, max_replications=6)
    assert c.replications == 6
    assert c.stop_reason == "maximum" and c.widest > 0.001 / 100


@pytest.mark.parametrize("kwargs, words", [
    ({"replications": 0}, "at least 1"),
    ({"precision": 0.0}, "above 0"),
    ({"precision": -1.0}, "above 0"),
    ({"replications": 3, "precision": 5.0}, "not both"),
    ({"precision": 5.0, "max_replications": 2}, "at least"),
])
def test_bad_arguments_are_usage_errors(kwargs, words):
    s = small("pooled_integral.yaml", 10_000, years=1)
    with pytest.raises(UsageError, match=words):
        compare([s, s.model_copy(deep=True)], labels=["a", "b"], **kwargs)


def test_scenarios_need_distinct_labels_and_one_horizon():
    s = small("pooled_integral.yaml", 10_000, years=1)
    twice = compare([s, s], replications=1)  # an A/A check: two names, exactly no difference
    assert [a.label for a in twice.arms] == ["pooled_integral", "pooled_integral_2"]
    assert (twice.differences["difference"].fillna(0) == 0).all()
    with pytest.raises(UsageError, match="at least two"):
        compare([s], replications=1)
    longer = small("pooled_integral.yaml", 10_000, years=2)
    with pytest.raises(UsageError, match="horizon"):
        compare([s, longer], replications=1, labels=["a", "b"])


def _constructed(costs: list[list[float]], grades: list[list[float]]) -> Comparison:
    """A comparison built by hand: per arm, per replication, a cost per year and a mean grade."""
    s = small("pooled_integral.yaml", 10_000, years=1)
    arms = []
    for k, (cost, grade) in enumerate(zip(costs, grades)):
        summ = pd.DataFrame({"replication": range(len(cost)), "cost_per_year": cost, "total_cost": cost,
                             "mean_satisfaction": grade})
        arms.append(Arm(f"arm{k}", s, summ, pd.DataFrame(), pd.DataFrame(), pd.DataFrame()))
    return Comparison(arms, seed=1, replications=len(costs[0]))


def test_acceptability_is_a_probability_that_moves_with_the_price_of_a_point():
    # Arm 1 costs 1M a year more than arm 0 and brings 0.5 grade points more, in every replication but
    # one, where it brings only 0.1: at 2M per point it wins when 0.5 points, not when 0.1.
    c = _constructed([[10e6, 10e6, 10e6, 10e6], [11e6, 11e6, 11e6, 11e6]], [[7.0] * 4, [7.5, 7.5, 7.5, 7.1]])
    a = acceptability(c, per_point=np.array([0.0, 1e6, 3e6, 20e6])).pivot(index="euros_per_point",
                                                                            columns="scenario", values="probability")
    assert np.allclose(a.sum(axis=1), 1.0)
    assert a.loc[0.0, "arm0"] == 1.0               # money is all that counts
    assert a.loc[1e6, "arm0"] == 1.0               # 0.5 points are worth 0.5M < 1M
    assert a.loc[3e6, "arm1"] == 0.75              # 1.5M > 1M in three replications, 0.3M < 1M in one
    assert a.loc[20e6, "arm1"] == 1.0              # even 0.1 points are worth 2M
    default = acceptability(c)
    assert default["euros_per_point"].max() > 2e6  # the range reaches past the crossing at 2M a point


def test_the_t_interval_covers_the_erlang_c_wait_about_95_percent_of_the_time():
    """Repeated experiments on an M/M/3 desk at load 0.5: the comparison's 95% interval over 5
    replications (sim.study.stats.interval on each replication's mean wait) covers the analytic Erlang C
    mean wait in about 95% of 160 experiments, and misses a wrong value (an intake 10% longer)
    far more often. 160 experiments give a binomial spread of 1.7 points around 95%."""
    experiments, r = 160, 5
    lam, c_staff, intake = 1.5, 3, 1.0
    result = sim.run(mmc_scenario(lam, c_staff, intake, 1), seed=7, replications=experiments * r)
    means = result.summary.sort_values("replication")["mean_wait_days"].to_numpy()
    intervals = [interval(means[k:k + r]) for k in range(0, len(means), r)]
    truth = mean_queue_wait(lam, 1 / intake, c_staff)
    wrong = mean_queue_wait(lam, 1 / (1.1 * intake), c_staff)
    cover = np.mean([low <= truth <= high for _, low, high in intervals])
    cover_wrong = np.mean([low <= wrong <= high for _, low, high in intervals])
    assert 0.89 <= cover <= 0.99, f"coverage {cover:.3f}"
    assert cover_wrong < 0.6, f"a wrong value was covered {cover_wrong:.3f} of the time"
    assert not math.isnan(truth)


def test_the_stopping_rule_is_recorded_as_a_reason_not_as_words():
    """The study says why in a form to translate; the words are the report's (tests/report/test_metric_words.py)."""
    c = _constructed([[1.0] * 6, [2.0] * 6], [[7.0] * 6, [7.0] * 6])
    assert c.stop_reason == "asked" and c.precision is None and c.widest is None
    c.stop_reason, c.precision, c.widest = "maximum", 0.5, 0.0123
    m = c.manifest()
    assert (m["stopping"], m["precision_percent"], m["widest"]) == ("maximum", 0.5, 0.0123)


def _arm(name: str, name_nl: str | None, label: str) -> Arm:
    s = small("eindhoven_capped.yaml", 10_000, years=1)
    s.name, s.name_nl = name, name_nl
    return Arm(label, s, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


def test_the_same_file_twice_is_numbered_in_both_languages():
    """`compare A A`: the labels were numbered (a, a_2), and now the names the reader sees are too, in both."""
    s = small("eindhoven_capped.yaml", 10_000, years=1)
    c = compare([s, s.model_copy(deep=True)], seed=4, replications=2)
    assert [a.label for a in c.arms] == ["eindhoven_capped", "eindhoven_capped_2"]
    for lang in ("en", "nl"):
        first, second = (a.title(lang) for a in c.arms)
        assert first == s.title(lang) and second == f"{s.title(lang)} (2)"
    assert c.arms[1].name == f"{s.name} (2)"


def test_a_name_shared_in_one_language_only_is_numbered_in_both():
    """Two scenarios with different English names but one Dutch name (a variant that kept its base's name_nl)
    would read as one scenario in Dutch: the second is numbered, in English too, so both languages agree."""
    arms = number_same_names([_arm("Capped", "Met plafond", "a"), _arm("Capped with a waiting list", "Met plafond", "b"),
                              _arm("Radical", "Radicaal", "c")])
    assert [a.title("nl") for a in arms] == ["Met plafond", "Met plafond (2)", "Radicaal"]
    assert [a.title("en") for a in arms] == ["Capped", "Capped with a waiting list (2)", "Radical"]
    english_twins = number_same_names([_arm("Capped", None, "a"), _arm("Capped", "Anders", "b")])
    assert [a.title("en") for a in english_twins] == ["Capped", "Capped (2)"]
    assert [a.title("nl") for a in english_twins] == ["Capped", "Anders (2)"]


def test_a_number_never_gives_another_arms_own_name():
    arms = number_same_names([_arm("X", None, "a"), _arm("X", None, "b"), _arm("X (2)", None, "c")])
    assert [a.title("en") for a in arms] == ["X", "X (3)", "X (2)"]
    assert len({a.title("nl") for a in arms}) == 3
