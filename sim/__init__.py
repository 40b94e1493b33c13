"""Ontschot: simulate earmarked versus pooled social-domain budgets with emergency buttons.

    import sim
    scenario = sim.load_scenario("scenarios/eindhoven_capped.yaml")
    result = sim.run(scenario, seed=1, replications=5)
    result.summary
"""

__version__ = "0.1.0"

from .errors import ScenarioError  # noqa: E402
from .loader import load_scenario  # noqa: E402
from .results import Result, run  # noqa: E402
from .scenario import Scenario  # noqa: E402

__all__ = ["load_scenario", "run", "Result", "Scenario", "ScenarioError", "__version__"]
