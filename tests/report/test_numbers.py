"""Numbers as the reader writes them, in English and in Dutch (sim.report.numbers)."""

from __future__ import annotations

import pytest

from sim.report import numbers as N

NAN = float("nan")


@pytest.mark.parametrize("value, digits, en, nl", [
    (1234.56, 1, "1,234.6", "1.234,6"),
    (1_234_567.891, 2, "1,234,567.89", "1.234.567,89"),
    (7.456, 2, "7.46", "7,46"),
    (0.0, 1, "0.0", "0,0"),
    (-0.04, 1, "0.0", "0,0"),        # no minus zero: only rounding made it negative
    (-0.06, 1, "-0.1", "-0,1"),
    (-1234.5, 0, "-1,234", "-1.234"),  # round half to even, as Python formats
    (12, 0, "12", "12"),
    (NAN, 1, "-", "-"),
    (None, 1, "-", "-"),
])
def test_number(value, digits, en, nl):
    assert N.number(value, digits) == en
    assert N.number(value, digits, "nl") == nl


def test_number_without_thousands():
    assert N.number(22271.84, 1, grouped=False) == "22271.8"
    assert N.number(22271.84, 1, "nl", grouped=False) == "22271,8"


@pytest.mark.parametrize("value, digits, en, nl", [
    (1.46, 1, "+1.5", "+1,5"),
    (-1.46, 1, "-1.5", "-1,5"),
    (0.0, 2, "+0.00", "+0,00"),
    (-0.001, 2, "+0.00", "+0,00"),   # a difference that rounds to zero is not shown as '-0.00'
    (-1234.5, 1, "-1,234.5", "-1.234,5"),
])
def test_signed(value, digits, en, nl):
    assert N.signed(value, digits) == en
    assert N.signed(value, digits, "nl") == nl


def test_signed_without_a_number_and_without_thousands():
    assert N.signed(NAN, 1) == "-"
    assert N.signed(NAN, 1, none="n/a") == "n/a"
    assert N.signed(22271.84, 1, grouped=False) == "+22271.8"


def test_interval():
    assert N.interval(-1.23, 3.456, 1) == "-1.2 to 3.5"
    assert N.interval(-1.23, 3.456, 1, "nl") == "-1,2 tot 3,5"
    assert N.interval(-0.59, 0.001, 2, sign=True) == "-0.59 to +0.00"
    assert N.interval(NAN, NAN, 1, sign=True, none="n/a") == "n/a to n/a"
    assert N.span("1,2%", "3,4%", "nl") == "1,2% tot 3,4%"


@pytest.mark.parametrize("value, lang, text", [
    (12_345_678.0, "en", "EUR 12.3M"),
    (12_345_678.0, "nl", "€ 12,3 miljoen"),
    (10_450_000.0, "en", "EUR 10.4M"),   # 10.45 is just below the half in binary: as f"{x / 1e6:.1f}" gives
    (-40_000.0, "en", "EUR 0.0M"),       # no '-0.0' for a saving that rounds away
    (1_234_567_890.0, "en", "EUR 1,234.6M"),
    (1_234_567_890.0, "nl", "€ 1.234,6 miljoen"),
    (NAN, "en", "-"),
])
def test_money_in_millions(value, lang, text):
    assert N.eur_m(value, lang) == text


def test_money():
    assert N.eur(1234.5) == "EUR 1,234.50"
    assert N.eur(1234.5, "nl") == "€ 1.234,50"
    assert N.millions(12_345_678.0, 1) == "12.3" and N.millions(12_345_678.0, 1, "nl") == "12,3"
    assert N.millions(NAN) == "-"


def test_grade_share_days_and_counts():
    assert N.grade(7.456) == "7.46" and N.grade(7.456, "nl") == "7,46"
    assert N.percent(0.8123) == "81.2%" and N.percent(0.8123, 1, "nl") == "81,2%"
    assert N.percent(0.0123, 2, "nl") == "1,23%"
    assert N.percent(NAN) == "-"
    assert N.days(12.34) == "12.3" and N.days(12.34, "nl") == "12,3"
    assert N.count(20_000) == "20,000" and N.count(20_000, "nl") == "20.000"


def test_settings_and_ticks():
    assert N.decimal(0.5) == "0.5" and N.decimal(0.5, "nl") == "0,5"
    assert N.decimal(2.0) == "2"
    assert N.general(1234.0) == "1,234" and N.general(0.35) == "0.35" and N.general(45) == "45"
    assert N.general(0.000012) == "1.2e-05"
    assert N.localise("1,234.5", "nl") == "1.234,5" and N.localise("1,234.5", "en") == "1,234.5"


@pytest.mark.parametrize("lang, word, one", [("en", "replications", "1 replication"), ("nl", "herhalingen", "1 herhaling")])
def test_a_count_of_one_takes_the_singular_in_every_label(lang, word, one):
    import re

    from sim.report.labels import LABELS, label

    keys = [k for k, v in LABELS.items() if isinstance(v, dict) and "{n} " + word in str(v.get(lang, ""))]
    assert keys  # the labels that count replications
    for k in keys:
        fields = re.findall(r"{(\w+)", LABELS[k][lang])
        said = label(k, lang, **{f: 1 for f in fields})
        assert one in said and "1 " + word not in said, said
        assert "11 " + word in label(k, lang, **{f: 11 for f in fields})  # eleven stays plural
