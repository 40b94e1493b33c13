"""The scenario schema: dated values, defaults, and the contradictions `consistency_issues` finds.

These tests build scenarios in memory from the shipped baseline, so each one changes one thing
and asks for one problem at one location.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from tests.helpers import ROOT
from sim.policy.checks import consistency_issues
from sim.policy.scenario import Scenario
from sim.policy.timeline import Step, Timeline

BASELINE = ROOT / "scenarios" / "base" / "eindhoven.yaml"  # complete, no extends
RAW = yaml.safe_load(BASELINE.read_text(encoding="utf-8"))


def raw() -> dict:
    return copy.deepcopy(RAW)


def issues_of(data: dict) -> list[tuple[tuple, str]]:
    return consistency_issues(Scenario.model_validate(data))


def locations(data: dict) -> list[tuple]:
    return [loc for loc, _ in issues_of(data)]


BUTTON = {"name": "cap", "metric": "spent_share", "fire": 1.0, "release": 0.9, "action": "waitlist"}


def test_the_baseline_has_no_issues():
    assert issues_of(raw()) == []


# ---------------------------------------------------------------- dated values

@pytest.mark.parametrize("value", [0.5, [{"from_day": 0, "value": 0.5}]])
def test_a_dated_field_accepts_a_plain_value_or_steps(value):
    d = raw()
    d["budget"]["pooled_share"] = value
    s = Scenario.model_validate(d)
    assert [(st.from_day, st.value) for st in s.budget.pooled_share] == [(0, 0.5)]


def test_dated_steps_in_force_from_their_day():
    d = raw()
    d["budget"]["pooled_share"] = [{"from_day": 0, "value": 0.0}, {"from_day": 365, "value": 1.0}]
    t = Timeline(Scenario.model_validate(d).budget.pooled_share)
    assert (t.at(0), t.at(364.9), t.at(365), t.at(2000)) == (0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize("steps, says", [
    ([], "at least one step"),
    ([{"from_day": 30, "value": 0.5}], "from_day 0"),
    ([{"from_day": 0, "value": 0.1}, {"from_day": 0, "value": 0.2}], "increasing, distinct"),
    ([{"from_day": 0, "value": 0.1}, {"from_day": 400, "value": 0.2}, {"from_day": 365, "value": 0.3}], "increasing"),
    ([{"from_day": -1, "value": 0.1}], "greater than or equal to 0"),
    ([{"from_day": 0, "value": 1.2}], "less than or equal to 1"),
    ([{"from_day": 0}], "Field required"),
])
def test_bad_dated_steps_are_rejected(steps, says):
    d = raw()
    d["budget"]["pooled_share"] = steps
    with pytest.raises(ValidationError) as info:
        Scenario.model_validate(d)
    assert says in str(info.value)


def test_defaults_of_dated_fields_are_steps_too():
    d = raw()
    del d["budget"], d["plan"]
    d["buttons"] = [dict(BUTTON)]
    s = Scenario.model_validate(d)
    assert s.budget.pooled_share == [Step[float](from_day=0, value=0.0)]
    assert [st.value for st in s.plan.policy] == ["standard"]
    assert [st.value for st in s.buttons[0].active] == [True]
    assert consistency_issues(s) == []  # and consistency_issues can read them


def test_unknown_keys_are_rejected_everywhere():
    for where in (("budget",), ("domains", "wmo"), ("provisions", "wmo_general"), ("run",)):
        d = raw()
        node = d
        for k in where:
            node = node[k]
        node["typo_key"] = 1
        with pytest.raises(ValidationError) as info:
            Scenario.model_validate(d)
        assert info.value.errors()[0]["type"] == "extra_forbidden"


# ---------------------------------------------------------------- consistency_issues

def with_(change) -> dict:
    d = raw()
    change(d)
    return d


CASES = {
    "severity not summing to 1": (
        lambda d: d["domains"]["wmo"].update(severity=[0.6, 0.3, 0.2]), ("domains", "wmo", "severity"), "sum to 1"),
    "reserved domain name": (
        lambda d: d["domains"].update(pool=d["domains"]["schulden"]), ("domains", "pool"), "reserved"),
    "co-occurrence of an unknown domain": (
        lambda d: d["population"]["co_occurrence"].update(schuld=1), ("population", "co_occurrence", "schuld"),
        "Did you mean 'schulden'?"),
    "age groups not summing to 1": (
        lambda d: d["population"].update(age_groups={"adult": 0.5, "senior": 0.4}), ("population", "age_groups"), "sum to 1"),
    "provision for an unknown domain": (
        lambda d: d["provisions"]["wmo_general"].update(domains=["wmo", "bewind"]),
        ("provisions", "wmo_general", "domains", 1), "unknown domain 'bewind'"),
    "community provision for some domains only": (
        lambda d: d["provisions"]["community_help"].update(domains=["wmo"]),
        ("provisions", "community_help", "domains"), "domains: all"),
    "cross_domain provision with a monthly cost": (
        lambda d: d["provisions"]["integral_plan"].update(monthly_cost=100),
        ("provisions", "integral_plan", "monthly_cost"), "cost_factor"),
    "general provision without a duration": (
        lambda d: d["provisions"]["wmo_general"].pop("duration_days"), ("provisions", "wmo_general"), "needs duration_days"),
    "cost_factor outside cross_domain": (
        lambda d: d["provisions"]["wmo_general"].update(cost_factor=0.9), ("provisions", "wmo_general", "cost_factor"),
        "cross_domain"),
    "capacity outside community": (
        lambda d: d["provisions"]["wmo_general"].update(capacity=10), ("provisions", "wmo_general", "capacity"), "community"),
    "community without capacity": (
        lambda d: d["provisions"]["community_help"].pop("capacity"), ("provisions", "community_help", "capacity"), "capacity"),
    "two community provisions": (
        lambda d: d["provisions"].update(more_help=dict(d["provisions"]["community_help"])),
        ("provisions", "more_help", "kind"), "at most one community"),
    "domain without tailored provision": (
        lambda d: d["provisions"].pop("jeugd_tailored"), ("provisions",), "'jeugd' has no tailored provision"),
    "community_absorb without community": (
        lambda d: (d["provisions"].pop("community_help"), d["access"].update(community_absorb=0.2)),
        ("access", "community_absorb"), "kind community"),
    "discretion with discretion_max 0": (
        lambda d: (d["plan"].update(policy="discretion", discretion_max=0), d["budget"].update(pooled_share=0.2)),
        ("plan", "discretion_max"), "discretion_max > 0"),
    "discretion without a pool": (
        lambda d: d["plan"].update(policy="discretion", discretion_max=500), ("plan", "policy"), "pooled_share > 0"),
    "discretion from a later date without a pool": (
        lambda d: d["plan"].update(policy=[{"from_day": 0, "value": "standard"}, {"from_day": 365, "value": "discretion"}],
                                   discretion_max=500),
        ("plan", "policy"), "needs a pool"),
    "release at fire": (
        lambda d: d.update(buttons=[dict(BUTTON, release=1.0)]), ("buttons", 0, "release"), "below fire"),
    "duplicate button names": (
        lambda d: d.update(buttons=[dict(BUTTON), dict(BUTTON)]), ("buttons", 1, "name"), "used twice"),
    "button reading an unknown budget": (
        lambda d: d.update(buttons=[dict(BUTTON, budget="jeugt")]), ("buttons", 0, "budget"), "Did you mean 'jeugd'?"),
    "button reading the pool without a pool": (
        lambda d: d.update(buttons=[dict(BUTTON, budget="pool")]), ("buttons", 0, "budget"), "pooled_share > 0"),
    "button for an unknown domain": (
        lambda d: d.update(buttons=[dict(BUTTON, domains=["wmo", "wnmo"])]), ("buttons", 0, "domains", 1), "Did you mean 'wmo'?"),
    "share threshold written as a percentage": (
        lambda d: d.update(buttons=[dict(BUTTON, fire=95, release=90)]), ("buttons", 0, "fire"), "write 0.95"),
    "redirect plus refuse above 1": (
        lambda d: d.update(buttons=[dict(BUTTON, action="stricter_access", redirect_share=0.7, refuse_share=0.5)]),
        ("buttons", 0, "refuse_share"), "must not exceed 1"),
    "redirect without community": (
        lambda d: (d["provisions"].pop("community_help"), d.update(buttons=[dict(BUTTON, action="stricter_access")])),
        ("buttons", 0, "redirect_share"), "community"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_consistency_issue(name):
    change, loc, says = CASES[name]
    found = issues_of(with_(change))
    assert found, f"{name}: no issue found"
    assert found[0][0] == loc, found
    assert says in found[0][1], found[0][1]


def test_a_pool_from_a_later_date_is_a_pool():
    d = raw()
    d["budget"]["pooled_share"] = [{"from_day": 0, "value": 0.0}, {"from_day": 365, "value": 0.5}]
    d["buttons"] = [dict(BUTTON, budget="pool")]
    assert issues_of(d) == []


def test_a_waitlist_threshold_is_a_count_not_a_share():
    d = raw()
    d["buttons"] = [dict(BUTTON, metric="waitlist", fire=500, release=400)]
    assert issues_of(d) == []


def test_issues_come_in_a_stable_order():
    d = raw()
    for p in ("wmo_tailored", "jeugd_tailored", "participatie_tailored", "schulden_tailored"):
        d["provisions"].pop(p)
    messages = [m for _, m in issues_of(d)]
    assert [m.split("'")[1] for m in messages] == list(d["domains"])  # file order, not set order


def test_every_issue_points_at_a_path_that_exists_in_the_schema():
    """Every location starts with a top-level field, so the loader can always find a line."""
    for name, (change, _, _) in CASES.items():
        for loc, _ in issues_of(with_(change)):
            assert loc and loc[0] in Scenario.model_fields, (name, loc)
