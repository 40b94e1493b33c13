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

from .steady import SteadyState, steady_state
from ..policy.calendar import days_in_years, per_day
from ..policy.scenario import Scenario

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
U_PROVIDER = 9  # which provider the client goes to first
U_PGB = 10  # the client takes a personal budget
U_HARDSHIP = 11  # the hardship clause sets a rule aside
U_PREVENT = 12  # prevention stops this problem before it arises (generation 0 only)
U_EARLY = 13  # outreach finds this case one severity level earlier
U_CHECK = 14  # a referral check steers this light problem to the general provision
N_UNIFORMS = 15
# Columns of the standard-normal array Z[case, generation, domain, :].
Z_DURATION = 0
Z_GRADE = 1
N_NORMALS = 2

# Purposes, each its own stream; new purposes go at the end so old streams never change.
_ARRIVALS, _PROFILES, _SEVERITY, _PLACES, _DECISIONS, _NORMALS, _INITIAL, _STEADY, _AGES = range(9)

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
    age_group: np.ndarray  # (n + m + k,) index into age_groups, the day-0 caseload's too
    age_groups: list[str]
    subgroup: np.ndarray  # (n + m,) 0: none, k: the k-th of population.subgroups
    subgroups: list[str]
    U: np.ndarray  # (n + m, G, D, N_UNIFORMS) float32; rows n.. belong to the existing caseload
    Z: np.ndarray  # (n + m, G, D, N_NORMALS) float32
    init_domain: np.ndarray  # (m,) existing clients' domain index
    init_severity: np.ndarray  # (m,)
    init_u: np.ndarray  # (m, 3): length-biased draw's uniform, resolve, remaining share
    init_z: np.ndarray  # (m, 2): duration normal, grade normal
    # With run.warm_start 'steady' (else None): each day-0 client's class in the steady state, and
    # the problems on their way back on day 0 (rows n + m ..., after the clients in care).
    steady: SteadyState | None = None
    init_class: np.ndarray | None = None  # (m,) index into the steady state's classes
    back_stream: np.ndarray | None = None  # (k,) index into its return streams
    back_delay: np.ndarray | None = None  # (k,) days until the problem comes back

    @property
    def n(self) -> int:
        """Number of new cases; the existing caseload's rows follow them."""
        return len(self.arrival)


def _group(scenario: Scenario, seed: int, replication: int, group: int, residents: float,
           incidence: np.ndarray, multi: float, sev_cum: np.ndarray, latent_share: float,
           weights: np.ndarray) -> tuple[np.ndarray, ...]:
    """New cases of one group of residents: arrivals, latent flags, problems, lead domain, severity.

    Group 0 is the general population and keeps the streams it has always had; subgroup k
    draws from streams of its own, so adding a subgroup never changes who else arrives.
    """
    key = (replication,) if group == 0 else (replication, 1000 + group)

    def rng(purpose: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key + (purpose,)))

    D = len(incidence)
    horizon = days_in_years(scenario.run.horizon_years)
    # Extra problems can only fall in domains with a weight (a subgroup's own domains).
    room = int((weights > 0).sum()) or D
    max_extra = max(1, min(scenario.population.max_problems, room) - 1)
    mean_problems = 1 + (multi if room > 1 else 0.0) * (1 + max_extra) / 2
    cases_per_day = per_day(residents / 1000 * incidence.sum() / mean_problems)
    rate = cases_per_day * (1 + latent_share)

    r = rng(_ARRIVALS)
    n = int(r.poisson(rate * horizon))
    arrival = np.sort(r.uniform(0, horizon, n))
    latent_u = r.random(n)
    latent = r.random(n) < latent_share / (1 + latent_share)

    r = rng(_PROFILES)
    share = incidence / incidence.sum() if incidence.sum() > 0 else np.full(D, 1 / D)
    lead = r.choice(D, size=n, p=share).astype(np.int8)
    problems = np.zeros((n, D), dtype=bool)
    problems[np.arange(n), lead] = True
    if multi > 0:
        is_multi = r.random(n) < multi
        n_extra = r.integers(1, max_extra + 1, size=n)
        # Extra domains without replacement, by weight: Gumbel-top-k on keys that exclude the lead.
        keys = np.log(np.maximum(weights, 1e-300))[None, :] + r.gumbel(size=(n, D))
        keys[np.arange(n), lead] = -np.inf
        keys[:, weights <= 0] = -np.inf
        order = np.argsort(-keys, axis=1)
        rank = np.empty_like(order)
        rank[np.arange(n)[:, None], order] = np.arange(D)[None, :]
        extra = (rank < n_extra[:, None]) & np.isfinite(keys) & is_multi[:, None]
        problems |= extra

    u = rng(_SEVERITY).random((n, D))
    severity = (1 + (u[:, :, None] > sev_cum[None, :, :2]).sum(axis=2)).astype(np.int8)
    severity[~problems] = 0
    return arrival, latent_u, latent, problems, lead, severity


def draw(scenario: Scenario, seed: int, replication: int = 0) -> Population:
    """Draw the population of one replication. Depends only on population parameters."""
    doms = scenario.domain_names()
    D = len(doms)
    pop = scenario.population
    residents = scenario.municipality.residents
    incidence = np.array([scenario.domains[d].incidence for d in doms], dtype=float)
    sev_cum = np.cumsum([scenario.domains[d].severity for d in doms], axis=1)
    weights = np.array([pop.co_occurrence.get(d, incidence[i]) for i, d in enumerate(doms)], dtype=float)
    multi = pop.multi_problem_share if D > 1 else 0.0
    rest = 1.0 - sum(g.residents_share for g in pop.subgroups.values())
    parts = [(0,) + _group(scenario, seed, replication, 0, residents * rest, incidence, multi, sev_cum,
                           pop.latent_share, weights)]
    for k, g in enumerate(pop.subgroups.values(), start=1):
        inc = np.array([g.incidence.get(d, 0.0) for d in doms], dtype=float)
        cum = sev_cum if g.severity is None else np.tile(np.cumsum(g.severity), (D, 1))
        w = np.array([pop.co_occurrence.get(d, inc[i]) for i, d in enumerate(doms)], dtype=float) * (inc > 0)
        m = (g.multi_problem_share if g.multi_problem_share is not None else pop.multi_problem_share) if D > 1 else 0.0
        ls = g.latent_share if g.latent_share is not None else pop.latent_share
        parts.append((k,) + _group(scenario, seed, replication, k, residents * g.residents_share, inc, m, cum, ls, w))
    subgroup = np.concatenate([np.full(len(p[1]), p[0], dtype=np.int8) for p in parts])
    arrival, latent_u, latent, problems, lead, severity = (np.concatenate([p[i] for p in parts]) for i in range(1, 7))
    if len(parts) > 1:  # one stream of requests, in arrival order
        order = np.argsort(arrival, kind="stable")
        arrival, latent_u, latent, problems, lead, severity, subgroup = (
            a[order] for a in (arrival, latent_u, latent, problems, lead, severity, subgroup))
    n = len(arrival)

    rng = stream(seed, replication, _PLACES)
    neighbourhood = rng.integers(0, scenario.municipality.neighbourhoods, size=n).astype(np.int16)
    age_groups = list(pop.age_groups) + (["youth"] if YOUTH_DOMAIN in doms else [])
    youth = problems[:, doms.index(YOUTH_DOMAIN)] if YOUTH_DOMAIN in doms else np.zeros(n, dtype=bool)
    age_group = _ages(rng, scenario, youth)

    # The existing caseload takes the rows after the new cases, so that its follow-up episodes
    # (relapse, escalation after the care in progress ends) have luck of their own.
    steady = init_class = back_stream = back_delay = None
    if scenario.run.warm_start == "steady":
        steady, init_class, steady_u, steady_z, back_stream, back_delay = _steady_draw(scenario, seed, replication)
        init_domain = steady.domain[init_class].astype(np.int8)
        k = len(back_stream)
    else:
        counts = [scenario.domains[d].initial_caseload for d in doms]
        init_domain = np.repeat(np.arange(D), counts).astype(np.int8)
        k = 0
    m = len(init_domain)
    G = scenario.outcome.max_generations
    U = stream(seed, replication, _DECISIONS).random((n + m + k, G, D, N_UNIFORMS), dtype=np.float32)
    Z = stream(seed, replication, _NORMALS).standard_normal((n + m + k, G, D, N_NORMALS), dtype=np.float32)
    neighbourhood = np.concatenate([neighbourhood,
                                    (np.arange(m + k) % scenario.municipality.neighbourhoods).astype(np.int16)])
    subgroup = np.concatenate([subgroup, np.zeros(m + k, dtype=np.int8)])
    # The day-0 caseload's residents (in care, and with a problem on its way back) have an age
    # group by the same rule, from a stream of their own, so no other draw moves.
    caseload = init_domain if steady is None else np.concatenate([init_domain, steady.back_domain[back_stream]])
    youth = caseload == doms.index(YOUTH_DOMAIN) if YOUTH_DOMAIN in doms else np.zeros(m + k, dtype=bool)
    age_group = np.concatenate([age_group, _ages(stream(seed, replication, _AGES), scenario, youth)])
    latent = np.concatenate([latent, np.zeros(m + k, dtype=bool)])

    rng = stream(seed, replication, _INITIAL)
    u0 = rng.random(m)
    if steady is None:
        init_severity = (1 + (u0[:, None] > sev_cum[init_domain][:, :2]).sum(axis=1)).astype(np.int8)
    else:
        init_severity = steady.severity[init_class].astype(np.int8)
    init_u = rng.random((m, 3)) if steady is None else steady_u
    init_z = rng.standard_normal((m, 2)) if steady is None else steady_z

    return Population(
        domains=doms, arrival=arrival, latent=latent, latent_u=latent_u, problems=problems, lead=lead,
        severity=severity, neighbourhood=neighbourhood, age_group=age_group, age_groups=age_groups,
        subgroup=subgroup, subgroups=list(pop.subgroups), U=U, Z=Z, init_domain=init_domain, init_severity=init_severity, init_u=init_u, init_z=init_z,
        steady=steady, init_class=init_class, back_stream=back_stream, back_delay=back_delay,
    )


def _ages(rng: np.random.Generator, scenario: Scenario, youth: np.ndarray) -> np.ndarray:
    """Each resident's age group (an index into `population.age_groups`, then 'youth'): drawn by
    the groups' shares, and 'youth' for a resident with a youth-care problem (the field's rule).
    The groups are for reporting only; nothing in a journey reads them."""
    shares = np.array(list(scenario.population.age_groups.values()), dtype=float)
    group = rng.choice(len(shares), size=len(youth), p=shares / shares.sum()).astype(np.int8)
    group[youth] = len(shares)
    return group


def _steady_draw(scenario: Scenario, seed: int, replication: int) -> tuple[SteadyState, np.ndarray, np.ndarray,
                                                                          np.ndarray, np.ndarray, np.ndarray]:
    """The day-0 caseload drawn from the model's own steady state (`sim.model.steady`): a Poisson
    number of clients in care per domain, each in a class by the classes' shares, and of problems
    on their way back, each with an exponential remaining delay.

    Drawn as common random numbers across policies: per domain, the count is the Poisson quantile
    of one uniform and each client's class, remaining care and grade come from streams of the
    domain's own, so two scenarios whose steady states differ a little meet nearly the same day-0
    clients, and a comparison's difference is not the luck of two caseloads. Returns the steady
    state, the clients' classes, their (m, 3) uniforms and (m, 2) normals, and the returns'
    streams and delays."""
    steady = steady_state(scenario)
    D = len(scenario.domain_names())
    totals = stream(seed, replication, _STEADY).random((2, D))

    def rng(*key: int) -> np.random.Generator:
        return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, 1000 + _STEADY) + key))

    def coupled(domain: np.ndarray, mean: np.ndarray, part: int) -> list[tuple[np.ndarray, int]]:
        out = []
        for d in range(D):
            sel = np.flatnonzero(domain == d)
            lam = float(mean[sel].sum())
            n = _poisson_quantile(totals[part, d], lam)
            share = np.cumsum(mean[sel]) / lam if lam > 0 else np.ones(len(sel))
            pick = np.minimum(np.searchsorted(share, rng(part, d, 0).random(n), side="right"), len(sel) - 1)
            out.append((sel[pick] if n else np.zeros(0, dtype=np.int64), d))
        return out

    clients = coupled(steady.domain, steady.in_care, 0)
    init_class = np.concatenate([c for c, _ in clients]).astype(np.int64)
    init_u = np.concatenate([rng(0, d, 1).random((len(c), 3)) for c, d in clients])
    init_z = np.concatenate([rng(0, d, 2).standard_normal((len(c), 2)) for c, d in clients])
    back = coupled(steady.back_domain, steady.back_mean, 1)
    back_stream = np.concatenate([c for c, _ in back]).astype(np.int64)
    back_delay = np.concatenate([rng(1, d, 1).exponential(1.0, len(c)) for c, d in back]) * steady.back_delay[back_stream]
    return steady, init_class, init_u, init_z, back_stream, back_delay


def _poisson_quantile(u: float, lam: float) -> int:
    """The smallest k with P(Poisson(lam) <= k) >= u (no SciPy in the model's dependencies)."""
    if lam <= 0:
        return 0
    hi = int(lam + 12 * np.sqrt(lam) + 20)
    k = np.arange(hi + 1)
    log_fact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, hi + 1)))])
    cdf = np.cumsum(np.exp(k * np.log(lam) - lam - log_fact))
    return int(min(np.searchsorted(cdf, u), hi))
