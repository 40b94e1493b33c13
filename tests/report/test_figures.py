"""Comparison pictures: one line, bar group or dot cloud per scenario, words in the reader's
language, and numbers a council member can read (no powers of ten, large enough type)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer
from matplotlib.text import Text

from sim.report.figures import FIGURES, TITLES, pressed_share, render_pictures
from sim.report.labels import LABELS, label
from sim.report.numbers import number


@pytest.fixture(scope="module")
def drawn(small_comparison):
    """Every picture in both languages, drawn once for the module."""
    figs = {(name, lang): draw(small_comparison, lang) for name, draw in FIGURES.items() for lang in ("en", "nl")}
    for fig in figs.values():
        fig.draw_without_rendering()  # lay out and place every text, as saving would
    return figs


def main_axes(fig):
    return fig.axes[0]


def test_the_seven_pictures_in_order():
    assert list(FIGURES) == ["cost_curves.png", "satisfaction_curves.png", "deficit_per_year.png",
                             "button_timeline.png", "wait_distribution.png", "cost_vs_satisfaction.png",
                             "acceptability.png"]
    assert set(TITLES) == set(FIGURES)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("name", list(FIGURES))
def test_title_in_the_language_and_replications_said(drawn, small_comparison, name, lang):
    fig = drawn[(name, lang)]
    assert fig._suptitle.get_text() == LABELS[TITLES[name]][lang]
    words = " ".join(t.get_text() for t in fig.findobj(Text))
    assert f"{small_comparison.replications} {'herhalingen' if lang == 'nl' else 'replications'}" in words


@pytest.mark.parametrize("name", list(FIGURES))
def test_readable_numbers_and_type(drawn, name):
    for lang in ("en", "nl"):
        fig = drawn[(name, lang)]
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                assert axis.get_offset_text().get_text() == "", (name, "an offset or power of ten on an axis")
                for t in axis.get_ticklabels():
                    text = t.get_text()
                    assert "e+" not in text and "e-" not in text and "\u00d7" not in text, (name, text)
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
        assert min(sizes) >= 10, (name, min(sizes))


def named_lines(ax, c, lang="en"):
    """Per scenario, the lines whose legend label starts with its name in `lang`."""
    return {a.name: [line for line in ax.get_lines() if line.get_label().startswith(a.title(lang))] for a in c.arms}


def test_cost_curves_one_band_and_one_budget_line_per_scenario(drawn, small_comparison):
    c = small_comparison
    ax = main_axes(drawn[("cost_curves.png", "en")])
    assert all(len(lines) == 1 for lines in named_lines(ax, c).values())
    assert len([line for line in ax.get_lines() if line.get_linestyle() == "--"]) == len(c.arms)
    assert len(ax.collections) == len(c.arms)  # a 5-95% band each
    first = named_lines(ax, c)[c.arms[0].name][0]
    spent = c.arms[0].timeseries.query("budget == 'total'").groupby("month")["spent_to_date"].median() / 1e6
    assert np.allclose(first.get_ydata(), spent.to_numpy())  # in EUR million
    assert ax.get_ylabel() == label("euros_m", "en")


def test_satisfaction_curves_per_scenario_and_grade_seven(drawn, small_comparison):
    ax = main_axes(drawn[("satisfaction_curves.png", "nl")])
    assert all(len(lines) == 1 for lines in named_lines(ax, small_comparison, "nl").values())  # Dutch names
    assert any(line.get_label() == label("satisfied_line", "nl") and set(line.get_ydata()) == {7.0}
               for line in ax.get_lines())
    assert ax.get_xlabel() == label("month", "nl") and ax.get_ylabel() == label("grade", "nl")
    assert any("," in t.get_text() for t in ax.get_yticklabels())  # decimal comma in Dutch


def test_deficit_bars_per_scenario_and_year(drawn, small_comparison):
    c = small_comparison
    ax = main_axes(drawn[("deficit_per_year.png", "en")])
    bars = [b for b in ax.containers if isinstance(b, BarContainer)]
    assert [b.get_label() for b in bars] == [a.name for a in c.arms]
    for bar, arm in zip(bars, c.arms):
        heights = [p.get_height() for p in bar.patches]
        want = [arm.summary[f"deficit_y{y}"].mean() / 1e6 for y in range(1, c.years + 1)]
        assert np.allclose(heights, want)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Year 1", "Year 2"]


def test_button_timeline_rows_and_no_button_note(drawn, small_comparison):
    c = small_comparison
    for lang, words in (("en", ("ceiling", "stricter assessment")), ("nl", ("plafond", "strengere indicatie"))):
        ax = main_axes(drawn[("button_timeline.png", lang)])
        rows = [t.get_text() for t in ax.get_yticklabels()]
        assert len(rows) == 4  # radical: none; capped: ceiling and stricter assessment; pooled: none
        assert words[0] in rows[1] and words[1] in rows[2]  # the buttons' labels in the reader's language
        notes = [t for t in ax.texts if t.get_text() == label("f_no_button", lang)]
        assert len(notes) == 2
    ceiling = pressed_share(c.arms[1], "ceiling", 12 * c.years)
    assert 0 < ceiling.max() <= 1.0  # the ceiling is pressed (a share of the replications, month by month)
    assert pressed_share(c.arms[0], "ceiling", 12 * c.years).sum() == 0


def test_pressed_share_counts_replications_per_month():
    m = 365 / 12
    ev = pd.DataFrame([(0, 0.5 * m, "cap", "press"), (0, 1.5 * m, "cap", "release"), (0, 3.2 * m, "cap", "press"),
                       (1, 0.2 * m, "other", "press")], columns=["replication", "day", "button", "kind"])
    arm = SimpleNamespace(events=ev, summary=pd.DataFrame({"replication": [0, 1]}),
                          scenario=SimpleNamespace(run=SimpleNamespace(horizon_years=1)))
    share = pressed_share(arm, "cap", 12)
    assert share.tolist() == [0.5, 0.5, 0, 0.5] + [0.5] * 8  # replication 0 of 2; the second press stays on


def test_wait_distribution_one_curve_per_scenario_with_its_median(drawn, small_comparison):
    c = small_comparison
    ax = main_axes(drawn[("wait_distribution.png", "en")])
    for arm in c.arms:
        (curve,) = named_lines(ax, c)[arm.name]
        w = arm.waits["wait_days"].clip(lower=0) / 7  # weeks, as a council reads a wait
        assert f"half within {number(w.median(), 1)} weeks" in curve.get_label()
        assert curve.get_ydata()[0] == 0 and curve.get_ydata()[-1] == 1
    assert ax.get_xlabel() == label("f_wait_x", "en")


def test_cost_vs_satisfaction_one_dot_per_replication(drawn, small_comparison):
    c = small_comparison
    ax = main_axes(drawn[("cost_vs_satisfaction.png", "en")])
    clouds = [col for col in ax.collections if isinstance(col, PathCollection)]
    assert len(clouds) == len(c.arms)
    for cloud, arm in zip(clouds, c.arms):
        xy = cloud.get_offsets()
        assert len(xy) == c.replications
        assert np.allclose(np.asarray(xy)[:, 0], arm.summary["cost_per_year"] / 1e6)
    assert sorted(ax.get_legend_handles_labels()[1]) == sorted(a.name for a in c.arms)
    assert ax.get_xlabel() == label("f_cost_year", "en")


def test_acceptability_curves_add_up_to_one(drawn, small_comparison):
    c = small_comparison
    ax = main_axes(drawn[("acceptability.png", "nl")])
    lines = [line for line in ax.get_lines() if line.get_label() in {a.title("nl") for a in c.arms}]
    assert len(lines) == len(c.arms)
    total = np.sum([line.get_ydata() for line in lines], axis=0)
    assert np.allclose(total, 1.0)
    assert ax.get_xlabel() == label("f_accept_x", "nl") and ax.get_ylabel() == label("f_accept_y", "nl")


def test_render_pictures_gives_png_for_every_file(small_comparison):
    pictures = render_pictures(small_comparison, "en", dpi=40)
    assert list(pictures) == list(FIGURES)
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pictures.values())


def test_number_as_the_reader_writes_it():
    assert number(1234.56, 1) == "1,234.6"
    assert number(1234.56, 1, "nl") == "1.234,6"
    assert number(-0.04, 1) == "0.0"  # no minus zero
    assert number(float("nan"), 1) == "-"
