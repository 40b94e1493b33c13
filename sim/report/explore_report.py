"""An exploration in words and pictures: which assumptions decide, where a policy fails, how robust a choice is.

`ontschot explore` answers three questions a council asks of a model whose values are partly
assumed, and this module says the answers in English and Dutch: the ranked sensitivity of each
headline ("what drives the deficit"), the chosen PRIM box as a rule ("the cap fails when latent
demand is above 0.24 and ..., 81% of the failing worlds, 74% of the worlds in the box"), and the
share of worlds in which each policy beats the first. Uncertain paths are named in words by a
path's own words (`sim.policy.paths`, its table `PATH_WORDS`), falling back to the path itself. Every output says
how many worlds and replications it rests on, which method drew them, and that the ranges are
assumptions to discuss. The pages are `explore.pdf` (one A4 page for a council, laid out like the
brief, `sim.report.brief`) and an HTML section (`section`, a page of its own with `page`, using
the web report's style sheet). Reporting only: nothing here changes a number.
"""

from __future__ import annotations

import math
import re
import textwrap
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib import colormaps, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._version import __version__
from ..study import metrics as M
from ..policy.paths import Path as FieldPath, PathRefused
from ..study.failure import DIFFERENCE
from ..study.sensitivity import ranked
from .brief import A4, BOTTOM, MARGIN, _Page
from .figures import STYLE, png
from .fitting import fit
from .labels import LABELS, label
from .metric_words import cell, name, unit_of
from .numbers import eur_m, general, number, percent, span
from .plots import COLOURS
from .webreport import CSS, _table  # one table for every report: it fits a phone

if TYPE_CHECKING:
    from ..policy.scenario import Scenario
    from ..study.explore import Exploration
    from ..study.failure import Failure

PAGE_METRICS = M.EXPLORE_PAGE  # what the one page says drives what (the registry's sets: sim.study.metrics)
ROBUST_METRICS = M.EXPLORE_ROBUST
TOP = 3  # drivers named in a sentence
LUCK = 0.5  # ASSUMPTION: luck half of the spread or more, and the indices are not read out as drivers
WORTH = 0.01  # ASSUMPTION: an assumption behind less than 1% of the variation (of the largest effect) is not named


# ---------------------------------------------------------------- words


def path_words(path: str, scenario: "Scenario | None" = None, lang: str = "en") -> str:
    """An uncertain path as a reader says it ('latent demand', `sim.policy.paths.Path.named`); the
    path as written when it has no words."""
    try:
        return FieldPath.parse(path).named(lang, scenario) or path
    except PathRefused:
        return path


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def what(column: str, x: "Exploration", policy: str, lang: str = "en") -> str:
    """A metric column as the subject of a sentence: 'the deficit', or 'the difference the cap makes to the deficit'."""
    base = column[len(DIFFERENCE):] if column.startswith(DIFFERENCE) else column
    key = f"x_what_{base}"
    said = label(key, lang) if key in LABELS else name(base, lang, dict(x.policies)[policy])
    if column.startswith(DIFFERENCE):
        return label("x_what_difference", lang, b=x.title(policy, lang), what=said)
    return said


def amount(value: float, column: str, lang: str = "en") -> str:
    """A value in a metric's unit: money as 'EUR 1.2M', other units as a table shows them."""
    base = column[len(DIFFERENCE):] if column.startswith(DIFFERENCE) else column
    return eur_m(value, lang) if unit_of(base) == "money" else cell(value, base, lang)


def _years(n: int, lang: str) -> str:
    """'one year' or '4 years', in the reader's language."""
    one, many = LABELS["x_years"][lang]
    return one if n == 1 else many.format(n=n)


def method_words(method: str, lang: str = "en") -> str:
    return label(f"x_method_{method}", lang)


def reps_words(n: int, lang: str = "en") -> str:
    return label("x_reps_one", lang) if n == 1 else label("x_reps", lang, n=n)


def _runs(x: "Exploration") -> int:
    return x.worlds * x.replications * len(x.policies)


def intro(x: "Exploration", lang: str = "en") -> str:
    return label("x_intro", lang, worlds=number(x.worlds, 0, lang), k=len(x.paths), method=method_words(x.method, lang),
                 n=reps_words(x.replications, lang), residents=number(x.residents, 0, lang), years=_years(x.years, lang),
                 runs=number(_runs(x), 0, lang))


def provenance(x: "Exploration", lang: str = "en") -> str:
    return label("x_provenance", lang, seed=x.seed, method=method_words(x.method, lang), samples=x.samples,
                 worlds=number(x.worlds, 0, lang), n=reps_words(x.replications, lang), p=len(x.policies),
                 runs=number(_runs(x), 0, lang), version=__version__, date=(x.created or "")[:10])


def _clear(row, largest: float) -> bool:
    """An index worth naming: its interval lies above 0 (for a rank correlation: away from 0), and it is not
    negligible: a Sobol index of at least `WORTH` of the variation, a Morris mu* of at least `WORTH` of the largest."""
    if math.isnan(row["value"]):
        return False
    if row["measure"] == "spearman":
        return bool(row["low"] > 0 or row["high"] < 0)
    above = bool(row["low"] > 0) if not math.isnan(row["low"]) else row["value"] > 0
    size = row["value"] if row["measure"] in ("S1", "ST") else row["value"] / largest if largest > 0 else 0.0
    return above and size >= WORTH


def top_sentence(x: "Exploration", policy: str, column: str, lang: str = "en") -> str:
    """'The deficit depends most on latent demand (44% of the variation), ...', or that it depends on none clearly."""
    part = x.sensitivity[x.sensitivity["policy"] == policy]
    order = ranked(part, column, x.method)
    largest = float(order["value"].abs().max()) if len(order) else 0.0
    rows = [r for _, r in order.iterrows() if _clear(r, largest)][:TOP]
    subject = what(column, x, policy, lang)
    luck = _luck(x, policy, column)
    if luck >= LUCK:
        return label("x_top_luck", lang, what=_first_upper(subject), share=percent(luck, 0, lang))
    if not rows:
        return label("x_top_none", lang, what=subject)
    scenario = dict(x.policies)[policy]
    items = []
    for r in rows:
        p = path_words(r["path"], scenario, lang)
        if x.method == "sobol":
            items.append(label("x_item_sobol", lang, path=p, v=percent(min(max(r["value"], 0.0), 1.0), 0, lang)))
        elif x.method == "morris":
            items.append(label("x_item_morris", lang, path=p, v=amount(r["value"], column, lang)))
        else:
            key = "x_item_lhs_up" if r["value"] > 0 else "x_item_lhs_down"
            items.append(label(key, lang, path=p, v=number(r["value"], 2, lang)))
    joined = items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {label('b_and', lang)} {items[-1]}"
    if x.method == "lhs":  # a rank correlation says what moves with the outcome, not a share of its variation
        return label("x_top_lhs", lang, what=_first_upper(subject), items=joined)
    return label("x_top", lang, what=subject, items=joined)


def _luck(x: "Exploration", policy: str, column: str) -> float:
    """The share of the spread of the worlds' means that is the simulation's luck (NaN when unknown)."""
    n = x.noise[(x.noise["policy"] == policy) & (x.noise["metric"] == column)]
    return float(n["share"].iloc[0]) if len(n) else float("nan")


def noise_sentence(x: "Exploration", policy: str, column: str, lang: str = "en") -> str:
    """How large the simulation's own luck is beside the worlds' spread."""
    n = x.noise[(x.noise["policy"] == policy) & (x.noise["metric"] == column)]
    if n.empty or x.replications < 2 or math.isnan(float(n["within"].iloc[0])):
        return label("x_noise_one", lang)
    r = n.iloc[0]
    unshared = "-" if math.isnan(float(r["unshared"])) else amount(float(r["unshared"]), column, lang)
    share = "-" if math.isnan(float(r["share"])) else percent(r["share"], 0, lang)
    return label("x_noise", lang, within=amount(float(r["within"]), column, lang), unshared=unshared,
                 across=amount(float(r["across"]), column, lang), share=share)


def _value(v: float, lang: str) -> str:
    return general(float(v), lang, significant=3)


def failure_words(failure: "Failure", x: "Exploration", lang: str = "en") -> str:
    """The --fails expression in words: 'deficit after reserve above EUR 0.0M'."""
    groups = []
    first = x.title(x.labels[0], lang)
    for group in failure.groups:
        said = []
        for c in group:
            subject = name(c.metric, lang, dict(x.policies)[x.labels[0]])
            subject = subject[:1].lower() + subject[1:] if subject[1:2].islower() else subject  # not 'Wmo'
            op, v = label(f"x_op_{c.op}", lang), amount(c.number, c.column, lang)
            key = "x_clause_difference" if c.difference else "x_clause"
            said.append(label(key, lang, what=subject, op=op, v=v, a=first))
        groups.append(f" {label('b_and', lang)} ".join(said))
    return f" {label('x_or', lang)} ".join(groups)


def condition(row, scenario: "Scenario | None", lang: str = "en") -> str:
    """One restricted path of a box in words: 'latent demand is above 0.24'."""
    p = path_words(row["path"], scenario, lang)
    low, high = row["low"], row["high"]
    has_low = low is not None and not (isinstance(low, float) and math.isnan(low))
    has_high = high is not None and not (isinstance(high, float) and math.isnan(high))
    if has_low and has_high:
        return label("x_between", lang, path=p, lo=_value(low, lang), hi=_value(high, lang))
    if has_low:
        return label("x_above", lang, path=p, v=_value(low, lang))
    return label("x_below", lang, path=p, v=_value(high, lang))


def rule(x: "Exploration", policy: str, lang: str = "en") -> str | None:
    """The chosen PRIM box of a policy as a rule, or what can be said without one; None without a failure."""
    found = x.discoveries.get(policy)
    if x.failure is None or found is None:
        return None
    title, failure = x.title(policy, lang), failure_words(x.failure, x, lang)
    if found.failing == 0:
        return label("x_rule_none", lang, policy=title, failure=failure, n=found.worlds)
    if found.failing == found.worlds:
        return label("x_rule_all", lang, policy=title, failure=failure, n=found.worlds)
    box = found.box
    if box is None or found.limits.empty:
        return label("x_rule_nobox", lang, policy=title, failure=failure, k=found.failing, n=found.worlds)
    scenario = dict(x.policies)[policy]
    conditions = [condition(r, scenario, lang) for _, r in found.limits.iterrows()]
    joined = f" {label('b_and', lang)} ".join(conditions)
    said = label("x_rule", lang, policy=title, failure=failure, conditions=joined,
                 coverage=percent(box["coverage"], 0, lang), density=percent(box["density"], 0, lang))
    said = f"{said} {label('x_rule_count', lang, k=found.failing, n=found.worlds)}"
    if found.few_worlds:  # a rule from a handful of worlds is a lead to test with more, and says so
        inside, failing = found.box_worlds
        said = f"{said} {label('x_rule_few', lang, m=inside, f=failing)}"
    return said


def robustness_sentences(x: "Exploration", lang: str = "en") -> list[str]:
    """Per later policy and headline: the share of worlds where it is better than the first, and its range."""
    if len(x.policies) < 2:
        return [label("x_one_policy", lang)]
    out = []
    r = x.robustness
    for _, row in r[r["metric"].isin(ROBUST_METRICS)].iterrows():
        if math.isnan(row["share_better"]):
            continue
        col = row["metric"]
        if row["better"] == 0 and row["worse"] == 0:
            out.append(label("x_same", lang, b=x.title(row["policy"], lang), a=x.title(row["against"], lang),
                             what=what(col, x, row["policy"], lang), p5=amount(row["difference_p5"], col, lang),
                             p95=amount(row["difference_p95"], col, lang)))
            continue
        out.append(label("x_better", lang, b=x.title(row["policy"], lang), a=x.title(row["against"], lang),
                         what=what(col, x, row["policy"], lang), share=percent(row["share_better"], 0, lang),
                         lo=percent(row["low"], 0, lang), hi=percent(row["high"], 0, lang),
                         worse=percent(row["share_worse"], 0, lang), p5=amount(row["difference_p5"], col, lang),
                         p95=amount(row["difference_p95"], col, lang)))
    return out


def range_words(u, lang: str = "en") -> str:
    """An uncertain range as the ranges table says it: 'uniform 0.1 to 0.3'."""
    kind = getattr(u, "kind", "uniform")
    if kind == "discrete":
        values = getattr(u, "values", None) or ()
        return label("x_discrete", lang, values=", ".join(_value(v, lang) if isinstance(v, (int, float)) else str(v)
                                                          for v in values))
    lo, hi = getattr(u, "bounds", (getattr(u, "low", math.nan), getattr(u, "high", math.nan)))
    if kind == "triangular":
        return label("x_triangular", lang, lo=_value(lo, lang), hi=_value(hi, lang), mode=_value(u.mode, lang))
    return label("x_uniform", lang, lo=_value(lo, lang), hi=_value(hi, lang))


def sensitivity_columns(x: "Exploration") -> list[tuple[str, str]]:
    """(policy, column) the sensitivity speaks of: the first policy's headlines, the later ones' differences."""
    first = x.labels[0]
    out = [(first, m) for m in x.metrics]
    out += [(p, DIFFERENCE + m) for p in x.labels[1:] for m in x.metrics]
    have = set(zip(x.sensitivity["policy"], x.sensitivity["metric"]))
    return [pc for pc in out if pc in have]


# ---------------------------------------------------------------- pictures


def _wrap(text: str, width: int = 30) -> str:
    return textwrap.fill(text, width)


def draw_sensitivity(ax, x: "Exploration", policy: str, column: str, lang: str = "en", top: int = 8) -> None:
    """Ranked horizontal bars of the method's measure, largest on top, each with its 95% interval."""
    part = x.sensitivity[x.sensitivity["policy"] == policy]
    rows = ranked(part, column, x.method).head(top).iloc[::-1]
    scenario = dict(x.policies)[policy]
    names = [_wrap(path_words(p, scenario, lang)) for p in rows["path"]]
    y = np.arange(len(rows))
    v, lo, hi = (rows[k].to_numpy(dtype=float) for k in ("value", "low", "high"))
    err = np.nan_to_num(np.vstack([v - lo, hi - v]).clip(min=0))
    ax.barh(y, np.nan_to_num(v), xerr=err, color=COLOURS[0] if x.method != "sobol" else "#9ecae1",
            error_kw={"elinewidth": 1.2, "ecolor": "0.2", "capsize": 3, "zorder": 4})
    if x.method == "sobol":  # the first-order index inside the total one
        s1 = part[(part["metric"] == column) & (part["measure"] == "S1")].set_index("path").reindex(rows["path"])
        ax.barh(y, np.nan_to_num(s1["value"].to_numpy(dtype=float)).clip(min=0), height=0.4, color=COLOURS[0])
    ax.set_yticks(y, names)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(_wrap(label(f"x_axis_{x.method}", lang), 60))


def sensitivity_figure(x: "Exploration", policy: str, column: str, lang: str = "en") -> Figure:
    """'What drives the deficit': the ranked bar chart of one metric of one policy."""
    with rc_context(STYLE):
        fig = Figure(figsize=(10.0, 6.2), layout="constrained")
        ax = fig.subplots()
        draw_sensitivity(ax, x, policy, column, lang)
        fig.suptitle(_first_upper(label("x_drives", lang, what=what(column, x, policy, lang))), fontsize=15,
                     fontweight="bold")
        ax.set_title(label("x_bars_note", lang, worlds=x.worlds, n=reps_words(x.replications, lang),
                           method=method_words(x.method, lang)), color="0.25")
        return fit(fig)  # a long policy name in the title wraps


def draw_tradeoff(ax, x: "Exploration", policy: str, lang: str = "en") -> None:
    """PRIM's peeling trajectory: coverage against density, coloured by the assumptions restricted; the chosen box ringed."""
    found = x.discoveries[policy]
    t = found.trajectory
    most = max(int(t["restricted"].max()), 1)
    # Whole numbers of assumptions: one colour per count, and the bar's ticks on the counts.
    cmap = colormaps["viridis"].resampled(most + 1)
    points = ax.scatter(t["coverage"], t["density"], c=t["restricted"], cmap=cmap, vmin=-0.5, vmax=most + 0.5,
                        s=28, zorder=2)
    if found.chosen is not None:
        c = t.iloc[found.chosen]
        ax.scatter([c["coverage"]], [c["density"]], s=180, facecolors="none", edgecolors="crimson", lw=2,
                   zorder=3, label=label("x_chosen", lang))
        ax.legend(loc="lower left", frameon=False)
    ax.set_xlabel(_wrap(label("x_coverage", lang), 45))
    ax.set_ylabel(_wrap(label("x_density", lang), 40))
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    bar = ax.figure.colorbar(points, ax=ax, ticks=range(0, most + 1, max(1, (most + 1) // 8)))
    bar.set_label(label("x_restricted", lang))


def tradeoff_figure(x: "Exploration", policy: str, lang: str = "en") -> Figure:
    with rc_context(STYLE):
        fig = Figure(figsize=(9.0, 6.5), layout="constrained")
        ax = fig.subplots()
        draw_tradeoff(ax, x, policy, lang)
        fig.suptitle(label("x_trade_title", lang, policy=x.title(policy, lang)), fontsize=15, fontweight="bold")
        ax.set_title(label("x_chosen_note", lang), color="0.25", fontsize=10)
        return fit(fig)  # wrapped at the measured width: a long policy name would run off the picture


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


def picture_name(kind: str, policy: str, column: str = "") -> str:
    """The file a picture is written to: sensitivity_<policy>_<metric>.png, discovery_<policy>.png."""
    return f"sensitivity_{_safe(policy)}_{_safe(column)}.png" if kind == "sensitivity" else f"discovery_{_safe(policy)}.png"


def render_pictures(x: "Exploration", lang: str = "en", dpi: int = 110) -> dict[str, bytes]:
    """Every picture of an exploration as PNG bytes: one bar chart per metric, one trade-off per failing policy."""
    out = {picture_name("sensitivity", p, c): png(sensitivity_figure(x, p, c, lang), dpi)
           for p, c in sensitivity_columns(x)}
    for policy, found in x.discoveries.items():
        if found.chosen is not None:
            out[picture_name("discovery", policy)] = png(tradeoff_figure(x, policy, lang), dpi)
    return out


# ---------------------------------------------------------------- the one page


def _axes(page: _Page, height: float, panels: int):
    """`panels` axes side by side at the page's cursor, `height` inches high (before scale)."""
    height *= page.scale
    page.y += 0.6 * page.scale  # room for the panels' titles
    left, gap, right = MARGIN + 1.9, 1.5, MARGIN + 0.2
    w = (A4[0] - left - right - gap * (panels - 1)) / panels
    bottom = 1 - (page.y + height) / A4[1]
    axes = [page.fig.add_axes(((left + k * (w + gap)) / A4[0], bottom, w / A4[0], height / A4[1]))
            for k in range(panels)]
    page.y += height + 0.75 * page.scale  # the axis labels under the panels
    return axes


def _pictures_on_page(page: _Page, x: "Exploration", lang: str) -> None:
    first = x.labels[0]
    failing = next((p for p, d in x.discoveries.items() if d.chosen is not None), None)
    s = 7.5 * page.scale
    with rc_context({"font.size": s, "axes.titlesize": s + 1, "axes.labelsize": s, "xtick.labelsize": s,
                     "ytick.labelsize": s, "legend.fontsize": s}):
        axes = _axes(page, 2.1, 2 if failing else 1)
        column = next((c for p, c in sensitivity_columns(x) if p == first and c == "deficit"),
                      next((c for p, c in sensitivity_columns(x) if p == first), None))
        if column is not None:
            # Four bars: the names (up to three lines each) of six ran into each other in a panel this small.
            draw_sensitivity(axes[0], x, first, column, lang, top=4)
            axes[0].set_title(_first_upper(label("x_drives", lang, what=what(column, x, first, lang))),
                              fontweight="bold")
        if failing:
            draw_tradeoff(axes[1], x, failing, lang)
            axes[1].set_title(_wrap(label("x_trade_title", lang, policy=x.title(failing, lang)), 40),
                              fontweight="bold")
    page.text(label("x_bars_note", lang, worlds=x.worlds, n=reps_words(x.replications, lang),
                    method=method_words(x.method, lang)), 7.5, color="0.3")


def _draw_page(fig: Figure, x: "Exploration", lang: str, scale: float) -> bool:
    page = _Page(fig, scale)
    names = [x.title(p, lang) for p in x.labels]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {label('b_and', lang)} {names[-1]}"
    page.text(label("x_title", lang, names=joined), 15, fontweight="bold")
    page.text(intro(x, lang), 9, gap=0.08, color="0.25")
    page.text(label("x_honest", lang), 9, gap=0.04, style="italic", color="0.25")
    page.text("1. " + label("x_q1", lang), 12, gap=0.16, fontweight="bold")
    for p, c in sensitivity_columns(x):
        base = c[len(DIFFERENCE):] if c.startswith(DIFFERENCE) else c
        if base in PAGE_METRICS:
            page.text(top_sentence(x, p, c, lang), 9, gap=0.03, bullet=True)
    noise = noise_sentence(x, x.labels[0], "deficit" if "deficit" in x.metrics else x.metrics[0], lang)
    page.text(f"{noise} {label('x_luck_shared', lang)}", 8.5, gap=0.03, style="italic", color="0.3")
    _pictures_on_page(page, x, lang)
    page.text("2. " + label("x_q2", lang), 12, gap=0.12, fontweight="bold")
    rules = [r for r in (rule(x, p, lang) for p in x.labels) if r]
    for r in rules or [label("x_no_fails", lang)]:
        page.text(r, 9, gap=0.03, bullet=bool(rules))
    if any(d.chosen is not None for d in x.discoveries.values()):
        page.text(label("x_chosen_note", lang), 8, gap=0.03, style="italic", color="0.3")
    page.text("3. " + label("x_q3", lang), 12, gap=0.12, fontweight="bold")
    for s in robustness_sentences(x, lang):
        page.text(s, 9, gap=0.03, bullet=len(x.policies) > 1)
    if len(x.policies) > 1:
        page.text(label("x_better_note", lang), 8, gap=0.03, style="italic", color="0.3")
    page.text(provenance(x, lang), 7.5, gap=0.14, color="0.35")
    return page.y <= A4[1] - BOTTOM


def explore_figure(x: "Exploration", lang: str = "en") -> Figure:
    """The one page as a figure, drawn again 8% smaller each time until it fits."""
    fig = Figure(figsize=A4)
    FigureCanvasAgg(fig)
    scale = 1.0
    while not _draw_page(fig, x, lang, scale) and scale > 0.45:
        fig.clear()
        scale *= 0.92
    return fig


def write_pdf(x: "Exploration", path: Path, lang: str = "en") -> None:
    """`path` (explore.pdf): one A4 page, written whole or not at all."""
    from ..study.store import atomic_file

    fig = explore_figure(x, lang)
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format="pdf")


# ---------------------------------------------------------------- HTML


def _img(name_: str, pictures: dict[str, bytes], caption: str) -> str:
    import base64

    if name_ not in pictures:
        return ""
    data = base64.b64encode(pictures[name_]).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{escape(caption, quote=True)}'>"
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def ranges_table(x: "Exploration", lang: str = "en") -> str:
    scenario = x.policies[0][1]
    rows = [[path_words(p, scenario, lang), p, range_words(x.ranges[p], lang) if p in x.ranges else "-",
             str(getattr(x.ranges.get(p), "why", "") or "")] for p in x.paths]
    return _table([label(k, lang) for k in ("x_h_path", "x_h_field", "x_h_range", "x_h_why")], rows, set())


def sensitivity_table(x: "Exploration", policy: str, column: str, lang: str = "en") -> str:
    part = x.sensitivity[(x.sensitivity["policy"] == policy) & (x.sensitivity["metric"] == column)]
    scenario = dict(x.policies)[policy]
    rows = [[path_words(r["path"], scenario, lang), r["measure"], number(r["value"], 3, lang),
             span(number(r["low"], 3, lang), number(r["high"], 3, lang), lang)] for _, r in part.iterrows()]
    head = [label(k, lang) for k in ("x_h_path", "x_h_measure", "x_h_value", "w_interval")]
    return _table(head, rows, {2, 3})


def robustness_table(x: "Exploration", lang: str = "en") -> str:
    rows = []
    for _, r in x.robustness.iterrows():
        col = r["metric"]
        rows.append([x.title(r["policy"], lang), name(col, lang, dict(x.policies)[r["policy"]]),
                     "-" if math.isnan(r["share_better"]) else
                     f"{percent(r['share_better'], 0, lang)} ({span(percent(r['low'], 0, lang), percent(r['high'], 0, lang), lang)})",
                     "-" if math.isnan(r["share_worse"]) else percent(r["share_worse"], 0, lang),
                     span(amount(r["difference_p5"], col, lang), amount(r["difference_p95"], col, lang), lang)])
    head = [label(k, lang) for k in ("x_h_policy", "w_metric", "x_h_better", "x_h_worse", "x_h_range_diff")]
    return _table(head, rows, {2, 3, 4})


def limits_table(x: "Exploration", policy: str, lang: str = "en") -> str:
    found = x.discoveries[policy]
    scenario = dict(x.policies)[policy]
    rows = [[path_words(r["path"], scenario, lang), condition(r, scenario, lang)] for _, r in found.limits.iterrows()]
    return _table([label("x_h_path", lang), label("x_h_limits", lang)], rows, set())


def _questions_html(x: "Exploration", lang: str, pictures: dict[str, bytes]) -> list[str]:
    parts = [f"<h2>1. {escape(label('x_q1', lang))}</h2><ul>"]
    parts += [f"<li>{escape(top_sentence(x, p, c, lang))}</li>" for p, c in sensitivity_columns(x)]
    noise = f"{noise_sentence(x, x.labels[0], x.metrics[0], lang)} {label('x_luck_shared', lang)}"
    parts.append(f"</ul><p class='note'>{escape(noise)}</p>")
    for p, c in sensitivity_columns(x):
        caption = _first_upper(label("x_drives", lang, what=what(c, x, p, lang)))
        parts.append(_img(picture_name("sensitivity", p, c), pictures, caption))
        parts.append(f"<details><summary>{escape(caption)}</summary>{sensitivity_table(x, p, c, lang)}</details>")
    parts.append(f"<h2>2. {escape(label('x_q2', lang))}</h2>")
    rules = [(p, rule(x, p, lang)) for p in x.labels]
    if not any(r for _, r in rules):
        parts.append(f"<p>{escape(label('x_no_fails', lang))}</p>")
    for p, r in rules:
        if r:
            parts.append(f"<p>{escape(r)}</p>")
        if r and x.discoveries[p].chosen is not None:
            parts.append(_img(picture_name("discovery", p), pictures,
                              label("x_trade_title", lang, policy=x.title(p, lang))))
            parts.append(limits_table(x, p, lang) + f"<p class='note'>{escape(label('x_chosen_note', lang))}</p>")
    parts.append(f"<h2>3. {escape(label('x_q3', lang))}</h2><ul>")
    parts += [f"<li>{escape(s)}</li>" for s in robustness_sentences(x, lang)] + ["</ul>"]
    if len(x.policies) > 1:
        parts += [robustness_table(x, lang), f"<p class='note'>{escape(label('x_better_note', lang))}</p>"]
    return parts


def section(x: "Exploration", lang: str = "en", pictures: dict[str, bytes] | None = None) -> str:
    """The exploration as a section of a web page: the three answers, their pictures and tables, the ranges."""
    pictures = pictures or {}
    parts = [f"<section class='explore'><p class='intro'>{escape(intro(x, lang))}</p>",
             f"<p class='note'>{escape(label('x_honest', lang))}</p>", *_questions_html(x, lang, pictures),
             f"<h2>{escape(label('x_ranges', lang))}</h2>", ranges_table(x, lang),
             f"<p class='note'>{escape(provenance(x, lang))}</p></section>"]
    return "\n".join(parts)


def page(x: "Exploration", lang: str = "en", pictures: dict[str, bytes] | None = None) -> str:
    """report.html of an exploration: one self-contained page (the web report's style, no script, no link)."""
    names = ", ".join(x.title(p, lang) for p in x.labels)
    title = escape(label("x_title", lang, names=names))
    return (f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{title}</title><style>{CSS}</style></head><body><h1>{title}</h1>\n"
            f"{section(x, lang, pictures)}\n</body></html>\n")
