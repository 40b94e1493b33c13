"""Ontschot: simulate earmarked versus pooled social-domain budgets with emergency buttons.

    import sim
    scenario = sim.load_scenario("scenarios/eindhoven_capped.yaml")
    result = sim.run(scenario, seed=1, replications=5)
    result.summary
    comparison = sim.compare([sim.load_scenario("scenarios/eindhoven_radical_maatwerk.yaml"), scenario])
    comparison.differences

The package is a house of rooms with one-way doors (docs/architecture.md): `sim.policy` (what a
scenario says), `sim.model` (how the municipality runs), `sim.study` (replications, comparisons,
sweeps), `sim.report` (words, figures, briefs), and on top `sim.workshop` and `sim.cli`. The
names below are looked up lazily (PEP 562), so importing one room, say `sim.model.engine`,
imports that room and the rooms below it, not the whole package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# Public name -> the module that defines it. `sim.compare` and `sim.sweep` are the functions;
# their modules are `sim.study.compare` and `sim.study.sweep`.
_PUBLIC = {
    "load_scenario": "sim.policy.loader",
    "Scenario": "sim.policy.scenario",
    "ScenarioError": "sim.errors",
    "run": "sim.study.results",
    "Result": "sim.study.results",
    "compare": "sim.study.compare",
    "Comparison": "sim.study.compare",
    "sweep": "sim.study.sweep",
    "Sweep": "sim.study.sweep",
}

__all__ = [*_PUBLIC, "__version__"]

if TYPE_CHECKING:  # for type checkers and editors; at run time `__getattr__` does the work
    from .errors import ScenarioError
    from .policy.loader import load_scenario
    from .policy.scenario import Scenario
    from .study.compare import Comparison, compare
    from .study.results import Result, run
    from .study.sweep import Sweep, sweep


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
