"""Values that are allowed but unlikely: a user's slip, said as a warning before anything runs.

The schema refuses what cannot be (a negative budget); it has to let through what merely looks
wrong, because a municipality may truly be small or a budget truly tight. But some slips are
common and costly: a Dutch thousands point makes 60 residents of 60.000, a budget written in
millions (46.8) funds a domain with 47 euros, a legal term written in weeks (8) gives residents
8 days. Each of them runs without an error and gives a result that is nonsense.

This module holds one table of rules, `RULES`. Each rule names the field it reads, the
published range a value of it should lie in, where that range comes from, and what a value
outside it probably meant. `doubts(scenario)` applies every rule to the merged, validated
scenario (as the files wrote it, before it is scaled to its residents) and returns a `Doubt` per
value outside its range: the field's path and the warning in English and Dutch. The loader
puts a file and a line to each (`Unlikely`), and the command line prints them on stderr, or,
with `--strict`, refuses the file with the first of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import Said, ScenarioError
from . import calendar
from .scenario import Scenario

Loc = tuple  # a path of keys and list indices into the scenario

# How far a cost per client may lie from its published figure before it is called unlikely:
# ASSUMPTION: a factor of 20 either way. A municipality's own costs differ from the national
# average by a factor of two or three; a factor of 20 is a slip (a monthly figure given as a
# yearly one and then some, a figure in thousands or millions), not a policy.
FACTOR = 20.0

# Below this many euros a year a domain's budget is no budget but a figure in millions or
# thousands. ASSUMPTION: the smallest municipality (about 950 residents) at the lowest social-
# domain budget per resident (EUR 196, docs/calibration.md §2) spends about EUR 186,000
# over all its domains; no domain of any municipality is funded with less than EUR 10,000.
MIN_DOMAIN_BUDGET = 10_000.0

# A legal term shorter than two weeks is no Dutch decision term: the Wmo gives 6 weeks to
# assess and 2 to decide (56 days), the Awb at most 8 weeks (docs/calibration.md §5).
MIN_TERM_DAYS = 14.0


@dataclass(frozen=True)
class Doubt:
    """One value outside its plausible range: the field's path and what to say about it."""

    loc: Loc
    problem: Said


@dataclass(frozen=True)
class Unlikely:
    """A doubt placed in the files: the file and line that gave the value, and the field's name.

    It says itself as an error would (`ScenarioError.message`), so a warning and an error name a
    place in the same words.
    """

    file: str
    line: int | None
    field: str | None
    problem: Said

    def error(self, more: int = 0) -> ScenarioError:
        return ScenarioError(self.file, self.line, self.field, self.problem, more=more)

    def message(self, lang: str = "en") -> str:
        return self.error().message(lang)


def refusal(path: str, unlikely: tuple[Unlikely, ...]) -> ScenarioError:
    """What `--strict` makes of a file's warnings (printed just before): an error naming the file and how many."""
    n = len(unlikely)
    return ScenarioError(path, None, None, Said(
        f"{n} warning{'s' if n > 1 else ''} above; --strict refuses a file with unlikely values (correct them, "
        "or leave out --strict if they are meant)",
        f"{n} {'waarschuwingen' if n > 1 else 'waarschuwing'} hierboven; --strict weigert een bestand met "
        "onwaarschijnlijke waarden (verbeter ze, of laat --strict weg als ze zo bedoeld zijn)"))


def _n(value: float, lang: str, digits: int | None = 0) -> str:
    """A number with thousands grouped as the reader writes them (60,000 or 60.000); the policy room
    cannot use the report's number rules, and a warning needs only this one. `digits` None: as few
    decimals as the value needs, up to four (46.8, 0.0033)."""
    if digits is None:
        digits = 0 if float(value).is_integer() or abs(value) >= 100 else (2 if abs(value) >= 0.01 else 4)
        text = f"{value:,.{digits}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = f"{value:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


@dataclass(frozen=True)
class Rule:
    """One plausibility rule: which values it reads, their range, its source, and what a slip meant.

    `values` yields (path, value, reference) for every value the rule reads in a scenario, where
    reference is the figure the range applies to (the value itself, or a value per resident or
    per client). `low` and `high` bound the reference (None: no bound). `too_low` and `too_high`
    say what was probably meant, a phrase filled in with {value} (the value as written, in the
    reader's grouping) and {fix} (the value probably meant, `fix_low` or `fix_high` of it).
    """

    field: str  # the field path as `ontschot schema --markdown` names it, <d> for a domain
    values: Callable[[Scenario], Iterator[tuple[Loc, float, float]]]
    low: float | None
    high: float | None
    what: Said  # the published range and its source, a phrase
    too_low: Said | None = None
    too_high: Said | None = None
    fix_low: Callable[[float], float] = lambda v: v
    fix_high: Callable[[float], float] = lambda v: v
    per: Said | None = None  # what the reference is per (a resident, a client), when it is not the value


def _residents(s: Scenario) -> Iterator[tuple[Loc, float, float]]:
    r = s.municipality.residents
    yield ("municipality", "residents"), r, r


def _reference(s: Scenario) -> int:
    """The residents the file's absolute figures were set for (see `Municipality.size_reference`)."""
    return s.municipality.size_reference or s.municipality.residents


def _budget_loc(d: str, steps: list, i: int) -> Loc:
    return ("domains", d, "budget") + ((i, "value") if len(steps) > 1 else ())


def _domain_budgets(s: Scenario) -> Iterator[tuple[Loc, float, float]]:
    for d, dom in s.domains.items():
        for i, step in enumerate(dom.budget):
            if step.value > 0:
                yield _budget_loc(d, dom.budget, i), step.value, step.value


def _per_resident(s: Scenario) -> Iterator[tuple[Loc, float, float]]:
    """All domains' budgets on day 0 together, per resident, blamed on the domains."""
    total = sum(dom.budget[0].value for dom in s.domains.values())
    if total > 0 and all(dom.budget[0].value >= MIN_DOMAIN_BUDGET for dom in s.domains.values()):
        yield ("domains",), total, total / _reference(s)  # a budget in millions is said once, by its own rule


def _terms(s: Scenario) -> Iterator[tuple[Loc, float, float]]:
    yield ("law", "decision_term_days"), s.law.decision_term_days, s.law.decision_term_days
    for d, dom in s.domains.items():
        if dom.decision_term_days is not None:
            yield ("domains", d, "decision_term_days"), dom.decision_term_days, dom.decision_term_days


# Published costs per client a year, by the domain names the shipped scenarios use: (low, high, source).
COST_PER_CLIENT: dict[str, tuple[float, float, Said]] = {
    "wmo": (3_100, 4_800, Said("Wmo: about EUR 3,100-4,800 per client a year", "Wmo: ongeveer EUR 3.100-4.800 per cliënt per jaar")),
    "jeugd": (12_000, 13_000, Said("youth care: about EUR 12,000-13,000 per client a year",
                                   "jeugdzorg: ongeveer EUR 12.000-13.000 per cliënt per jaar")),
    "participatie": (14_400, 14_400, Said("bijstand: about EUR 14,400 per benefit a year",
                                          "bijstand: ongeveer EUR 14.400 per uitkering per jaar")),
    "schulden": (2_400, 2_400, Said("debt help: about EUR 2,400 per household", "schuldhulp: ongeveer EUR 2.400 per huishouden")),
}


def _cost_rule(d: str) -> Rule:
    """The budget per client in care of domain `d` (its day-0 budget over its day-0 caseload)."""
    low, high, source = COST_PER_CLIENT[d]

    def values(s: Scenario) -> Iterator[tuple[Loc, float, float]]:
        dom = s.domains.get(d)
        if dom is not None and dom.initial_caseload > 0 and dom.budget[0].value >= MIN_DOMAIN_BUDGET:
            yield _budget_loc(d, dom.budget, 0), dom.budget[0].value, dom.budget[0].value / dom.initial_caseload

    return Rule(
        f"domains.{d}.budget", values, low / FACTOR, high * FACTOR,
        Said(f"the budget per client in care (initial_caseload) lies within 1/20 to 20 times the published figure "
             f"({source.en}, docs/calibration.md §2; the factor 20 is an ASSUMPTION)",
             f"het budget per cliënt in zorg (initial_caseload) ligt binnen 1/20 tot 20 keer het gepubliceerde cijfer "
             f"({source.nl}, docs/calibration.md §2; de factor 20 is een AANNAME)"),
        too_low=Said("a larger budget (a figure in thousands or millions?) or a smaller initial_caseload",
                     "een groter budget (een bedrag in duizenden of miljoenen?) of een kleinere initial_caseload"),
        too_high=Said("a smaller budget, or a larger initial_caseload (a count in thousands?)",
                      "een kleiner budget, of een grotere initial_caseload (een aantal in duizenden?)"),
        per=Said("per client", "per cliënt"))


RULES: tuple[Rule, ...] = (
    Rule("municipality.residents", _residents, 900, 950_000,
         Said("a Dutch municipality has about 900 to 950,000 residents (CBS municipality sizes, docs/calibration.md "
              "§7)",
              "een Nederlandse gemeente heeft ongeveer 900 tot 950.000 inwoners (CBS, gemeentegrootten, "
              "docs/calibration.md §7)"),
         too_low=Said("{fix} residents (a number in thousands, or a Dutch thousands point, 60.000, that was dropped)",
                      "{fix} inwoners (een aantal in duizenden, of een weggevallen duizendtalpunt, 60.000)"),
         too_high=Said("fewer residents (a typing error? count the digits)", "minder inwoners (een tikfout? tel de cijfers)"),
         fix_low=lambda v: v * 1000),
    Rule("domains.<d>.budget", _domain_budgets, MIN_DOMAIN_BUDGET, None,
         Said("a domain's budget is in euros a year, at least EUR 10,000 (ASSUMPTION: the smallest municipality "
              "spends about EUR 186,000 a year on its social domain, docs/calibration.md §2)",
              "het budget van een domein is in euro per jaar, minstens EUR 10.000 (AANNAME: de kleinste gemeente "
              "besteedt ongeveer EUR 186.000 per jaar aan haar sociaal domein, docs/calibration.md §2)"),
         too_low=Said("EUR {fix} (a budget written in millions)", "EUR {fix} (een budget in miljoenen geschreven)"),
         fix_low=lambda v: v * 1e6),
    Rule("domains", _per_resident, 196 / 2, 1_174 * 2,
         Said("the social domain's budget per resident was EUR 196-1,174 in 2015 (Binnenlands Bestuur, "
              "docs/calibration.md §2); this warns below half or above twice that range (ASSUMPTION)",
              "het budget van het sociaal domein per inwoner was EUR 196-1.174 in 2015 (Binnenlands Bestuur, "
              "docs/calibration.md §2); dit waarschuwt onder de helft of boven het dubbele daarvan (AANNAME)"),
         too_low=Said("budgets in euros rather than thousands, or fewer residents",
                      "budgetten in euro in plaats van duizenden, of minder inwoners"),
         too_high=Said("more residents (municipality.residents, or size_reference for the figures)",
                       "meer inwoners (municipality.residents, of size_reference voor de bedragen)"),
         per=Said("per resident", "per inwoner")),
    Rule("law.decision_term_days", _terms, MIN_TERM_DAYS, None,
         Said("a legal decision term is in days (Wmo: 6 weeks to assess + 2 weeks to decide = 56 days; the Awb: at "
              "most 8 weeks; docs/calibration.md §5)",
              "een wettelijke beslistermijn is in dagen (Wmo: 6 weken onderzoek + 2 weken beslissen = 56 dagen; de "
              "Awb: hoogstens 8 weken; docs/calibration.md §5)"),
         too_low=Said("{value} weeks, which is {fix} days", "{value} weken, dat is {fix} dagen"),
         fix_low=calendar.days),
    *(_cost_rule(d) for d in COST_PER_CLIENT),
)


def _doubt(rule: Rule, value: float, ref: float, lang: str) -> str | None:
    """What the rule says of one value in `lang`, or None when the value is plausible."""
    low = rule.low is not None and ref < rule.low
    high = rule.high is not None and ref > rule.high
    if not (low or high):
        return None
    nl = lang == "nl"
    meant = rule.too_low if low else rule.too_high
    fix = (rule.fix_low if low else rule.fix_high)(value)
    shown = _n(value, lang, None)
    head = f"{shown} {'is onwaarschijnlijk' if nl else 'is unlikely'}"
    if rule.per is not None:
        head += f" (EUR {_n(ref, lang, None)} {rule.per(lang)})"
    tail = ""
    if meant is not None:
        tail = f"; {'waarschijnlijk bedoeld' if nl else 'probably meant'}: {meant(lang).format(value=shown, fix=_n(fix, lang))}"
    return f"{head}: {rule.what(lang)}{tail}"


def doubts(scenario: Scenario) -> list[Doubt]:
    """Every value of `scenario` outside its rule's plausible range, in the order of `RULES`."""
    out = []
    for rule in RULES:
        for loc, value, ref in rule.values(scenario):
            en = _doubt(rule, value, ref, "en")
            if en is not None:
                out.append(Doubt(loc, Said(en, _doubt(rule, value, ref, "nl") or en)))
    return out
