"""Partial pooling that limits (issue 12, part 4): the pool pays cross-domain extras only while it has room.

The pooled, integral scenario with maatwerk (one cross-domain plan per multi-problem case) is
swept over pooled shares on several seeds. A small pool runs out of room for cross-domain plans
within the year and the case gets each domain's provisions (a 'pool' step); a larger pool has
room for more of them, so refusals fall, and the multi-problem residents' grade and the cost
move one way as the share grows. And pooling with an integral team helps the residents with several
problems most (moved here from tests/study/test_groups.py: it tests the model, with the study's
groups as its measure).
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.policy.scale import rescale
from sim.study.groups import groups

from tests.helpers import SCENARIOS, small

SHARES = (0.0, 0.05, 0.25, 0.5, 1.0)
SEEDS = (1, 2, 3)


def _run(share: float, seed: int):
    s = rescale(sim.load_scenario(SCENARIOS / "pooled_integral.yaml"), 30_000)
    s.run.horizon_years = 2
    s.plan.policy = [type(s.plan.policy[0])(from_day=0, value="maatwerk")]
    s.budget.pooled_share = [type(s.budget.pooled_share[0])(from_day=0, value=share)]
    r = sim.run(s, seed=seed, replications=1)
    g = groups(r.cases).set_index("group")
    return float(r.summary["total_cost"].iloc[0]), float(g.loc["multi", "mean_grade"]), int((r.steps["step"] == "pool").sum())


@pytest.mark.parametrize("seed", SEEDS)
def test_cost_and_multi_problem_grade_move_one_way_across_pooled_shares(seed):
    rows = [_run(share, seed) for share in SHARES]
    cost, grade, refused = (np.array(x) for x in zip(*rows))
    assert refused[0] == 0 and refused[1] > 0, refused  # nothing to refuse without a pool; a 5% pool runs out
    assert (np.diff(refused[1:]) <= 0).all(), refused  # more pooled money, fewer refusals
    assert (np.diff(grade) >= 0).all() and grade[-1] > grade[0], grade  # and more residents with one plan
    main = cost[[0, 2, 3, 4]]  # shares 0, 0.25, 0.5 and 1
    steps = np.diff(main)
    assert (steps >= 0).all() or (steps <= 0).all(), main


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pooling_with_an_integral_team_helps_the_multi_problem_residents_most(seed):
    """The seeds' point: the aggregate hardly moves, the multi-problem group does (several seeds)."""
    base, pooled = (groups(sim.run(small(n, 20_000), seed=seed, replications=1).cases).set_index("group")
                    for n in ("baseline_earmarked.yaml", "pooled_integral.yaml"))
    gain = pooled["mean_grade"] - base["mean_grade"]
    assert gain["multi"] > 0.1 and gain["multi"] > 3 * abs(gain["single"])
    assert pooled.at["multi", "intakes_per_resident"] < base.at["multi", "intakes_per_resident"]
    assert pooled.at["multi", "escalations_per_resident"] < base.at["multi", "escalations_per_resident"]
