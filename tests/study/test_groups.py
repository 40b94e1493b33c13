"""Residents, not only episodes: figures per resident for one problem and for several problems."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.study.groups import GROUP_METRICS, GROUPS, groups


def _case(rep, res, domains, initial=False, cost=0.0, intakes=1, esc=0, grade=np.nan, closed=10.0, wait=0.0,
          exposed=False, case_id=0):
    return {"replication": rep, "resident_id": res, "case_id": case_id, "domains": domains, "initial": initial,
            "cost": cost, "n_intakes": intakes, "n_escalated": esc, "satisfaction": grade, "closed_day": closed,
            "wait_days": wait, "legal_exposure": exposed}


def test_counted_per_resident_over_all_their_episodes():
    cases = pd.DataFrame([
        # resident 1: one problem in wmo, two episodes (a relapse); last grade counts
        _case(0, 1, "wmo", cost=100, grade=6.0, closed=50, wait=2, case_id=0),
        _case(0, 1, "wmo", cost=50, grade=8.0, closed=90, wait=4, case_id=1),
        # resident 2: participatie then a missed schulden problem: several problems
        _case(0, 2, "participatie", cost=300, intakes=1, grade=5.0, closed=30, case_id=2),
        _case(0, 2, "schulden", cost=200, intakes=1, esc=1, grade=6.5, closed=80, wait=10, exposed=True, case_id=3),
        # resident 3: only in care on day 0: not a resident who asked in the term
        _case(0, 3, "jeugd", initial=True, cost=1000, grade=9.0, case_id=4),
        # resident 4: day-0 care in jeugd, then a new wmo request: several domains, both costs count
        _case(0, 4, "jeugd", initial=True, cost=400, grade=9.0, closed=5, case_id=5),
        _case(0, 4, "wmo", cost=100, grade=7.0, closed=60, case_id=6),
    ])
    g = groups(cases).set_index("group")
    assert list(g.index) == list(GROUPS) and list(g.columns) == ["replication", *GROUP_METRICS]
    assert g.at["single", "residents"] == 1 and g.at["multi", "residents"] == 2 and g.at["all", "residents"] == 3
    assert g.at["single", "cost_per_resident"] == 150 and g.at["single", "mean_grade"] == 8.0
    assert g.at["single", "wait_days_per_resident"] == 6 and g.at["single", "intakes_per_resident"] == 2
    assert g.at["multi", "cost_per_resident"] == (500 + 500) / 2
    assert g.at["multi", "escalations_per_resident"] == 0.5 and g.at["multi", "share_exposed"] == 0.5
    assert g.at["multi", "mean_grade"] == (6.5 + 7.0) / 2  # the last closed new episode of each; day-0 grades do not count
    assert g.at["multi", "share_satisfied_residents"] == 0.5
    assert g.at["all", "cost_per_resident"] == (150 + 500 + 500) / 3


def test_every_replication_has_every_group():
    cases = pd.DataFrame([_case(0, 1, "wmo", grade=7.0), _case(1, 1, "wmo+jeugd", grade=8.0)])
    g = groups(cases)
    assert len(g) == 6
    empty = g[(g["replication"] == 0) & (g["group"] == "multi")].iloc[0]
    assert empty["residents"] == 0 and np.isnan(empty["mean_grade"])


def test_the_groups_of_a_run_add_up_to_all_residents(small_runs):
    r = small_runs("baseline_earmarked.yaml")
    g = groups(r.cases).set_index("group")
    assert g.at["all", "residents"] == g.at["single", "residents"] + g.at["multi", "residents"]
    asked = r.cases.loc[~r.cases["initial"], "resident_id"].nunique()
    assert g.at["all", "residents"] == asked
    share = g.at["multi", "residents"] / r.scenario.municipality.residents
    assert 0.005 < share < 0.08  # residents with several problems are a few percent of all residents
