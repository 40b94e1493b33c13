"""The comparison as one self-contained HTML page that opens offline.

A council clerk mails one file; it must open on a laptop without a network and show the same
thing years later. So the style sheet is inline, every picture is a base64 `data:` URI, there
is no script, no web font and no link to anything outside the page. The words are those of the
brief (`sim.brief`), the tables come from Comparison.differences, .means and .summary(), with
numbers as the reader writes them. Reporting only: nothing here changes a number.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

from .brief import headlines, names
from .figures import FIGURES, TITLES
from ..study.groups import GROUP_METRICS
from .labels import label, luck, stopping
from .metric_words import BY_UNIT, cell, in_unit, name, negligible_note, said as words, unit_of, verdict
from .numbers import number, span

if TYPE_CHECKING:
    from ..study.compare import Comparison

CSS = """
body { font-family: system-ui, 'Segoe UI', Arial, sans-serif; font-size: 17px; line-height: 1.5; color: #1a1a1a;
       max-width: 62rem; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.8rem; line-height: 1.25; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #ddd; }
.intro, .note { color: #444; } .note { font-size: 0.9rem; font-style: italic; }
figure { margin: 1.5rem 0; break-inside: avoid; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-weight: bold; margin-top: 0.3rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.55rem; vertical-align: top; }
th { background: #f0f0f0; text-align: left; } td.num { text-align: right; white-space: nowrap; }
tr.clear td { font-weight: bold; }
tr.group td { font-weight: bold; background: #f7f7f7; }
code { font-size: 0.85rem; word-break: break-all; }
@media print { body { margin: 0; max-width: none; font-size: 12pt; } details { display: block; } }
"""


def value(v: float, unit: str, lang: str = "en") -> str:
    """A cell in a unit (money, share, grade, days, count, number; `int` for count), as metric_words shows it."""
    return in_unit(v, {"int": "count", "num": "number"}.get(unit, unit), lang)


def column_name(column: str, lang: str = "en") -> str:
    """A column or metric as the reader calls it, with its unit where the value does not show it."""
    text = name(column, lang)
    if unit_of(column) != "money":
        return text
    unit = label("euros_m", lang)
    return f"{text[:-1]}; {unit})" if text.endswith(")") else f"{text} ({unit})"


def _table(head: list[str], rows: list[list[str]], numeric: set[int], classes: list[str] | None = None) -> str:
    out = ["<div class='scroll'><table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for i, row in enumerate(rows):
        cls = f" class='{classes[i]}'" if classes and classes[i] else ""
        cells = (f"<td class='num'>{escape(c)}</td>" if j in numeric else f"<td>{escape(c)}</td>" for j, c in enumerate(row))
        out.append(f"<tr{cls}>{''.join(cells)}</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def differences_table(c: Comparison, lang: str = "en") -> str:
    """Each later scenario against the first: both means, the paired difference, its interval; clear ones bold."""
    arm_name = {a.label: a.title(lang) for a in c.arms}
    episode_metrics = {m for m, _ in c.metrics()}
    rows, classes = [], []
    diffs = c.differences
    for r in diffs[diffs["group"] == "all"].itertuples(index=False):
        if r.metric not in episode_metrics:
            continue  # the figures per resident have their own table (groups_table)
        unit = r.unit
        # The one rule (metric_words.verdict), on the interval rounded as this table shows it.
        said = verdict(r.metric, r.difference, r.low, r.high, c.years, BY_UNIT[{"int": "count", "num": "number"}.get(unit, unit)])
        shown = span(value(r.low, unit, lang), value(r.high, unit, lang), lang)
        rows.append([arm_name.get(r.scenario, r.scenario), arm_name.get(r.against, r.against), column_name(r.metric, lang),
                     value(r.mean, unit, lang), value(r.against_mean, unit, lang), value(r.difference, unit, lang),
                     f"{shown}: {words('negligible', lang)}" if said == "negligible" else shown])
        classes.append("clear" if said == "clear" else "")
    head = [label(k, lang) for k in ("w_scenario", "w_against", "w_metric", "w_mean", "w_against_mean", "w_difference",
                                      "w_interval")]
    return (_table(head, rows, {3, 4, 5, 6}, classes) + f"<p class='note'>{escape(label('w_clear', lang))} "
            f"{escape(negligible_note(lang))}</p>")


def groups_table(c: Comparison, lang: str = "en") -> str:
    """Per group of residents (one problem, several): each scenario's figure per resident, and for
    each later scenario its paired difference from the first with the 95% interval."""
    d = c.differences
    later = c.arms[1:]
    head = [label("w_metric", lang)] + [a.title(lang) for a in c.arms] + [f"{label('w_difference', lang)}: {a.title(lang)}"
                                                                         for a in later]
    rows, classes = [], []
    for group in ("single", "multi"):
        part = d[d["group"] == group]
        n = part[part["metric"] == "residents"]
        count = number(float(n["against_mean"].iloc[0]), 0, lang) if len(n) else "-"
        heading = label(f'g_{group}', lang)
        rows.append([f"{heading[:1].upper()}{heading[1:]} ({count})"] + [""] * (len(c.arms) + len(later)))
        classes.append("group")
        for metric in GROUP_METRICS[1:]:
            mine = part[part["metric"] == metric]
            means = [cell(float(mine["against_mean"].iloc[0]), metric, lang)] + [
                cell(float(mine[mine["scenario"] == a.label]["mean"].iloc[0]), metric, lang) for a in later]
            diffs = []
            for a in later:
                r = mine[mine["scenario"] == a.label].iloc[0]
                diffs.append(f"{cell(r['difference'], metric, lang)} "
                             f"({span(cell(r['low'], metric, lang), cell(r['high'], metric, lang), lang)})")
            rows.append([column_name(metric, lang)] + means + diffs)
            classes.append("")
    table = _table(head, rows, set(range(1, len(head))), classes)
    return table + f"<p class='note'>{escape(label('g_note', lang))}</p>"


def means_table(c: Comparison, lang: str = "en") -> str:
    """One row per metric, one column per scenario: the mean and its 95% interval."""
    means = c.means
    rows = []
    for metric, unit in c.metrics():
        cells = [column_name(metric, lang)]
        for arm in c.arms:
            r = means[(means["scenario"] == arm.label) & (means["metric"] == metric)].iloc[0]
            low, high = value(r["low"], unit, lang), value(r["high"], unit, lang)
            cells.append(f"{value(r['mean'], unit, lang)} ({span(low, high, lang)})")
        rows.append(cells)
    head = [label("w_metric", lang)] + [a.title(lang) for a in c.arms]
    return _table(head, rows, set(range(1, len(c.arms) + 1)))


def summary_table(c: Comparison, lang: str = "en") -> str:
    """Every replication of every scenario, every summary column, folded away: it is long."""
    s = c.summary()
    arm_name = {a.label: a.title(lang) for a in c.arms}
    cols = [col for col in s.columns if col != "scenario"]
    rows = [[arm_name.get(r["scenario"], r["scenario"])] + [cell(r[col], col, lang) for col in cols]
            for r in s.to_dict("records")]
    head = [label("w_scenario", lang)] + [column_name(col, lang) for col in cols]
    return (f"<details><summary>{escape(label('w_show', lang))}</summary>"
            + _table(head, rows, set(range(1, len(cols) + 1))) + "</details>")


def _picture(name: str, png: bytes, lang: str) -> str:
    title = label(TITLES[name], lang) if name in TITLES else name
    data = base64.b64encode(png).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{escape(title, quote=True)}'>"
            f"<figcaption>{escape(title)}</figcaption></figure>")


def provenance_table(c: Comparison, lang: str = "en") -> str:
    m = c.manifest()
    head = [label(k, lang) for k in ("w_scenario", "w_name", "w_file", "w_hash")]
    rows = [[s["label"], s["name"], str(s["scenario_file"] or "-"), s["scenario_hash"]] for s in m["scenarios"]]
    facts = [("w_seed", str(m["seed"])), ("w_replications", str(m["replications"])),
             ("w_stopping", stopping(c, lang)),
             ("w_precision", "-" if m["precision_percent"] is None else number(m["precision_percent"], 2, lang)),
             ("w_version", str(m["version"])), ("w_created", str(m["created"]))]
    return (_table(head, rows, set())
            + "<table><tbody>" + "".join(f"<tr><th>{escape(label(k, lang))}</th><td>{escape(v)}</td></tr>" for k, v in facts)
            + "</tbody></table>")


def render(c: Comparison, lang: str, pictures: dict[str, bytes]) -> str:
    """The whole page. `pictures` maps FIGURES file names to PNG bytes; they appear in FIGURES order, others after."""
    first = c.arms[0].scenario
    parts = [f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>",
             "<meta name='viewport' content='width=device-width, initial-scale=1'>",
             f"<title>{escape(label('b_title', lang, names=names(c, lang)))}</title><style>{CSS}</style></head><body>",
             f"<h1>{escape(label('b_title', lang, names=names(c, lang)))}</h1>",
             "<p class='intro'>" + escape(label("b_intro", lang, residents=number(first.municipality.residents, 0, lang),
                                                years=c.years, n=c.replications)) + "</p>",
             f"<h2>{escape(label('b_changes', lang))}</h2>"]
    for heading, said in headlines(c, lang):
        parts.append(f"<p><strong>{escape(heading)}</strong></p><ul>" + "".join(f"<li>{escape(s)}</li>" for s in said)
                     + "</ul>")
    parts.append(f"<p class='note'>{escape(label('b_read', lang))}</p>")
    parts.append(f"<p class='note'>{escape(luck([a.scenario for a in c.arms], lang))}</p>")
    ordered = [n for n in FIGURES if n in pictures] + [n for n in pictures if n not in FIGURES]
    if ordered:
        parts.append(f"<h2>{escape(label('w_pictures', lang))}</h2>")
        parts += [_picture(n, pictures[n], lang) for n in ordered]
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
