"""The one-page brief: a comparison on one printed A4 page, for a council member.

Headline differences in plain words with their 95% intervals (the wording follows the sign, and
an interval that holds 0 is said to be no clear difference), the cost and satisfaction curves,
what legal exposure means, and where the figures come from. Made with matplotlib alone: one
A4-sized figure saved as a one-page PDF. Text is laid out top down with its measured height;
when it does not fit (three or more scenarios, long names), everything is drawn again smaller,
so nothing runs off the page. Reporting only: nothing here changes a number.
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..study.metrics import HEADLINES, MONEY, metric as metric_of
from .figures import draw_cost, draw_satisfaction
from .labels import band, label, luck, place, stopping, with_place, word
from .metric_words import display, resolution_shown, said as said_words, unit_of, verdict
from .numbers import number, percent, said_millions, signed

if TYPE_CHECKING:
    from ..study.compare import Comparison

A4 = (8.27, 11.69)  # inches, portrait
MARGIN, TOP, BOTTOM = 0.6, 0.5, 0.45  # inches


def names(c: Comparison, lang: str = "en") -> str:
    """'A, B and C'; each with its municipality between brackets when they are of several."""
    scenarios = [a.scenario for a in c.arms]
    n = [with_place(s, scenarios, lang) for s in scenarios]
    return n[0] if len(n) == 1 else f"{', '.join(n[:-1])} {label('b_and', lang)} {n[-1]}"


def title(c: Comparison, lang: str = "en") -> str:
    """The title of the brief and report.html: the municipality (`municipality.name`) first when every
    scenario is of it ('Soest: comparing A and B'), else the names each with its own."""
    shared = place([a.scenario for a in c.arms])
    if shared is None:
        return label("b_title", lang, names=names(c, lang))
    return label("b_title_in", lang, place=shared, names=names(c, lang))


def no_interval(rests_on: int, replications: int, lang: str = "en") -> str:
    """Why a difference has no interval, as it is: one replication ran, or of several only `rests_on`
    had a value (a group with no one graded in a replication), which a reader must not take for one run."""
    if replications <= 1:
        return label("b_no_interval", lang)
    return label("b_no_interval_of", lang, k=number(rests_on, 0, lang), n=number(replications, 0, lang))


def sentence(metric: str, difference: float, low: float, high: float, mean: float, years: int,
             lang: str = "en", budget: float | None = None, rests_on: tuple[int, int] | None = None) -> str:
    """One headline difference in words: its direction by the sign, 'no clear difference' when the interval holds 0,
    'no difference that matters' when it lies within the metric's resolution (`metric_words.verdict` decides).

    `mean` is the scenario's own mean (said when both are the same); `difference`, `low` and
    `high` are the paired difference and its 95% interval, as in Comparison.differences.
    `budget` (euros a year), when given, says a money difference also as a share of the budget:
    a year's spending against a year's budget, a deficit over the term against the term's.
    `rests_on` (replications with a value, replications run) words a difference without an interval.
    """
    shown = display(metric)  # money in EUR million, a share in percentage points
    d, lo, hi, digits = shown.shown(difference), shown.shown(low), shown.shown(high), shown.digits
    what = label(f"b_{metric}_what", lang)
    while digits < 3 and d != 0 and round(abs(d), digits) == 0:
        digits += 1  # a real but small difference is not shown as 0.0
    said = verdict(metric, difference, low, high, years, shown, digits)
    if said == "none":
        return label("b_unclear", lang, what=what, d="-", i=label("f_no_data", lang))

    def fmt(v: float) -> str:
        return number(v, digits, lang)

    if said == "same":
        return label("b_same", lang, what=what, v=fmt(shown.shown(mean)))
    i = (label("b_interval", lang, lo=fmt(lo), hi=fmt(hi)) if said != "point" else
         no_interval(*rests_on, lang) if rests_on else label("b_no_interval", lang))
    if said == "negligible":
        return said_words("b_negligible", lang, what=what, d=signed(d, digits, lang), i=i,
                          r=resolution_shown(metric, years, lang))
    share = _share_of_budget(metric, abs(difference), years, budget, lang)
    if said == "unclear":
        return label("b_unclear", lang, what=what, d=signed(d, digits, lang) + share, i=i)
    a, b = (lo, hi) if d > 0 else (-hi, -lo)  # the interval of the size of the change, smallest first
    i = label("b_interval", lang, lo=fmt(a), hi=fmt(b)) if said == "clear" else i
    v = said_millions(fmt(abs(d)), lang) if unit_of(metric) == "money" else fmt(abs(d))  # one way to write money
    text = label(f"b_{metric}_{'more' if d > 0 else 'less'}", lang, v=v, i=i, years=years)
    return text.replace(f" ({i})", f"{share} ({i})", 1) if share else text


def _share_of_budget(metric: str, amount: float, years: int, budget: float | None, lang: str) -> str:
    """', 8.6% of the budget' for a money headline: a year's against a year's budget, the term's against the term's
    (the metric knows which it is: `Metric.share_of_budget`)."""
    if not budget or unit_of(metric) != "money":
        return ""
    m = metric_of(metric)
    share = m.share_of_budget(amount, budget, years)
    return label("b_share_term" if m.aggregation == "term" else "b_share_year", lang, p=percent(share, 1, lang))


def underspend(c: Comparison, label_: str, lang: str = "en") -> str | None:
    """A sentence when a scenario saves more than the deficit it removes: the rest is underspend.

    Cost per year and deficit over the term are paired differences against the first scenario. A
    saving can only exceed the deficit removed if the scenario spends below its budget in some
    years, which no deficit counts. Said only for a saving whose 95% interval lies below zero, and
    only when the gap is larger than the registry's resolution for money over the term, so noise
    and rounding never make the sentence.
    """
    rows = c.differences[c.differences["scenario"] == label_].set_index("metric")
    if not {"cost_per_year", "deficit"} <= set(rows.index):
        return None
    if not float(rows.at["cost_per_year", "high"]) < 0:  # only a saving the comparison is sure of
        return None
    saving = -metric_of("cost_per_year").over_term(float(rows.at["cost_per_year", "difference"]), c.years)
    removed = -float(rows.at["deficit", "difference"])
    if not (saving > 0 and removed > 0 and saving - removed > metric_of("total_cost").smallest(c.years)):
        return None  # (a saving with more deficit, e.g. a reserve spent otherwise, is another story)
    arm = next(a for a in c.arms if a.label == label_)
    return label("b_underspend", lang, years=c.years, s=said_millions(number(MONEY.shown(saving), 1, lang), lang),
                 d=said_millions(number(MONEY.shown(removed), 1, lang), lang), b=arm.title(lang))


def multi_problem(c: Comparison, label_: str, lang: str = "en") -> str | None:
    """The residents with several problems in words: who the policy is about, not averaged away.

    Their grade (of their last help), escalations and intakes per resident, each with its paired
    95% interval; None when the comparison has no such residents.
    """
    d = c.differences
    rows = d[(d["scenario"] == label_) & (d["group"] == "multi")].set_index("metric")
    if rows.empty or not rows.at["residents", "mean"] > 0:
        return None

    def interval_of(m: str, digits: int) -> str:
        lo, hi = float(rows.at[m, "low"]), float(rows.at[m, "high"])
        if math.isnan(lo):
            return no_interval(int(rows.at[m, "replications"]), c.replications, lang)
        return label("b_change_interval", lang, lo=signed(lo, digits, lang), hi=signed(hi, digits, lang))

    g = float(rows.at["mean_grade", "difference"])
    parts = [label("b_multi_grade", lang, dir=label("b_up" if g >= 0 else "b_down", lang),
                   v=number(abs(g), 2, lang), i=interval_of("mean_grade", 2))]
    for m, key in (("escalations_per_resident", "b_multi_escalations"), ("intakes_per_resident", "b_multi_intakes")):
        parts.append(label(key, lang, a=number(float(rows.at[m, "against_mean"]), 2, lang),
                           b=number(float(rows.at[m, "mean"]), 2, lang), i=interval_of(m, 2)))
    residents = c.arms[0].scenario.municipality.residents
    n = float(rows.at["residents", "mean"])
    return label("b_multi", lang, n=number(n, 0, lang), share=percent(n / residents, 1, lang), said="; ".join(parts))


def by_cause(metric: str, rows, years: int, lang: str, said: str) -> str:
    """A headline with causes (legal exposure) says by which: when the exposure differs, the causes whose
    mean paired difference is a whole case or more, "all of them cases kept waiting for a place or money
    at a full provider" when one cause is the whole difference. Other headlines are returned as they are.
    `rows` are the scenario's differences by metric, holding a row per cause (`Metric.cause_columns`)."""
    columns = [col for col in metric_of(metric).cause_columns() if col in rows.index] if metric in rows.index else []
    total = float(rows.at[metric, "difference"]) if columns else 0.0
    if not columns or verdict(metric, total, *(float(rows.at[metric, k]) for k in ("low", "high")), years) in (
            "none", "same", "negligible"):
        return said
    causes = [(col[len(metric) + 1:], float(rows.at[col, "difference"])) for col in columns]
    shown = [(cause, d) for cause, d in causes if round(abs(d)) >= 1]
    if len(shown) == 1 and abs(shown[0][1] - total) < 0.5:
        return label("b_exposure_all", lang, sentence=said, cause=word("exposure_cause_said", shown[0][0], lang))
    if not shown:
        return said
    listed = [label("b_exposure_fewer" if d < 0 else "b_exposure_more", lang, n=number(abs(d), 0, lang),
                    cause=word("exposure_cause_said", cause, lang)) for cause, d in shown]
    return label("b_exposure_by", lang, sentence=said, causes="; ".join(listed))


def headlines(c: Comparison, lang: str = "en") -> list[tuple[str, list[str]]]:
    """Per scenario after the first: a heading and one sentence per headline metric against the first."""
    diffs = c.differences
    budget = float(c.arms[0].summary["allocation"].mean()) / c.years if "allocation" in c.arms[0].summary else None
    out = []
    for arm in c.arms[1:]:
        rows = diffs[diffs["scenario"] == arm.label].set_index("metric")
        said = [by_cause(m, rows, c.years, lang, sentence(
                    m, *(float(rows.at[m, k]) for k in ("difference", "low", "high", "mean")), c.years, lang,
                    budget, (int(rows.at[m, "replications"]), c.replications))) for m in HEADLINES if m in rows.index]
        extra = underspend(c, arm.label, lang)
        if extra:
            said.append(extra)
        multi = multi_problem(c, arm.label, lang)
        if multi:
            said.append(multi)
        out.append((label("b_against", lang, b=arm.title(lang), a=c.arms[0].title(lang)), said))
    return out


def provenance(c: Comparison, lang: str = "en") -> str:
    hashes = ", ".join(f"{a.label} {a.scenario.content_hash[:12]}" for a in c.arms)
    return label("b_provenance", lang, seed=c.seed, stopping=stopping(c, lang),
                 version=c.manifest()["version"], hashes=hashes, date=c.created[:10])


class _Page:
    """A cursor down an A4 figure: each block goes under the last, at its measured height."""

    def __init__(self, fig: Figure, scale: float):
        self.fig, self.scale, self.y = fig, scale, TOP
        self.renderer = fig.canvas.get_renderer()
        self.width = A4[0] - 2 * MARGIN

    def text(self, text: str, size: float, gap: float = 0.0, bullet: bool = False, **style) -> None:
        size *= self.scale
        self.y += gap * self.scale
        chars = int(self.width * 72 / (0.52 * size))
        while True:  # wrap, and wrap narrower while the measured block is too wide
            body = textwrap.fill(text, chars, initial_indent="\u2022 " if bullet else "",
                                 subsequent_indent="   " if bullet else "")
            t = self.fig.text(MARGIN / A4[0], 1 - self.y / A4[1], body, fontsize=size, va="top", ha="left",
                              linespacing=1.3, **style)
            box = t.get_window_extent(self.renderer)
            if box.width / self.fig.dpi <= self.width or chars < 30:
                break
            t.remove()
            chars = int(chars * 0.94)
        self.y += box.height / self.fig.dpi

    def curves(self, c: Comparison, lang: str, height: float) -> None:
        """The cost and satisfaction curves side by side, small, with one legend under both."""
        height *= self.scale
        self.y += 0.3 * self.scale  # room for the panel titles
        gap, left = 0.9, MARGIN + 0.55
        w = (A4[0] - left - MARGIN - gap) / 2
        bottom = 1 - (self.y + height) / A4[1]
        with rc_context({"font.size": 7.5 * self.scale, "axes.titlesize": 9 * self.scale,
                             "axes.labelsize": 7.5 * self.scale, "legend.fontsize": 7.5 * self.scale}):
            cost = self.fig.add_axes((left / A4[0], bottom, w / A4[0], height / A4[1]))
            extra = draw_cost(cost, c, lang)
            cost.set_title(label("b_cost_small", lang), fontweight="bold")
            sat = self.fig.add_axes(((left + w + gap) / A4[0], bottom, w / A4[0], height / A4[1]))
            draw_satisfaction(sat, c, lang)
            sat.set_title(label("b_sat_small", lang), fontweight="bold")
            handles, labels = cost.get_legend_handles_labels()  # the scenarios, as in both panels
            grade = [(h, t) for h, t in zip(*sat.get_legend_handles_labels()) if t not in labels]
            handles += extra + [h for h, _ in grade]
            labels += [h.get_label() for h in extra] + [t for _, t in grade]
            self.y += height + 0.45 * self.scale  # the month axis under the panels
            wide = max(len(t) for t in labels) > 45  # two columns of long names would not fit the width
            legend = self.fig.legend(handles, labels, loc="upper center", ncols=1 if wide else 2, frameon=False,
                                     bbox_to_anchor=(0.5, 1 - self.y / A4[1]))
        self.y += legend.get_window_extent(self.renderer).height / self.fig.dpi
        self.text(band(c.replications, lang), 7.5, color="0.3")

    @property
    def fits(self) -> bool:
        return self.y <= A4[1] - BOTTOM


def _draw(fig: Figure, c: Comparison, lang: str, scale: float) -> bool:
    page = _Page(fig, scale)
    page.text(title(c, lang), 16, fontweight="bold")
    first = c.arms[0].scenario
    page.text(label("b_intro", lang, residents=number(first.municipality.residents, 0, lang), years=c.years,
                    n=c.replications), 9.5, gap=0.08, color="0.25")
    page.text(label("b_changes", lang), 12.5, gap=0.18, fontweight="bold")
    for heading, said in headlines(c, lang):
        page.text(heading, 10.5, gap=0.1, fontweight="bold")
        for s in said:
            page.text(s, 9.5, gap=0.02, bullet=True)
    page.text(label("b_read", lang), 8.5, gap=0.1, style="italic", color="0.3")
    page.text(luck([a.scenario for a in c.arms], lang), 8.5, gap=0.04, style="italic", color="0.3")
    page.curves(c, lang, 2.8)
    page.text(label("b_legal_title", lang), 11.5, gap=0.15, fontweight="bold")
    page.text(label("b_legal", lang), 9, gap=0.05)
    page.text(provenance(c, lang), 7.5, gap=0.15, color="0.35")
    return page.fits


def brief_figure(c: Comparison, lang: str = "en") -> Figure:
    """The page as a figure; drawn again 8% smaller each time until it fits."""
    fig = Figure(figsize=A4)
    FigureCanvasAgg(fig)  # a canvas that measures text; no pyplot, so the caller's backend is left alone
    scale = 1.0
    while not _draw(fig, c, lang, scale) and scale > 0.5:
        fig.clear()
        scale *= 0.92
    return fig


def write_brief(c: Comparison, path: Path, lang: str = "en") -> None:
    """`path` (brief.pdf): the comparison on exactly one A4 page, written whole or not at all."""
    from ..study.store import atomic_file

    fig = brief_figure(c, lang)
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format="pdf")
