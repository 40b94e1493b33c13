"""The calendar of a run: days, months, budget years, weeks and the legal decision term.

A run's clock counts days from day 0 (the first day of the first budget year). Every room reads
time through this one module, as OpenFisca keeps its periods in one package: a budget year is
365 days (no leap days: a council's budget year is a year, not a date), a month is a twelfth of
it (365/12 = 30.4166... days, so twelve months end exactly on the year's last day), a week is 7
days. Budget years are counted from 0 inside the model (`year_of(364.9) == 0`, `year_of(365.0)
== 1`) and from 1 where a reader sees them (`deficit_y1`, the spreadsheet's `year`).

It lives in the policy, the lowest room, because the policy itself already speaks in days of
the run (`from_day: 365` is the first day of year two) and every room above may read it.

The arithmetic is the model's own, written once: the same float operations in the same order
as the tables were fingerprinted with (tests/test_fingerprints.py), so `floor(day / month)`
is not `day // month` here, and a year is the integer 365 where a range or an array length
needs one. Most functions work on a number and on a NumPy array alike. The per-case hot path
(`sim.model.journey`, `sim.model.lean`, a budget's running account) keeps its arithmetic inline
with these constants where a function call per event would cost time, and says so.

The legal term from request to decision has its home here too: which term a domain has, the
term of a case with problems in several domains, whether a decision came within it and when
a request's term has run out.
"""

from __future__ import annotations

from typing import Sequence, TypeVar

import numpy as np

DAYS_PER_YEAR = 365  # an integer: a budget year's days are a range, its allocation an array of this length
MONTHS_PER_YEAR = 12
DAYS_PER_MONTH = DAYS_PER_YEAR / MONTHS_PER_YEAR  # 30.4166...; the ledger books a payment per month of these days
DAYS_PER_WEEK = 7  # a legal term in the law's words, a wait as a council reads it

Days = TypeVar("Days", float, np.ndarray)


# Budget years -----------------------------------------------------------------------------------

def year_of(day: float) -> int:
    """The budget year (0 for the first) that `day` falls in: day 365.0 is the first day of year 1."""
    return int(day // DAYS_PER_YEAR)


def start_of_year(year: int) -> int:
    """The first day of budget year `year` (0-based); the end of year `year - 1`."""
    return year * DAYS_PER_YEAR


def end_of_year(year: int) -> int:
    """The day budget year `year` ends, which is the first day of the next."""
    return (year + 1) * DAYS_PER_YEAR


def days_left_in_year(day: float) -> float:
    """Days from `day` to the end of its budget year (365.0 on its first day, never 0)."""
    return end_of_year(year_of(day)) - day


def day_in_year(day: float) -> float:
    """Days since the start of `day`'s budget year (0.0 on its first day)."""
    return day - DAYS_PER_YEAR * year_of(day)


def share_of_year(day: Days, year: Days) -> Days:
    """How far into budget year `year` the day `day` is: 0 at its start, 1 at its end (arrays too)."""
    return (day - year * DAYS_PER_YEAR) / DAYS_PER_YEAR


def days_in_years(years: int) -> int:
    """The days of `years` budget years, as a whole number (365 * years)."""
    return DAYS_PER_YEAR * years


def horizon_days(years: int) -> float:
    """The last moment of a run of `years` budget years on the clock, in days (1460.0 for four)."""
    return float(DAYS_PER_YEAR * years)  # exact: the same float as 365.0 * years


def per_day(per_year: Days) -> Days:
    """A yearly figure (euros, cases) as a daily rate."""
    return per_year / DAYS_PER_YEAR


# Months -----------------------------------------------------------------------------------------

def months(years: int) -> int:
    """The months of a run of `years` budget years (12 per year)."""
    return MONTHS_PER_YEAR * years


def month_at(day: Days) -> Days:
    """Where `day` lies counted in months: 0.5 halfway through the first month (a chart's x)."""
    return day / DAYS_PER_MONTH


def month_of(day: Days) -> Days:
    """The month (0 for the first) `day` falls in, as a float (NaN stays NaN, for an open case's
    missing day); `np.floor(day / month)`, not `day // month`, which rounds differently."""
    return np.floor(day / DAYS_PER_MONTH)


def last_month_of(day: Days) -> Days:
    """The month whose end `day` is at or before: the last month a span ending on `day` touches
    (a span ending exactly at a month's end does not reach into the next)."""
    return np.ceil(day / DAYS_PER_MONTH) - 1


def start_of_month(month: Days) -> Days:
    """The first day of month `month` (0-based), arrays too."""
    return month * DAYS_PER_MONTH


def end_of_month(month: Days) -> Days:
    """The day month `month` ends, which is the first day of the next: (m + 1) x 365/12."""
    return (month + 1) * DAYS_PER_MONTH


def year_of_month(month: Days) -> Days:
    """The budget year (0-based) that month `month` (0-based) belongs to; arrays too."""
    return month // MONTHS_PER_YEAR


# Weeks ------------------------------------------------------------------------------------------

def weeks(days: Days) -> Days:
    """A number of days in weeks (a wait as a council reads it)."""
    return days / DAYS_PER_WEEK


def days(weeks: Days) -> Days:
    """A number of weeks in days (a legal term as the law words it: 8 weeks is 56 days)."""
    return weeks * DAYS_PER_WEEK


# The legal decision term ------------------------------------------------------------------------

def domain_terms(own: Sequence[float | None], default: float) -> tuple[float, ...]:
    """Per domain, the legal term from request to decision in days: the domain's own, else the
    law's default (`law.decision_term_days`)."""
    return tuple(term if term is not None else default for term in own)


def term_of(terms: Sequence[float], doms: Sequence[int]) -> float:
    """A case's legal term: the shortest of its domains' (one decision answers every problem)."""
    return terms[doms[0]] if len(doms) == 1 else min(terms[d] for d in doms)


def within_term(waited: Days, term: Days) -> Days:
    """Whether a decision `waited` days after the request came within the term (the last day counts)."""
    return waited <= term


def past_term(waited: float, term: float) -> float:
    """Days a decision `waited` days after the request came past the term (0 or less: within it).
    `past_term(w, t) <= 0` is exactly `within_term(w, t)`: a float difference has the sign of
    the exact one."""
    return waited - term


def term_ran_out(arrival: Days, term: Days, until: Days) -> Days:
    """Whether the term of a request made on day `arrival` has run out by day `until` (the horizon),
    so that a request still undecided then was not decided within it."""
    return arrival + term <= until
