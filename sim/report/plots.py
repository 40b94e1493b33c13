"""Pictures a council member can read: the cost curve and the satisfaction curve.

Each takes one or more Results (one per scenario) and draws the median over replications with a
5-95% band. Reporting only: nothing here changes a number. Each is a `matplotlib.figure.Figure`
made without pyplot, so the caller's backend is left alone (see `sim.report.figures`).
"""

from __future__ import annotations

import warnings

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure

from .labels import budget_label, label

# The colour cycle at import: scenario k has the same colour in every picture.
COLOURS = rcParams["axes.prop_cycle"].by_key()["color"]


def _band(ax, x, table, column, colour, name):
    wide = table.pivot(index="month", columns="replication", values=column).sort_index()
    with warnings.catch_warnings():  # a month in which no case closed has no grade: a gap, not an error
        warnings.simplefilter("ignore", RuntimeWarning)
        lo, mid, hi = (np.nanpercentile(wide.to_numpy(), q, axis=1) for q in (5, 50, 95))
    ax.plot(x, mid, color=colour, lw=2, label=name)
    if wide.shape[1] > 1:
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
    end = 12 * result.scenario.run.horizon_years
    spans, pressed, since = [], 0, 0.0
    for day, kind in zip(ev["day"], ev["kind"]):
        month = day / (365 / 12)
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
    for ax, b in zip(axes.flat, panels):
        for k, res in enumerate(results):
            ts = res.timeseries[res.timeseries["budget"] == b]
            if ts.empty:
                continue
            colour = COLOURS[k % len(COLOURS)]
            x = np.sort(ts["month"].unique()) + 1
            name = res.scenario.title(lang) if len(results) > 1 else label("spent", lang)
            scale = ts.assign(spent_to_date=ts["spent_to_date"] / 1e6, allocation_to_date=ts["allocation_to_date"] / 1e6)
            _band(ax, x, scale, "spent_to_date", colour, name)
            line = scale.groupby("month")["allocation_to_date"].median().sort_index()
            ax.plot(x, line.to_numpy(), color=colour if len(results) > 1 else "black", ls="--", lw=1,
                    label=label("budget_line", lang) if k == 0 else None)
            for k_span, (on, off) in enumerate(_pressed_spans(res)):
                ax.axvspan(on, off, color=colour, alpha=0.12, lw=0,
                           label=label("press", lang) if k == 0 and k_span == 0 else None)
        ax.set_title(budget_label(b, first.scenario, lang), fontsize=10)
        ax.set_xlabel(label("month", lang), fontsize=8)
        ax.set_ylabel(label("euros_m", lang), fontsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="upper left")
    n = first.replications
    fig.suptitle(f"{label('cost_title', lang)} ({label('band', lang, n=n)})", fontsize=11)
    fig.tight_layout()
    return fig


def satisfaction_curve(results: list, lang: str = "en"):
    """Mean grade per month of cases closed in that month, with the band over replications."""
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    for k, res in enumerate(results):
        ts = res.timeseries[res.timeseries["budget"] == "total"]
        x = np.sort(ts["month"].unique()) + 1
        _band(ax, x, ts, "mean_satisfaction", COLOURS[k % len(COLOURS)], res.scenario.title(lang))
    ax.axhline(7.0, color="grey", ls=":", lw=1, label=label("satisfied_line", lang))
    ax.set_xlabel(label("month", lang))
    ax.set_ylabel(label("grade", lang))
    ax.set_title(f"{label('sat_title', lang)} ({label('band', lang, n=results[0].replications)})", fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
