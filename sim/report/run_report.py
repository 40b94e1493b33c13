"""A short report in plain words: the figures a council member asks for, with their spread.

Each figure is the mean over replications with the 5-95% range between brackets, so that a
reader sees at once how sure the model is. Reporting only: nothing here changes a number.
"""

from __future__ import annotations

import numpy as np

from .labels import label

ROWS = [  # (summary column, label key, format)
    ("total_cost", "r_total_cost", "money"),
    ("allocation", "r_allocation", "money"),
    ("overspend_share", "r_overspend_share", "pct"),
    ("deficit", "r_deficit", "money"),
    ("mean_satisfaction", "r_mean_satisfaction", "grade"),
    ("share_satisfied", "r_share_satisfied", "pct"),
    ("mean_wait_days", "r_mean_wait", "days"),
    ("p90_wait_days", "r_p90_wait", "days"),
    ("intakes_per_multi_case", "r_intakes", "num"),
    ("escalations", "r_escalations", "int"),
    ("legal_exposure_cases", "r_exposure", "int"),
    ("button_presses", "r_presses", "int"),
]


def _fmt(value: float, kind: str) -> str:
    if np.isnan(value):
        return "-"
    if kind == "money":
        return f"EUR {value / 1e6:,.1f}M"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "grade":
        return f"{value:.2f}"
    if kind == "days":
        return f"{value:.1f}"
    if kind == "int":
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _cell(values, kind: str) -> str:
    v = np.asarray(values, dtype=float)
    if len(v) < 2:
        return _fmt(float(v.mean()), kind)
    lo, hi = np.nanpercentile(v, [5, 95])
    return f"{_fmt(float(np.nanmean(v)), kind)} ({_fmt(lo, kind)} - {_fmt(hi, kind)})"


def report(results: list, lang: str = "en") -> str:
    """Markdown: one column per scenario, one row per headline figure."""
    first = results[0]
    head = "| | " + " | ".join(r.scenario.title(lang) for r in results) + " |"
    lines = [f"# {label('r_title', lang)}", "",
             label("r_intro", lang, years=first.scenario.run.horizon_years, n=first.replications, seed=first.seed),
             "", head, "|---" * (len(results) + 1) + "|"]
    for col, key, kind in ROWS:
        lines.append(f"| {label(key, lang)} | " + " | ".join(_cell(r.summary[col], kind) for r in results) + " |")
    lines += ["", f"## {label('r_stories', lang)}", ""]
    for r in results:
        lines += [f"**{r.scenario.title(lang)}.** {r.scenario.told(lang)}", ""]
    lines += [label("r_legal", lang), "", f"_{label('r_provenance', lang)}_", ""]
    for r in results:
        m = r.manifest()
        lines.append(f"- {m['scenario']}: `{m['scenario_file']}`, hash `{m['scenario_hash'][:12]}`, seed {m['seed']}, "
                     f"{m['replications']} replications, ontschot {m['version']}, {m['created']}")
    return "\n".join(lines) + "\n"
