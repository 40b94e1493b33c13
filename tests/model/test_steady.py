"""A steady first year (issue 12, part 3): the day-0 caseload is the model's own steady state.

In the baseline nothing changes over the term, so each domain's stock of clients with a payment
must stay where it was on day 0, within its luck. The stock of an M/G/oo system in steady state
is Poisson, so the difference of the stock at two moments has a variance of at most twice its
mean: the tolerance is four of those standard errors (about 60 comparisons below, so a false
alarm is rare), derived from the stock, never tuned to a seed.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.model.engine import run_replication
from sim.model.steady import _extra_chances, steady_state

from tests.helpers import SCENARIOS

MONTHS = (1, 12, 24, 36, 48)
SEEDS = (1, 2, 3)


def stock(raw, domain: int, day: float) -> int:
    """Clients with a payment in a domain on a day: distinct cases with a running grant there."""
    g = raw.grants[(raw.grants["case_id"] >= 0) & (raw.grants["rate"] > 0) & (raw.grants["domain"] == domain)]
    live = (g["start"] <= day) & (g["end"] > day)
    return len(np.unique(g["case_id"][live]))


@pytest.fixture(scope="module")
def baseline():
    return sim.load_scenario(SCENARIOS / "baseline_earmarked.yaml")


@pytest.mark.parametrize("seed", SEEDS)
def test_baseline_stock_stays_flat_per_domain(baseline, seed):
    raw = run_replication(baseline, seed, 0)
    ss = steady_state(baseline)
    for d, name in enumerate(raw.domain_names):
        se = np.sqrt(2 * ss.stock(d))
        start = stock(raw, d, 0.0)
        assert abs(start - ss.stock(d)) < 4 * np.sqrt(ss.stock(d)), (name, start, ss.stock(d))
        for m in MONTHS:
            day = min(m * 365 / 12, raw.horizon - 1e-6)
            now = stock(raw, d, day)
            assert abs(now - start) < 4 * se, f"{name} seed {seed}: {start} on day 0, {now} in month {m}"


def test_given_caseload_still_means_what_it_says(baseline):
    """`warm_start: given` keeps the file's numbers: exactly that many clients in care on day 0."""
    s = baseline.model_copy(deep=True)
    s.run.warm_start = "given"
    raw = run_replication(s, 1, 0)
    for d, name in enumerate(raw.domain_names):
        assert stock(raw, d, 0.0) == s.domains[name].initial_caseload


def test_steady_state_follows_the_flows(baseline):
    """More first requests mean proportionally more clients in care; longer care, more clients in care."""
    ss = steady_state(baseline)
    more = baseline.model_copy(deep=True)
    more.municipality.residents *= 2
    assert np.allclose(steady_state(more).in_care.sum(), 2 * ss.in_care.sum())
    longer = baseline.model_copy(deep=True)
    longer.provisions["jeugd_tailored"].duration_days *= 2
    d = baseline.domain_names().index("jeugd")
    assert steady_state(longer).stock(d) > 1.3 * ss.stock(d)
    # Every class's clients come back only while generations are left.
    assert ss.back_generation.max() < baseline.outcome.max_generations
    assert ss.generation.max() == baseline.outcome.max_generations - 1


def test_extra_problems_are_drawn_without_replacement_by_weight():
    w = np.array([3.0, 2.0, 1.0, 0.0])
    one = _extra_chances(w, 0, 1)
    assert np.allclose(one, [0, 2 / 3, 1 / 3, 0])
    two = _extra_chances(w, 0, 2)
    assert np.allclose(two, [0, 1, 1, 0])  # only two domains to draw from
    rng = np.random.default_rng(0)
    keys = np.log(np.where(w > 0, w, 1e-300))[None, :] + rng.gumbel(size=(200_000, 4))
    keys[:, 0] = -np.inf
    top = np.argmax(keys, axis=1)
    assert np.allclose(np.bincount(top, minlength=4) / len(top), one, atol=0.01)
