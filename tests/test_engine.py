"""Conservation of cases: every case ends in exactly one state, and nothing is dropped at the horizon."""

import numpy as np
import pytest

from sim.engine import Model
from sim.population import draw
from sim.tables import tables

from conftest import small

STATES = {"resolved", "relapse", "escalated", "unresolved", "refused", "open"}


@pytest.mark.parametrize("name", ["baseline_earmarked.yaml", "eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml"])
@pytest.mark.parametrize("seed", [4, 5])
def test_every_case_ends_in_exactly_one_state(name, seed):
    s = small(name)
    pop = draw(s, seed)
    raw = Model(s, pop).run()
    cases = tables(raw)["cases"]
    assert cases["case_id"].is_unique
    assert set(cases["outcome"]) <= STATES
    horizon = raw.horizon
    closed = cases["closed_day"] <= horizon
    # Closed cases have a grade; open ones are open, and nothing closed after the horizon hides as closed.
    assert cases.loc[closed & ~cases["initial"], "satisfaction"].between(1, 10).all()
    assert (cases.loc[~closed, "outcome"] == "open").all()
    assert (cases.loc[closed, "outcome"] != "open").all()
    # Every resident who came forward appears exactly once as a first episode.
    uptake = [st.value for st in s.access.latent_uptake]
    assert len(uptake) >= 1
    came = ~pop.latent[: pop.n] | (pop.latent_u < np.array([_uptake(s, t) for t in pop.arrival]))
    first = cases[(cases["origin"] == "new")]
    assert first["resident_id"].is_unique
    assert sorted(first["resident_id"]) == list(np.flatnonzero(came))
    # Follow-up episodes point at an existing parent episode and come after it.
    follow = cases[cases["generation"] > 0].merge(cases[["case_id", "arrival_day"]], left_on="parent_case_id",
                                                   right_on="case_id", suffixes=("", "_parent"))
    assert len(follow) == (cases["generation"] > 0).sum()
    assert (follow["arrival_day"] >= follow["arrival_day_parent"]).all()


def _uptake(s, t):
    from sim.timeline import Timeline

    return Timeline(s.access.latent_uptake).at(t)


def test_open_cases_are_reported_not_dropped():
    s = small("baseline_earmarked.yaml", years=1)
    cases = tables(Model(s, draw(s, 1)).run())["cases"]
    assert (cases["outcome"] == "open").sum() > 0
    still_waiting = cases["decision_day"].isna()
    assert (cases.loc[still_waiting, "outcome"] == "open").all()


def test_initial_caseload_is_in_care_on_day_zero():
    s = small("baseline_earmarked.yaml")
    raw = Model(s, draw(s, 1)).run()
    g = raw.grants
    for i, name in enumerate(raw.domain_names):
        in_care = ((g["domain"] == i) & (g["start"] <= 0) & (g["end"] > 0)).sum()
        assert in_care == s.domains[name].initial_caseload


def test_a_case_still_queued_at_the_horizon_has_no_wait_yet():
    s = small("baseline_earmarked.yaml", residents=20_000, years=1)
    for dom in s.domains.values():
        dom.desk_staff = 1  # overloaded desks: a queue is left at the horizon
    cases = tables(Model(s, draw(s, 1)).run())["cases"]
    queued = cases["access_days"].isna() & cases["decision_day"].isna()
    assert queued.sum() > 0
    assert cases.loc[queued, "intake_wait_days"].isna().all()
    assert (cases.loc[queued, "outcome"] == "open").all()
    assert cases.loc[~queued & ~cases["initial"], "intake_wait_days"].notna().all()
