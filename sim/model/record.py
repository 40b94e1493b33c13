"""The case record: one mutable row per episode, filled in as the journey goes.

A list indexed by these constants is the cheapest record in CPython's hot path; `sim.tables`
turns the rows into the `cases` table under the names in `COLUMNS`, and adds what follows from
the grants (provisions, paying budgets, cost) there rather than in the event loop.
"""

from ..policy.actions import ACTIONS

COLUMNS = (
    "case_id", "parent_case_id", "resident_id", "generation", "origin", "initial", "latent",
    "arrival_day", "decision_day", "closed_day", "domains", "n_problems", "max_severity",
    "neighbourhood", "age_group", "n_intakes", "n_missed", "intake_wait_days", "access_days",
    "wait_days", "policy", "integrated", "outcome", "n_escalated",
    "satisfaction", "button", "delay_days", "legal_exposure", "exposure_days", "appealed",
    "subgroup", "exception", "personal_budget", "decided_in_term",
)
(CASE_ID, PARENT, RESIDENT, GENERATION, ORIGIN, INITIAL, LATENT, ARRIVAL, DECISION_DAY, CLOSED_DAY,
 DOMAINS, N_PROBLEMS, MAX_SEVERITY, NEIGHBOURHOOD, AGE_GROUP, N_INTAKES, N_MISSED, INTAKE_WAIT,
 ACCESS_DAYS, WAIT_DAYS, POLICY, INTEGRATED, OUTCOME, N_ESCALATED, SATISFACTION,
 BUTTON, DELAY_DAYS, EXPOSED, EXPOSURE_DAYS, APPEALED, SUBGROUP, EXCEPTION, PERSONAL, IN_TERM) = range(len(COLUMNS))

NAN = float("nan")


def new(case_id: int, parent: int, resident: int, generation: int, origin: str, latent: bool, arrival: float,
        domains: tuple, n_problems: int, max_severity: int, neighbourhood: int, age_group: int, subgroup: int = 0) -> list:
    """A fresh record: an episode that has arrived and is 'open' until its journey fills it in."""
    return [case_id, parent, resident, generation, origin, False, latent, arrival, NAN, NAN, domains,
            n_problems, max_severity, neighbourhood, age_group, 0, 0, 0.0, NAN, NAN, "", False,
            "open", 0, NAN, None, 0.0, False, 0.0, False, subgroup, False, False, None]


# The journey's decisions, noted as they are taken into one flat buffer of numbers (an
# array('d'), STEP_WIDTH per decision in the order of STEP_COLUMNS): no Python object is kept
# per decision, which the hot path would pay for. Kinds and rules are codes into STEP_KINDS and
# STEP_RULES, domains, provisions, budgets and buttons their indices (-1: none), providers their
# codes (0: none); `sim.model.tables.steps_table` turns them into names (docs/tables.md).
STEP_COLUMNS = ("case_id", "day", "step", "domain", "provision", "budget", "provider", "button", "rule", "days", "value")
STEP_WIDTH = len(STEP_COLUMNS)
STEP_KINDS = ("intake", "handoff", "missed", "community", "button", "personal_budget", "hardship", "referral_check",
              "provider", "exposure", "appeal", "decision", "pool")
STEP_RULES = ("desk", "bundled", "team", "desks", "outside_domain", "absorb", "button",
              "close_intake", "waitlist", "refused", "redirected", "standard_only", "approval", "intensity_cut",
              "in_kind", "across", "general_set_aside", "steered", "kept", "placed", "extra_contracted", "appeal",
              "held", "cut", "intensity", "provider_wait", "past_term", "handoffs", "hardship", "referral",
              "steered_heavy", "no_room")
STEP_RULES += tuple(dict.fromkeys(r for a in ACTIONS for r in a.step_rules() if r not in STEP_RULES))  # a new action's
KIND = {k: i for i, k in enumerate(STEP_KINDS)}
RULE = {r: i for i, r in enumerate(STEP_RULES)}
NONE = -1  # no domain, provision, budget or button in a step

# Why a case counts as legal exposure (docs/tables.md, "Legal exposure and its cause"). The journey
# notes an `exposure` step, with its rule, at the moment a case becomes exposed; each rule an
# exposure step can carry belongs to one cause, and a case's cause is that of its first exposure
# step, the first thing that made its care unlawful (a case held by a button that then also waits
# for a provider counts under `button`). The causes the model can produce, in the order reports show them:
#   button    an emergency button held the request (close_intake, waitlist) or its approval step ran past
#             the legal decision term
#   rule      the municipality's own procedure kept the decision past the legal term: hand-offs between
#             desks in turn, the hardship clause, a referral check (no budget or payer rule delays a decision)
#   provider  waiting for a place, or for a provider's money under its ceiling, at every provider
#   cut       fewer hours or a shorter care than assessed: an intensity_cut button (noted when it is decided,
#             then per problem with its days), or a dated intensity below 1
#   refusal   refused (stricter_access), or necessary tailored care steered to a general provision
#             (standard_only beyond the severity a general provision can meet)
EXPOSURE_CAUSES = ("button", "rule", "provider", "cut", "refusal")
EXPOSURE_CAUSE = {"held": "button", "approval": "button", "past_term": "rule", "provider_wait": "provider",
                  "intensity_cut": "cut", "cut": "cut", "intensity": "cut", "refused": "refusal", "steered_heavy": "refusal"}


def exposure_causes(case_ids, rules) -> dict[int, str]:
    """Each exposed case's one cause, from its exposure steps in the order they were noted (`case_ids`
    and `rules`, the rule names of the steps whose kind is `exposure`): the cause of its first.
    The one rule the summary's counts (`sim.model.tables`) and a case's story (`ontschot explain`) read."""
    out: dict[int, str] = {}
    for cid, rule in zip(case_ids, rules):
        out.setdefault(int(cid), EXPOSURE_CAUSE[rule])
    return out
