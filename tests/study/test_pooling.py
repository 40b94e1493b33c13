"""Partial pooling that limits (issue 12, part 4): the pool pays cross-domain extras only while it has room.

The pooled, integral scenario with maatwerk (one cross-domain plan per multi-problem case) is
swept over pooled shares on several seeds. A small pool runs out of room for cross-domain plans
within the year and the case gets each domain's provisions (a 'pool' step); a larger pool has
room for more of them, so refusals fall, and the multi-problem residents' grade and the cost
move one way as the share grows.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.policy.scale import rescale
from sim.study.groups import groups

from tests.helpers import SCENARIOS

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


def test_explain_tells_a_refusal_by_the_pool(tmp_path):
    """A case the pool had no room for is told as such, in English and in Dutch."""
    from sim.report.explain import explain
    from sim.report.output import write_result

    s = rescale(sim.load_scenario(SCENARIOS / "pooled_integral.yaml"), 30_000)
    s.run.horizon_years = 2
    s.plan.policy = [type(s.plan.policy[0])(from_day=0, value="maatwerk")]
    s.budget.pooled_share = [type(s.budget.pooled_share[0])(from_day=0, value=0.05)]
    r = sim.run(s, seed=1, replications=1)
    refused = r.steps.loc[r.steps["step"] == "pool", "case_id"]
    assert len(refused) > 0
    case = r.cases.set_index("case_id").loc[int(refused.iloc[0])]
    assert case["n_problems"] > 1 and "integral_plan" not in case["provisions"]
    folder = write_result(r, tmp_path / "out")
    en, nl = (" ".join(explain(folder, int(refused.iloc[0]), lang=lang).split()) for lang in ("en", "nl"))
    assert "The pool had no room this budget year for one integral plan across domains" in en  # the provision's label
    assert "De pot had dit begrotingsjaar geen ruimte voor één integraal plan over de domeinen heen" in nl
