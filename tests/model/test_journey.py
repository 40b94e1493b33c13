"""What each emergency-button action does to a case, and what the law makes of it."""

import pytest

import sim
from sim.policy.scenario import Button

from tests.helpers import small

ALWAYS = dict(metric="spent_share", budget="total", fire=1e-9, release=0.0)  # pressed from the first decision


def with_button(**kw) -> sim.Scenario:
    s = small("baseline_earmarked.yaml", residents=10_000, years=1)
    s.buttons = [Button.model_validate({"name": "test_button", **ALWAYS, **kw})]
    return s


def run(s, seed=1):
    return sim.run(s, seed=seed, replications=1)


@pytest.fixture(scope="module")
def plain():
    return run(small("baseline_earmarked.yaml", residents=10_000, years=1))


def entitled(cases):
    return cases["domains"].str.contains("wmo|jeugd")


def test_waitlist_delays_tailored_care_and_counts_exposure(plain):
    r = run(with_button(action="waitlist"))
    c = r.cases[~r.cases["initial"]]
    held = c[c["delay_days"] > 0]
    assert len(held) > 0 and (held["button"] == "test_button").all()
    # Entitled problems held back are exposed, for the days held; others are not.
    assert held.loc[entitled(held), "legal_exposure"].all()
    assert (held.loc[~entitled(held), "legal_exposure"] == False).all()  # noqa: E712
    assert r.summary["legal_exposure_cases"].item() > 0
    assert r.summary["mean_wait_days"].item() > plain.summary["mean_wait_days"].item()
    assert (r.events["kind"] == "press").sum() >= 1


def test_appeals_force_care_within_appeal_days():
    s = with_button(action="waitlist")
    s.law.appeal_share = 1.0
    c = run(s).cases
    exposed = c[c["legal_exposure"] & (c["delay_days"] > 0)]  # held by the button (a late decision is no hold)
    assert len(exposed) > 0 and exposed["appealed"].all()
    assert (exposed["delay_days"] <= s.law.appeal_days + 1e-9).all()


def test_stricter_access_refusal_is_exposure_redirect_is_not():
    s = with_button(action="stricter_access", redirect_share=0.0, refuse_share=0.5)
    s.law.appeal_share = 0.0
    c = run(s).cases
    refused = c[c["outcome"] == "refused"]
    assert len(refused) > 0
    assert refused.loc[entitled(refused), "legal_exposure"].all()
    s2 = with_button(action="stricter_access", redirect_share=0.5, refuse_share=0.0)
    c2 = run(s2).cases
    steered = c2[c2["provisions"] == "community_help"]
    assert len(steered) > 0 and not steered["legal_exposure"].any()
    assert (c2["outcome"] != "refused").all()


def test_standard_only_steers_lawfully_and_lowers_cost(plain):
    s = small("eindhoven_radical_maatwerk.yaml", residents=10_000, years=1)
    free = run(s)
    s.buttons = [Button.model_validate({"name": "test_button", **ALWAYS, "action": "standard_only"})]
    capped = run(s)
    assert capped.summary["legal_exposure_cases"].item() == 0
    assert capped.summary["total_cost"].item() < free.summary["total_cost"].item()
    assert capped.cases["provisions"].str.contains("general").sum() > free.cases["provisions"].str.contains("general").sum()


def test_approval_is_exposure_only_past_the_legal_term():
    short = with_button(action="approval", approval_days=7)
    long = with_button(action="approval", approval_days=90)
    r_long = run(long)
    c_short, c_long = run(short).cases, r_long.cases
    assert (c_short["delay_days"] > 0).sum() > 0
    assert c_short["legal_exposure"].sum() < c_long["legal_exposure"].sum()
    steps = r_long.steps
    by_approval = steps[(steps["step"] == "exposure") & (steps["rule"] == "approval")]
    assert len(by_approval) > 0 and (by_approval["days"] <= 90 + 1e-9).all()  # only the days past the term
    # With processing before it, an approval of 90 days takes every entitled decision past its 56 days.
    assert (by_approval["value"] == 56).all()


def test_intensity_cut_shortens_care_and_exposes_entitled_cases(plain):
    s = with_button(action="intensity_cut", intensity_cut=0.5)
    s.law.appeal_share = 0.0
    r = run(s)
    assert r.summary["total_cost"].item() < plain.summary["total_cost"].item()
    cut = r.cases[(r.cases["button"] == "test_button")]
    assert cut.loc[entitled(cut), "legal_exposure"].all() and (cut.loc[entitled(cut), "exposure_days"] > 0).all()


def test_close_intake_holds_new_requests_until_release():
    s = with_button(action="close_intake", metric="spent_share", fire=1e-9, release=0.0,
                    active=[{"from_day": 0, "value": True}, {"from_day": 100, "value": False}])
    c = run(s).cases
    held = c[c["delay_days"] > 0]
    assert len(held) > 0
    # Nobody is held past the day the button stops existing (plus the first decision after it).
    assert (held["arrival_day"] + held["delay_days"] <= 101).all()
    assert held.loc[entitled(held), "legal_exposure"].all()


def test_optional_bewind_domain_runs():
    s = small("baseline_earmarked.yaml", residents=10_000, years=1)
    data = s.model_dump()
    data["domains"]["bewind"] = {"incidence": 2.3, "budget": 100_000, "entitled": False}
    data["provisions"]["bewind_tailored"] = {"kind": "tailored", "domains": ["bewind"], "monthly_cost": 110,
                                            "duration_days": 700, "effectiveness": 0.5}
    r = run(sim.Scenario.model_validate(data))
    assert (r.ledger["domain"] == "bewind").any()
    assert r.summary["total_cost"].item() == pytest.approx(r.ledger.loc[r.ledger["kind"] == "payment", "amount"].sum())
