"""The case record: one mutable row per episode, filled in as the journey goes.

A list indexed by these constants is the cheapest record in CPython's hot path; `sim.tables`
turns the rows into the `cases` table under the names in `COLUMNS`, and adds what follows from
the grants (provisions, paying budgets, cost) there rather than in the event loop.
"""

COLUMNS = (
    "case_id", "parent_case_id", "resident_id", "generation", "origin", "initial", "latent",
    "arrival_day", "decision_day", "closed_day", "domains", "n_problems", "max_severity",
    "neighbourhood", "age_group", "n_intakes", "n_missed", "intake_wait_days", "access_days",
    "wait_days", "policy", "integrated", "outcome", "n_escalated",
    "satisfaction", "button", "delay_days", "legal_exposure", "exposure_days", "appealed",
    "subgroup", "exception", "personal_budget",
)
(CASE_ID, PARENT, RESIDENT, GENERATION, ORIGIN, INITIAL, LATENT, ARRIVAL, DECISION_DAY, CLOSED_DAY,
 DOMAINS, N_PROBLEMS, MAX_SEVERITY, NEIGHBOURHOOD, AGE_GROUP, N_INTAKES, N_MISSED, INTAKE_WAIT,
 ACCESS_DAYS, WAIT_DAYS, POLICY, INTEGRATED, OUTCOME, N_ESCALATED, SATISFACTION,
 BUTTON, DELAY_DAYS, EXPOSED, EXPOSURE_DAYS, APPEALED, SUBGROUP, EXCEPTION, PERSONAL) = range(len(COLUMNS))

NAN = float("nan")


def new(case_id: int, parent: int, resident: int, generation: int, origin: str, latent: bool, arrival: float,
        domains: tuple, n_problems: int, max_severity: int, neighbourhood: int, age_group: int, subgroup: int = 0) -> list:
    """A fresh record: an episode that has arrived and is 'open' until its journey fills it in."""
    return [case_id, parent, resident, generation, origin, False, latent, arrival, NAN, NAN, domains,
            n_problems, max_severity, neighbourhood, age_group, 0, 0, 0.0, NAN, NAN, "", False,
            "open", 0, NAN, None, 0.0, False, 0.0, False, subgroup, False, False]


# The journey's decisions, one tuple per decision as it is taken (`sim.model.tables.steps_table`
# turns them into the steps table of docs/tables.md): codes here, names there.
STEP_COLUMNS = ("case_id", "day", "step", "domain", "provision", "budget", "provider", "button", "rule", "days", "value")
NONE = -1  # no domain, provision or budget in a step
