"""Legal exposure by its cause, as a reader meets it (issue 18, item 2): each cause has its words in
English and Dutch, every definition of legal exposure names every cause, and the brief says by
which cause the exposure differs."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.model.record import EXPOSURE_CAUSES
from sim.report import stress_text
from sim.report.brief import by_cause
from sim.report.explain_words import WORDS
from sim.report.labels import IDS, label
from sim.report.metric_words import cell, name
from sim.study.metrics import expanded, metric

LANGS = ("en", "nl")


def test_each_cause_is_a_metric_of_the_total_with_its_own_words():
    total = metric("legal_exposure_cases")
    columns = [f"legal_exposure_cases_{c}" for c in EXPOSURE_CAUSES]
    assert all(metric(col) is total for col in columns)
    order = [col for col, _ in expanded(("escalations", "legal_exposure_cases"), 4)]
    assert order == ["escalations", "legal_exposure_cases", *columns]  # a row per cause, under the total
    for lang in LANGS:
        names = [name(col, lang) for col in columns]
        assert len(set(names)) == len(columns) and not set(names) & set(columns)
        assert all(name("legal_exposure_cases", lang) in n for n in names)
    assert name("legal_exposure_cases_provider", "en") != name("legal_exposure_cases_provider", "nl")
    assert cell(12.0, "legal_exposure_cases_cut") == "12"


@pytest.mark.parametrize("lang", LANGS)
def test_every_definition_names_every_cause(lang):
    said = [IDS["exposure_cause_said"][c][lang] for c in EXPOSURE_CAUSES]
    for key in ("r_legal", "b_legal"):
        text = label(key, lang)
        assert all(s in text for s in said), key
    logic = stress_text.LOGIC if lang == "en" else stress_text.LOGIC_NL
    for text in (logic, stress_text.TEXT["assumptions"][lang]):  # model.md's law step and its assumption
        assert all(f"legal_exposure_cases_{c}" in text or f"`_{c}`" in text for c in EXPOSURE_CAUSES)
    assert "{cause}" in WORDS["exposure"][lang]  # a case's story says the cause it counts under


def _rows(total: tuple[float, float, float], **causes: float) -> pd.DataFrame:
    rows = {"legal_exposure_cases": dict(zip(("difference", "low", "high"), total))}
    for c in EXPOSURE_CAUSES:
        d = causes.get(c, 0.0)
        rows[f"legal_exposure_cases_{c}"] = {"difference": d, "low": d, "high": d}
    return pd.DataFrame.from_dict(rows, orient="index")


@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_says_by_which_cause_exposure_differs(lang):
    one = by_cause("legal_exposure_cases", _rows((-9792, -9900, -9700), provider=-9792), 4, lang, "S")
    assert one == label("b_exposure_all", lang, sentence="S", cause=IDS["exposure_cause_said"]["provider"][lang])
    two = by_cause("legal_exposure_cases", _rows((-90, -120, -60), provider=-100, button=10), 4, lang, "S")
    assert two.startswith("S; ") and IDS["exposure_cause_said"]["provider"][lang] in two
    assert IDS["exposure_cause_said"]["button"][lang] in two and IDS["exposure_cause_said"]["cut"][lang] not in two
    # No difference worth saying, or another headline: the sentence as it was.
    assert by_cause("legal_exposure_cases", _rows((0.2, -0.3, 0.4), rule=0.2), 4, lang, "S") == "S"
    assert by_cause("escalations", _rows((-90, -120, -60), provider=-90), 4, lang, "S") == "S"
