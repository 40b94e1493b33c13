"""The running-rate budget is exact: compare with summing every grant by hand.

Then who pays: earmarked walls, a pool, and the pool split into neighbourhood pots.
"""

import random

import numpy as np
import pytest

from sim.model.budget import Account, annual_allocations
from sim.policy.calendar import DAYS_PER_YEAR as YEAR

from tests.helpers import small
from tests.helpers import run, variant


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


# ---------------------------------------------------------------- neighbourhood pots (budget.neighbourhood_pools)

POTS = "budget: {pooled_share: SHARE, neighbourhood_pools: POTS}\nmunicipality: {neighbourhoods: 4}\n"
POOL_BUTTON = """\
buttons:
  - {name: pool_cap, metric: spent_share, budget: pool, fire: 0.8, release: 0.7, action: waitlist}
"""


def _pots(tmp_path, share: float, pots: bool, extra: str = ""):
    return run(variant(tmp_path, POTS.replace("SHARE", str(share)).replace("POTS", str(pots).lower()) + extra))


@pytest.mark.parametrize("share", [1.0, 0.3])
def test_neighbourhood_pots_split_the_pool_and_pay_for_their_own_residents(tmp_path, share):
    pool, pots = _pots(tmp_path, share, False), _pots(tmp_path, share, True)
    names = [f"neighbourhood_{k}" for k in range(1, 5)]
    led = pots.ledger
    assert "pool" not in set(led["budget"].astype(str))
    assert set(names) <= set(led["budget"].astype(str))
    # The pool's money, split equally over the pots, year by year.
    alloc = led[led["kind"] == "allocation"]
    pool_alloc = pool.ledger[(pool.ledger["kind"] == "allocation") & (pool.ledger["budget"] == "pool")]
    for day, amount in zip(pool_alloc["day"], pool_alloc["amount"]):
        got = alloc[(alloc["day"] == day) & alloc["budget"].isin(names)].set_index("budget")["amount"]
        assert np.allclose(got.reindex(names), amount / 4)
    assert pots.summary["allocation"].item() == pytest.approx(pool.summary["allocation"].item())
    # Each pot pays only for its own residents; the domains keep paying for their own domain.
    pay = led[(led["kind"] == "payment") & (led["case_id"] >= 0)]
    where = pots.cases.set_index("case_id")["neighbourhood"]
    from_pot = pay[pay["budget"].isin(names)]
    assert len(from_pot) > 0
    pot_index = from_pot["budget"].astype(str).str.removeprefix("neighbourhood_").astype(int) - 1
    assert (where.reindex(from_pot["case_id"]).to_numpy() == pot_index.to_numpy()).all()
    assert pot_index.nunique() == 4
    own = pay[~pay["budget"].isin(names)]
    assert (own["budget"].astype(str) == own["domain"].astype(str)).all()
    # Who pays does not change the help: the same cost, paid from the pool or from the pots.
    assert pots.summary["total_cost"].item() == pytest.approx(pool.summary["total_cost"].item())
    pool_pay = pool.ledger[(pool.ledger["kind"] == "payment") & (pool.ledger["budget"] == "pool")]["amount"].sum()
    assert from_pot["amount"].sum() == pytest.approx(pool_pay)


def test_a_pool_button_reads_all_the_pots(tmp_path):
    pool, pots = _pots(tmp_path, 1.0, False, POOL_BUTTON), _pots(tmp_path, 1.0, True, POOL_BUTTON)
    assert (pool.events["kind"] == "press").sum() >= 1
    assert list(pots.events["day"]) == list(pool.events["day"])
    assert np.allclose(pots.events["value"], pool.events["value"])
    assert pots.summary["total_cost"].item() == pytest.approx(pool.summary["total_cost"].item())
    waiting = [r.timeseries.loc[r.timeseries["budget"] == "total", "waiting"].to_numpy() for r in (pool, pots)]
    assert waiting[0].max() > 0 and (waiting[0] == waiting[1]).all()  # the button held the same cases back


def test_a_button_may_read_one_pot(tmp_path):
    one_pot = POOL_BUTTON.replace("budget: pool", "budget: neighbourhood_2")
    one_pot = one_pot.replace("fire: 0.8, release: 0.7", "fire: 0.5, release: 0.4")
    r = _pots(tmp_path, 1.0, True, one_pot)
    assert set(r.events["budget"]) == {"neighbourhood_2"} and (r.events["kind"] == "press").any()


@pytest.mark.parametrize("pooled, pots", [(0.0, False), (1.0, False), (0.3, False), (0.3, True), (1.0, True)])
def test_the_vectorised_payer_rule_is_the_payer_rule(pooled, pots):
    """`Budgets.payers` (the day-0 caseload's) gives, grant by grant, what `Budgets.payer` gives at the
    same moment before any of them is committed: the same budget and the same rule. With partial
    pooling some domains' years are spoken for (their spending is committed up to the allocation),
    so both branches of the rule are taken."""
    from sim.model.budget import PAYER_RULES, Budgets

    s = small("baseline_earmarked.yaml", 20_000, years=2)
    s.budget.pooled_share = pooled
    s.budget.neighbourhood_pools = pots
    b = Budgets(s)
    for d in (0, 2):  # these domains' years are spoken for
        acc = b.accounts[d]
        acc.commit(0.0, acc.year_allocation() / 100.0, 400.0)
    rng = np.random.default_rng(3)
    n = 200
    domains = rng.integers(0, b.n_domains, n)
    neighbourhoods = rng.integers(0, 7, n)
    now = 10.0
    budgets, rules, share = b.payers(now, domains, neighbourhoods)
    one = [b.payer(now, int(d), int(k)) for d, k in zip(domains, neighbourhoods)]
    assert budgets.tolist() == [o[0] for o in one] and rules.tolist() == [o[1] for o in one]
    assert share == pooled and all(o[2] == share for o in one)
    if 0 < pooled < 1:
        assert {"own_budget", "spoken_for"} == {PAYER_RULES[k] for k in rules.tolist()}
    assert b.payer(now, None, 3)[:2] == (b.pool_of(3), PAYER_RULES.index("across"))
