"""The policy stories' directions, each checked on five seeds (never tuned to one seed)."""

import pytest

SEEDS = [11, 12, 13, 14, 15]


def summaries(small_runs, name):
    return [small_runs(name, seed=s).summary.iloc[0] for s in SEEDS]


def test_pooling_lowers_intakes_per_multi_problem_case(small_runs):
    for base, pooled in zip(summaries(small_runs, "baseline_earmarked.yaml"), summaries(small_runs, "pooled_integral.yaml")):
        assert pooled["intakes_per_multi_case"] < base["intakes_per_multi_case"]


def test_radical_maatwerk_without_buttons_ends_in_deficit(small_runs):
    radical = summaries(small_runs, "eindhoven_radical_maatwerk.yaml")
    for s in radical:
        assert s["deficit"] > 0
        assert s[f"deficit_y{len([k for k in s.index if k.startswith('deficit_y')])}"] > 0
    # Roughly the ~10% a year Eindhoven reported (docs/calibration.md §3), following from the mechanisms.
    mean_share = sum(s["overspend_share"] for s in radical) / len(radical)
    assert 0.05 < mean_share < 0.2


def test_the_cap_bounds_the_deficit_at_a_price(small_runs):
    radical = summaries(small_runs, "eindhoven_radical_maatwerk.yaml")
    capped = summaries(small_runs, "eindhoven_capped.yaml")
    for r, c in zip(radical, capped):
        assert c["deficit"] < 0.5 * r["deficit"]
        assert c["button_presses"] > 0
        assert c["mean_satisfaction"] < r["mean_satisfaction"] or c["legal_exposure_cases"] > r["legal_exposure_cases"]


@pytest.mark.parametrize("base", ["baseline_earmarked.yaml", "base/small_municipality.yaml"])
def test_bases_stay_near_their_budget(small_runs, base):
    """The calibration holds together: budgets from published figures, spending from the mechanisms."""
    for s in summaries(small_runs, base):
        assert s["total_cost"] == pytest.approx(s["allocation"], rel=0.1)
