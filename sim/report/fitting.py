"""Words that fit their picture: titles wrapped to their width, point labels apart, tick labels thinned.

A title's length is known only in the reader's language and with the scenario's name in it
("Eindhoven met een plafond en rechtmatige noodknoppen"), and a point label's room only once the
points are placed, so a picture's words are fitted after it is drawn, by measurement, in this
one place. `fit(fig)` is the last step of every drawing function of the report room, and the
workshop calls it again after raising the type for the room (`sim.workshop.panels.for_room`):

- a title, subtitle or axis label wider than its room (the figure for the figure's own titles,
  its axes for an axes' titles and labels) is wrapped at the measured width, never shortened:
  a title cut to "..." loses what it said;
- point labels (made with `point_label`) that would cover each other or leave their axes try
  the other sides of their point, and one that fits nowhere is left out rather than printed
  over its neighbour (the point is still drawn; its value is in the tables);
- a numeric axis whose tick labels run into each other keeps every other tick (the range, which
  the metric's one scale sets, stays; an axis of names is never thinned, a name is not a step), and a y tick label at the corner that meets the x axis' first
  label is left out.

Reporting only: nothing here changes a number.
"""

from __future__ import annotations

import textwrap
import weakref
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.ticker import Formatter, MaxNLocator, MultipleLocator
from matplotlib.transforms import Bbox

MARGIN = 0.015  # of the figure's width, kept free on each side of a figure's own title
PAD = 2.0  # pixels kept between two point labels, and between a label and its axes' edge
SHORTEST = 12  # characters per line below which a text is not wrapped further
# Where a point label may sit, in points from its point, in order of preference after its own.
SIDES = [(7, 7, "left", "bottom"), (7, -7, "left", "top"), (-7, 7, "right", "bottom"), (-7, -7, "right", "top"),
         (0, 11, "center", "bottom"), (0, -11, "center", "top"), (9, 0, "left", "center"), (-9, 0, "right", "center"),
         (7, 20, "left", "bottom"), (7, -20, "left", "top"), (-7, 20, "right", "bottom"), (-7, -20, "right", "top")]

_POINT_LABELS: "weakref.WeakKeyDictionary[Annotation, tuple]" = weakref.WeakKeyDictionary()


def point_label(ax, text: str, xy: tuple[float, float], offset: tuple[float, float] = (7, 7), **style: Any) -> Annotation:
    """A label beside a data point, which `fit` moves to a free side of its point (or leaves out) if it collides.

    Its first choice is `offset` (points), with the alignment that keeps it off its point. It is
    kept out of the layout: it stays inside its axes, so it never needs room around them.
    """
    dx, dy = offset
    ha = "left" if dx > 0 else "right" if dx < 0 else "center"
    va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
    ann = ax.annotate(text, xy, textcoords="offset points", xytext=offset, ha=ha, va=va, **style)
    ann.set_in_layout(False)
    _POINT_LABELS[ann] = (dx, dy, ha, va)
    return ann


def _renderer(fig: Figure):
    if not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)  # a canvas that measures text; no pyplot, so the caller's backend is left alone
    return fig.canvas.get_renderer()


def _layout(fig: Figure) -> None:
    """Lay the figure out as saving it would: its layout engine, or tight_layout once for a figure without one."""
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    fig.draw_without_rendering()


def _wrap_to(t: Text, room: float, renderer, along: str = "width") -> bool:
    """Wrap `t` at whitespace until its measured extent fits `room` pixels (its height if it stands on end);
    whether it had to."""
    def size() -> float:
        box = t.get_window_extent(renderer)
        return box.width if along == "width" else box.height

    if not t.get_visible() or not t.get_text().strip() or size() <= room:
        return False
    words = " ".join(t.get_text().split())
    chars = max(int(len(words) * room / size()), SHORTEST)
    while True:
        t.set_text(textwrap.fill(words, chars, break_long_words=False))
        if size() <= room or chars <= SHORTEST:
            return True
        chars = max(int(chars * 0.92), SHORTEST)


def _fit_titles(fig: Figure, renderer) -> bool:
    """Every title and axis label wrapped to its room; whether any had to be."""
    width = fig.bbox.width * (1 - 2 * MARGIN)
    wrapped = [_wrap_to(t, width, renderer) for t in (fig._suptitle, fig._supxlabel) if t is not None]
    if fig._supylabel is not None:
        wrapped.append(_wrap_to(fig._supylabel, fig.bbox.height * (1 - 2 * MARGIN), renderer, "height"))
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        box = ax.get_window_extent(renderer)
        room = max(box.width, width / 3)  # a narrow colour bar's label may use some more
        wrapped += [_wrap_to(t, room, renderer) for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label)]
        wrapped.append(_wrap_to(ax.yaxis.label, max(box.height, fig.bbox.height / 3), renderer, "height"))
    wrapped += [_fit_legend(legend, width, renderer) for legend in _legends(fig)]
    return any(wrapped)


def _legends(fig: Figure) -> list:
    """The figure's legends and those of its axes."""
    return list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_visible() and ax.get_legend()]


def _fit_legend(legend, width: float, renderer) -> bool:
    """Each entry of a legend wrapped to the figure's width less its handle (a long scenario name in a
    sentence, such as the wait picture's, ran off the picture); whether any had to be."""
    wrapped = False
    for t in legend.get_texts():
        handle = (legend.handlelength + legend.handletextpad + 2 * legend.borderpad) * t.get_fontsize() * \
            legend.figure.dpi / 72.0
        wrapped |= _wrap_to(t, width - handle, renderer)
    return wrapped


def _apart(fig: Figure, renderer) -> None:
    """Each point label at its first free side, in the order they were made; one that fits nowhere left out."""
    for ax in fig.axes:
        mine = [a for a in ax.texts if a in _POINT_LABELS]
        if not mine:
            continue
        frame = ax.get_window_extent(renderer)
        inner = Bbox.from_extents(frame.x0 + PAD, frame.y0 + PAD, frame.x1 - PAD, frame.y1 - PAD)
        placed: list[Bbox] = [t.get_window_extent(renderer) for t in ax.texts if t not in _POINT_LABELS and
                              t.get_visible() and t.get_text().strip()]
        for a in mine:
            a.set_visible(True)
            for dx, dy, ha, va in [_POINT_LABELS[a], *SIDES]:
                a.xyann = (dx, dy)
                a.set(ha=ha, va=va)
                box = a.get_window_extent(renderer).padded(PAD)
                if inner.containsx(box.x0) and inner.containsx(box.x1) and inner.containsy(box.y0) \
                        and inner.containsy(box.y1) and not any(box.overlaps(p) for p in placed):
                    placed.append(box)
                    break
            else:
                a.set_visible(False)


def _box(t: Text, renderer) -> Bbox:
    """A text's extent as drawn: two labels that touch already count as meeting."""
    return t.get_window_extent(renderer)


def _collide(labels: list[Text], renderer) -> bool:
    boxes = [_box(t, renderer) for t in labels if t.get_visible() and t.get_text().strip()]
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def _shown(axis) -> list[Text]:
    """The tick labels of `axis` that are drawn: inside the axis' range, with words."""
    lo, hi = sorted(axis.get_view_interval())
    return [t.label1 for t, loc in zip(axis.get_major_ticks(), axis.get_majorticklocs())
            if lo - 1e-9 * (hi - lo) <= loc <= hi + 1e-9 * (hi - lo) and t.label1.get_visible() and t.label1.get_text()]


class _Unsaid(Formatter):
    """An axis' own tick labels, but none at the values in `unsaid` (a corner's label that meets the other axis')."""

    def __init__(self, inner: Formatter, unsaid: set[float]):
        self.inner, self.unsaid = inner, unsaid

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs) -> None:
        self.inner.set_locs(locs)

    def get_offset(self) -> str:
        return self.inner.get_offset()

    def format_ticks(self, values) -> list[str]:
        said = self.inner.format_ticks(values)
        return ["" if any(abs(v - u) <= 1e-9 * max(1.0, abs(u)) for u in self.unsaid) else s
                for v, s in zip(values, said)]

    def __call__(self, x, pos=None) -> str:
        return self.inner(x, pos)


def _thin(fig: Figure, renderer) -> bool:
    """Every other tick where an axis' tick labels collide, else the y label at a corner where it meets an x label.
    Whether anything changed (one change per axes at a time: the figure is laid out again between)."""
    changed = False
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        crowded = False
        for axis in (ax.xaxis, ax.yaxis):
            locs = sorted(axis.get_majorticklocs())
            numbers = isinstance(axis.get_major_locator(), (MultipleLocator, MaxNLocator))  # not names set one by one
            if numbers and len(locs) > 2 and _collide(_shown(axis), renderer):
                axis.set_major_locator(MultipleLocator(2 * (locs[1] - locs[0])))
                crowded = True
        if crowded:
            changed = True
            continue
        xs = _shown(ax.xaxis)
        meet = {loc for t, loc in zip(ax.yaxis.get_major_ticks(), ax.yaxis.get_majorticklocs()) if t.label1 in
                _shown(ax.yaxis) and any(_box(t.label1, renderer).overlaps(_box(x, renderer)) for x in xs)}
        if meet:
            inner = ax.yaxis.get_major_formatter()
            unsaid = inner.unsaid | meet if isinstance(inner, _Unsaid) else meet
            ax.yaxis.set_major_formatter(_Unsaid(inner.inner if isinstance(inner, _Unsaid) else inner, unsaid))
            changed = True
    return changed


def fit(fig: Figure, dpi: float | None = None) -> Figure:
    """The figure (changed in place) with its titles wrapped to their room, its point labels apart and its tick
    labels thinned where they collide; laid out again. Call it after anything that changes a text's size.

    `dpi` is the resolution the picture will be saved at, when it is known (the room's): measured
    and laid out there, the figure saves the same picture every time, since a constrained layout
    computed at one resolution moves by a pixel when it is first saved at another.
    """
    own = fig.dpi
    if dpi is not None:
        fig.set_dpi(dpi)
    try:
        renderer = _renderer(fig)
        _layout(fig)
        if _fit_titles(fig, renderer):
            _layout(fig)
        for _ in range(4):  # thinned and laid out again until no tick label meets another
            if not _thin(fig, renderer):
                break
            _layout(fig)
        _apart(fig, renderer)
    finally:
        fig.set_dpi(own)
    return fig
