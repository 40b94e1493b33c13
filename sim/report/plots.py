"""Pictures a council member can read: the cost curve and the satisfaction curve.

Each takes one or more Results (one per scenario) and draws the median over replications with a
5-95% band. Reporting only: nothing here changes a number. Each is a `matplotlib.figure.Figure`
made without pyplot, so the caller's backend is left alone (see `sim.report.figures`).
"""

from __future__ import annotations

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D

from ..model.outcome import SATISFIED_GRADE
from ..study.metrics import MONEY
from .fitting import fit
from ..policy.calendar import month_at, months
from .labels import band, budget_label, label
from .scales import band_values, scales

# The colour cycle at import: scenario k has the same colour in every picture.
COLOURS = rcParams["axes.prop_cycle"].by_key()["color"]


def _band(ax, x, table, column, colour, name):
    lo, mid, hi, n = band_values(table, column)
    ax.plot(x, mid, color=colour, lw=2, label=name)
    if n > 1:
        ax.fill_between(x, lo, hi, color=colour, alpha=0.2, lw=0)
    return mid


def _pressed_spans(result, replication: int | None = None, button: str | None = None) -> list[tuple[float, float]]:
    """Months during which any button (or only `button`) was pressed in one replication, by default
    the first with events (a press without release runs to the end).

    `result` is anything with `events` and `scenario`: a Result, or an Arm of a comparison.
    """
    ev = result.events
    if ev.empty:
        return []
    if button is not None:
        ev = ev[ev["button"] == button]
    rep = ev["replication"].min() if replication is None else replication
    ev = ev[ev["replication"] == rep].sort_values("day", kind="stable")
    end = months(result.scenario.run.horizon_years)
    spans, pressed, since = [], 0, 0.0
    for day, kind in zip(ev["day"], ev["kind"]):
        month = month_at(day)
        if kind == "press":
            if pressed == 0:
                since = month
            pressed += 1
        else:
            pressed -= 1
            if pressed == 0:
                spans.append((since, month))
    if pressed > 0:
        spans.append((since, end))
    return spans


def _budgets_with_money(result) -> list[str]:
    ts = result.timeseries
    spent = ts[ts["budget"] != "total"].groupby("budget")["spent_to_date"].max()
    alloc = ts[ts["budget"] != "total"].groupby("budget")["allocation_to_date"].max()
    return [b for b in dict.fromkeys(ts["budget"]) if b != "total" and (spent.get(b, 0) > 0 or alloc.get(b, 0) > 0)]


class Labelled(tuple):
    """Legend handles drawn side by side (registered with HandlerTuple below) that carry one label."""

    def __new__(cls, handles, text: str):
        out = super().__new__(cls, handles)
        out.text = text
        return out

    def get_label(self) -> str:
        return self.text


# Side by side, not on top of each other (HandlerTuple's default): only for this class, so no other legend changes.
Legend.update_default_handler_map({Labelled: HandlerTuple(ndivide=None, pad=0.4)})


def coincide(lines: list[np.ndarray]) -> bool:
    """Whether every line lies on the first one (within a line's width: 0.2% of the highest value)."""
    top = max((float(np.nanmax(y)) for y in lines if len(y)), default=0.0)
    return all(len(y) == len(lines[0]) and np.allclose(y, lines[0], rtol=0, atol=0.002 * top) for y in lines[1:])


def _budget_lines(ax, lines: list[tuple[int, np.ndarray, np.ndarray]], lang: str) -> Labelled | None:
    """The budget lines dashed: one black line when there is one result or every result's budget is the same
    (labelled on the axes), else each result's in its colour, and then the legend handle of those (returned)."""
    if not lines:
        return None
    if coincide([y for _, _, y in lines]):
        ax.plot(lines[0][1], lines[0][2], color="black", ls="--", lw=1, label=label("budget_line", lang))
        return None
    for k, x, y in lines:
        ax.plot(x, y, color=COLOURS[k % len(COLOURS)], ls="--", lw=1)
    handles = [Line2D([], [], color=COLOURS[k % len(COLOURS)], ls="--", lw=1) for k, _, _ in lines]
    return Labelled(handles, label("budget_line", lang))


def cost_curve(results: list, lang: str = "en", budgets: list[str] | None = None):
    """Cumulative spending per budget (and in total) against its allocation line, buttons marked."""
    first = results[0]
    panels = ["total"] + (budgets if budgets is not None else _budgets_with_money(first))
    if len(panels) == 2:  # one budget: the total says it all
        panels = ["total"]
    cols = min(3, len(panels))
    rows = -(-len(panels) // cols)
    fig = Figure(figsize=(max(8.0, 4.6 * cols), (4.2 if rows == 1 else 3.4) * rows))
    axes = fig.subplots(rows, cols, squeeze=False)
    extra: list = []  # the first panel's legend handles that are not an artist's label
    for ax, b in zip(axes.flat, panels):
        lines = []  # (k, months, budget line) of every result drawn in this panel
        for k, res in enumerate(results):
            ts = res.timeseries[res.timeseries["budget"] == b]
            if ts.empty:
                continue
            colour = COLOURS[k % len(COLOURS)]
            x = np.sort(ts["month"].unique()) + 1
            name = res.scenario.title(lang) if len(results) > 1 else label("spent", lang)
            scale = ts.assign(spent_to_date=MONEY.shown(ts["spent_to_date"]),
                              allocation_to_date=MONEY.shown(ts["allocation_to_date"]))
            _band(ax, x, scale, "spent_to_date", colour, name)
            lines.append((k, x, scale.groupby("month")["allocation_to_date"].median().sort_index().to_numpy()))
            for k_span, (on, off) in enumerate(_pressed_spans(res)):
                ax.axvspan(on, off, color=colour, alpha=0.12, lw=0,
                           label=label("press", lang) if k == 0 and k_span == 0 else None)
        own = _budget_lines(ax, lines, lang)
        if own is not None and ax is axes.flat[0]:
            extra.append(own)
        ax.set_title(budget_label(b, first.scenario, lang), fontsize=10)
        ax.set_xlabel(label("month", lang), fontsize=8)
        ax.set_ylabel(label("euros_m", lang), fontsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    handles, names = axes.flat[0].get_legend_handles_labels()
    axes.flat[0].legend(handles + extra, names + [h.get_label() for h in extra], fontsize=7, loc="upper left")
    n = first.replications
    fig.suptitle(f"{label('cost_title', lang)} ({band(n, lang)})", fontsize=11)
    return fit(fig)


def satisfaction_curve(results: list, lang: str = "en"):
    """Mean grade per month of cases closed in that month, with the band over replications."""
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    for k, res in enumerate(results):
        ts = res.timeseries[res.timeseries["budget"] == "total"]
        x = np.sort(ts["month"].unique()) + 1
        _band(ax, x, ts, "mean_satisfaction", COLOURS[k % len(COLOURS)], res.scenario.title(lang))
    ax.axhline(SATISFIED_GRADE, color="grey", ls=":", lw=1, label=label("satisfied_line", lang))
    ax.set_xlabel(label("month", lang))
    ax.set_ylabel(label("grade", lang))
    scales(results, results[0].scenario.run.horizon_years)["mean_satisfaction"].on(ax)  # as in a comparison's pictures
    ax.set_title(f"{label('sat_title', lang)} ({band(results[0].replications, lang)})", fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fit(fig)
