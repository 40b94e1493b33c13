"""The tables of one replication (sim.model.tables): every summary column recomputed by hand from
the cases, ledger, events and steps tables of a tiny real run, and the timeseries and the cases'
money checked against the ledger.

The expected values are computed here from docs/tables.md's definitions, not by calling the
module's own helpers, so a summary column that drifts from its table fails. Three tiny runs
(8,000 residents, two years), each made once: earmarked walls with exposure by the municipality's
own procedure, radical maatwerk with exposure at full providers, and the capped budget whose
buttons are pressed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.model.engine import run_replication
from sim.model.tables import tables

from tests.helpers import small

NAMES = ("baseline_earmarked.yaml", "eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml")
STATES = {"resolved", "relapse", "escalated", "unresolved", "refused", "open"}
YEAR = 365.0  # docs/tables.md: budget years of 365 days, months of 365/12
# docs/tables.md, "Legal exposure and its cause": the exposure step's rule gives the cause.
CAUSE_OF_RULE = {"held": "button", "approval": "button", "past_term": "rule", "provider_wait": "provider",
                 "intensity_cut": "cut", "cut": "cut", "intensity": "cut", "refused": "refusal",
                 "steered_heavy": "refusal"}


@pytest.fixture(scope="module", params=NAMES)
def run(request):
    s = small(request.param, 8_000, years=2)
    raw = run_replication(s, 3, 0)
    t = tables(raw)
    return s, raw, t, t["summary"].iloc[0]


def _asked(cases: pd.DataFrame) -> pd.DataFrame:
    return cases[~cases["initial"].astype(bool)]


def _kind(ledger: pd.DataFrame, kind: str) -> pd.DataFrame:
    return ledger[ledger["kind"].astype(str) == kind]


def test_every_case_ends_in_exactly_one_state_and_open_means_past_the_horizon(run):
    s, raw, t, _ = run
    cases = t["cases"]
    assert cases["case_id"].is_unique and set(cases["outcome"]) <= STATES
    beyond = ~(cases["closed_day"] <= raw.horizon)
    assert (cases.loc[beyond, "outcome"] == "open").all() and cases.loc[beyond, "satisfaction"].isna().all()
    assert (cases.loc[~beyond, "outcome"] != "open").all()


def test_every_ledger_euro_of_a_case_belongs_to_a_provision_and_the_case_costs_its_payments(run):
    _, _, t, _ = run
    cases, ledger = t["cases"].set_index("case_id"), t["ledger"]
    money = ledger[ledger["kind"].astype(str).isin(["payment", "commitment"])]
    assert (money["provision"].astype(str) != "").all()  # every payment and commitment names its provision
    assert money.loc[money["case_id"] >= 0, "case_id"].isin(cases.index).all()  # and an existing case, or -1
    paid = _kind(ledger, "payment").groupby("case_id")["amount"].sum()
    cost = cases["cost"].reindex(paid.index[paid.index >= 0])
    np.testing.assert_allclose(cost, paid[paid.index >= 0], rtol=1e-9)
    assert (cases.drop(index=paid.index, errors="ignore")["cost"] == 0).all()  # no payment, no cost
    committed = _kind(ledger, "commitment").groupby("case_id")["amount"].sum()
    np.testing.assert_allclose(cases["committed"].reindex(committed.index[committed.index >= 0]),
                               committed[committed.index >= 0], rtol=1e-9)


def test_a_cases_provisions_and_budgets_are_those_of_its_commitments(run):
    _, _, t, _ = run
    commitments = _kind(t["ledger"], "commitment")
    commitments = commitments[commitments["case_id"] >= 0]
    by_case = commitments.groupby("case_id")
    cases = t["cases"].set_index("case_id")
    for column, ledger_column in (("provisions", "provision"), ("budgets", "budget")):
        expected = by_case[ledger_column].agg(lambda v: frozenset(v.astype(str)))
        written = cases.loc[expected.index, column].map(lambda text: frozenset(text.split("+")))
        assert (written == expected).all(), column
    assert (cases.drop(index=expected.index)["provisions"] == "").all()


def test_the_summarys_money_equals_the_ledgers_sums(run):
    _, raw, t, row = run
    ledger = t["ledger"]
    payments = _kind(ledger, "payment")
    assert row["total_cost"] == pytest.approx(payments["amount"].sum(), rel=1e-12)
    assert row["total_cost"] == pytest.approx(t["cases"]["cost"].sum() + row["programme_cost"], rel=1e-9)
    assert row["programme_cost"] == pytest.approx(payments.loc[payments["case_id"] < 0, "amount"].sum(), abs=1e-6)
    assert row["allocation"] == pytest.approx(_kind(ledger, "allocation")["amount"].sum(), rel=1e-12)
    assert row["deficit"] == pytest.approx(_kind(ledger, "deficit")["amount"].sum(), abs=1e-6)
    covered = sum(_kind(ledger, k)["amount"].sum() for k in ("deficit", "reserve_draw", "pool_cover"))
    assert row["overspend"] == pytest.approx(covered, abs=1e-6)
    assert row["overspend_share"] == pytest.approx(row["overspend"] / row["allocation"])
    years = raw.allocations.shape[1]
    deficits = _kind(ledger, "deficit")
    for y in range(1, years + 1):  # a year's deficit row is booked on its last day
        in_year = deficits[(deficits["day"] > (y - 1) * YEAR) & (deficits["day"] <= y * YEAR + 1e-9)]
        assert row[f"deficit_y{y}"] == pytest.approx(in_year["amount"].sum(), abs=1e-6), y
    assert sum(row[f"deficit_y{y}"] for y in range(1, years + 1)) == pytest.approx(row["deficit"], abs=1e-6)
    assert sum(row[f"overspend_y{y}"] for y in range(1, years + 1)) == pytest.approx(row["overspend"], abs=1e-6)


def test_grades_waits_and_counts_are_those_of_the_cases_that_asked_in_the_run(run):
    _, _, t, row = run
    asked = _asked(t["cases"])
    grades = asked["satisfaction"].dropna().to_numpy()
    waits = asked["wait_days"].dropna().to_numpy()
    assert row["mean_satisfaction"] == pytest.approx(grades.mean())
    assert row["share_satisfied"] == pytest.approx(np.count_nonzero(grades >= 7) / len(grades))  # a 7 or more
    assert row["mean_wait_days"] == pytest.approx(waits.mean())
    assert row["p90_wait_days"] == pytest.approx(np.percentile(waits, 90))
    assert row["n_cases"] == len(asked) < len(t["cases"])  # the day-0 caseload is left out
    assert row["open_cases"] == np.count_nonzero(asked["outcome"] == "open")
    assert row["refused_cases"] == np.count_nonzero(asked["outcome"] == "refused")
    assert row["escalations"] == asked["n_escalated"].sum()
    assert row["legal_exposure_cases"] == np.count_nonzero(asked["legal_exposure"].astype(bool))
    assert row["legal_exposure_days"] == pytest.approx(asked["exposure_days"].sum())
    assert row["appeals_won"] == np.count_nonzero(asked["appealed"].astype(bool))


def test_intakes_per_multi_problem_resident_count_their_follow_up_episodes(run):
    _, _, t, row = run
    asked = _asked(t["cases"])
    firsts = asked[(asked["generation"] == 0) & (asked["n_problems"] >= 2)]
    intakes = sum(int(asked.loc[asked["resident_id"] == r, "n_intakes"].sum()) for r in firsts["resident_id"])
    assert len(firsts) > 0
    assert row["intakes_per_multi_case"] == pytest.approx(intakes / len(firsts))


def test_each_exposed_case_counts_once_under_the_cause_of_its_first_exposure_step(run):
    _, _, t, row = run
    asked = _asked(t["cases"])
    exposed = set(asked.loc[asked["legal_exposure"].astype(bool), "case_id"])
    steps = t["steps"]
    first = steps[(steps["step"] == "exposure") & steps["case_id"].isin(exposed)].groupby("case_id").head(1)
    assert set(first["case_id"]) == exposed  # every exposed case noted why
    counts = first["rule"].map(CAUSE_OF_RULE).value_counts()
    for cause in set(CAUSE_OF_RULE.values()):
        assert row[f"legal_exposure_cases_{cause}"] == counts.get(cause, 0), cause


def test_the_share_decided_in_term_counts_requests_whose_term_ran_out_or_that_were_decided(run):
    s, raw, t, row = run
    asked = _asked(t["cases"])
    term = {d: (s.domains[d].decision_term_days or s.law.decision_term_days) for d in s.domains}
    shortest = asked["domains"].map(lambda text: min(term[d] for d in text.split("+")))
    flag = asked["decided_in_term"]
    decided = flag.notna()
    due = decided | (asked["arrival_day"] + shortest <= raw.horizon)
    in_term = decided & (flag == True)  # noqa: E712 (True, False or empty)
    assert row["decided_in_term"] == pytest.approx(in_term[due].mean())
    for d in s.domains:
        has = due & asked["domains"].map(lambda text, d=d: d in text.split("+"))
        assert row[f"decided_in_term_{d}"] == pytest.approx(in_term[has].mean()), d


def test_buttons_pressed_in_the_summary_and_per_month_replay_the_events(run):
    _, raw, t, row = run
    events, ts = t["events"], t["timeseries"]
    assert row["button_presses"] == np.count_nonzero(events["kind"] == "press")
    total = ts[ts["budget"] == "total"]
    for day, pressed in zip(total["day"], total["buttons_pressed"]):
        before = events[events["day"] <= day]
        assert pressed == np.count_nonzero(before["kind"] == "press") - np.count_nonzero(before["kind"] == "release")


def test_the_timeseries_spends_the_ledgers_payments_and_its_total_row_adds_the_budgets(run):
    _, raw, t, row = run
    ts, payments = t["timeseries"], _kind(t["ledger"], "payment")
    budgets = ts[ts["budget"] != "total"]
    per_budget = budgets.groupby("budget")["spent"].sum()
    paid = payments.groupby(payments["budget"].astype(str), observed=True)["amount"].sum()
    np.testing.assert_allclose(per_budget.reindex(paid.index), paid, rtol=1e-9)
    total = ts[ts["budget"] == "total"].set_index("month")
    summed = budgets.groupby("month")[["allocation", "spent", "committed", "spent_to_date"]].sum()
    np.testing.assert_allclose(total[summed.columns], summed, rtol=1e-9, atol=1e-6)
    assert total["spent_to_date"].iloc[-1] == pytest.approx(row["total_cost"], rel=1e-9)
    assert len(total) == 12 * raw.allocations.shape[1]
