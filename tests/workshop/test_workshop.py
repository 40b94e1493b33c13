"""The workshop's live panels (sim.workshop): every slider's callback redraws what it drives.

The panels run at a tiny size here (a few thousand residents, two replications, two years): the
tests check what the panels do with a run, not the model's numbers, which other tests cover.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import Collection
from matplotlib.patches import Rectangle

import sim
from sim.report.labels import LABELS, stopping
from sim.workshop.panels import (CachedRunner, CapPanel, PoolingPanel, VillageDealPanel, WorkshopSize, by_segment,
                          effects, flagship, in_both, tradeoff, village_deals)

from tests.helpers import ROOT, SCENARIOS

TINY = WorkshopSize(residents=6_000, replications=2, years=2)
POOLED = SCENARIOS / "pooled_integral.yaml"
CAPPED, RADICAL = SCENARIOS / "eindhoven_capped.yaml", SCENARIOS / "eindhoven_radical_maatwerk.yaml"


@pytest.fixture(scope="module")
def runner() -> CachedRunner:
    """One cache for the module, as in a notebook: panels share the runs they have in common."""
    return CachedRunner(TINY)


def figure_data(fig) -> list[np.ndarray]:
    """Everything a figure shows as numbers: line data, bar rectangles, markers and bands, texts' positions."""
    out: list[np.ndarray] = []
    for ax in fig.axes:
        out += [np.asarray(line.get_xydata(), float) for line in ax.get_lines()]
        out += [np.array([p.get_x(), p.get_y(), p.get_width(), p.get_height()]) for p in ax.patches
                if isinstance(p, Rectangle)]
        for coll in ax.collections:
            assert isinstance(coll, Collection)
            out.append(np.asarray(coll.get_offsets(), float).ravel())
            out += [np.asarray(path.vertices, float).ravel() for path in coll.get_paths()]
    return out


def same(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    return len(a) == len(b) and all(x.shape == y.shape and np.allclose(x, y, equal_nan=True) for x, y in zip(a, b))


def moved(panel, name: str, value) -> None:
    """Move a control as the facilitator would (through the widget) and check the figure changed."""
    widget = panel.widget  # builds the widgets and draws the defaults
    assert panel.error is None, panel.error
    before = figure_data(panel.figure)
    panel.sliders[name].value = value  # the widget's own callback re-runs and redraws
    assert panel.values[name] == value
    assert panel.error is None, panel.error
    assert not same(before, figure_data(panel.figure)), f"moving {name} to {value} did not change the figure"
    assert widget is panel.widget


def test_workshop_size_scales_down_never_up_and_sets_the_horizon():
    big, small = sim.load_scenario(POOLED), sim.load_scenario(SCENARIOS / "village_deals" / "ommen.yaml")
    size = WorkshopSize(residents=20_000, replications=3, years=2)
    assert size.apply(big).municipality.residents == 20_000
    assert size.apply(big).access.integral_staff < big.access.integral_staff
    assert size.apply(small).municipality.residents == small.municipality.residents < 20_000
    assert size.apply(big).run.horizon_years == size.apply(small).run.horizon_years == 2
    assert big.run.horizon_years == 4  # the loaded scenario is left alone


def test_the_note_says_the_workshop_size_in_both_languages():
    size = WorkshopSize(residents=20_000, replications=3, years=2)
    en, nl = size.note("en"), size.note("nl")
    assert "20,000" in en and "3 replications" in en and "2 years" in en
    assert "20.000" in nl and "3 herhalingen" in nl and "2 jaar" in nl


def test_every_workshop_label_has_english_and_dutch():
    keys = [k for k in LABELS if k.startswith("ws_")]
    assert len(keys) > 20
    for k in keys:
        assert LABELS[k].get("en") and LABELS[k].get("nl"), k


def test_the_runner_caches_by_the_scenario_run():
    r = CachedRunner(TINY)
    s = sim.load_scenario(POOLED)
    first = r.result(s, {"budget.pooled_share": 0.5})
    assert r.result(s, {"budget.pooled_share": 0.5}) is first and r.runs == 1
    other = r.result(s, {"budget.pooled_share": 0.0})
    assert other is not first and r.runs == 2
    assert first.scenario.municipality.residents == TINY.residents and first.replications == TINY.replications


def test_a_workshop_comparison_equals_sim_compare(runner):
    """The arms built from cached Results pair exactly as sim.compare pairs the same scenarios."""
    a, b = runner.sized(sim.load_scenario(RADICAL)), runner.sized(sim.load_scenario(CAPPED))
    ours = runner.comparison([runner.result(a), runner.result(b)], ["radical", "capped"])
    theirs = sim.compare([a, b], seed=TINY.seed, replications=TINY.replications, labels=["radical", "capped"])
    cols = ["metric", "mean", "against_mean", "difference", "low", "high"]
    assert np.allclose(ours.differences[cols[1:]].to_numpy(float), theirs.differences[cols[1:]].to_numpy(float),
                       equal_nan=True)
    assert list(ours.differences["metric"]) == list(theirs.differences["metric"])
    assert ours.stop_reason == theirs.stop_reason and stopping(ours, "nl") == stopping(theirs, "nl")
    for x, y in zip(ours.arms, theirs.arms):
        assert np.allclose(np.sort(x.waits["wait_days"]), np.sort(y.waits["wait_days"]))


def test_by_segment_splits_residents_into_one_problem_and_several(runner):
    res = runner.result(sim.load_scenario(POOLED))
    t = by_segment(res)
    assert set(t["segment"]) == {"simple", "complex"}
    asked = res.cases.loc[~res.cases["initial"], ["replication", "resident_id"]].drop_duplicates()
    assert t["cases"].sum() == len(asked)  # every resident who asked for help, once


@pytest.mark.parametrize("name, value", [("pooled_share", 0.0), ("multi_problem_share", 0.3), ("integral_staff", 1)])
def test_each_pooling_slider_redraws_its_figure(runner, name, value):
    moved(PoolingPanel(runner, POOLED), name, value)


def test_pooling_nothing_changes_nothing(runner):
    """Pooled share 0 is the earmarked bar itself: every segment exactly the same (common random numbers)."""
    panel = PoolingPanel(runner, POOLED, lang="nl")
    panel.update(pooled_share=0.0)
    assert panel.text.count(LABELS["ws_same"]["nl"]) == 2
    panel.update(pooled_share=1.0)
    assert LABELS["ws_complex"]["nl"] in panel.text and panel.text.count(LABELS["ws_same"]["nl"]) < 2


@pytest.mark.parametrize("name, value", [("fire", 1.1), ("release", 0.995), ("action", "waitlist")])
def test_each_cap_control_redraws_its_figure(runner, name, value):
    moved(CapPanel(runner, CAPPED, RADICAL), name, value)


def test_a_bad_cap_setting_shows_its_message_instead_of_a_figure(runner):
    panel = CapPanel(runner, CAPPED, RADICAL)
    panel.widget
    panel.sliders["fire"].value = 0.9  # below the release level of 0.97
    assert panel.figure is None
    assert "release (0.97) must be below fire (0.9)" in panel.error
    panel.update(release=0.85)  # the room fixes it: the figure is back
    assert panel.error is None and panel.figure is not None


def test_a_waiting_list_cap_counts_legal_exposure(runner):
    panel = CapPanel(runner, CAPPED, RADICAL)
    lawful = panel.comparison(fire=0.98, release=0.9, action="standard_only").arms[1].summary
    waitlist = panel.comparison(fire=0.98, release=0.9, action="waitlist").arms[1].summary
    assert lawful["legal_exposure_cases"].sum() == 0 < waitlist["legal_exposure_cases"].sum()


def test_panel_update_refuses_an_unknown_control(runner):
    with pytest.raises(TypeError, match="pooled_share"):
        CapPanel(runner, CAPPED, RADICAL).update(pooled_share=0.5)


def test_the_village_deal_dropdown_redraws_its_figure(runner):
    panel = VillageDealPanel(runner, ROOT, deal="Soest")
    moved(panel, "deal", "Tubbergen")
    assert "Tubbergen" in panel.figure.get_suptitle()


def test_village_deals_are_the_eleven_files():
    deals = village_deals(ROOT)
    assert len(deals) == 11 and "Soest" in deals and all(p.parent.name == "village_deals" for p in deals.values())


def test_effects_check_the_claims_against_the_interval(runner):
    panel = VillageDealPanel(runner, ROOT, deal="Tubbergen")
    c = panel.comparison("Tubbergen")
    t = effects(c, {"escalations": "lower", "cost": "higher"}).set_index("metric")
    assert t.at["satisfaction", "verdict"] == ""  # no claim, no verdict
    for metric in ("escalations", "cost"):
        low, high = t.at[metric, "low"], t.at[metric, "high"]
        expected = "unclear" if low <= 0 <= high else ("reproduced" if (low > 0) == (metric == "cost") else "not reproduced")
        assert t.at[metric, "verdict"] == expected
    wait = c.differences.query("metric == 'mean_wait_days' and group == 'all'").iloc[0]
    assert t.at["wait", "unit"] == "weeks"  # as every report shows a wait, not the table's days
    assert t.at["wait", "difference"] == pytest.approx(wait["difference"] / 7)


def test_flagship_has_the_unlawful_waiting_list_as_third_arm(runner):
    c = flagship(runner, RADICAL, CAPPED, lang="nl")
    assert [a.label for a in c.arms] == ["radical", "capped", "capped_waitlist"]
    assert c.arms[2].scenario.buttons[0].action == "waitlist"
    for lang in ("en", "nl"):  # its own name in both languages, not the capped file's Dutch name
        assert c.arms[2].title(lang) == LABELS["ws_waitlist_name"][lang]
        assert len({a.title(lang) for a in c.arms}) == 3


def test_every_scenario_a_panel_derives_has_its_own_name_in_both_languages(runner):
    """The pooling and cap panels compare two variants of one file: each variant is named in English and Dutch,
    whichever language the panel speaks, so no arm keeps the file's Dutch name."""
    pooled = PoolingPanel(runner, SCENARIOS / "pooled_integral.yaml", lang="en")
    cap = CapPanel(runner, CAPPED, RADICAL, lang="en")
    for c in (pooled.comparison(**pooled.values), cap.comparison(**cap.values)):
        for lang in ("en", "nl"):
            assert len({a.title(lang) for a in c.arms}) == 2
            assert not any(a.title(lang) == s.title(lang) for a in c.arms for s in (pooled.scenario, cap.capped))
        assert all(a.title("nl") != a.title("en") for a in c.arms)  # a Dutch name of its own, not the English one
    assert pooled.comparison(**pooled.values).arms[1].title("nl") == "Ontschot deel 1,00"
    assert cap.comparison(**cap.values).arms[1].title("nl") == in_both("ws_with_cap")["nl"] == "Met dit plafond"


def test_tradeoff_sweeps_the_fire_level_at_workshop_size(runner):
    sw = tradeoff(runner, CAPPED, [0.98, 1.1])
    assert list(sw.table["buttons.0.fire"]) == [0.98, 1.1]
    assert sw.comparison.replications == TINY.replications
    assert all(a.scenario.municipality.residents == TINY.residents for a in sw.comparison.arms)


def test_a_dutch_village_deal_panel_is_dutch_and_writes_money_one_way(runner):
    """The title names both scenarios by their Dutch names, the story is the file's story_nl, and money is
    written as Dutch writes it everywhere ('€ 0,12 miljoen per jaar', sim.report.numbers), never 'mln euro'."""
    panel = VillageDealPanel(runner, ROOT, lang="nl", deal="Ommen")
    panel.update(deal="Ommen")
    base = sim.load_scenario(SCENARIOS / "base" / "small_municipality.yaml")
    title = panel.figure.get_suptitle()
    assert base.name_nl in title and base.name not in title
    assert sim.load_scenario(SCENARIOS / "village_deals" / "ommen.yaml").told("nl") in panel.text
    assert "mln" not in panel.text and "miljoen per jaar" in panel.text  # Ommen claims a lower cost
    assert "€ " in panel.text.split(LABELS["ws_check"]["nl"])[1]


def test_a_segment_level_stays_inside_the_metric_range():
    """Levels (a grade, a wait, a cost per resident) get the report's bounded interval: no grade above 10,
    no wait below zero, where Student's t alone would cross the bound."""
    from sim.study.stats import interval
    from sim.workshop.panels import segment_level

    t = pd.DataFrame({"segment": ["complex"] * 3, "grade": [9.9, 10.0, 6.0], "wait_days": [0.0, 0.0, 30.0]})
    assert interval(t["grade"].to_numpy())[2] > 10 and interval(t["wait_days"].to_numpy())[1] < 0  # unbounded
    mean, low, high = segment_level(t, "complex", "grade")
    assert high == 10.0 and low < mean < high
    mean, low, high = segment_level(t, "complex", "wait_days", 1 / 7)
    assert low == 0.0 and mean == pytest.approx(30 / 3 / 7)
