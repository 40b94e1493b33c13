"""Population first, policy second: the residents and their luck depend on the seed, not the policy."""

import numpy as np

from sim.population import draw

from conftest import small


def _same(a, b):
    for field in ("arrival", "latent", "latent_u", "problems", "lead", "severity", "U", "Z", "init_domain",
                  "init_severity", "init_u", "init_z"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field), err_msg=field)


def test_same_seed_same_population():
    s = small("baseline_earmarked.yaml")
    _same(draw(s, 7, 0), draw(s, 7, 0))


def test_policy_does_not_change_the_population():
    earmarked, pooled = small("baseline_earmarked.yaml"), small("pooled_integral.yaml")
    radical, capped = small("eindhoven_radical_maatwerk.yaml"), small("eindhoven_capped.yaml")
    _same(draw(earmarked, 3), draw(pooled, 3))
    _same(draw(radical, 3), draw(capped, 3))
    _same(draw(earmarked, 3), draw(radical, 3))  # latent demand is drawn always; policy decides uptake


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
