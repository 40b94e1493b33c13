"""What a workshop notebook says between its pictures, in the language its first cell chose.

A notebook is one file for both languages: each explanation is a cell that holds the English and
the Dutch side by side (`say(LANG, en=..., nl=...)`), so an edit to one is made beside the other,
and the cell shows only the chosen one. A markdown cell cannot do that (it is the same text
whatever `LANG` is), which is why the notebooks' explanations are such cells, with their source
collapsed so the room sees text, not code. Tables are shown as a reader reads them: columns named
by their metric's words with the unit (`sim.report.webreport.column_name`, as report.html names them), every value through its metric's one
display rule (`cell`, in the reader's language), and a swept parameter in words
(`sim.report.tradeoff.parameter_words`) instead of its path.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..report.labels import label
from ..report.metric_words import cell
from ..report.numbers import LANGS, number
from ..report.tradeoff import parameter_words
from ..report.webreport import column_name
from ..policy.scenario import Scenario


def told(lang: str, **texts: str) -> str:
    """The text in `lang` of `texts` (one per language, e.g. en=..., nl=...); ValueError if a language is missing,
    so a notebook cannot drift into one language."""
    missing = [x for x in LANGS if not (texts.get(x) or "").strip()]
    if missing or lang not in LANGS:
        raise ValueError(f"give the text in {', '.join(LANGS)} (missing: {', '.join(missing) or 'none'}); "
                         f"LANG must be one of {', '.join(LANGS)}, got {lang!r}")
    return texts[lang].strip()


def say(lang: str, **texts: str) -> None:
    """Show the explanation in the chosen language, as Markdown (`told`)."""
    from IPython.display import Markdown, display

    display(Markdown(told(lang, **texts)))


def scenario_line(s: Scenario, lang: str) -> str:
    """'Baseline ...: a municipality of 20,000 residents', in the reader's language and numbers."""
    return label("ws_scenario_line", lang, name=s.title(lang), residents=number(s.municipality.residents, 0, lang))


def table(df: pd.DataFrame, lang: str, scenario: Scenario | None = None) -> pd.DataFrame:
    """A summary or sweep table as a reader reads it: each column named in words, each value as its metric shows it.

    A column that is a scenario field's path (a sweep's `buttons.0.fire`) becomes one column `Setting` whose
    cells say the setting in words ('plafond ingedrukt bij 98% van het budget'), which needs the `scenario`.
    """
    paths = [c for c in df.columns if "." in str(c)]
    out = pd.DataFrame(index=df.index)
    if paths:
        if scenario is None:
            raise ValueError(f"columns {paths} are scenario fields: give the scenario to say them in words")
        out[label("ws_setting", lang)] = ["; ".join(parameter_words(scenario, p, _plain(row[p]), lang) for p in paths)
                                          for _, row in df.iterrows()]
    for col in df.columns:
        if col not in paths:
            out[column_name(col, lang, scenario)] = [cell(v, col, lang) for v in df[col]]
    return out.reset_index(drop=True)


def _plain(value: Any) -> Any:
    """A numpy number as a Python one (the words test for int and float)."""
    return value.item() if hasattr(value, "item") else value
