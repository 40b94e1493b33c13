"""The comparison as one self-contained HTML page that opens offline, on a desktop and on a phone.

A council clerk mails one file; it must open on a laptop without a network and show the same
thing years later. So the style sheet is inline, every picture is inside the page, there is no
script, no web font and no link to anything outside the page. The words are those of the brief
(`sim.brief`), the tables come from Comparison.differences, .means and .summary(), with numbers
as the reader writes them. Reporting only: nothing here changes a number.

The same page must read on a 400-pixel phone. A picture scaled down to a phone scales its text
down with it: a chart drawn 10 inches wide shows its 12-point labels at 6 pixels on a phone. So
each chart is drawn twice, as inline SVG: the printed picture's drawing for wide screens, and a
narrow drawing (NARROW inches, the long texts wrapped to fit) that a phone shows at about its own
size, so its text stays 12 pixels or more; CSS shows the one that fits the screen. Inline SVG
rather than PNG because its text stays text: sharp at any zoom, searchable, read out by a screen
reader, and measurable by the browser test (tests/report/test_browser.py), which checks the
smallest text as it is drawn. Tables say each scenario's name once, in a heading or a column
head, and on a narrow screen each row becomes a small grid (the measure across the top, the
numbers under it) instead of running off the side. Only the folded table of every replication
scrolls inside its own box.
"""

from __future__ import annotations

import base64
import io
import re
import textwrap
from html import escape
from typing import TYPE_CHECKING

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .brief import headlines, no_interval, title as page_title
from .figures import FIGURES, TITLES
from ..study.groups import GROUP_METRICS
from .labels import label, luck, stopping
from .metric_words import cell, name, negligible_note, said as words, unit_of, verdict
from .numbers import missing, number, span

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from ..study.compare import Comparison

# One breakpoint, 50em (800 px): below it a wide chart's text would fall under 12 px, so the narrow
# drawing shows, and a table's rows become grids. `screen and` keeps a printed page on the wide drawing.
CSS = """
body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; font-size: 17px; line-height: 1.5; color: #1a1a1a;
       max-width: 62rem; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.8rem; line-height: 1.25; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #ddd; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.2rem; }
.intro, .note { color: #444; } .note { font-size: 0.9rem; font-style: italic; }
figure { margin: 1.5rem 0; break-inside: avoid; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
.chart svg { display: block; width: 100%; height: auto; border: 1px solid #eee; }
.chart svg * { stroke-linejoin: round; stroke-linecap: butt; }
.chart.narrow { display: none; }
figcaption { font-weight: bold; margin-top: 0.3rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.55rem; vertical-align: top; }
th { background: #f0f0f0; text-align: left; } td.num { text-align: right; } table.fit { width: 100%; }
.nw { white-space: nowrap; } td.long { overflow-wrap: anywhere; }
tr.clear td { font-weight: bold; }
tr.group th { background: #f7f7f7; }
code { font-size: 0.85rem; word-break: break-all; }
details.hash summary { cursor: pointer; white-space: nowrap; }
@media screen and (max-width: 50em) {
  body { margin: 1rem auto; }
  .chart.wide { display: none; } .chart.narrow { display: block; max-width: 30rem; }
  table.fit, table.fit thead, table.fit tbody { display: block; }
  table.fit { border-top: 1px solid #ccc; }
  table.fit tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr)); column-gap: 0.4rem;
                 border-bottom: 1px solid #ccc; padding: 0.25rem 0; }
  table.fit tr > :first-child { grid-column: 1 / -1; }
  table.fit th, table.fit td { border: none; padding: 0.1rem 0.2rem; overflow-wrap: anywhere; background: none; }
  table.fit thead tr { background: #f0f0f0; } table.fit tr.group { background: #f7f7f7; }
  table.fit td.num { text-align: left; } table.fit .nw, details.hash summary { white-space: normal; }
}
@media print { body { margin: 0; max-width: none; font-size: 12pt; } details { display: block; } }
"""

NARROW = 4.6  # inches: the phone's drawing; 11.5-point ticks show at 12.5 px when it fills a 400-px screen



def column_name(column: str, lang: str = "en", scenario=None) -> str:
    """A column or metric as the reader calls it, with its unit where the value does not show it (a
    per-domain column by the domain's label in `scenario`)."""
    text = name(column, lang, scenario)
    if unit_of(column) != "money":
        return text
    unit = label("euros_m", lang)
    return f"{text[:-1]}; {unit})" if text.endswith(")") else f"{text} ({unit})"


class Html(str):
    """A table cell already written as HTML (the others are text and get escaped)."""


def _cell(text: str, numeric: bool) -> str:
    """A cell's content: escaped, and a number's bracketed interval kept on one line where there is room."""
    if isinstance(text, Html):
        return text
    if not numeric:
        return escape(text)
    shown, bracket = text.split(" (", 1) if " (" in text else (text, "")
    out = f"<span class='nw'>{escape(shown)}</span>"
    return out + f" <span class='nw'>({escape(bracket)}</span>" if bracket else out


def _table(head: list[str], rows: list[list[str] | str], numeric: set[int], classes: list[str] | None = None,
           long: set[int] | None = None, wide: bool = False) -> str:
    """A table in a box of its own. A row given as one string is a heading across the table.

    `numeric` columns are right-aligned, `long` ones (files, ids) may break anywhere. A `wide` table (the
    replications) keeps its columns and scrolls inside its box; the others fit: on a narrow screen each
    row becomes a grid (CSS `table.fit`). The ARIA roles keep it a table for a screen reader whatever
    the CSS displays it as.
    """
    long = long or set()
    fit = "" if wide else " class='fit'"
    out = [f"<div class='scroll{' wide' if wide else ''}'><table{fit} role='table'><thead><tr role='row'>",
           *(f"<th role='columnheader' scope='col'>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        if isinstance(row, str):
            out.append(f"<tr class='group' role='row'><th role='rowheader' scope='colgroup' colspan='{len(head)}'>"
                       f"{escape(row)}</th></tr>")
            continue
        cls = f" class='{classes[i]}'" if classes and classes[i] else ""
        cells = []
        for j, c in enumerate(row):
            kind = " ".join(k for k, on in (("num", j in numeric), ("long", j in long)) if on)
            attrs = f" class='{kind}'" if kind else ""
            cells.append(f"<td role='cell'{attrs}>{_cell(c, j in numeric)}</td>")
        out.append(f"<tr{cls} role='row'>{''.join(cells)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def differences_table(c: Comparison, lang: str = "en") -> str:
    """Each later scenario against the first: a heading that names the two, then per metric both means, the paired
    difference and, in brackets, its 95% interval; clear ones bold.

    The names stand once, in the heading and the column heads, not in every row: on a phone the rows
    then have room for the numbers.
    """
    arm_name = {a.label: a.title(lang) for a in c.arms}
    episode_metrics = {m for m, _ in c.metrics()}
    diffs = c.differences
    diffs = diffs[(diffs["group"] == "all") & diffs["metric"].isin(episode_metrics)]  # residents: groups_table
    parts = []
    for (scenario, against), pair in diffs.groupby(["scenario", "against"], sort=False):
        ours, theirs = arm_name.get(scenario, scenario), arm_name.get(against, against)
        rows, classes = [], []
        for r in pair.itertuples(index=False):
            m = r.metric  # every figure through its metric's one display rule (a wait in weeks, not its unit's days)
            # The one rule (metric_words.verdict), on the interval rounded as this table shows it.
            said = verdict(m, r.difference, r.low, r.high, c.years)
            shown = (no_interval(r.replications, c.replications, lang) if missing(r.low) else
                     span(cell(r.low, m, lang), cell(r.high, m, lang), lang))
            shown = f"{shown}: {words('negligible', lang)}" if said == "negligible" else shown
            rows.append([column_name(m, lang), cell(r.against_mean, m, lang), cell(r.mean, m, lang),
                         f"{cell(r.difference, m, lang)} ({shown})"])
            classes.append("clear" if said == "clear" else "")
        head = [label("w_metric", lang), theirs, ours, f"{label('w_difference', lang)} ({label('w_interval', lang)})"]
        heading = label("b_against", lang, b=ours, a=theirs).rstrip(":")
        parts.append(f"<h3>{escape(heading)}</h3>" + _table(head, rows, {1, 2, 3}, classes))
    return "".join(parts) + (f"<p class='note'>{escape(label('w_clear', lang))} "
                             f"{escape(negligible_note(lang))}</p>")


def groups_table(c: Comparison, lang: str = "en") -> str:
    """Per group of residents (one problem, several): each scenario's figure per resident, and for
    each later scenario its paired difference from the first with the 95% interval."""
    d = c.differences
    later = c.arms[1:]
    head = [label("w_metric", lang)] + [a.title(lang) for a in c.arms] + [f"{label('w_difference', lang)}: {a.title(lang)}"
                                                                         for a in later]
    rows: list[list[str] | str] = []
    for group in ("single", "multi"):
        part = d[d["group"] == group]
        n = part[part["metric"] == "residents"]
        count = number(float(n["against_mean"].iloc[0]), 0, lang) if len(n) else "-"
        heading = label(f'g_{group}', lang)
        rows.append(f"{heading[:1].upper()}{heading[1:]} ({count})")
        for metric in GROUP_METRICS[1:]:
            mine = part[part["metric"] == metric]
            means = [cell(float(mine["against_mean"].iloc[0]), metric, lang)] + [
                cell(float(mine[mine["scenario"] == a.label]["mean"].iloc[0]), metric, lang) for a in later]
            diffs = []
            for a in later:
                r = mine[mine["scenario"] == a.label].iloc[0]
                shown = (no_interval(int(r["replications"]), c.replications, lang) if missing(r["low"]) else
                         span(cell(r['low'], metric, lang), cell(r['high'], metric, lang), lang))
                diffs.append(f"{cell(r['difference'], metric, lang)} ({shown})")
            rows.append([column_name(metric, lang)] + means + diffs)
    table = _table(head, rows, set(range(1, len(head))))
    return table + f"<p class='note'>{escape(label('g_note', lang))}</p>"


def means_table(c: Comparison, lang: str = "en") -> str:
    """One row per metric, one column per scenario: the mean and its 95% interval."""
    means = c.means
    rows = []
    for metric, _ in c.metrics():
        cells = [column_name(metric, lang)]
        for arm in c.arms:
            r = means[(means["scenario"] == arm.label) & (means["metric"] == metric)].iloc[0]
            low, high = cell(r["low"], metric, lang), cell(r["high"], metric, lang)
            cells.append(f"{cell(r['mean'], metric, lang)} ({span(low, high, lang)})")
        rows.append(cells)
    head = [label("w_metric", lang)] + [a.title(lang) for a in c.arms]
    return _table(head, rows, set(range(1, len(c.arms) + 1)))


def summary_table(c: Comparison, lang: str = "en") -> str:
    """Every replication of every scenario, every summary column, folded away: it is long, and wide, so it
    keeps its columns and scrolls sideways in its own box."""
    s = c.summary()
    arm_name = {a.label: a.title(lang) for a in c.arms}
    cols = [col for col in s.columns if col != "scenario"]
    rows = [[arm_name.get(r["scenario"], r["scenario"])] + [cell(r[col], col, lang) for col in cols]
            for r in s.to_dict("records")]
    head = [label("w_scenario", lang)] + [column_name(col, lang, c.arms[0].scenario) for col in cols]
    return (f"<details><summary>{escape(label('w_show', lang))}</summary>"
            + _table(head, rows, set(range(1, len(cols) + 1)), wide=True) + "</details>")


def _picture(name: str, png: bytes, lang: str) -> str:
    """A picture given as PNG bytes, scaled to the page's width."""
    title = label(TITLES[name], lang) if name in TITLES else name
    data = base64.b64encode(png).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{escape(title, quote=True)}'>"
            f"<figcaption>{escape(title)}</figcaption></figure>")


def _fit(t: Text, room: float, renderer, keep_lines: bool = False) -> None:
    """Wrap `t` at spaces until it is at most `room` pixels long (its height if it stands upright).

    Its line breaks were made for the wide drawing, so the text is wrapped anew as one line, unless
    `keep_lines` (a row's name: scenario, then button, on lines of their own).
    """
    text = t.get_text()
    upright = round(t.get_rotation()) % 180 == 90

    def length() -> float:
        box = t.get_window_extent(renderer)
        return box.height if upright else box.width

    if not text.strip() or length() <= room:
        return
    lines = text.split("\n") if keep_lines else [" ".join(text.split())]
    for width in range(max(map(len, lines)) - 1, 7, -1):
        t.set_text("\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
                             for line in lines))
        if length() <= room:
            return


def _wrap_all(fig: Figure, renderer, room: float, placed: bool) -> None:
    """Wrap the title, the axes' titles, labels and notes, and the legend entries to the figure's width, or,
    once the layout has `placed` the axes, a centred label to its nearer edge and a note to its axes."""
    for t in fig.texts:  # the title
        _fit(t, 0.94 * room, renderer)
    for ax in fig.axes:
        inside = ax.get_window_extent(renderer)
        centre = inside.x0 + inside.width / 2
        for t in (ax.title, ax.xaxis.label):  # centred over the axes
            _fit(t, 1.9 * min(centre, room - centre) if placed else 0.94 * room, renderer)
        _fit(ax.yaxis.label, 0.95 * inside.height if placed else 0.6 * fig.get_size_inches()[1] * fig.dpi, renderer)
        for t in ax.texts if placed else ():  # notes inside the axes
            _fit(t, 0.92 * inside.width, renderer)
    for legend in fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend()]:
        for t in legend.get_texts():
            _fit(t, 0.84 * room, renderer)


def narrowed(fig: Figure) -> Figure:
    """The same picture drawn NARROW inches wide for a phone: the text keeps its size, the long titles,
    notes, axis labels, legend entries and row names wrap to the new width, a chart with rows named in
    words (the button timeline) grows as tall as its wrapped names need, and the figure's layout engine
    (constrained) places the rest again. Changes `fig` and returns it."""
    fig.set_size_inches(NARROW, max(4.2, fig.get_size_inches()[1] * 0.85))
    renderer = FigureCanvasAgg(fig).get_renderer()
    room = NARROW * fig.dpi
    rows = []
    for ax in fig.axes:
        names = ax.get_yticklabels()
        if any(t.get_window_extent(renderer).width > 0.34 * room for t in names):
            for t in names:
                _fit(t, 0.34 * room, renderer, keep_lines=True)
            ax.set_yticks(ax.get_yticks(), [t.get_text() for t in names])
            rows.append((ax, names))
    _wrap_all(fig, renderer, room, placed=False)
    for _ in range(3):  # a shorter label lets the layout move the axes it is centred on: place and wrap again
        fig.get_layout_engine().execute(fig)
        _wrap_all(fig, renderer, room, placed=True)
    for ax, names in rows:  # each row as tall as its wrapped name or note
        tallest = max(t.get_window_extent(renderer).height for t in [*names, *ax.texts]) / fig.dpi
        wanted = 1.2 * tallest * len(names) - ax.get_position().height * fig.get_size_inches()[1]
        if wanted > 0:
            fig.set_size_inches(NARROW, fig.get_size_inches()[1] + wanted)
    return fig


def inline_svg(fig: Figure, key: str, title: str) -> str:
    """`fig` as an <svg> element for the page: text kept as text, no XML prolog, metadata or namespace
    addresses (the page has no address in it; a colour bar stays an embedded PNG), the fixed width and
    height left to the CSS, and every id prefixed with `key` so the charts of one page never share one."""
    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": key}):  # the same ids in every run
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*|<style[^>]*>.*?</style>", "", svg, flags=re.S)
    end = svg.index(">")
    root = re.sub(r'\s(?:xmlns(?::\w+)?|width|height|version)="[^"]*"', "", svg[:end])
    svg = f"{root} role='img' aria-label='{escape(title, quote=True)}'{svg[end:]}"
    svg = re.sub(r'href="data:[^"]*"', lambda m: re.sub(r"\s", "", m.group()), svg)  # a colour bar's PNG, on one line
    return re.sub(r'(id="|url\(#|href="#)', rf"\1{key}-", svg)


def chart(name: str, fig: Figure, lang: str) -> str:
    """One picture of FIGURES as a <figure>: the printed drawing for wide screens, a narrow one for phones."""
    title = label(TITLES[name], lang) if name in TITLES else name
    key = re.sub(r"\W", "-", name.rsplit(".", 1)[0])
    wide = inline_svg(fig, f"{key}-wide", title)
    narrow = inline_svg(narrowed(fig), f"{key}-narrow", title)
    return (f"<figure><div class='chart wide'>{wide}</div><div class='chart narrow'>{narrow}</div>"
            f"<figcaption>{escape(title)}</figcaption></figure>")


def provenance_table(c: Comparison, lang: str = "en") -> str:
    """Where the numbers come from. A content hash shows its first 10 characters; the whole one unfolds
    (and wraps) under them, so the column fits a desktop and a phone."""
    m = c.manifest()
    head = [label(k, lang) for k in ("w_scenario", "w_name", "w_file", "w_hash")]
    title = {a.label: a.title(lang) for a in c.arms}  # the name in the reader's language, not the manifest's
    rows = [[s["label"], title.get(s["label"], s["name"]), str(s["scenario_file"] or "-"), _hash(s["scenario_hash"])]
            for s in m["scenarios"]]
    facts = [("w_seed", str(m["seed"])), ("w_replications", str(m["replications"])),
             ("w_stopping", stopping(c, lang)),
             ("w_precision", "-" if m["precision_percent"] is None else number(m["precision_percent"], 2, lang)),
             ("w_version", str(m["version"])), ("w_created", str(m["created"]))]
    return (_table(head, rows, set(), long={2})
            + "<table><tbody>" + "".join(f"<tr><th>{escape(label(k, lang))}</th><td>{escape(v)}</td></tr>" for k, v in facts)
            + "</tbody></table>")


def _hash(full: str) -> Html:
    if len(full) <= 10:
        return Html(f"<code>{escape(full)}</code>")
    return Html(f"<details class='hash'><summary><code>{escape(full[:10])}…</code></summary>"
                f"<code>{escape(full)}</code></details>")


def pictures_html(c: Comparison, lang: str, pictures: dict[str, bytes] | None) -> list[str]:
    """The pictures' <figure>s in FIGURES order: drawn here as inline SVG when `pictures` is None, else the
    PNGs given."""
    if pictures is None:
        return [chart(n, draw(c, lang), lang) for n, draw in FIGURES.items()]
    ordered = [n for n in FIGURES if n in pictures] + [n for n in pictures if n not in FIGURES]
    return [_picture(n, pictures[n], lang) for n in ordered]


def render(c: Comparison, lang: str, pictures: dict[str, bytes] | None = None) -> str:
    """The whole page. Without `pictures` it draws every picture of FIGURES for the screen (inline SVG, see
    the module's note); a dict maps file names to PNG bytes to show instead ({} for none)."""
    first = c.arms[0].scenario
    parts = [f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>{escape(page_title(c, lang))}</title><style>{CSS}</style></head><body>",
             f"<h1>{escape(page_title(c, lang))}</h1>",
             "<p class='intro'>" + escape(label("b_intro", lang, residents=number(first.municipality.residents, 0, lang),
                                                years=c.years, n=c.replications)) + "</p>",
             f"<h2>{escape(label('b_changes', lang))}</h2>"]
    for heading, said in headlines(c, lang):
        parts.append(f"<p><strong>{escape(heading)}</strong></p><ul>" + "".join(f"<li>{escape(s)}</li>" for s in said)
                     + "</ul>")
    parts.append(f"<p class='note'>{escape(label('b_read', lang))}</p>")
    parts.append(f"<p class='note'>{escape(luck([a.scenario for a in c.arms], lang))}</p>")
    figures = pictures_html(c, lang, pictures)
    if figures:
        parts.append(f"<h2>{escape(label('w_pictures', lang))}</h2>")
        parts += figures
    parts += [f"<h2>{escape(label('b_legal_title', lang))}</h2><p>{escape(label('b_legal', lang))}</p>",
              f"<h2>{escape(label('w_differences', lang))}</h2>", differences_table(c, lang),
              f"<h2>{escape(label('g_title', lang))}</h2>", groups_table(c, lang),
              f"<h2>{escape(label('w_means', lang))}</h2>",
              f"<p class='note'>{escape(label('w_means_note', lang, n=c.replications))} "
              f"{escape(words('interval_method', lang))}</p>",
              means_table(c, lang),
              f"<h2>{escape(label('w_summary', lang))}</h2><p class='note'>{escape(label('w_summary_note', lang))}</p>",
              summary_table(c, lang),
              f"<h2>{escape(label('w_scenarios', lang))}</h2>"]
    for arm in c.arms:
        story = arm.scenario.told(lang)
        parts.append(f"<p><strong>{escape(arm.title(lang))}</strong> (<code>{escape(arm.label)}</code>). {escape(story)}</p>")
    parts += [f"<h2>{escape(label('w_how_many', lang))}</h2><p>{escape(stopping(c, lang))}</p>",
              f"<h2>{escape(label('r_provenance', lang))}</h2>", provenance_table(c, lang), "</body></html>"]
    return "\n".join(parts) + "\n"
