"""A room can read the workshop: every notebook picture on a projector, and a static copy for a handout.

The pictures are drawn at a tiny workshop size (the sizes of texts do not depend on the numbers);
each is checked as the room sees it: rendered 1280 pixels wide, no visible text under 16 pixels.
"""

from __future__ import annotations

import itertools
import os
import struct
import subprocess
import sys

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import sim
from sim.report.figures import FIGURES
from sim.report.plots import cost_curve, satisfaction_curve
from sim.report.tradeoff import tradeoff_curve
from sim.workshop.panels import (ROOM, CachedRunner, CapPanel, PoolingPanel, VillageDealPanel, WorkshopSize,
                                 flagship, for_room, png, tradeoff)

from tests.helpers import ROOT, SCENARIOS

TINY = WorkshopSize(residents=6_000, replications=2, years=2)
POOLED = SCENARIOS / "pooled_integral.yaml"
CAPPED, RADICAL = SCENARIOS / "eindhoven_capped.yaml", SCENARIOS / "eindhoven_radical_maatwerk.yaml"
SHOWN = ["cost_curves.png", "satisfaction_curves.png", "deficit_per_year.png", "button_timeline.png",
         "cost_vs_satisfaction.png"]  # what notebook 02 shows


@pytest.fixture(scope="module")
def runner() -> CachedRunner:
    return CachedRunner(TINY)


def panel_figure(runner: CachedRunner, kind: str, lang: str) -> Figure:
    panel = {"pooling": lambda: PoolingPanel(runner, POOLED, lang),
             "cap": lambda: CapPanel(runner, CAPPED, RADICAL, lang),
             "deal": lambda: VillageDealPanel(runner, ROOT, lang, deal="Soest")}[kind]()
    panel.update()
    assert panel.error is None, panel.error
    return panel.figure  # as the panel shows it: already for the room


def notebook_figure(runner: CachedRunner, kind: str, lang: str) -> Figure:
    """A picture a notebook shows through `show`, which gives it to `for_room` first."""
    if kind in ("cost_curve", "satisfaction_curve"):
        result = runner.result(sim.load_scenario(SCENARIOS / "baseline_earmarked.yaml"))
        fig = (cost_curve if kind == "cost_curve" else satisfaction_curve)([result], lang=lang)
    elif kind == "tradeoff_curve":
        fig = tradeoff_curve(tradeoff(runner, CAPPED, [0.98, 1.05]), lang)
    else:
        fig = FIGURES[kind](flagship(runner, RADICAL, CAPPED, lang), lang)
    return for_room(fig)


def width_of(picture: bytes) -> int:
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", picture[16:20])[0]


def visible_texts(fig: Figure) -> list[Text]:
    """Every text artist with something to say, in a visible axes (or on the figure itself), after drawing."""
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()
            and (t.axes is None or t.axes.get_visible())]


def smallest_text_px(fig: Figure) -> tuple[float, str]:
    """Render the picture as the room sees it; the smallest visible text in pixels of a 1280-pixel-wide picture."""
    picture = png(fig)
    width, dpi = width_of(picture), ROOM.dpi(fig)
    sizes = [(t.get_fontsize() * dpi / 72 * 1280 / width, t.get_text()) for t in visible_texts(fig)]
    assert sizes
    return min(sizes)


def overlapping_tick_labels(fig: Figure) -> list[tuple[str, str]]:
    """Pairs of tick labels of one axis whose boxes overlap, drawn at the room's resolution."""
    fig.set_dpi(ROOM.dpi(fig))
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    pairs = []
    for ax in fig.axes:
        for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
            shown = [t for t in labels if t.get_visible() and t.get_text().strip()]
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in shown]
            pairs += [(a, b) for (a, x), (b, y) in itertools.combinations(boxes, 2) if x.overlaps(y)]
    return pairs


def test_a_small_text_is_raised_to_the_room_and_the_picture_is_1280_pixels_wide():
    fig = Figure(figsize=(13.8, 6), layout="constrained")
    ax = fig.subplots()
    ax.set_title("a 7-point title", fontsize=7)
    ax.plot([0, 1], [0, 1], label="a legend")
    ax.legend(fontsize=6)
    assert width_of(png(fig)) == 1280
    assert smallest_text_px(fig)[0] < 16  # 6 points on 13.8 inches: about 7.7 pixels in 1280
    for_room(fig)
    assert smallest_text_px(fig)[0] >= 16 - 1e-9
    assert ax.title.get_fontsize() == pytest.approx(ROOM.smallest_points(fig))
    ax.set_xticks([0, 0.5, 1])  # ticks made after for_room keep the room's size
    assert min(t.get_fontsize() for t in ax.get_xticklabels()) >= ROOM.smallest_points(fig) - 1e-9


def test_a_text_large_enough_is_left_alone():
    fig = Figure(figsize=(8, 5))
    title = fig.subplots().set_title("large", fontsize=20)
    for_room(fig)
    assert title.get_fontsize() == 20


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("kind", ["pooling", "cap", "deal"])
def test_every_panel_picture_is_readable_from_the_back_of_the_room(runner, kind, lang):
    fig = panel_figure(runner, kind, lang)
    assert width_of(png(fig)) == ROOM.width == 1280
    px, text = smallest_text_px(fig)
    assert px >= 16 - 1e-9, f"{kind} ({lang}): {text!r} is {px:.1f} px in a 1280-pixel-wide picture"


@pytest.mark.parametrize("kind", ["cost_curve", "satisfaction_curve", "tradeoff_curve", *SHOWN])
def test_every_report_picture_a_notebook_shows_is_readable_too(runner, kind):
    fig = notebook_figure(runner, kind, "nl")
    assert width_of(png(fig)) == 1280
    px, text = smallest_text_px(fig)
    assert px >= 16 - 1e-9, f"{kind}: {text!r} is {px:.1f} px in a 1280-pixel-wide picture"


def test_the_dutch_segment_labels_of_notebook_03_do_not_overlap(runner):
    fig = panel_figure(runner, "pooling", "nl")
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert any("meerdere" in t for t in ticks)  # the long Dutch labels are the ones drawn
    assert overlapping_tick_labels(fig) == []


@pytest.mark.parametrize("kind", ["cap", "deal"])
def test_no_tick_labels_overlap_in_the_other_dutch_panels(runner, kind):
    assert overlapping_tick_labels(panel_figure(runner, kind, "nl")) == []


def test_the_overlap_check_finds_labels_that_run_into_each_other():
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.set_xticks([0, 1], ["Inwoners met meerdere problemen", "Inwoners met één probleem"])
    ax.set_xlim(-0.5, 3)
    assert overlapping_tick_labels(fig)


class Handle:
    """What IPython's display(..., display_id=True) returns: a record of what it showed and was updated to."""

    def __init__(self, obj):
        self.shown = [obj]

    def update(self, obj):
        self.shown.append(obj)


@pytest.fixture
def displayed(monkeypatch) -> list:
    import IPython.display

    shown: list = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append((obj, kw)) or Handle(obj))
    return shown


def test_a_redraw_replaces_the_panel_picture_shown_under_the_sliders(runner, displayed):
    """The picture and the words are outputs with display ids after the widget: a slider updates them in place."""
    panel = PoolingPanel(runner, POOLED)
    panel._ipython_display_()
    assert [obj for obj, _ in displayed][0] is panel.widget
    assert len(displayed) == 3 and all(kw.get("display_id") is True for _, kw in displayed[1:])
    picture, words = panel._shown
    first = picture.shown[-1].data
    assert width_of(first) == 1280 and first == png(panel.figure)
    panel.sliders["pooled_share"].value = 0.0
    assert len(picture.shown) == 2 and picture.shown[-1].data == png(panel.figure) != first
    assert words.shown[-1].data == panel.text


def test_a_bad_setting_replaces_the_picture_by_its_message(runner, displayed):
    panel = CapPanel(runner, CAPPED, RADICAL)
    panel._ipython_display_()
    panel.sliders["fire"].value = 0.9  # below the release level of 0.97
    picture, words = panel._shown
    assert "must be below fire" in picture.shown[-1].data and words.shown[-1].data == ""
    panel.update(release=0.85)
    assert picture.shown[-1].data == png(panel.figure)


def test_nbconvert_to_html_shows_every_panel_picture(tmp_path):
    """`jupyter nbconvert --execute --to html`, as a facilitator runs it for a handout: each panel cell shows
    its picture in the static file (notebook 03, the cheapest with a panel)."""
    bs4 = pytest.importorskip("bs4", reason="reading the exported HTML needs beautifulsoup4: pip install -e '.[test]'")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "nbconvert", "--execute", "--to", "html", "--output-dir",
                           str(tmp_path), str(ROOT / "notebooks" / "03_earmarked_or_pooled.ipynb")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    page = bs4.BeautifulSoup((tmp_path / "03_earmarked_or_pooled.html").read_text(), "html.parser")
    cells = page.select("div.jp-CodeCell")
    panels = [c for c in cells if c.select_one(".jp-InputArea").get_text().strip().endswith("panel")]
    assert len(panels) == 1
    for cell in panels:
        images = [img for img in cell.select(".jp-OutputArea-output img") if img["src"].startswith("data:image/png")]
        assert images, "the panel cell shows no picture in the static HTML"
