"""Numbers as the reader writes them: one formatter per language for every report, the workshop and the command line.

English writes 1,234.5 and Dutch 1.234,5; both write no "-0.0" for a value that only rounding
made negative, and "-" where there is no number (a grade of a month in which no help ended).
Before this module there were seven formatters, and the Dutch run report and model tables
printed English decimals. Every function takes the language last-but-optional and returns text;
nothing here knows what a metric is (that is `sim.report.metric_words`).

    number(1234.56, 1, "nl")      # '1.234,6'
    eur_m(12_345_678, "en")       # 'EUR 12.3M'
    eur_m(12_345_678, "nl")       # '€ 12,3 miljoen'
    signed(-0.04, 1)              # '+0.0'
    interval(-1.2, 3.4, 1, "nl")  # '-1,2 tot 3,4'
"""

from __future__ import annotations

import math

from ..study.metrics import MONEY

LANGS = ("en", "nl")


def missing(value: object) -> bool:
    """No number: None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def localise(text: str, lang: str = "en") -> str:
    """An English-written number in the reader's language: in Dutch the comma and the point change places."""
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def _plain(value: float, digits: int, grouped: bool) -> str:
    """English digits, without a minus sign on a value that rounds to zero."""
    text = f"{value:,.{digits}f}" if grouped else f"{value:.{digits}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]  # no "-0.0"
    return text


def number(value: float | None, digits: int = 0, lang: str = "en", grouped: bool = True) -> str:
    """1,234.5 in English, 1.234,5 in Dutch; '-' for no number. `grouped=False` leaves out the thousands separator."""
    if missing(value):
        return "-"
    return localise(_plain(float(value), digits, grouped), lang)


def signed(value: float | None, digits: int = 0, lang: str = "en", grouped: bool = True, none: str = "-") -> str:
    """A difference with its sign always written: '+1.5', '-1.5', and '+0.0' for one that rounds to zero."""
    if missing(value):
        return none
    text = _plain(float(value), digits, grouped)
    return localise(text if text.startswith("-") else "+" + text, lang)


def interval(low: float | None, high: float | None, digits: int = 0, lang: str = "en", sign: bool = False,
             grouped: bool = True, none: str = "-") -> str:
    """'1.2 to 3.4' ('1,2 tot 3,4'): a 95% interval, each end signed when `sign`."""
    def end(x: float | None) -> str:
        if missing(x):
            return none
        return signed(x, digits, lang, grouped) if sign else number(x, digits, lang, grouped)

    return span(end(low), end(high), lang)


def span(low: str, high: str, lang: str = "en") -> str:
    """Two shown ends of a range joined: '1.2 to 3.4%', '1,2 tot 3,4%'."""
    return f"{low} {'tot' if lang == 'nl' else 'to'} {high}"


def decimal(value: float, lang: str = "en") -> str:
    """The shortest plain form ('0.5', '2', '1e+07'), as for a setting or a tick: with a decimal comma in Dutch."""
    return localise(f"{value:g}", lang)


def general(value: float, lang: str = "en", significant: int = 6) -> str:
    """A parameter value: whole with thousands from 1,000 up, else up to `significant` digits ('0.35', '1.2e-05')."""
    if abs(value) >= 1000:
        return number(value, 0, lang)
    return localise(f"{value:.{significant}g}", lang)


def count(value: float | None, lang: str = "en") -> str:
    """A number of cases, residents or problems: whole, with thousands."""
    return number(value, 0, lang)


def grade(value: float | None, lang: str = "en", digits: int = 2) -> str:
    """A grade on the 1-10 scale: two decimals."""
    return number(value, digits, lang)


def days(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """A wait or a duration in days: one decimal."""
    return number(value, digits, lang)


def percent(share: float | None, digits: int = 1, lang: str = "en") -> str:
    """A share (0-1) in percent: '81.2%', '81,2%'."""
    return "-" if missing(share) else number(100 * float(share), digits, lang) + "%"


def millions(value: float | None, digits: int = 1, lang: str = "en") -> str:
    """Euros in millions, the bare number (the column or the sentence says 'EUR million'): '12.3', '12,3'."""
    return "-" if missing(value) else number(MONEY.shown(float(value)), digits, lang)  # the money display rule


def eur(value: float | None, lang: str = "en", digits: int = 2) -> str:
    """An amount of money: 'EUR 1,234.56' in English, '€ 1.234,56' in Dutch."""
    return f"{'€' if lang == 'nl' else 'EUR'} {number(value, digits, lang)}"


def eur_m(value: float | None, lang: str = "en", digits: int = 1) -> str:
    """Euros in millions with the currency: 'EUR 12.3M' in English, '€ 12,3 miljoen' in Dutch."""
    if missing(value):
        return "-"
    amount = millions(value, digits, lang)
    return said_millions(amount, lang) if lang == "nl" else f"EUR {amount}M"


def said_millions(amount: str, lang: str = "en") -> str:
    """An amount already written in millions ('12,3'), as a sentence says it: 'EUR 12.3 million',
    '€ 12,3 miljoen'. Dutch writes money one way everywhere: '€ ' before the amount, 'miljoen' after
    millions ('mln' and 'miljoen euro' were both in use), and 'miljoen euro' only as a column's unit."""
    return f"€ {amount} miljoen" if lang == "nl" else f"EUR {amount} million"
