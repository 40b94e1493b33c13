"""The scenario schema: what a policy says, typed and validated.

A scenario file is policy, not mechanism: it names domains, budgets, provisions, the access
set-up, the decision policy and the emergency buttons. The engine reads it; nothing here runs
a simulation. Every field has a description, so `ontschot schema` gives editors autocompletion
and the README's field reference stays true.

Parameters typed with `dated(...)` may hold dated values (see `sim.timeline`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .timeline import dated

Share = Annotated[float, Field(ge=0, le=1)]
Money = Annotated[float, Field(ge=0)]
Days = Annotated[float, Field(ge=0)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

RESERVED_BUDGETS = ("pool", "total")
KINDS = ("community", "general", "tailored", "cross_domain")
ACTIONS = ("waitlist", "standard_only", "approval", "intensity_cut", "stricter_access", "close_intake")
METRICS = ("spent_share", "committed_share", "projected_share", "waitlist")


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never silently fall back to a default."""

    model_config = ConfigDict(extra="forbid", validate_default=True)


class Municipality(Strict):
    name: str = Field("Municipality", description="Name shown in reports.")
    residents: Annotated[int, Field(gt=0, description="Number of residents.")]
    neighbourhoods: Annotated[int, Field(ge=1, description="Number of neighbourhoods cases are spread over.")] = 1


class Domain(Strict):
    label_en: str | None = Field(None, description="English label; defaults to the domain's name.")
    label_nl: str | None = Field(None, description="Dutch label; defaults to the domain's name.")
    incidence: Annotated[float, Field(ge=0, description="New help requests per 1,000 residents a year.")]
    entitled: bool = Field(
        False,
        description="Open-ended entitlement (Wmo, Jeugdwet): a button that delays or refuses care "
        "for this domain counts as legal exposure.",
    )
    budget: dated(Money) = Field(description="Annual allocation in euros (dated values allowed).")  # type: ignore[valid-type]
    initial_caseload: Annotated[int, Field(ge=0, description="Clients already in care on day 0.")] = 0
    severity: list[Share] = Field(
        [0.6, 0.3, 0.1], min_length=3, max_length=3,
        description="Shares of new problems at severity 1, 2 and 3; must sum to 1.",
    )
    desk_staff: Annotated[int, Field(ge=1, description="Intakes this domain's desk can hold at once (access by desks); "
                                     "desks work every calendar day, so this is capacity over 365 days a year.")] = 1
    intake_days: Annotated[float, Field(gt=0, description="Mean calendar days one intake occupies a desk place (exponential).")] = 0.25


class Population(Strict):
    multi_problem_share: Share = Field(0.1, description="Share of new cases with problems in two or more domains.")
    max_problems: Annotated[int, Field(ge=2, le=5, description="Most domains one case can have problems in.")] = 3
    co_occurrence: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="Weights for which domains occur as extra problems of a multi-problem case "
        "(default: in proportion to incidence).",
    )
    latent_share: Annotated[float, Field(ge=0, le=2)] = Field(
        0.0,
        description="Latent demand: residents with problems who ask for help only when access is easy, "
        "per registered case. Whether they come forward is `access.latent_uptake`.",
    )
    age_groups: dict[str, Share] = Field(
        default_factory=lambda: {"adult": 0.7, "senior": 0.3},
        description="Shares of age groups among adult cases; youth-care (domain 'jeugd') cases are 'youth'.",
    )


class Access(Strict):
    mode: dated(Literal["desks", "integral"]) = Field(  # type: ignore[valid-type]
        "desks", description="'desks': one intake per domain in turn; 'integral': one team, one intake."
    )
    integral_staff: Annotated[int, Field(ge=1, description="Staff of the integral team.")] = 1
    integral_intake_days: Annotated[float, Field(gt=0, description="Mean staff days of an integral intake.")] = 0.5
    integral_extra_per_problem: Days = Field(0.25, description="Extra staff days per extra problem at an integral intake.")
    handoff_days: Days = Field(14.0, description="Days between one desk's intake and the next desk's (access by desks).")
    miss_probability: Share = Field(0.3, description="Chance a desk misses a problem outside its own domain.")
    missed_surface_days: Annotated[float, Field(gt=0)] = Field(
        180.0, description="Mean days until a missed problem surfaces as a new, more severe episode."
    )
    latent_uptake: dated(Share) = Field(0.0, description="Share of latent demand that comes forward (dated).")  # type: ignore[valid-type]
    community_absorb: Share = Field(0.0, description="Share of simple cases the community provision takes on, while it has room.")


class Plan(Strict):
    policy: dated(Literal["standard", "maatwerk", "discretion"]) = Field(  # type: ignore[valid-type]
        "standard",
        description="'standard': general provision first; 'maatwerk': tailored, one cross-domain plan where a pool can pay; "
        "'discretion': standard plus a discretionary amount per multi-problem case.",
    )
    standard_max_severity: Annotated[int, Field(ge=1, le=3)] = Field(
        1, description="Under 'standard', problems up to this severity get the general provision."
    )
    discretion_max: Money = Field(0.0, description="Most a professional may spend per multi-problem case across domains (euros).")
    discretion_effect: Share = Field(0.15, description="Extra chance that each problem resolves when discretionary money is spent.")


class Provision(Strict):
    kind: Literal["community", "general", "tailored", "cross_domain"]
    domains: list[str] | Literal["all"] = Field(description="Domains it addresses, or 'all'.")
    monthly_cost: Money | None = Field(None, description="Euros per client per month at severity 1 (not for cross_domain).")
    severity_scaled: bool | None = Field(
        None, description="Cost rises with severity (outcome.severity_cost); default: yes for tailored and cross_domain."
    )
    duration_days: Annotated[float, Field(gt=0, description="Mean duration in days (not for cross_domain).")] | None = None
    cost_factor: Annotated[float, Field(gt=0)] = Field(
        1.0, description="cross_domain only: its cost is this factor times the tailored care it replaces, problem by problem."
    )
    duration_cv: Annotated[float, Field(ge=0, le=3, description="Coefficient of variation of the duration (lognormal).")] = 0.5
    effectiveness: Share = Field(description="Chance a severity-1 problem resolves, with no waiting and an integral plan.")
    fit: Annotated[float, Field(ge=-3, le=3)] = Field(0.0, description="Grade points the provision's fit adds to satisfaction.")
    capacity: Annotated[int, Field(ge=1)] | None = Field(None, description="Most clients at once (community provision).")
    source: str | None = Field(None, description="Where the figures come from, or 'assumption'.")


class Outcome(Strict):
    fragmentation_penalty: Share = Field(0.25, description="Relative loss of resolution chance for a multi-problem case without one integral plan.")
    wait_penalty_per_100_days: Share = Field(0.1, description="Relative loss of resolution chance per 100 days of waiting.")
    severity_penalty: Share = Field(0.1, description="Relative loss of resolution chance per severity level above 1.")
    escalation_share: Share = Field(0.3, description="Share of unresolved problems that escalate to costlier care (a new episode).")
    relapse_share: Share = Field(0.2, description="Share of unresolved problems that return at the same severity (a new episode).")
    followup_days: Annotated[float, Field(gt=0)] = Field(120.0, description="Mean days from closure to a relapse or escalation.")
    max_generations: Annotated[int, Field(ge=1, le=3)] = Field(3, description="Episodes per problem: the first plus follow-ups.")
    severity_cost: list[Annotated[float, Field(gt=0)]] = Field(
        [1.0, 1.6, 2.5], min_length=3, max_length=3, description="Cost multipliers at severity 1, 2 and 3."
    )


class Satisfaction(Strict):
    base: Annotated[float, Field(ge=1, le=10)] = Field(6.8, description="Grade of a resolved-neutral case before the terms below.")
    resolved: float = Field(1.0, description="Grade points when every problem of the case resolved.")
    per_wait_month: float = Field(-0.25, description="Grade points per 30 days waited (intake queue, hand-offs, waitlist).")
    per_extra_intake: float = Field(-0.4, description="Grade points per extra intake (telling one's story again).")
    refused: float = Field(-2.5, description="Grade points when help was refused.")
    button_delay: float = Field(-0.5, description="Grade points when a button delayed or cut the help.")
    noise_sd: Annotated[float, Field(ge=0)] = Field(0.8, description="Personal spread of grades (standard deviation).")


class Budget(Strict):
    pooled_share: dated(Share) = Field(  # type: ignore[valid-type]
        0.0, description="Share of every domain's money moved into a common pot that may pay for anything (dated)."
    )
    underspend: Literal["return", "reserve"] = Field("return", description="What happens to money left at a year's end.")
    initial_reserve: Money = Field(0.0, description="Reserve at the start, which covers deficits (euros).")


class Law(Strict):
    decision_term_days: Annotated[float, Field(gt=0)] = Field(
        56.0, description="Legal term from request to decision; approval delays past it count as exposure."
    )
    appeal_share: Share = Field(0.3, description="Share of legally exposed cases that appeal and win.")
    appeal_days: Days = Field(120.0, description="Days until a won appeal's care starts.")
    appeal_cost_factor: Annotated[float, Field(ge=1)] = Field(1.2, description="Cost multiplier of care provided after a won appeal.")


class Button(Strict):
    name: Name
    metric: Literal["spent_share", "committed_share", "projected_share", "waitlist"] = Field(
        description="Spent or committed share of the pro-rata allocation, projected year-end spend over the allocation, "
        "or the number of cases on the waiting list."
    )
    budget: str = Field("total", description="Budget the metric reads: a domain name, 'pool' or 'total'.")
    fire: Annotated[float, Field(gt=0)] = Field(description="The button is pressed when the metric reaches this value.")
    release: Annotated[float, Field(ge=0)] = Field(description="The button is released when the metric falls below this value.")
    action: Literal["waitlist", "standard_only", "approval", "intensity_cut", "stricter_access", "close_intake"]
    domains: list[str] | Literal["all"] = Field("all", description="Domains the action applies to.")
    approval_above: Money = Field(0.0, description="approval: committed euros above which a grant needs approval.")
    approval_days: Days = Field(14.0, description="approval: days an approval adds.")
    intensity_cut: Share = Field(0.2, description="intensity_cut: share cut from a provision's duration.")
    redirect_share: Share = Field(0.3, description="stricter_access: share of new requests sent to the community provision.")
    refuse_share: Share = Field(0.0, description="stricter_access: share of new requests turned away.")
    active: dated(bool) = Field(True, description="Whether the button exists (dated: a cap from 1 July).")  # type: ignore[valid-type]


class Run(Strict):
    horizon_years: Annotated[int, Field(ge=1, le=10)] = Field(4, description="Years simulated (a council term is four).")
    seed: Annotated[int, Field(ge=0)] = Field(1, description="Default seed; `--seed` overrides.")
    replications: Annotated[int, Field(ge=1)] = Field(3, description="Default replications; `--replications` overrides.")


class Scenario(Strict):
    extends: str | None = Field(None, description="Base scenario file, relative to this file; this file is deep-merged onto it.")
    name: str = Field(description="Short name shown in tables and pictures.")
    description: str = ""
    story: str = Field("", description="The policy in plain words.")
    sources: list[str] = Field(default_factory=list, description="Citations for the figures used.")
    municipality: Municipality
    run: Run = Field(default_factory=Run)
    domains: dict[Name, Domain] = Field(min_length=1)
    population: Population = Field(default_factory=Population)
    access: Access = Field(default_factory=Access)
    plan: Plan = Field(default_factory=Plan)
    provisions: dict[Name, Provision] = Field(min_length=1)
    outcome: Outcome = Field(default_factory=Outcome)
    satisfaction: Satisfaction = Field(default_factory=Satisfaction)
    budget: Budget = Field(default_factory=Budget)
    law: Law = Field(default_factory=Law)
    buttons: list[Button] = Field(default_factory=list)

    # Set by the loader, not by the file: where the scenario came from and its content hash.
    model_config = ConfigDict(extra="forbid")
    _path: str | None = None
    _content_hash: str | None = None

    @property
    def path(self) -> str | None:
        return self._path

    @property
    def content_hash(self) -> str:
        from .loader import scenario_hash

        return self._content_hash or scenario_hash(self)

    def domain_names(self) -> list[str]:
        return list(self.domains)


def consistency_issues(s: Scenario) -> list[tuple[tuple, str]]:
    """Contradictions the field types cannot express, as (location, message) pairs.

    Kept apart from the field validators so every problem carries the exact path of the field
    to blame, which the loader turns into a file line.
    """
    from difflib import get_close_matches

    issues: list[tuple[tuple, str]] = []
    names = set(s.domains)
    allowed = ", ".join(sorted(names))

    def close(name: str, options: set[str] | tuple[str, ...]) -> str:
        """A did-you-mean for a misspelt name, or nothing."""
        match = get_close_matches(str(name), sorted(options), n=1)
        return f" Did you mean '{match[0]}'?" if match else ""

    def check_domains(loc: tuple, value: list[str] | str) -> None:
        if value == "all":
            return
        for i, d in enumerate(value):
            if d not in names:
                issues.append((loc + (i,), f"unknown domain '{d}'.{close(d, names)} Allowed: {allowed} or 'all'"))

    for d, dom in s.domains.items():
        if d in RESERVED_BUDGETS:
            issues.append((("domains", d), f"'{d}' is a reserved budget name; choose another domain name"))
        if abs(sum(dom.severity) - 1.0) > 1e-6:
            issues.append((("domains", d, "severity"), f"severity shares must sum to 1, got {sum(dom.severity):g}"))
    if s.population.multi_problem_share > 0 and len(names) < 2:
        issues.append((("population", "multi_problem_share"), "multi-problem cases need at least two domains"))
    for d in s.population.co_occurrence:
        if d not in names:
            issues.append((("population", "co_occurrence", d), f"unknown domain '{d}'.{close(d, names)} Allowed: {allowed}"))
    if abs(sum(s.population.age_groups.values()) - 1.0) > 1e-6:
        issues.append((("population", "age_groups"), "age group shares must sum to 1"))

    kinds: dict[str, list[str]] = {k: [] for k in KINDS}
    for p, prov in s.provisions.items():
        check_domains(("provisions", p, "domains"), prov.domains)
        kinds[prov.kind].append(p)
        if prov.kind in ("community", "cross_domain") and prov.domains != "all":
            issues.append((("provisions", p, "domains"), f"a {prov.kind} provision addresses every domain; write domains: all"))
        if prov.kind == "cross_domain":
            for f in ("monthly_cost", "duration_days"):
                if getattr(prov, f) is not None:
                    issues.append((("provisions", p, f), "a cross_domain provision costs cost_factor times the tailored care it "
                                   "replaces; remove this field"))
        else:
            for f in ("monthly_cost", "duration_days"):
                if getattr(prov, f) is None:
                    issues.append((("provisions", p), f"a {prov.kind} provision needs {f}"))
            if prov.cost_factor != 1.0:
                issues.append((("provisions", p, "cost_factor"), "cost_factor is for cross_domain provisions only"))
        if prov.capacity is not None and prov.kind != "community":
            issues.append((("provisions", p, "capacity"), "only the community provision has a capacity"))
        if prov.kind == "community" and prov.capacity is None:
            issues.append((("provisions", p, "capacity"), "a community provision needs a capacity (clients at once)"))
    for k in ("community", "cross_domain"):
        if len(kinds[k]) > 1:
            issues.append((("provisions", kinds[k][1], "kind"), f"at most one {k} provision; found {', '.join(kinds[k])}"))
    for d in s.domains:  # in file order (not the set's), so the first message is always the same one
        covering = [p for p in kinds["tailored"] if s.provisions[p].domains == "all" or d in s.provisions[p].domains]
        if not covering:
            issues.append((("provisions",), f"domain '{d}' has no tailored provision; every domain needs one"))
    has_community = bool(kinds["community"])
    if s.access.community_absorb > 0 and not has_community:
        issues.append((("access", "community_absorb"), "community_absorb > 0 needs a provision of kind community"))

    policies = {st.value for st in s.plan.policy}
    if "discretion" in policies and s.plan.discretion_max <= 0:
        issues.append((("plan", "discretion_max"), "policy 'discretion' needs discretion_max > 0 (euros per case)"))
    pool_ever = any(st.value > 0 for st in s.budget.pooled_share)
    if "discretion" in policies and not pool_ever:
        issues.append((("plan", "policy"), "policy 'discretion' spends across domains, which needs a pool: set budget.pooled_share > 0"))

    seen: set[str] = set()
    for i, b in enumerate(s.buttons):
        loc = ("buttons", i)
        if b.name in seen:
            issues.append((loc + ("name",), f"button name '{b.name}' is used twice"))
        seen.add(b.name)
        if b.release >= b.fire:
            issues.append((loc + ("release",), f"release ({b.release:g}) must be below fire ({b.fire:g}), so the button has hysteresis"))
        if b.metric != "waitlist" and b.budget not in names | set(RESERVED_BUDGETS):
            issues.append((loc + ("budget",), f"unknown budget '{b.budget}'.{close(b.budget, names | set(RESERVED_BUDGETS))} "
                           f"Allowed: {allowed}, pool or total"))
        if b.metric != "waitlist" and b.fire > 10:
            issues.append((loc + ("fire",), f"{b.metric} is a share of the allocation (1.0 = 100%), so fire {b.fire:g} "
                           f"means {100 * b.fire:g}%; for {b.fire:g}% write {b.fire / 100:g}"))
        if b.budget == "pool" and not pool_ever:
            issues.append((loc + ("budget",), "budget 'pool' needs budget.pooled_share > 0"))
        check_domains(loc + ("domains",), b.domains)
        if b.action == "stricter_access":
            if b.redirect_share + b.refuse_share > 1:
                issues.append((loc + ("refuse_share",), "redirect_share + refuse_share must not exceed 1"))
            if b.redirect_share > 0 and not has_community:
                issues.append((loc + ("redirect_share",), "redirecting to the community provision needs a provision of kind community"))
    return issues
