"""The registry of metrics (sim.study.metrics): one entry per summary column, used by every report."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from sim.policy.scenario import CLAIM_METRICS
from sim.study import metrics as M
from sim.study.groups import GROUP_METRICS
from sim.study.compare import METRICS, Comparison


@pytest.fixture(scope="module")
def summary(small_runs):
    """A real replication's summary row, with cost per year as the study adds it."""
    s = small_runs("eindhoven_capped.yaml").summary
    return s.assign(cost_per_year=s["total_cost"] / 4)


def test_every_summary_column_is_a_registered_metric(summary):
    per_cause = {c for m in M.REGISTRY.values() for c in m.cause_columns()}
    columns = {c for c in summary.columns if c != "replication" and not re.fullmatch(r".+_y\d+", c)
               and not c.startswith("decided_in_term_") and c not in per_cause}
    assert per_cause <= set(summary.columns)  # legal exposure by each cause
    per_resident = {m.name for m in M.REGISTRY.values() if m.aggregation == "resident"}
    assert columns == set(M.REGISTRY) - per_resident
    assert per_resident == set(GROUP_METRICS)  # the columns of the groups table (sim.study.groups)
    per_domain = {c for c in summary.columns if c.startswith("decided_in_term_")}
    assert per_domain == {f"decided_in_term_{d}" for d in ("wmo", "jeugd", "participatie", "schulden")}
    assert all(M.metric(c).by_domain for c in per_domain)


def test_per_year_columns_belong_to_a_per_year_metric(summary):
    by_year = {c for c in summary.columns if re.fullmatch(r".+_y\d+", c)}
    assert by_year and all(M.metric(c).by_year for c in by_year)
    assert {M.metric(c).name for c in by_year} == {m.name for m in M.REGISTRY.values() if m.by_year}
    with pytest.raises(KeyError, match="no metric called 'grade_y1'"):
        M.metric("grade_y1")


def test_the_sets_name_only_registered_metrics():
    for names in (M.COMPARED, M.HEADLINES, M.SWEPT, M.RUN_REPORT, M.PRECISION, tuple(M.CLAIMED.values()),
                  M.EXPLORED, M.EXPLORE_PAGE, M.EXPLORE_ROBUST):
        assert set(names) <= set(M.REGISTRY)
    assert set(M.HEADLINES) == set(M.SWEPT) and set(M.HEADLINES) <= set(M.COMPARED)
    assert set(M.CLAIMED) == set(CLAIM_METRICS)  # every word a policy file may claim about names a metric


def test_the_comparison_takes_its_metrics_and_units_from_the_registry():
    assert METRICS == [("cost_per_year", "money"), ("total_cost", "money"), ("deficit", "money"),
                       ("mean_satisfaction", "grade"), ("share_satisfied", "share"), ("mean_wait_days", "days"),
                       ("p90_wait_days", "days"), ("escalations", "count"), ("legal_exposure_cases", "count")]
    three_years = SimpleNamespace(scenario=SimpleNamespace(run=SimpleNamespace(horizon_years=3)))
    c = Comparison([three_years], seed=1, replications=1)
    names = [m for m, _ in c.metrics()]
    assert names[names.index("deficit"):names.index("deficit") + 4] == ["deficit", "deficit_y1", "deficit_y2",
                                                                        "deficit_y3"]
    assert len(names) == len(M.COMPARED) + 3 + 5  # and legal exposure by its five causes, under the total
    assert names[names.index("legal_exposure_cases") + 1] == "legal_exposure_cases_button"


def test_directions_and_resolutions():
    r = M.REGISTRY
    assert r["mean_satisfaction"].higher_is_better and not r["cost_per_year"].higher_is_better
    assert r["allocation"].higher_is_better is None  # a fact of the scenario: neither way is better
    assert r["mean_satisfaction"].resolution == 0.05
    assert r["share_satisfied"].resolution == 0.005  # half a percentage point
    assert r["cost_per_year"].smallest(4) == 50_000  # already per year
    assert r["total_cost"].smallest(4) == 200_000  # EUR 50,000 for each year of the term
    assert r["escalations"].smallest(4) == 1  # one problem, however long the term
    assert M.resolution("deficit", 4) == 200_000 and M.resolution("deficit_y2", 4) == 50_000  # one year's
    assert all(m.resolution > 0 for m in r.values())


def test_every_resolution_is_at_least_half_the_last_digit_shown():
    """So an interval a table shows as "0.0 to 0.0" always lies within the resolution (the two rules agree)."""
    for name, m in M.REGISTRY.items():
        for fmt in (m.display, M.BY_UNIT[m.unit]):
            half_step = 0.5 * 10.0 ** -fmt.digits / fmt.shown(1.0)
            assert m.smallest(1) >= half_step * (1 - 1e-9), (name, m.smallest(1), half_step)


def test_natural_ranges():
    r = M.REGISTRY
    assert (r["mean_satisfaction"].lower, r["mean_satisfaction"].upper) == (1.0, 10.0)
    assert (r["share_satisfied"].lower, r["share_satisfied"].upper) == (0.0, 1.0)
    assert (r["deficit"].lower, r["deficit"].upper) == (0.0, None)
    assert (r["mean_wait_days"].lower, r["overspend_share"].upper) == (0.0, None)  # a budget overspent by more than itself
    assert all(m.lower is not None for m in r.values())  # no metric of the summary can be any number


def test_adding_a_metric_is_one_entry():
    """A toy metric, registered here and nowhere else, is computed per replication (and per resident group),
    shown by `cell` in its own display rule, named in English and Dutch, and compared with its interval."""
    import numpy as np

    from sim.errors import Said
    from sim.report.metric_words import cell, name
    from sim.study.compare import compare
    from tests.helpers import small

    per_request = M.Metric("cost_per_request", "money", False, 100.0, "ratio",
                           Said("Spending per request for help (EUR)", "Uitgaven per hulpvraag (euro)"),
                           shown_as=M.Format(0), derive=lambda summary, years: summary["total_cost"] / summary["n_cases"])
    escalated = M.Metric("escalated_residents", "share", False, M.POINT, "resident",
                         Said("Residents whose problem escalated", "Inwoners van wie een probleem escaleerde"),
                         of_residents=lambda rows: float((rows["escalations"] > 0).mean()) if len(rows) else np.nan)
    compared = M.COMPARED
    with M.added(per_request, into=("COMPARED",)), M.added(escalated):
        c = compare([small("eindhoven_capped.yaml", 6_000, years=1), small("pooled_integral.yaml", 6_000, years=1)],
                    seed=3, replications=2)
        for arm in c.arms:  # computed per replication, by the metric's one function
            s = arm.summary
            assert list(s["cost_per_request"]) == list(s["total_cost"] / s["n_cases"])
            assert set(arm.groups["escalated_residents"].dropna()) and arm.groups["escalated_residents"].between(0, 1).all()
        value = float(c.arms[0].summary["cost_per_request"].iloc[0])
        assert cell(value, "cost_per_request") == f"{value:,.0f}"  # its own rule: whole euros, not EUR million
        assert cell(value, "cost_per_request", "nl") == f"{value:,.0f}".replace(",", ".")
        assert name("cost_per_request") == "Spending per request for help (EUR)"
        assert name("escalated_residents", "nl") == "Inwoners van wie een probleem escaleerde"
        d = c.differences
        row = d[(d["metric"] == "cost_per_request") & (d["group"] == "all")]
        assert len(row) == 1 and row["unit"].iloc[0] == "money" and not np.isnan(row["difference"].iloc[0])
        assert set(d.loc[d["metric"] == "escalated_residents", "group"]) == {"all", "single", "multi"}
        assert "cost_per_request" in set(c.means["metric"])
    assert "cost_per_request" not in M.REGISTRY and "escalated_residents" not in M.REGISTRY  # restored after
    assert M.COMPARED == compared
