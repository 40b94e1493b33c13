"""A case the pool had no room for, told by `explain` (moved from tests/study/test_pooling.py, whose
model behaviour now sits in tests/model/test_pooling.py)."""

from __future__ import annotations

import sim
from sim.policy.scale import rescale

from tests.helpers import SCENARIOS


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
