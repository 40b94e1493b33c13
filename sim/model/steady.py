"""The model's own steady state, from which a run can start (`run.warm_start: steady`).

A municipality is never empty on day 0: clients are in care, and problems that went unresolved
are on their way back. If the day-0 caseload is not the one the model's own flows would hold,
the first year is an artefact of the start: the stock falls while the missing returns and
follow-ups build up, and then settles at the model's own level instead of the given one.

Here the flows are worked out in expectation, without simulating, under the scenario's day-0
settings: new problems per domain and severity (from the population's incidence, its
multi-problem share and co-occurrence, the latent demand that comes forward, prevention), the
provision the day-0 policy gives each (general, tailored or one cross-domain plan), the chance
it resolves (severity, a fragmented plan, the hand-off days of desks, discretionary money), and
what comes back: escalations one severity worse, relapses, and problems a desk missed, each as
an episode of the next generation. Each stream is a class (domain, severity, provision,
generation, resolve chance) with an arrival rate. An M/G/oo system in steady state holds a
Poisson number of clients with mean rate x mean duration, each in the length-biased part of its
care; the problems on their way back are Poisson too, rate x mean delay, each with an
exponential remaining delay (memoryless). `sim.model.population` draws both from these means.

What is left out (documented in docs/scenarios.md): emergency buttons and dated settings (the
steady state is day 0's), personal budgets, merged provisions, a provider's places, waiting
beyond the hand-offs, and outreach finding problems earlier. They change the flows of the
scenarios that use them, not the baseline's.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from .outcome import resolve_chance
from .plan import Catalogue
from .settings import Settings
from ..policy.calendar import per_day
from ..policy.paths import Path
from ..policy.scenario import Scenario
from ..policy.timeline import Step, Timeline

ORIGINS = ("escalated", "relapse", "missed", "pipeline")  # why a problem on its way back returns
PIPELINE = 3  # a request heard before day 0 and still being investigated: its decision is still to come


@dataclass(frozen=True)
class SteadyState:
    """Per class of care, the mean number in care on day 0; per return stream, the mean number on its way back."""

    domain: np.ndarray  # (classes,) int
    severity: np.ndarray
    provision: np.ndarray
    generation: np.ndarray
    resolve: np.ndarray  # chance the problem resolves
    in_care: np.ndarray  # mean clients in care on day 0 (rate x mean duration)
    back_domain: np.ndarray  # (streams,) int
    back_severity: np.ndarray
    back_generation: np.ndarray  # the generation of the episode that comes back
    back_origin: np.ndarray  # index into ORIGINS
    back_mean: np.ndarray  # mean number on the way back on day 0 (rate x mean delay)
    back_delay: np.ndarray  # mean delay (days) of the stream

    def stock(self, domain: int) -> float:
        """The mean number of a domain's clients in care on day 0."""
        return float(self.in_care[self.domain == domain].sum())


def _extra_chances(weights: np.ndarray, lead: int, k: int) -> np.ndarray:
    """Chance each domain is among a case's `k` extra problems, drawn without replacement by
    weight and never the lead (the Gumbel-top-k draw of `sim.model.population`)."""
    D = len(weights)
    avail = [d for d in range(D) if d != lead and weights[d] > 0]
    out = np.zeros(D)
    k = min(k, len(avail))
    for seq in itertools.permutations(avail, k):
        p, left = 1.0, float(weights[avail].sum())
        for d in seq:
            p *= weights[d] / left
            left -= weights[d]
        out[list(seq)] += p
    return out


def _first_problems(s: Scenario, cfg: Settings) -> tuple[np.ndarray, np.ndarray, float]:
    """New problems a day per domain and severity that come forward on day 0: (single-problem
    cases (D, 3), problems of multi-problem cases as (lead (D, 3), extra (D, 3)) stacked, and the
    mean number of extra problems a multi-problem case has)."""
    doms = s.domain_names()
    D = len(doms)
    pop = s.population
    inc_all = np.array([s.domains[d].incidence for d in doms], dtype=float)
    sev_all = np.array([s.domains[d].severity for d in doms], dtype=float)
    uptake = cfg.access.uptake.at(0.0)
    groups = [(1.0 - sum(g.residents_share for g in pop.subgroups.values()), inc_all, pop.multi_problem_share,
               sev_all, pop.latent_share, 0.0, np.ones(D))]
    for name, g in pop.subgroups.items():
        inc = np.array([g.incidence.get(d, 0.0) for d in doms], dtype=float)
        sev = sev_all if g.severity is None else np.tile(np.asarray(g.severity, dtype=float), (D, 1))
        m = g.multi_problem_share if g.multi_problem_share is not None else pop.multi_problem_share
        ls = g.latent_share if g.latent_share is not None else pop.latent_share
        reach = cfg.access.outreach.get(len(groups))  # subgroup codes count from 1, in file order
        groups.append((g.residents_share, inc, m, sev, ls, reach[0].at(0.0) if reach else 0.0, (inc > 0) * 1.0))
    single, lead, extra = np.zeros((D, 3)), np.zeros((D, 3)), np.zeros((D, 3))
    n_multi = extras = 0.0
    for share, inc, multi, sev, ls, reach, mask in groups:
        if share <= 0 or inc.sum() <= 0:
            continue
        w = np.array([pop.co_occurrence.get(d, inc[i]) for i, d in enumerate(doms)], dtype=float) * mask
        multi = multi if D > 1 else 0.0
        room = int((w > 0).sum()) or D
        max_extra = max(1, min(pop.max_problems, room) - 1)
        mean_problems = 1 + (multi if room > 1 else 0.0) * (1 + max_extra) / 2
        come = 1 + ls * max(uptake, reach)  # latent demand comes forward at the day-0 uptake
        cases = per_day(s.municipality.residents * share / 1000 * inc.sum() / mean_problems) * come
        p_lead = inc / inc.sum()
        for l in range(D):
            if p_lead[l] == 0:
                continue
            rate = cases * p_lead[l]
            if multi == 0 or not any(w[d] > 0 for d in range(D) if d != l):
                single[l] += rate * sev[l]  # no other domain to have a problem in
                continue
            single[l] += rate * (1 - multi) * sev[l]
            lead[l] += rate * multi * sev[l]
            for k in range(1, max_extra + 1):
                chance = _extra_chances(w, l, k)
                part = rate * multi / max_extra
                extra += (part * chance)[:, None] * sev
                n_multi += part
                extras += part * chance.sum()
    kept = np.array([1 - t.at(0.0) if t is not None else 1.0 for t in cfg.prevention.inflow])[:, None]
    return single * kept, np.stack([lead * kept, extra * kept]), extras / n_multi if n_multi else 0.0


# The dated fields a `run.history` replaces before day 0, each named once as a parameter path.
_POLICY, _MODE, _UPTAKE, _ABSORB, _POOLED = map(Path.parse, (
    "plan.policy", "access.mode", "access.latent_uptake", "access.community_absorb", "budget.pooled_share"))


def before_day_0(s: Scenario) -> Scenario:
    """The scenario as the municipality ran before day 0: its `run.history` settings put in place of
    its own day-0 values, without the outreach, prevention and bundled decisions a policy brings
    (a copy; the scenario itself is left alone). Without a history: the scenario itself."""
    h = s.run.history
    changes = {_POLICY: h.policy, _MODE: h.mode, _UPTAKE: h.latent_uptake, _ABSORB: h.community_absorb,
               _POOLED: h.pooled_share}
    if all(v is None for v in changes.values()):
        return s
    old = s.model_copy(deep=True)
    for path, value in changes.items():
        if value is not None:  # in place on the copy: a history's values were checked with the file
            path.put(old, [Step(from_day=0, value=value)])
    # A history describes the regime before the term: the instruments a policy brings with it
    # (outreach to a subgroup, prevention, bundled decisions) did not yet act on the caseload.
    old.access.outreach, old.prevention, old.access.bundled_decision = {}, {}, "none"
    return old


def steady_state(s: Scenario) -> SteadyState:
    """The day-0 caseload the flows before day 0 hold in steady state (see the module's docstring):
    those of `run.history` where it says, else the scenario's own on day 0."""
    s = before_day_0(s)
    cfg = Settings.from_scenario(s, list(s.population.subgroups))
    cat = Catalogue.from_scenario(s)
    a, pl, o = cfg.access, cfg.plan, cfg.outcome
    D = len(cfg.domain_names)
    policy = pl.policy.at(0.0)
    pool = Timeline(s.budget.pooled_share).at(0.0) > 0
    desks = a.mode.at(0.0) == "desks" and a.bundled is not True
    cross = policy == "maatwerk" and pool and cat.cross is not None
    bonus = pl.discretion_effect if policy == "discretion" and pool else 0.0
    integrated = not desks or cross or bonus > 0
    single, multi, mean_extra = _first_problems(s, cfg)
    wait_multi = a.handoff_days * mean_extra * (1 - a.miss_probability) if desks else 0.0
    absorb = a.community_absorb.at(0.0) if cat.community is not None else 0.0
    classes: dict[tuple, float] = {}
    back: dict[tuple, float] = {}

    def provision(d: int, sev: int, in_multi: bool) -> int:
        if policy == "maatwerk":
            return cat.cross if in_multi and cross else cat.tailored[d]
        g = cat.general[d]
        return g if g is not None and sev <= pl.standard_max_severity else cat.tailored[d]

    def care(d: int, sev: int, gen: int, rate: float, in_multi: bool) -> None:
        """A stream of problems that get a plan: its class, and what comes back of it."""
        if rate <= 0:
            return
        if not in_multi and sev == 1 and absorb > 0:  # the community provision, up to its places
            pc = cat.community
            took = min(rate * absorb, (cat.capacity[pc] or math.inf) / cat.mean_days(pc) / D)
            r = resolve_chance(o.params, cat.effectiveness[pc], 1, 0.0, False, 0.0)
            key = (d, 1, pc, gen, r)
            classes[key] = classes.get(key, 0.0) + took
            rate -= took  # the community's unresolved problems do not come back
        p = provision(d, sev, in_multi)
        frag = in_multi and not integrated
        r = resolve_chance(o.params, min(1.0, max(0.0, cat.effectiveness[p])), sev, wait_multi if in_multi else 0.0,
                           frag, bonus if in_multi else 0.0)
        key = (d, sev, p, gen, r)
        classes[key] = classes.get(key, 0.0) + rate
        if gen + 1 < o.generations:
            for origin, share, worse in ((0, o.params.escalation_share, 1), (1, o.params.relapse_share, 0)):
                k = (d, min(3, sev + worse), gen + 1, origin)
                back[k] = back.get(k, 0.0) + rate * (1 - r) * share

    for d in range(D):
        for s_ in (1, 2, 3):
            care(d, s_, 0, single[d, s_ - 1], False)
            care(d, s_, 0, multi[0, d, s_ - 1], True)
            seen = 1 - a.miss_probability if desks else 1.0
            care(d, s_, 0, multi[1, d, s_ - 1] * seen, True)
            if desks and o.generations > 1:
                k = (d, min(3, s_ + 1), 1, 2)
                back[k] = back.get(k, 0.0) + multi[1, d, s_ - 1] * a.miss_probability
    for gen in range(1, o.generations):  # what comes back is a single-problem episode of the next generation
        for (d, sev, g, origin), rate in list(back.items()):
            if g == gen:
                care(d, sev, gen, rate, False)
    pipeline = _pipeline(cat, cfg, classes)
    return _table(cat, cfg, classes, back, a.missed_surface_days, o.followup_days, pipeline)


def _pipeline(cat: Catalogue, cfg: Settings, classes: dict) -> dict[tuple, tuple[float, float]]:
    """Requests heard before day 0 whose decision is still to come (`domains.<d>.processing_days`).

    Every episode that gets a plan spends its processing time between intake and decision; in
    steady state rate x mean processing time of them are in that pipeline. Without them the run's
    first weeks would see no new care start while the day-0 clients' care ends, and the stock
    would dip. Per (domain, severity, generation): the mean number in the pipeline and the mean
    time left (the residual of a lognormal, E[P^2] / 2E[P]), drawn exponential like the other
    streams. A multi-problem request in the pipeline comes back as one problem per domain.
    """
    out: dict[tuple, tuple[float, float]] = {}
    for (d, sev, p, gen, _r), rate in classes.items():
        ln = cfg.access.processing[d] if cfg.access.processing else None
        if ln is None or p == cat.community:  # the community's help needs no investigation
            continue
        mean = math.exp(ln[0] + ln[1] ** 2 / 2)
        left = math.exp(ln[0] + 1.5 * ln[1] ** 2) / 2
        key = (d, sev, gen, PIPELINE)
        n, _ = out.get(key, (0.0, left))
        out[key] = (n + rate * mean, left)
    return out


def _table(cat: Catalogue, cfg: Settings, classes: dict, back: dict, missed_days: float,
           followup_days: float, pipeline: dict[tuple, tuple[float, float]]) -> SteadyState:
    """The classes and return streams as arrays, with the mean numbers in care and on the way back."""
    keys = sorted(classes)
    dom = np.array([k[0] for k in keys], dtype=np.int64)
    prov = np.array([k[2] for k in keys], dtype=np.int64)
    days = np.array([cat.mean_days(cat.costed_as(p, d)) * cfg.prevention.speed[d] for d, p in zip(dom, prov)])
    bkeys = sorted(back)
    delay = np.array([missed_days if k[3] == 2 else followup_days for k in bkeys])
    mean = np.array([back[k] for k in bkeys]) * delay  # rate x mean delay
    pkeys = sorted(pipeline)
    bkeys += pkeys
    delay = np.concatenate([delay, [pipeline[k][1] for k in pkeys]])
    mean = np.concatenate([mean, [pipeline[k][0] for k in pkeys]])
    return SteadyState(
        domain=dom, severity=np.array([k[1] for k in keys], dtype=np.int64), provision=prov,
        generation=np.array([k[3] for k in keys], dtype=np.int64), resolve=np.array([k[4] for k in keys]),
        in_care=np.array([classes[k] for k in keys]) * days,
        back_domain=np.array([k[0] for k in bkeys], dtype=np.int64),
        back_severity=np.array([k[1] for k in bkeys], dtype=np.int64),
        back_generation=np.array([k[2] for k in bkeys], dtype=np.int64),
        back_origin=np.array([k[3] for k in bkeys], dtype=np.int64),
        back_mean=mean, back_delay=delay)
