"""Conservation of money: every euro in the ledger belongs to a provision and a case."""

import numpy as np
import pandas as pd
import pytest

import sim

from sim.model import ledger as L
from sim.model.engine import GRANT_DTYPE
from sim.policy.calendar import DAYS_PER_MONTH

SCENARIOS = ["baseline_earmarked.yaml", "pooled_integral.yaml", "eindhoven_radical_maatwerk.yaml",
             "eindhoven_capped.yaml"]


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("seed", [1, 2])
def test_money_is_conserved(small_runs, name, seed):
    res = small_runs(name, seed=seed, replications=2)
    led, cases, summary = res.ledger, res.cases, res.summary
    pay = led[led["kind"] == "payment"]
    assert len(pay) > 0
    # Every payment belongs to a case and a provision, and is positive.
    assert (pay["case_id"] >= 0).all()
    assert pay["provision"].notna().all() and (pay["provision"] != "").all()
    assert (pay["amount"] > 0).all()
    assert pay["day"].between(0, 365 * res.scenario.run.horizon_years).all()
    for rep, rows in pay.groupby("replication"):
        # The summary's total cost is the sum of the ledger's payments.
        total = summary.loc[summary["replication"] == rep, "total_cost"].item()
        assert total == pytest.approx(rows["amount"].sum(), rel=1e-12)
        # Per case: the cases table's cost is that case's payments.
        by_case = rows.groupby("case_id")["amount"].sum()
        c = cases[cases["replication"] == rep].set_index("case_id")["cost"]
        assert np.allclose(c.reindex(by_case.index).to_numpy(), by_case.to_numpy())
        assert c.drop(by_case.index).eq(0).all()
        assert set(by_case.index) <= set(c.index)


@pytest.mark.parametrize("name", SCENARIOS)
def test_settlement_accounts_for_every_overspent_euro(small_runs, name):
    res = small_runs(name, seed=3)
    led = res.ledger
    years = res.scenario.run.horizon_years
    pay = led[led["kind"] == "payment"].copy()
    pay["year"] = np.minimum(((pay["day"] - 1e-9) // 365).astype(int), years - 1)
    spent = pay.groupby(["budget", "year"])["amount"].sum()
    alloc = led[led["kind"] == "allocation"].assign(year=lambda d: (d["day"] // 365).astype(int))
    alloc = alloc.groupby(["budget", "year"])["amount"].sum()
    idx = spent.index.union(alloc.index)
    over = (spent.reindex(idx, fill_value=0) - alloc.reindex(idx, fill_value=0)).clip(lower=0)
    covered = led[led["kind"].isin(["deficit", "reserve_draw", "pool_cover"])]["amount"].sum()
    assert covered == pytest.approx(over.sum(), rel=1e-9, abs=1e-3)
    pooled = led.loc[led["kind"] == "pool_cover", "amount"].sum()
    assert res.summary["overspend"].item() == pytest.approx(over.sum() - pooled, rel=1e-9, abs=1e-3)


def _grants(rows):
    return np.array([tuple(r) + (0,) * (len(GRANT_DTYPE) - len(r)) for r in rows], dtype=GRANT_DTYPE)


def test_payments_split_by_month_and_stop_at_horizon():
    # A grant of EUR 1 a day from day 10 to day 100, and one running past a 120-day horizon.
    g = _grants([(0, 0, 0, 0, 10.0, 100.0, 1.0, 0.0), (1, 0, 0, 0, 50.0, 500.0, 2.0, 0.0),
                 (2, 1, 0, 1, 30.0, 30.0, 0.0, 250.0)])
    pay = L.payments(g, horizon=120.0)
    paid = np.bincount(g["case_id"][pay["grant"]], weights=pay["amount"])
    assert paid[0] == pytest.approx(90.0)
    assert paid[1] == pytest.approx(2.0 * 70.0)
    assert paid[2] == pytest.approx(250.0)  # a one-off payment
    # Commitment = paid within the horizon + still outstanding after it.
    outstanding = g["rate"] * np.maximum(0, g["end"] - np.maximum(g["start"], 120.0))
    assert np.allclose(L.commitments(g), paid + outstanding)
    # No payment row spans two months.
    assert (pay["day"] <= (pay["month"] + 1) * DAYS_PER_MONTH + 1e-9).all()


def test_settle_reserve_covers_later_deficit():
    spent = np.array([[80.0, 130.0]])
    alloc = np.array([[100.0, 100.0]])
    rows, acc = L.settle(spent, alloc, ["pool"], underspend="reserve", initial_reserve=0.0)
    assert acc["overspend_by_year"] == [0.0, 30.0]
    assert acc["deficit_by_year"] == [0.0, 10.0]  # 20 saved in year 1 covers part of year 2
    rows2, acc2 = L.settle(spent, alloc, ["pool"], underspend="return", initial_reserve=0.0)
    assert acc2["deficit_by_year"] == [0.0, 30.0]
    assert set(rows2["kind"]) == {"allocation", "returned", "deficit"}
    assert isinstance(rows, pd.DataFrame)


def test_settle_lets_the_pool_pay_the_domains_overspend_first():
    """Partial pooling: a domain over its (smaller) allocation is paid from the pool's headroom, in
    proportion to need, before the reserve or a deficit; and a domain's headroom pays the pool's."""
    names = ["wmo", "jeugd", "pool"]
    alloc = np.array([[50.0], [50.0], [100.0]])
    spent = np.array([[80.0], [60.0], [70.0]])      # domains 30 and 10 over; the pool 30 under
    rows, acc = L.settle(spent, alloc, names, underspend="return", initial_reserve=0.0, pools=[2])
    cover = rows[rows["kind"] == "pool_cover"].set_index("budget")["amount"]
    assert cover.to_dict() == pytest.approx({"wmo": 22.5, "jeugd": 7.5})
    assert acc["overspend_by_year"] == pytest.approx([10.0]) and acc["deficit_by_year"] == pytest.approx([10.0])
    deficit = rows[rows["kind"] == "deficit"].set_index("budget")["amount"]
    assert deficit.to_dict() == pytest.approx({"wmo": 7.5, "jeugd": 2.5})
    assert not (rows["kind"] == "returned").any()   # all of the pool's headroom went to the domains
    # Enough headroom: no deficit, and the rest of the pool's underspend is returned.
    rows, acc = L.settle(np.array([[60.0], [50.0], [20.0]]), alloc, names, "return", 0.0, pools=[2])
    assert acc["deficit_by_year"] == [0.0]
    assert rows.loc[rows["kind"] == "returned", "amount"].sum() == pytest.approx(70.0)
    # Without pools walls stay up.
    _, acc = L.settle(spent, alloc, names, "return", 0.0)
    assert acc["deficit_by_year"] == pytest.approx([40.0])
    # The pool 30 over, wmo 10 under: wmo's headroom pays a third of it (the pool is made of the
    # domains' money, so the same spending leaves the same deficit as one pot would: 20).
    rows, acc = L.settle(np.array([[40.0], [50.0], [130.0]]), alloc, names, "return", 0.0, pools=[2])
    assert acc["deficit_by_year"] == pytest.approx([20.0])
    assert rows.loc[rows["kind"] == "pool_cover"].set_index("budget")["amount"].to_dict() == pytest.approx({"pool": 10.0})
    assert not (rows["kind"] == "returned").any()


@pytest.mark.parametrize("seed", [1, 2])
def test_partial_pooling_shows_no_deficit_that_full_pooling_does_not(seed):
    """With the same spending, moving part of each domain's money into the pool must not create a
    deficit: the domains keep paying grants they made, and the pool's headroom pays for that (and a
    domain's headroom the pool's). What partial pooling keeps are the walls between the domains
    themselves: a domain under its budget does not pay another domain's overspend, so a deficit
    may differ from one pot's by what those walls hold, a few euros here (at most 0.01% of the
    allocation)."""
    from tests.helpers import small
    from sim.study.sweep import with_values

    s = small("pooled_integral.yaml", 20_000, years=2)
    runs = {x: sim.run(with_values(s, {"budget.pooled_share": x}), seed=seed, replications=1).summary.iloc[0]
            for x in (0.5, 0.75, 1.0)}
    for x in (0.5, 0.75):
        assert runs[x]["total_cost"] == pytest.approx(runs[1.0]["total_cost"], rel=1e-9)
        assert runs[x]["deficit"] <= runs[1.0]["deficit"] + 1e-4 * runs[1.0]["allocation"]
