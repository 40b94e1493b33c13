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
    "press": {"en": "emergency button pressed (replication 1)", "nl": "noodknop ingedrukt (herhaling 1)"},
    "band": {"en": "band: 5-95% of {n} replications", "nl": "band: 5-95% van {n} herhalingen"},
    "satisfied_line": {"en": "grade 7 (satisfied)", "nl": "cijfer 7 (tevreden)"},
    "total": {"en": "All budgets", "nl": "Alle budgetten"},
    "pool": {"en": "Pooled budget", "nl": "Ontschot budget"},
    "r_title": {"en": "Ontschot: results", "nl": "Ontschot: uitkomsten"},
    "r_intro": {"en": "Simulated over {years} years, {n} replications from seed {seed}. Each figure is the mean "
                      "over replications, with the 5-95% range between brackets.",
                "nl": "Gesimuleerd over {years} jaar, {n} herhalingen vanaf seed {seed}. Elk getal is het gemiddelde "
                      "over de herhalingen, met tussen haakjes het bereik van 5-95%."},
    "r_total_cost": {"en": "Total spending", "nl": "Totale uitgaven"},
    "r_allocation": {"en": "Budget (allocations)", "nl": "Budget (toegekende middelen)"},
    "r_overspend_share": {"en": "Overspend, share of budget", "nl": "Overschrijding, aandeel van budget"},
    "r_deficit": {"en": "Deficit after reserve", "nl": "Tekort na reserve"},
    "r_mean_satisfaction": {"en": "Mean grade of residents (1-10)", "nl": "Gemiddeld rapportcijfer inwoners (1-10)"},
    "r_share_satisfied": {"en": "Residents satisfied (grade 7+)", "nl": "Tevreden inwoners (cijfer 7+)"},
    "r_mean_wait": {"en": "Mean wait for help (days)", "nl": "Gemiddelde wachttijd tot hulp (dagen)"},
    "r_p90_wait": {"en": "Wait for help, 90th percentile (days)", "nl": "Wachttijd tot hulp, 90e percentiel (dagen)"},
    "r_intakes": {"en": "Intakes per multi-problem resident", "nl": "Intakes per inwoner met meervoudige problemen"},
    "r_escalations": {"en": "Problems that escalated", "nl": "Geëscaleerde problemen"},
    "r_exposure": {"en": "Cases with legal exposure", "nl": "Zaken met juridisch risico"},
    "r_presses": {"en": "Emergency-button presses", "nl": "Keren noodknop ingedrukt"},
    "r_stories": {"en": "The scenarios", "nl": "De scenario's"},
    "r_legal": {"en": "Legal exposure counts cases whose necessary Wmo or youth care a button or a budget rule delayed, "
                      "cut or refused: the law does not allow a budget cap to do that (CALIBRATION.md section 6).",
                "nl": "Juridisch risico telt zaken waarin een noodknop of budgetregel noodzakelijke Wmo- of jeugdhulp uitstelde, "
                      "inperkte of weigerde: de wet staat een budgetplafond dat niet toe (CALIBRATION.md, paragraaf 6)."},
    "r_provenance": {"en": "Where these figures come from", "nl": "Herkomst van deze cijfers"},
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
