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

from .scenario import Scenario


@dataclass(frozen=True)
class Catalogue:
    """The scenario's provisions as flat lists, indexed for the hot path."""

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
    capacity: list[int | None]
    cost_factor: list[float]

    @classmethod
    def from_scenario(cls, s: Scenario) -> "Catalogue":
        doms = s.domain_names()
        names = list(s.provisions)
        provs = [s.provisions[n] for n in names]

        def first(kind: str, d: str) -> int | None:
            for i, p in enumerate(provs):
                if p.kind == kind and (p.domains == "all" or d in p.domains):
                    return i
            return None

        sigma = [math.sqrt(math.log(1 + p.duration_cv**2)) for p in provs]
        mean_days = [p.duration_days or 1.0 for p in provs]  # cross_domain borrows the tailored durations
        return cls(
            names=names,
            kind=[p.kind for p in provs],
            monthly_cost=[p.monthly_cost or 0.0 for p in provs],
            scaled=[p.severity_scaled if p.severity_scaled is not None else p.kind in ("tailored", "cross_domain") for p in provs],
            mu=[math.log(d) - sg**2 / 2 for d, sg in zip(mean_days, sigma)],
            sigma=sigma,
            effectiveness=[p.effectiveness for p in provs],
            fit=[p.fit for p in provs],
            tailored=[first("tailored", d) for d in doms],  # type: ignore[misc]
            general=[first("general", d) for d in doms],
            cross=next((i for i, p in enumerate(provs) if p.kind == "cross_domain"), None),
            community=next((i for i, p in enumerate(provs) if p.kind == "community"), None),
            capacity=[p.capacity for p in provs],
            cost_factor=[p.cost_factor for p in provs],
        )

    def duration(self, p: int, z: float) -> float:
        return math.exp(self.mu[p] + self.sigma[p] * z)

    def mean_days(self, p: int) -> float:
        return math.exp(self.mu[p] + self.sigma[p] ** 2 / 2)

    def costed_as(self, p: int, domain: int) -> int:
        """The provision whose cost and duration apply: a cross-domain plan bundles tailored care."""
        return self.tailored[domain] if self.kind[p] == "cross_domain" else p


def choose(cat: Catalogue, policy: str, domains: list[int], severity: list[int], pool_can_pay: bool,
           standard_only: bool, standard_max_severity: int) -> list[int]:
    """One provision per problem, in the order of `domains`.

    A cross-domain plan appears as the cross-domain provision on every problem it covers.
    """
    if policy == "maatwerk" and not standard_only:
        if len(domains) > 1 and pool_can_pay and cat.cross is not None:
            return [cat.cross] * len(domains)
        return [cat.tailored[d] for d in domains]
    plan = []
    for i, d in enumerate(domains):
        g = cat.general[d]
        light = severity[i] <= standard_max_severity
        plan.append(g if g is not None and (light or standard_only) else cat.tailored[d])
    return plan
