"""What help achieves: whether a problem resolves, what follows if not, and the resident's grade.

Pure functions of the case's numbers and its pre-drawn luck, so they are easy to test and cost
nothing in the event loop. The coefficients are scenario parameters (`outcome`, `satisfaction`),
each an assumption for a workshop to discuss unless the scenario file cites a figure.
"""

from __future__ import annotations

from ..policy.scenario import Outcome, Satisfaction

RESOLVED, RELAPSE, ESCALATION, UNRESOLVED = "resolved", "relapse", "escalated", "unresolved"
# A report-card grade of 7 or more counts as satisfied: the Dutch pass mark, the line residents' surveys report
# the share above. The one place it is written; the summary, the groups, the metric words and the pictures read it.
SATISFIED_GRADE = 7.0


def resolve_chance(o: Outcome, effectiveness: float, severity: int, wait_days: float,
                   fragmented: bool, bonus: float) -> float:
    """Chance a problem resolves: less with severity, with waiting and with a fragmented plan."""
    p = effectiveness * (1 - o.severity_penalty * (severity - 1))
    if fragmented:
        p *= 1 - o.fragmentation_penalty
    p *= max(0.0, 1 - o.wait_penalty_per_100_days * wait_days / 100)
    return min(1.0, max(0.0, p + bonus))


def problem_outcome(o: Outcome, p_resolve: float, u_resolve: float, u_follow: float) -> str:
    if u_resolve < p_resolve:
        return RESOLVED
    if u_follow < o.escalation_share:
        return ESCALATION
    if u_follow < o.escalation_share + o.relapse_share:
        return RELAPSE
    return UNRESOLVED


def case_outcome(outcomes: list[str]) -> str:
    """One final state per case: the worst of its problems' outcomes."""
    for state in (ESCALATION, RELAPSE, UNRESOLVED):
        if state in outcomes:
            return state
    return RESOLVED


def grade(s: Satisfaction, fit: float, all_resolved: bool, wait_days: float, n_intakes: int,
          refused: bool, button_hit: bool, z: float) -> float:
    """The Dutch report-card grade (1-10) a resident gives at closure."""
    g = (s.base + fit + (s.resolved if all_resolved else 0.0) + s.per_wait_month * wait_days / 30
         + s.per_extra_intake * max(0, n_intakes - 1) + (s.refused if refused else 0.0)
         + (s.button_delay if button_hit else 0.0) + s.noise_sd * z)
    return min(10.0, max(1.0, g))
