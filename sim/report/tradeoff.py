"""The trade-off picture of a sweep: what each setting costs and brings, and what common random numbers know.

Reporting only. Two panels side by side. On the left, each point's cost per year against its
mean grade, with its 95% interval as a cross, beside the yearly budget line. On the right, what
common random numbers know: every point's paired difference from the first point (the same
residents with the same luck, replication by replication), with its 95% interval, so a setting
that clearly costs more shows so even where the level crosses on the left overlap. Points of the
first parameter are joined in the order of its values; with a second parameter, each of its
values draws its own line. Each point is labelled with the parameter's words and value in the
reader's language ('ceiling pressed at 98% of the budget', 'plafond ingedrukt bij 98% van het
budget'). A `matplotlib.figure.Figure` made without pyplot, so the caller's backend is left
alone (see `sim.report.figures`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..study.metrics import MONEY
from ..policy.paths import Path
from .figures import STYLE, _Plain, _wrap
from .fitting import fit, point_label
from .labels import label
from .numbers import general
from .plots import COLOURS, coincide
from .scales import scale, scales

WORDS = {
    "levels": {"en": "Each setting: mean with 95% interval", "nl": "Elke instelling: gemiddelde met 95%-interval"},
    "points": {"en": "points", "nl": "punten"},
    "beside": {"en": "the value beside each point", "nl": "de waarde naast elk punt"},
    "paired": {"en": "Difference from the first setting ({first}), paired",
               "nl": "Verschil met de eerste instelling ({first}), gepaard"},
    "d_cost": {"en": "Difference in spending per year (EUR million)", "nl": "Verschil in uitgaven per jaar (miljoen euro)"},
    "d_grade": {"en": "Difference in mean grade", "nl": "Verschil in gemiddeld cijfer"},
    "budget": {"en": "dashed: the budget per year", "nl": "streepjeslijn: het budget per jaar"},
    "budgets": {"en": "grey bar: each setting's budget per year", "nl": "grijs streepje: budget per jaar van elke instelling"},
    "note": {"en": "Crosses: 95% interval over {n} replications. Every setting meets the same residents with the same "
                   "luck.",
             "nl": "Kruisen: 95%-interval over {n} herhalingen. Elke instelling ontmoet dezelfde inwoners met hetzelfde "
                   "toeval."},
    "precise_all": {"en": "So the differences on the right are known more precisely than the levels on the left.",
                    "nl": "Daardoor zijn de verschillen rechts preciezer bekend dan de niveaus links."},
    "precise_some": {"en": "So the differences on the right are known more precisely than the levels on the left at "
                           "{yes}; at {no} they are not.",
                     "nl": "Daardoor zijn de verschillen rechts preciezer bekend dan de niveaus links bij {yes}; bij "
                           "{no} niet."},
    "and": {"en": "and", "nl": "en"},
    "precise_none": {"en": "Even so, the differences on the right are not known more precisely than the levels on the "
                           "left here.",
                     "nl": "Toch zijn de verschillen rechts hier niet preciezer bekend dan de niveaus links."},
}


def parameter_words(scenario, path: str, value: Any, lang: str = "en") -> str:
    """A swept parameter and its value as a reader says it, with a decimal comma in Dutch: the path's
    own words (`sim.policy.paths.Path.words`), its number written by the report's display rule."""
    return Path.parse(path).words(lang, scenario, value, number=general)


def value_words(scenario, path: str, value: Any, lang: str = "en") -> str:
    """One point's value as its label beside the point ('98%' for a share of the budget): short, so
    labels do not run into each other or off the picture; the parameter is named once, in the
    panel's title (`parameter_words` with '...')."""
    number_ = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number_ and Path.parse(path).budget_share(scenario):
        return f"{general(100 * float(value), lang)}%"
    return general(value, lang) if number_ else str(value)


def _budget(sw, ax, lang: str) -> list:
    """The yearly budget of every point as a vertical line (one dashed line where they coincide); its legend key."""
    years = sw.comparison.years
    per_year = [MONEY.shown(float(a.summary["allocation"].mean()) / years) for a in sw.comparison.arms]
    if coincide([np.array([b]) for b in per_year]):
        ax.axvline(per_year[0], color="0.25", ls="--", lw=1.4)
        return [Line2D([], [], color="0.25", ls="--", lw=1.4, label=WORDS["budget"][lang])]
    grades = sw.table["mean_satisfaction"]
    ax.plot(per_year, grades, ls="none", marker="|", ms=16, mew=2, color="0.45")
    return [Line2D([], [], ls="none", marker="|", ms=16, mew=2, color="0.45", label=WORDS["budgets"][lang])]


def _groups(sw) -> list[tuple[Any, Any]]:
    t = sw.table
    second = sw.parameters[1] if len(sw.parameters) > 1 else None
    return [(None, t)] if second is None else list(t.groupby(second, sort=False))


def _crosses(ax, sw, x: str, y: str, per_x: float, lang: str, labelled: bool) -> None:
    """One line of markers per value of the second parameter, each point with its 95% interval as a cross."""
    first, second = sw.parameters[0], (sw.parameters[1] if len(sw.parameters) > 1 else None)
    scenario = sw.comparison.arms[0].scenario
    for k, (value, g) in enumerate(_groups(sw)):
        gx, gy = g[x] / per_x, g[y]
        xerr = [np.maximum(gx - g[f"{x}_low"] / per_x, 0), np.maximum(g[f"{x}_high"] / per_x - gx, 0)]
        yerr = [np.maximum(gy - g[f"{y}_low"], 0), np.maximum(g[f"{y}_high"] - gy, 0)]
        name = None if second is None else parameter_words(scenario, second, value, lang)
        ax.errorbar(gx, gy, xerr=xerr, yerr=yerr, color=COLOURS[k % len(COLOURS)], marker="o", ms=7, lw=1.8,
                    capsize=4, label=name if labelled else None)
        for i, (xi, yi, v) in enumerate(zip(gx, gy, g[first]), start=k):  # above and below in turn: neighbours apart
            point_label(ax, value_words(scenario, first, v, lang), (xi, yi), (7, 7 if i % 2 == 0 else -7),
                        fontsize=10.5, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
            # legible over lines; `fit` moves a label that would cover a neighbour to a free side


PLOTTED = ("cost_per_year", "mean_satisfaction")  # the metrics whose levels and differences the picture shows


def precise_points(sw) -> list[bool] | None:
    """Per point after the first: whether both its paired differences from the first point have a
    narrower 95% interval than its own levels (cost per year and mean grade). None when an interval
    is missing (one replication), so nothing is claimed.

    Common random numbers usually make a difference better known than a level, but not always: where
    a setting changes who is helped, the two runs' luck parts ways and the difference's interval can
    be the wider one. So the caption says it only where this result shows it.
    """
    out = []
    for r in sw.table.iloc[1:].to_dict("records"):
        widths = [(r[f"{m}_difference_high"] - r[f"{m}_difference_low"], r[f"{m}_high"] - r[f"{m}_low"]) for m in PLOTTED]
        if any(np.isnan(w) for pair in widths for w in pair):
            return None
        out.append(all(d < level for d, level in widths))
    return out


def _point_words(sw, r: dict, lang: str) -> str:
    """A point as its label says it ('98%'), with the second parameter's words where there is one."""
    scenario = sw.comparison.arms[0].scenario
    first = value_words(scenario, sw.parameters[0], r[sw.parameters[0]], lang)
    if len(sw.parameters) < 2:
        return first
    return f"{first} ({parameter_words(scenario, sw.parameters[1], r[sw.parameters[1]], lang)})"


def precision_note(sw, lang: str = "en") -> str:
    """The caption: what the crosses are, and whether the differences are known more precisely than the
    levels, at every point, at some (named) or at none, as this result's intervals say (`precise_points`)."""
    note = WORDS["note"][lang].format(n=sw.comparison.replications)
    precise = precise_points(sw)
    if not precise:  # no intervals, or only the first point
        return note
    if all(precise) or not any(precise):
        return f"{note} {WORDS['precise_all' if all(precise) else 'precise_none'][lang]}"
    rows = sw.table.iloc[1:].to_dict("records")
    joined = f" {WORDS['and'][lang]} "  # not a comma: a Dutch value has one ('1,02')
    yes = joined.join(_point_words(sw, r, lang) for r, p in zip(rows, precise) if p)
    no = joined.join(_point_words(sw, r, lang) for r, p in zip(rows, precise) if not p)
    return f"{note} {WORDS['precise_some'][lang].format(yes=yes, no=no)}"


def tradeoff_curve(sw, lang: str = "en") -> Figure:
    """Levels beside the budget line on the left, paired differences from the first point on the right."""
    with rc_context(STYLE):
        fig = Figure(figsize=(15.0, 6.8), layout="constrained")
        left, right = fig.subplots(1, 2)
        _crosses(left, sw, "cost_per_year", "mean_satisfaction", MONEY.per, lang, labelled=True)
        extra = _budget(sw, left, lang)
        t = sw.table
        budgets = [float(a.summary["allocation"].mean()) / sw.comparison.years for a in sw.comparison.arms]
        scale([MONEY.shown(v) for v in [*t["cost_per_year_low"], *t["cost_per_year_high"], *budgets]], 0.0).on(left, "x")
        # The grade's range of this result, as in every picture of it (sim.report.scales).
        scales(sw.comparison.arms, sw.comparison.years)["mean_satisfaction"].on(left)
        left.set_xlabel(label("cost_per_year_m", lang))
        left.set_ylabel(label("grade", lang))
        scenario = sw.comparison.arms[0].scenario
        points = parameter_words(scenario, sw.parameters[0], WORDS["beside"][lang], lang)  # its values at the points
        left.set_title(f"{WORDS['levels'][lang]}; {WORDS['points'][lang]}: {points}", color="0.25")  # fit wraps it
        _crosses(right, sw, "cost_per_year_difference", "mean_satisfaction_difference", MONEY.per, lang,
                 labelled=False)
        right.axhline(0, color="0.4", lw=0.9)
        right.axvline(0, color="0.4", lw=0.9)
        dx = list(MONEY.shown(t["cost_per_year_difference_low"])) + list(MONEY.shown(t["cost_per_year_difference_high"]))
        scale(dx + [0.0]).on(right, "x")
        scale(list(t["mean_satisfaction_difference_low"]) + list(t["mean_satisfaction_difference_high"]) + [0.0]).on(right)
        right.set_xlabel(WORDS["d_cost"][lang])
        right.set_ylabel(WORDS["d_grade"][lang])
        first = parameter_words(sw.comparison.arms[0].scenario, sw.parameters[0], sw.points[0][sw.parameters[0]], lang)
        right.set_title(WORDS["paired"][lang].format(first=first), color="0.25")
        for ax in (left, right):
            ax.xaxis.set_major_formatter(_Plain(lang))
            ax.yaxis.set_major_formatter(_Plain(lang))
        fig.suptitle(label("tradeoff_title", lang), fontsize=15, fontweight="bold")
        handles, names = left.get_legend_handles_labels()
        fig.legend(handles + extra, names + [h.get_label() for h in extra], loc="outside lower center", frameon=False,
                   ncols=2, title=_wrap(precision_note(sw, lang), 120),
                   title_fontsize=10.5)
        return fit(fig)  # titles wrapped to their panel, the point labels apart
