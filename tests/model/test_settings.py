"""How a scenario becomes the settings a replication reads (sim.model.settings): each concern's
fields from a scenario written as a user writes one, dated values as timelines, and the
derived figures (legal terms, processing times as a lognormal) computed here by hand.
"""

from __future__ import annotations

import math

import pytest

import sim
from sim.model.settings import Settings, decision_terms, lognormal
from sim.policy.calendar import term_of

from tests.helpers import SCENARIOS, variant

BODY = """
domains:
  wmo: {decision_term_days: 42, processing_days: 20, processing_cv: 0.5, intake_days: 0.75}
  jeugd: {processing_days: 0, decision_term_days: null}
law: {decision_term_days: 70, appeal_share: 0.3}
plan:
  policy: [{from_day: 0, value: standard}, {from_day: 200, value: maatwerk}]
  standard_max_severity: 2
  hardship_share: 0.05
access:
  mode: [{from_day: 0, value: desks}, {from_day: 400, value: integral}]
  handoff_days: 9
  bundled_decision: all
prevention:
  schulden:
    inflow_reduction: [{from_day: 0, value: 0.0}, {from_day: 365, value: 0.2}]
    outflow_speedup: 0.1
"""


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return variant(tmp_path_factory.mktemp("settings"), BODY, residents=10_000, years=3)


@pytest.fixture(scope="module")
def settings(scenario):
    return Settings.from_scenario(scenario, [])


def test_the_run_reads_its_horizon_in_days_and_the_domains_in_the_scenarios_order(scenario, settings):
    assert settings.horizon == 3 * 365
    assert settings.domain_names == ("wmo", "jeugd", "participatie", "schulden") == tuple(scenario.domain_names())


def test_access_takes_its_dated_mode_per_domain_intakes_and_hand_offs(scenario, settings):
    a = settings.access
    assert (a.mode.at(0), a.mode.at(399), a.mode.at(400)) == ("desks", "desks", "integral")
    assert a.handoff_days == 9 and a.bundled is True
    assert a.intake_days == tuple(scenario.domains[d].intake_days for d in settings.domain_names)
    assert a.intake_days[0] == 0.75
    assert a.miss_probability == scenario.access.miss_probability


def test_processing_becomes_a_lognormal_with_the_domains_mean_and_none_when_decided_at_the_intake(settings):
    mu, sigma = settings.access.processing[0]
    assert math.exp(mu + sigma**2 / 2) == pytest.approx(20)  # the lognormal's mean
    assert math.exp(2 * mu + sigma**2) * (math.exp(sigma**2) - 1) == pytest.approx((0.5 * 20) ** 2)  # its variance
    assert settings.access.processing[1] is None  # jeugd: 0 days, decided at the intake
    assert lognormal(0.0, 0.5) is None


def test_a_bundled_decision_for_named_subgroups_holds_their_population_codes():
    s = sim.load_scenario(SCENARIOS / "village_deals" / "goeree_overflakkee.yaml")
    others = [g for g in s.population.subgroups if g != "dementia"]
    order = [*others, "dementia"]  # the population's order gives the codes 1, 2, ...
    assert Settings.from_scenario(s, order).access.bundled == frozenset({len(order)})


def test_the_plan_takes_its_dated_policy_and_its_bounds(scenario, settings):
    p = settings.plan
    assert (p.policy.at(199), p.policy.at(200)) == ("standard", "maatwerk")
    assert p.standard_max_severity == 2 and p.hardship_share == 0.05
    assert p.discretion_max == scenario.plan.discretion_max


def test_the_law_gives_each_domain_its_own_term_or_the_laws_and_a_case_the_shortest(scenario, settings):
    law = settings.law
    own = {d: scenario.domains[d].decision_term_days for d in settings.domain_names}
    assert own["wmo"] == 42 and own["jeugd"] is None  # wmo has its own term, jeugd falls back to the law's
    assert law.term == tuple(70 if t is None else t for t in own.values()) == decision_terms(scenario)
    assert law.decision_term_days == 70 and law.term[1] == 70 and law.appeal_share == 0.3
    assert law.entitled == tuple(scenario.domains[d].entitled for d in settings.domain_names)
    # a case's term is the calendar's rule over the law's terms: the shortest of its domains'
    assert term_of(law.term, (1,)) == 70 and term_of(law.term, (1, 0, 3)) == 42 and term_of(law.term, (3,)) == law.term[3]


def test_prevention_is_none_and_full_speed_where_a_domain_has_none(settings):
    prevention = settings.prevention
    assert prevention.inflow[:3] == (None, None, None) and prevention.speed[:3] == (1.0, 1.0, 1.0)
    schulden = prevention.inflow[3]
    assert (schulden.at(364), schulden.at(365)) == (0.0, 0.2)
    assert prevention.speed[3] == pytest.approx(0.9)


def test_the_outcome_reads_the_scenarios_outcome_and_grades(scenario, settings):
    o = settings.outcome
    assert o.params == scenario.outcome and o.satisfaction == scenario.satisfaction
    assert o.severity_cost == tuple(scenario.outcome.severity_cost)
    assert o.generations == scenario.outcome.max_generations and o.followup_days == scenario.outcome.followup_days


def test_nothing_a_journey_reads_can_be_changed_under_it(settings):
    with pytest.raises(AttributeError):
        settings.plan.standard_max_severity = 3  # frozen
    assert isinstance(settings.access.intake_days, tuple) and isinstance(settings.law.term, tuple)
