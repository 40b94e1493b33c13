"""The residents and their luck, drawn before any policy is applied (common random numbers).

Everything random about a case is drawn here, vectorised with NumPy, from streams that a
`SeedSequence` derives from (seed, replication, purpose). The engine never draws a random
number: it reads the case's pre-drawn uniforms. Two scenarios that share the population
parameters therefore meet the same residents with the same luck, and their difference is the
policy's effect, not noise.

Random decisions are indexed by (case, generation, domain): generation 0 is the first episode,
1 and 2 are follow-up episodes (a missed problem surfacing, a relapse, an escalation), each for
one problem. Each (case, generation, domain) is met at most once, so no decision reuses a
draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scenario import Scenario

# Columns of the uniform array U[case, generation, domain, :].
U_INTAKE = 0  # intake duration (exponential, by inversion)
U_MISS = 1  # a desk misses this problem
U_RESOLVE = 2  # the problem resolves
U_FOLLOW = 3  # an unresolved problem escalates, relapses or neither
U_FOLLOW_DELAY = 4  # days until the follow-up episode (exponential)
U_COMMUNITY = 5  # the community provision takes the case on
U_ACCESS = 6  # stricter access redirects or refuses the case
U_APPEAL = 7  # a legally exposed case appeals and wins
U_DISCRETION = 8  # share of the discretionary maximum spent
N_UNIFORMS = 9
# Columns of the standard-normal array Z[case, generation, domain, :].
Z_DURATION = 0
Z_GRADE = 1
N_NORMALS = 2

# Purposes, each its own stream; new purposes go at the end so old streams never change.
_ARRIVALS, _PROFILES, _SEVERITY, _PLACES, _DECISIONS, _NORMALS, _INITIAL = range(7)

YOUTH_DOMAIN = "jeugd"


def stream(seed: int, replication: int, purpose: int) -> np.random.Generator:
    """An independent generator per (seed, replication, purpose), stable across runs and workers."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, purpose)))


@dataclass
class Population:
    """New cases (sorted by arrival) and the existing caseload on day 0."""

    domains: list[str]
    arrival: np.ndarray  # (n,) day of the request
    latent: np.ndarray  # (n + m,) bool: latent demand, arrives only when access is easy enough
    latent_u: np.ndarray  # (n,) uniform compared with access.latent_uptake
    problems: np.ndarray  # (n, D) bool
    lead: np.ndarray  # (n,) index of the presenting domain (first desk)
    severity: np.ndarray  # (n, D) int8, 1..3, 0 where no problem
    neighbourhood: np.ndarray  # (n + m,)
    age_group: np.ndarray  # (n + m,) index into age_groups (the last value: unknown)
    age_groups: list[str]
    U: np.ndarray  # (n + m, G, D, N_UNIFORMS) float32; rows n.. belong to the existing caseload
    Z: np.ndarray  # (n + m, G, D, N_NORMALS) float32
    init_domain: np.ndarray  # (m,) existing clients' domain index
    init_severity: np.ndarray  # (m,)
    init_u: np.ndarray  # (m, 3): length-biased draw's uniform, resolve, remaining share
    init_z: np.ndarray  # (m, 2): duration normal, grade normal

    @property
    def n(self) -> int:
        """Number of new cases; the existing caseload's rows follow them."""
        return len(self.arrival)


def draw(scenario: Scenario, seed: int, replication: int = 0) -> Population:
    """Draw the population of one replication. Depends only on population parameters."""
    doms = scenario.domain_names()
    D = len(doms)
    pop = scenario.population
    horizon = 365 * scenario.run.horizon_years
    incidence = np.array([scenario.domains[d].incidence for d in doms], dtype=float)
    multi = pop.multi_problem_share if D > 1 else 0.0
    max_extra = max(1, min(pop.max_problems, D) - 1)
    mean_problems = 1 + multi * (1 + max_extra) / 2
    cases_per_day = scenario.municipality.residents / 1000 * incidence.sum() / mean_problems / 365
    rate = cases_per_day * (1 + pop.latent_share)

    rng = stream(seed, replication, _ARRIVALS)
    n = int(rng.poisson(rate * horizon))
    arrival = np.sort(rng.uniform(0, horizon, n))
    latent_u = rng.random(n)
    latent = rng.random(n) < pop.latent_share / (1 + pop.latent_share)

    rng = stream(seed, replication, _PROFILES)
    share = incidence / incidence.sum() if incidence.sum() > 0 else np.full(D, 1 / D)
    lead = rng.choice(D, size=n, p=share).astype(np.int8)
    problems = np.zeros((n, D), dtype=bool)
    problems[np.arange(n), lead] = True
    if multi > 0:
        weights = np.array([pop.co_occurrence.get(d, incidence[i]) for i, d in enumerate(doms)], dtype=float)
        is_multi = rng.random(n) < multi
        n_extra = rng.integers(1, max_extra + 1, size=n)
        # Extra domains without replacement, by weight: Gumbel-top-k on keys that exclude the lead.
        keys = np.log(np.maximum(weights, 1e-300))[None, :] + rng.gumbel(size=(n, D))
        keys[np.arange(n), lead] = -np.inf
        keys[:, weights <= 0] = -np.inf
        order = np.argsort(-keys, axis=1)
        rank = np.empty_like(order)
        rank[np.arange(n)[:, None], order] = np.arange(D)[None, :]
        extra = (rank < n_extra[:, None]) & np.isfinite(keys) & is_multi[:, None]
        problems |= extra

    rng = stream(seed, replication, _SEVERITY)
    sev_cum = np.cumsum([scenario.domains[d].severity for d in doms], axis=1)
    u = rng.random((n, D))
    severity = (1 + (u[:, :, None] > sev_cum[None, :, :2]).sum(axis=2)).astype(np.int8)
    severity[~problems] = 0

    rng = stream(seed, replication, _PLACES)
    neighbourhood = rng.integers(0, scenario.municipality.neighbourhoods, size=n).astype(np.int16)
    age_groups = list(pop.age_groups)
    age_p = np.array(list(pop.age_groups.values()), dtype=float)
    age_group = rng.choice(len(age_groups), size=n, p=age_p / age_p.sum()).astype(np.int8)
    if YOUTH_DOMAIN in doms:
        age_groups.append("youth")
        age_group[problems[:, doms.index(YOUTH_DOMAIN)]] = len(age_groups) - 1

    # The existing caseload takes the rows after the new cases, so that its follow-up episodes
    # (relapse, escalation after the care in progress ends) have luck of their own.
    counts = [scenario.domains[d].initial_caseload for d in doms]
    init_domain = np.repeat(np.arange(D), counts).astype(np.int8)
    m = len(init_domain)
    G = scenario.outcome.max_generations
    U = stream(seed, replication, _DECISIONS).random((n + m, G, D, N_UNIFORMS), dtype=np.float32)
    Z = stream(seed, replication, _NORMALS).standard_normal((n + m, G, D, N_NORMALS), dtype=np.float32)
    neighbourhood = np.concatenate([neighbourhood, np.zeros(m, dtype=np.int16)])
    age_group = np.concatenate([age_group, np.full(m, len(age_groups), dtype=np.int8)])  # 'unknown'
    latent = np.concatenate([latent, np.zeros(m, dtype=bool)])

    rng = stream(seed, replication, _INITIAL)
    u0 = rng.random(m)
    init_severity = (1 + (u0[:, None] > sev_cum[init_domain][:, :2]).sum(axis=1)).astype(np.int8)
    init_u = rng.random((m, 3))
    init_z = rng.standard_normal((m, 2))

    return Population(
        domains=doms, arrival=arrival, latent=latent, latent_u=latent_u, problems=problems, lead=lead,
        severity=severity, neighbourhood=neighbourhood, age_group=age_group, age_groups=age_groups,
        U=U, Z=Z, init_domain=init_domain, init_severity=init_severity, init_u=init_u, init_z=init_z,
    )
