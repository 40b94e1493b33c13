"""Pictures of a comparison: every scenario overlaid, each with its spread over replications.

Each picture is a function `(c: Comparison, lang) -> Figure`; FIGURES names the files
`ontschot compare` writes them to. The curves on one axes (`draw_cost`, `draw_satisfaction`) are
shared with the one-page brief. A council member must be able to read them printed: large fonts,
money in EUR million, no powers of ten, the scenario legend under the picture and the number of
replications behind every band or interval said on the picture. Reporting only: nothing here
changes a number.

Every picture is a `matplotlib.figure.Figure` made without pyplot: importing or drawing one
never switches the caller's matplotlib backend (a notebook keeps its own), and `Figure.savefig`
renders PNG and PDF without one. A notebook shows a figure through `sim.workshop.panels.show`.
"""

from __future__ import annotations

import functools
import io
import math
import textwrap
from typing import TYPE_CHECKING, Callable

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MultipleLocator, PercentFormatter, ScalarFormatter

from .fitting import fit
from ..policy import calendar
from .labels import band, label, part_label
from .metric_words import display
from .numbers import localise, number
from .plots import COLOURS, Labelled, _band, _pressed_spans, coincide
from .scales import scales
from ..model.outcome import SATISFIED_GRADE
from ..study.metrics import MONEY, metric
from ..study.stats import level

if TYPE_CHECKING:
    from ..study.compare import Arm, Comparison

# Sizes a printed page or a projector in a council room can carry.
STYLE = {"font.size": 12, "axes.titlesize": 12, "axes.labelsize": 12.5, "xtick.labelsize": 11.5,
         "ytick.labelsize": 11.5, "legend.fontsize": 11.5, "axes.grid": True, "grid.alpha": 0.3}
WIDE = (10.0, 6.2)


class _Plain(ScalarFormatter):
    """Tick labels without an offset or a power of ten, with a decimal comma in Dutch."""

    def __init__(self, lang: str):
        super().__init__(useOffset=False)
        self.set_scientific(False)
        self.lang = lang

    def __call__(self, x, pos=None):
        return localise(super().__call__(x, pos), self.lang)


def _plain(ax, lang: str, x: bool = True, y: bool = True) -> None:
    if x:
        ax.xaxis.set_major_formatter(_Plain(lang))
    if y:
        ax.yaxis.set_major_formatter(_Plain(lang))


def _colour(k: int) -> str:
    return COLOURS[k % len(COLOURS)]


def _wrap(text: str, width: int = 34) -> str:
    return textwrap.fill(text, width)


def _styled(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw under STYLE, so every text of the picture gets the large sizes, and fit its words to it
    (`sim.report.fitting`: a long title wraps, colliding labels move apart)."""

    @functools.wraps(draw)
    def wrapper(c: Comparison, lang: str = "en") -> Figure:
        with rc_context(STYLE):
            return fit(draw(c, lang))

    return wrapper


def _new(size: tuple[float, float] = WIDE):
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.subplots()


def _finish(fig: Figure, ax, title: str, note: str, extra: list | None = None) -> Figure:
    """Title above, the replications note under it, the scenario legend below the picture."""
    fig.suptitle(title, fontsize=15, fontweight="bold")
    ax.set_title(note, color="0.25")
    handles, labels = ax.get_legend_handles_labels()
    for h in extra or []:
        handles.append(h)
        labels.append(h.get_label())
    if handles:
        fig.legend(handles, labels, loc="outside lower center", ncols=1, frameon=False)
    return fig


def _months_axis(ax, c: Comparison, lang: str) -> None:
    """Months on x, a tick every half year (every year over a long run), a faint line at each year's end."""
    ax.set_xlim(0, calendar.months(c.years))
    year = calendar.MONTHS_PER_YEAR
    ax.xaxis.set_major_locator(MultipleLocator(year // 2 if c.years <= 4 else year))
    for y in range(1, c.years):
        ax.axvline(calendar.months(y), color="0.6", lw=0.8, zorder=0)
    ax.set_xlabel(label("month", lang))


# Words of the pictures' legends and notes that the shared labels do not have.
WORDS = {
    "one_budget": {"en": "dashed: the budget, the same in every scenario", "nl": "streepjeslijn: het budget, in elk scenario gelijk"},
    "own_budgets": {"en": "dashed, in each scenario's colour: its budget", "nl": "streepjeslijn in de kleur van elk scenario: zijn budget"},
    # Investigated (issue 13): no artefact. A projected_share button reads this year's spending plus today's daily
    # rate of the care in force to the year's end; on 1 January that care is the steady state under the settings
    # before the term (run.history), and where its rate alone already exceeds the new year's budget (the capped
    # Eindhoven scenario: 5% over in year 1 without buttons) the button is pressed in the first hours.
    "early_press": {"en": "A button can be pressed on 1 January: it reads the year's projected spending, and the care "
                          "already running that day, carried over from before the term, can by itself project the "
                          "year above its budget.",
                    "nl": "Een knop kan op 1 januari ingedrukt worden: hij leest de verwachte uitgaven van het jaar, en "
                          "de zorg die die dag al loopt, meegenomen van vóór de raadsperiode, kan op zichzelf het jaar "
                          "al boven het budget doen uitkomen."},
    "cut_at_zero": {"en": " (never below 0: a deficit cannot be negative)", "nl": " (nooit onder 0: een tekort kan niet negatief zijn)"},
}


def _budget_lines(c: Comparison) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per arm, the months and the median cumulative budget (EUR million) of all budgets together."""
    out = []
    for arm in c.arms:
        ts = arm.timeseries[arm.timeseries["budget"] == "total"]
        line = MONEY.shown(ts.groupby("month")["allocation_to_date"].median().sort_index())
        out.append((line.index.to_numpy() + 1, line.to_numpy(float)))
    return out


def draw_cost(ax, c: Comparison, lang: str = "en") -> list:
    """Cumulative spending of all budgets per scenario, 5-95% band, and the budget lines dashed.

    Where every scenario has the same budget, one dark dashed line is drawn for all; otherwise
    each scenario's own in its colour. Returns the legend handle of exactly what was drawn: one
    dark dash, or the scenarios' coloured dashes side by side.
    """
    lines = _budget_lines(c)
    drawn = [k for k, arm in enumerate(c.arms) if not arm.timeseries[arm.timeseries["budget"] == "total"].empty]
    for k in drawn:
        arm = c.arms[k]
        ts = arm.timeseries[arm.timeseries["budget"] == "total"]
        m = ts.assign(spent_to_date=MONEY.shown(ts["spent_to_date"]))
        _band(ax, np.sort(m["month"].unique()) + 1, m, "spent_to_date", _colour(k), arm.title(lang))
    one = coincide([lines[k][1] for k in drawn]) if drawn else True
    for k in drawn[:1] if one else drawn:
        ax.plot(*lines[k], color="0.25" if one else _colour(k), ls="--", lw=1.4, label="_budget")
    _months_axis(ax, c, lang)
    ax.set_ylabel(label("euros_m", lang))
    scales(c.arms, c.years)["spent"].on(ax)
    _plain(ax, lang)
    if not drawn:
        return []
    if one:
        return [Line2D([], [], color="0.25", ls="--", lw=1.4, label=WORDS["one_budget"][lang])]
    handle = tuple(Line2D([], [], color=_colour(k), ls="--", lw=1.4) for k in drawn)
    return [Labelled(handle, WORDS["own_budgets"][lang])]


def draw_satisfaction(ax, c: Comparison, lang: str = "en") -> None:
    """Mean grade per month of help that ended in that month, 5-95% band, and the grade-7 line."""
    for k, arm in enumerate(c.arms):
        ts = arm.timeseries[arm.timeseries["budget"] == "total"]
        if ts.empty:
            continue
        _band(ax, np.sort(ts["month"].unique()) + 1, ts, "mean_satisfaction", _colour(k), arm.title(lang))
    ax.axhline(SATISFIED_GRADE, color="0.3", ls=":", lw=1.4, label=label("satisfied_line", lang))
    _months_axis(ax, c, lang)
    ax.set_ylabel(label("grade", lang))
    scales(c.arms, c.years)["mean_satisfaction"].on(ax)
    _plain(ax, lang)


@_styled
def cost_curves(c: Comparison, lang: str = "en") -> Figure:
    fig, ax = _new()
    extra = draw_cost(ax, c, lang)
    return _finish(fig, ax, label("f_cost_title", lang), band(c.replications, lang), extra)


@_styled
def satisfaction_curves(c: Comparison, lang: str = "en") -> Figure:
    fig, ax = _new()
    draw_satisfaction(ax, c, lang)
    return _finish(fig, ax, label("sat_title", lang), band(c.replications, lang))


def _errors(mean: float, low: float, high: float) -> list[list[float]]:
    """Error-bar lengths below and above; none (0) where the interval is unknown (one replication)."""
    if math.isnan(low):
        return [[0.0], [0.0]]
    return [[max(mean - low, 0.0)], [max(high - mean, 0.0)]]


@_styled
def deficit_per_year(c: Comparison, lang: str = "en") -> Figure:
    """Grouped bars: per budget year, each scenario's mean deficit with its 95% interval, never below 0."""
    fig, ax = _new()
    years = range(1, c.years + 1)
    width = 0.8 / len(c.arms)
    for k, arm in enumerate(c.arms):
        stats = [level(display(f"deficit_y{y}").shown(arm.summary[f"deficit_y{y}"].to_numpy(float)), metric("deficit"))
                 for y in years]  # in EUR million, by the metric's one display rule
        errs = np.hstack([_errors(*s) for s in stats])
        x = np.arange(len(stats)) + (k - (len(c.arms) - 1) / 2) * width
        ax.bar(x, [s[0] for s in stats], width * 0.92, yerr=errs, capsize=5, color=_colour(k), label=arm.title(lang),
               error_kw={"elinewidth": 1.5, "ecolor": "0.15"})
        for xi, s in zip(x, stats):
            if s[0] == 0:  # a bar of height 0 is invisible: say it
                ax.annotate("0", (xi, 0), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                            color=_colour(k), fontweight="bold")
    ax.set_xticks(np.arange(len(years)), [label("f_year", lang, y=y) for y in years])
    ax.set_xlabel(label("f_budget_year", lang))
    ax.set_ylabel(label("euros_m", lang))
    ax.grid(axis="x", visible=False)
    scales(c.arms, c.years)["deficit"].on(ax)
    ax.axhline(0, color="black", lw=0.8)
    _plain(ax, lang, x=False)
    note = label("f_interval", lang, n=c.replications) + WORDS["cut_at_zero"][lang]
    return _finish(fig, ax, label("f_deficit_title", lang), note)


def button_names(arm: Arm) -> list[str]:
    """The scenario's buttons, then any other button that left an event, in order."""
    seen = [b.name for b in arm.scenario.buttons]
    if not arm.events.empty:
        seen += list(arm.events["button"].astype(str))
    return list(dict.fromkeys(seen))


def pressed_share(arm: Arm, button: str, months: int) -> np.ndarray:
    """Per month, the share of replications in which `button` was pressed at some moment of that month."""
    reps = arm.summary["replication"].unique()
    m = np.arange(months)
    hits = np.zeros(months)
    for rep in reps:
        pressed = np.zeros(months, dtype=bool)
        for on, off in _pressed_spans(arm, rep, button):
            pressed |= ((m < off) & (m + 1 > on)) | ((m <= on) & (on < m + 1))  # an instant counts too
        hits += pressed
    return hits / max(len(reps), 1)


@_styled
def button_timeline(c: Comparison, lang: str = "en") -> Figure:
    """One row per scenario and button: per month, how often (over replications) it was pressed."""
    months = calendar.months(c.years)
    rows = []  # (arm index, button name or None)
    for k, arm in enumerate(c.arms):
        rows += [(k, b) for b in button_names(arm)] or [(k, None)]
    share = np.full((len(rows), months), np.nan)
    for i, (k, b) in enumerate(rows):
        if b is not None:
            share[i] = pressed_share(c.arms[k], b, months)
    fig, ax = _new((WIDE[0], 2.6 + 0.9 * len(rows)))
    mesh = ax.pcolormesh(np.arange(months + 1), np.arange(len(rows) + 1), np.ma.masked_invalid(share),
                         cmap="Reds", vmin=0, vmax=1, edgecolors="white", linewidth=0.6)
    for i, (k, b) in enumerate(rows):
        note = label("f_no_button", lang) if b is None else (
            label("f_never_pressed", lang, n=c.replications) if not share[i].any() else None)
        if note:
            ax.text(months / 2, i + 0.5, note, ha="center", va="center", style="italic", color="0.2")
    names = [_wrap(c.arms[k].title(lang), 30) + ("" if b is None else "\n" + part_label("buttons", b, c.arms[k].scenario, lang).replace("_", " "))
             for k, b in rows]
    ax.set_yticks(np.arange(len(rows)) + 0.5, names)
    for i in range(1, len(rows)):
        if rows[i][0] != rows[i - 1][0]:  # a firm line between scenarios
            ax.axhline(i, color="0.2", lw=1.2)
    ax.set_ylim(len(rows), 0)
    ax.grid(False)
    _months_axis(ax, c, lang)
    for line in ax.lines:  # the year lines over the colours
        line.set_zorder(3)
    cbar = fig.colorbar(mesh, ax=ax, location="bottom", shrink=0.6, aspect=40, format=PercentFormatter(1.0, decimals=0))
    cbar.set_label(label("f_buttons_share", lang, n=c.replications))
    fig.suptitle(label("f_buttons_title", lang), fontsize=15, fontweight="bold")
    if pressed_in_january(c):
        ax.set_title(_wrap(WORDS["early_press"][lang], 95), color="0.25", fontsize=11)
    return fig


def pressed_in_january(c: Comparison) -> bool:
    """Whether any button of any scenario was pressed in the term's first month, in any replication."""
    return any(not a.events.empty and bool(((a.events["kind"] == "press") & (a.events["day"] < 31)).any())
               for a in c.arms)


WAIT = display("p90_wait_days")  # a resident's wait is shown as the table's waits are: in weeks


@_styled
def wait_distribution(c: Comparison, lang: str = "en") -> Figure:
    """Per scenario, the share of residents helped within x weeks (the tables keep days); dots at the median and the
    90th percentile."""
    fig, ax = _new()
    q = np.linspace(0.0, 1.0, 401)  # the curve at 401 quantiles: light whatever the number of residents
    right = 0.0
    for k, arm in enumerate(c.arms):
        w = WAIT.shown(arm.waits["wait_days"].to_numpy(float))  # in weeks, as the tables show a wait
        w = np.clip(w[~np.isnan(w)], 0.0, None)
        if len(w) == 0:
            continue
        med, p90, p99 = np.quantile(w, [0.5, 0.9, 0.99])
        name = label("f_wait_legend", lang, name=arm.title(lang), med=number(med, WAIT.digits, lang),
                     p90=number(p90, WAIT.digits, lang))
        ax.plot(np.quantile(w, q), q, color=_colour(k), lw=2.4, label=name)
        ax.plot([med, p90], [0.5, 0.9], ls="none", marker="o", ms=9, color=_colour(k), mec="white", zorder=3)
        right = max(right, p99)
    for share in (0.5, 0.9):
        ax.axhline(share, color="0.5", ls=":", lw=1)
    right = 1.1 * right if right > 0 else 1.0
    ax.set_xlim(-0.01 * right, right)  # the dot of a median of 0 days stays in sight
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.xaxis.set_major_formatter(_Plain(lang))
    ax.set_xlabel(label("f_wait_x", lang))
    ax.set_ylabel(label("f_wait_y", lang))
    return _finish(fig, ax, label("f_wait_title", lang), label("f_wait_note", lang, n=c.replications))


@_styled
def cost_vs_satisfaction(c: Comparison, lang: str = "en") -> Figure:
    """Each replication a dot; each scenario's mean with its 95% interval as a cross."""
    fig, ax = _new()
    for k, arm in enumerate(c.arms):
        x = display("cost_per_year").shown(arm.summary["cost_per_year"].to_numpy(float))
        y = arm.summary["mean_satisfaction"].to_numpy(float)
        ax.scatter(x, y, s=40, color=_colour(k), alpha=0.45, edgecolors="none")
        (mx, *ix), (my, *iy) = level(x, metric("cost_per_year")), level(y, metric("mean_satisfaction"))
        ax.errorbar([mx], [my], xerr=_errors(mx, *ix), yerr=_errors(my, *iy), fmt="D", ms=10, color=_colour(k),
                    mec="black", capsize=7, elinewidth=2, label=arm.title(lang))
    ax.set_xlabel(label("f_cost_year", lang))
    ax.set_ylabel(label("grade", lang))
    axes = scales(c.arms, c.years)
    axes["cost_per_year"].on(ax, "x")
    axes["mean_satisfaction"].on(ax, "y")
    _plain(ax, lang)
    return _finish(fig, ax, label("f_plane_title", lang), label("f_plane_note", lang, n=c.replications))


@_styled
def acceptability_curve(c: Comparison, lang: str = "en") -> Figure:
    """The chance each scenario is best, against what a council would pay per grade point a year."""
    from ..study.compare import acceptability

    fig, ax = _new()
    table = acceptability(c)
    for k, arm in enumerate(c.arms):
        d = table[table["scenario"] == arm.label].sort_values("euros_per_point")
        ax.plot(MONEY.shown(d["euros_per_point"]), d["probability"], color=_colour(k), lw=2.6, label=arm.title(lang))
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlim(left=0)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.xaxis.set_major_formatter(_Plain(lang))
    ax.set_xlabel(label("f_accept_x", lang))
    ax.set_ylabel(label("f_accept_y", lang))
    return _finish(fig, ax, label("f_accept_title", lang), label("f_accept_note", lang, n=c.replications))


FIGURES: dict[str, Callable[..., Figure]] = {
    "cost_curves.png": cost_curves,
    "satisfaction_curves.png": satisfaction_curves,
    "deficit_per_year.png": deficit_per_year,
    "button_timeline.png": button_timeline,
    "wait_distribution.png": wait_distribution,
    "cost_vs_satisfaction.png": cost_vs_satisfaction,
    "acceptability.png": acceptability_curve,
}

# Each picture's title (a LABELS key), for captions and alternative text elsewhere.
TITLES = {"cost_curves.png": "f_cost_title", "satisfaction_curves.png": "sat_title",
          "deficit_per_year.png": "f_deficit_title", "button_timeline.png": "f_buttons_title",
          "wait_distribution.png": "f_wait_title", "cost_vs_satisfaction.png": "f_plane_title",
          "acceptability.png": "f_accept_title"}


def png(fig: Figure, dpi: int = 120) -> bytes:
    """A figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def render_pictures(c: Comparison, lang: str = "en", dpi: int = 120) -> dict[str, bytes]:
    """Every picture of FIGURES as PNG bytes (what `sim.report.webreport.render` embeds)."""
    return {name: png(draw(c, lang), dpi) for name, draw in FIGURES.items()}
