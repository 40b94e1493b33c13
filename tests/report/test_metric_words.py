"""A metric as the reader sees it (sim.report.metric_words), and why a comparison ran so many replications."""

from __future__ import annotations

import pytest

from sim.report import metric_words as W
from sim.report.labels import LABELS, label, stopping
from sim.study.compare import Comparison
from sim.study.metrics import REGISTRY


def test_every_metric_has_a_name_in_english_and_dutch():
    """The metric carries its own words (a `Said`), and the report names it by them in either language."""
    for metric, m in REGISTRY.items():
        assert m.words.en and m.words.nl and m.words.en != m.words.nl, metric
        assert W.name(metric) == m.words.en and W.name(metric, "nl") == m.words.nl
    for m in REGISTRY.values():  # a per-year, per-domain or per-cause column is named by its metric's words
        assert (m.year_words is not None) == m.by_year and (m.part_words is not None) == (m.by_domain or m.by_cause)


def test_no_metric_name_is_left_among_the_labels():
    """The label keys with prefixes (r_, c_, g_) that once named metrics are gone: a metric's words live with it."""
    named = {said for m in REGISTRY.values() for said in (m.words.en, m.words.nl)}
    assert not [key for key, text in LABELS.items() if text.get("en") in named or text.get("nl") in named]


def test_the_satisfied_grade_is_written_once():
    """The words of the satisfied share say the grade the model counts from (sim.model.outcome.SATISFIED_GRADE)."""
    from sim.model.outcome import SATISFIED_GRADE

    assert f"grade {SATISFIED_GRADE:g}+" in W.name("share_satisfied")
    assert f"cijfer {SATISFIED_GRADE:g}+" in W.name("share_satisfied_residents", "nl")
    assert label("satisfied_line") == f"grade {SATISFIED_GRADE:g} (satisfied)"
    assert f"cijfer {SATISFIED_GRADE:g} of hoger" in label("b_share_satisfied_less", "nl", v="1", i="x")
    assert not [key for key, text in LABELS.items() if "{satisfied}" in text["en"] + text.get("nl", "")]  # all filled


def test_names_of_columns():
    assert W.name("mean_wait_days") == "Mean wait for help (weeks)"
    assert W.name("decided_in_term_jeugd", "nl") == "Binnen de wettelijke termijn beslist: jeugd"
    assert W.name("deficit_y2", "nl") == "Tekort in jaar 2"
    assert W.name("overspend_y1") == "Overspend in year 1"
    assert W.name("replication", "nl") == "Herhaling"
    assert W.name("no_such_column") == "no_such_column"


def test_a_per_domain_column_is_named_by_the_domain_label_not_its_id():
    """`decided_in_term_jeugd` reads 'Youth care' ('Jeugdhulp' in Dutch), the label the scenario gives its domain."""
    import sim
    from tests.helpers import SCENARIOS

    s = sim.load_scenario(SCENARIOS / "baseline_earmarked.yaml")
    assert W.name("decided_in_term_jeugd", "nl", s) == "Binnen de wettelijke termijn beslist: Jeugdhulp"
    assert W.name("decided_in_term_wmo", "en", s) == "Decided within the legal term: Support at home (Wmo)"
    for domain, d in s.domains.items():
        for lang, shown in (("en", d.label_en), ("nl", d.label_nl)):
            assert W.name(f"decided_in_term_{domain}", lang, s).endswith(": " + shown)
    assert W.name("decided_in_term_nowhere", "nl", s) == "Binnen de wettelijke termijn beslist: nowhere"  # no such domain


@pytest.mark.parametrize("column, value, en, nl", [
    ("total_cost", 12_345_678.0, "12.3", "12,3"),
    ("deficit_y2", 1_500_000.0, "1.5", "1,5"),
    ("share_satisfied", 0.8123, "81.2%", "81,2%"),
    ("mean_satisfaction", 7.456, "7.46", "7,46"),
    ("p90_wait_days", 86.38, "12.3", "12,3"),  # days in the tables, weeks where a council reads them
    ("decided_in_term_wmo", 0.8712, "87.1%", "87,1%"),
    ("escalations", 1234.0, "1,234", "1.234"),
    ("legal_exposure_days", 1234.4, "1,234", "1.234"),  # days summed over many cases: whole
    ("intakes_per_multi_case", 1.046, "1.05", "1,05"),
    ("replication", 3, "3", "3"),
    ("mean_wait_days", float("nan"), "-", "-"),
])
def test_cells(column, value, en, nl):
    assert W.cell(value, column) == en and W.cell(value, column, "nl") == nl


def _comparison(reason: str, precision: float | None = None, widest: float | None = None) -> Comparison:
    return Comparison([], seed=1, replications=6, stop_reason=reason, precision=precision, widest=widest)


def test_the_stopping_rule_in_both_languages():
    c = _comparison("maximum", 0.5, 0.0123)
    assert stopping(c) == ("maximum of 6 replications reached before the precision of 0.5% "
                           "(widest headline interval 1.23% of its mean)")
    assert stopping(c, "nl") == ("maximum van 6 herhalingen bereikt vóór de precisie van 0,5% (breedste interval "
                                 "van de hoofdcijfers 1,23% van het gemiddelde)")
    assert stopping(_comparison("asked")) == "6 replications, as asked"
    assert stopping(_comparison("asked"), "nl") == "6 herhalingen, zoals gevraagd"
    reached = stopping(_comparison("precision", 2.0, 0.0151), "nl")
    assert "binnen 2% van het gemiddelde na 6 herhalingen (breedste 1,51%)" in reached
    assert "(widest ?)" in stopping(_comparison("precision", 2.0, float("nan")))  # not known: said so


@pytest.mark.parametrize("column, d, low, high, said", [
    ("cost_per_year", 0.0, 0.0, 0.0, "same"),  # an A/A check
    ("cost_per_year", 20_000.0, -30_000.0, 45_000.0, "negligible"),  # all within EUR 50,000 a year
    ("cost_per_year", 30_000.0, 12_000.0, 44_000.0, "negligible"),  # on one side of 0, but too small to matter
    ("cost_per_year", 60_000.0, 30_000.0, 90_000.0, "unclear"),  # shown as "0.0 to 0.1": not clear to the reader
    ("cost_per_year", 300_000.0, 160_000.0, 440_000.0, "clear"),
    ("cost_per_year", 300_000.0, -100_000.0, 700_000.0, "unclear"),
    ("mean_satisfaction", 0.02, -0.01, 0.04, "negligible"),
    ("mean_satisfaction", -0.2, -0.3, -0.1, "clear"),
    ("deficit_y1", 40_000.0, 10_000.0, 45_000.0, "negligible"),  # one year's deficit: one year's resolution
    ("deficit", 150_000.0, 100_000.0, 190_000.0, "negligible"),  # over 4 years: EUR 200,000
    ("mean_satisfaction", 0.3, float("nan"), float("nan"), "point"),  # one replication
    ("mean_satisfaction", float("nan"), float("nan"), float("nan"), "none"),
])
def test_one_rule_for_what_a_difference_says(column, d, low, high, said):
    assert W.verdict(column, d, low, high, years=4) == said


def test_the_rule_rounds_as_the_interval_is_shown():
    # 0.049 to 0.3 a year: shown with one decimal as "0.0 to 0.3", with two as "0.05 to 0.30".
    assert W.verdict("cost_per_year", 170_000, 49_000, 300_000, 4) == "unclear"
    assert W.verdict("cost_per_year", 170_000, 49_000, 300_000, 4, digits=2) == "clear"


def test_the_words_in_both_languages():
    assert W.said("negligible", "en") == "no difference that matters"
    assert W.said("negligible", "nl") == "geen verschil dat ertoe doet"
    assert "0,05" in W.negligible_note("nl") and "0.05" in W.negligible_note("en")
    assert W.resolution_shown("cost_per_year", 4, "nl") == "0,05" and W.resolution_shown("share_satisfied", 4) == "0.5"
    assert set(W.said("interval_method", "en").split()) & {"cut", "negative"}
