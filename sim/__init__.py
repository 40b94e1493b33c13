"""Ontschot: simulate earmarked versus pooled social-domain budgets with emergency buttons.

    import sim
    scenario = sim.load_scenario("scenarios/eindhoven_capped.yaml")
    result = sim.run(scenario, seed=1, replications=5)
    result.summary
    comparison = sim.compare([sim.load_scenario("scenarios/eindhoven_radical_maatwerk.yaml"), scenario])
    comparison.differences
"""

__version__ = "0.1.0"

# `sim.compare` and `sim.sweep` are the functions; their modules are reached with
# `from sim.compare import ...` and `from sim.sweep import ...`.

from .errors import ScenarioError  # noqa: E402
from .loader import load_scenario  # noqa: E402
from .results import Result, run  # noqa: E402
from .scenario import Scenario  # noqa: E402
from .compare import Comparison, compare  # noqa: E402
from .sweep import Sweep, sweep  # noqa: E402

__all__ = ["load_scenario", "run", "compare", "sweep", "Result", "Comparison", "Sweep", "Scenario", "ScenarioError",
           "__version__"]
