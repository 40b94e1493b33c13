"""Words that fit their picture (`sim.report.fitting`), measured on small matplotlib figures drawn here.

Each test draws a figure whose words do not fit as drawn (a title wider than its figure, two labels on
one point, a crowded axis), checks that they collide before `fit`, and that after it they fit with
nothing cut: the words are the same, only wrapped, moved, thinned or, for a label that fits nowhere, hidden.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, MultipleLocator

from sim.report.fitting import _collide, _renderer, _shown, fit, point_label

LONG = "Eindhoven met een plafond en rechtmatige noodknoppen, vergeleken met de basis over vier jaar"


def _fig(w: float = 4.0, h: float = 3.0) -> Figure:
    fig = Figure(figsize=(w, h), dpi=100, layout="constrained")
    fig.add_subplot()
    return fig


def test_a_long_title_is_wrapped_to_its_figure_and_keeps_every_word():
    fig = _fig()
    title = fig.suptitle(LONG)
    r = _renderer(fig)
    assert title.get_window_extent(r).width > fig.bbox.width  # does not fit as drawn
    fit(fig)
    assert "\n" in title.get_text()
    assert title.get_text().split() == LONG.split()
    assert title.get_window_extent(_renderer(fig)).width <= fig.bbox.width


def test_a_short_title_is_left_alone():
    fig = _fig()
    fig.suptitle("Costs")
    fit(fig)
    assert fig._suptitle.get_text() == "Costs"


def test_two_labels_on_one_point_are_moved_apart():
    fig = _fig()
    ax = fig.axes[0]
    ax.plot([0, 1], [0, 1], "o")
    ax.set(xlim=(-1, 2), ylim=(-1, 2))
    a, b = point_label(ax, "first point", (0.5, 0.5)), point_label(ax, "second point", (0.5, 0.5))
    r = _renderer(fig)
    fig.draw_without_rendering()
    assert a.get_window_extent(r).overlaps(b.get_window_extent(r))  # the same place as drawn
    fit(fig)
    r = _renderer(fig)
    assert a.get_visible() and b.get_visible()
    assert not a.get_window_extent(r).overlaps(b.get_window_extent(r))
    assert a.xyann == (7, 7) and b.xyann != (7, 7)  # the first keeps its own side


def test_a_label_that_fits_nowhere_is_left_out_not_printed_over():
    fig = _fig(2.0, 1.5)
    ax = fig.axes[0]
    ax.set(xlim=(0, 1), ylim=(0, 1))
    label = point_label(ax, "a label far too long for so small a picture to hold anywhere", (0.5, 0.5))
    fit(fig)
    assert not label.get_visible()


def test_crowded_numeric_ticks_are_thinned_but_named_ones_are_not():
    fig = _fig(3.0, 2.5)
    numbers, names = fig.axes[0], fig.add_subplot(212)
    numbers.set_xlim(0, 20)
    numbers.xaxis.set_major_locator(MultipleLocator(1))
    numbers.xaxis.set_major_formatter(lambda x, _: f"{x * 1e6:,.0f}")
    names.set_xlim(-0.5, 5.5)
    names.xaxis.set_major_locator(FixedLocator(range(6)))
    names.set_xticklabels([f"municipality {i}" for i in range(6)])
    fig.draw_without_rendering()
    assert _collide(_shown(numbers.xaxis), _renderer(fig))
    fit(fig)
    assert not _collide(_shown(numbers.xaxis), _renderer(fig))
    assert numbers.get_xlim() == (0, 20)  # the range the metric's scale set stays
    assert len(names.xaxis.get_majorticklocs()) == 6  # a name is not a step


def test_fitting_at_a_resolution_gives_the_figure_its_own_back():
    fig = _fig()
    fig.suptitle(LONG)
    fit(fig, dpi=200)
    assert fig.dpi == 100
