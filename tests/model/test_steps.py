"""The steps table: the journey notes each decision as it takes it, and the notes agree with the record.

Each test runs a scenario in which a mechanism surely acts and checks the noted steps against
what the other tables say independently: the intakes and hand-offs against the case's counts,
the grants against the grants (ledger commitments), the buttons' days against the case's delay,
the exposure against its days, and the payer rules against the budget that paid.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.budget import PAYER_RULES
from sim.policy.scenario import Button

from tests.helpers import small


def _run(name: str, buttons: list[Button] | None = None, years: int = 2) -> sim.Result:
    s = small(name, 20_000, years=years)
    if buttons is not None:
        s.buttons = buttons
    return sim.run(s, seed=1, replications=1)


@pytest.fixture(scope="module")
def held() -> sim.Result:
    """Desks, with a waiting list and an approval step that surely fire."""
    return _run("baseline_earmarked.yaml", [
        Button(name="waiting_list", metric="committed_share", budget="total", fire=1.3, release=1.25,
               action="waitlist", domains=["wmo", "jeugd"]),
        Button(name="approval_step", metric="spent_share", budget="total", fire=0.5, release=0.4,
               action="approval", approval_above=5000, approval_days=21, domains=["participatie"]),
    ])


def _per_case(steps: pd.DataFrame, step: str, column: str = "case_id", how: str = "size") -> pd.Series:
    rows = steps[steps["step"] == step]
    return rows.groupby("case_id")[column].agg(how) if how != "size" else rows.groupby("case_id").size()


def test_intakes_hand_offs_and_missed_problems_agree_with_the_cases(held):
    c, st = held.cases.set_index("case_id"), held.steps
    decided = c[c["access_days"].notna()]
    intakes = _per_case(st, "intake").reindex(decided.index, fill_value=0)
    assert (intakes == decided["n_intakes"]).all()
    handoffs = _per_case(st, "handoff").reindex(decided.index, fill_value=0)
    assert (handoffs == decided["n_intakes"] - 1).all()  # desks: one hand-off between each two
    missed = _per_case(st, "missed").reindex(c.index, fill_value=0)
    assert (missed == c["n_missed"]).all() and missed.sum() > 0
    waits = _per_case(st, "intake", "days", "sum").reindex(decided.index, fill_value=0.0)
    assert np.allclose(waits, decided["intake_wait_days"], atol=1e-9)
    assert set(st.loc[st["step"] == "intake", "rule"]) == {"desk"}


def test_every_grant_is_noted_with_its_payer_and_why(held):
    st, ledger = held.steps, held.ledger
    grants = st[st["step"].isin(["grant", "lump"])]
    assert set(grants["rule"]) <= set(PAYER_RULES) and set(grants["rule"]) == {"earmarked"}
    assert (grants["budget"] == grants["domain"]).all()  # earmarked: a domain pays its own
    committed = ledger[(ledger["kind"] == "commitment") & (ledger["case_id"] >= 0)]
    key = ["case_id", "provision", "domain", "budget"]
    assert sorted(map(tuple, grants[key].to_numpy().tolist())) == sorted(map(tuple, committed[key].to_numpy().tolist()))
    # A grant's days of care are the ones committed: the commitment is the daily rate times them.
    merged = grants.merge(committed, on=key)
    assert (merged["days"] > 0).all()


def test_buttons_and_exposure_are_noted_with_their_days(held):
    c, st = held.cases.set_index("case_id"), held.steps
    buttons = st[st["step"] == "button"]
    assert {"waitlist", "approval"} <= set(buttons["rule"])
    delayed = buttons.groupby("case_id")["days"].sum()
    assert np.allclose(delayed, c.loc[delayed.index, "delay_days"])
    assert (c.loc[c["delay_days"] > 0].index.isin(delayed.index)).all()
    exposure = _per_case(st, "exposure", "days", "sum")
    exposed = c[c["exposure_days"] > 0]
    assert len(exposed) and np.allclose(exposure.reindex(exposed.index, fill_value=0.0), exposed["exposure_days"])
    appeals = set(st.loc[st["step"] == "appeal", "case_id"])
    assert appeals and appeals == set(c.index[c["appealed"]])


def test_the_day_0_caseload_notes_its_grants_on_day_0(held):
    c, st = held.cases, held.steps
    initial = set(c.loc[c["initial"], "case_id"])
    mine = st[st["case_id"].isin(initial)]
    assert set(mine["case_id"]) == initial and set(mine["step"]) == {"grant"}
    assert (mine["day"] == 0.0).all() and set(mine["rule"]) == {"earmarked"}


def test_partial_pooling_notes_own_budget_first_then_the_pool():
    r = _run("workshop/integraal_pgb.yaml")
    st = r.steps
    grants = st[st["step"].isin(["grant", "lump"])]
    rules = set(grants["rule"])
    assert {"own_budget", "across"} <= rules
    own = grants[grants["rule"] == "own_budget"]
    assert (own["budget"] == own["domain"]).all() and np.allclose(own["value"], 0.2)
    pool = grants[grants["rule"].isin(["across", "spoken_for"])]
    assert (pool["budget"] == "pool").all()
    assert set(st.loc[st["step"] == "personal_budget", "rule"]) <= {"across", "in_kind"}
    assert (st["step"] == "personal_budget").any()


def test_an_integral_team_is_noted():
    st = _run("eindhoven_radical_maatwerk.yaml").steps
    assert set(st.loc[st["step"] == "intake", "rule"]) == {"team"}


def test_the_community_provision_notes_why_it_took_a_case():
    r = _run("village_deals/horst_aan_de_maas.yaml")
    st, c = r.steps, r.cases.set_index("case_id")
    community = st[st["step"] == "community"]
    assert len(community) and set(community["rule"]) == {"absorb"}
    assert (c.loc[community["case_id"], "n_intakes"] == 0).all()
    assert (c.loc[community["case_id"], "provisions"] == community["provision"].to_numpy()).all()
    assert ((community["value"] > 0) & (community["value"] <= 1)).all()  # the absorbed share in force


def test_the_hardship_clause_and_the_referral_check_are_noted():
    r = _run("workshop/hardheidsclausule.yaml")
    st, c = r.steps, r.cases
    assert set(st.loc[st["step"] == "hardship", "case_id"]) == set(c.loc[c["exception"], "case_id"]) != set()
    r = _run("eindhoven_measures/service_desk.yaml")
    st, c = r.steps, r.cases.set_index("case_id")
    checks = st[st["step"] == "referral_check"]
    assert {"steered", "kept"} == set(checks["rule"])
    steered = checks[checks["rule"] == "steered"]
    granted = st[st["step"] == "grant"].set_index(["case_id", "domain"])["provision"]
    assert (granted.loc[list(zip(steered["case_id"], steered["domain"]))].to_numpy() == steered["provision"].to_numpy()).all()


def test_providers_are_noted_with_the_grant():
    r = _run("eindhoven_measures/provider_ceilings.yaml")
    st, c = r.steps, r.cases.set_index("case_id")
    placed = st[st["step"] == "provider"]
    assert len(placed) and set(placed["rule"]) <= {"placed", "appeal", "extra_contracted"}
    grants = st[(st["step"] == "grant") & (st["provider"] != "")]
    for cid, g in grants.groupby("case_id"):
        assert set(g["provider"]) == set(c.loc[cid, "providers"].split("+"))


def test_a_refusal_at_the_door_and_its_appeal_are_noted():
    r = _run("baseline_earmarked.yaml", [
        Button(name="strict", metric="spent_share", budget="total", fire=0.3, release=0.2, action="stricter_access",
               refuse_share=0.5, redirect_share=0.0)])
    st, c = r.steps, r.cases.set_index("case_id")
    refused = st[(st["step"] == "button") & (st["rule"] == "refused")]
    won = set(st.loc[(st["step"] == "appeal") & (st["rule"] == "refused"), "case_id"])
    assert len(refused) and won
    assert set(refused["case_id"]) - won == set(c.index[c["outcome"] == "refused"])
    assert (c.loc[list(won), "outcome"] != "refused").all() and c.loc[list(won), "appealed"].all()
