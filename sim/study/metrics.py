"""The metrics a council asks about, each one object: what it measures, how it is made, shown and named.

Before this registry, a metric was written out in every place that used one (the comparison, the
sweep table, the brief, the web report, the run report, the library table, the workshop), its
words sat under four kinds of label key, its display rule in the report room, and `cost_per_year`
was derived three times. Now a `Metric` carries all of it: the summary column it is, its unit,
which way is better, the smallest difference worth saying, its natural range, its display rule
(`Format`: money in EUR million, a share in percent, a wait in weeks), its name in English and in
Dutch (a `Said`), and, for a figure the study makes from other columns or from a resident's
episodes, the one function that makes it. Adding a metric is one entry in `REGISTRY` (and its name
in the sets below that should report it); tests/study/test_metrics.py adds a toy one.

A metric is one column of a replication's summary row (`sim.model.tables.summary_row`, which the
model room makes and cannot import this room), a column the study derives from that row (`derive`:
`cost_per_year`), or a figure per resident group (`of_residents`, counted by `sim.study.groups`).
Its `resolution` is the smallest difference worth saying; where that is a judgement rather than a
fact of the model it is marked ASSUMPTION. Every resolution is at least half the last digit a
report shows of it (money to EUR 0.1 million, grades to 0.01, shares to 0.1 percentage point,
waits to 0.1 week), so an interval a table shows as "0.0 to 0.0" always lies within the
resolution: the report's "no difference that matters" and its bold "clear difference" can never
disagree with what the reader sees.

Its natural range (`bounds`, by default its unit's: `NATURAL`) is where its value can lie: a
grade from 1 to 10, a share from 0 to 1, money, days and counts from 0 up (no deficit, wait or
number of cases is negative). An interval of a level is never drawn or printed outside it
(`sim.study.stats.interval`); a paired difference may be negative and has no bounds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import Said
from ..policy.calendar import DAYS_PER_WEEK
from ..model.outcome import SATISFIED_GRADE
from ..model.record import EXPOSURE_CAUSES

Unit = Literal["money", "grade", "share", "days", "count", "number"]
# How one replication's number is made from its cases and ledger:
#   term      summed over the whole term (a total)
#   per_year  the term's total divided by its years
#   end       the state at the end of the term
#   case_mean the mean over the run's episodes that have the value (a grade, a wait)
#   case_share the share of the run's graded episodes (grade SATISFIED_GRADE or more)
#   case_p90  the 90th percentile over the run's episodes
#   ratio     one term total divided by another
#   resident  per resident over the term, all their episodes together (sim.study.groups), per group
#   request_share the share of the run's requests due a decision (decided, or past their legal term) that
#             were decided within the term
Aggregation = Literal["term", "per_year", "end", "case_mean", "case_share", "case_p90", "ratio", "resident",
                      "request_share"]

# ASSUMPTION: half of the EUR 0.1 million a report shows money to; less than this a year is below any line a council
# budget discusses, and a difference shown as "0.0" (million) is within it.
EUR_PER_YEAR = 50_000.0
GRADE = 0.05  # ASSUMPTION: a twentieth of a grade point; surveys publish grades to a tenth, so a tenth's half
POINT = 0.005  # ASSUMPTION: half a percentage point of a share (of residents, of requests)
# Where a value of each unit can lie: (lowest, highest), None for no bound. Money, days and counts are never negative.
NATURAL: dict[str, tuple[float | None, float | None]] = {
    "money": (0.0, None), "grade": (1.0, 10.0), "share": (0.0, 1.0), "days": (0.0, None), "count": (0.0, None),
    "number": (0.0, None)}


@dataclass(frozen=True)
class Format:
    """How a metric's value is shown: times `times`, divided by `per`, to `digits` decimals, then `suffix` (in a cell).

    Money is divided by a million rather than multiplied by 1e-6, which is not exact in binary:
    a round budget such as EUR 10,450,000 must show as 10.4 whichever way it is reached. A
    format has no words; the report room writes the digits (`sim.report.numbers`).
    """

    digits: int
    times: float = 1.0
    per: float = 1.0
    suffix: str = ""

    def shown(self, value):
        """The value in the unit it is shown in (a number, an array or a column alike)."""
        return value * self.times / self.per


MONEY = Format(1, per=1e6)  # euros shown in EUR million, the one rule for money wherever a report shows it
BY_UNIT = {"money": MONEY, "share": Format(1, times=100.0, suffix="%"), "grade": Format(2),
           "days": Format(1), "count": Format(0), "number": Format(2)}
WEEKS = Format(1, per=DAYS_PER_WEEK)  # a wait as a council reads it: in weeks (the tables keep days)
WHOLE = BY_UNIT["count"]  # whole units: euros per resident, residents, days summed over many cases
SATISFIED = f"{SATISFIED_GRADE:g}"  # the satisfied grade as the words write it ('7')

# How a metric the study adds to a replication's summary is made from that summary and the run's years.
Derive = Callable[[pd.DataFrame, int], pd.Series]
# How a figure per resident is made from one group's residents (one row each: cost, intakes,
# escalations, exposed, wait_days, grade; `sim.study.groups`), NaN for a group without residents.
OfResidents = Callable[[pd.DataFrame], float]


@dataclass(frozen=True)
class Metric:
    """One metric: its column, unit, direction, resolution, how it is made, shown and named (see the module)."""

    name: str  # the summary column
    unit: Unit  # money in euros, a grade 1-10, a share 0-1, days, a count of cases or problems, a plain number
    higher_is_better: bool | None  # None: neither way is better (a fact of the scenario, or a mechanism at work)
    resolution: float  # in the column's unit; for money totals over the term: per year of the term (see `smallest`)
    aggregation: Aggregation
    words: Said  # the reader's name of the metric, in English and Dutch
    by_year: bool = False  # the summary also has one column per budget year, `{name}_y{year}`
    by_domain: bool = False  # the summary also has one column per domain, `{name}_{domain}`
    by_cause: bool = False  # the summary also has one column per cause of legal exposure, `{name}_{cause}`
    bounds: tuple[float | None, float | None] | None = None  # the natural range; None: the unit's (NATURAL)
    shown_as: Format | None = None  # its own display rule; None: its unit's (BY_UNIT)
    year_words: Said | None = None  # the name of one year's column, with `{y}`
    part_words: Said | None = None  # the name of one domain's or cause's column, with `{part}`
    derive: Derive | None = None  # made by the study from the summary row (None: the model's summary has it)
    of_residents: OfResidents | None = None  # for a per-resident metric: how one group's figure is made

    @property
    def lower(self) -> float | None:
        """The lowest value a replication can have (0 for a deficit, a wait, a count; 1 for a grade), or None."""
        return (self.bounds or NATURAL[self.unit])[0]

    @property
    def upper(self) -> float | None:
        """The highest value a replication can have (10 for a grade, 1 for a share), or None."""
        return (self.bounds or NATURAL[self.unit])[1]

    @property
    def display(self) -> Format:
        """The one display rule of this metric: its own, else its unit's."""
        return self.shown_as or BY_UNIT[self.unit]

    def smallest(self, years: int) -> float:
        """The resolution for a run of `years`: money summed over the term is worth saying per year of it."""
        if self.unit == "money" and self.aggregation == "term":
            return self.resolution * years
        return self.resolution

    def over_term(self, value: float, years: int) -> float:
        """A value of this metric as an amount over the whole term: a per-year figure times the years."""
        return value * years if self.aggregation == "per_year" else value

    def share_of_budget(self, amount: float, budget_per_year: float, years: int) -> float:
        """An amount of this metric as a share of the budget it is set against: a year's figure against a
        year's budget, a figure over the term against the term's budget."""
        return amount / (budget_per_year * years if self.aggregation == "term" else budget_per_year)

    def year_column(self, year: int) -> str:
        return f"{self.name}_y{year}"

    def domain_column(self, domain: str) -> str:
        return f"{self.name}_{domain}"

    def cause_columns(self) -> list[str]:
        """One column per cause of legal exposure (`sim.model.record.EXPOSURE_CAUSES`), which add up to the metric."""
        return [f"{self.name}_{cause}" for cause in EXPOSURE_CAUSES] if self.by_cause else []


def per_year(summary: pd.DataFrame, years: int) -> pd.Series:
    """Spending per year: the term's total spending divided by its years (the one place it is derived)."""
    return summary["total_cost"] / years


def _each(column: str, fill: bool = False) -> OfResidents:
    """The group's sum of a resident's `column`, per resident (missing values as 0 when `fill`)."""
    def made(rows: pd.DataFrame) -> float:
        values = rows[column].fillna(0.0) if fill else rows[column]
        return float(values.sum() / len(rows)) if len(rows) else np.nan
    return made


def _graded(rows: pd.DataFrame) -> np.ndarray:
    grade = rows["grade"].to_numpy(dtype=float)
    return grade[~np.isnan(grade)]


def _mean_grade(rows: pd.DataFrame) -> float:
    graded = _graded(rows)
    return float(graded.mean()) if len(graded) else np.nan


def _satisfied(rows: pd.DataFrame) -> float:
    graded = _graded(rows)
    return float((graded >= SATISFIED_GRADE).mean()) if len(graded) else np.nan


def _exposed(rows: pd.DataFrame) -> float:
    return float(rows["exposed"].astype(bool).mean()) if len(rows) else np.nan


_SATISFIED_WORDS = Said("Residents satisfied (grade {g}+)", "Tevreden inwoners (cijfer {g}+)").format(g=SATISFIED)
REGISTRY: dict[str, Metric] = {m.name: m for m in [
    Metric("total_cost", "money", False, EUR_PER_YEAR, "term", Said("Total spending", "Totale uitgaven")),
    Metric("cost_per_year", "money", False, EUR_PER_YEAR, "per_year", Said("Spending per year", "Uitgaven per jaar"),
           derive=per_year),
    Metric("allocation", "money", None, EUR_PER_YEAR, "term", Said("Budget (allocations)", "Budget (toegekende middelen)")),
    Metric("overspend", "money", False, EUR_PER_YEAR, "term", Said("Overspend", "Overschrijding"), by_year=True,
           year_words=Said("Overspend in year {y}", "Overschrijding in jaar {y}")),
    # ASSUMPTION: a tenth of a percentage point of the budget (a share of money, not of residents); no upper bound:
    # a budget can be overspent by more than itself
    Metric("overspend_share", "share", False, 0.001, "ratio",
           Said("Overspend in the years a budget went over, as a share of the whole term's budget",
                "Overschrijding in de jaren dat een budget werd overschreden, als aandeel van het budget van de hele "
                "periode"), bounds=(0.0, None)),
    Metric("deficit", "money", False, EUR_PER_YEAR, "term", Said("Deficit after reserve", "Tekort na reserve"),
           by_year=True, year_words=Said("Deficit in year {y}", "Tekort in jaar {y}")),
    Metric("reserve_end", "money", True, EUR_PER_YEAR, "end", Said("Reserve at the end", "Reserve aan het eind")),
    Metric("programme_cost", "money", None, EUR_PER_YEAR, "term",  # prevention bought on purpose: neither way
           Said("Spent on programmes", "Uitgegeven aan programma's")),
    Metric("mean_satisfaction", "grade", True, GRADE, "case_mean",
           Said("Mean grade of residents (1-10)", "Gemiddeld rapportcijfer inwoners (1-10)")),
    Metric("share_satisfied", "share", True, POINT, "case_share", _SATISFIED_WORDS),
    Metric("mean_wait_days", "days", False, 1.0, "case_mean",  # ASSUMPTION: one day
           Said("Mean wait for help (weeks)", "Gemiddelde wachttijd tot hulp (weken)"), shown_as=WEEKS),
    Metric("p90_wait_days", "days", False, 1.0, "case_p90",  # ASSUMPTION: one day
           Said("Wait for help, 90th percentile (weeks)", "Wachttijd tot hulp, 90e percentiel (weken)"), shown_as=WEEKS),
    Metric("decided_in_term", "share", True, POINT, "request_share",
           Said("Requests decided within the legal term", "Aanvragen binnen de wettelijke termijn beslist"),
           by_domain=True,
           part_words=Said("Decided within the legal term: {part}", "Binnen de wettelijke termijn beslist: {part}")),
    Metric("escalations", "count", False, 1.0, "term",  # one problem: the smallest there is
           Said("Problems that escalated", "Geëscaleerde problemen")),
    Metric("legal_exposure_cases", "count", False, 1.0, "term",  # one case: the smallest there is
           Said("Cases with legal exposure", "Zaken met juridisch risico"), by_cause=True,
           part_words=Said("Cases with legal exposure: {part}", "Zaken met juridisch risico: {part}")),
    Metric("legal_exposure_days", "days", False, 1.0, "term",  # one day of one case
           Said("Days of legal exposure", "Dagen met juridisch risico"),
           shown_as=WHOLE),  # a sum of days over many cases: whole days are enough
    Metric("appeals_won", "count", False, 1.0, "term", Said("Appeals won", "Gewonnen bezwaren")),
    Metric("n_cases", "count", None, 1.0, "term", Said("Requests for help", "Hulpvragen")),
    Metric("open_cases", "count", None, 1.0, "end", Said("Still open at the end", "Nog open aan het eind")),
    Metric("refused_cases", "count", False, 1.0, "term", Said("Refused", "Geweigerd")),
    Metric("intakes_per_multi_case", "number", False, 0.1, "ratio",  # ASSUMPTION: a tenth of an intake
           Said("Intakes per multi-problem resident", "Intakes per inwoner met meervoudige problemen")),
    Metric("button_presses", "count", None, 1.0, "term",  # a mechanism at work, not an outcome
           Said("Emergency-button presses", "Keren noodknop ingedrukt")),
    Metric("prevented_problems", "count", True, 1.0, "term", Said("Problems prevented", "Voorkomen problemen")),
    # Per resident, for all residents who asked for help and apart for one problem and several (sim.study.groups).
    Metric("residents", "count", None, 1.0, "resident", Said("Residents", "Inwoners"), shown_as=WHOLE,
           of_residents=lambda rows: float(len(rows))),
    Metric("cost_per_resident", "number", False, 100.0, "resident",  # euros; ASSUMPTION: EUR 100 over the term
           Said("Cost per resident over the term (EUR)", "Kosten per inwoner over de periode (euro)"),
           shown_as=WHOLE, of_residents=_each("cost")),  # whole euros
    Metric("intakes_per_resident", "number", False, 0.1, "resident",  # ASSUMPTION: a tenth of an intake
           Said("Intakes per resident", "Intakes per inwoner"), of_residents=_each("intakes")),
    Metric("escalations_per_resident", "number", False, 0.01, "resident",  # ASSUMPTION: one in a hundred residents
           Said("Escalations per resident", "Escalaties per inwoner"), of_residents=_each("escalations")),
    Metric("mean_grade", "grade", True, GRADE, "resident",  # the last closed episode's grade
           Said("Grade of their last help (1-10)", "Cijfer voor hun laatste hulp (1-10)"), of_residents=_mean_grade),
    Metric("share_satisfied_residents", "share", True, POINT, "resident", _SATISFIED_WORDS, of_residents=_satisfied),
    Metric("wait_days_per_resident", "days", False, 1.0, "resident",  # ASSUMPTION: one day
           Said("Weeks waited per resident", "Weken gewacht per inwoner"), shown_as=WEEKS,
           of_residents=_each("wait_days", fill=True)),
    Metric("share_exposed", "share", False, POINT, "resident",
           Said("Residents with legal exposure", "Inwoners met juridisch risico"), of_residents=_exposed),
]}


# The sets each place reports, in the order it reports them.
COMPARED = ("cost_per_year", "total_cost", "deficit", "mean_satisfaction", "share_satisfied", "mean_wait_days",
            "p90_wait_days", "escalations", "legal_exposure_cases")  # Comparison.differences and .means
HEADLINES = ("cost_per_year", "deficit", "mean_satisfaction", "share_satisfied", "mean_wait_days",
             "legal_exposure_cases", "escalations")  # the brief's sentences, in the order a council asks
SWEPT = ("cost_per_year", "mean_satisfaction", "share_satisfied", "deficit", "mean_wait_days",
         "legal_exposure_cases", "escalations")  # the columns of sweep.csv
RUN_REPORT = ("total_cost", "allocation", "overspend_share", "deficit", "mean_satisfaction", "share_satisfied",
              "mean_wait_days", "p90_wait_days", "decided_in_term", "intakes_per_multi_case", "escalations", "legal_exposure_cases",
              "button_presses")  # the rows of a run's report.md
PRECISION = ("total_cost", "mean_satisfaction")  # the precision rule watches these
# What an exploration analyses, in the order a council asks (a subset of the headlines), and what its report says of
# them: the drivers its one page names, and the metrics whose robustness (the chance a policy wins) it tells.
EXPLORED = ("deficit", "cost_per_year", "mean_satisfaction", "mean_wait_days", "legal_exposure_cases", "escalations")
EXPLORE_PAGE = ("deficit", "mean_satisfaction")
EXPLORE_ROBUST = ("deficit", "cost_per_year", "mean_satisfaction", "mean_wait_days", "legal_exposure_cases")
# A scenario's claims (`claims:` in a policy file) name a metric by a short word.
CLAIMED = {"cost": "total_cost", "deficit": "deficit", "satisfaction": "mean_satisfaction",
           "wait": "mean_wait_days", "exposure": "legal_exposure_cases", "escalations": "escalations"}


def metric(name: str) -> Metric:
    """The metric of a summary column, also of a per-year column such as `deficit_y2`."""
    if name in REGISTRY:
        return REGISTRY[name]
    base, _, year = name.rpartition("_y")
    if year.isdigit() and base in REGISTRY and REGISTRY[base].by_year:
        return REGISTRY[base]
    base, _, cause = name.rpartition("_")
    if cause in EXPOSURE_CAUSES and base in REGISTRY and REGISTRY[base].by_cause:  # `legal_exposure_cases_provider`
        return REGISTRY[base]
    for m in REGISTRY.values():  # a per-domain column such as `decided_in_term_wmo`
        if m.by_domain and name.startswith(m.name + "_") and len(name) > len(m.name) + 1:
            return m
    raise KeyError(f"no metric called '{name}'; the registry has {', '.join(REGISTRY)}")


def resolution(column: str, years: int) -> float:
    """The smallest difference worth saying of a summary column over a run of `years`: a per-year column such as
    `deficit_y2` holds one year, so its resolution is one year's."""
    m = metric(column)
    return m.smallest(1 if column != m.name and m.by_year else years)


def expanded(names: tuple[str, ...], years: int) -> list[tuple[str, Metric]]:
    """`names` as (column, metric) pairs, each per-year metric followed by one column per budget year, and legal
    exposure by one column per cause (so a table shows each under its total)."""
    out = []
    for name in names:
        m = REGISTRY[name]
        out.append((name, m))
        if m.by_year:
            out += [(m.year_column(y), m) for y in range(1, years + 1)]
        out += [(column, m) for column in m.cause_columns()]
    return out


def derived(summary: pd.DataFrame, years: int) -> pd.DataFrame:
    """A run's summary rows with every metric the study derives (`cost_per_year`) added at the end, in place.

    Compare, explore and municipalities call this, so a derived figure is made by its metric's one
    function (`Metric.derive`) however the summary was reached.
    """
    for m in list(REGISTRY.values()):
        if m.derive is not None:
            summary[m.name] = m.derive(summary, years)
    return summary


def of_residents() -> tuple[str, ...]:
    """The per-resident metrics (`sim.study.groups`), in the registry's order, as the registry holds them now."""
    return tuple(m.name for m in REGISTRY.values() if m.of_residents is not None)


@contextmanager
def added(new: Metric, into: tuple[str, ...] = ()) -> Iterator[Metric]:
    """The registry with `new` in it for a while, and its name at the end of the sets named in `into`
    (e.g. "COMPARED"): how a test proves that a metric is one entry. Both are restored afterwards."""
    module = globals()
    before = {name: module[name] for name in into}
    if new.name in REGISTRY:
        raise KeyError(f"a metric called '{new.name}' is already registered")
    REGISTRY[new.name] = new
    for name in into:
        module[name] = (*module[name], new.name)
    try:
        yield new
    finally:
        del REGISTRY[new.name]
        module.update(before)
