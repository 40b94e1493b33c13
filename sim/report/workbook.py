"""A result's tables in one spreadsheet workbook (`tables.xlsx`), since advisers work in spreadsheets.

A comparison, a sweep and an exploration write their tables as CSV files, one per table; an
adviser then opens each, guesses its units and copies it into one workbook. This module writes
that workbook: one sheet per table, named as its CSV (so docs/tables.md describes both), with
every column headed in the reader's language and with its unit, and every number a number
exactly as the CSV holds it (each sheet is read back from its CSV), never text. A money column is
headed "Cost per year (EUR)" and holds euros: the workbook keeps the tables' own units (euros,
days, shares from 0 to 1), which the header says, so a sum or a chart made from it is right. A
long table, whose rows are of different metrics (`differences`, `means`), holds each row's unit
in its `unit` column, in words.

A table longer than a sheet (1,048,576 rows) is left out of the workbook; its CSV holds it whole.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..study import metrics as M
from .metric_words import name as metric_name

if TYPE_CHECKING:
    import pandas as pd

WORKBOOK = "tables.xlsx"
MAX_SHEET_NAME = 31  # characters a spreadsheet allows in a sheet's name
MAX_ROWS = 1_048_575  # rows a sheet holds, less the header

# The units of the tables' own values (not of a report's display: money in euros, not millions).
UNITS = {"money": ("EUR", "EUR"), "share": ("share, 0-1", "aandeel, 0-1"), "grade": ("grade, 1-10", "cijfer, 1-10"),
         "days": ("days", "dagen"), "count": ("number", "aantal"), "number": ("", "")}

# Headings of the columns that are no metric, in English and Dutch. A column named in neither
# this table nor the metric registry (a swept field path such as `buttons.0.fire`, an uncertain
# value of an exploration) is headed by its own name, which is what the scenario file calls it.
HEADINGS = {
    "scenario": ("Scenario", "Scenario"), "against": ("Against scenario", "Tegenover scenario"),
    "group": ("Group of residents", "Groep inwoners"), "metric": ("Metric", "Maat"), "unit": ("Unit", "Eenheid"),
    "mean": ("Mean (in the row's unit)", "Gemiddelde (in de eenheid van de rij)"),
    "against_mean": ("Mean of the scenario against (in the row's unit)",
                     "Gemiddelde van het scenario ertegenover (in de eenheid van de rij)"),
    "difference": ("Mean paired difference (in the row's unit)", "Gemiddeld gepaard verschil (in de eenheid van de rij)"),
    "low": ("95% interval, low (in the row's unit)", "95%-interval, onder (in de eenheid van de rij)"),
    "high": ("95% interval, high (in the row's unit)", "95%-interval, boven (in de eenheid van de rij)"),
    "replications": ("Replications", "Herhalingen"), "replication": ("Replication", "Herhaling"),
    "point": ("Point", "Punt"), "policy": ("Policy", "Beleid"), "world": ("World", "Wereld"),
    "euros_per_point": ("Euros per grade point a year (EUR)", "Euro per cijferpunt per jaar (EUR)"),
    "probability": ("Probability of being best (0-1)", "Kans het beste te zijn (0-1)"),
    "month": ("Month", "Maand"), "day": ("Day", "Dag"), "budget": ("Budget", "Budget"),
}
# A metric's column with a suffix (sweep.csv, worlds.csv): what the suffix adds to its heading.
SUFFIXES = (("_difference_low", ("difference, 95% interval low", "verschil, 95%-interval onder")),
            ("_difference_high", ("difference, 95% interval high", "verschil, 95%-interval boven")),
            ("_difference", ("difference from the first", "verschil met de eerste")),
            ("_low", ("95% interval low", "95%-interval onder")), ("_high", ("95% interval high", "95%-interval boven")))
_PER_YEAR = re.compile(r"(.+)_y\d+")
# A report shows waits in weeks and names them so; the tables keep days, and so does the workbook.
WAITS = {"mean_wait_days": ("Mean wait for help", "Gemiddelde wachttijd tot hulp"),
         "p90_wait_days": ("Wait for help, 90th percentile", "Wachttijd tot hulp, 90e percentiel"),
         "wait_days_per_resident": ("Days waited per resident", "Dagen gewacht per inwoner")}
_SHOWN_UNIT = re.compile(r"\s*\((EUR|euro|1-10|weeks|weken)\)$")  # the unit a report's label carries


def _metric_words(metric: str, lang: str) -> str:
    """A metric's name without the unit a report shows it in, which the workbook's may not be."""
    if metric in WAITS:
        return WAITS[metric][1 if lang == "nl" else 0]
    return _SHOWN_UNIT.sub("", metric_name(metric, lang))


# The registry counts cost per resident a plain number (no rule of money sums applies to it); it is euros.
EUROS = {"cost_per_resident"}


def _unit(metric: str) -> str | None:
    """The unit of a metric's column (a per-year or per-domain column as its metric's), or None for no metric."""
    if metric in EUROS:
        return "money"
    try:
        return M.metric(metric).unit
    except KeyError:
        return None


def heading(column: str, lang: str = "en") -> str:
    """A column's heading in the reader's language with its unit: 'Cost per year (EUR)', 'Kosten per jaar (EUR)'."""
    k = 1 if lang == "nl" else 0
    if column in HEADINGS:
        return HEADINGS[column][k]
    metric, extra = column.removeprefix("difference."), ""
    if metric != column:
        extra = SUFFIXES[2][1][k]
    for suffix, words in SUFFIXES:
        if metric.endswith(suffix) and _unit(metric[: -len(suffix)]) is not None:
            metric, extra = metric[: -len(suffix)], words[k]
            break
    unit = _unit(metric)
    if unit is None:
        return column
    shown = UNITS[unit][k]
    inside = ", ".join(part for part in (extra, shown) if part)
    return _metric_words(metric, lang) + (f" ({inside})" if inside else "")


def _value(value: object, column: str, lang: str) -> object:
    """A cell as the table holds it: a number as a number, nothing for a missing value, a unit in words."""
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if column == "unit" and value in UNITS:
        return UNITS[str(value)][1 if lang == "nl" else 0] or str(value)
    return value


def sheet_name(name: str, taken: set[str]) -> str:
    """`name` cut to a sheet's 31 characters, numbered if a sheet of that name exists already."""
    out, k = name[:MAX_SHEET_NAME], 2
    while out.lower() in taken:
        tail = f"_{k}"
        out, k = name[: MAX_SHEET_NAME - len(tail)] + tail, k + 1
    taken.add(out.lower())
    return out


ABOUT = {"en": "about", "nl": "toelichting"}  # the first sheet: what the intervals in the sheets after it cover


def write_workbook(tables: list[tuple[str, "pd.DataFrame"]], path: Path, lang: str = "en",
                   note: str | None = None) -> list[str]:
    """Write `tables` (name, table) as one sheet each to `path`; return the sheets' names.

    `note`, what the intervals cover, goes on a first sheet of its own, so that a table opened in a
    spreadsheet says it as the brief and the web report do. The header row is frozen so it stays in
    view; a table longer than a sheet is left out.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    written = []
    if note:
        about = book.create_sheet(sheet_name(ABOUT[lang], taken))
        about.append([note])
    for name, df in tables:
        if len(df) > MAX_ROWS:
            continue
        sheet = book.create_sheet(sheet_name(name, taken))
        columns = [str(c) for c in df.columns]
        sheet.append([heading(c, lang) for c in columns])
        for row in df.itertuples(index=False, name=None):
            sheet.append([_value(v, c, lang) for v, c in zip(row, columns)])
        sheet.freeze_panes = "A2"
        written.append(sheet.title)
    if not written:
        book.create_sheet("empty")
    book.save(path)
    return written


# The sheets in the order a reader looks for them; any other table of the folder follows by name.
ORDER = ("differences", "means", "sweep", "worlds", "robustness", "sensitivity", "noise", "discovery_boxes",
         "discovery_limits", "summary", "groups", "acceptability", "timeseries", "events")


def csv_workbook(folder: Path, lang: str = "en", note: str | None = None) -> list[str]:
    """The workbook of a result folder's CSV tables (`folder`/tables.xlsx), each sheet read back from its CSV.

    Reading the CSV that was just written, rather than the table it was made from, makes the
    sheet and the file agree to the last digit, whatever rounding the CSV writer applies.
    """
    import pandas as pd

    files = {f.stem: f for f in folder.glob("*.csv")}
    names = [n for n in ORDER if n in files] + sorted(n for n in files if n not in ORDER)
    return write_workbook([(n, pd.read_csv(files[n], keep_default_na=True)) for n in names], folder / WORKBOOK, lang,
                          note)
