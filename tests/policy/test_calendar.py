"""The calendar (`sim.policy.calendar`): budget years, months, weeks and the legal term, in one place.

The boundaries are the ones the tables depend on: day 365.0 opens year two, twelve months end
exactly on a year's end, a month is cut with `floor(day / month)` (not `day // month`, which
rounds differently), a decision on the term's last day is within it. The last test keeps the
calendar the only home of its numbers: no other module of `sim` writes 365 or divides by 12.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path

import numpy as np
import pytest

from sim.policy import calendar as C

SIM = Path(C.__file__).resolve().parents[1]


def test_the_constants_agree_with_each_other():
    assert C.DAYS_PER_YEAR == 365 and isinstance(C.DAYS_PER_YEAR, int)  # ranges and array lengths need an int
    assert C.MONTHS_PER_YEAR * C.DAYS_PER_MONTH == C.DAYS_PER_YEAR
    assert C.DAYS_PER_WEEK == 7


@pytest.mark.parametrize("day, year", [(0.0, 0), (364.999999, 0), (365.0, 1), (729.9, 1), (730.0, 2), (1459.99, 3)])
def test_day_365_is_the_first_day_of_year_two(day, year):
    assert C.year_of(day) == year
    assert C.start_of_year(year) <= day < C.end_of_year(year)


def test_years_round_trip():
    for y in range(12):
        assert C.year_of(C.start_of_year(y)) == y
        assert C.year_of(C.end_of_year(y)) == y + 1  # a year's end is the next one's first day
        assert C.end_of_year(y) == C.start_of_year(y + 1)
        assert C.days_left_in_year(C.start_of_year(y)) == C.DAYS_PER_YEAR
        assert C.day_in_year(C.start_of_year(y) + 100.5) == 100.5
    assert C.days_left_in_year(364.5) == 0.5
    assert C.share_of_year(np.array([365.0, 547.5, 730.0]), np.array([1, 1, 1])).tolist() == [0.0, 0.5, 1.0]


def test_the_horizon_is_a_float_and_the_days_a_whole_number():
    assert C.horizon_days(4) == 1460.0 and isinstance(C.horizon_days(4), float)
    assert C.days_in_years(4) == 1460 and isinstance(C.days_in_years(4), int)  # model.md prints "1460 days"
    assert C.months(4) == 48
    assert C.per_day(365_000.0) == 1000.0


def test_twelve_months_end_exactly_on_the_years_end():
    for y in range(1, 11):  # a run is at most 10 years (run.horizon_years)
        assert C.end_of_month(C.months(y) - 1) == C.start_of_year(y)
        assert C.month_of(C.start_of_year(y)) == C.months(y)
        assert C.year_of_month(C.months(y) - 1) == y - 1 and C.year_of_month(C.months(y)) == y


def test_a_months_boundaries_round_trip():
    m = np.arange(120)
    assert (C.month_of(C.start_of_month(m)) == m).all()
    assert (C.month_of(C.end_of_month(m)) == m + 1).all()  # a month's end opens the next
    assert (C.month_of(C.start_of_month(m) + 1.0) == m).all()
    assert (C.last_month_of(C.start_of_month(m) + 1.0) == m).all()  # a span ending inside month m ends in it
    assert C.end_of_month(11) == 365.0  # the last month of year one


def test_a_month_is_cut_by_floor_of_the_division_not_floor_division():
    # A quarter year: 91.25 / (365/12) rounds to 3.0, while 91.25 // (365/12) gives 2.0. The
    # ledger and the timeseries cut by the division, so the calendar must too.
    assert 91.25 // C.DAYS_PER_MONTH == 2.0
    assert C.month_of(91.25) == 3.0
    days = np.array([0.0, 30.0, 91.25, 182.5, 1459.9])
    assert C.month_of(days).tolist() == [math.floor(d / (365 / 12)) for d in days]


def test_a_missing_day_has_no_month():
    out = C.month_of(np.array([10.0, np.nan]))
    assert out[0] == 0.0 and np.isnan(out[1])


def test_month_at_is_a_position_on_a_chart():
    assert C.month_at(C.DAYS_PER_MONTH / 2) == 0.5
    assert C.month_at(365.0) == 12.0


def test_weeks_and_days_round_trip():
    assert C.days(8) == 56  # the Awb's at most 8 weeks
    assert C.weeks(56.0) == 8.0
    for w in (1, 6, 6.5, 8, 52):
        assert C.weeks(C.days(w)) == w
    assert (C.weeks(np.array([7.0, 14.0])) == np.array([1.0, 2.0])).all()


def test_a_domain_without_its_own_term_has_the_laws():
    assert C.domain_terms([None, 42.0, None], 56.0) == (56.0, 42.0, 56.0)


def test_a_cases_term_is_the_shortest_of_its_domains():
    terms = (56.0, 42.0, 70.0)
    assert C.term_of(terms, (2,)) == 70.0
    assert C.term_of(terms, (0, 2)) == 56.0
    assert C.term_of(terms, [2, 1, 0]) == 42.0


def test_a_decision_on_the_terms_last_day_is_within_it():
    assert C.within_term(56.0, 56.0)
    assert not C.within_term(56.0000001, 56.0)
    assert C.past_term(60.0, 56.0) == 4.0
    assert C.within_term(np.array([10.0, 56.0, 57.0]), 56.0).tolist() == [True, True, False]


def test_the_overrun_and_within_term_agree_on_every_float():
    """The journey tests `past_term(...) <= 0`, the lean path `within_term`: the same answer, also
    where the wait is a hair from the term."""
    rng = np.random.default_rng(20)
    term = 56.0
    waited = np.concatenate([rng.uniform(0, 120, 2000), np.nextafter(term, [0.0, 1e9]), [term, 0.0]])
    assert ((C.past_term(waited, term) <= 0) == C.within_term(waited, term)).all()
    arrival, now = rng.uniform(0, 1460, 2000), rng.uniform(0, 1460, 2000)
    assert ((C.past_term(now - arrival, term) <= 0) == C.within_term(now - arrival, term)).all()


def test_a_term_runs_out_by_the_horizon_on_its_last_day():
    assert C.term_ran_out(1404.0, 56.0, 1460.0)
    assert not C.term_ran_out(1404.5, 56.0, 1460.0)
    assert C.term_ran_out(np.array([0.0, 1500.0]), np.array([56.0, 56.0]), 1460.0).tolist() == [True, False]


# Twelves that are no months: the Poisson draw's bound of twelve standard deviations.
NOT_MONTHS = {"12 * np.sqrt(lam)"}


def _calendar_numbers(source: str) -> list[int]:
    """Lines that write the calendar's own numbers: 365 as a number, or a division or product by 12."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float) and node.value == 365:
            lines.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mult)):
            if any(isinstance(side, ast.Constant) and type(side.value) in (int, float) and side.value == 12
                   for side in (node.left, node.right)) and ast.get_source_segment(source, node) not in NOT_MONTHS:
                lines.append(node.lineno)
    return lines


def test_no_other_module_keeps_a_calendar_of_its_own():
    """Every room reads the calendar: no module of `sim` but the calendar writes 365 or counts in twelfths."""
    found = {}
    for path in sorted(SIM.rglob("*.py")):
        if path == Path(C.__file__).resolve():
            continue
        lines = _calendar_numbers(path.read_text(encoding="utf-8"))
        if lines:
            found[str(path.relative_to(SIM))] = lines
    assert found == {}, f"the calendar re-derived outside sim/policy/calendar.py: {found}"
