"""Outcomes and grades (`sim.model.outcome`): pure functions of a case's numbers and its luck.

Each test moves one input and sees the output move the way the module's docstrings say; the
coefficients are the schema's defaults, read rather than copied, so the tests hold if a default moves.
"""

from __future__ import annotations

import pytest

from sim.model import outcome as O
from sim.policy.scenario import Outcome, Satisfaction

OUT, SAT = Outcome(), Satisfaction()


def test_resolve_chance_falls_with_severity_waiting_and_fragmentation():
    base = O.resolve_chance(OUT, 0.8, 1, 0.0, False, 0.0)
    assert base == pytest.approx(0.8)
    assert O.resolve_chance(OUT, 0.8, 3, 0.0, False, 0.0) < base
    assert O.resolve_chance(OUT, 0.8, 1, 200.0, False, 0.0) < base
    assert O.resolve_chance(OUT, 0.8, 1, 0.0, True, 0.0) == pytest.approx(0.8 * (1 - OUT.fragmentation_penalty))


def test_resolve_chance_stays_a_chance():
    assert O.resolve_chance(OUT, 0.9, 1, 0.0, False, 5.0) == 1.0
    assert O.resolve_chance(OUT, 0.9, 1, 1e9, False, -5.0) == 0.0


def test_problem_outcome_reads_its_luck_in_order():
    assert O.problem_outcome(OUT, 0.5, 0.49, 0.0) == O.RESOLVED
    assert O.problem_outcome(OUT, 0.5, 0.51, 0.0) == O.ESCALATION
    just_past = OUT.escalation_share + 1e-9
    assert O.problem_outcome(OUT, 0.5, 0.51, just_past) == O.RELAPSE
    assert O.problem_outcome(OUT, 0.5, 0.51, OUT.escalation_share + OUT.relapse_share + 1e-9) == O.UNRESOLVED


def test_a_case_takes_its_worst_problem():
    assert O.case_outcome([O.RESOLVED, O.RESOLVED]) == O.RESOLVED
    assert O.case_outcome([O.RESOLVED, O.UNRESOLVED]) == O.UNRESOLVED
    assert O.case_outcome([O.UNRESOLVED, O.RELAPSE]) == O.RELAPSE
    assert O.case_outcome([O.RELAPSE, O.ESCALATION, O.RESOLVED]) == O.ESCALATION


def test_the_grade_moves_with_each_reason_and_stays_on_the_card():
    plain = O.grade(SAT, 0.0, False, 0.0, 1, False, False, 0.0)
    assert plain == pytest.approx(min(10.0, max(1.0, SAT.base)))
    assert O.grade(SAT, 0.0, True, 0.0, 1, False, False, 0.0) == pytest.approx(plain + SAT.resolved)
    assert O.grade(SAT, 0.0, False, 60.0, 1, False, False, 0.0) == pytest.approx(plain + 2 * SAT.per_wait_month)
    assert O.grade(SAT, 0.0, False, 0.0, 3, False, False, 0.0) == pytest.approx(plain + 2 * SAT.per_extra_intake)
    assert O.grade(SAT, 0.0, False, 0.0, 1, True, False, 0.0) == pytest.approx(plain + SAT.refused)
    assert O.grade(SAT, 0.0, False, 0.0, 1, False, True, 0.0) == pytest.approx(plain + SAT.button_delay)
    assert O.grade(SAT, 0.0, False, 0.0, 1, False, False, 1e6) == 10.0
    assert O.grade(SAT, 0.0, False, 0.0, 1, False, False, -1e6) == 1.0


def test_satisfied_is_the_dutch_pass_mark():
    assert O.SATISFIED_GRADE == 7.0
