"""The notebooks' words (sim.workshop.notebook): one text per language, tables in words and the reader's numbers."""

from __future__ import annotations

import pandas as pd
import pytest

import sim
from sim.workshop.notebook import scenario_line, table, told

from tests.helpers import SCENARIOS


def test_an_explanation_needs_both_languages():
    assert told("nl", en="Run it", nl="Doorrekenen") == "Doorrekenen"
    with pytest.raises(ValueError, match="missing: nl"):
        told("en", en="Only English")


def test_a_table_names_its_columns_in_words_and_shows_numbers_as_the_reader_writes_them():
    capped = sim.load_scenario(SCENARIOS / "eindhoven_capped.yaml")
    raw = pd.DataFrame({"buttons.0.fire": [0.98, 1.05], "cost_per_year": [123_456_789.0, 2e8],
                        "mean_satisfaction": [6.512, 7.0], "legal_exposure_cases": [4192.0, 0.0]})
    nl, en = table(raw, "nl", capped), table(raw, "en", capped)
    assert list(nl.columns) == ["Instelling", "Uitgaven per jaar (miljoen euro)", "Gemiddeld rapportcijfer inwoners (1-10)",
                                "Zaken met juridisch risico"]
    assert nl.iloc[0].tolist() == ["plafond ingedrukt bij 98% van het budget", "123,5", "6,51", "4.192"]
    assert en.iloc[0].tolist() == ["ceiling pressed at 98% of the budget", "123.5", "6.51", "4,192"]
    with pytest.raises(ValueError, match="give the scenario"):
        table(raw, "nl")
    assert scenario_line(capped, "nl") == "Eindhoven met een plafond en rechtmatige noodknoppen: een gemeente van 235.000 inwoners"


@pytest.mark.parametrize("lang, texts", [("de", {"en": "Run", "nl": "Doorrekenen"}),
                                         ("en", {"en": "Run", "nl": "   "})])
def test_a_language_outside_the_two_or_a_blank_text_is_refused(lang, texts):
    with pytest.raises(ValueError, match="LANG must be one of en, nl"):
        told(lang, **texts)


def test_a_plain_table_keeps_its_rows_and_needs_no_scenario():
    raw = pd.DataFrame({"cost_per_year": [1.5e6, 2.5e6]}, index=[10, 11])
    shown = table(raw, "en")
    assert list(shown.index) == [0, 1] and shown.iloc[:, 0].tolist() == ["1.5", "2.5"]
