"""Test helpers: the shipped scenarios, scaled down to a small municipality.

Tests use small municipalities and few replications so the suite runs in minutes; the large
runs belong in benchmarks/.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import sim
from sim.policy.loader import load_scenario
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


# The shipped small-municipality base, for mechanism tests written as a user would write a file.
BASE = SCENARIOS / "base" / "small_municipality.yaml"
_names = itertools.count()


def variant(folder: Path, body: str = "", residents: int = 10_000, years: int = 2) -> sim.Scenario:
    """The small-municipality base for `residents` and `years`, with the YAML `body` on top.

    The figures in `body` are, like the base's, for the base's size_reference (30,000 residents)
    and are scaled with it.
    """
    small = folder / f"small_{residents}_{years}.yaml"
    small.write_text(f"extends: {BASE}\nmunicipality: {{residents: {residents}}}\n"
                     f"run: {{horizon_years: {years}}}\n", encoding="utf-8")
    path = folder / f"variant_{next(_names)}.yaml"
    path.write_text(f"extends: {small.name}\nname: {path.stem}\n{body}", encoding="utf-8")
    return load_scenario(path)


def run(s: sim.Scenario, seed: int = 1) -> sim.Result:
    return sim.run(s, seed=seed, replications=1)
