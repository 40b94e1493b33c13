"""Legal exposure counted by its cause (issue 18, item 2).

Every exposed case counts under exactly one cause, the one of its first exposure step
(`sim.model.record.exposure_causes`): the causes add up to the total on every replication, each
mechanism built alone is counted under its own cause and no other, and a case exposed twice
counts once, under what happened to it first.
"""

from __future__ import annotations

import pytest

import sim
from sim.model.record import EXPOSURE_CAUSES, exposure_causes
from sim.policy.scenario import Button

from tests.helpers import small, variant

ALWAYS = dict(metric="spent_share", budget="total", fire=1e-9, release=0.0)  # pressed from the first decision
COLUMNS = [f"legal_exposure_cases_{c}" for c in EXPOSURE_CAUSES]
INTEGRAL = "access: {mode: integral}\nlaw: {appeal_share: 0.0}\n"  # one intake: no hand-off takes a decision late
YOUTH_PLACES = ("provisions:\n  jeugd_tailored:\n    when_full: wait\n    max_wait_days: 60\n"
                "    providers:\n      contracted: {share: 1.0, capacity: 60}\n")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("exposure")


def no_places(s: sim.Scenario) -> sim.Scenario:
    youth = s.provisions["jeugd_tailored"]
    youth.providers, youth.when_full, youth.max_wait_days = {}, "contract_extra", None
    return s


def pressed(s: sim.Scenario, **spec) -> sim.Scenario:
    s.buttons = [Button.model_validate({"name": "test_button", **ALWAYS, **spec})]
    return s


def conserved(r: sim.Result) -> None:
    """Per replication the causes add up to the total, the counts are what the model's one rule
    makes of the steps table, and every exposed case noted an exposure step (and no other did)."""
    for rep, row in r.summary.set_index("replication").iterrows():
        assert row["legal_exposure_cases"] == sum(row[c] for c in COLUMNS)
        steps = r.steps[(r.steps["replication"] == rep) & (r.steps["step"] == "exposure")]
        cases = r.cases[(r.cases["replication"] == rep) & ~r.cases["initial"]]
        exposed = set(cases.loc[cases["legal_exposure"], "case_id"])
        assert exposed == set(steps["case_id"]) & set(cases["case_id"])
        causes = exposure_causes(steps["case_id"].tolist(), steps["rule"].tolist())
        for cause in EXPOSURE_CAUSES:
            assert row[f"legal_exposure_cases_{cause}"] == sum(causes[c] == cause for c in exposed)


@pytest.mark.parametrize("name", ["eindhoven_capped.yaml", "eindhoven_radical_maatwerk.yaml",
                                  "base/small_municipality.yaml", "workshop/hardheidsclausule.yaml"])
@pytest.mark.parametrize("seed", [1, 7])
def test_the_causes_add_up_to_the_total_on_every_replication(name, seed):
    s = small(name, residents=6_000, years=2)
    r = sim.run(s, seed=seed, replications=2)
    conserved(r)
    if name == "eindhoven_radical_maatwerk.yaml":  # full youth-care providers: exposure, and the model says why
        assert r.summary["legal_exposure_cases_provider"].min() > 0


@pytest.mark.parametrize("cause, body, spec", [
    ("button", "access: {mode: integral}\n", dict(action="waitlist")),  # a won appeal ends the hold (the button never lets go)
    ("cut", INTEGRAL, dict(action="intensity_cut", intensity_cut=0.5)),
    ("refusal", INTEGRAL, dict(action="stricter_access", refuse_share=0.5, redirect_share=0.0)),
    ("refusal", INTEGRAL + "plan: {policy: maatwerk}\n", dict(action="standard_only", steer_max_severity=3)),
    ("provider", INTEGRAL + YOUTH_PLACES, None),
    ("rule", "law: {appeal_share: 0.0}\ndomains:\n  wmo: {decision_term_days: 10, processing_days: 0}\n", None),
])
def test_a_mechanism_alone_is_counted_under_its_cause_and_no_other(folder, cause, body, spec):
    s = variant(folder, body, residents=10_000, years=1)
    if cause != "provider":
        s = no_places(s)
    without = sim.run(s, seed=1, replications=1).summary.iloc[0]
    if spec is not None:
        s = pressed(s, **spec)
    r = sim.run(s, seed=1, replications=1)
    conserved(r)
    row = r.summary.iloc[0]
    assert row[f"legal_exposure_cases_{cause}"] > 0
    assert row["legal_exposure_cases"] == row[f"legal_exposure_cases_{cause}"]
    if spec is not None:  # the same municipality without the button exposes no one
        assert without["legal_exposure_cases"] == 0


def test_an_appealed_cut_is_noted_and_counted_as_a_cut(folder):
    """An intensity_cut that a won appeal undoes was exposure all the same; it notes its step when decided."""
    s = no_places(pressed(variant(folder, INTEGRAL, residents=10_000, years=1), action="intensity_cut",
                          intensity_cut=0.5))
    s.law.appeal_share = 1.0
    r = sim.run(s, seed=1, replications=1)
    conserved(r)
    assert r.summary["legal_exposure_cases"].item() == r.summary["legal_exposure_cases_cut"].item() > 0
    assert r.cases["appealed"].any()


def test_a_case_exposed_twice_counts_once_under_what_happened_first(folder):
    """A waiting list holds youth-care requests, which then wait for a full provider: those cases
    note both exposures and count once, under the button that held them first."""
    s = pressed(variant(folder, "access: {mode: integral}\n" + YOUTH_PLACES, residents=10_000, years=1),
                action="waitlist", domains=["jeugd"])
    r = sim.run(s, seed=1, replications=1)
    conserved(r)
    steps = r.steps[r.steps["step"] == "exposure"]
    rules = steps.groupby("case_id")["rule"].agg(list)
    both = rules[rules.map(lambda x: "held" in x and "provider_wait" in x)]
    assert len(both) > 0
    assert all(x[0] == "held" for x in both)  # the hold comes first in the journey
    causes = exposure_causes(steps["case_id"].tolist(), steps["rule"].tolist())
    assert {causes[c] for c in both.index} == {"button"}
    row = r.summary.iloc[0]
    assert row["legal_exposure_cases"] == len(rules) < len(steps)  # two steps, one case
    assert row["legal_exposure_cases_button"] == sum(x[0] == "held" for x in rules)
