"""The ledger: every commitment and every monthly payment as a row, built after the run.

Payments follow from each grant's start, end and daily rate, so no event was spent on them during
the run. A month is the calendar's (`sim.policy.calendar`: 365/12 days); a grant pays pro rata
for the part of each month it covers, up to the horizon. Budget-level rows (annual allocation, year-end deficit, reserve movements) carry
case_id -1, as do programmes (collective spending that belongs to no single case). Money is never created or lost: per grant, the commitment equals what was paid within
the horizon plus what remains outstanding after it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..policy.calendar import (end_of_month, end_of_year, last_month_of, month_of, start_of_month, start_of_year,
                               year_of_month)

COLUMNS = ["replication", "day", "budget", "domain", "case_id", "provision", "provider", "amount", "kind"]


def payments(grants: np.ndarray, horizon: float) -> dict[str, np.ndarray]:
    """Monthly payment rows for every grant, vectorised: one row per grant and month it covers."""
    start, end, rate = grants["start"], np.minimum(grants["end"], horizon), grants["rate"]
    running = (rate > 0) & (end > start) & (start < horizon)
    idx = np.flatnonzero(running)
    first = month_of(start[idx]).astype(np.int64)
    last = last_month_of(end[idx]).astype(np.int64)
    last = np.maximum(first, last)
    n = last - first + 1
    rows = np.repeat(idx, n)
    month = np.repeat(first, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    lo = np.maximum(start[rows], start_of_month(month))
    hi = np.minimum(end[rows], end_of_month(month))
    amount = rate[rows] * np.maximum(0.0, hi - lo)
    day = np.minimum(end_of_month(month), horizon)
    lump = np.flatnonzero((grants["lump"] > 0) & (grants["start"] < horizon))
    return {
        "grant": np.concatenate([rows, lump]),
        "month": np.concatenate([month, month_of(grants["start"][lump]).astype(np.int64)]),
        "day": np.concatenate([day, grants["start"][lump]]),
        "amount": np.concatenate([amount, grants["lump"][lump]]),
    }


def commitments(grants: np.ndarray) -> np.ndarray:
    """What each grant commits at its start: the full planned cost, also past the horizon."""
    return grants["rate"] * (grants["end"] - grants["start"]) + grants["lump"]


KINDS = ["allocation", "commitment", "payment", "reserve_deposit", "returned", "pool_cover", "reserve_draw", "deficit"]


def build(replication: int, grants: np.ndarray, pay: dict[str, np.ndarray], horizon: float,
          budget_names: list[str], domain_names: list[str], provision_names: list[str],
          provider_names: list[str], settlement: pd.DataFrame) -> pd.DataFrame:
    """The ledger table of one replication: commitments, payments (from `payments`) and settlement rows.

    Built from integer codes and sorted before any frame exists; the text columns are
    categoricals, which keeps a million-row ledger small and fast (benchmarks/).
    """
    g = pay["grant"]
    cg = np.flatnonzero(grants["start"] < horizon)
    blank_domain, blank_provision = len(domain_names), len(provision_names)
    s_budget = np.array([budget_names.index(b) for b in settlement["budget"]], dtype=np.int64)
    s_kind = np.array([KINDS.index(k) for k in settlement["kind"]], dtype=np.int64)
    n_s = len(settlement)
    day = np.concatenate([grants["start"][cg], pay["day"], settlement["day"].to_numpy(dtype=float)])
    kind = np.concatenate([np.full(len(cg), KINDS.index("commitment")), np.full(len(g), KINDS.index("payment")), s_kind])
    budget = np.concatenate([grants["payer"][cg], grants["payer"][g], s_budget])
    domain = np.concatenate([grants["domain"][cg], grants["domain"][g], np.full(n_s, blank_domain)])
    provision = np.concatenate([grants["provision"][cg], grants["provision"][g], np.full(n_s, blank_provision)])
    case_id = np.concatenate([grants["case_id"][cg], grants["case_id"][g], np.full(n_s, -1)])
    provider = np.concatenate([grants["provider"][cg], grants["provider"][g], np.zeros(n_s, dtype=grants["provider"].dtype)])
    amount = np.concatenate([commitments(grants[cg]), pay["amount"], settlement["amount"].to_numpy(dtype=float)])
    order = np.lexsort((kind, day))

    def cat(codes: np.ndarray, names: list[str]) -> pd.Categorical:
        return pd.Categorical.from_codes(codes[order], categories=names)

    return pd.DataFrame({
        "replication": np.full(len(order), replication),
        "day": day[order],
        "budget": cat(budget, budget_names),
        "domain": cat(domain, domain_names + [""]),
        "case_id": case_id[order],
        "provision": cat(provision, provision_names + [""]),
        "provider": cat(provider, provider_names),
        "amount": amount[order],
        "kind": cat(kind, KINDS),
    })[COLUMNS]


def settle(spent: np.ndarray, allocations: np.ndarray, budget_names: list[str], underspend: str,
           initial_reserve: float, pools: list[int] | None = None) -> tuple[pd.DataFrame, dict]:
    """Year-end accounts: allocations in, overspend recorded as deficit, reserve movements.

    `spent` and `allocations` are (budgets, years); `pools` are the rows of the pool (or its
    neighbourhood pots). Under partial pooling a domain pays its own cases first and the pool
    takes over when the domain's year is spoken for, but grants already running stay with the
    domain that made them; so at the year's end the pool's headroom first pays the domains'
    overspend (a `pool_cover` row per domain, taken from the pots in proportion to their headroom),
    and the domains' remaining headroom the pool's overspend (`pool_cover` rows on the pots).
    Overspend is never absorbed silently: what is left is covered from the reserve where there is
    one and otherwise stays a deficit. Underspend is returned, or kept in the reserve when
    `underspend == 'reserve'` (deposited before the same year's deficits are covered).
    """
    rows = []
    reserve = initial_reserve
    deficit_by_year, over_by_year = [], []
    n_budgets, years = allocations.shape
    pools = list(pools or [])
    walled = [b for b in range(n_budgets) if b not in pools]
    for y in range(years):
        for b in range(n_budgets):
            if allocations[b, y] > 0:
                rows.append((start_of_year(y), budget_names[b], "", -1, "", allocations[b, y], "allocation"))
        over = np.maximum(0.0, spent[:, y] - allocations[:, y])
        under = np.maximum(0.0, allocations[:, y] - spent[:, y])
        end = end_of_year(y)
        _cover(rows, over, under, pools, walled, end, budget_names)  # the pool's headroom pays the domains'
        _cover(rows, over, under, walled, pools, end, budget_names)  # and a domain's headroom the pool's
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


def _cover(rows: list, over: np.ndarray, under: np.ndarray, lenders: list[int], borrowers: list[int], end: float,
           budget_names: list[str]) -> None:
    """Year-end cover under partial pooling: the lenders' headroom pays the borrowers' overspend, in
    proportion, as `pool_cover` rows on the borrowers (the lenders then return or keep that much less).

    The pool is made of shares of every domain's money, so the same spending must leave the same
    deficit whatever the share: without this a domain's underspend was returned while the pool it
    had paid into overspent.
    """
    room, need = under[lenders].sum(), over[borrowers].sum()
    cover = min(room, need)
    if cover <= 0:
        return
    for b in borrowers:
        if over[b] > 0:
            part = over[b] * cover / need
            rows.append((end, budget_names[b], "", -1, "", part, "pool_cover"))
            over[b] = 0.0 if cover == need else over[b] - part
    under[lenders] = 0.0 if cover == room else under[lenders] * (1 - cover / room)


def spent_by_budget_year(grants: np.ndarray, pay: dict[str, np.ndarray], n_budgets: int, years: int) -> np.ndarray:
    """Payments per budget and budget year (a payment belongs to the year of its month)."""
    year = np.minimum(year_of_month(pay["month"]), years - 1)
    payer = grants["payer"][pay["grant"]]
    out = np.zeros((n_budgets, years))
    np.add.at(out, (payer, year), pay["amount"])
    return out
