"""The scenario's settings as the model reads them, grouped by concern and built once per replication.

A scenario is a tree of validated pydantic models, written for people; a journey reads a few
dozen of its values for every case. Copying them field by field onto the model (as it once was)
hid which part of the mechanism reads what. Here every concern has its own small frozen record:
how residents get access, how a plan is chosen, what the law allows, how an episode ends, and
what prevention does. Dated values become `Timeline`s once, here, rather than per case; lists
become tuples, so nothing a journey reads can be changed under it during a run.

The live state that changes during a run (desks, budgets, buttons, providers' places, the
records) is not here but in `sim.model.state`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..policy.calendar import domain_terms, horizon_days
from ..policy.scenario import ReferralCheck, Satisfaction, Scenario
from ..policy.scenario import Outcome as OutcomeSpec
from ..policy.timeline import Timeline


@dataclass(frozen=True, slots=True)
class Access:
    """How a request reaches help: desks or one integral intake, and what is lost on the way."""

    mode: Timeline[str]  # 'desks' or 'integral', dated
    uptake: Timeline[float]  # share of latent demand that comes forward, dated
    outreach: dict  # subgroup code -> (uptake Timeline, share found one severity earlier)
    handoff_days: float
    miss_probability: float  # a desk misses a problem outside its own domain
    missed_surface_days: float  # mean days until a missed problem surfaces
    community_absorb: Timeline[float]
    integral_intake_days: float
    integral_extra: float  # extra staff days per extra problem at one intake
    bundled: frozenset[int] | bool  # the first desk decides for all problems: everyone, no one, or these subgroups
    referral: ReferralCheck | None
    intake_days: tuple[float, ...]  # per domain desk
    # Per domain, the lognormal (mu, sigma) of the days from intake to decision, or None: decided at the intake.
    processing: tuple[tuple[float, float] | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """How a plan is chosen: the policy in force and the room a professional has beside it."""

    policy: Timeline[str]  # 'standard', 'maatwerk' or 'discretion', dated
    standard_max_severity: int
    discretion_max: float
    discretion_effect: float
    pgb_share: Timeline[float]  # share taking tailored care as a personal budget, dated
    pgb_integral: bool
    hardship_share: float
    hardship_days: float


@dataclass(frozen=True, slots=True)
class Law:
    """What the law allows (docs/calibration.md §6): which domains are entitlements, and appeals."""

    entitled: tuple[bool, ...]  # per domain: an open-ended entitlement (Wmo, youth care)
    appeal_share: float
    appeal_days: float
    appeal_cost_factor: float
    decision_term_days: float  # the law's default term
    term: tuple[float, ...] = ()  # per domain, the legal term from request to decision (days; `calendar.term_of`)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an episode ends: the resolution and grade parameters, costs by severity, follow-ups."""

    params: OutcomeSpec  # read by sim.model.outcome
    satisfaction: Satisfaction
    severity_cost: tuple[float, float, float]
    generations: int  # episodes per problem: the first plus follow-ups
    followup_days: float


@dataclass(frozen=True, slots=True)
class Prevention:
    """What prevention does per domain: fewer new problems, and care that ends sooner."""

    inflow: tuple[Timeline[float] | None, ...]  # share of new problems stopped, dated; None: no programme
    speed: tuple[float, ...]  # duration factor of care (1 - outflow speed-up)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting a replication reads, by concern."""

    horizon: float  # days
    domain_names: tuple[str, ...]
    access: Access
    plan: Plan
    law: Law
    outcome: Outcome
    prevention: Prevention

    @classmethod
    def from_scenario(cls, s: Scenario, subgroups: list[str]) -> "Settings":
        """Read the scenario once; `subgroups` are the population's, in the order of their codes (1, 2, ...)."""
        doms = s.domain_names()
        a, p, o = s.access, s.plan, s.outcome
        code = {g: k + 1 for k, g in enumerate(subgroups)}  # subgroup codes as in the population
        bd = a.bundled_decision
        access = Access(
            mode=Timeline(a.mode), uptake=Timeline(a.latent_uptake),
            outreach={code[g]: (Timeline(r.uptake), r.earlier) for g, r in a.outreach.items()},
            handoff_days=a.handoff_days, miss_probability=a.miss_probability, missed_surface_days=a.missed_surface_days,
            community_absorb=Timeline(a.community_absorb), integral_intake_days=a.integral_intake_days,
            integral_extra=a.integral_extra_per_problem,
            bundled=bd == "all" if isinstance(bd, str) else frozenset(code[g] for g in bd),
            referral=a.referral_check, intake_days=tuple(s.domains[d].intake_days for d in doms),
            processing=tuple(lognormal(s.domains[d].processing_days, s.domains[d].processing_cv) for d in doms))
        plan = Plan(policy=Timeline(p.policy), standard_max_severity=p.standard_max_severity,
                    discretion_max=p.discretion_max, discretion_effect=p.discretion_effect,
                    pgb_share=Timeline(p.personal_budget_share), pgb_integral=p.personal_budget_integral,
                    hardship_share=p.hardship_share, hardship_days=p.hardship_days)
        law = Law(entitled=tuple(s.domains[d].entitled for d in doms), appeal_share=s.law.appeal_share,
                  appeal_days=s.law.appeal_days, appeal_cost_factor=s.law.appeal_cost_factor,
                  decision_term_days=s.law.decision_term_days, term=decision_terms(s))
        outcome = Outcome(params=o, satisfaction=s.satisfaction, severity_cost=tuple(o.severity_cost),
                          generations=o.max_generations, followup_days=o.followup_days)
        prevention = Prevention(
            inflow=tuple(Timeline(s.prevention[d].inflow_reduction) if d in s.prevention else None for d in doms),
            speed=tuple(1 - s.prevention[d].outflow_speedup if d in s.prevention else 1.0 for d in doms))
        return cls(horizon=horizon_days(s.run.horizon_years), domain_names=tuple(doms), access=access, plan=plan,
                   law=law, outcome=outcome, prevention=prevention)


def lognormal(mean: float, cv: float) -> tuple[float, float] | None:
    """The (mu, sigma) of a lognormal with this mean and coefficient of variation; None for a mean of 0."""
    if mean <= 0:
        return None
    sigma = math.sqrt(math.log(1 + cv * cv))
    return math.log(mean) - sigma * sigma / 2, sigma


def decision_terms(s: Scenario) -> tuple[float, ...]:
    """Per domain, the legal term from request to decision (the calendar's rule, `domain_terms`).
    Read by the journey and by the summary's share decided within the term (`sim.model.tables`)."""
    return domain_terms([s.domains[d].decision_term_days for d in s.domain_names()], s.law.decision_term_days)
