"""Residents, not only episodes: the headline figures per resident, for one problem and for several.

Only 1-5% of residents have several problems at once, and they are who pooling and integral
working are about; an average over all episodes hides them. This module counts per resident
over the whole term, from the cases table alone: every episode of a resident (their first
request, follow-ups, problems a desk missed) adds to their cost, intakes, escalations and
waiting, and their grade is the grade of their last closed episode.

A resident belongs to the multi-problem group when their episodes touch two or more domains;
else to the single-problem group. Residents counted are those who asked for help during the
term (at least one episode that is not the day-0 caseload); the day-0 caseload's own episodes
count towards them where they share a resident (their follow-ups do).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import metrics as M

GROUPS = ("all", "single", "multi")  # every resident; one problem; several problems
# The per-resident metrics, each made by its registry entry's `of_residents` (sim.study.metrics).
GROUP_METRICS = M.of_residents()
# The columns of the cases table the groups are counted from.
GROUP_INPUTS = ("replication", "resident_id", "case_id", "domains", "initial", "cost", "n_intakes", "n_escalated",
                "satisfaction", "closed_day", "wait_days", "legal_exposure")


def _per_resident(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per (replication, resident) who asked for help in the term: sums, last grade, group."""
    c = cases
    asked = ~c["initial"].to_numpy(dtype=bool)
    key = ["replication", "resident_id"]
    who = c.loc[asked, key].drop_duplicates()
    mine = c.merge(who, on=key, how="inner")
    domains = mine["domains"].astype(str).str.split("+")
    n_domains = (mine[key].assign(domain=domains).explode("domain").drop_duplicates()
                 .groupby(key, sort=False).size().rename("n_domains"))
    new = mine[~mine["initial"].to_numpy(dtype=bool)]
    sums = mine.groupby(key, sort=False).agg(cost=("cost", "sum"), intakes=("n_intakes", "sum"),
                                              escalations=("n_escalated", "sum"), exposed=("legal_exposure", "max"))
    wait = new.groupby(key, sort=False)["wait_days"].sum(min_count=1).rename("wait_days")
    graded = new[new["satisfaction"].notna()].sort_values(key + ["closed_day", "case_id"])
    last = graded.groupby(key, sort=False)["satisfaction"].last().rename("grade")
    out = pd.concat([sums, n_domains, wait, last], axis=1).reset_index()
    out["group"] = np.where(out["n_domains"] >= 2, "multi", "single")
    return out


def _summarise(rows: pd.DataFrame) -> dict[str, float]:
    """One group's figures per resident, each by its metric's one rule (NaN for a group without residents)."""
    return {name: M.REGISTRY[name].of_residents(rows) for name in M.of_residents()}  # type: ignore[misc]


def groups(cases: pd.DataFrame) -> pd.DataFrame:
    """Per replication and group (all, single, multi): the headline figures per resident.

    Columns: replication, group, then the per-resident metrics (GROUP_METRICS). A group without residents in a replication
    has 0 residents and NaN figures, so every replication has all three rows.
    """
    per = _per_resident(cases)
    rows = []
    for rep in sorted(cases["replication"].unique()):
        mine = per[per["replication"] == rep]
        for g in GROUPS:
            part = mine if g == "all" else mine[mine["group"] == g]
            rows.append({"replication": int(rep), "group": g, **_summarise(part)})
    return pd.DataFrame(rows, columns=["replication", "group", *M.of_residents()])
