"""A metric as the reader sees it: its name in English and Dutch, and how its numbers are shown.

The study's registry (`sim.study.metrics`) says what each summary column measures; this module
says how a report words and shows it, looked up by the same name, so the web report, the brief,
the run report and the workshop agree on every metric. Money is shown in EUR million, shares
in percent, grades to two decimals, days to one (waits for help in weeks, to one), counts whole
(`sim.report.numbers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..study import metrics as M
from .labels import LABELS, label
from .numbers import missing, number

# The label (sim.report.labels) that names each metric.
NAMES = {
    "total_cost": "r_total_cost", "cost_per_year": "c_cost_per_year", "allocation": "r_allocation",
    "overspend": "c_overspend", "overspend_share": "r_overspend_share", "deficit": "r_deficit",
    "reserve_end": "c_reserve_end", "programme_cost": "c_programme_cost",
    "mean_satisfaction": "r_mean_satisfaction", "share_satisfied": "r_share_satisfied",
    "mean_wait_days": "r_mean_wait", "p90_wait_days": "r_p90_wait", "decided_in_term": "r_decided_in_term",
    "escalations": "r_escalations",
    "legal_exposure_cases": "r_exposure", "legal_exposure_days": "c_legal_exposure_days",
    "appeals_won": "c_appeals_won", "n_cases": "c_n_cases", "open_cases": "c_open_cases",
    "refused_cases": "c_refused_cases", "intakes_per_multi_case": "r_intakes", "button_presses": "r_presses",
    "prevented_problems": "c_prevented_problems",
    "residents": "g_residents", "cost_per_resident": "g_cost_per_resident", "intakes_per_resident": "g_intakes",
    "escalations_per_resident": "g_escalations", "mean_grade": "g_mean_grade",
    "share_satisfied_residents": "g_share_satisfied", "wait_days_per_resident": "g_wait", "share_exposed": "g_exposed",
}


@dataclass(frozen=True)
class Format:
    """How a metric's value is shown: times `times`, divided by `per`, to `digits` decimals, then `suffix` (in a cell).

    Money is divided by a million rather than multiplied by 1e-6, which is not exact in binary:
    a round budget such as EUR 10,450,000 must show as 10.4 whichever way it is reached.
    """

    digits: int
    times: float = 1.0
    per: float = 1.0
    suffix: str = ""

    def shown(self, value: float) -> float:
        return value * self.times / self.per


BY_UNIT = {"money": Format(1, per=1e6), "share": Format(1, times=100.0, suffix="%"), "grade": Format(2),
           "days": Format(1), "count": Format(0), "number": Format(2)}
WEEKS = Format(1, per=7.0)  # a wait as a council reads it: in weeks (the tables keep days)
OWN = {"legal_exposure_days": BY_UNIT["count"],  # a sum of days over many cases: whole days are enough
       "cost_per_resident": BY_UNIT["count"], "residents": BY_UNIT["count"],  # whole euros, whole residents
       "mean_wait_days": WEEKS, "p90_wait_days": WEEKS, "wait_days_per_resident": WEEKS}
# Columns of a summary that are not metrics, and how they are shown.
OTHER_COLUMNS = {"replication": "count"}
_BY_YEAR = re.compile(r"(.+)_y(\d+)")


def unit_of(column: str) -> str:
    """The unit a column is shown in (money, share, grade, days, count, number)."""
    if column in OTHER_COLUMNS:
        return OTHER_COLUMNS[column]
    try:
        return M.metric(column).unit
    except KeyError:
        return "number"


def display(column: str) -> Format:
    """The display format of a summary column, also of a per-year column such as `deficit_y2`."""
    return OWN.get(column) or BY_UNIT[unit_of(column)]


def in_unit(value: float | None, unit: str, lang: str = "en") -> str:
    """A table cell in a unit: money in EUR million, shares in percent, grades to two decimals, counts whole."""
    return _shown(value, BY_UNIT[unit], lang)


def cell(value: float | None, column: str, lang: str = "en") -> str:
    """A summary column's value as a table cell shows it."""
    return _shown(value, display(column), lang)


def _shown(value: float | None, fmt: Format, lang: str) -> str:
    return "-" if missing(value) else number(fmt.shown(float(value)), fmt.digits, lang) + fmt.suffix


def name(column: str, lang: str = "en") -> str:
    """A metric or summary column as the reader calls it ('Deficit in year 2'); the column itself if unnamed."""
    year = _BY_YEAR.fullmatch(column)
    if year and f"c_{year.group(1)}_y" in LABELS:
        return label(f"c_{year.group(1)}_y", lang, y=year.group(2))
    if column in NAMES:
        return label(NAMES[column], lang)
    if column.startswith("decided_in_term_"):
        return label("r_decided_in_term_of", lang, domain=column[len("decided_in_term_"):])
    if f"w_{column}" in LABELS:
        return label(f"w_{column}", lang)
    return column
