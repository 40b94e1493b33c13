"""Raw rows of one replication into the tables: cases, ledger, timeseries, events, summary, steps.

Everything here is vectorised pandas/NumPy after the run; the event loop never pays for it.
Column meanings are documented in docs/tables.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..policy.calendar import (end_of_month, month_of, months as months_of, share_of_year, term_of, term_ran_out,
                               year_of_month)
from . import ledger as L
from . import record as R
from .budget import PAYER_RULES
from .engine import Raw
from .outcome import SATISFIED_GRADE
from .settings import decision_terms

EVENT_COLUMNS = ["replication", "day", "button", "action", "budget", "kind", "metric", "value"]


def cases_table(raw: Raw, pay: dict) -> pd.DataFrame:
    df = pd.DataFrame(raw.cases, columns=list(R.COLUMNS))
    names = raw.domain_names
    df["domains"] = ["+".join(names[d] for d in t) for t in df["domains"]]
    df["segment"] = np.where(df["n_problems"] > 1, "complex", "simple")
    groups = np.array(raw.age_groups, dtype=object)
    df["age_group"] = groups[df["age_group"].to_numpy()]
    subgroups = np.array([""] + list(raw.subgroups), dtype=object)
    df["subgroup"] = subgroups[df["subgroup"].to_numpy(dtype=int)]
    own = raw.grants["case_id"] >= 0  # programme rows (case -1) belong to no case
    g = raw.grants[own]
    n = len(df)
    df["provisions"] = _joined(g["case_id"], g["provision"], raw.provision_names, n)
    df["budgets"] = _joined(g["case_id"], g["payer"], raw.budget_names, n)
    named = g["provider"] > 0
    df["providers"] = _joined(g["case_id"][named], g["provider"][named], raw.provider_names, n)
    paid = own[pay["grant"]]
    df["cost"] = np.bincount(raw.grants["case_id"][pay["grant"][paid]], weights=pay["amount"][paid], minlength=n)[:n]
    df["committed"] = np.bincount(g["case_id"], weights=L.commitments(g), minlength=n)[:n]
    # A case still in an intake queue at the horizon has no completed wait yet: empty, not 0.
    df.loc[df["access_days"].isna() & df["decision_day"].isna(), "intake_wait_days"] = np.nan
    still_open = ~(df["closed_day"] <= raw.horizon)
    df.loc[still_open, "outcome"] = "open"
    df.loc[still_open, "satisfaction"] = np.nan
    df["button"] = df["button"].fillna("")
    df.insert(1, "replication", raw.replication)
    return df


def _joined(case_ids: np.ndarray, codes: np.ndarray, names: list[str], n: int) -> list[str]:
    """Per case, the distinct names its grants carry, joined with '+' (e.g. 'wmo_tailored+pool')."""
    order = np.lexsort((codes, case_ids))
    c, k = case_ids[order], codes[order]
    keep = np.ones(len(c), dtype=bool)
    keep[1:] = (c[1:] != c[:-1]) | (k[1:] != k[:-1])
    out = [""] * n
    for cid, code in zip(c[keep].tolist(), k[keep].tolist()):
        out[cid] = names[code] if not out[cid] else out[cid] + "+" + names[code]
    return out


def timeseries_table(raw: Raw, cases: pd.DataFrame, pay: dict, events: pd.DataFrame) -> pd.DataFrame:
    g = raw.grants
    years = raw.allocations.shape[1]
    months = months_of(years)
    names = raw.budget_names
    nb = len(names)
    m_idx = np.minimum(pay["month"], months - 1)
    spent = np.zeros((nb, months))
    np.add.at(spent, (g["payer"][pay["grant"]], m_idx), pay["amount"])
    ends = end_of_month(np.arange(months))
    committed = np.zeros((nb, months))
    for k, t in enumerate(ends):
        live = (g["start"] <= t) & (g["end"] > t)
        committed[:, k] = np.bincount(g["payer"][live], weights=g["rate"][live] * (g["end"][live] - t), minlength=nb)
    year = year_of_month(np.arange(months))
    alloc = raw.allocations[:, year]
    into_year = share_of_year(ends, year)
    alloc_before = np.concatenate([np.zeros((nb, 1)), np.cumsum(raw.allocations, axis=1)], axis=1)[:, year]
    spent_cum = np.cumsum(spent, axis=1)
    spent_ytd = np.empty_like(spent)
    for y in range(years):
        cols = year == y
        spent_ytd[:, cols] = np.cumsum(spent[:, cols], axis=1)

    # Municipality-wide columns, the same on every budget row of a month.
    run_cases = cases[~cases["initial"]]
    closed_month = month_of(run_cases["closed_day"].to_numpy())
    sat = run_cases["satisfaction"].to_numpy()
    ok = ~np.isnan(sat) & (closed_month < months)
    mean_sat = (np.bincount(closed_month[ok].astype(int), weights=sat[ok], minlength=months)
                / np.maximum(1, np.bincount(closed_month[ok].astype(int), minlength=months)))
    mean_sat[np.bincount(closed_month[ok].astype(int), minlength=months) == 0] = np.nan
    dec, clo = cases["decision_day"].to_numpy(), cases["closed_day"].to_numpy()
    active = np.array([np.sum((dec <= t) & (clo > t)) for t in ends])
    wl_day = np.array([d for d, _ in raw.waiting])
    wl_val = np.array([v for _, v in raw.waiting])
    waiting = wl_val[np.searchsorted(wl_day, ends, side="right") - 1]
    pressed = _pressed_at(events, ends)

    frames = []
    for b in range(nb + 1):
        sel = slice(None) if b == nb else b
        agg = (lambda a: a.sum(axis=0)) if b == nb else (lambda a: a[sel])
        frames.append(pd.DataFrame({
            "replication": raw.replication, "month": np.arange(months), "day": ends,
            "budget": "total" if b == nb else names[b],
            "allocation": agg(alloc), "allocation_to_date": agg(alloc_before) + agg(alloc) * into_year,
            "prorata_allocation": agg(alloc) * into_year,
            "spent": agg(spent), "spent_to_date": agg(spent_cum), "spent_year_to_date": agg(spent_ytd),
            "committed": agg(committed),
            "deficit": np.maximum(0.0, agg(spent_ytd) - agg(alloc)),
            "waiting": waiting, "active_cases": active, "mean_satisfaction": mean_sat, "buttons_pressed": pressed,
        }))
    return pd.concat(frames, ignore_index=True)


def _pressed_at(events: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    if events.empty:
        return np.zeros(len(days), dtype=int)
    delta = np.where(events["kind"].to_numpy() == "press", 1, -1)
    order = np.argsort(events["day"].to_numpy(), kind="stable")
    ev_days, level = events["day"].to_numpy()[order], np.cumsum(delta[order])
    pos = np.searchsorted(ev_days, days, side="right") - 1
    return np.where(pos >= 0, level[np.maximum(pos, 0)], 0)


def summary_row(raw: Raw, cases: pd.DataFrame, ledger: pd.DataFrame, accounts: dict) -> dict:
    run_cases = cases[~cases["initial"]]
    graded = run_cases["satisfaction"].dropna()
    waits = run_cases["wait_days"].dropna()
    # Intakes per multi-problem resident: all intakes of every episode of residents whose first
    # episode had several problems (missed problems come back through a desk later).
    first = run_cases[(run_cases["generation"] == 0) & (run_cases["n_problems"] > 1)]
    residents = run_cases[run_cases["resident_id"].isin(first["resident_id"])]
    payments = ledger.loc[ledger["kind"] == "payment", "amount"].sum()
    allocation = float(raw.allocations.sum())
    row = {
        "replication": raw.replication,
        "total_cost": float(payments),
        "allocation": allocation,
        "overspend": float(sum(accounts["overspend_by_year"])),
        "overspend_share": float(sum(accounts["overspend_by_year"]) / allocation) if allocation else np.nan,
        "deficit": float(sum(accounts["deficit_by_year"])),
        "reserve_end": float(accounts["reserve_end"]),
        "mean_satisfaction": float(graded.mean()) if len(graded) else np.nan,
        "share_satisfied": float((graded >= SATISFIED_GRADE).mean()) if len(graded) else np.nan,
        "mean_wait_days": float(waits.mean()) if len(waits) else np.nan,
        "p90_wait_days": float(waits.quantile(0.9)) if len(waits) else np.nan,
        "escalations": int(run_cases["n_escalated"].sum()),
        "legal_exposure_cases": int(run_cases["legal_exposure"].sum()),
        "legal_exposure_days": float(run_cases["exposure_days"].sum()),
        "appeals_won": int(run_cases["appealed"].sum()),
        "n_cases": int(len(run_cases)),
        "open_cases": int((run_cases["outcome"] == "open").sum()),
        "refused_cases": int((run_cases["outcome"] == "refused").sum()),
        "intakes_per_multi_case": float(residents["n_intakes"].sum() / len(first)) if len(first) else np.nan,
        "button_presses": int(sum(1 for e in raw.events if e[4] == "press")),
        "prevented_problems": int(raw.prevented),
        "programme_cost": float(ledger.loc[(ledger["kind"] == "payment") & (ledger["case_id"] < 0), "amount"].sum()),
    }
    row.update(in_term(raw, run_cases))
    row.update(exposure_by_cause(raw, run_cases))
    for y, d in enumerate(accounts["deficit_by_year"], start=1):
        row[f"deficit_y{y}"] = float(d)
    for y, o in enumerate(accounts["overspend_by_year"], start=1):
        row[f"overspend_y{y}"] = float(o)
    return row


def in_term(raw: Raw, run_cases: pd.DataFrame) -> dict[str, float]:
    """The share of requests decided within the legal term, over all and per domain (a case with
    problems in several domains counts in each). A request counts once its term has run out
    within the horizon or it was decided: one still undecided past its term was not decided in it."""
    terms = decision_terms(raw.scenario)
    doms = [raw.cases[i][R.DOMAINS] for i in run_cases["case_id"].tolist()]
    term = np.array([term_of(terms, t) for t in doms])
    flag = run_cases["decided_in_term"].to_numpy(dtype=object)
    decided = np.array([f is not None and f == f for f in flag], dtype=bool)  # None or NaN: not decided
    ok = decided & (flag == True)  # noqa: E712  (an object array of True, False and None)
    due = decided | term_ran_out(run_cases["arrival_day"].to_numpy(), term, raw.horizon)
    row = {"decided_in_term": float(ok[due].mean()) if due.any() else np.nan}
    for k, name in enumerate(raw.domain_names):
        has = due & np.array([k in t for t in doms], dtype=bool)
        row[f"decided_in_term_{name}"] = float(ok[has].mean()) if has.any() else np.nan
    return row


def exposure_by_cause(raw: Raw, run_cases: pd.DataFrame) -> dict[str, int]:
    """The run's exposed cases counted by their one cause (`record.exposure_causes`, from the
    exposure steps as the journey noted them): `legal_exposure_cases_<cause>` for each of
    `record.EXPOSURE_CAUSES`. Every exposed case noted an exposure step when it became exposed,
    so the causes add up to `legal_exposure_cases`."""
    a = raw.steps
    noted = a[a[:, 2] == R.KIND["exposure"]]
    causes = R.exposure_causes(noted[:, 0].astype(np.int64).tolist(),
                               [R.STEP_RULES[int(k)] for k in noted[:, 8].tolist()])
    exposed = run_cases.loc[run_cases["legal_exposure"].astype(bool), "case_id"].tolist()
    counts = dict.fromkeys(R.EXPOSURE_CAUSES, 0)
    for cid in exposed:
        counts[causes[cid]] += 1
    return {f"legal_exposure_cases_{cause}": n for cause, n in counts.items()}


def steps_table(raw: Raw) -> pd.DataFrame:
    """The journey's decisions as noted, one row each, a case's rows together in the order taken.

    Three sources: the steps the journey noted (numbers: codes and indices, see
    `record.STEP_COLUMNS`); the one intake of each lean-path episode, which its record holds; and
    the grants, which keep their payer rule and the pooled share it read, so the hot path notes
    nothing extra for a grant. Here codes become names and the sources are merged: by case, then
    by day; on one day a grant comes after what led to it.
    """
    a, lean = raw.steps, _lean_intakes(raw)
    g = raw.grants[raw.grants["case_id"] >= 0]  # programme rows (case -1) belong to no case

    def joined(k: int, granted: np.ndarray) -> np.ndarray:
        return np.concatenate([a[:, k], lean[:, k], granted])

    nk = len(R.STEP_KINDS)
    case_id = joined(0, g["case_id"]).astype(np.int64)
    day = joined(1, g["start"])
    rank = np.concatenate([np.zeros(len(a) + len(lean), dtype=np.int64), np.ones(len(g), dtype=np.int64)])
    order = np.lexsort((np.arange(len(case_id)), rank, day, case_id))

    def named(values, k: int, granted: np.ndarray) -> np.ndarray:
        codes = joined(k, granted).astype(np.int64)[order]
        return np.array(list(values) + [""], dtype=object)[codes]  # code -1 (none) is the last entry

    return pd.DataFrame({
        "replication": raw.replication, "case_id": case_id[order], "day": day[order],
        "step": named(R.STEP_KINDS + ("grant", "lump"), 2, np.where(g["lump"] > 0, nk + 1, nk)),
        "domain": named(raw.domain_names, 3, g["domain"]), "provision": named(raw.provision_names, 4, g["provision"]),
        "budget": named(raw.budget_names, 5, g["payer"]), "provider": named(raw.provider_names, 6, g["provider"]),
        "button": named([b.name for b in raw.scenario.buttons], 7, np.full(len(g), -1)),
        "rule": named(R.STEP_RULES + PAYER_RULES, 8, len(R.STEP_RULES) + g["rule"].astype(np.int64)),
        "days": joined(9, g["end"] - g["start"])[order], "value": joined(10, g["share"])[order]})


def _lean_intakes(raw: Raw) -> np.ndarray:
    """The intake step of each lean-path episode, from its record: one intake, on its arrival day,
    at its domain's desk or its team (as the lean path's plan), with the days it queued. These are
    the very figures `journey._intake` notes for the same episode."""
    cases = raw.cases
    kind, where = R.KIND["intake"], R.RULE[raw.lean_where]
    rows = [(i, cases[i][R.ARRIVAL], kind, cases[i][R.DOMAINS][0], -1, -1, 0, -1, where, cases[i][R.INTAKE_WAIT], R.NAN)
            for i in raw.lean_intakes.tolist()]
    return np.array(rows, dtype=np.float64).reshape(-1, R.STEP_WIDTH)


def tables(raw: Raw) -> dict[str, pd.DataFrame]:
    """All six tables of one replication (summary as a one-row frame)."""
    s = raw.scenario
    pay = L.payments(raw.grants, raw.horizon)
    years = raw.allocations.shape[1]
    spent = L.spent_by_budget_year(raw.grants, pay, len(raw.budget_names), years)
    pools = list(range(len(raw.domain_names), len(raw.budget_names)))  # budgets are the domains, then the pool(s)
    settlement, accounts = L.settle(spent, raw.allocations, raw.budget_names, s.budget.underspend,
                                    s.budget.initial_reserve, pools=pools)
    ledger = L.build(raw.replication, raw.grants, pay, raw.horizon, raw.budget_names, raw.domain_names,
                     raw.provision_names, raw.provider_names, settlement)
    cases = cases_table(raw, pay)
    events = pd.DataFrame([(raw.replication,) + e for e in raw.events], columns=EVENT_COLUMNS)
    timeseries = timeseries_table(raw, cases, pay, events)
    summary = pd.DataFrame([summary_row(raw, cases, ledger, accounts)])
    return {"cases": cases, "ledger": ledger, "timeseries": timeseries, "events": events, "summary": summary,
            "steps": steps_table(raw)}
