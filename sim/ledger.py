"""The ledger: every commitment and every monthly payment as a row, built after the run.

Payments follow from each grant's start, end and daily rate, so no event was spent on them during
the run. A month is 365/12 days; a grant pays pro rata for the part of each month it covers, up
to the horizon. Budget-level rows (annual allocation, year-end deficit, reserve movements) carry
case_id -1. Money is never created or lost: per grant, the commitment equals what was paid within
the horizon plus what remains outstanding after it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .budget import YEAR

MONTH = YEAR / 12
COLUMNS = ["replication", "day", "budget", "domain", "case_id", "provision", "amount", "kind"]


def payments(grants: np.ndarray, horizon: float) -> dict[str, np.ndarray]:
    """Monthly payment rows for every grant, vectorised: one row per grant and month it covers."""
    start, end, rate = grants["start"], np.minimum(grants["end"], horizon), grants["rate"]
    running = (rate > 0) & (end > start) & (start < horizon)
    idx = np.flatnonzero(running)
    first = np.floor(start[idx] / MONTH).astype(np.int64)
    last = np.ceil(end[idx] / MONTH).astype(np.int64) - 1
    last = np.maximum(first, last)
    n = last - first + 1
    rows = np.repeat(idx, n)
    month = np.repeat(first, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    lo = np.maximum(start[rows], month * MONTH)
    hi = np.minimum(end[rows], (month + 1) * MONTH)
    amount = rate[rows] * np.maximum(0.0, hi - lo)
    day = np.minimum((month + 1) * MONTH, horizon)
    lump = np.flatnonzero((grants["lump"] > 0) & (grants["start"] < horizon))
    return {
        "grant": np.concatenate([rows, lump]),
        "month": np.concatenate([month, np.floor(grants["start"][lump] / MONTH).astype(np.int64)]),
        "day": np.concatenate([day, grants["start"][lump]]),
        "amount": np.concatenate([amount, grants["lump"][lump]]),
    }


def commitments(grants: np.ndarray) -> np.ndarray:
    """What each grant commits at its start: the full planned cost, also past the horizon."""
    return grants["rate"] * (grants["end"] - grants["start"]) + grants["lump"]


def build(replication: int, grants: np.ndarray, pay: dict[str, np.ndarray], horizon: float,
          budget_names: list[str], domain_names: list[str], provision_names: list[str],
          settlement: pd.DataFrame) -> pd.DataFrame:
    """The ledger table of one replication: commitments, payments (from `payments`) and settlement rows."""
    budgets = np.array(budget_names, dtype=object)
    domains = np.array(domain_names + ["all"], dtype=object)  # domain -1 (cross-domain) -> 'all'
    provisions = np.array(provision_names, dtype=object)
    g = pay["grant"]
    commit_sel = grants["start"] < horizon
    cg = grants[commit_sel]
    parts = [
        pd.DataFrame({
            "day": cg["start"], "budget": budgets[cg["payer"]], "domain": domains[cg["domain"]],
            "case_id": cg["case_id"], "provision": provisions[cg["provision"]],
            "amount": commitments(cg), "kind": "commitment",
        }),
        pd.DataFrame({
            "day": pay["day"], "budget": budgets[grants["payer"][g]], "domain": domains[grants["domain"][g]],
            "case_id": grants["case_id"][g], "provision": provisions[grants["provision"][g]],
            "amount": pay["amount"], "kind": "payment",
        }),
        settlement,
    ]
    out = pd.concat([p for p in parts if len(p)], ignore_index=True)
    out.insert(0, "replication", replication)
    out = out.sort_values(["day", "kind"], kind="stable", ignore_index=True)
    return out[COLUMNS]


def settle(spent: np.ndarray, allocations: np.ndarray, budget_names: list[str], underspend: str,
           initial_reserve: float) -> tuple[pd.DataFrame, dict]:
    """Year-end accounts: allocations in, overspend recorded as deficit, reserve movements.

    `spent` and `allocations` are (budgets, years). Overspend is never absorbed silently: it is
    covered from the reserve where there is one and otherwise stays a deficit. Underspend is
    returned, or kept in the reserve when `underspend == 'reserve'` (deposited before the same
    year's deficits are covered).
    """
    rows = []
    reserve = initial_reserve
    deficit_by_year, over_by_year = [], []
    n_budgets, years = allocations.shape
    for y in range(years):
        for b in range(n_budgets):
            if allocations[b, y] > 0:
                rows.append((y * YEAR, budget_names[b], "", -1, "", allocations[b, y], "allocation"))
        over = np.maximum(0.0, spent[:, y] - allocations[:, y])
        under = np.maximum(0.0, allocations[:, y] - spent[:, y])
        end = (y + 1) * YEAR
        for b in range(n_budgets):
            if under[b] > 0:
                kind = "reserve_deposit" if underspend == "reserve" else "returned"
                rows.append((end, budget_names[b], "", -1, "", under[b], kind))
        if underspend == "reserve":
            reserve += under.sum()
        draw = min(reserve, over.sum())
        reserve -= draw
        left = draw
        for b in range(n_budgets):
            if over[b] <= 0:
                continue
            covered = min(left, over[b])
            left -= covered
            if covered > 0:
                rows.append((end, budget_names[b], "", -1, "", covered, "reserve_draw"))
            if over[b] - covered > 0:
                rows.append((end, budget_names[b], "", -1, "", over[b] - covered, "deficit"))
        over_by_year.append(over.sum())
        deficit_by_year.append(over.sum() - draw)
    df = pd.DataFrame(rows, columns=["day", "budget", "domain", "case_id", "provision", "amount", "kind"])
    return df, {"overspend_by_year": over_by_year, "deficit_by_year": deficit_by_year, "reserve_end": reserve}


def spent_by_budget_year(grants: np.ndarray, pay: dict[str, np.ndarray], n_budgets: int, years: int) -> np.ndarray:
    """Payments per budget and budget year (a payment belongs to the year of its month)."""
    year = np.minimum(pay["month"] // 12, years - 1)
    payer = grants["payer"][pay["grant"]]
    out = np.zeros((n_budgets, years))
    np.add.at(out, (payer, year), pay["amount"])
    return out
