"""The trade-off curve of a sweep: cost per year against the mean grade, one point per setting.

Reporting only. Points of the first parameter are joined in the order of its values; with a
second parameter, each of its values draws its own line, so a council sees which way the curve
bends and where a setting buys little satisfaction for much money. A `matplotlib.figure.Figure`
made without pyplot, so the caller's backend is left alone (see `sim.report.figures`).
"""

from __future__ import annotations

from matplotlib.figure import Figure

from .labels import label
from .plots import COLOURS


def tradeoff_curve(sw, lang: str = "en") -> Figure:
    """One marker per point with its 95% interval as a cross, labelled with its parameter value(s)."""
    t = sw.table
    first, second = sw.parameters[0], (sw.parameters[1] if len(sw.parameters) > 1 else None)
    groups = [(None, t)] if second is None else list(t.groupby(second, sort=False))
    fig = Figure(figsize=(8, 5.5))
    ax = fig.subplots()
    for k, (value, g) in enumerate(groups):
        colour = COLOURS[k % len(COLOURS)]
        x, y = g["cost_per_year"] / 1e6, g["mean_satisfaction"]
        xerr = [(g["cost_per_year"] - g["cost_per_year_low"]) / 1e6, (g["cost_per_year_high"] - g["cost_per_year"]) / 1e6]
        yerr = [g["mean_satisfaction"] - g["mean_satisfaction_low"], g["mean_satisfaction_high"] - g["mean_satisfaction"]]
        name = None if second is None else f"{second.split('.')[-1]} = {value}"
        ax.errorbar(x, y, xerr=xerr, yerr=yerr, color=colour, marker="o", lw=1.5, capsize=3, label=name)
        for xi, yi, v in zip(x, y, g[first]):
            ax.annotate(f"{first.split('.')[-1]} {v}", (xi, yi), textcoords="offset points", xytext=(6, 6), fontsize=8)
    ax.set_xlabel(label("cost_per_year_m", lang))
    ax.set_ylabel(label("grade", lang))
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)
    ax.set_title(f"{label('tradeoff_title', lang)}\n({label('interval_note', lang, n=sw.comparison.replications)})",
                 fontsize=11)
    ax.grid(alpha=0.3)
    if second is not None:
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
