"""The intake desk is an M/M/c queue: its mean wait must match Erlang C.

One domain, Poisson arrivals, an exponential intake time, c staff and nothing else (no caps,
no multi-problem cases, no follow-up episodes, no latent demand, no community provision): the
desk is then exactly an M/M/c queue, and the mean wait in its queue has a closed form,

    Wq = C(c, a) / (c * mu - lambda),   a = lambda / mu,

with C(c, a) the Erlang C probability that an arrival has to wait. We check it at two loads.

The confidence interval is built from independent replications (each replication draws its
own streams): the queue starts empty, so cases arriving during a warm-up are dropped; cases
arriving in the last days are dropped too, because a case still queued at the horizon has no
completed wait (it shows 0, see `test_window_only_holds_completed_intakes`). Each replication
gives one pair (sum of waits, number of cases) over that window; the pairs are independent and
identically distributed, whatever the correlation of successive waits within a replication.
The estimate is the ratio of the totals, sum of all waits over number of all cases, with the
usual ratio-estimator (delta-method) standard error and a Student-t quantile. The ratio, not
the mean of the per-replication means: a replication with more arrivals has both more cases and
longer waits, so averaging per-replication means weighs the busy replications too little and is
biased low at high load (in steady state E[sum] / E[count] is exactly Wq, by PASTA). To show that
the interval means something, the same interval must exclude the Erlang C value for one staff
member more or fewer and for an intake time 10% shorter or longer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import sim
from sim.policy.scenario import Scenario

DOMAIN = "wmo"
RESIDENTS = 100_000
STAFF = 3
INTAKE_DAYS = 1.0  # mean intake time 1/mu, in days
CONFIDENCE = 0.99  # 99%: the interval misses the truth once in a hundred seeds, not once in twenty
END_MARGIN = 30.0  # days before the horizon after which arrivals are dropped (their wait may be cut off)


# --- the analytic side ----------------------------------------------------------------------


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival at an M/M/c queue with offered load a = lambda/mu must wait."""
    if a >= c:
        return 1.0
    term = total = 1.0  # a^k / k!, summed over k < c
    for k in range(1, c):
        term *= a / k
        total += term
    top = term * a / c * c / (c - a)  # a^c / c! * c / (c - a)
    return top / (total + top)


def mean_queue_wait(lam: float, mu: float, c: int) -> float:
    """Erlang C mean wait in the queue (before the intake starts); infinite when unstable."""
    if lam >= c * mu:
        return math.inf
    return erlang_c(c, lam / mu) / (c * mu - lam)


def t_quantile(p: float, df: int) -> float:
    """Student-t quantile by the Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5).

    Good to about 1e-4 for df >= 10, which is all a confidence interval here needs; no scipy.
    """
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def test_erlang_c_matches_known_values():
    # M/M/1: the probability of waiting is rho and Wq = rho / (mu - lambda).
    assert erlang_c(1, 0.7) == pytest.approx(0.7)
    assert mean_queue_wait(0.7, 1.0, 1) == pytest.approx(0.7 / 0.3)
    # M/M/2 with a = 1: P(wait) = (1/2 * 2) / (1 + 1 + 1) = 1/3; Wq = (1/3) / (2 - 1).
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert mean_queue_wait(1.0, 1.0, 2) == pytest.approx(1 / 3)
    # Textbook value: c = 3, a = 2 gives P(wait) = 4/9.
    assert erlang_c(3, 2.0) == pytest.approx(4 / 9)
    assert mean_queue_wait(3.0, 1.0, 3) == math.inf
    # Student-t quantiles (tables): t(0.995, 10) = 3.169, t(0.995, 39) = 2.708, t(0.975, 29) = 2.045.
    assert t_quantile(0.995, 10) == pytest.approx(3.169, abs=2e-3)
    assert t_quantile(0.995, 39) == pytest.approx(2.708, abs=1e-3)
    assert t_quantile(0.975, 29) == pytest.approx(2.045, abs=1e-3)


# --- the simulated side ---------------------------------------------------------------------


def mmc_scenario(lam: float, c: int, intake_days: float, years: int) -> Scenario:
    """One domain whose desk is an M/M/c queue with arrival rate `lam` per day."""
    incidence = lam * 365 * 1000 / RESIDENTS  # requests per 1,000 residents a year
    return Scenario.model_validate({
        "name": "M/M/c desk",
        "municipality": {"residents": RESIDENTS},
        "run": {"horizon_years": years},
        "domains": {DOMAIN: {"incidence": incidence, "budget": 1e7, "initial_caseload": 0,
                             "desk_staff": c, "intake_days": intake_days}},
        "population": {"multi_problem_share": 0.0, "latent_share": 0.0},
        "access": {"mode": "desks", "community_absorb": 0.0, "latent_uptake": 0.0},
        "outcome": {"max_generations": 1},
        "provisions": {
            "general": {"kind": "general", "domains": [DOMAIN], "monthly_cost": 100.0,
                        "duration_days": 90.0, "effectiveness": 0.5},
            "tailored": {"kind": "tailored", "domains": [DOMAIN], "monthly_cost": 500.0,
                         "duration_days": 180.0, "effectiveness": 0.5},
        },
        "buttons": [],
    })


@dataclass(frozen=True)
class Load:
    rho: float  # utilisation lambda / (c * mu)
    years: int
    warmup: float  # days; relaxation of M/M/3 is ~4 days at rho 0.5 and ~55 days at rho 0.85
    replications: int
    seed: int

    @property
    def lam(self) -> float:
        return self.rho * STAFF / INTAKE_DAYS


LOADS = {
    "rho=0.50": Load(rho=0.50, years=2, warmup=50.0, replications=40, seed=1),
    "rho=0.85": Load(rho=0.85, years=3, warmup=150.0, replications=40, seed=1),
}


@dataclass(frozen=True)
class Queue:
    load: Load
    cases: pd.DataFrame = field(repr=False)  # the Result's cases table
    window: np.ndarray = field(repr=False)  # bool, cases arriving between the warm-up and the end margin
    sums: np.ndarray = field(repr=False)  # per replication: total intake wait of the window's cases
    counts: np.ndarray = field(repr=False)  # per replication: number of the window's cases
    estimate: float
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return bool(self.low <= value <= self.high)


def ratio_interval(sums: np.ndarray, counts: np.ndarray, confidence: float) -> tuple[float, float, float]:
    """Estimate sum(sums) / sum(counts) and its t interval over independent replications (delta method)."""
    r = len(sums)
    estimate = sums.sum() / counts.sum()
    residual = sums - estimate * counts
    se = math.sqrt((residual**2).sum() / (r - 1) / r) / counts.mean()
    half = t_quantile(1 - (1 - confidence) / 2, r - 1) * se
    return estimate, estimate - half, estimate + half


@pytest.fixture(scope="module", params=list(LOADS), ids=list(LOADS))
def queue(request) -> Queue:
    load = LOADS[request.param]
    result = sim.run(mmc_scenario(load.lam, STAFF, INTAKE_DAYS, load.years), seed=load.seed,
                     replications=load.replications)
    cases = result.cases
    horizon = 365.0 * load.years
    arrival = cases["arrival_day"].to_numpy()
    window = (arrival >= load.warmup) & (arrival < horizon - END_MARGIN)
    per_rep = (cases[window].groupby("replication")["intake_wait_days"].agg(["sum", "count"])
               .reindex(range(load.replications), fill_value=0))
    sums, counts = per_rep["sum"].to_numpy(float), per_rep["count"].to_numpy(float)
    estimate, low, high = ratio_interval(sums, counts, CONFIDENCE)
    return Queue(load, cases, window, sums, counts, estimate, low, high)


def test_scenario_is_a_plain_mmc_queue(queue):
    """Every case is a first episode through one desk; arrivals and intake times have the intended means."""
    load, cases = queue.load, queue.cases
    assert not cases["initial"].any()
    assert (cases["generation"] == 0).all() and (cases["origin"] == "new").all()
    assert (cases["domains"] == DOMAIN).all() and (cases["n_problems"] == 1).all()
    assert (cases["button"] == "").all()
    done = cases["access_days"].notna()
    assert (cases.loc[done, "n_intakes"] == 1).all()
    # Arrivals: a Poisson number with mean lambda * horizon per replication.
    expected = load.lam * 365 * load.years * load.replications
    assert abs(len(cases) - expected) < 4 * math.sqrt(expected)
    # Intake time: access time minus queue wait, exponential with mean INTAKE_DAYS (sd = mean).
    service = (cases.loc[done, "access_days"] - cases.loc[done, "intake_wait_days"]).to_numpy()
    assert service.min() >= 0
    assert abs(service.mean() - INTAKE_DAYS) < 4 * INTAKE_DAYS / math.sqrt(len(service))


def test_window_only_holds_completed_intakes(queue):
    """Arrivals in the window all finished their intake, so their recorded waits are complete."""
    assert queue.cases.loc[queue.window, "access_days"].notna().all()
    assert (queue.counts > 0).all()  # every replication has cases in the window


def test_mean_intake_wait_matches_erlang_c(queue):
    load = queue.load
    expected = mean_queue_wait(load.lam, 1 / INTAKE_DAYS, STAFF)
    assert queue.contains(expected), (
        f"rho={load.rho}: Erlang C mean wait {expected:.4f} days outside the {CONFIDENCE:.0%} interval "
        f"[{queue.low:.4f}, {queue.high:.4f}] (estimate {queue.estimate:.4f}) over {load.replications} replications")


def test_interval_is_tight_enough_to_tell_neighbouring_queues_apart(queue):
    """The interval excludes the Erlang C value for c - 1 and c + 1 staff and for an intake time 10% off."""
    lam, mu = queue.load.lam, 1 / INTAKE_DAYS
    neighbours = {
        "one staff fewer": mean_queue_wait(lam, mu, STAFF - 1),
        "one staff more": mean_queue_wait(lam, mu, STAFF + 1),
        "intake 10% shorter": mean_queue_wait(lam, mu / 0.9, STAFF),
        "intake 10% longer": mean_queue_wait(lam, mu / 1.1, STAFF),
    }
    inside = {k: round(v, 4) for k, v in neighbours.items() if queue.contains(v)}
    assert not inside, f"interval [{queue.low:.4f}, {queue.high:.4f}] also contains {inside}"
