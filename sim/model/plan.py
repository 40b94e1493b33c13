"""The decision policy: which provisions a case gets.

`standard` is rule-based: the general provision for light problems, tailored care otherwise.
`maatwerk` gives the best fit: tailored care, and one cross-domain plan for a multi-problem case
when a pool can pay for it. `discretion` is `standard` plus money a professional may spend across
domains (City Deal style; the amount is decided in `sim.journey`).

Under earmarked budgets nothing pays for a cross-domain provision, so a multi-problem case gets
one provision per domain: a fragmented plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..policy.scenario import Provider, Scenario
from ..policy.timeline import Timeline


@dataclass(frozen=True)
class Catalogue:
    """The scenario's enabled provisions as flat lists, indexed for the hot path."""

    names: list[str]
    kind: list[str]
    monthly_cost: list[float]
    scaled: list[bool]
    mu: list[float]  # lognormal duration parameters
    sigma: list[float]
    effectiveness: list[float]
    fit: list[float]
    tailored: list[int]  # per domain
    general: list[int | None]  # per domain
    cross: int | None
    community: int | None
    personal: int | None
    capacity: list[int | None]
    cost_factor: list[float]
    merged: list[bool]
    merges: list[tuple[int, str, frozenset]]  # (provision, kind it stands in for, domain indices)
    result_fee: list[float | None]  # per_result payment: euros per problem at severity 1
    intensity: list[Timeline]
    providers: list[list[str]]  # provider names per provision (empty: one provider without limits)
    provider_specs: list[list[Provider]]
    when_full: list[str]
    extra_tariff: list[float]
    max_wait: list[float | None]  # when_full 'wait': most days before extra care is contracted after all
    any_providers: bool  # lets the hot path skip the provider step for most catalogues

    @classmethod
    def from_scenario(cls, s: Scenario) -> "Catalogue":
        doms = s.domain_names()
        names = [n for n, p in s.provisions.items() if p.enabled]
        provs = [s.provisions[n] for n in names]

        def first(kind: str, d: str) -> int | None:
            """A domain's own provision of a kind; a merged one serves only cases it merges."""
            for i, p in enumerate(provs):
                if p.kind == kind and not p.merged and (p.domains == "all" or d in p.domains):
                    return i
            return None

        def only(kind: str) -> int | None:
            return next((i for i, p in enumerate(provs) if p.kind == kind), None)

        sigma = [math.sqrt(math.log(1 + p.duration_cv**2)) for p in provs]
        mean_days = [p.duration_days or 1.0 for p in provs]  # cross_domain borrows the tailored durations
        return cls(
            names=names,
            kind=[p.kind for p in provs],
            monthly_cost=[p.monthly_cost or 0.0 for p in provs],
            scaled=[p.severity_scaled if p.severity_scaled is not None else p.kind in ("tailored", "cross_domain", "personal_budget")
                    for p in provs],
            mu=[math.log(d) - sg**2 / 2 for d, sg in zip(mean_days, sigma)],
            sigma=sigma,
            effectiveness=[p.effectiveness for p in provs],
            fit=[p.fit for p in provs],
            tailored=[first("tailored", d) for d in doms],  # type: ignore[misc]
            general=[first("general", d) for d in doms],
            cross=only("cross_domain"),
            community=only("community"),
            personal=only("personal_budget"),
            capacity=[p.capacity for p in provs],
            cost_factor=[p.cost_factor for p in provs],
            merged=[p.merged for p in provs],
            merges=[(i, p.kind, frozenset(doms.index(d) for d in p.domains)) for i, p in enumerate(provs) if p.merged],
            result_fee=[p.result_fee if p.payment == "per_result" else None for p in provs],
            intensity=[Timeline(p.intensity) for p in provs],
            providers=[list(p.providers) for p in provs],
            provider_specs=[list(p.providers.values()) for p in provs],
            when_full=[p.when_full for p in provs],
            extra_tariff=[p.extra_tariff for p in provs],
            max_wait=[p.max_wait_days for p in provs],
            any_providers=any(p.providers for p in provs),
        )

    def duration(self, p: int, z: float) -> float:
        return math.exp(self.mu[p] + self.sigma[p] * z)

    def mean_days(self, p: int) -> float:
        return math.exp(self.mu[p] + self.sigma[p] ** 2 / 2)

    def costed_as(self, p: int, domain: int) -> int:
        """The provision whose cost and duration apply: a cross-domain plan or a personal budget
        stands in for tailored care."""
        return self.tailored[domain] if self.kind[p] in ("cross_domain", "personal_budget") else p


def choose(cat: Catalogue, policy: str, domains: list[int], severity: list[int], pool_can_pay: bool,
           standard_only: bool, standard_max_severity: int, steer_max_severity: int | None = None) -> list[int]:
    """One provision per problem, in the order of `domains`.

    A cross-domain plan appears as the cross-domain provision on every problem it covers. A
    standard_only button steers to the general provision the problems up to `steer_max_severity`
    (default `standard_max_severity`: what a general provision can meet) and gives heavier ones
    tailored care: a cap may steer, it may not refuse necessary care (docs/calibration.md §6).
    """
    if policy == "maatwerk" and not standard_only:
        if len(domains) > 1 and pool_can_pay and cat.cross is not None:
            return [cat.cross] * len(domains)
        plan = [cat.tailored[d] for d in domains]
    else:
        light_up_to = steer_max_severity if standard_only and steer_max_severity is not None else standard_max_severity
        plan = []
        for i, d in enumerate(domains):
            g = cat.general[d]
            plan.append(g if g is not None and severity[i] <= light_up_to else cat.tailored[d])
    if cat.merges and len(domains) > 1:
        # A merged provision replaces two or more of the case's provisions of its kind in its domains.
        for m, kind, doms in cat.merges:
            hit = [i for i, p in enumerate(plan) if cat.kind[p] == kind and domains[i] in doms]
            if len(hit) > 1:
                for i in hit:
                    plan[i] = m
    return plan
