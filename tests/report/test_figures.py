"""Comparison pictures: one line, bar group or dot cloud per scenario, words in the reader's
language, and numbers a council member can read (no powers of ten, large enough type)."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from sim.report.figures import FIGURES, TITLES, pressed_share, render_pictures
from sim.report.labels import LABELS, label
from sim.report.numbers import number
from sim.report.plots import COLOURS


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


def test_cost_curves_one_band_per_scenario_and_the_budget_line(drawn, small_comparison):
    c = small_comparison
    ax = main_axes(drawn[("cost_curves.png", "en")])
    assert all(len(lines) == 1 for lines in named_lines(ax, c).values())
    # The three scenarios have the same budget: one line for all (test_the_budget_key_... draws two that differ).
    assert len([line for line in ax.get_lines() if line.get_linestyle() == "--"]) == 1
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
    for lang in ("en", "nl"):
        ax = main_axes(drawn[("button_timeline.png", lang)])
        rows = [t.get_text() for t in ax.get_yticklabels()]
        assert len(rows) == 4  # radical: none; capped: ceiling and stricter assessment; pooled: none
        assert "ceiling" in rows[1] and "stricter assessment" in rows[2]
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


# --- issue 13, part 2: the same metric on the same axis; legends of what is drawn --------------------------------

GRADE_AXES = {"satisfaction_curves.png": "y", "cost_vs_satisfaction.png": "y"}


def _limits(ax, which):
    axis = ax.xaxis if which == "x" else ax.yaxis
    lo, hi = ax.get_xlim() if which == "x" else ax.get_ylim()
    ticks = [t for t in axis.get_majorticklocs() if lo - 1e-9 <= t <= hi + 1e-9]
    return round(lo, 9), round(hi, 9), tuple(round(t, 9) for t in ticks)


@pytest.mark.parametrize("name", list(FIGURES))
def test_the_same_comparison_in_english_and_dutch_has_the_same_axes(drawn, name):
    en, nl = main_axes(drawn[(name, "en")]), main_axes(drawn[(name, "nl")])
    for which in ("x", "y"):
        assert _limits(en, which) == _limits(nl, which), (name, which)


def test_every_picture_of_one_result_shows_the_grade_on_one_axis(drawn, small_comparison):
    from sim.report.brief import brief_figure
    from sim.report.scales import scales

    want = scales(small_comparison.arms, small_comparison.years)["mean_satisfaction"]
    seen = {(name, lang): _limits(main_axes(drawn[(name, lang)]), which)
            for name, which in GRADE_AXES.items() for lang in ("en", "nl")}
    for lang in ("en", "nl"):  # the brief's small panel too, drawn smaller when its text is long
        page = brief_figure(small_comparison, lang)
        page.draw_without_rendering()
        grade = next(ax for ax in page.axes if ax.get_ylabel() == label("grade", lang))
        seen[("brief", lang)] = _limits(grade, "y")
    assert len(set(seen.values())) == 1, seen
    lo, hi, ticks = next(iter(seen.values()))
    assert (lo, hi) == (want.low, want.high) and 1.0 <= lo < 7.0 < hi <= 10.0  # the grade-7 line is in sight
    assert ticks[1] - ticks[0] == pytest.approx(want.step)


def test_the_range_holds_every_scenarios_data_and_stays_in_the_natural_range(small_comparison):
    from sim.report.scales import band_values, scale, scales

    axes = scales(small_comparison.arms, small_comparison.years)
    for arm in small_comparison.arms:
        ts = arm.timeseries[arm.timeseries["budget"] == "total"]
        lo, _, hi, _ = band_values(ts, "mean_satisfaction")
        assert axes["mean_satisfaction"].low <= np.nanmin(lo) and np.nanmax(hi) <= axes["mean_satisfaction"].high
        assert axes["spent"].high >= ts["spent_to_date"].max() / 1e6
    assert axes["deficit"].low == 0.0 and axes["spent"].low == 0.0
    assert scale([9.7, 9.99], 1.0, 10.0).high == 10.0 and scale([0.0, 0.01], 0.0).low == 0.0


def _legend_lines(legend):
    """The legend's own drawn lines: (colour, line style) of each key that shows a line."""
    return [(to_hex(h.get_color()), h.get_linestyle()) for h in legend.findobj(Line2D)
            if h.get_linestyle() not in ("None", "") and len(h.get_xdata()) > 0]


def _drawn_lines(fig):
    """(colour, line style) of every visible line with data on the figure's axes (not in a legend)."""
    return {(to_hex(l.get_color()), l.get_linestyle()) for ax in fig.axes for l in ax.lines
            if l.get_visible() and len(l.get_xdata()) > 0}


def _legends(fig):
    return list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]


def _check_legends_show_only_what_is_drawn(fig, where):
    drawn_lines = _drawn_lines(fig)
    colours = {to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches if p.get_visible()}
    for legend in _legends(fig):
        for key in _legend_lines(legend):
            assert key in drawn_lines, (where, key, sorted(drawn_lines))
        for patch in legend.findobj(Rectangle):
            if patch.get_facecolor()[3] > 0 and patch is not legend.legendPatch:
                assert to_hex(patch.get_facecolor()) in colours, (where, to_hex(patch.get_facecolor()))


@pytest.mark.parametrize("name", list(FIGURES))
def test_legends_show_only_what_is_drawn(drawn, name):
    for lang in ("en", "nl"):
        _check_legends_show_only_what_is_drawn(drawn[(name, lang)], (name, lang))


@pytest.fixture(scope="module")
def two_budgets():
    """Two scenarios whose budgets differ (different sizes): each budget line is drawn in its scenario's colour."""
    from sim.study.compare import compare
    from tests.helpers import small

    return compare([small("eindhoven_radical_maatwerk.yaml", 10_000, years=1),
                    small("baseline_earmarked.yaml", 15_000, years=1)], seed=1, replications=1)


def test_the_budget_key_is_one_dark_dash_only_when_the_budgets_coincide(small_comparison, two_budgets):
    from sim.report.figures import cost_curves

    same = cost_curves(small_comparison, "en")
    dashed = [l for l in same.axes[0].lines if l.get_linestyle() == "--"]
    assert len(dashed) == 1 and to_hex(dashed[0].get_color()) == to_hex("0.25")  # one line for all, and said so
    assert "the same in every scenario" in " ".join(t.get_text() for t in same.legends[0].get_texts())
    differ = cost_curves(two_budgets, "nl")
    differ.draw_without_rendering()
    dashed = {to_hex(l.get_color()) for l in differ.axes[0].lines if l.get_linestyle() == "--"}
    keys = {c for c, ls in _legend_lines(differ.legends[0]) if ls == "--"}
    assert dashed == keys == {to_hex(COLOURS[0]), to_hex(COLOURS[1])}  # both colours drawn, both in the key
    _check_legends_show_only_what_is_drawn(differ, "two budgets")


def test_the_run_pictures_legends_show_only_what_is_drawn(two_budgets, small_comparison):
    from types import SimpleNamespace

    from sim.report.plots import cost_curve, satisfaction_curve

    def as_results(c):
        return [SimpleNamespace(timeseries=a.timeseries, summary=a.summary, events=a.events, scenario=a.scenario,
                                replications=c.replications) for a in c.arms]

    for c in (two_budgets, small_comparison):
        for fig in (cost_curve(as_results(c), "en", budgets=[]), satisfaction_curve(as_results(c), "en")):
            fig.draw_without_rendering()
            _check_legends_show_only_what_is_drawn(fig, "run")


def test_the_button_timeline_says_why_a_button_is_pressed_on_1_january(drawn, small_comparison):
    from sim.report.figures import WORDS, pressed_in_january

    capped = small_comparison.arms[1]
    assert (capped.events.query("kind == 'press'")["day"] < 1).any()  # the capped scenario presses on day 0
    assert pressed_in_january(small_comparison)
    for lang in ("en", "nl"):
        words = " ".join(t.get_text().replace("\n", " ") for t in drawn[("button_timeline.png", lang)].findobj(Text))
        assert WORDS["early_press"][lang] in words
    later = SimpleNamespace(arms=[SimpleNamespace(events=capped.events.assign(day=capped.events["day"] + 40))])
    assert not pressed_in_january(later)  # said only where it happens
