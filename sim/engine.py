"""One replication: wire the population, budgets, buttons and teams together and run SimPy.

The `Model` holds the mechanism's state and the few operations a journey needs (open a case,
grant a provision, take a community place). The journey itself is in `sim.journey`; turning the
raw rows into tables is in `sim.tables`.
"""

from __future__ import annotations

import gc
import heapq
import math
from dataclasses import dataclass

import numpy as np
import simpy

from . import record as R
from .budget import Budgets
from .buttons import Buttons
from .desk import Desk
from .journey import DAYS_PER_MONTH, journey
from .outcome import ESCALATION, RELAPSE, RESOLVED, grade, problem_outcome, resolve_chance
from .plan import Catalogue
from .population import U_FOLLOW, U_FOLLOW_DELAY, Population, draw
from .scenario import Scenario
from .timeline import Timeline


@dataclass
class Raw:
    """What one replication leaves behind, before it becomes tables."""

    scenario: Scenario
    replication: int
    horizon: float
    cases: list  # records, see sim.record
    grants: np.ndarray  # structured: case_id, provision, domain, payer, start, end, rate, lump
    events: list  # button presses and releases
    waiting: list  # (day, cases held back by a button) after every change
    budget_names: list
    provision_names: list
    domain_names: list
    allocations: np.ndarray  # (budgets, years)
    age_groups: list


GRANT_DTYPE = np.dtype([("case_id", "i8"), ("provision", "i4"), ("domain", "i4"), ("payer", "i4"),
                        ("start", "f8"), ("end", "f8"), ("rate", "f8"), ("lump", "f8")])


class Model:
    def __init__(self, scenario: Scenario, pop: Population, replication: int = 0):
        s = scenario
        self.scenario = s
        self.pop = pop
        self.replication = replication
        self.env = simpy.Environment()
        self.horizon = 365.0 * s.run.horizon_years
        doms = s.domain_names()
        self.domain_names = doms
        self.cat = Catalogue.from_scenario(s)
        self.budgets = Budgets(s)
        self.U, self.Z = pop.U, pop.Z
        # Python lists: indexing a NumPy array per case costs more than the list it would save.
        self._latent = pop.latent.tolist()
        self._neighbourhood = pop.neighbourhood.tolist()
        self._age_group = pop.age_group.tolist()
        self.entitled = [s.domains[d].entitled for d in doms]
        self.intake_days = [s.domains[d].intake_days for d in doms]
        self.desks = [Desk(self.env, s.domains[d].desk_staff) for d in doms]
        self.team = Desk(self.env, s.access.integral_staff)
        a = s.access
        self.mode: Timeline[str] = Timeline(a.mode)
        self.uptake: Timeline[float] = Timeline(a.latent_uptake)
        self.handoff_days, self.miss_probability = a.handoff_days, a.miss_probability
        self.missed_surface_days, self.community_absorb = a.missed_surface_days, a.community_absorb
        self.integral_intake_days, self.integral_extra = a.integral_intake_days, a.integral_extra_per_problem
        self.policy: Timeline[str] = Timeline(s.plan.policy)
        self.standard_max_severity = s.plan.standard_max_severity
        self.discretion_max, self.discretion_effect = s.plan.discretion_max, s.plan.discretion_effect
        self.outcome_params, self.satisfaction, self.law = s.outcome, s.satisfaction, s.law
        self.severity_cost = list(s.outcome.severity_cost)
        self.generations = s.outcome.max_generations
        self.followup_days = s.outcome.followup_days
        self.community_cap = self.cat.capacity[self.cat.community] if self.cat.community is not None else 0
        self._community_ends: list[float] = []
        self.cases: list[list] = []
        self.grants: list[tuple] = []
        self.waiting = 0
        self.waiting_log: list[tuple[float, int]] = [(0.0, 0)]
        self.buttons = (Buttons(s.buttons, doms, self.env, self.budgets.metric, lambda: self.waiting)
                        if s.buttons else None)

    # --- operations a journey uses -------------------------------------------------------
    def open_case(self, res: int, gen: int, doms: list[int], sevs: list[int], parent: int, origin: str) -> list:
        rec = R.new(len(self.cases), parent, res, gen, origin, self._latent[res], self.env.now, tuple(doms),
                    len(doms), max(sevs), self._neighbourhood[res], self._age_group[res])
        self.cases.append(rec)
        return rec

    def grant(self, case_id: int, provision: int, paid_as: int | None, domain: int, start: float, end: float,
              rate: float) -> int:
        """Commit a provision for one problem in `domain`; returns the paying budget's index.

        `paid_as` is the domain whose budget would pay, or None for cross-domain spending (pool).
        """
        payer = self.budgets.payer(start, paid_as)
        self.budgets.accounts[payer].commit(start, rate, end)
        self.grants.append((case_id, provision, domain, payer, start, end, rate, 0.0))
        return payer

    def pay_discretion(self, case_id: int, domain: int, day: float, amount: float) -> int:
        """Discretionary money ('doen wat nodig is'), paid at once from the pool."""
        pool = self.budgets.pool
        self.budgets.accounts[pool].pay_once(day, amount)
        self.grants.append((case_id, len(self.cat.names), domain, pool, day, day, 0.0, amount))
        return pool

    def community_room(self, now: float) -> bool:
        ends = self._community_ends
        while ends and ends[0] <= now:
            heapq.heappop(ends)
        return len(ends) < self.community_cap

    def take_community(self, now: float, end: float) -> None:
        heapq.heappush(self._community_ends, end)

    def waiting_changed(self, delta: int) -> None:
        self.waiting += delta
        self.waiting_log.append((self.env.now, self.waiting))

    # --- set-up and run --------------------------------------------------------------------
    def _source(self):
        """New requests in arrival order; latent demand comes forward only as access allows."""
        env, pop = self.env, self.pop
        D = len(self.domain_names)
        problems = pop.problems.tolist()
        severity = pop.severity.tolist()
        lead = pop.lead.tolist()
        latent = pop.latent.tolist()
        latent_u = pop.latent_u.tolist()
        uptake = self.uptake
        single = (pop.problems.sum(axis=1) == 1).tolist()
        for i, t in enumerate(pop.arrival.tolist()):
            if latent[i] and latent_u[i] >= uptake.at(t):
                continue
            yield env.timeout(t - env.now)
            first = lead[i]
            if single[i]:
                doms = [first]
            else:
                doms = [first] + [d for d in range(D) if problems[i][d] and d != first]
            env.process(journey(self, i, 0, doms, [severity[i][d] for d in doms], 0.0, -1, "new"))

    def _initial_caseload(self) -> None:
        """Clients already in care on day 0, with remaining durations drawn in steady state.

        For a lognormal duration the length-biased duration (the one a client in care at a
        random moment is in) is lognormal with mu + sigma^2; the remaining part is uniform on it.
        """
        pop, cat, s = self.pop, self.cat, self.scenario
        m = len(pop.init_domain)
        if m == 0:
            return
        policy = self.policy.at(0)
        prov = np.empty(m, dtype=np.int64)
        for i in range(m):
            d, sev = int(pop.init_domain[i]), int(pop.init_severity[i])
            general = cat.general[d]
            use_general = general is not None and policy != "maatwerk" and sev <= self.standard_max_severity
            prov[i] = general if use_general else cat.tailored[d]
        mu, sg = np.array(cat.mu)[prov], np.array(cat.sigma)[prov]
        full = np.exp(mu + sg**2 + sg * pop.init_z[:, 0])
        remaining = pop.init_u[:, 2] * full
        sev_cost = np.array(self.severity_cost)[pop.init_severity - 1]
        scaled = np.array(cat.scaled)[prov]
        monthly = np.array(cat.monthly_cost)[prov] * np.where(scaled, sev_cost, 1.0)
        rate = monthly / DAYS_PER_MONTH
        share0 = self.budgets.pooled_share.at(0)
        payer = np.where(share0 >= 1.0, self.budgets.pool, pop.init_domain.astype(np.int64))
        for b in np.unique(payer):
            sel = payer == b
            self.budgets.accounts[int(b)].bulk_commit(rate[sel], remaining[sel])
        first_id = len(self.cases)
        ids = np.arange(first_id, first_id + m)
        self._initial_grants = np.rec.fromarrays(
            [ids, prov, pop.init_domain.astype(np.int64), payer, np.zeros(m), remaining, rate, np.zeros(m)],
            dtype=GRANT_DTYPE)
        eff = np.array(cat.effectiveness)[prov]
        fit = np.array(cat.fit)[prov]
        o = self.outcome_params
        for i in range(m):
            d, sev, res = int(pop.init_domain[i]), int(pop.init_severity[i]), pop.n + i
            pr = resolve_chance(o, float(eff[i]), sev, 0.0, False, 0.0)
            u = self.U[res, 0, d]
            out = problem_outcome(o, pr, float(pop.init_u[i, 1]), float(u[U_FOLLOW]))
            start = float(remaining[i] - full[i])
            rec = R.new(first_id + i, -1, res, 0, "initial", False, start, (d,), 1, sev,
                        self._neighbourhood[res], self._age_group[res])
            rec[R.INITIAL] = True
            rec[R.DECISION_DAY] = start
            rec[R.CLOSED_DAY] = float(remaining[i])
            rec[R.WAIT_DAYS] = 0.0
            rec[R.POLICY] = policy
            rec[R.OUTCOME] = out
            rec[R.N_ESCALATED] = int(out == ESCALATION)
            rec[R.SATISFACTION] = grade(self.satisfaction, float(fit[i]), out == RESOLVED, 0.0, 1, False, False,
                                        float(pop.init_z[i, 1]))
            self.cases.append(rec)
            # Care in progress that ends unresolved comes back as a follow-up episode, as it would
            # for a new case: without this the first years would lack that stream.
            if out in (ESCALATION, RELAPSE) and self.generations > 1:
                after = float(remaining[i]) - math.log(1.0 - float(u[U_FOLLOW_DELAY])) * self.followup_days
                if after < self.horizon:
                    new_sev = min(3, sev + 1) if out == ESCALATION else sev
                    self.env.process(journey(self, res, 1, [d], [new_sev], after, first_id + i, out))

    def run(self) -> Raw:
        self._initial_grants = np.zeros(0, dtype=GRANT_DTYPE)
        self._initial_caseload()
        self.env.process(self._source())
        # The run makes millions of short-lived objects and almost no reference cycles: the cyclic
        # garbage collector would spend about a fifth of the run finding nothing (benchmarks/).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self.env.run(until=self.horizon)
        finally:
            if was_enabled:
                gc.enable()
        grants = np.array(self.grants, dtype=GRANT_DTYPE) if self.grants else np.zeros(0, dtype=GRANT_DTYPE)
        grants = np.concatenate([self._initial_grants.view(np.ndarray).astype(GRANT_DTYPE), grants])
        return Raw(
            scenario=self.scenario, replication=self.replication, horizon=self.horizon, cases=self.cases,
            grants=grants, events=self.buttons.events() if self.buttons else [], waiting=self.waiting_log,
            budget_names=self.budgets.names, provision_names=self.cat.names + ["discretion"],
            domain_names=self.domain_names, allocations=self.budgets.allocations, age_groups=self.pop.age_groups,
        )


def run_replication(scenario: Scenario, seed: int, replication: int) -> Raw:
    """Draw the population for (seed, replication) and simulate it under the scenario's policy."""
    pop = draw(scenario, seed, replication)
    return Model(scenario, pop, replication).run()
