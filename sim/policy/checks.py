"""Contradictions in a scenario that the field types cannot express, one function per concern.

A field type can say that a share lies between 0 and 1; it cannot say that a button's budget
must be one of the file's domains, or that a pool must exist before anything is paid from it.
These checks say so, each as a (location, message) pair whose location is the exact path of the
field to blame: the loader turns it into a line of the file, and `ontschot validate` prints it.

Each concern has its own function, and `consistency_issues` runs them in a fixed order: the
messages come out in the same order every time (the first is what a user sees first, and what
the tests of the bad-file corpus expect), and within a concern in file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches

from ..errors import Said
from .actions import ACTIONS, by_name
from .scenario import KINDS, RESERVED_BUDGETS, Button, Provision, Scenario

Issue = tuple[tuple, Said]  # (path of the field to blame, what is wrong with it, in English and Dutch)
WHOLE = ("community", "cross_domain", "personal_budget")  # provisions that address every domain at once


@dataclass(frozen=True)
class Facts:
    """What several checks need to know about a scenario, worked out once before any check runs."""

    names: set[str]  # the domains
    allowed: str  # the domains as a message lists them
    subgroups: set[str]
    pool_ever: bool  # some money is pooled at some time: only then can anything be paid from a pool
    kinds: dict[str, list[str]]  # enabled provisions by kind, in file order

    @classmethod
    def of(cls, s: Scenario) -> "Facts":
        kinds: dict[str, list[str]] = {k: [] for k in KINDS}
        for p, prov in s.provisions.items():
            if prov.enabled:
                kinds[prov.kind].append(p)
        return cls(names=set(s.domains), allowed=", ".join(sorted(s.domains)), subgroups=set(s.population.subgroups),
                   pool_ever=any(st.value > 0 for st in s.budget.pooled_share), kinds=kinds)


def close(name: str, options: set[str] | tuple[str, ...]) -> Said:
    """A did-you-mean for a misspelt name, or nothing: most unknown names are typing errors."""
    match = get_close_matches(str(name), sorted(options), n=1)
    return Said(" Did you mean '{m}'?", " Bedoel je '{m}'?").format(m=match[0]) if match else Said("", "")


OR = Said(" or ", " of ")


def _off_one(values) -> bool:
    """Shares that should make a whole do not sum to 1 (within rounding)."""
    return abs(sum(values) - 1.0) > 1e-6


def _unknown_domain(loc: tuple, d: str, f: Facts, extra: Said | str = "") -> Issue:
    return loc, Said("unknown domain '{d}'.{close} Allowed: {allowed}{extra}",
                     "onbekend domein '{d}'.{close} Toegestaan: {allowed}{extra}").format(
        d=d, close=close(d, f.names), allowed=f.allowed, extra=extra)


def _domain_list(loc: tuple, value: list[str] | str, f: Facts) -> list[Issue]:
    """A provision's or button's `domains`: 'all', or names of the file's domains."""
    if value == "all":
        return []
    return [_unknown_domain(loc + (i,), d, f, OR + "'all'") for i, d in enumerate(value) if d not in f.names]


def domain_issues(s: Scenario, f: Facts) -> list[Issue]:
    """A domain may not take a reserved budget name (buttons read 'pool' and 'total'), and its
    severity shares are a distribution."""
    issues = []
    for d, dom in s.domains.items():
        if d in RESERVED_BUDGETS:
            issues.append((("domains", d), Said("'{d}' is a reserved budget name; choose another domain name",
                                                "'{d}' is een gereserveerde budgetnaam; kies een andere domeinnaam").format(d=d)))
        if _off_one(dom.severity):
            issues.append((("domains", d, "severity"), SEVERITY_SUM.format(got=f"{sum(dom.severity):g}")))
    return issues


SEVERITY_SUM = Said("severity shares must sum to 1, got {got}", "de aandelen per zwaarte moeten samen 1 zijn, niet {got}")


def population_issues(s: Scenario, f: Facts) -> list[Issue]:
    """Multi-problem cases need two domains to have problems in; co-occurrence names domains; age
    groups are a distribution."""
    issues = []
    if s.population.multi_problem_share > 0 and len(f.names) < 2:
        issues.append((("population", "multi_problem_share"), Said("multi-problem cases need at least two domains",
                                                                   "multiprobleemzaken vragen minstens twee domeinen")))
    for d in s.population.co_occurrence:
        if d not in f.names:
            issues.append(_unknown_domain(("population", "co_occurrence", d), d, f))
    if _off_one(s.population.age_groups.values()):
        issues.append((("population", "age_groups"), Said("age group shares must sum to 1",
                                                          "de aandelen per leeftijdsgroep moeten samen 1 zijn")))
    return issues


def subgroup_issues(s: Scenario, f: Facts) -> list[Issue]:
    """A subgroup's incidence names domains, its severity is a distribution, and together the
    subgroups leave some residents to the general population."""
    issues = []
    total_share = 0.0
    for g, sub in s.population.subgroups.items():
        loc = ("population", "subgroups", g)
        total_share += sub.residents_share
        for d in sub.incidence:
            if d not in f.names:
                issues.append(_unknown_domain(loc + ("incidence", d), d, f))
        if sub.severity is not None and _off_one(sub.severity):
            issues.append((loc + ("severity",), SEVERITY_SUM.format(got=f"{sum(sub.severity):g}")))
    if total_share >= 1:
        issues.append((("population", "subgroups"), Said(
            "subgroups hold {share} of the residents; together they must stay below 1",
            "subgroepen bevatten {share} van de inwoners; samen moeten ze onder 1 blijven").format(share=f"{total_share:g}")))
    return issues


def access_issues(s: Scenario, f: Facts) -> list[Issue]:
    """Outreach and bundled decisions name subgroups; one team per neighbourhood needs a person each."""
    sub_allowed = ", ".join(sorted(f.subgroups)) or Said("none defined in population.subgroups",
                                                         "geen, population.subgroups noemt er geen")
    named = [(("access", "outreach", g), g) for g in s.access.outreach]
    if isinstance(s.access.bundled_decision, list):
        named += [(("access", "bundled_decision", i), g) for i, g in enumerate(s.access.bundled_decision)]
    issues = [(loc, Said("unknown subgroup '{g}'.{close} Allowed: {allowed}",
                         "onbekende subgroep '{g}'.{close} Toegestaan: {allowed}").format(
        g=g, close=close(g, f.subgroups), allowed=sub_allowed)) for loc, g in named if g not in f.subgroups]
    if s.access.teams == "per_neighbourhood" and s.access.integral_staff < s.municipality.neighbourhoods:
        issues.append((("access", "integral_staff"), Said(
            "one team per neighbourhood needs at least one staff member each: integral_staff ({staff}) < neighbourhoods ({n})",
            "één team per wijk vraagt minstens één medewerker per wijk: integral_staff ({staff}) < neighbourhoods ({n})"
        ).format(staff=s.access.integral_staff, n=s.municipality.neighbourhoods)))
    return issues


def _provision_cost(loc: tuple, prov: Provision) -> list[Issue]:
    """How a provision is priced follows from its kind: a whole-person provision costs a factor
    times the tailored care it replaces, every other one its own monthly cost and duration."""
    issues = []
    if prov.kind in WHOLE and prov.domains != "all":
        issues.append((loc + ("domains",), Said("a {kind} provision addresses every domain; write domains: all",
                                                "een voorziening van soort {kind} richt zich op elk domein; schrijf "
                                                "domains: all").format(kind=prov.kind)))
    if prov.kind in ("cross_domain", "personal_budget"):
        for name in ("monthly_cost", "duration_days"):
            if getattr(prov, name) is not None:
                issues.append((loc + (name,), Said(
                    "a {kind} provision costs cost_factor times the tailored care it replaces; remove this field",
                    "een voorziening van soort {kind} kost cost_factor maal de maatwerkzorg die ze vervangt; haal dit "
                    "veld weg").format(kind=prov.kind)))
    else:
        for name in ("monthly_cost", "duration_days"):
            if getattr(prov, name) is None:
                issues.append((loc, Said("a {kind} provision needs {name}", "een voorziening van soort {kind} heeft "
                                         "{name} nodig").format(kind=prov.kind, name=name)))
        if prov.cost_factor != 1.0:
            issues.append((loc + ("cost_factor",), Said("cost_factor is for cross_domain and personal_budget provisions only",
                                                        "cost_factor geldt alleen voor voorzieningen van soort cross_domain "
                                                        "en personal_budget")))
    return issues


def _provision_places(loc: tuple, prov: Provision) -> list[Issue]:
    """Only the community provision has places of its own (others have providers with places),
    and only a general or tailored provision for two or more domains can be merged into one grant."""
    issues = []
    if prov.capacity is not None and prov.kind != "community":
        issues.append((loc + ("capacity",), Said(
            "only the community provision has a capacity; give other provisions providers with places",
            "alleen de voorziening van soort community heeft een capaciteit; geef andere voorzieningen aanbieders met "
            "plaatsen")))
    if prov.kind == "community" and prov.capacity is None:
        issues.append((loc + ("capacity",), Said("a community provision needs a capacity (clients at once)",
                                                 "een voorziening van soort community heeft een capaciteit nodig "
                                                 "(cliënten tegelijk)")))
    if prov.merged and (prov.kind not in ("general", "tailored") or prov.domains == "all" or len(prov.domains) < 2):
        issues.append((loc + ("merged",), Said(
            "merged is for a general or tailored provision that lists two or more domains",
            "merged geldt voor een voorziening van soort general of tailored die twee of meer domeinen noemt")))
    return issues


def _provision_payment(loc: tuple, prov: Provision) -> list[Issue]:
    """Payment by results needs its fee (and a fee needs that payment); providers and payment by
    results belong to general and tailored provisions; provider shares are a distribution."""
    issues = []
    if prov.payment == "per_result" and prov.result_fee is None:
        issues.append((loc + ("payment",), Said("payment per_result needs result_fee (euros per problem)",
                                                "payment per_result heeft result_fee nodig (euro per probleem)")))
    if prov.result_fee is not None and prov.payment != "per_result":
        issues.append((loc + ("result_fee",), Said("result_fee is only used with payment: per_result",
                                                   "result_fee wordt alleen gebruikt bij payment: per_result")))
    if (prov.payment == "per_result" or prov.providers) and prov.kind not in ("general", "tailored"):
        field = "providers" if prov.providers else "payment"
        issues.append((loc + (field,), Said("{field} is for general and tailored provisions only",
                                            "{field} geldt alleen voor voorzieningen van soort general en tailored"
                                            ).format(field=field)))
    if prov.max_wait_days is not None and prov.when_full != "wait":
        issues.append((loc + ("max_wait_days",), Said(
            "max_wait_days bounds the wait of when_full: wait; with when_full: {full} nobody waits for a place",
            "max_wait_days begrenst het wachten bij when_full: wait; bij when_full: {full} wacht niemand op een plaats"
        ).format(full=prov.when_full)))
    if prov.providers and _off_one(pv.share for pv in prov.providers.values()):
        issues.append((loc + ("providers",), Said(
            "provider shares must sum to 1, got {got}", "de aandelen van de aanbieders moeten samen 1 zijn, niet {got}"
        ).format(got=f"{sum(pv.share for pv in prov.providers.values()):g}")))
    return issues


def provision_issues(s: Scenario, f: Facts) -> list[Issue]:
    """Each provision on its own: the domains it names, its price, its places, its payment."""
    issues = []
    for p, prov in s.provisions.items():
        loc = ("provisions", p)
        issues += _domain_list(loc + ("domains",), prov.domains, f)
        issues += _provision_cost(loc, prov) + _provision_places(loc, prov) + _provision_payment(loc, prov)
    return issues


def catalogue_issues(s: Scenario, f: Facts) -> list[Issue]:
    """The provisions together: one of each whole-person kind at most, tailored care for every
    domain (the journey's last resort), and a community provision if the access desk sends
    people there."""
    issues = [(("provisions", f.kinds[k][1], "kind"), Said(
        "at most one {k} provision; found {found}", "hoogstens één voorziening van soort {k}; gevonden: {found}"
    ).format(k=k, found=", ".join(f.kinds[k]))) for k in WHOLE if len(f.kinds[k]) > 1]
    for d in s.domains:  # in file order (not the set's), so the first message is always the same one
        covering = [p for p in f.kinds["tailored"] if s.provisions[p].domains == "all" or d in s.provisions[p].domains]
        if not covering:
            issues.append((("provisions",), Said(
                "domain '{d}' has no tailored provision (enabled: true); every domain needs one",
                "domein '{d}' heeft geen voorziening van soort tailored (enabled: true); elk domein heeft er een nodig"
            ).format(d=d)))
    if any(st.value > 0 for st in s.access.community_absorb) and not f.kinds["community"]:
        issues.append((("access", "community_absorb"), NEEDS_KIND.format(what="community_absorb > 0", kind="community")))
    return issues


NEEDS_KIND = Said("{what} needs a provision of kind {kind}", "{what} vraagt een voorziening van soort {kind}")
NEEDS_POOL = Said("budget 'pool' needs budget.pooled_share > 0", "budget 'pool' vraagt budget.pooled_share > 0")


def plan_issues(s: Scenario, f: Facts) -> list[Issue]:
    """A plan policy needs what it uses: discretion its euros, personal budgets their provision,
    one personal budget across domains a pool to pay it from."""
    issues = []
    if "discretion" in {st.value for st in s.plan.policy} and s.plan.discretion_max <= 0:
        issues.append((("plan", "discretion_max"), Said("policy 'discretion' needs discretion_max > 0 (euros per case)",
                                                        "policy 'discretion' vraagt discretion_max > 0 (euro per zaak)")))
    if any(st.value > 0 for st in s.plan.personal_budget_share) and not f.kinds["personal_budget"]:
        issues.append((("plan", "personal_budget_share"), Said(
            "personal budgets need a provision of kind personal_budget",
            "persoonsgebonden budgetten vragen een voorziening van soort personal_budget")))
    if s.plan.personal_budget_integral and not f.pool_ever:
        issues.append((("plan", "personal_budget_integral"), Said(
            "one personal budget across domains is paid from a pool: set budget.pooled_share > 0",
            "één persoonsgebonden budget over domeinen heen wordt uit een pot betaald: zet budget.pooled_share > 0")))
    return issues


def prevention_issues(s: Scenario, f: Facts) -> list[Issue]:
    """Prevention is per domain, so it names domains."""
    return [_unknown_domain(("prevention", d), d, f) for d in s.prevention if d not in f.names]


UNKNOWN_BUDGET = Said("unknown budget '{b}'.{close} Allowed: {allowed}", "onbekend budget '{b}'.{close} Toegestaan: {allowed}")


def programme_issues(s: Scenario, f: Facts) -> list[Issue]:
    """A programme is paid by a domain's budget or by the pool, and the pool must exist."""
    issues = []
    for g, prog in s.programmes.items():
        if prog.budget not in f.names | {"pool"}:
            issues.append((("programmes", g, "budget"), UNKNOWN_BUDGET.format(
                b=prog.budget, close=close(prog.budget, f.names | {"pool"}), allowed=f.allowed + OR + "pool")))
        elif prog.budget == "pool" and not f.pool_ever:
            issues.append((("programmes", g, "budget"), NEEDS_POOL))
    return issues


def pool_issues(s: Scenario, f: Facts) -> list[Issue]:
    """What spends pooled money needs a pool: neighbourhood pots and the discretion policy."""
    issues = []
    if s.budget.neighbourhood_pools and not f.pool_ever:
        issues.append((("budget", "neighbourhood_pools"), Said(
            "neighbourhood pots are made of pooled money: set budget.pooled_share > 0",
            "wijkpotten bestaan uit ontschot geld: zet budget.pooled_share > 0")))
    if "discretion" in {st.value for st in s.plan.policy} and not f.pool_ever:
        issues.append((("plan", "policy"), Said(
            "policy 'discretion' spends across domains, which needs a pool: set budget.pooled_share > 0",
            "policy 'discretion' geeft uit over domeinen heen, en dat vraagt een pot: zet budget.pooled_share > 0")))
    return issues


BY_NAME = by_name()


def _button(loc: tuple, b: Button, s: Scenario, f: Facts) -> list[Issue]:
    """One button: hysteresis, a budget it can read, a level in the metric's own unit, domains it
    can act on, no field of another action, and its action's own checks (`sim.policy.actions`)."""
    issues = []
    if b.release >= b.fire:
        issues.append((loc + ("release",), Said(
            "release ({release}) must be below fire ({fire}), so the button has hysteresis",
            "release ({release}) moet onder fire ({fire}) liggen, zodat de knop hysterese heeft"
        ).format(release=f"{b.release:g}", fire=f"{b.fire:g}")))
    budgets = f.names | set(RESERVED_BUDGETS)
    pots = {f"neighbourhood_{k + 1}" for k in range(s.municipality.neighbourhoods)} if s.budget.neighbourhood_pools else set()
    if b.budget not in budgets | pots:
        issues.append((loc + ("budget",), UNKNOWN_BUDGET.format(
            b=b.budget, close=close(b.budget, budgets), allowed=f.allowed + ", pool" + OR + "total")))
    elif b.metric == "waitlist" and b.budget != "total":
        issues.append((loc + ("budget",), Said(
            "the waitlist metric counts every case held back, whatever budget pays it, so budget '{b}' would not be "
            "read; leave budget out (total)",
            "de maat waitlist telt elke tegengehouden zaak, welk budget die ook betaalt, dus budget '{b}' zou niet "
            "gelezen worden; laat budget weg (total)").format(b=b.budget)))
    if b.metric != "waitlist" and b.fire > 10:
        issues.append((loc + ("fire",), Said(
            "{metric} is a share of the allocation (1.0 = 100%), so fire {fire} means {pct}%; for {fire}% write {share}",
            "{metric} is een aandeel van het budget (1.0 = 100%), dus fire {fire} betekent {pct}%; schrijf voor {fire}% "
            "{share}").format(metric=b.metric, fire=f"{b.fire:g}", pct=f"{100 * b.fire:g}", share=f"{b.fire / 100:g}")))
    if b.budget == "pool" and not f.pool_ever:
        issues.append((loc + ("budget",), NEEDS_POOL))
    issues += _domain_list(loc + ("domains",), b.domains, f)
    action = BY_NAME[b.action]
    for other in ACTIONS:  # a field of another action that only matters when set (its default is None)
        for field in other.fields:
            if other is not action and getattr(b, field) is not None and type(b).model_fields[field].default is None:
                issues.append((loc + (field,), Said(
                    "{field} is for action {other}, not {action}", "{field} geldt voor action {other}, niet voor {action}"
                ).format(field=field, other=other.name, action=b.action)))
    issues += action.check(loc, b, f)
    return issues


def button_issues(s: Scenario, f: Facts) -> list[Issue]:
    """Every button on its own, and no two with one name (events and reports tell them apart by it)."""
    issues: list[Issue] = []
    seen: set[str] = set()
    for i, b in enumerate(s.buttons):
        if b.name in seen:
            issues.append((("buttons", i, "name"), Said("button name '{n}' is used twice",
                                                        "knopnaam '{n}' wordt twee keer gebruikt").format(n=b.name)))
        seen.add(b.name)
        issues += _button(("buttons", i), b, s, f)
    return issues


# In this order: what a file gets wrong first is said first, the same way every time.
def source_issues(s: Scenario, f: Facts) -> list[Issue]:
    """The Dutch descriptions of the sources go one to one with the sources, in the same order."""
    if s.sources_nl is None or len(s.sources_nl) == len(s.sources):
        return []
    return [(("sources_nl",), f"has {len(s.sources_nl)} entries but sources has {len(s.sources)}: give one Dutch "
                              "description per source, in the same order")]


CHECKS = (source_issues, domain_issues, population_issues, subgroup_issues, access_issues, provision_issues, catalogue_issues,
          plan_issues, prevention_issues, programme_issues, pool_issues, button_issues)


def consistency_issues(s: Scenario) -> list[Issue]:
    """Contradictions the field types cannot express, as (location, message) pairs.

    Kept apart from the field validators so every problem carries the exact path of the field
    to blame, which the loader turns into a file line.
    """
    f = Facts.of(s)
    return [issue for check in CHECKS for issue in check(s, f)]
