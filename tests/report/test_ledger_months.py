"""ledger_by_month.csv: the ledger a spreadsheet can open, with the same euros as the full ledger."""

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.ledger import KINDS
from sim.policy.calendar import DAYS_PER_MONTH as MONTH
from sim.report.ledger_months import SPREADSHEET_ROWS, ledger_by_month, month_of
from sim.report.output import write_result

from tests.helpers import ROOT, small


@pytest.fixture(scope="module")
def result():
    return sim.run(small("eindhoven_capped.yaml", residents=10_000, years=2), seed=3, replications=2)


def bound(s, replications: int) -> int:
    """The most rows the monthly ledger can have: per replication, month and budget, a commitment and
    a payment row for every domain and provision (the case's own, discretionary money) or
    programme, and one row for each kind of budget-level row (allocation, year-end rows)."""
    months = 12 * s.run.horizon_years
    budgets = len(s.domains) + (s.municipality.neighbourhoods if s.budget.neighbourhood_pools else 1)
    case_rows = 2 * (len(s.domains) * (len(s.provisions) + 1) + len(s.programmes))
    budget_rows = len(KINDS) - 2  # every kind but commitment and payment
    return months * budgets * (case_rows + budget_rows) * replications


def test_totals_equal_the_ledger_per_replication_budget_and_kind(result):
    led, m = result.ledger, ledger_by_month(result.ledger)
    keys = ["replication", "budget", "kind"]
    want = led.assign(budget=led["budget"].astype(str), kind=led["kind"].astype(str)).groupby(keys)["amount"].sum()
    got = m.groupby(keys)["amount"].sum()
    pd.testing.assert_series_equal(got, want.loc[got.index], rtol=1e-12)
    assert set(got.index) == set(want.index) and {"allocation", "commitment", "payment"} <= set(m["kind"])
    assert m["entries"].sum() == len(led)


def test_each_payment_falls_in_the_month_it_pays_for(result):
    # The timeseries' monthly spending is the payments of that month and budget: the same months.
    m = ledger_by_month(result.ledger)
    paid = m[m["kind"] == "payment"].groupby(["replication", "month", "budget"])["amount"].sum()
    ts = result.timeseries[result.timeseries["budget"] != "total"].set_index(["replication", "month", "budget"])["spent"]
    np.testing.assert_allclose(paid.reindex(ts.index, fill_value=0.0).to_numpy(), ts.to_numpy(), rtol=1e-9, atol=1e-6)
    assert m["month"].between(0, 23).all() and (m["year"] == m["month"] // 12 + 1).all()


def test_month_boundaries():
    ends = np.array([0.0, MONTH, 12 * MONTH, 12 * MONTH, 365.0, 1.5 * MONTH])
    kinds = ["commitment", "payment", "deficit", "allocation", "allocation", "commitment"]
    assert month_of(ends, kinds).tolist() == [0, 0, 11, 12, 12, 1]


def test_the_run_folder_has_the_monthly_csv_and_the_full_ledger_in_parquet(result, tmp_path):
    out = write_result(result, tmp_path / "res")
    assert not (out / "ledger.csv").exists()
    pd.testing.assert_frame_equal(pd.read_parquet(out / "ledger.parquet"), result.ledger)
    csv = pd.read_csv(out / "ledger_by_month.csv", keep_default_na=False)
    assert len(csv) == len(ledger_by_month(result.ledger)) <= bound(result.scenario, 2)
    assert csv["amount"].sum() == pytest.approx(result.ledger["amount"].sum(), rel=1e-9)


def test_a_full_eindhoven_term_fits_a_spreadsheet_many_times_over():
    s = sim.load_scenario(ROOT / "scenarios" / "eindhoven_capped.yaml")
    assert s.municipality.residents > 200_000 and s.run.horizon_years == 4
    rows = bound(s, s.run.replications)  # 48 months x 5 budgets x 94 x 3 replications
    assert rows < SPREADSHEET_ROWS / 10
