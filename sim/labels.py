"""User-facing words in English and Dutch. Code and docs are English; pictures speak the user's language."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "cost_title": {"en": "Cumulative spending against the budget", "nl": "Cumulatieve uitgaven tegenover het budget"},
    "sat_title": {"en": "Satisfaction of residents whose help ended", "nl": "Tevredenheid van inwoners bij afsluiting"},
    "month": {"en": "Month of the council term", "nl": "Maand van de raadsperiode"},
    "euros_m": {"en": "EUR million", "nl": "miljoen euro"},
    "grade": {"en": "Mean grade (1-10)", "nl": "Gemiddeld rapportcijfer (1-10)"},
    "spent": {"en": "spent", "nl": "uitgegeven"},
    "budget_line": {"en": "budget", "nl": "budget"},
    "press": {"en": "emergency button pressed", "nl": "noodknop ingedrukt"},
    "band": {"en": "band: 5-95% of {n} replications", "nl": "band: 5-95% van {n} herhalingen"},
    "satisfied_line": {"en": "grade 7 (satisfied)", "nl": "cijfer 7 (tevreden)"},
    "total": {"en": "All budgets", "nl": "Alle budgetten"},
    "pool": {"en": "Pooled budget", "nl": "Ontschot budget"},
}


def label(key: str, lang: str = "en", **fmt: object) -> str:
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    return text.format(**fmt) if fmt else text


def budget_label(name: str, scenario, lang: str = "en") -> str:
    """A budget's name as a council member reads it: the domain's label, or 'pooled budget'."""
    if name in ("pool", "total"):
        return label(name, lang)
    dom = scenario.domains.get(name)
    if dom is None:
        return name
    return (dom.label_nl if lang == "nl" else dom.label_en) or name
