"""The one-page brief: exactly one A4 page, nothing off the page, and words that follow the sign."""

import dataclasses
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from sim._version import __version__
from sim.model.record import EXPOSURE_CAUSES
from sim.report.brief import A4, brief_figure, headlines, provenance, sentence, write_brief
from sim.study.compare import Arm, Comparison
from sim.report.labels import label


def fake_comparison(**changes) -> Comparison:
    """Two hand-made arms of 3 replications; `changes` are the second arm's columns (the first has the defaults)."""
    base = {"cost_per_year": [20e6, 21e6, 22e6], "total_cost": [40e6, 42e6, 44e6], "deficit": [1e6, 2e6, 3e6],
            "deficit_y1": [0.5e6, 1e6, 1.5e6], "deficit_y2": [0.5e6, 1e6, 1.5e6],
            "mean_satisfaction": [8.0, 8.1, 8.2], "share_satisfied": [0.80, 0.82, 0.84],
            "mean_wait_days": [10.0, 11.0, 12.0], "p90_wait_days": [30.0, 31.0, 32.0], "escalations": [100, 110, 120],
            "legal_exposure_cases": [0, 0, 0], **{f"legal_exposure_cases_{c}": [0, 0, 0] for c in EXPOSURE_CAUSES}}

    def arm(name, cols):
        scenario = SimpleNamespace(name=name.title(), content_hash=name * 20, path=None,
                                   title=lambda lang="en", n=name.title(): n, told=lambda lang="en": "",
                                   run=SimpleNamespace(horizon_years=2), municipality=SimpleNamespace(residents=20000))
        summary = pd.DataFrame({"replication": [0, 1, 2], **cols})
        return Arm(name, scenario, summary, pd.DataFrame(), pd.DataFrame(), pd.DataFrame())

    return Comparison([arm("open", base), arm("capped", {**base, **changes})], seed=7, replications=3,
                      stop_reason="asked",
                      created="2030-01-02T03:04:05+00:00")


def said(c: Comparison, lang: str = "en") -> list[str]:
    ((heading, sentences),) = headlines(c, lang)
    return sentences


def test_the_example_sentence():
    assert (sentence("cost_per_year", -12.3e6, -14.5e6, -10.1e6, 9e6, 4)
            == "saves EUR 12.3 million a year (95% interval 10.1 to 14.5)")
    assert (sentence("mean_satisfaction", -0.41, -0.49, -0.33, 7.5, 4)
            == "lowers the mean grade by 0.41 points (95% interval 0.33 to 0.49)")
    assert (sentence("cost_per_year", -12.3e6, -14.5e6, -10.1e6, 9e6, 4, "nl")
            == "bespaart € 12,3 miljoen per jaar (95%-interval 10,1 tot 14,5)")


def test_words_follow_the_sign():
    c = fake_comparison(cost_per_year=[17e6, 18.1e6, 18.9e6],        # about 3 million less, clearly
                        deficit=[2e6, 3.2e6, 3.9e6],                 # more deficit, clearly
                        mean_satisfaction=[7.6, 7.7, 7.75],          # lower, clearly
                        share_satisfied=[0.85, 0.88, 0.90],          # higher, clearly
                        mean_wait_days=[12.0, 10.0, 12.5],           # no clear difference
                        legal_exposure_cases=[5, 7, 6],              # more exposure, clearly
                        escalations=[100, 110, 120])                 # exactly the same
    cost, deficit, grade, share, wait, exposure, escalations = said(c)
    assert cost.startswith("saves EUR 3.0 million a year")
    assert deficit.startswith("leaves EUR 1.0 million more deficit over 2 years")
    assert grade.startswith("lowers the mean grade by 0.42 points")
    assert share.startswith("satisfies 5.7 percentage points more residents")
    assert wait.startswith("makes no clear difference to the mean wait for help (weeks): +0.1 (95% interval -")  # days in, weeks out
    assert exposure.startswith("has 6 more cases with legal exposure over 2 years (95% interval")
    assert escalations == "makes no difference to problems that escalate (both 110)"
    nl = said(c, "nl")
    assert nl[0].startswith("bespaart € 3,0 miljoen per jaar")
    assert nl[2].startswith("verlaagt het gemiddelde rapportcijfer met 0,42 punt")
    assert nl[4].startswith("maakt geen duidelijk verschil voor de gemiddelde wachttijd")


def test_the_other_direction():
    c = fake_comparison(cost_per_year=[23e6, 24.2e6, 25e6], mean_satisfaction=[8.4, 8.6, 8.7],
                        legal_exposure_cases=[-3, -2, -4], mean_wait_days=[8.0, 9.0, 10.0])
    cost, _, grade, _, wait, exposure, _ = said(c)
    assert cost.startswith("costs EUR 3.1 million a year more (95% interval ")
    assert grade.startswith("raises the mean grade by 0.47 points")
    assert wait == "shortens the mean wait for help by 0.3 weeks (95% interval 0.3 to 0.3)"  # 2 days
    assert exposure.startswith("has 3 fewer cases with legal exposure")


def test_interval_given_smallest_first_and_small_differences_not_rounded_away():
    text = sentence("cost_per_year", 0.04e6, 0.01e6, 0.07e6, 1e6, 4)
    assert text == "costs EUR 0.04 million a year more (95% interval 0.01 to 0.07)"
    assert "no interval: one replication" in sentence("escalations", 3.0, np.nan, np.nan, 10.0, 4)


def test_a_difference_within_the_resolution_is_said_not_to_matter():
    text = sentence("cost_per_year", 0.02e6, -0.01e6, 0.04e6, 1e6, 4)
    assert text.startswith("makes no difference that matters to spending per year (EUR million): +0.02 "
                           "(95% interval -0.01 to 0.04, all of it within ±0.05")
    nl = sentence("mean_satisfaction", 0.01, 0.005, 0.03, 8.0, 4, "nl")
    assert nl.startswith("maakt geen verschil dat ertoe doet voor het gemiddelde rapportcijfer: +0,01") and "±0,05" in nl
    assert sentence("mean_satisfaction", 0.01, -0.02, 0.08, 8.0, 4).startswith("makes no clear difference")


def test_provenance_names_seed_stopping_version_and_hashes():
    c = fake_comparison()
    line = provenance(c)
    assert "Seed 7" in line and "3 replications, as asked" in line and __version__ in line
    assert "open " + ("open" * 20)[:12] in line and "capped " + ("capped" * 20)[:12] in line
    assert "2030-01-02" in line
    assert "3 herhalingen, zoals gevraagd" in provenance(c, "nl")


def page_count_and_size(path):
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    return len(reader.pages), float(box.width), float(box.height)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_brief_is_exactly_one_a4_page(small_comparison, tmp_path, lang):
    path = tmp_path / "brief.pdf"
    write_brief(small_comparison, path, lang)
    pages, width, height = page_count_and_size(path)
    assert pages == 1
    assert width == pytest.approx(A4[0] * 72, abs=0.5) and height == pytest.approx(A4[1] * 72, abs=0.5)
    assert width == pytest.approx(595.3, abs=1) and height == pytest.approx(841.9, abs=1)  # A4 in points, portrait


def drawn_texts(fig) -> list:
    """Every text the page shows: its own, the legends', and each axes' titles, labels and ticks in view."""
    texts = list(fig.texts) + [t for legend in fig.legends for t in legend.get_texts()]
    for ax in fig.axes:
        texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
        for k, axis in enumerate((ax.xaxis, ax.yaxis)):  # matplotlib keeps tick labels beyond the view: not drawn
            lo, hi = sorted(axis.get_view_interval())
            texts += [t for t in axis.get_ticklabels() if lo - 1e-9 <= t.get_position()[k] <= hi + 1e-9]
    return texts


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_three_scenarios_fit_on_the_page(small_comparison, lang):
    c = small_comparison
    assert len(c.arms) == 3
    fig = brief_figure(c, lang)
    fig.canvas.draw()  # axis labels find their place only when drawn
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    texts = [t for t in drawn_texts(fig) if t.get_text().strip() and t.get_visible()]
    for t in texts:
        box = t.get_window_extent(renderer)
        assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1, t.get_text()[:60]
        assert box.y0 >= page.y0 - 1 and box.y1 <= page.y1 + 1, t.get_text()[:60]
    words = "\n".join(t.get_text() for t in texts).replace("\n", " ")
    for heading, sentences in headlines(c, lang):
        assert heading in words
        assert all(" ".join(s.split()) in " ".join(words.split()) for s in sentences)
    assert label("b_legal_title", lang) in words
    assert c.arms[2].scenario.content_hash[:12] in words
    assert len(fig.axes) == 2  # the two small curves


def test_five_scenarios_with_long_names_are_drawn_smaller_to_fit(small_comparison):
    c = small_comparison
    long = " with a long name, as advisers write them, to see the page shrink"
    arms = [dataclasses.replace(a, label=f"{a.label}_{k}", scenario=a.scenario.model_copy(update={"name": a.name + long}))
            for k, a in enumerate(c.arms + c.arms[:2])]
    crowded = dataclasses.replace(c, arms=arms)
    fig = brief_figure(crowded, "nl")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for t in drawn_texts(fig):
        if t.get_text().strip():
            assert fig.bbox.contains(*t.get_window_extent(renderer).p0), t.get_text()[:60]
            assert fig.bbox.contains(*t.get_window_extent(renderer).p1), t.get_text()[:60]
    title = max(fig.texts, key=lambda t: t.get_fontsize())
    assert title.get_fontsize() < 16  # drawn smaller than at full size


@pytest.fixture(scope="module")
def two_replications():
    """A small comparison of 2 replications in which the residents with several problems have a grade in only
    one replication (none of them had help graded in the other), as happens in a short, small run."""
    from sim.study.compare import compare
    from tests.helpers import small

    c = compare([small(n, 10_000, years=1) for n in ("eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml")],
                seed=1, replications=2)
    arms = []
    for arm in c.arms:
        g = arm.groups.copy()
        g.loc[(g["group"] == "multi") & (g["replication"] == 1), ["mean_grade", "share_satisfied_residents"]] = np.nan
        arms.append(dataclasses.replace(arm, groups=g))
    return dataclasses.replace(c, arms=arms)


def test_a_group_with_a_value_in_one_of_two_replications_says_so(two_replications):
    """Not 'one replication' (two ran) and not '(- to -)': the interval rests on one value, and the words say so."""
    from sim.report.webreport import groups_table

    c = two_replications
    d = c.differences.set_index(["group", "metric"])
    assert d.at[("multi", "mean_grade"), "replications"] == 1 and d.at[("multi", "escalations_per_resident"),
                                                                        "replications"] == 2
    assert d.at[("all", "cost_per_year"), "replications"] == 2
    for lang in ("en", "nl"):
        said = headlines(c, lang)[0][1][-1]
        honest = label("b_no_interval_of", lang, k=1, n=2)
        assert honest in said and label("b_no_interval", lang) not in said
        table = groups_table(c, lang)
        assert honest in table and "(- " not in table


def test_a_headline_without_interval_says_why():
    assert label("b_no_interval", "nl") in sentence("deficit", 1e6, np.nan, np.nan, 2e6, 2, "nl", rests_on=(1, 1))
    assert "maar in 1 van de 3 herhalingen" in sentence("deficit", 1e6, np.nan, np.nan, 2e6, 2, "nl", rests_on=(1, 3))
