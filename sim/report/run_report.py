"""A short report in plain words: the figures a council member asks for, with their spread.

Each figure is the mean over replications with its spread between brackets (the 5-95% range from
20 replications, else the lowest and the highest), so that a reader sees at once how sure the model
is. Reporting only: nothing here changes a number.
"""

from __future__ import annotations

import numpy as np

from ..study.groups import GROUP_METRICS
from ..model.steady import steady_state
from ..study.metrics import RUN_REPORT, metric
from .brief import headlines
from .labels import budget_label, label, luck, place, with_place
from .metric_words import display, name, negligible_note, unit_of
from .numbers import eur_m, missing, number, percent


def _fmt(value: float, column: str, lang: str = "en") -> str:
    """A figure as the report writes it: money as 'EUR 10.3M' ('€ 10,3 miljoen'), shares in percent, grades, days..."""
    if missing(value):
        return "-"
    shown = display(column)
    if unit_of(column) == "money":
        return eur_m(value, lang, shown.digits)
    return number(shown.shown(value), shown.digits, lang) + shown.suffix


RANGE_FROM = 20  # replications a 5-95% range needs: with fewer, its ends are the lowest and the highest anyway


def _intro(replications: int) -> str:
    """What the brackets hold: a 5-95% range, the lowest and highest of a few, or nothing for one."""
    return "r_intro" if replications >= RANGE_FROM else "r_intro_few" if replications > 1 else "r_intro_one"


def _cell(values, column: str, lang: str = "en", budget: float | None = None) -> str:
    """The mean over replications, with its spread between brackets when there are two or more (see `_intro`);
    money also as a share of `budget` (the allocations over the term), so a reader sees its size."""
    v = np.asarray(values, dtype=float)
    known = v[~np.isnan(v)]
    mean = float(known.mean()) if len(known) else float("nan")  # a group with no one in it: no figure, no warning
    text = _fmt(mean, column, lang)
    if budget and column != "allocation" and unit_of(column) == "money" and not missing(mean):
        text += label("r_of_budget", lang, p=percent(mean / budget, 1, lang))
    if len(v) < 2:
        return text
    lo, hi = np.nanpercentile(v, [5, 95]) if len(v) >= RANGE_FROM else (np.nanmin(v), np.nanmax(v))
    return f"{text} ({_fmt(lo, column, lang)} - {_fmt(hi, column, lang)})"


def _groups(results: list, lang: str) -> list[str]:
    """The figures per resident, for one problem and for several: who the policy is about."""
    lines = ["", f"## {label('g_title', lang)}", "", label("g_note", lang), ""]
    for group in ("single", "multi"):
        tables = [r.groups[r.groups["group"] == group] for r in results]
        count = number(float(tables[0]["residents"].mean()), 0, lang)
        heading = label(f'g_{group}', lang)
        lines += [f"**{heading[:1].upper()}{heading[1:]}** ({count})", "",
                  "| | " + " | ".join(_heads(results, lang)) + " |", "|---" * (len(results) + 1) + "|"]
        for metric in GROUP_METRICS[1:]:
            lines.append(f"| {name(metric, lang)} | " + " | ".join(_cell(g[metric], metric, lang) for g in tables) + " |")
        lines.append("")
    return lines


_WARM = {
    "steady": {"en": "**{name}** starts from the model's own steady state under the settings in force before day 0 (`run.history`): on day 0 about "
                     "{stock} clients are in care ({domains}; published stock between brackets), with the relapses, "
                     "escalations and missed problems on their way back, so the first year is no artefact of the start.",
               "nl": "**{name}** begint in de eigen evenwichtstoestand van het model onder de instellingen van vóór dag 0 (`run.history`): op "
                     "dag 0 zijn ongeveer {stock} cliënten in zorg ({domains}; gepubliceerde stand tussen haakjes), met "
                     "de terugvallen, escalaties en gemiste problemen die onderweg terug zijn, zodat het eerste jaar "
                     "geen gevolg van de start is."},
    "given": {"en": "**{name}** starts with the given caseload on day 0: {stock} clients in care ({domains}), with "
                    "the day-0 policy's provisions; the stock may drift to the model's own level in the first years.",
              "nl": "**{name}** begint met het opgegeven cliëntenbestand op dag 0: {stock} cliënten in zorg "
                    "({domains}), met de voorzieningen van het beleid van dag 0; de stand kan in de eerste jaren naar "
                    "het eigen niveau van het model schuiven."},
}


def warm_start(scenario, lang: str = "en") -> str:
    """One sentence on how day 0 starts (`run.warm_start`): the model's own steady state, with its
    stock per domain against the published one, or the caseload the file gives."""
    doms = scenario.domain_names()
    given = [scenario.domains[d].initial_caseload for d in doms]
    mode = scenario.run.warm_start
    if mode == "steady":
        ss = steady_state(scenario)
        stock = [ss.stock(i) for i in range(len(doms))]
        parts = [f"{budget_label(d, scenario, lang)} {number(v, 0, lang)}" + (f" ({number(g, 0, lang)})" if g else "")
                 for d, v, g in zip(doms, stock, given)]
    else:
        stock = [float(g) for g in given]
        parts = [f"{budget_label(d, scenario, lang)} {number(v, 0, lang)}" for d, v in zip(doms, stock)]
    return _WARM[mode][lang].format(name=scenario.title(lang), stock=number(sum(stock), 0, lang),
                                    domains=", ".join(parts))


def _heads(results: list, lang: str) -> list[str]:
    """The scenarios' column heads: their names, each with its municipality when they are of several."""
    scenarios = [r.scenario for r in results]
    return [with_place(s, scenarios, lang) for s in scenarios]


def report(results: list, lang: str = "en", comparison=None) -> str:
    """Markdown: one column per scenario, one row per headline figure; with the `comparison` of several
    scenarios, also each one's paired differences from the first in the brief's words (`sim.report.brief`)."""
    first = results[0]
    head = "| | " + " | ".join(_heads(results, lang)) + " |"
    shared = place([r.scenario for r in results])  # the municipality in the title, or in each column head
    title = label("r_title", lang) if shared is None else label("r_title_in", lang, place=shared)
    lines = [f"# {title}", "",
             label(_intro(first.replications), lang, years=first.scenario.run.horizon_years, n=first.replications,
                   seed=first.seed),
             "", head, "|---" * (len(results) + 1) + "|"]
    for col in [c for m in RUN_REPORT for c in (m, *metric(m).cause_columns())]:  # legal exposure by each cause
        if not all(col in r.summary for r in results):
            continue  # a replication stored before the causes were counted
        lines.append(f"| {name(col, lang)} | " + " | ".join(
            _cell(r.summary[col], col, lang, float(r.summary["allocation"].mean())) for r in results) + " |")
    lines += ["", luck([r.scenario for r in results], lang)]
    if comparison is not None:
        lines += ["", f"## {label('b_changes', lang)}", ""]
        for heading, said in headlines(comparison, lang):
            lines += [f"**{heading}**", "", *(f"- {s}" for s in said), ""]
        lines.append(f"_{label('b_read', lang)} {negligible_note(lang)}_")
    lines += _groups(results, lang)
    lines += [""] + [warm_start(r.scenario, lang) for r in results]
    lines += ["", f"## {label('r_stories', lang)}", ""]
    for r in results:
        lines += [f"**{r.scenario.title(lang)}.** {r.scenario.told(lang)}", ""]
    lines += [label("r_legal", lang), "", f"_{label('r_provenance', lang)}_", ""]
    for r in results:
        m = r.manifest()
        lines.append("- " + label("r_provenance_line", lang, name=r.scenario.title(lang), file=m["scenario_file"],
                                  hash=m["scenario_hash"][:12], seed=m["seed"], n=m["replications"], version=m["version"],
                                  made=m["created"]))
    return "\n".join(lines) + "\n"
