"""Shared test helpers: the shipped scenarios, scaled down to a small municipality.

Tests use small municipalities and few replications so the suite runs in minutes; the large
runs belong in benchmarks/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sim
from sim.policy.scale import rescale

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(p for p in SCENARIOS.rglob("*.yaml"))


def small(name: str, residents: int = 20_000, years: int | None = None) -> sim.Scenario:
    """A shipped scenario scaled to `residents`: caseloads, budgets, staff and places in proportion."""
    s = rescale(sim.load_scenario(SCENARIOS / name), residents)
    if years is not None:
        s.run.horizon_years = years
    return s


@pytest.fixture(scope="session")
def small_runs():
    """Session cache of small runs, keyed by (scenario file, seed, replications)."""
    cache: dict = {}

    def get(name: str, seed: int = 1, replications: int = 1, residents: int = 20_000) -> sim.Result:
        key = (name, seed, replications, residents)
        if key not in cache:
            cache[key] = sim.run(small(name, residents), seed=seed, replications=replications)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def small_comparison():
    """One comparison for the reporting tests: no buttons, buttons, pooled; 20,000 residents, two years,
    3 replications (a few seconds)."""
    from sim.study.compare import compare

    names = ("eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml", "pooled_integral.yaml")
    return compare([small(n, years=2) for n in names], seed=1, replications=3)
