"""The running-rate budget is exact: compare with summing every grant by hand."""

import random

import pytest

from sim.budget import YEAR, Account, annual_allocations

from conftest import small


def brute_spent(grants, t):
    return sum(r * max(0.0, min(e, t) - s) for s, e, r in grants)


def test_running_rate_matches_brute_force():
    rng = random.Random(1)
    acc = Account("wmo", [1e6, 1e6, 1e6])
    grants = []
    now = 0.0
    for _ in range(400):
        now += rng.expovariate(1.0)
        s, e, r = now, now + rng.uniform(1, 400), rng.uniform(1, 50)
        acc.commit(s, r, e)
        grants.append((s, e, r))
        if rng.random() < 0.2:
            acc.advance(now)
            assert acc.spent == pytest.approx(brute_spent(grants, now), rel=1e-9)
            outstanding = sum(r * max(0.0, e - max(s, now)) for s, e, r in grants)
            assert acc.outstanding(now) == pytest.approx(outstanding, rel=1e-9, abs=1e-6)
    for t in (now + 10, 2 * YEAR + 1):
        acc.advance(t)
        assert acc.spent == pytest.approx(brute_spent(grants, t), rel=1e-9)
    assert acc.year == 2
    assert acc.spent_this_year() == pytest.approx(brute_spent(grants, t) - brute_spent(grants, 2 * YEAR), rel=1e-9)


def test_projection_assumes_current_rate():
    acc = Account("pool", [365.0])
    acc.commit(0.0, 2.0, 1000.0)
    acc.advance(100.0)
    assert acc.projected(100.0) == pytest.approx(2.0 * 365)


def test_allocations_follow_pooled_share_day_by_day():
    s = small("baseline_earmarked.yaml")
    s.budget.pooled_share = [type(s.budget.pooled_share[0])(from_day=0, value=0.0),
                             type(s.budget.pooled_share[0])(from_day=365 + 182, value=1.0)]
    alloc = annual_allocations(s)
    total = sum(d.budget[0].value for d in s.domains.values())
    assert alloc[:, 0].sum() == pytest.approx(total)
    assert alloc[-1, 0] == 0
    assert alloc[-1, 1] == pytest.approx(total * (365 - 182) / 365)
    assert alloc[-1, 2] == pytest.approx(total)
    assert alloc[:, 2][:-1].sum() == pytest.approx(0)


def _maatwerk(share: float):
    import sim

    s = small("eindhoven_radical_maatwerk.yaml", residents=10_000, years=2)
    s.budget.pooled_share = [type(s.budget.pooled_share[0])(from_day=0, value=share)]
    return sim.run(s, seed=1, replications=1).ledger


def test_earmarked_budgets_cannot_pay_a_cross_domain_plan():
    led = _maatwerk(0.0)
    pay = led[led["kind"] == "payment"]
    assert not (pay["provision"] == "integral_plan").any()
    assert not (pay["budget"] == "pool").any()
    assert (pay["budget"].astype(str) == pay["domain"].astype(str)).all()


def test_partial_pooling_pays_from_both_walls_and_pool():
    led = _maatwerk(0.5)
    pay = led[led["kind"] == "payment"]
    assert (pay["budget"] == "pool").any() and (pay["budget"] != "pool").any()
    # Cross-domain plans only from the pool; a domain budget pays only its own domain.
    assert (pay.loc[pay["provision"] == "integral_plan", "budget"] == "pool").all()
    own = pay[pay["budget"] != "pool"]
    assert (own["budget"].astype(str) == own["domain"].astype(str)).all()
