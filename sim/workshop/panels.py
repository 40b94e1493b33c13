"""The workshop's live panels: sliders that re-run the model at a workshop size and redraw.

A facilitator moves a slider and the room sees cost and satisfaction change within seconds.
That needs a smaller run than a report's: a `WorkshopSize` (fewer residents, fewer
replications) said on screen, and a `CachedRunner` that keeps every run keyed by its
scenario's content, so going back to an earlier setting redraws at once. Its comparisons are
`sim.study.compare.compare`'s, with the runner's memo, so a panel's numbers are exactly those of
`ontschot compare` at the same size. Each panel holds its
logic here, testable without a notebook: `panel.update(pooled_share=0.5)` re-runs and redraws,
and the sliders only call it. ipywidgets and IPython are imported when a widget is built or
shown, so the core package does not need them. Figures are `matplotlib.figure.Figure`s drawn
without pyplot, so a notebook's backend is never switched; `show` displays one as a PNG, sized for
the room (`ROOM`: no text under 16 pixels in a picture 1280 pixels wide, a projector's width).
A panel's picture and its words are ordinary outputs beside the sliders, replaced in place at
each redraw, so a notebook converted to HTML or printed shows them too.

    runner = CachedRunner(WorkshopSize())
    panel = PoolingPanel(runner, "scenarios/pooled_integral.yaml", lang="nl")
    panel            # in a notebook: the sliders, the note on the workshop size, the figure
"""

from __future__ import annotations

import html
import io
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter

from ..study.compare import Arm, Comparison, compare, labels_for
from ..errors import ScenarioError, UsageError
from ..report.figures import STYLE, draw_cost, draw_satisfaction
from ..report.fitting import fit
from ..report.labels import label
from ..report.library import WORDS, comparison_base, verdict, with_unit
from ..report.metric_words import display, name as metric_name
from ..report.numbers import LANGS, decimal, interval as span_of, number, signed
from ..policy.loader import load_scenario
from ..report.plots import COLOURS
from ..study.metrics import CLAIMED, metric
from ..study.replicate import Memo
from ..study.results import Result, run
from ..policy.scale import rescale
from ..policy.actions import ACTIONS as REGISTRY
from ..policy.scenario import Scenario
from ..study.stats import interval, level
from ..policy.paths import Path as FieldPath
from ..study.sweep import with_values

ACTIONS = tuple(a.name for a in sorted(REGISTRY, key=lambda a: a.menu_rank))  # the lawful ones first (`Action.menu`)


@dataclass(frozen=True)
class WorkshopSize:
    """How small a workshop run is: a municipality of at most `residents`, `replications` runs, `years` years."""

    residents: int = 20_000
    replications: int = 4
    years: int = 4
    seed: int = 1

    def apply(self, s: Scenario) -> Scenario:
        """The scenario at workshop size: scaled down (never up) and over `years`."""
        if s.municipality.residents > self.residents:
            s = rescale(s, self.residents)
        else:
            s = s.model_copy(deep=True)
        s.run.horizon_years = self.years
        return s

    def note(self, lang: str = "en") -> str:
        """The one line that says on screen that these figures come from the faster setting."""
        return label("ws_note", lang, residents=number(self.residents, 0, lang), n=self.replications, years=self.years)


class CachedRunner:
    """Runs scenarios at a workshop size and keeps every run, keyed by the run scenario's content.

    Two kinds of run: `result` (one scenario, every table: a panel that looks at cases by
    segment needs them) and `comparison` (scenarios paired by `sim.study.compare.compare`, whose
    replications the runner's `memo` keeps in memory). Either way a setting seen before is not
    run again.
    """

    def __init__(self, size: WorkshopSize | None = None):
        self.size = size or WorkshopSize()
        self.cache: dict[tuple[str, int, int], Result] = {}
        self.memo: Memo = {}  # the comparisons' replications, by scenario content, seed and replication
        self.runs = 0  # scenarios simulated, not read from the cache or the memo

    def sized(self, scenario: Scenario, values: dict[str | FieldPath, Any] | None = None,
              names: dict[str, str] | None = None) -> Scenario:
        """The scenario at workshop size with `values` (dotted paths, as in a sweep) set; UsageError if invalid.

        A variant made here is another scenario than the file's, so `names` ({"en": ..., "nl": ...},
        `in_both`) renames it in both languages: renamed in English only, it would keep the file's
        Dutch name and a Dutch reader would see two scenarios under one name.
        """
        s = self.size.apply(scenario)
        if values:
            s = with_values(s, values)  # after scaling: a slider's value is what runs
        if names is not None:
            s.name, s.name_nl = names["en"], names["nl"]
        return s

    def result(self, scenario: Scenario, values: dict[str | FieldPath, Any] | None = None,
               names: dict[str, str] | None = None) -> Result:
        s = self.sized(scenario, values, names)
        key = (s.content_hash, self.size.seed, self.size.replications)
        if key not in self.cache:
            self.cache[key] = run(s, seed=self.size.seed, replications=self.size.replications)
            self.runs += 1
        return self.cache[key]

    def comparison(self, scenarios: list[Scenario | Result], labels: list[str]) -> Comparison:
        """Scenarios already at workshop size (`sized`; a Result stands for the scenario it ran),
        compared as `ontschot compare` would, at the workshop's seed and replications."""
        runs = [s.scenario if isinstance(s, Result) else s for s in scenarios]
        n, seed = self.size.replications, self.size.seed
        self.runs += sum(not all((s.content_hash, seed, r) in self.memo for r in range(n)) for s in runs)
        return compare(runs, seed=seed, replications=n, labels=labels, memo=self.memo)


@dataclass(frozen=True)
class RoomPicture:
    """A picture as the back of a room sees it: `width` pixels wide on the projector, no text under `text_px`.

    A beamer in a council room shows about 1280 pixels across; text of 16 pixels there is what a
    slide's smallest line is, readable from the back rows. What counts is a text's size against
    the picture's width, not the figure's inches or dpi, so a picture is rendered `width` pixels
    wide and each text's points are held at or above `smallest_points`.
    """

    width: int = 1280
    text_px: float = 16.0

    def dpi(self, fig: Figure) -> float:
        """The resolution at which `fig` is `width` pixels wide (a hair over, so rounding never loses a pixel)."""
        return (self.width + 0.01) / fig.get_figwidth()

    def smallest_points(self, fig: Figure) -> float:
        """The smallest font size, in points, that is `text_px` pixels when `fig` is `width` pixels wide."""
        return self.text_px * fig.get_figwidth() * 72.0 / self.width


ROOM = RoomPicture()


def for_room(fig: Figure, room: RoomPicture = ROOM) -> Figure:
    """The figure (changed in place) with every text under the room's smallest size raised to it, laid out again.

    The report room draws for a printed page (some of its labels are 7 or 8 points on a wide
    figure); a projector needs more. Raising only what is too small keeps each figure's own
    hierarchy (titles stay larger) and leaves the report's figures alone: the same function draws
    both, and the workshop adjusts its copy. Tick labels are raised through the axis, so ticks made
    at the next draw get the size too. Larger type needs more room, so the words are fitted again
    (`sim.report.fitting.fit`: titles wrapped to their width, point labels apart, crowded ticks
    thinned) and the figure laid out again.
    """
    floor = room.smallest_points(fig)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for which, ticks in (("major", axis.get_major_ticks()), ("minor", axis.get_minor_ticks())):
                if ticks and ticks[0].label1.get_fontsize() < floor:
                    axis.set_tick_params(which=which, labelsize=floor)
    for text in fig.findobj(Text):
        if text.get_fontsize() < floor:
            text.set_fontsize(floor)
    return fit(fig, room.dpi(fig))


def png(fig: Figure, room: RoomPicture = ROOM) -> bytes:
    """The figure as a PNG exactly `room.width` pixels wide (the whole figure: its layout already fits it)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=room.dpi(fig))
    return buf.getvalue()


def show(fig: Figure, page: bool = False) -> None:
    """Display a figure in a notebook as a picture for the room (whatever matplotlib backend is active: none is
    needed). `page=True` shows a printed page (the one-page brief) with its own sizes, as it prints."""
    from IPython.display import Image, display

    display(Image(png(fig if page else for_room(fig))))


def notice(text: str) -> None:
    """Display a short note in a box, e.g. WorkshopSize.note."""
    from IPython.display import HTML, display

    display(HTML(_box(text)))


def _box(text: str) -> str:
    return f'<div style="border-left:4px solid #d62728;padding:4px 10px;background:#fff5f5">{text}</div>'


class Panel:
    """Controls, the workshop-size note, a status line and a figure, redrawn when a control changes.

    Subclasses give `controls()` (name -> widget) and `draw(**values) -> (figure, text)`.
    `update(**values)` is what a slider calls; it works without widgets, for tests and scripts.
    Shown in a notebook, the controls, the note and the status are one widget; the picture and the
    words under it are two ordinary outputs after it (IPython display handles), each replaced in
    place when the panel redraws. Inside the widget they would live only in the widget's state,
    which a static copy (nbconvert to HTML, a printed handout) cannot draw; as outputs they are
    in the notebook file as the room last saw them.
    """

    def __init__(self, runner: CachedRunner, values: dict[str, Any], lang: str = "en"):
        self.runner, self.lang, self.values = runner, lang, dict(values)
        self.figure: Figure | None = None
        self.text = ""  # what is said under the figure (HTML)
        self.error: str | None = None  # a bad setting's message, shown instead of a figure
        self.seconds = 0.0
        self.sliders: dict[str, Any] = {}
        self._widget = None
        self._shown: list[Any] = []  # the display handles of the picture and the words, once shown
        self._syncing = False

    def controls(self) -> dict[str, Any]:
        raise NotImplementedError

    def draw(self, **values: Any) -> tuple[Figure, str]:
        raise NotImplementedError

    def update(self, **values: Any) -> Figure | None:
        """Set these values (the others stay), re-run and redraw; a setting that is not a valid scenario says why."""
        unknown = set(values) - set(self.values)
        if unknown:
            raise TypeError(f"unknown control(s) {sorted(unknown)}; this panel has {sorted(self.values)}")
        self.values.update(values)
        self._sync_sliders()
        self._status(label("ws_running", self.lang))
        start = time.perf_counter()
        try:
            figure, self.text = self.draw(**self.values)
            self.figure, self.error = for_room(figure), None
        except (UsageError, ScenarioError) as exc:
            self.figure, self.text, self.error = None, "", str(exc)
        self.seconds = time.perf_counter() - start
        self._render()
        return self.figure

    # The widgets: built on first use, so update() and draw() need no ipywidgets.
    @property
    def widget(self):
        if self._widget is None:
            import ipywidgets as w

            self.sliders = self.controls()
            for name, slider in self.sliders.items():
                slider.value = self.values[name]
                slider.observe(lambda change, name=name: self._changed(name, change["new"]), names="value")
            self._note = w.HTML(_box(self.runner.size.note(self.lang)))
            self._state = w.HTML()
            self._widget = w.VBox([w.HBox(list(self.sliders.values()), layout=w.Layout(flex_flow="row wrap")),
                                   self._note, self._state])
            self.update()
        return self._widget

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
        self._shown = [display(out, display_id=True) for out in self.outputs()]

    def outputs(self) -> list[Any]:
        """What is shown under the controls: the picture (or a bad setting's message in red) and the words."""
        from IPython.display import HTML, Image

        if self.error is not None:
            return [HTML(f"<pre style='white-space:pre-wrap;color:#b00'>{html.escape(self.error)}</pre>"), HTML("")]
        return [Image(png(self.figure)), HTML(self.text)]

    def _changed(self, name: str, value: Any) -> None:
        if not self._syncing:  # a slider's float comes as 0.9500000000000001: keep what it shows
            self.update(**{name: round(value, 6) if isinstance(value, float) else value})

    def _sync_sliders(self) -> None:
        self._syncing = True
        try:
            for name, slider in self.sliders.items():
                if slider.value != self.values[name]:
                    slider.value = self.values[name]
        finally:
            self._syncing = False

    def _status(self, text: str) -> None:
        if self._widget is not None:
            self._state.value = f"<i>{text}</i>"

    def _render(self) -> None:
        if self._widget is None:
            return
        if self.error is not None:
            self._status(label("ws_error", self.lang))
        else:
            self._status(label("ws_took", self.lang, s=number(self.seconds, 1, self.lang), runs=self.runner.runs))
        for handle, out in zip(self._shown, self.outputs() if self._shown else []):
            if handle is not None:  # None outside IPython, where display only prints
                handle.update(out)


def in_both(key: str, **fmt: Any) -> dict[str, str]:
    """A label in every language, e.g. a derived scenario's names for `CachedRunner.sized`. A value of `fmt` that
    is a function of the language (a number to format) is called with it."""
    return {lang: label(key, lang, **{k: v(lang) if callable(v) else v for k, v in fmt.items()}) for lang in LANGS}


def _slider(kind: str, key: str, lang: str, lo: float, hi: float, step: float):
    import ipywidgets as w

    cls = w.IntSlider if kind == "int" else w.FloatSlider
    extra = {} if kind == "int" else {"readout_format": ".2f"}
    return cls(min=lo, max=hi, step=step, description=label(key, lang), continuous_update=False,
               style={"description_width": "initial"}, layout=w.Layout(width="32em"), **extra)


# --- 03: earmarked or pooled -------------------------------------------------------------------

SEGMENT_METRICS = [("grade", "grade", 1.0), ("escalated", "ws_escalated", 100.0), ("cost", "ws_cost_case", 1e-3),
                   ("wait_days", "wait_days_per_resident", display("wait_days_per_resident").shown(1.0))]  # in weeks
# Each segment column's metric in the registry (sim.study.metrics), whose natural range bounds its level's interval.
SEGMENT_REGISTRY = {"grade": "mean_grade", "escalated": "escalations_per_resident", "cost": "cost_per_resident",
                    "wait_days": "wait_days_per_resident"}


def _segment_title(key: str, lang: str) -> str:
    """A segment column's title: a metric's own name (sim.study.metrics) where the figure is that metric's, else a label."""
    return metric_name(key, lang) if key in SEGMENT_REGISTRY.values() else label(key, lang)


def by_segment(result: Result | Arm) -> pd.DataFrame:
    """Per replication and segment of residents (`simple`: one problem, `complex`: several), counted per
    resident over the term (sim.study.groups): residents, the grade of their last help, escalations,
    cost and days waited per resident. From a run, or from an arm of a comparison."""
    g = result.groups
    g = g[g["group"] != "all"].assign(segment=lambda t: t["group"].map({"single": "simple", "multi": "complex"}))
    return g.rename(columns={"residents": "cases", "mean_grade": "grade", "escalations_per_resident": "escalated",
                             "cost_per_resident": "cost", "wait_days_per_resident": "wait_days"})[
        ["replication", "segment", "cases", "grade", "escalated", "cost", "wait_days"]].reset_index(drop=True)


def segment_level(table: pd.DataFrame, segment: str, column: str, scale: float = 1.0) -> tuple[float, float, float]:
    """A segment's level over replications, its mean and 95% interval inside the metric's natural range (no
    wait or cost below zero, no grade above 10: `sim.study.stats.level`, as the report draws levels), times `scale`."""
    values = table.loc[table["segment"] == segment, column].to_numpy(float)
    mean, low, high = level(values, metric(SEGMENT_REGISTRY[column]))
    return mean * scale, low * scale, high * scale


class PoolingPanel(Panel):
    """Earmarked against pooled money for one integral team that makes tailored plans, per segment.

    Both bars meet the same residents (the same multi-problem share and team); only the pooled
    share differs, so a difference is what pooling does. The team decides by maatwerk: only a
    tailored plan can cross domains, and only a pool can pay one.
    """

    FIXED = {FieldPath.parse("plan.policy"): "maatwerk"}
    PATHS = {"pooled_share": FieldPath.parse("budget.pooled_share"),
             "multi_problem_share": FieldPath.parse("population.multi_problem_share"),
             "integral_staff": FieldPath.parse("access.integral_staff")}

    def __init__(self, runner: CachedRunner, scenario: str | Path, lang: str = "en"):
        self.scenario = load_scenario(scenario)
        small = runner.size.apply(self.scenario)
        super().__init__(runner, {"pooled_share": 1.0, "multi_problem_share": small.population.multi_problem_share,
                                  "integral_staff": small.access.integral_staff}, lang)

    def controls(self) -> dict[str, Any]:
        staff = self.values["integral_staff"]
        return {"pooled_share": _slider("float", "ws_pooled_share", self.lang, 0.0, 1.0, 0.25),
                "multi_problem_share": _slider("float", "ws_multi", self.lang, 0.02, 0.4, 0.02),
                "integral_staff": _slider("int", "ws_staff", self.lang, max(1, staff // 2), 2 * staff, 1)}

    def comparison(self, pooled_share: float, multi_problem_share: float, integral_staff: int) -> Comparison:
        """Earmarked against this pooled share, each variant named in both languages."""
        values = {**self.FIXED, self.PATHS["multi_problem_share"]: multi_problem_share,
                  self.PATHS["integral_staff"]: integral_staff}
        pooled = in_both("ws_pooled", x=lambda lang: number(pooled_share, 2, lang))
        ref = self.runner.sized(self.scenario, {**values, self.PATHS["pooled_share"]: 0.0}, in_both("ws_earmarked"))
        pol = self.runner.sized(self.scenario, {**values, self.PATHS["pooled_share"]: pooled_share}, pooled)
        return self.runner.comparison([ref, pol], ["earmarked", "pooled"])  # the one route: paired, remembered

    def draw(self, pooled_share: float, multi_problem_share: float, integral_staff: int) -> tuple[Figure, str]:
        c = self.comparison(pooled_share, multi_problem_share, integral_staff)
        names = [arm.title(self.lang) for arm in c.arms]
        tables = [by_segment(arm) for arm in c.arms]
        with rc_context(STYLE):
            fig = Figure(figsize=(11, 7.5), layout="constrained")
            axes = fig.subplots(2, 2)
            segments = ["simple", "complex"]
            for ax, (col, key, scale) in zip(axes.flat, SEGMENT_METRICS):
                for k, (t, name) in enumerate(zip(tables, names)):
                    stats = [segment_level(t, seg, col, scale) for seg in segments]
                    means = [s[0] for s in stats]
                    err = [[0 if np.isnan(s[1]) else s[0] - s[1] for s in stats],
                           [0 if np.isnan(s[2]) else s[2] - s[0] for s in stats]]
                    ax.bar(np.arange(2) + (k - 0.5) * 0.4, means, 0.38, yerr=err, capsize=4, color=COLOURS[k],
                           label=name)
                ax.set_xticks(range(2), [textwrap.fill(label(f"ws_{seg}", self.lang), 18) for seg in segments])
                ax.set_title(_segment_title(key, self.lang))
            handles, labels_ = axes.flat[0].get_legend_handles_labels()
            fig.legend(handles, labels_, loc="outside lower center", ncols=2, frameon=False)
            fig.suptitle(label("ws_pool_title", self.lang), fontsize=15, fontweight="bold")
        lines = [self._segment_line(seg, tables) for seg in ("simple", "complex")]
        note = label("ws_bars", self.lang, n=self.runner.size.replications)
        return fig, "<br>".join(lines + [f"<i>{note}</i>"])

    def _segment_line(self, segment: str, tables: list[pd.DataFrame]) -> str:
        """The paired differences (pooled minus earmarked, replication by replication) for one segment."""
        a, b = (t[t["segment"] == segment].set_index("replication") for t in tables)
        head = f"<b>{label(f'ws_{segment}', self.lang)}</b> ({number(b['cases'].mean(), 0, self.lang)})"
        said = []
        for col, key, scale in SEGMENT_METRICS:
            diff = ((b[col] - a[col]) * scale).to_numpy(float)
            if np.all(np.nan_to_num(diff) == 0):
                continue
            d, lo, hi = interval(diff)
            digits = 2 if col == "grade" else 1
            text = f"{_segment_title(key, self.lang)} {signed(d, digits, self.lang)}"
            if not np.isnan(lo):
                text += f" ({span_of(lo, hi, digits, self.lang)})"
            said.append(text)
        return f"{head}: " + ("; ".join(said) if said else label("ws_same", self.lang))


# --- 04: where to set the cap ------------------------------------------------------------------

class CapPanel(Panel):
    """A scenario without a cap against the same with its first button set by the sliders."""

    def __init__(self, runner: CachedRunner, capped: str | Path, uncapped: str | Path, lang: str = "en"):
        self.capped, self.uncapped = load_scenario(capped), load_scenario(uncapped)
        b = self.capped.buttons[0]
        super().__init__(runner, {"fire": b.fire, "release": b.release, "action": b.action}, lang)

    def controls(self) -> dict[str, Any]:
        import ipywidgets as w

        action = w.Dropdown(options=[(label(f"ws_a_{a}", self.lang), a) for a in ACTIONS],
                            description=label("ws_action", self.lang), style={"description_width": "initial"},
                            layout=w.Layout(width="32em"))
        return {"fire": _slider("float", "ws_fire", self.lang, 0.85, 1.2, 0.01),
                "release": _slider("float", "ws_release", self.lang, 0.8, 1.15, 0.01), "action": action}

    def comparison(self, fire: float, release: float, action: str) -> Comparison:
        values = {"buttons.0.fire": fire, "buttons.0.release": release, "buttons.0.action": action}
        ref = self.runner.sized(self.uncapped, names=in_both("ws_no_cap"))
        cap = self.runner.sized(self.capped, values, in_both("ws_with_cap"))
        return self.runner.comparison([ref, cap], ["no_cap", "cap"])

    def draw(self, fire: float, release: float, action: str) -> tuple[Figure, str]:
        from ..report.brief import headlines

        c = self.comparison(fire, release, action)
        with rc_context(STYLE):
            fig = Figure(figsize=(13, 5), layout="constrained")
            left, right = fig.subplots(1, 2)
            extra = draw_cost(left, c, self.lang)
            draw_satisfaction(right, c, self.lang)
            left.set_title(label("f_cost_title", self.lang))
            right.set_title(label("sat_title", self.lang))
            handles, labels_ = left.get_legend_handles_labels()
            fig.legend(handles + extra, labels_ + [h.get_label() for h in extra], loc="outside lower center",
                       ncols=3, frameon=False)
            fig.suptitle(label("ws_cap_title", self.lang, fire=number(fire, 2, self.lang),
                               release=number(release, 2, self.lang), action=label(f"ws_a_{action}", self.lang)),
                         fontsize=14, fontweight="bold")
        heading, said = headlines(c, self.lang)[0]
        return fig, f"<b>{heading}</b><ul>" + "".join(f"<li>{s}</li>" for s in said) + "</ul>"


def tradeoff(runner: CachedRunner, capped: str | Path, fires: list[float]):
    """The sweep behind the trade-off curve: the first button pressed at each of `fires`, at workshop size.

    The release level stays the file's, so every fire level must lie above it.
    """
    from ..study.sweep import sweep

    s = runner.size.apply(load_scenario(capped))
    return sweep(s, {"buttons.0.fire": list(fires)}, seed=runner.size.seed, replications=runner.size.replications)


# --- 02: the flagship comparison, and files changed live ----------------------------------------

def compare_files(runner: CachedRunner, *paths: str | Path) -> Comparison:
    """Scenario files compared at workshop size, against the first (e.g. a copy edited in the room)."""
    scenarios = [load_scenario(p) for p in paths]
    return runner.comparison([runner.sized(s) for s in scenarios], labels_for(scenarios))


def flagship(runner: CachedRunner, radical: str | Path, capped: str | Path, lang: str = "en") -> Comparison:
    """Radical maatwerk, the lawful cap, and the same cap with a waiting list (unlawful), at workshop size.

    The waiting-list variant is named in both languages, so neither the English nor the Dutch brief
    shows it under the capped file's name. (`lang` is kept for callers; the names do not depend on it.)
    """
    r, c = load_scenario(radical), load_scenario(capped)
    scenarios = [runner.sized(r), runner.sized(c),
                 runner.sized(c, {"buttons.0.action": "waitlist"}, in_both("ws_waitlist_name"))]
    return runner.comparison(scenarios, ["radical", "capped", "capped_waitlist"])


# --- 05: Village Deals -------------------------------------------------------------------------

def village_deals(root: str | Path) -> dict[str, Path]:
    """Each Village Deal's name (without the suffix) and its file, in file order."""
    files = sorted((Path(root) / "scenarios" / "village_deals").glob("*.yaml"))
    return {load_scenario(p).name.replace(" (Village Deal)", ""): p for p in files}


# Claim metric -> (difference column, scale per year or not, unit word in sim.report.library.WORDS, decimals)
EFFECTS = [(claim, CLAIMED[claim], per_year, unit, digits) for claim, per_year, unit, digits in
           [("cost", True, "eur_m", 2), ("deficit", True, "eur_m", 2), ("satisfaction", False, "points", 2),
            ("wait", False, "weeks", 1), ("exposure", False, "cases", 0), ("escalations", False, "", 0)]]
VERDICT_COLOURS = {"reproduced": "#2ca02c", "not reproduced": "#d62728", "unclear": "0.45", "": "0.15"}


def effects(c: Comparison, claims: dict[str, str]) -> pd.DataFrame:
    """Per metric: the paired difference of the second arm against the first (money per year), and the claim check
    (claim and verdict empty where the source claims nothing)."""
    diffs = c.differences
    diffs = diffs[diffs["scenario"] == c.arms[1].label].set_index("metric")
    rows = []
    for metric, column, per_year, unit, digits in EFFECTS:
        # Each metric by its one display rule (money in EUR million, a wait in weeks), money a year.
        scale = display(column).shown(1.0) / (c.years if per_year else 1)
        d, lo, hi = (float(diffs.at[column, k]) * scale for k in ("difference", "low", "high"))
        claimed = claims.get(metric, "")
        rows.append({"metric": metric, "unit": unit, "digits": digits, "difference": d, "low": lo, "high": hi,
                     "claim": claimed, "verdict": verdict(claimed, lo, hi) if claimed else ""})
    return pd.DataFrame(rows)


class VillageDealPanel(Panel):
    """One Village Deal against its comparison base: each paired effect with its interval, and the claim check."""

    def __init__(self, runner: CachedRunner, root: str | Path, lang: str = "en", deal: str | None = None):
        self.deals = village_deals(root)
        super().__init__(runner, {"deal": deal or next(iter(self.deals))}, lang)

    def controls(self) -> dict[str, Any]:
        import ipywidgets as w

        return {"deal": w.Dropdown(options=list(self.deals), description=label("ws_deal", self.lang),
                                   style={"description_width": "initial"}, layout=w.Layout(width="32em"))}

    def comparison(self, deal: str) -> Comparison:
        path = self.deals[deal]
        base, policy = self.runner.sized(comparison_base(path)), self.runner.sized(load_scenario(path))
        return self.runner.comparison([base, policy], ["base", path.stem])

    def draw(self, deal: str) -> tuple[Figure, str]:
        c = self.comparison(deal)
        table = effects(c, dict(c.arms[1].scenario.claims))
        w = WORDS[self.lang]
        with rc_context(STYLE):
            fig = Figure(figsize=(10, 1.25 * len(table) + 1.4), layout="constrained")
            axes = fig.subplots(len(table), 1)
            for ax, r in zip(axes, table.itertuples()):
                colour = VERDICT_COLOURS[r.verdict]
                err = [[0.0], [0.0]] if np.isnan(r.low) else [[r.difference - r.low], [r.high - r.difference]]
                ax.errorbar([r.difference], [0], xerr=err, fmt="o", ms=9, capsize=6, elinewidth=2, color=colour)
                ax.axvline(0, color="black", lw=1)
                span = max([abs(x) for x in (r.difference, r.low, r.high) if not np.isnan(x)] + [0.0]) or 1.0
                ax.set_xlim(-1.25 * span, 1.25 * span)
                ax.set_yticks([])
                ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: decimal(x, self.lang)))
                said = w[r.metric] + (f" ({w[r.unit]})" if r.unit else "")
                if r.claim:
                    said += f" - {w['said'].format(dir=w[r.claim], metric=w[r.metric])}: {w[r.verdict].strip('*')}"
                ax.set_title(said, loc="left", color=colour, fontsize=12)
            fig.suptitle(label("ws_effects_title", self.lang, policy=c.arms[1].title(self.lang),
                               base=c.arms[0].title(self.lang)),
                         fontsize=13, fontweight="bold")
            fig.supxlabel(textwrap.fill(label("ws_effects_note", self.lang, n=c.replications), 120), fontsize=10.5,
                          color="0.3")
        return fig, self.describe(c, table)

    def describe(self, c: Comparison, table: pd.DataFrame) -> str:
        """The story, the mechanism, the source's claim and each claimed direction against the model's interval."""
        s, w = c.arms[1].scenario, WORDS[self.lang]
        rows = []
        for r in table[table["claim"] != ""].itertuples():
            fmt = lambda x: number(x, r.digits, self.lang)  # noqa: E731
            rows.append(f"<li>{w['said'].format(dir=w[r.claim], metric=w[r.metric])}: <b>{w[r.verdict].strip('*')}</b> "
                        f"({w['model']} {with_unit(fmt(r.difference), r.unit, self.lang)}, "
                        f"{label('b_interval', self.lang, lo=fmt(r.low), hi=fmt(r.high))})</li>")
        return "".join([f"<p>{s.told(self.lang)}</p>",
                        f"<p><b>{label('ws_mechanism', self.lang)}</b> {s.mechanism_told(self.lang)}</p>",
                        f"<p><b>{label('ws_claim', self.lang)}</b> {s.claim_told(self.lang)}</p>",
                        f"<b>{label('ws_check', self.lang)}</b><ul>{''.join(rows) or '<li>' + w['none'] + '</li>'}</ul>"])
