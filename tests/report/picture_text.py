"""The one check that a picture's words can be read: every text inside the picture, no two on top of each other.

A title that runs off the right edge or two point labels printed over each other are only seen
when the picture is drawn, so the check draws it: the figure is rendered once with its own
renderer (Agg, at the resolution it is saved at), and every text matplotlib actually draws is
recorded with its extent in pixels at that moment. Recording at draw time, instead of walking
`fig.findobj(Text)`, leaves out what is not on the picture: tick labels outside the axis' range,
the texts of a hidden panel, empty strings. Every kind of text is covered the same way: titles,
suptitles, axis labels, tick labels (of one axis against each other too), annotations, legend
texts and titles, a colour bar's label.

A text that ends in an ellipsis is an offender too: a title shortened with "..." has lost what it
said (wrap it instead), and a reader cannot tell an ellipsis meant as a placeholder from one.

`problems(fig)` returns one line per offender (which text, where it lies, what it overlaps), so a
failing test says what to fix; an empty list means the picture's words are all readable.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

TOLERANCE = 1.0  # pixels: anti-aliasing and rounding, not a visible cut or overlap


@contextlib.contextmanager
def _recording(drawn: list[tuple[Text, Bbox]]) -> Iterator[None]:
    """While drawing, note every text that is drawn and non-empty, with its extent as drawn."""
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            drawn.append((self, self.get_window_extent(renderer).frozen()))

    Text.draw = draw
    try:
        yield
    finally:
        Text.draw = original


def drawn_texts(fig: Figure, dpi: float | None = None) -> tuple[list[tuple[Text, Bbox]], Bbox]:
    """The texts drawn on `fig` (at `dpi`, else the figure's own) with their extents, and the figure's box."""
    if dpi is not None:
        fig.set_dpi(dpi)
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # a renderer that measures text, without pyplot
    drawn: list[tuple[Text, Bbox]] = []
    with _recording(drawn):
        fig.canvas.draw()
    return drawn, fig.bbox


def _name(t: Text) -> str:
    return repr(t.get_text().replace("\n", " ")[:70])


def _shrunk(box: Bbox, by: float) -> Bbox:
    return Bbox.from_extents(box.x0 + by, box.y0 + by, box.x1 - by, box.y1 - by)


def problems(fig: Figure, dpi: float | None = None) -> list[str]:
    """Every text of `fig` that lies partly outside the picture, and every pair of texts that overlap."""
    drawn, frame = drawn_texts(fig, dpi)
    out = []
    for t, box in drawn:
        if (box.x0 < frame.x0 - TOLERANCE or box.y0 < frame.y0 - TOLERANCE
                or box.x1 > frame.x1 + TOLERANCE or box.y1 > frame.y1 + TOLERANCE):
            out.append(f"{_name(t)} is cut off: it spans x {box.x0:.0f}-{box.x1:.0f}, y {box.y0:.0f}-{box.y1:.0f} "
                       f"of a picture {frame.width:.0f} x {frame.height:.0f} pixels")
    for t, _ in drawn:
        if t.get_text().rstrip().endswith(("\u2026", "...")):
            out.append(f"{_name(t)} ends in an ellipsis: say it whole, wrapped if it is long")
    boxes = [(t, _shrunk(box, TOLERANCE / 2)) for t, box in drawn]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            if a is not b and box_a.overlaps(box_b):
                out.append(f"{_name(a)} overlaps {_name(b)}")
    return out
