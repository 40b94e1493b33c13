"""The scenario schema: what a policy says, typed and validated.

A scenario file is policy, not mechanism: it names domains, budgets, provisions, the access
set-up, the decision policy and the emergency buttons. The engine reads it; nothing here runs
a simulation. Every field has a description, so `ontschot schema` gives editors autocompletion
and the README's field reference stays true.

Parameters typed with `dated(...)` may hold dated values (see `sim.timeline`). Contradictions
between fields that a type cannot express are found by `sim.policy.checks.consistency_issues`.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model, PrivateAttr, StringConstraints, ValidationInfo, field_validator

from .bounds import (MAX_INCIDENCE, MAX_NEIGHBOURHOODS, MAX_PLACES, MAX_REPLICATIONS, MAX_RESIDENTS,  # noqa: F401
                     MAX_SEED, MAX_STAFF, MAX_YEARS, WHY_REPLICATIONS, WHY_RESIDENTS, WHY_SEED, WHY_YEARS, AnyNumber,
                     AnyWhole, ClientMoney, Days, Factor, GradePoints, GradeSpread, Incidence, Money, Places,
                     PositiveDays, Release, Residents, Share, Spread, Staff, Surcharge, Threshold, Weight, Why,
                     WHY_SEVERITY)
from .actions import ACTIONS, button_fields
from .timeline import dated

from ..errors import Said
if TYPE_CHECKING:
    import numpy as np

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

RESERVED_BUDGETS = ("pool", "total")  # budgets a button or programme may name besides the domains
# The words a field may take, said once: the schema uses the Literal, the checks the tuple.
Kind = Literal["community", "general", "tailored", "cross_domain", "personal_budget"]
KINDS: tuple[str, ...] = get_args(Kind)
ClaimMetric = Literal["cost", "deficit", "satisfaction", "wait", "exposure", "escalations"]  # what a source claims about
CLAIM_METRICS: tuple[str, ...] = get_args(ClaimMetric)


# Every number of a scenario is bounded by what a run can survive: the bounds and their reasons
# are `sim.policy.bounds` (its types: Share, Money, Days, ...), written beside each field here;
# `sim.policy.scale.estimate` bounds what the whole run would hold in memory and time.
WHY_QUALITY = "ASSUMPTION: a provider is at most a whole resolution chance, or three grade points, better or worse"
WHY_LATENT = "ASSUMPTION: hidden demand of at most twice (a subgroup: ten times) the registered demand"


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never silently fall back to a default. No number may
    be infinite or NaN: `.inf` and `.nan` are YAML numbers, but no field means them."""

    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)


class Municipality(Strict):
    name: str = Field("Municipality", description="Name shown in reports.")
    residents: Annotated[Residents, Field(description="Number of residents (at most 2,000,000).")]
    neighbourhoods: Annotated[int, Field(ge=1, le=MAX_NEIGHBOURHOODS), Why(
        "ASSUMPTION: 20 times Amsterdam's about 480 neighbourhoods (CBS wijken en buurten); ids are 16-bit"), Field(description="Number of neighbourhoods cases are "
                                         "spread over (at most 10,000).")] = 1
    size_reference: Residents | None = Field(
        None,
        description="Residents the absolute figures in this file (caseloads, budgets, staff, capacities, provider "
        "places and ceilings, programme costs) were set for. When `residents` differs, they are scaled by "
        "residents / size_reference, staff and places rounded up; so a file can set its own population only.",
    )


class Domain(Strict):
    label_en: str | None = Field(None, description="English label; defaults to the domain's name.")
    label_nl: str | None = Field(None, description="Dutch label; defaults to the domain's name.")
    incidence: Annotated[Incidence, Field(
                                      description="New help requests per 1,000 residents a year (at most 1,000).")]
    entitled: bool = Field(
        False,
        description="Open-ended entitlement (Wmo, Jeugdwet): a button that delays or refuses care "
        "for this domain counts as legal exposure.",
    )
    budget: dated(Money) = Field(description="Annual allocation in euros (dated values allowed).")  # type: ignore[valid-type]
    initial_caseload: Annotated[int, Field(ge=0, le=MAX_RESIDENTS), Why(WHY_RESIDENTS), Field(description="Clients already in care on day 0 "
                                          "(at most the municipality's residents); with run.warm_start 'steady' the "
                                          "published stock the model's own steady state is compared with.")] = 0
    severity: list[Share] = Field(
        [0.6, 0.3, 0.1], min_length=3, max_length=3,
        description="Shares of new problems at severity 1, 2 and 3; must sum to 1.",
    )
    desk_staff: Annotated[Staff, Field(description="Intakes this domain's desk can hold at once (access by desks); "
                                     "desks work every calendar day, so this is capacity over 365 days a year.")] = 1
    intake_days: Annotated[PositiveDays, Field(description="Mean calendar days one intake occupies a desk place (exponential).")] = 0.25
    processing_days: Days = Field(
        0.0, description="Mean calendar days from the intake to the decision: making the appointment, the kitchen-table "
        "conversation, the investigation and report, the decision (lognormal, see processing_cv). It comes on top of "
        "the intake queue and holds no desk place; 0: decided at the intake.")
    processing_cv: Spread = Field(
        0.5, description="Coefficient of variation of processing_days (lognormal). The same luck that makes a "
        "resident's intake long makes their processing long: one case's complexity.")
    decision_term_days: PositiveDays | None = Field(
        None, description="Legal term from request to decision in this domain (Wmo: 6 + 2 weeks; youth care: the Awb's "
        "at most 8 weeks); default: law.decision_term_days. A decision past it counts as legal exposure when a button "
        "or a rule caused the delay.")


class Subgroup(Strict):
    """Residents with a problem profile of their own (farmers, people with dementia)."""

    label_en: str | None = Field(None, description="English label; defaults to the subgroup's name.")
    label_nl: str | None = Field(None, description="Dutch label; defaults to the subgroup's name.")
    residents_share: Annotated[float, Field(gt=0, le=1), Why("a share of the residents, not none")] = Field(description="Share of the municipality's residents in the subgroup.")
    incidence: dict[str, Incidence] = Field(
        description="New help requests per 1,000 subgroup residents a year, per domain; a domain not named has none."
    )
    multi_problem_share: Share | None = Field(None, description="Share of the subgroup's cases with several problems (default: the population's).")
    severity: list[Share] | None = Field(
        None, min_length=3, max_length=3, description="Shares at severity 1, 2 and 3 (default: each domain's); must sum to 1."
    )
    latent_share: Annotated[float, Field(ge=0, le=10), Why(WHY_LATENT)] | None = Field(
        None, description="Hidden demand per registered case (default: the population's); comes forward only with "
        "`access.latent_uptake` or the subgroup's `access.outreach`."
    )


class Population(Strict):
    multi_problem_share: Share = Field(0.1, description="Share of new cases with problems in two or more domains.")
    max_problems: Annotated[int, Field(ge=2, le=5), Why(
        "ASSUMPTION: several problems means two; more than five domains' problems at once is no case the model knows"),
                            Field(description="Most domains one case can have problems in.")] = 3
    co_occurrence: dict[str, Weight] = Field(
        default_factory=dict,
        description="Weights for which domains occur as extra problems of a multi-problem case "
        "(default: in proportion to incidence).",
    )
    latent_share: Annotated[float, Field(ge=0, le=2), Why(WHY_LATENT)] = Field(
        0.0,
        description="Latent demand: residents with problems who ask for help only when access is easy, "
        "per registered case. Whether they come forward is `access.latent_uptake`.",
    )
    age_groups: dict[str, Share] = Field(
        default_factory=lambda: {"adult": 0.7, "senior": 0.3},
        description="Shares of age groups among adult cases; youth-care (domain 'jeugd') cases are 'youth'.",
    )
    subgroups: dict[Name, Subgroup] = Field(
        default_factory=dict, description="Residents with a problem profile of their own; the rest of the population "
        "keeps the domains' incidences over the remaining residents."
    )


class Outreach(Strict):
    """Professionals who go to a subgroup instead of waiting at a desk (erfcoaches)."""

    uptake: dated(Share) = Field(description="Share of the subgroup's hidden demand that comes forward (dated).")  # type: ignore[valid-type]
    earlier: Share = Field(0.0, description="Share of the subgroup's cases found one severity level earlier (lighter).")


class ReferralCheck(Strict):
    """A service desk that checks referrals before tailored care is granted (Eindhoven's servicebureau)."""

    days: Days = Field(description="Days the check adds before tailored care starts.")
    steer_share: Share = Field(0.0, description="Share of light (severity 1) problems the check steers from tailored care "
                               "to the domain's general provision; lawful when the general provision is suitable.")


class Access(Strict):
    mode: dated(Literal["desks", "integral"]) = Field(  # type: ignore[valid-type]
        "desks", description="'desks': one intake per domain in turn; 'integral': one team, one intake."
    )
    integral_staff: Annotated[Staff, Field(description="Staff of the integral team.")] = 1
    integral_intake_days: Annotated[PositiveDays, Field(description="Mean staff days of an integral intake.")] = 0.5
    integral_extra_per_problem: Days = Field(0.25, description="Extra staff days per extra problem at an integral intake.")
    handoff_days: Days = Field(14.0, description="Days between one desk's intake and the next desk's (access by desks).")
    miss_probability: Share = Field(0.3, description="Chance a desk misses a problem outside its own domain.")
    missed_surface_days: PositiveDays = Field(
        180.0, description="Mean days until a missed problem surfaces as a new, more severe episode."
    )
    latent_uptake: dated(Share) = Field(0.0, description="Share of latent demand that comes forward (dated).")  # type: ignore[valid-type]
    community_absorb: dated(Share) = Field(  # type: ignore[valid-type]
        0.0, description="Share of simple cases the community provision takes on, while it has room (dated)."
    )
    teams: Literal["one", "per_neighbourhood"] = Field(
        "one", description="Integral access: one team, or one team per neighbourhood (village teams) that each hold "
        "an equal part of integral_staff and see only their own neighbourhood's residents."
    )
    bundled_decision: Literal["none", "all"] | list[str] = Field(
        "none", description="Access by desks: the first desk takes one decision for all of a case's problems, with a "
        "mandate across domains: one longer intake, no hand-offs, nothing missed, one plan. 'all', 'none' or a list of subgroups."
    )
    outreach: dict[str, Outreach] = Field(default_factory=dict, description="Outreach per subgroup (see population.subgroups).")
    referral_check: ReferralCheck | None = Field(None, description="A check of referrals to tailored care, or none.")


class Plan(Strict):
    policy: dated(Literal["standard", "maatwerk", "discretion"]) = Field(  # type: ignore[valid-type]
        "standard",
        description="'standard': general provision first; 'maatwerk': tailored, one cross-domain plan where a pool can pay; "
        "'discretion': standard plus a discretionary amount per multi-problem case.",
    )
    standard_max_severity: Annotated[int, Field(ge=1, le=3), Why(WHY_SEVERITY)] = Field(
        1, description="Under 'standard', problems up to this severity get the general provision."
    )
    discretion_max: ClientMoney = Field(0.0, description="Most a professional may spend per multi-problem case across domains (euros).")
    discretion_effect: Share = Field(0.15, description="Extra chance that each problem resolves when discretionary money is spent.")
    personal_budget_share: dated(Share) = Field(  # type: ignore[valid-type]
        0.0, description="Share of cases with tailored care that take it as a personal budget (the provision of kind "
        "personal_budget) and buy the help themselves (dated)."
    )
    personal_budget_integral: bool = Field(
        False, description="One personal budget across domains (integraal pgb): a multi-problem case gets one budget for "
        "all its problems, paid by the pool, as one plan. Needs budget.pooled_share > 0."
    )
    hardship_share: Share = Field(
        0.0, description="Hardship clause: share of cases a rule would steer to a general provision (the standard policy "
        "or a standard_only button) for which the rule is set aside and tailored care granted."
    )
    hardship_days: Days = Field(14.0, description="Days the exception decision adds (default: an assumption for a workshop to discuss).")


class Provider(Strict):
    """One provider of a provision: its share of the clients, tariff, quality and limits."""

    share: Share = Field(description="Share of the provision's clients who go to this provider first.")
    tariff: Factor = Field(1.0, description="Factor on the provision's monthly cost.")
    effectiveness: Annotated[float, Field(ge=-1, le=1), Why(WHY_QUALITY)] = Field(0.0, description="Added to the provision's effectiveness.")
    fit: Annotated[float, Field(ge=-3, le=3), Why(WHY_QUALITY)] = Field(0.0, description="Added to the provision's fit (grade points).")
    capacity: Places | None = Field(None, description="Most clients at once, or no limit.")
    ceiling: Money | None = Field(None, description="Most euros committed to new clients in a budget year (a "
                                  "per-provider ceiling), or no limit.")
    label_en: str | None = Field(None, description="English label shown to readers; defaults to the provider's name.")
    label_nl: str | None = Field(None, description="Dutch label, shown with `--lang nl`; defaults to the provider's name.")


class Provision(Strict):
    kind: Kind = Field(description="'community': help by neighbours, volunteers and initiatives (voorliggend veld), no "
                       "individual decision, cheap, limited places; 'general': a general provision (algemene voorziening), no "
                       "individual decision, cheap, limited fit; 'tailored': a tailored provision (maatwerkvoorziening) on an "
                       "individual decision, costlier, better fit; 'cross_domain': one plan across domains for a case with "
                       "several problems, paid by the pool, at cost_factor times the tailored care it replaces; "
                       "'personal_budget': tailored care taken as a personal budget (pgb) and bought by the resident "
                       "(plan.personal_budget_share).")
    domains: Annotated[list[str], Field(min_length=1)] | Literal["all"] = Field(
        description="Domains it addresses (at least one), or 'all'.")
    monthly_cost: ClientMoney | None = Field(None, description="Euros per client per month at severity 1 (not for cross_domain).")
    severity_scaled: bool | None = Field(
        None, description="Cost rises with severity (outcome.severity_cost); default: yes for tailored and cross_domain."
    )
    duration_days: Annotated[PositiveDays, Field(description="Mean duration in days (not for cross_domain).")] | None = None
    cost_factor: Factor = Field(
        1.0, description="cross_domain only: its cost is this factor times the tailored care it replaces, problem by problem."
    )
    duration_cv: Annotated[Spread, Field(description="Coefficient of variation of the duration (lognormal).")] = 0.5
    effectiveness: Share = Field(description="Chance a severity-1 problem resolves, with no waiting and an integral plan.")
    fit: Annotated[float, Field(ge=-3, le=3), Why(WHY_QUALITY)] = Field(0.0, description="Grade points the provision's fit adds to satisfaction.")
    capacity: Places | None = Field(None, description="Most clients at once (community provision).")
    enabled: bool = Field(True, description="False removes the provision from the catalogue (a variant may merge or replace it).")
    merged: bool = Field(
        False, description="A merged provision (e.g. work-like day activities and sheltered work as one offer): for a case "
        "with problems in two or more of its domains it replaces their provisions of the same kind with one grant, paid "
        "once, one plan for those problems. Single problems keep their own provision."
    )
    intensity: dated(Annotated[float, Field(gt=0, le=1), Why("a share of the assessed hours, not none")]) = Field(  # type: ignore[valid-type]
        1.0, description="Share of the assessed hours granted, set on policy grounds (dated). Below 1 for an entitled "
        "domain counts as legal exposure; a won appeal restores the full hours."
    )
    payment: Literal["per_month", "per_result"] = Field(
        "per_month", description="'per_month': paid for the months of care (products or hours); 'per_result': one fee per "
        "problem at the grant, whatever the duration (financing by results)."
    )
    result_fee: ClientMoney | None = Field(None, description="per_result: euros per problem at severity 1 (scaled like the monthly cost).")
    providers: dict[Name, Provider] = Field(
        default_factory=dict, description="Providers of this provision, with their shares, tariffs, quality, places and ceilings. "
        "None: one provider without limits."
    )
    when_full: Literal["contract_extra", "wait"] = Field(
        "contract_extra", description="When every provider is full: contract extra care at extra_tariff (what the law asks), "
        "or wait for a place or the next budget year (legal exposure for an entitled domain)."
    )
    max_wait_days: PositiveDays | None = Field(
        None, description="when_full 'wait': the most days a client waits for a place before extra care is contracted "
        "after all (the municipality must contract more when every provider is full); None: until a place frees or a "
        "won appeal.")
    extra_tariff: Surcharge = Field(1.15, description="Factor on the cost of extra care contracted when all providers are full "
                                                   "(default: an assumption for a workshop to discuss).")
    source: str | None = Field(None, description="Where the figures come from, or 'assumption'.")
    source_nl: str | None = Field(None, description="`source` in Dutch, shown in model.md with `--lang nl`; defaults "
                                  "to `source`.")
    label_en: str | None = Field(None, description="English label shown to readers; defaults to the provision's name.")
    label_nl: str | None = Field(None, description="Dutch label, shown with `--lang nl`; defaults to the provision's name.")

    def source_told(self, lang: str = "en") -> str | None:
        """Where the figures come from, in the reader's language (`source_nl` in Dutch where the file gives it)."""
        return (self.source_nl or self.source) if lang == "nl" else self.source


class Outcome(Strict):
    fragmentation_penalty: Share = Field(0.25, description="Relative loss of resolution chance for a multi-problem case without one integral plan.")
    wait_penalty_per_100_days: Share = Field(0.1, description="Relative loss of resolution chance per 100 days of waiting.")
    severity_penalty: Share = Field(0.1, description="Relative loss of resolution chance per severity level above 1.")
    escalation_share: Share = Field(0.3, description="Share of unresolved problems that escalate to costlier care (a new episode).")
    relapse_share: Share = Field(0.2, description="Share of unresolved problems that return at the same severity (a new episode).")
    followup_days: PositiveDays = Field(120.0, description="Mean days from closure to a relapse or escalation.")
    max_generations: Annotated[int, Field(ge=1, le=3), Why(
        "ASSUMPTION: the first episode and two follow-ups; a problem that returns more often is chronic care")] = Field(3, description="Episodes per problem: the first plus follow-ups.")
    severity_cost: list[Factor] = Field(
        [1.0, 1.6, 2.5], min_length=3, max_length=3, description="Cost multipliers at severity 1, 2 and 3."
    )


class Satisfaction(Strict):
    base: Annotated[float, Field(ge=1, le=10), Why("a Dutch grade runs from 1 to 10")] = Field(6.8, description="Grade of a resolved-neutral case before the terms below.")
    resolved: GradePoints = Field(1.0, description="Grade points when every problem of the case resolved.")
    per_wait_month: GradePoints = Field(-0.25, description="Grade points per 30 days waited (intake queue, hand-offs, waitlist).")
    per_extra_intake: GradePoints = Field(-0.4, description="Grade points per extra intake (telling one's story again).")
    refused: GradePoints = Field(-2.5, description="Grade points when help was refused.")
    button_delay: GradePoints = Field(-0.5, description="Grade points when a button delayed or cut the help.")
    noise_sd: GradeSpread = Field(0.8, description="Personal spread of grades (standard deviation).")


class Budget(Strict):
    pooled_share: dated(Share) = Field(  # type: ignore[valid-type]
        0.0, description="Share of every domain's money moved into a common pot that may pay for anything (dated)."
    )
    underspend: Literal["return", "reserve"] = Field("return", description="What happens to money left at a year's end.")
    initial_reserve: Money = Field(0.0, description="Reserve at the start, which covers deficits (euros).")
    neighbourhood_pools: bool = Field(
        False, description="Split the pooled money into one pot per neighbourhood (a neighbourhood budget, buurtbegroting), "
        "in equal shares (residents are spread evenly over neighbourhoods), each paying for its own residents only."
    )


class Prevention(Strict):
    """Prevention in one domain: fewer problems arise, and people leave care sooner."""

    inflow_reduction: dated(Share) = Field(0.0, description="Share of new problems in this domain that are prevented (dated).")  # type: ignore[valid-type]
    outflow_speedup: Share = Field(0.0, description="Share cut from the duration of care in this domain (faster outflow).")


class Programme(Strict):
    """Collective spending that belongs to no single case: a prevention programme, a service desk, outreach workers."""

    budget: str = Field(description="Budget that pays: a domain name or 'pool'.")
    cost_per_year: dated(Money) = Field(description="Euros a year (dated values allowed).")  # type: ignore[valid-type]
    description: str = Field("", description="What the money buys, in plain words.")
    label_en: str | None = Field(None, description="English label shown to readers; defaults to the programme's name.")
    label_nl: str | None = Field(None, description="Dutch label, shown with `--lang nl`; defaults to the programme's name.")


class Law(Strict):
    decision_term_days: PositiveDays = Field(
        56.0, description="Legal term from request to decision, for a domain that sets none of its own "
        "(domains.<d>.decision_term_days); a delay past it that a button or a rule caused counts as exposure."
    )
    appeal_share: Share = Field(0.3, description="Share of legally exposed cases that appeal and win.")
    appeal_days: Days = Field(120.0, description="Days until a won appeal's care starts.")
    appeal_cost_factor: Surcharge = Field(1.2, description="Cost multiplier of care provided after a won appeal.")


class _ButtonCommon(Strict):
    name: Name = Field(description="The button's name, shown in the cases, steps and events tables and in reports.")
    metric: Literal["spent_share", "committed_share", "projected_share", "waitlist"] = Field(
        description="Spent or committed share of the pro-rata allocation, projected year-end spend over the allocation, "
        "or the number of cases on the waiting list."
    )
    budget: str = Field("total", description="Budget the metric reads: a domain name, 'pool' or 'total'.")
    fire: Threshold = Field(description="The button is pressed when the metric reaches this value.")
    release: Release = Field(description="The button is released when the metric falls below this value.")
    action: Literal[tuple(a.name for a in ACTIONS)] = Field(  # type: ignore[valid-type]
        description="What the button does while pressed: " + "; ".join(a.help for a in ACTIONS) + ". Delaying, "
        "cutting or refusing care in an entitled domain counts as legal exposure.")
    domains: Annotated[list[str], Field(min_length=1)] | Literal["all"] = Field(
        "all", description="Domains the action applies to (at least one), or 'all'.")


def button_model(actions: tuple = ACTIONS) -> type[Strict]:
    """The button schema: the fields every button has, then each action's own (`sim.policy.actions`,
    flat on the button as scenario files have always written them), then whether and how it shows.
    Built from the registry, so an action's schema part is written in the action's file alone."""
    return create_model(  # type: ignore[call-overload, no-any-return]
        "Button", __base__=_ButtonCommon, __module__=__name__,
        action=(Literal[tuple(a.name for a in actions)], _ButtonCommon.model_fields["action"]),
        **button_fields(actions),
        active=(dated(bool), Field(True, description="Whether the button exists (dated: a cap from 1 July).")),
        label_en=(str | None, Field(None, description="English label shown to readers; defaults to the button's name.")),
        label_nl=(str | None, Field(None, description="Dutch label, shown with `--lang nl`; defaults to the button's name.")))


Button = button_model()


class History(Strict):
    """The settings the municipality ran under before day 0, where they differ from the scenario's own.

    The steady warm start holds the caseload these settings leave behind. A base file sets them
    to its own policy and every policy file inherits them, so every scenario meets the same day-0
    caseload (common random numbers) and a policy that starts on day 0 grows from the old
    regime's stock, as Eindhoven's radical maatwerk grew from 2015's caseload (docs/calibration.md §3).
    """

    policy: Literal["standard", "maatwerk", "discretion"] | None = Field(None, description="Decision policy before day 0.")
    mode: Literal["desks", "integral"] | None = Field(None, description="Access before day 0.")
    latent_uptake: Share | None = Field(None, description="Share of latent demand that came forward before day 0.")
    community_absorb: Share | None = Field(None, description="Share of simple cases the community took on before day 0.")
    pooled_share: Share | None = Field(None, description="Share of the money that was pooled before day 0.")


class Run(Strict):
    horizon_years: Annotated[int, Field(ge=1, le=MAX_YEARS), Why(WHY_YEARS)] = Field(4, description="Years simulated (a council term is four).")
    seed: Annotated[int, Field(ge=0, le=MAX_SEED), Why(WHY_SEED)] = Field(1, description="Default seed; `--seed` overrides.")
    replications: Annotated[int, Field(ge=1, le=MAX_REPLICATIONS), Why(WHY_REPLICATIONS)] = Field(3, description="Default replications; `--replications` overrides.")
    warm_start: Literal["given", "steady"] = Field(
        "given", description="How day 0 starts. 'given': each domain's `initial_caseload` clients in care, with the "
        "day-0 policy's provisions and remaining durations drawn in steady state. 'steady': the model's own steady "
        "state under the day-0 settings (clients in care per domain, severity and provision, with length-biased "
        "remaining durations, and the relapses, escalations and missed problems on their way back), so that the "
        "stock stays flat in a scenario that changes nothing; `initial_caseload` is then the published stock the "
        "run report compares it with.")
    history: History = Field(default_factory=History, description="'steady' only: the settings in force before "
                             "day 0 whose steady state the day-0 caseload is (unset: the scenario's own on day 0).")


class Uncertain(Strict):
    """An assumption's plausible range (`uncertain:`): what `ontschot explore` draws its worlds from.

    Uniform between low and high; triangular with a mode; or one of a list of values, each as
    likely. The machinery that reads it (paths, worlds, the checks against the field it names)
    is `sim.policy.uncertain`; the range lives here because it is part of the scenario's schema.
    """

    low: AnyNumber | None = Field(None, description="Lowest plausible value (with high: uniform; with mode too: triangular).")
    high: AnyNumber | None = Field(None, description="Highest plausible value.")
    mode: AnyNumber | None = Field(None, description="Most likely value, between low and high: a triangular range.")
    values: Annotated[list[bool | AnyWhole | AnyNumber | str], Field(min_length=1)] | None = Field(
        None, description="Equally likely values, instead of low and high (a choice such as desks or integral).")
    why: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="One line: the source of the range (a docs/calibration.md section) or 'ASSUMPTION: ...' and why.")
    why_nl: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = Field(
        None, description="The same reason in Dutch, shown with `--lang nl`; defaults to `why`.")
    _integer: bool = PrivateAttr(False)  # set by sim.policy.uncertain: the field takes whole numbers

    @field_validator("high")
    @classmethod
    def _low_high(cls, v: float | None, info: ValidationInfo) -> float | None:
        if "low" not in info.data:
            return v  # low itself is wrong: that error is reported
        low = info.data["low"]
        if (low is None) != (v is None):
            raise ValueError(Said("give low and high together (a range), or values (a list) instead",
                                  "geef low en high samen (een bereik), of in plaats daarvan values (een lijst)"))
        if v is not None and v < low:
            raise ValueError(Said("must not be below low ({low}); give low <= high",
                                  "mag niet onder low ({low}) liggen; geef low <= high").format(low=f"{low:g}"))
        return v

    @field_validator("mode")
    @classmethod
    def _mode_inside(cls, v: float | None, info: ValidationInfo) -> float | None:
        if "low" not in info.data or "high" not in info.data:
            return v  # low or high itself is wrong: that error is reported
        low, high = info.data["low"], info.data["high"]
        if v is not None and (low is None or high is None):
            raise ValueError(Said("a mode needs low and high around it", "een mode heeft low en high eromheen nodig"))
        if v is not None and not low <= v <= high:
            raise ValueError(Said("must lie between low and high ({low} to {high})", "moet tussen low en high liggen ({low} tot {high})"
                                  ).format(low=f"{low:g}", high=f"{high:g}"))
        return v

    @field_validator("values")
    @classmethod
    def _one_kind(cls, v: list | None, info: ValidationInfo) -> list | None:
        if v is not None and info.data.get("low") is not None:
            raise ValueError(Said("give either low and high (a range) or values (a list), not both",
                                  "geef low en high (een bereik) of values (een lijst), niet allebei"))
        if v is None and "low" in info.data and info.data.get("low") is None:
            raise ValueError(Said("give low and high (a range, with mode: triangular) or values (a list of choices)",
                                  "geef low en high (een bereik, met mode: triangular) of values (een lijst van keuzes)"))
        return v

    @property
    def kind(self) -> Literal["uniform", "triangular", "discrete"]:
        return "discrete" if self.values is not None else ("uniform" if self.mode is None else "triangular")

    @property
    def bounds(self) -> tuple[float, float]:
        """The lowest and highest value a draw can take (a discrete range of numbers included)."""
        if self.values is None:
            return self.low, self.high  # type: ignore[return-value]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in self.values):
            raise ValueError("a discrete range of words has no bounds")
        return min(self.values), max(self.values)

    def ppf(self, u: np.ndarray) -> list | np.ndarray:
        """Values for numbers `u` in [0, 1): the inverse of the range's distribution, so a sampler
        (a Latin hypercube, a Sobol sequence) draws in [0, 1) and every range maps it alike. A
        whole-number field gets whole numbers (rounded); a discrete range gives a list (one value for one u)."""
        import numpy as np  # here, not at the top: reading a scenario needs no numpy

        u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
        if self.values is not None:
            index = np.minimum((u * len(self.values)).astype(int), len(self.values) - 1)
            return self.values[int(index)] if index.ndim == 0 else [self.values[i] for i in index]  # one u: one value
        low, high = float(self.low), float(self.high)  # type: ignore[arg-type]
        if self.mode is None or high == low:
            out = low + u * (high - low)
        else:
            from scipy.stats import triang

            out = triang.ppf(u, (self.mode - low) / (high - low), loc=low, scale=high - low)
        return np.rint(out).astype(int) if self._integer else out


class Scenario(Strict):
    extends: str | None = Field(None, description="Base scenario file, relative to this file; this file is deep-merged onto it.")
    name: str = Field(description="Short name shown in tables and pictures.")
    name_nl: str | None = Field(None, description="Dutch name, shown with `--lang nl`; defaults to `name`.")
    description: str = Field("", description="What the scenario is, in a line; told where the file has no `story`.")
    story: str = Field("", description="The policy in plain words.")
    story_nl: str | None = Field(None, description="The policy in plain Dutch, shown with `--lang nl`; defaults to `story`.")
    description_nl: str | None = Field(None, description="The description in plain Dutch, shown with `--lang nl`; "
                                       "defaults to `description`.")
    mechanism_nl: str | None = Field(None, description="The mechanism in plain Dutch, shown with `--lang nl`; defaults to `mechanism`.")
    claim_nl: str | None = Field(None, description="The source's claim in plain Dutch, shown with `--lang nl`; defaults to `claim`.")
    sources: list[str] = Field(default_factory=list, description="Citations for the figures used.")
    sources_nl: list[str] | None = Field(None, description="The same citations described in Dutch, one per entry of "
                                         "`sources` in the same order, shown in model.md with `--lang nl`; defaults to "
                                         "`sources`.")
    source_text: str = Field("", description="The source text the policy comes from (its file name; docs/calibration.md §8 identifies each).")
    mechanism: str = Field("", description="The model mechanism that carries the policy, in plain words.")
    claim: str = Field("", description="What the source claims or reports about the policy, in plain words.")
    claims: dict[ClaimMetric, Literal["lower", "higher"]] = Field(
        default_factory=dict, description="The source's claim as directions against the base, checked in docs/scenarios.md.")
    municipality: Municipality = Field(description="The municipality: its name, residents and neighbourhoods.")
    run: Run = Field(default_factory=Run, description="The run: years, seed, replications and how day 0 starts.")
    domains: dict[Name, Domain] = Field(min_length=1, description="The social domains by name (e.g. wmo, jeugd, "
                                        "participatie, schulden), each with its demand, budget and desk.")
    population: Population = Field(default_factory=Population, description="Who asks for help: several problems, "
                                   "hidden demand, age groups and subgroups.")
    access: Access = Field(default_factory=Access, description="How residents reach help: a desk per domain or one "
                           "integral team, hand-offs, missed problems, outreach.")
    plan: Plan = Field(default_factory=Plan, description="The decision policy: which provisions a case is granted.")
    provisions: dict[Name, Provision] = Field(min_length=1, description="The provisions on offer by name, each of one "
                                              "kind, with its cost, duration, effectiveness and providers.")
    outcome: Outcome = Field(default_factory=Outcome, description="How problems resolve, relapse or escalate, and what "
                             "severity costs.")
    satisfaction: Satisfaction = Field(default_factory=Satisfaction, description="How a resident's grade (1-10) is made up.")
    budget: Budget = Field(default_factory=Budget, description="How the money is held: earmarked or pooled, what "
                           "happens to underspend, the reserve.")
    law: Law = Field(default_factory=Law, description="The legal decision term and appeals.")
    buttons: list[Button] = Field(default_factory=list, description="Emergency buttons (noodknoppen): each is pressed "
                                  "when its metric reaches fire and released when it falls below release.")
    prevention: dict[str, Prevention] = Field(default_factory=dict, description="Prevention per domain.")
    programmes: dict[Name, Programme] = Field(default_factory=dict, description="Collective spending per programme.")
    uncertain: dict[str, Uncertain] = Field(
        default_factory=dict, description="Plausible ranges of assumed values, by field path (`population.latent_share`, "
        "`buttons[0].fire`), for `ontschot explore`; a run uses the fields' own values.")

    # Set by the loader, not by the file: where the scenario came from, and which of its values
    # the files mark as ASSUMPTION (no published figure behind them).
    model_config = ConfigDict(extra="forbid")
    _path: str | None = None
    _assumed: tuple[str, ...] = ()
    _notes: tuple[tuple[str, str], ...] = ()  # (kind, detail): what `ontschot validate` points out, no error
    _unlikely: tuple = ()  # sim.policy.plausible.Unlikely: values allowed but probably a slip, with file and line

    @property
    def path(self) -> str | None:
        return self._path

    @property
    def notes(self) -> tuple[tuple[str, str], ...]:
        """Remarks on the file that are no errors (see `sim.policy.loader`), for `ontschot validate`: each
        a kind ('story_kept') and its detail, which the command line says in the reader's language."""
        return self._notes

    @property
    def unlikely(self) -> tuple:
        """The values the files give that are allowed but probably a slip (`sim.policy.plausible`), each
        with its file, line and field: the command line warns of them, or refuses them with `--strict`."""
        return self._unlikely

    @property
    def assumed(self) -> tuple[str, ...]:
        """The fields (dotted paths) whose values in force are marked ASSUMPTION in the files
        they came from: what an interval over replications does not cover. Empty for a scenario
        not read from files."""
        return self._assumed

    @property
    def content_hash(self) -> str:
        # Computed afresh each time: a scenario rescaled, copied or edited in place must not keep
        # the hash of the file it was loaded from (resuming a comparison relies on it).
        return scenario_hash(self)

    def title(self, lang: str = "en") -> str:
        """The scenario's name in the reader's language."""
        return (self.name_nl or self.name) if lang == "nl" else self.name

    def told(self, lang: str = "en") -> str:
        """The scenario's story (else its description) in the reader's language."""
        story = (self.story_nl or self.story) if lang == "nl" else self.story
        return " ".join(story.split()) if story else self.described(lang)

    def described(self, lang: str = "en") -> str:
        """What the scenario is, in a line, in the reader's language (the English where no Dutch is given)."""
        return _in(self.description, self.description_nl, lang)

    def sources_told(self, lang: str = "en") -> list[str]:
        """The cited sources in the reader's language: `sources_nl` in Dutch where the file gives it."""
        return list(self.sources_nl) if lang == "nl" and self.sources_nl is not None else list(self.sources)

    def mechanism_told(self, lang: str = "en") -> str:
        """The model mechanism that carries the policy, on one line, in the reader's language."""
        return _in(self.mechanism, self.mechanism_nl, lang)

    def claim_told(self, lang: str = "en") -> str:
        """What the source claims, on one line, in the reader's language."""
        return _in(self.claim, self.claim_nl, lang)

    def domain_names(self) -> list[str]:
        return list(self.domains)


def _in(english: str, dutch: str | None, lang: str) -> str:
    """A scenario's text on one line in the reader's language: the Dutch with `--lang nl` where the
    file gives it, else the English (a Dutch reader rather sees English than nothing)."""
    return " ".join(((dutch or english) if lang == "nl" else english).split())


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the merged, validated scenario: the same policy hashes the same, whatever its files.

    The `uncertain:` ranges are left out: no run reads them, so a file that adds ranges runs and
    hashes as before; a world drawn from them (`sim.policy.uncertain.world`) hashes its values.
    """
    canonical = json.dumps(scenario.model_dump(mode="json", exclude={"extends", "uncertain"}), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
