"""The plan rule (sim.model.plan): which provision each problem of a constructed case gets under
`standard`, `maatwerk` and `discretion`, with and without a pool that can pay for one
cross-domain plan and a standard_only button, and the catalogue the rule reads.

The cases are built by hand (domains and severities), the catalogue from the shipped
small-municipality base, so each expectation is read off the scenario's own provision names.
"""

from __future__ import annotations

import math

import pytest

import sim
from sim.model.plan import Catalogue, choose

from tests.helpers import BASE, SCENARIOS

WMO, JEUGD, PARTICIPATIE, SCHULDEN = range(4)  # the base's domains, in its order


@pytest.fixture(scope="module")
def base():
    s = sim.load_scenario(BASE)
    return s, Catalogue.from_scenario(s)


def _names(cat: Catalogue, plan: list[int]) -> list[str]:
    return [cat.names[p] for p in plan]


def _choose(cat, policy, domains, severity, pool=False, standard_only=False, light=1, steer=None):
    return _names(cat, choose(cat, policy, domains, severity, pool_can_pay=pool, standard_only=standard_only,
                              standard_max_severity=light, steer_max_severity=steer))


def test_the_catalogue_indexes_each_domains_own_provisions_by_name(base):
    s, cat = base
    assert cat.names == [n for n, p in s.provisions.items() if p.enabled]
    for k, d in enumerate(s.domain_names()):
        assert cat.names[cat.tailored[k]] == f"{d}_tailored" and cat.kind[cat.tailored[k]] == "tailored"
        assert cat.names[cat.general[k]] == f"{d}_general" and cat.kind[cat.general[k]] == "general"
    assert cat.kind[cat.cross] == "cross_domain" and cat.kind[cat.community] == "community"


def test_a_provisions_drawn_durations_have_its_mean_and_a_cross_domain_plan_is_costed_as_tailored_care(base):
    s, cat = base
    p = cat.names.index("wmo_tailored")
    spec = s.provisions["wmo_tailored"]
    assert cat.mean_days(p) == pytest.approx(spec.duration_days)
    # The lognormal's median is its mean over sqrt(1 + cv^2): the duration at z = 0.
    assert cat.duration(p, 0.0) == pytest.approx(spec.duration_days / math.sqrt(1 + spec.duration_cv**2))
    assert cat.costed_as(cat.cross, JEUGD) == cat.tailored[JEUGD]
    assert cat.costed_as(p, WMO) == p


def test_standard_gives_the_general_provision_to_light_problems_and_tailored_care_to_heavier_ones(base):
    _, cat = base
    assert _choose(cat, "standard", [WMO, SCHULDEN], [1, 2]) == ["wmo_general", "schulden_tailored"]
    assert _choose(cat, "standard", [JEUGD], [3]) == ["jeugd_tailored"]
    # The rule's bound is the scenario's standard_max_severity: at 2 the severity-2 problem is light too.
    assert _choose(cat, "standard", [WMO, SCHULDEN], [1, 2], light=2) == ["wmo_general", "schulden_general"]


def test_discretion_chooses_as_standard_does(base):
    _, cat = base
    for domains, severity in (([WMO], [1]), ([JEUGD, PARTICIPATIE], [3, 1]), ([SCHULDEN, WMO, JEUGD], [2, 2, 1])):
        assert _choose(cat, "discretion", domains, severity, pool=True) == _choose(cat, "standard", domains, severity)


def test_maatwerk_gives_one_cross_domain_plan_only_to_several_problems_a_pool_can_pay_for(base):
    _, cat = base
    assert _choose(cat, "maatwerk", [WMO, SCHULDEN], [1, 3], pool=True) == ["integral_plan", "integral_plan"]
    # Earmarked (no pool to pay): fragmented, one tailored provision per domain, light problems too.
    assert _choose(cat, "maatwerk", [WMO, SCHULDEN], [1, 3], pool=False) == ["wmo_tailored", "schulden_tailored"]
    assert _choose(cat, "maatwerk", [PARTICIPATIE], [1], pool=True) == ["participatie_tailored"]


def test_maatwerk_without_a_cross_domain_provision_is_tailored_care_per_domain(base):
    s, _ = base
    t = s.model_copy(deep=True)
    t.provisions["integral_plan"].enabled = False
    cat = Catalogue.from_scenario(t)
    assert cat.cross is None and "integral_plan" not in cat.names
    assert _choose(cat, "maatwerk", [WMO, JEUGD], [1, 1], pool=True) == ["wmo_tailored", "jeugd_tailored"]


def test_a_standard_only_button_steers_maatwerk_to_the_standard_rule_up_to_its_own_severity(base):
    _, cat = base
    assert _choose(cat, "maatwerk", [WMO, JEUGD], [1, 2], pool=True, standard_only=True) == ["wmo_general",
                                                                                          "jeugd_tailored"]
    steered = _choose(cat, "maatwerk", [WMO, JEUGD], [1, 2], pool=True, standard_only=True, steer=2)
    assert steered == ["wmo_general", "jeugd_general"]
    # It never steers a problem heavier than its bound: necessary care stays tailored.
    assert _choose(cat, "maatwerk", [JEUGD], [3], standard_only=True, steer=2) == ["jeugd_tailored"]
    # Without the button the steering bound is not read.
    assert _choose(cat, "standard", [JEUGD], [2], steer=3) == ["jeugd_tailored"]


def test_a_merged_provision_replaces_two_of_its_kind_in_its_domains_but_not_one():
    s = sim.load_scenario(SCENARIOS / "village_deals" / "winterswijk.yaml")
    cat = Catalogue.from_scenario(s)
    assert cat.merges and cat.names[cat.merges[0][0]] == "day_and_work"
    assert _choose(cat, "standard", [WMO, PARTICIPATIE], [1, 1]) == ["day_and_work", "day_and_work"]
    assert _choose(cat, "standard", [WMO, PARTICIPATIE, SCHULDEN], [1, 1, 1]) == ["day_and_work", "day_and_work",
                                                                                 "schulden_general"]
    # Only one problem of the merged kind in its domains: each keeps its own.
    assert _choose(cat, "standard", [WMO, PARTICIPATIE], [1, 2]) == ["wmo_general", "participatie_tailored"]
    assert _choose(cat, "standard", [WMO], [1]) == ["wmo_general"]
