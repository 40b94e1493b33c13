"""The metrics a council asks about, named once: what each summary column measures and how.

Before this registry, the list of metrics was written out in every place that used one (the
comparison, the sweep table, the brief, the web report, the run report, the library table, the
workshop), and a metric added in one place was missing in the next. Now each place picks a set
of names from here, and the words and display format of a metric live in the report room
(`sim.report.metric_words`), looked up by the same name. Nothing here is worded for a reader.

A metric is one column of a replication's summary row (`sim.model.tables.summary_row`, plus
`cost_per_year`, which the study adds). Its `resolution` is the smallest difference worth
saying; where that is a judgement rather than a fact of the model it is marked ASSUMPTION.
Every resolution is at least half the last digit a report shows of it (money to EUR 0.1
million, grades to 0.01, shares to 0.1 percentage point, waits to 0.1 week), so an interval a
table shows as "0.0 to 0.0" always lies within the resolution: the report's "no difference that
matters" and its bold "clear difference" can never disagree with what the reader sees.

Its natural range (`bounds`, by default its unit's: `NATURAL`) is where its value can lie: a
grade from 1 to 10, a share from 0 to 1, money, days and counts from 0 up (no deficit, wait or
number of cases is negative). An interval of a level is never drawn or printed outside it
(`sim.study.stats.interval`); a paired difference may be negative and has no bounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model.record import EXPOSURE_CAUSES

Unit = Literal["money", "grade", "share", "days", "count", "number"]
# How one replication's number is made from its cases and ledger:
#   term      summed over the whole term (a total)
#   per_year  the term's total divided by its years
#   end       the state at the end of the term
#   case_mean the mean over the run's episodes that have the value (a grade, a wait)
#   case_share the share of the run's graded episodes (grade 7 or more)
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
class Metric:
    """One summary column: its unit, which way is better, the smallest difference worth saying, how it is made."""

    name: str  # the summary column
    unit: Unit  # money in euros, a grade 1-10, a share 0-1, days, a count of cases or problems, a plain number
    higher_is_better: bool | None  # None: neither way is better (a fact of the scenario, or a mechanism at work)
    resolution: float  # in the column's unit; for money totals over the term: per year of the term (see `smallest`)
    aggregation: Aggregation
    by_year: bool = False  # the summary also has one column per budget year, `{name}_y{year}`
    by_domain: bool = False  # the summary also has one column per domain, `{name}_{domain}`
    by_cause: bool = False  # the summary also has one column per cause of legal exposure, `{name}_{cause}`
    bounds: tuple[float | None, float | None] | None = None  # the natural range; None: the unit's (NATURAL)

    @property
    def lower(self) -> float | None:
        """The lowest value a replication can have (0 for a deficit, a wait, a count; 1 for a grade), or None."""
        return (self.bounds or NATURAL[self.unit])[0]

    @property
    def upper(self) -> float | None:
        """The highest value a replication can have (10 for a grade, 1 for a share), or None."""
        return (self.bounds or NATURAL[self.unit])[1]

    def smallest(self, years: int) -> float:
        """The resolution for a run of `years`: money summed over the term is worth saying per year of it."""
        if self.unit == "money" and self.aggregation == "term":
            return self.resolution * years
        return self.resolution

    def year_column(self, year: int) -> str:
        return f"{self.name}_y{year}"

    def domain_column(self, domain: str) -> str:
        return f"{self.name}_{domain}"

    def cause_columns(self) -> list[str]:
        """One column per cause of legal exposure (`sim.model.record.EXPOSURE_CAUSES`), which add up to the metric."""
        return [f"{self.name}_{cause}" for cause in EXPOSURE_CAUSES] if self.by_cause else []


REGISTRY: dict[str, Metric] = {m.name: m for m in [
    Metric("total_cost", "money", False, EUR_PER_YEAR, "term"),
    Metric("cost_per_year", "money", False, EUR_PER_YEAR, "per_year"),
    Metric("allocation", "money", None, EUR_PER_YEAR, "term"),
    Metric("overspend", "money", False, EUR_PER_YEAR, "term", by_year=True),
    # ASSUMPTION: a tenth of a percentage point of the budget (a share of money, not of residents); no upper bound:
    # a budget can be overspent by more than itself
    Metric("overspend_share", "share", False, 0.001, "ratio", bounds=(0.0, None)),
    Metric("deficit", "money", False, EUR_PER_YEAR, "term", by_year=True),
    Metric("reserve_end", "money", True, EUR_PER_YEAR, "end"),
    Metric("programme_cost", "money", None, EUR_PER_YEAR, "term"),  # prevention bought on purpose: neither way
    Metric("mean_satisfaction", "grade", True, GRADE, "case_mean"),
    Metric("share_satisfied", "share", True, POINT, "case_share"),
    Metric("mean_wait_days", "days", False, 1.0, "case_mean"),  # ASSUMPTION: one day
    Metric("p90_wait_days", "days", False, 1.0, "case_p90"),  # ASSUMPTION: one day
    Metric("decided_in_term", "share", True, POINT, "request_share", by_domain=True),
    Metric("escalations", "count", False, 1.0, "term"),  # one problem: the smallest there is
    Metric("legal_exposure_cases", "count", False, 1.0, "term", by_cause=True),  # one case: the smallest there is
    Metric("legal_exposure_days", "days", False, 1.0, "term"),  # one day of one case
    Metric("appeals_won", "count", False, 1.0, "term"),
    Metric("n_cases", "count", None, 1.0, "term"),
    Metric("open_cases", "count", None, 1.0, "end"),
    Metric("refused_cases", "count", False, 1.0, "term"),
    Metric("intakes_per_multi_case", "number", False, 0.1, "ratio"),  # ASSUMPTION: a tenth of an intake
    Metric("button_presses", "count", None, 1.0, "term"),  # a mechanism at work, not an outcome
    Metric("prevented_problems", "count", True, 1.0, "term"),
    # Per resident, for all residents who asked for help and apart for one problem and several (sim.study.groups).
    Metric("residents", "count", None, 1.0, "resident"),
    Metric("cost_per_resident", "number", False, 100.0, "resident"),  # euros; ASSUMPTION: EUR 100 over the term
    Metric("intakes_per_resident", "number", False, 0.1, "resident"),  # ASSUMPTION: a tenth of an intake
    Metric("escalations_per_resident", "number", False, 0.01, "resident"),  # ASSUMPTION: one in a hundred residents
    Metric("mean_grade", "grade", True, GRADE, "resident"),  # the last closed episode's grade
    Metric("share_satisfied_residents", "share", True, POINT, "resident"),
    Metric("wait_days_per_resident", "days", False, 1.0, "resident"),  # ASSUMPTION: one day
    Metric("share_exposed", "share", False, POINT, "resident"),
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
