"""The ledger per month, for a spreadsheet: `ledger_by_month.csv`.

One replication of Eindhoven holds about 1.6 million ledger rows (benchmarks/README.md), more
than a spreadsheet opens (1,048,576 rows), so the full ledger is written as Parquet only and a
spreadsheet gets this table instead: the ledger summed per replication, month, budget, domain,
provision and kind, with the euro total and the number of entries summed. Its size no longer
grows with the residents: at most months x budgets x (domain, provision) pairs x kinds rows per
replication, a few tens of thousands for a four-year term of the largest municipality.

A month is the calendar's 365/12 days (`sim.policy.calendar`), as in the timeseries table.
Payments are booked at a month's end and the year-end rows (deficit, reserve, returned, pool
cover) at a year's end, so month m holds the rows booked in (m x 365/12, (m+1) x 365/12]: each
falls in the month it closes, and a grant's commitment in the month it is made. Day 0 and the
allocations, booked on a budget year's first day, fall in the month they open.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..policy.calendar import month_at, year_of_month

COLUMNS = ["replication", "year", "month", "budget", "domain", "provision", "kind", "amount", "entries"]
OPENING = ("allocation",)  # booked on the first day of what they belong to; every other row on the last
SPREADSHEET_ROWS = 1_048_576  # what Excel and LibreOffice Calc open, the header included


def month_of(day: pd.Series | np.ndarray, kind: pd.Series | np.ndarray) -> np.ndarray:
    """The month (0, 1, ...) each ledger row belongs to; see the module's docstring.

    The days are multiples of 365/12 for the month-end rows, so the division is rounded to a
    millionth of a month before it is cut, lest 30.416... / 30.416... fall a hair short of 1.
    """
    m = np.round(month_at(np.asarray(day, dtype=float)), 6)
    opening = np.isin(np.asarray(kind, dtype=object), OPENING)
    return np.maximum(0, np.where(opening, np.floor(m), np.ceil(m) - 1)).astype(np.int64)


def ledger_by_month(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger summed per replication, month, budget, domain, provision and kind (`COLUMNS`)."""
    month = month_of(ledger["day"], ledger["kind"].astype(str))
    keys = ["replication", "month", "budget", "domain", "provision", "kind"]
    frame = ledger[["replication", "budget", "domain", "provision", "kind", "amount"]].assign(month=month)
    out = (frame.groupby(keys, observed=True, sort=True)["amount"].agg(amount="sum", entries="size").reset_index())
    out["year"] = year_of_month(out["month"]) + 1  # the budget year as a reader counts it, from 1
    for col in ("budget", "domain", "provision", "kind"):
        out[col] = out[col].astype(str)
    return out[COLUMNS]
