"""Waiting as residents know it (issue 12, part 1) and a lawful cap (part 5).

The time from the intake to the decision, the share decided within the legal term, the wait
for a youth-care place bounded by `max_wait_days`, delays past the term that a rule caused, and
a standard_only button that steers only what a general provision can meet. Every test runs the
small municipality against itself with one setting changed (common random numbers).
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.policy.scenario import Button

from tests.helpers import run, variant

ALWAYS = dict(metric="spent_share", budget="total", fire=1e-9, release=0.0)  # pressed from the first decision


def first(r: sim.Result):
    c = r.cases[(r.cases["origin"] == "new") & r.cases["decision_day"].notna()].set_index("resident_id")
    return c.assign(after=c["decision_day"] - c["arrival_day"] - c["access_days"])


def no_places(s: sim.Scenario) -> sim.Scenario:
    youth = s.provisions["jeugd_tailored"]
    youth.providers, youth.when_full, youth.max_wait_days = {}, "contract_extra", None
    return s


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("waits")


def test_processing_comes_on_top_of_the_intake_and_is_lognormal_with_its_mean(folder):
    off = variant(folder, residents=20_000, years=2)
    for dom in off.domains.values():
        dom.processing_days = 0.0
    on = variant(folder, "domains:\n  wmo: {processing_days: 30, processing_cv: 0.5}\n", residents=20_000, years=2)
    for d, dom in on.domains.items():
        if d != "wmo":
            dom.processing_days = 0.0
    a, b = first(run(no_places(off))), first(run(no_places(on)))
    both = a.index.intersection(b.index)
    wmo = both[(a.loc[both, "domains"] == "wmo").to_numpy() & (a.loc[both, "provisions"] != "community_help").to_numpy()]
    assert len(wmo) > 300
    assert np.allclose(a.loc[wmo, "after"], 0.0)  # off: decided at the end of the intake
    days = b.loc[wmo, "after"]
    assert (days > 0).all() and days.mean() == pytest.approx(30, rel=0.1)
    assert (days.std() / days.mean()) == pytest.approx(0.5, rel=0.2)
    # The share decided within the term falls from all to the lognormal's share under 56 days.
    ra, rb = run(no_places(off)), run(no_places(on))
    assert ra.summary["decided_in_term_wmo"].item() == 1.0 and ra.summary["decided_in_term"].item() == 1.0
    assert 0.85 < rb.summary["decided_in_term_wmo"].item() < 1.0
    assert rb.summary["decided_in_term_schulden"].item() > rb.summary["decided_in_term_wmo"].item()  # only with wmo
    assert rb.summary["mean_wait_days"].item() > ra.summary["mean_wait_days"].item() + 10


def test_a_rule_that_takes_a_decision_past_its_term_is_exposure_with_its_cause(folder):
    """Desks in turn take a multi-problem case past a short term: the late decision is noted with
    the rule that caused it, and for an entitled domain the days past the term are exposure."""
    s = variant(folder, "domains:\n  wmo: {decision_term_days: 10, processing_days: 0}\n"
                "  participatie: {processing_days: 0}\n  schulden: {processing_days: 0}\n"
                "  jeugd: {processing_days: 0}\n", residents=20_000, years=2)
    r = run(no_places(s))
    steps, c = r.steps, r.cases.set_index("case_id")
    late = steps[(steps["step"] == "decision") & (steps["rule"] == "handoffs")]
    assert len(late) > 10
    past = steps[(steps["step"] == "exposure") & (steps["rule"] == "past_term")]
    assert set(past["case_id"]) <= set(late["case_id"]) and len(past) > 0
    assert c.loc[past["case_id"], "legal_exposure"].all()
    assert (c.loc[past["case_id"], "domains"].str.contains("wmo|jeugd")).all()
    assert (past["value"] == 10).all() and (past["days"] > 0).all() and (past["days"] <= 14 * 2 + 1e-9).all()
    # Single-problem cases take no hand-off: never late for that rule.
    assert (c.loc[late["case_id"], "n_problems"] > 1).all()


def test_youth_places_make_a_waiting_list_bounded_by_max_wait(folder):
    body = ("provisions:\n  jeugd_tailored:\n    when_full: wait\n    max_wait_days: 60\n"
            "    providers:\n      contracted: {share: 1.0, capacity: 60}\n"
            "plan: {policy: maatwerk}\nlaw: {appeal_share: 0.0}\n")
    r = run(variant(folder, body, residents=20_000, years=2))
    steps = r.steps
    prov = steps[(steps["step"] == "provider") & (steps["provision"] == "jeugd_tailored")]
    waited = prov[prov["days"] > 0]
    assert len(waited) > 20
    assert (waited["days"] <= 60 + 1e-9).all()  # the bound holds
    extra = prov[prov["rule"] == "extra_contracted"]
    assert len(extra) > 0 and np.allclose(extra.loc[extra["days"] > 0, "days"], 60.0)
    exposed = steps[(steps["step"] == "exposure") & (steps["rule"] == "provider_wait")]
    assert set(exposed["case_id"]) == set(waited["case_id"])  # every day an entitled child waits is exposure
    assert r.summary["legal_exposure_cases"].item() > 0


def _capped(folder, steer: int | None):
    s = no_places(variant(folder, "plan: {policy: maatwerk}\n", residents=20_000, years=1))
    spec = {"name": "cap", **ALWAYS, "action": "standard_only"}
    if steer is not None:
        spec["steer_max_severity"] = steer
    s.buttons = [Button.model_validate(spec)]
    s.law.appeal_share = 0.0
    return run(s)


def test_a_lawful_cap_steers_only_what_a_general_provision_can_meet(folder):
    r = _capped(folder, None)
    c = r.cases[~r.cases["initial"] & r.cases["decision_day"].notna() & (r.cases["n_problems"] == 1)]
    heavy = c[(c["max_severity"] > 1) & (c["button"] == "cap")]
    light = c[(c["max_severity"] == 1) & (c["button"] == "cap")]
    assert len(heavy) > 50 and len(light) > 50
    assert heavy["provisions"].str.endswith("_tailored").all()  # heavier problems keep their tailored care
    assert light["provisions"].str.endswith("_general").all()
    steps = r.steps
    exposure = steps[steps["step"] == "exposure"]
    assert not (exposure["rule"] == "steered_heavy").any()  # nothing unlawful steered
    assert set(exposure["rule"]) <= {"past_term"}  # what exposure there is: desks in turn past the term


def test_steering_heavier_entitled_problems_is_exposure(folder):
    r = _capped(folder, 3)
    c = r.cases[~r.cases["initial"] & r.cases["decision_day"].notna() & (r.cases["n_problems"] == 1)]
    heavy = c[(c["max_severity"] > 1) & (c["button"] == "cap")]
    assert heavy["provisions"].str.endswith("_general").all()
    entitled = heavy["domains"].isin(["wmo", "jeugd"])
    assert heavy.loc[entitled, "legal_exposure"].all() and not heavy.loc[~entitled, "legal_exposure"].any()
    steps = r.steps
    noted = steps[(steps["step"] == "exposure") & (steps["rule"] == "steered_heavy")]
    assert set(heavy.loc[entitled, "case_id"]) <= set(noted["case_id"])
    assert (r.cases.set_index("case_id").loc[noted["case_id"], "button"] == "cap").all()
    assert (noted["value"] > 1).all()  # the severity steered
    assert r.summary["total_cost"].item() < _capped(folder, None).summary["total_cost"].item()
