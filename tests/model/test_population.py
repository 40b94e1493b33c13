"""Population first, policy second: the residents and their luck depend on the seed, not the policy."""

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.population import draw

from tests.helpers import small
from tests.helpers import variant


def _same(a, b, caseload: bool = True):
    """The same new residents with the same luck; with `caseload` also the same day-0 caseload. Under
    a steady warm start the day-0 caseload is the policy's own steady state, so only the new
    residents' rows (the first n) are shared between policies."""
    n = a.n
    for field in ("arrival", "latent_u", "problems", "lead", "severity"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)
    for field in ("latent", "U", "Z"):
        np.testing.assert_array_equal(getattr(a, field)[:n], getattr(b, field)[:n], err_msg=field)
    if caseload:
        for field in ("latent", "U", "Z", "init_domain", "init_severity", "init_u", "init_z"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)


def test_same_seed_same_population():
    s = small("baseline_earmarked.yaml")
    _same(draw(s, 7, 0), draw(s, 7, 0))


def test_policy_does_not_change_the_population():
    earmarked, pooled = small("baseline_earmarked.yaml"), small("pooled_integral.yaml")
    radical, capped = small("eindhoven_radical_maatwerk.yaml"), small("eindhoven_capped.yaml")
    _same(draw(earmarked, 3), draw(pooled, 3), caseload=False)
    _same(draw(radical, 3), draw(capped, 3), caseload=False)
    _same(draw(earmarked, 3), draw(radical, 3), caseload=False)  # latent demand is drawn always; policy decides uptake
    for s in (earmarked, pooled):  # with a given caseload, the day-0 clients are shared too
        s.run.warm_start = "given"
    _same(draw(earmarked, 3), draw(pooled, 3))


def test_seeds_and_replications_give_different_populations():
    s = small("baseline_earmarked.yaml")
    a, b, c = draw(s, 1, 0), draw(s, 2, 0), draw(s, 1, 1)
    assert not np.array_equal(a.U[:100], b.U[:100])
    assert not np.array_equal(a.U[:100], c.U[:100])


def test_profile_matches_parameters():
    s = small("baseline_earmarked.yaml", residents=100_000)
    pop = draw(s, 11)
    years = s.run.horizon_years
    registered = ~pop.latent[: pop.n]
    per_year = registered.sum() / years
    multi = pop.problems.sum(axis=1) > 1
    # Multi-problem share within a few standard errors of the parameter.
    share = s.population.multi_problem_share
    se = np.sqrt(share * (1 - share) / registered.sum())
    assert abs(multi[registered].mean() - share) < 4 * se
    # Problems per 1,000 residents a year equal the summed incidence (in expectation).
    incidence = sum(d.incidence for d in s.domains.values())
    problems_per_1000 = pop.problems[registered].sum() / years / (s.municipality.residents / 1000)
    assert abs(problems_per_1000 - incidence) / incidence < 0.03
    assert per_year > 0
    # Severity only where there is a problem, and 1..3 there.
    assert (pop.severity[~pop.problems] == 0).all()
    assert set(np.unique(pop.severity[pop.problems])) <= {1, 2, 3}


# ---------------------------------------------------------------- subgroups (population.subgroups)

FARMERS = """\
population:
  subgroups:
    farmers: {residents_share: 0.1, incidence: {schulden: 30, participatie: 10}, multi_problem_share: 0.4}
"""
CARERS = "    carers: {residents_share: 0.05, incidence: {wmo: 60}, severity: [0.2, 0.4, 0.4]}\n"


def _rows(pop, k):
    """The new requests of subgroup k (0: the general population), registered or latent."""
    return pop.subgroup[: pop.n] == k


def test_subgroup_cases_come_in_their_number_and_only_in_their_domains(tmp_path):
    single = FARMERS.replace("multi_problem_share: 0.4", "multi_problem_share: 0.0")
    s = variant(tmp_path, single, residents=100_000, years=4)
    pop = draw(s, 5)
    assert pop.subgroups == ["farmers"]
    own = _rows(pop, 1) & ~pop.latent[: pop.n]
    doms = s.domain_names()
    inside = [doms.index("schulden"), doms.index("participatie")]
    outside = [i for i in range(len(doms)) if i not in inside]
    assert not pop.problems[own][:, outside].any()
    # One problem per case: residents x share x incidence over the horizon (Poisson), per domain too.
    for i, incidence in zip(inside, (30, 10)):
        expected = 100_000 * 0.1 * incidence / 1000 * 4
        assert abs(pop.problems[own][:, i].sum() - expected) < 4 * np.sqrt(expected)
    # Latent demand: the population's latent share unless the subgroup sets its own.
    latent = _rows(pop, 1) & pop.latent[: pop.n]
    assert latent.sum() / own.sum() == pytest.approx(s.population.latent_share, abs=0.03)
    # The subgroup is in the cases table under its name, and only in its domains.
    r = sim.run(variant(tmp_path, FARMERS, residents=10_000, years=1), seed=5, replications=1)
    farmers = r.cases[r.cases["subgroup"] == "farmers"]
    assert len(farmers) > 0 and set(r.cases["subgroup"]) == {"", "farmers"}
    assert farmers["domains"].str.split("+").map(lambda d: set(d) <= {"schulden", "participatie"}).all()
    assert (farmers["n_problems"] > 1).any()
    assert not r.cases.loc[r.cases["initial"], "subgroup"].any()


ONE_DOMAIN = "population:\n  subgroups:\n    farmers: {residents_share: 0.1, incidence: {wmo: 60}}\n"


@pytest.mark.parametrize("profile, incidence, problems_per_case", [
    (FARMERS, 40, 1.4),  # a farmer's second problem can only be in the other domain with incidence
    (ONE_DOMAIN, 60, 1.0),  # a subgroup with one domain can have no second problem
], ids=["two_domains", "one_domain"])
def test_a_subgroup_meets_its_incidence(tmp_path, profile, incidence, problems_per_case):
    """Problems per 1,000 subgroup residents a year are the subgroup's summed incidence, whatever
    the number of domains its extra problems can fall in (as for the general population, above)."""
    s = variant(tmp_path, profile.replace("residents_share: 0.1", "residents_share: 0.5"), residents=300_000, years=2)
    pop = draw(s, 5)
    own = _rows(pop, 1) & ~pop.latent[: pop.n]
    assert abs(pop.problems[own].sum(axis=1).mean() - problems_per_case) < 0.03
    per_1000 = pop.problems[own].sum() / 2 / (300_000 * 0.5 / 1000)
    assert per_1000 == pytest.approx(incidence, rel=0.04)


def test_a_subgroup_takes_its_residents_from_the_general_population(tmp_path):
    plain = draw(variant(tmp_path, residents=100_000), 5)
    with_farmers = draw(variant(tmp_path, FARMERS, residents=100_000), 5)
    general = _rows(with_farmers, 0).sum()
    assert general == pytest.approx(plain.n * 0.9, rel=0.03)  # 10% of the residents moved to the subgroup


def test_a_subgroup_has_its_own_severity(tmp_path):
    pop = draw(variant(tmp_path, FARMERS + CARERS, residents=100_000, years=4), 2)
    carers = pop.severity[_rows(pop, 2)].max(axis=1)
    general_wmo = pop.severity[_rows(pop, 0) & pop.problems[:, 0] & (pop.problems[: pop.n].sum(axis=1) == 1), 0]
    assert abs((carers == 3).mean() - 0.4) < 0.05
    assert abs((general_wmo == 3).mean() - 0.1) < 0.02


def test_scenarios_with_the_same_subgroups_meet_the_same_residents(tmp_path):
    a = variant(tmp_path, FARMERS)
    b = variant(tmp_path, FARMERS + "access:\n  outreach: {farmers: {uptake: 0.8, earlier: 0.5}}\n"
                "plan: {policy: maatwerk, hardship_share: 0.3}\nbudget: {pooled_share: 1.0}\n")
    pa, pb = draw(a, 3), draw(b, 3)
    _same(pa, pb, caseload=a.run.warm_start == "given")
    n = pa.n
    np.testing.assert_array_equal(pa.subgroup[:n], pb.subgroup[:n])
    np.testing.assert_array_equal(pa.neighbourhood[:n], pb.neighbourhood[:n])


def test_adding_a_subgroup_leaves_another_subgroups_requests_alone(tmp_path):
    one, two = draw(variant(tmp_path, FARMERS), 3), draw(variant(tmp_path, FARMERS + CARERS), 3)
    assert (_rows(two, 2)).sum() > 0
    for field in ("arrival", "latent_u", "latent", "problems", "lead", "severity"):
        a, b = getattr(one, field)[: one.n], getattr(two, field)[: two.n]
        np.testing.assert_array_equal(a[_rows(one, 1)], b[_rows(two, 1)], err_msg=field)


@pytest.mark.parametrize("warm_start", ["steady", "given"])
def test_every_case_has_an_age_group_by_the_one_rule(warm_start):
    """The day-0 caseload (in care, in processing, on its way back) has an age group as every new
    request has: 'youth' for a youth-care problem, else one of `population.age_groups` near its
    share. Before issue 18 about a third of the cases table said 'unknown'."""
    s = small("eindhoven_capped.yaml", 10_000, years=1)
    s.run.warm_start = warm_start
    cases = sim.run(s, seed=2, replications=1).cases
    shares = s.population.age_groups
    assert set(cases["age_group"]) <= set(shares) | {"youth"}
    youth = cases["domains"].str.split("+").apply(lambda ds: "jeugd" in ds)
    assert (cases.loc[youth, "age_group"] == "youth").all()
    day0 = cases[(cases["initial"] | (cases["origin"] == "pipeline")) & ~youth]
    assert (day0["age_group"] != "youth").all()
    assert len(day0) > 300
    for group, share in shares.items():
        assert (day0["age_group"] == group).mean() == pytest.approx(share, abs=0.08)


def test_the_day_0_caseload_s_age_groups_move_no_other_draw():
    """The caseload's age groups come from a stream of their own: the new requests' groups and the
    luck of every row stay as they were drawn before."""
    s = small("eindhoven_capped.yaml", 10_000, years=1)
    pop = draw(s, 4, 0)
    n, groups = pop.n, len(pop.age_groups)
    rng = np.random.default_rng(np.random.SeedSequence(4, spawn_key=(0, 3)))  # the _PLACES stream, as drawn before
    rng.integers(0, s.municipality.neighbourhoods, size=n)
    shares = np.array(list(s.population.age_groups.values()))
    before = rng.choice(len(shares), size=n, p=shares / shares.sum())
    before[pop.problems[:, pop.domains.index("jeugd")]] = groups - 1
    np.testing.assert_array_equal(pop.age_group[:n], before)
    assert (pop.age_group[n:] < groups).all() and len(pop.age_group) == len(pop.U)


def test_same_residents_arrive_under_earmarked_and_pooled():
    """Whole runs (moved from tests/study/test_results.py): the new residents are the same under two policies."""
    a = sim.run(small("baseline_earmarked.yaml"), seed=4, replications=1).cases
    b = sim.run(small("pooled_integral.yaml"), seed=4, replications=1).cases
    cols = ["resident_id", "arrival_day", "domains", "max_severity", "neighbourhood", "age_group"]
    first_a = a[a["origin"] == "new"][cols].sort_values("resident_id", ignore_index=True)
    first_b = b[b["origin"] == "new"][cols].sort_values("resident_id", ignore_index=True)
    pd.testing.assert_frame_equal(first_a, first_b, check_exact=True)
    # ... while the policies do treat them differently.
    assert a["n_intakes"].sum() != b["n_intakes"].sum()
