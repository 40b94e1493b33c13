"""A metric as the reader sees it: the report's one reading of its name and display rule, and its judgements.

A metric's name in English and Dutch and its display rule (`Format`) are the metric's own, in the
study's registry (`sim.study.metrics`); this module reads them by column, so the web report, the
brief, the run report and the workshop agree on every metric, and adds what only a report says:
whether a difference matters (`verdict`) and the words of that judgement. Money is shown in EUR
million, shares in percent, grades to two decimals, days to one (waits for help in weeks, to
one), counts whole (`sim.report.numbers` writes the digits).
"""

from __future__ import annotations

import re
from typing import Literal

from ..study import metrics as M
from ..study.metrics import BY_UNIT, Format
from .labels import LABELS, budget_label, label, word
from .numbers import missing, number

# Columns of a summary that are not metrics, and how they are shown.
OTHER_COLUMNS = {"replication": "count"}
_BY_YEAR = re.compile(r"(.+)_y(\d+)")


def unit_of(column: str) -> str:
    """The unit a column is shown in (money, share, grade, days, count, number)."""
    if column in OTHER_COLUMNS:
        return OTHER_COLUMNS[column]
    try:
        return M.metric(column).unit
    except KeyError:
        return "number"


def display(column: str) -> Format:
    """The display format of a summary column (its metric's, also for a per-year column such as `deficit_y2`)."""
    try:
        return M.metric(column).display
    except KeyError:
        return BY_UNIT[unit_of(column)]


def cell(value: float | None, column: str, lang: str = "en") -> str:
    """A summary column's value as a table cell shows it."""
    return _shown(value, display(column), lang)


def _shown(value: float | None, fmt: Format, lang: str) -> str:
    return "-" if missing(value) else number(fmt.shown(float(value)), fmt.digits, lang) + fmt.suffix


def name(column: str, lang: str = "en", scenario=None) -> str:
    """A metric or summary column as the reader calls it ('Deficit in year 2'); the column itself if unnamed.

    A per-cause column of legal exposure (`legal_exposure_cases_provider`) names its cause
    ('Cases with legal exposure: waiting for a full provider').

    A per-domain column (`decided_in_term_jeugd`) names its domain by the label `scenario` gives it
    (`label_nl`, `label_en`: 'Jeugdhulp'), not by its id; without a scenario, by the id.
    """
    if column in M.REGISTRY:
        return M.REGISTRY[column].words(lang)
    try:
        m = M.metric(column)
    except KeyError:
        return label(f"w_{column}", lang) if f"w_{column}" in LABELS else column
    year = _BY_YEAR.fullmatch(column)
    if m.by_year and year and year.group(1) == m.name and m.year_words is not None:
        return m.year_words.format(y=year.group(2))(lang)
    part = column[len(m.name) + 1:]
    if column in m.cause_columns() and m.part_words is not None:  # the cause in words
        return m.part_words.format(part=word("exposure_cause", part, lang))(lang)
    if m.by_domain and m.part_words is not None:
        return m.part_words.format(part=budget_label(part, scenario, lang) if scenario is not None else part)(lang)
    return column


# Words of the judgements below, in both languages (a shared table of labels would do too; these
# belong with the one function that decides when they are said).
WORDS = {
    "negligible": {"en": "no difference that matters", "nl": "geen verschil dat ertoe doet"},
    "b_negligible": {"en": "makes no difference that matters to {what}: {d} ({i}, all of it within ±{r}, the smallest "
                           "difference this figure can meaningfully show)",
                     "nl": "maakt geen verschil dat ertoe doet voor {what}: {d} ({i}, helemaal binnen ±{r}, het kleinste "
                           "verschil dat dit cijfer zinvol kan tonen)"},
    "w_negligible_note": {"en": "No difference that matters: the whole 95% interval lies within the smallest difference "
                                "the figure can meaningfully show (for example EUR {money} million a year, {grade} of a "
                                "grade point, {point} percentage point of a share, one day of waiting).",
                          "nl": "Geen verschil dat ertoe doet: het hele 95%-interval ligt binnen het kleinste verschil dat "
                                "het cijfer zinvol kan tonen (bijvoorbeeld {money} miljoen euro per jaar, {grade} "
                                "rapportpunt, {point} procentpunt van een aandeel, één dag wachten)."},
    "interval_method": {"en": "The 95% intervals of a mean are Student's t-intervals over the replications. A quantity "
                              "that cannot be negative (a deficit, a wait, a number of cases) or leave its scale (a grade "
                              "from 1 to 10) has the part of its interval outside that range cut off; the mean cannot lie "
                              "there, so the interval still covers it 95% of the time. Differences between scenarios can "
                              "be negative and are not cut off.",
                        "nl": "De 95%-intervallen van een gemiddelde zijn t-intervallen over de herhalingen (met de "
                              "t-verdeling van Student, die rekening houdt met het kleine aantal herhalingen). "
                              "Bij een grootheid die niet negatief kan zijn (een tekort, een wachttijd, een aantal zaken) "
                              "of niet buiten haar schaal kan vallen (een rapportcijfer van 1 tot 10) is het deel van het "
                              "interval buiten dat bereik weggelaten; daar kan het gemiddelde niet liggen, dus het "
                              "interval dekt het nog steeds in 95% van de gevallen. Verschillen tussen scenario's kunnen "
                              "negatief zijn en worden niet afgekapt."},
}


def said(key: str, lang: str = "en", **fmt: object) -> str:
    """One of WORDS in the reader's language, filled in."""
    return WORDS[key][lang].format(**fmt)


Verdict = Literal["none", "same", "negligible", "point", "unclear", "clear"]


def _rounded(value: float, fmt: Format, digits: int) -> float:
    """The value as a table shows it, rounded exactly as `number` rounds it (so a decision agrees with the text)."""
    return float(f"{fmt.shown(value):.{digits}f}")


def verdict(column: str, difference: float, low: float, high: float, years: int, fmt: Format | None = None,
            digits: int | None = None) -> Verdict:
    """What a paired difference says, the one rule every report follows (brief, report.html, report.md).

    `none`: no number. `same`: exactly no difference (an A/A check). `negligible`: the whole 95%
    interval lies within the metric's resolution (the registry: the smallest difference it can
    meaningfully show), said "no difference that matters". `point`: one replication, no interval.
    `unclear`: the interval holds 0, as it is shown: rounded with `fmt` (by default the metric's
    display format) to `digits`, so a row shown as "0.0 to 0.1" is never called clear. `clear`:
    the shown interval lies on one side of 0 (a report may mark it bold).
    """
    if missing(difference):
        return "none"
    known = not (missing(low) or missing(high))
    if difference == 0 and (not known or low == high == 0):
        return "same"
    if not known:
        return "point"
    if max(abs(low), abs(high)) <= M.resolution(column, years):
        return "negligible"
    fmt = fmt or display(column)
    digits = fmt.digits if digits is None else digits
    lo, hi = _rounded(low, fmt, digits), _rounded(high, fmt, digits)
    return "unclear" if lo <= 0 <= hi else "clear"


def resolution_shown(column: str, years: int, lang: str = "en") -> str:
    """The metric's resolution in the unit its sentence gives (EUR million, points, percentage points, weeks)."""
    from .numbers import general

    return general(display(column).shown(M.resolution(column, years)), lang, 3)


def negligible_note(lang: str = "en") -> str:
    """What "no difference that matters" means, with the registry's resolutions as examples."""
    from .numbers import general

    return said("w_negligible_note", lang, money=general(M.MONEY.shown(M.EUR_PER_YEAR), lang),
                grade=general(M.GRADE, lang), point=general(100 * M.POINT, lang))
