"""The Dutch of the word tables is Dutch: no English left beside it for a Dutch reader.

Every Dutch text of the report's word tables (labels, the STRESS-DES text of model.md, the metric
words, the brief's and the trade-off's words) is read here, without its placeholders and code,
for English that was found in them: "AANNAME (ASSUMPTION)", and "Student" alone, which a Dutch
reader takes for a pupil (the t-distribution is named after its author's pen name: say so).
"""

from __future__ import annotations

import importlib
import re

TABLES = ["sim.report.labels", "sim.report.stress_text", "sim.report.metric_words", "sim.report.brief",
          "sim.report.tradeoff", "sim.report.figures", "sim.report.run_report", "sim.report.library"]
ENGLISH = re.compile(r"ASSUMPTION|(?<!t-verdeling van )\bStudent\b")


def dutch_texts() -> dict[str, str]:
    """Every Dutch text of every word table (a dict with an "nl" entry, at any depth), by where it is."""
    found: dict[str, str] = {}

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("nl"), str):
                found[where] = re.sub(r"`[^`]*`|\{[^}]*\}", " ", value["nl"])
            for key, inner in value.items():
                walk(inner, f"{where}.{key}")

    for module in TABLES:
        for name, table in vars(importlib.import_module(module)).items():
            if name.isupper() and isinstance(table, dict):
                walk(table, f"{module}:{name}")
    return found


def test_the_dutch_texts_were_read():
    texts = dutch_texts()
    assert len(texts) > 300 and any("t-verdeling van Student" in t for t in texts.values())


def test_no_english_in_a_dutch_text():
    wrong = {where: ENGLISH.findall(text) for where, text in dutch_texts().items() if ENGLISH.search(text)}
    assert not wrong, wrong
