"""What a council reads about uncertainty is true: the intervals cover luck, not the assumptions.

The brief, the web report and report.md say in plain words that a 95% interval (or a 5-95%
range) covers the simulation's luck and not the values the files mark ASSUMPTION, and how many
such values the scenarios rest on; money is also given as a share of the budget; and when a
scenario saves more than the deficit it removes, one sentence says that the rest is underspend.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

import sim
from sim.report.brief import headlines, sentence, underspend
from sim.report.labels import luck
from sim.report.run_report import report
from sim.report.webreport import render
from tests.helpers import SCENARIOS, small


def test_the_loader_counts_the_assumed_values_in_force(tmp_path):
    base = SCENARIOS / "base" / "eindhoven.yaml"
    assumed = sim.load_scenario(base).assumed
    assert "access.handoff_days" in assumed  # the base marks it ASSUMPTION
    # A child that sets it from a source has one assumed value fewer...
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {base}\naccess:\n  handoff_days: 7  # docs/calibration.md §5\n", encoding="utf-8")
    fewer = sim.load_scenario(child).assumed
    assert len(fewer) == len(assumed) - 1 and "access.handoff_days" not in fewer
    # ...and one that marks a sourced value as its own assumption has one more.
    assert "domains.wmo.entitled" not in assumed  # the base cites docs/calibration.md §6
    child.write_text(f"extends: {base}\ndomains:\n  wmo:\n    entitled: true  # ASSUMPTION: for this test\n",
                     encoding="utf-8")
    more = sim.load_scenario(child).assumed
    assert "domains.wmo.entitled" in more and len(more) == len(assumed) + 1


def test_a_list_on_one_marked_line_is_one_value():
    text = (SCENARIOS / "base" / "eindhoven.yaml").read_text(encoding="utf-8")
    marked = [line for line in text.splitlines() if "#" in line and "ASSUMPTION" in line.split("#", 1)[1]]
    assert any("severity: [" in line for line in marked)
    assumed = sim.load_scenario(SCENARIOS / "base" / "eindhoven.yaml").assumed
    assert not any(a.endswith("]") for a in assumed)  # never severity[0], severity[1]...
    assert len(assumed) <= len(marked)  # one per marked line at most (a comment line marks no value)


def test_luck_says_how_many_assumed_values_and_in_dutch_too():
    s = sim.load_scenario(SCENARIOS / "eindhoven_capped.yaml")
    n = len(s.assumed)
    assert f" {n} values" in luck([s], "en") and "ASSUMPTION" in luck([s], "en") and "luck" in luck([s], "en")
    assert f" {n} waarden" in luck([s], "nl") and "toeval" in luck([s], "nl")
    bare = s.model_copy(deep=True)
    bare._assumed = ()
    assert "ASSUMPTION" not in luck([bare], "en") and "luck" in luck([bare], "en")


def test_money_is_also_a_share_of_the_budget():
    # EUR 4 million a year less on a budget of EUR 100 million a year: 4.0% of the budget.
    said = sentence("cost_per_year", -4e6, -5e6, -3e6, 96e6, 4, "en", budget=100e6)
    assert "saves EUR 4.0 million a year, 4.0% of the budget (95% interval" in said
    # A deficit over four years against the budget over those four years: 8 / 400 = 2.0%.
    said = sentence("deficit", -8e6, -9e6, -7e6, 0.0, 4, "nl", budget=100e6)
    assert "2,0% van het budget over die jaren" in said
    assert "budget" not in sentence("mean_satisfaction", 0.5, 0.4, 0.6, 7.5, 4, "en", budget=100e6)


def _comparison(cost: tuple[float, float], deficit: float) -> SimpleNamespace:
    rows = [{"scenario": "b", "metric": "cost_per_year", "difference": cost[0], "low": cost[0] - 1e5, "high": cost[1]},
            {"scenario": "b", "metric": "deficit", "difference": deficit, "low": deficit - 1e5, "high": deficit + 1e5}]
    arm = SimpleNamespace(label="b", title=lambda lang="en": "Capped")
    return SimpleNamespace(differences=pd.DataFrame(rows), years=4, arms=[SimpleNamespace(label="a"), arm])


def test_a_saving_larger_than_the_deficit_it_removes_is_explained_as_underspend():
    # Saves EUR 5M a year (20M over four years) and removes a deficit of EUR 12M: 8M is underspend.
    said = underspend(_comparison((-5e6, -4e6), -12e6), "b", "en")
    assert said is not None and "EUR 20.0 million" in said and "EUR 12.0 million" in said and "underspend" in said
    assert "onderbesteding" in underspend(_comparison((-5e6, -4e6), -12e6), "b", "nl")
    assert underspend(_comparison((-3e6, -2e6), -12e6), "b") is None  # saves 12M, removes 12M: nothing left over
    assert underspend(_comparison((-5e6, 1e6), -12e6), "b") is None  # a saving the interval is not sure of


def test_every_output_says_what_its_intervals_cover(small_comparison):
    c = small_comparison
    n = len(set().union(*(a.scenario.assumed for a in c.arms)))
    assert n > 0
    for lang in ("en", "nl"):
        page = render(c, lang, {})
        assert luck([a.scenario for a in c.arms], lang) in page.replace("&#x27;", "'")
        assert any("budget" in s for _, said in headlines(c, lang) for s in said)
    result = sim.run(small("eindhoven_capped.yaml", years=1), seed=1, replications=2)
    md = report([result], "en")
    assert f"{len(result.scenario.assumed)} values" in md and "of the whole term's budget" in md


def test_the_luck_note_points_to_explore_for_the_assumptions_with_a_range():
    """The intervals cover luck only; where the files give assumptions a range, the note says what explores them."""
    import sim
    from sim.report.labels import luck

    capped = sim.load_scenario("scenarios/eindhoven_capped.yaml")
    k = len(capped.uncertain)
    assert k and f"For {k} of the most important" in luck([capped]) and "ontschot explore" in luck([capped])
    assert f"Voor {k} van de belangrijkste" in luck([capped], "nl")
    capped.uncertain = {}
    assert "explore" not in luck([capped])
