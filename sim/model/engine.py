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
from typing import Iterator

import numpy as np
import simpy

from . import record as R
from .budget import Budgets
from .buttons import Buttons
from .desk import Desk, EpisodeProcess
from .journey import DAYS_PER_MONTH, episode, lean_plans
from .outcome import ESCALATION, RELAPSE, RESOLVED, grade, problem_outcome, resolve_chance
from .plan import Catalogue
from .population import U_EARLY, U_FOLLOW, U_FOLLOW_DELAY, U_PREVENT, Population, draw
from ..policy.scenario import Scenario
from ..policy.timeline import Timeline


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
    subgroups: list  # names; code 0 in the cases is 'none'
    provider_names: list  # code 0 is '' (no named provider)
    prevented: int  # new problems that prevention stopped before they arose


GRANT_DTYPE = np.dtype([("case_id", "i8"), ("provision", "i4"), ("domain", "i4"), ("payer", "i4"),
                        ("start", "f8"), ("end", "f8"), ("rate", "f8"), ("lump", "f8"), ("provider", "i4")])
EXTRA_PROVIDER = "extra_contracted"


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
        self._subgroup = pop.subgroup.tolist()
        self.entitled = [s.domains[d].entitled for d in doms]
        self.intake_days = [s.domains[d].intake_days for d in doms]
        self.desks = [Desk(self.env, s.domains[d].desk_staff) for d in doms]
        a = s.access
        if a.teams == "per_neighbourhood":  # village teams: an equal part of the staff each
            k = s.municipality.neighbourhoods
            self.teams = [Desk(self.env, a.integral_staff // k + (i < a.integral_staff % k)) for i in range(k)]
        else:
            self.teams = [Desk(self.env, a.integral_staff)]
        self.mode: Timeline[str] = Timeline(a.mode)
        self.uptake: Timeline[float] = Timeline(a.latent_uptake)
        self.handoff_days, self.miss_probability = a.handoff_days, a.miss_probability
        self.missed_surface_days = a.missed_surface_days
        self.community_absorb: Timeline[float] = Timeline(a.community_absorb)
        self.integral_intake_days, self.integral_extra = a.integral_intake_days, a.integral_extra_per_problem
        code = {g: k + 1 for k, g in enumerate(pop.subgroups)}  # subgroup codes as in the population
        bd = a.bundled_decision
        self.bundled: set[int] | bool = bd == "all" if isinstance(bd, str) else {code[g] for g in bd}
        self.outreach = {code[g]: (Timeline(o.uptake), o.earlier) for g, o in a.outreach.items()}
        self.referral = a.referral_check
        p = s.plan
        self.policy: Timeline[str] = Timeline(p.policy)
        self.standard_max_severity = p.standard_max_severity
        self.discretion_max, self.discretion_effect = p.discretion_max, p.discretion_effect
        self.pgb_share: Timeline[float] = Timeline(p.personal_budget_share)
        self.pgb_integral = p.personal_budget_integral
        self.hardship_share, self.hardship_days = p.hardship_share, p.hardship_days
        self.prevent = [Timeline(s.prevention[d].inflow_reduction) if d in s.prevention else None for d in doms]
        self.speed = [1 - s.prevention[d].outflow_speedup if d in s.prevention else 1.0 for d in doms]
        self.prevented = 0
        self.outcome_params, self.satisfaction, self.law = s.outcome, s.satisfaction, s.law
        self.severity_cost = list(s.outcome.severity_cost)
        self.generations = s.outcome.max_generations
        self.followup_days = s.outcome.followup_days
        self.community_cap = self.cat.capacity[self.cat.community] if self.cat.community is not None else 0
        self._community_ends: list[float] = []
        # Providers: a place desk where they have a capacity, euros committed per budget year.
        names = [""]
        self.provider_code: list[list[int]] = []
        for provs in self.cat.providers:
            codes = []
            for n in provs:
                if n not in names:
                    names.append(n)
                codes.append(names.index(n))
            self.provider_code.append(codes)
        names.append(EXTRA_PROVIDER)
        self.provider_names = names
        self.provider_places = [[Desk(self.env, pv.capacity) if pv.capacity else None for pv in specs]
                                for specs in self.cat.provider_specs]
        self.provider_committed: list[list[dict[int, float]]] = [[{} for _ in specs] for specs in self.cat.provider_specs]
        self.cases: list[list] = []
        self.grants: list[tuple] = []
        self.waiting = 0
        self.waiting_log: list[tuple[float, int]] = [(0.0, 0)]
        self.buttons = (Buttons(s.buttons, doms, self.env, self.budgets.metric, lambda: self.waiting)
                        if s.buttons else None)
        self.lean = lean_plans(self)  # the lean path for single-problem episodes, where it applies

    # --- operations a journey uses -------------------------------------------------------
    def open_case(self, res: int, gen: int, doms: tuple, max_severity: int, parent: int, origin: str) -> list:
        rec = R.new(len(self.cases), parent, res, gen, origin, self._latent[res], self.env.now, doms,
                    len(doms), max_severity, self._neighbourhood[res], self._age_group[res], self._subgroup[res])
        self.cases.append(rec)
        return rec

    def spawn(self, res: int, gen: int, doms: list[int], sevs: list[int], delay: float, parent: int,
              origin: str) -> None:
        """Start an episode (`sim.model.journey.episode`) after `delay` days."""
        EpisodeProcess(self.env, episode(self, res, gen, doms, sevs, delay, parent, origin))

    def team_of(self, res: int) -> Desk:
        """The integral team that serves this resident: their neighbourhood's, or the one team."""
        teams = self.teams
        return teams[0] if len(teams) == 1 else teams[self._neighbourhood[res] % len(teams)]

    def grant(self, case_id: int, provision: int, paid_as: int | None, domain: int, start: float, end: float,
              rate: float, res: int = 0, provider: int = 0, lump: float = 0.0) -> int:
        """Commit a provision for one problem in `domain`; returns the paying budget's index.

        `paid_as` is the domain whose budget would pay, or None for cross-domain spending (pool).
        A `lump` is paid at once (a fee per result, discretionary money) instead of a daily rate.
        """
        payer = self.budgets.payer(start, paid_as, self._neighbourhood[res])
        acc = self.budgets.accounts[payer]
        if lump:
            acc.pay_once(start, lump)
        if rate:
            acc.commit(start, rate, end)
        self.grants.append((case_id, provision, domain, payer, start, end, rate, lump, provider))
        return payer

    def pay_discretion(self, case_id: int, domain: int, day: float, amount: float, res: int = 0) -> int:
        """Discretionary money ('doen wat nodig is'), paid at once from the pool."""
        return self.grant(case_id, len(self.cat.names), None, domain, day, day, 0.0, res, 0, amount)

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
        """Start each new request's episode on its arrival day.

        An episode's first step runs here, just after the wake-up for the next request has been
        scheduled. That is the order of events a process started here would give (its urgent
        start event would be next in line), without the start event.
        """
        env = self.env
        requests = self._requests()
        nxt = next(requests, None)
        if nxt is None:
            return
        wake = env.timeout(nxt[0] - env.now)
        while nxt is not None:
            yield wake
            _, i, doms, sevs = nxt
            nxt = next(requests, None)
            if nxt is not None:
                wake = env.timeout(nxt[0] - env.now)
            EpisodeProcess(env, episode(self, i, 0, doms, sevs, 0.0, -1, "new"), now=True)

    def _requests(self) -> Iterator[tuple[float, int, list[int], list[int]]]:
        """New requests in arrival order: (day, resident, domains, severities). Latent demand comes
        forward only as access (or outreach to its subgroup) allows; prevention stops a share of
        new problems before they arise."""
        pop = self.pop
        D = len(self.domain_names)
        problems = pop.problems.tolist()
        severity = pop.severity.tolist()
        lead = pop.lead.tolist()
        latent = pop.latent.tolist()
        latent_u = pop.latent_u.tolist()
        subgroup = self._subgroup
        uptake, outreach = self.uptake, self.outreach
        prevent = self.prevent if any(self.prevent) else None
        single = (pop.problems.sum(axis=1) == 1).tolist()
        U = self.U
        for i, t in enumerate(pop.arrival.tolist()):
            reach = outreach.get(subgroup[i]) if outreach else None
            if latent[i] and latent_u[i] >= max(uptake.at(t), reach[0].at(t) if reach else 0.0):
                continue
            first = lead[i]
            if single[i]:
                doms = [first]
            else:
                doms = [first] + [d for d in range(D) if problems[i][d] and d != first]
            if prevent is not None:
                kept = [d for d in doms if prevent[d] is None or U[i, 0, d, U_PREVENT] >= prevent[d].at(t)]
                self.prevented += len(doms) - len(kept)
                if not kept:
                    continue
                doms = kept
            sevs = [severity[i][doms[0]]] if len(doms) == 1 else [severity[i][d] for d in doms]
            if reach is not None and U[i, 0, doms[0], U_EARLY] < reach[1]:
                sevs = [max(1, v - 1) for v in sevs]  # found before it got worse
            yield t, i, doms, sevs

    def _programmes(self) -> None:
        """Collective spending (a prevention programme, a service desk): a running rate per dated step."""
        s = self.scenario
        code = len(self.cat.names) + 1
        blank = len(self.domain_names)
        for name, prog in s.programmes.items():
            steps = Timeline(prog.cost_per_year)
            bounds = steps.days[1:] + [self.horizon]
            for start, end, cost in zip(steps.days, bounds, steps.values):
                if cost <= 0 or start >= self.horizon:
                    continue
                payers = (self.budgets.pools if prog.budget == "pool" else [self.domain_names.index(prog.budget)])
                domain = blank if prog.budget == "pool" else payers[0]
                for b in payers:
                    self.env.process(self._programme_step(code, domain, b, float(start), float(end),
                                                          cost / len(payers) / 365.0))
            code += 1

    def _programme_step(self, code: int, domain: int, payer: int, start: float, end: float, rate: float):
        if start > 0:
            yield self.env.timeout(start)
        self.budgets.accounts[payer].commit(start, rate, end)
        self.grants.append((-1, code, domain, payer, start, end, rate, 0.0, 0))

    def _initial_caseload(self) -> None:
        """Clients already in care on day 0, with remaining durations drawn in steady state.

        For a lognormal duration the length-biased duration (the one a client in care at a
        random moment is in) is lognormal with mu + sigma^2; the remaining part is uniform on it.
        """
        pop, cat = self.pop, self.cat
        m = len(pop.init_domain)
        if m == 0:
            return
        policy = self.policy.at(0)

        def provision(d: int, sev: int) -> int:
            general = cat.general[d]
            use_general = general is not None and policy != "maatwerk" and sev <= self.standard_max_severity
            return general if use_general else cat.tailored[d]

        table = [[provision(d, sev) if sev else 0 for sev in range(4)] for d in range(len(self.domain_names))]
        prov = np.array(table, dtype=np.int64)[pop.init_domain, pop.init_severity]
        mu, sg = np.array(cat.mu)[prov], np.array(cat.sigma)[prov]
        full = np.exp(mu + sg**2 + sg * pop.init_z[:, 0])
        remaining = pop.init_u[:, 2] * full * np.array(self.speed)[pop.init_domain]  # prevention speeds outflow
        sev_cost = np.array(self.severity_cost)[pop.init_severity - 1]
        scaled = np.array(cat.scaled)[prov]
        monthly = np.array(cat.monthly_cost)[prov] * np.where(scaled, sev_cost, 1.0)
        rate = monthly / DAYS_PER_MONTH
        share0 = self.budgets.pooled_share.at(0)
        nb = np.array(self._neighbourhood[pop.n:], dtype=np.int64)
        pots = np.array(self.budgets.pools)[nb % len(self.budgets.pools)]
        payer = np.where(share0 >= 1.0, pots, pop.init_domain.astype(np.int64))
        for b in np.unique(payer):
            sel = payer == b
            self.budgets.accounts[int(b)].bulk_commit(rate[sel], remaining[sel])
        first_id = len(self.cases)
        ids = np.arange(first_id, first_id + m)
        self._initial_grants = np.rec.fromarrays(
            [ids, prov, pop.init_domain.astype(np.int64), payer, np.zeros(m), remaining, rate, np.zeros(m),
             np.zeros(m, dtype=np.int64)],
            dtype=GRANT_DTYPE)
        # The records, from Python lists: indexing NumPy arrays row by row costs more than the rest.
        o, rows = self.outcome_params, np.arange(pop.n, pop.n + m)
        chance = {(p, sev): resolve_chance(o, cat.effectiveness[p], sev, 0.0, False, 0.0)
                  for p, sev in set(zip(prov.tolist(), pop.init_severity.tolist()))}
        u = self.U[rows, 0, pop.init_domain]
        columns = (pop.init_domain.tolist(), pop.init_severity.tolist(), prov.tolist(), pop.init_u[:, 1].tolist(),
                   u[:, U_FOLLOW].tolist(), u[:, U_FOLLOW_DELAY].tolist(), (remaining - full).tolist(),
                   remaining.tolist(), pop.init_z[:, 1].tolist())
        for i, (d, sev, p, u_resolve, u_follow, u_delay, start, end, z_grade) in enumerate(zip(*columns)):
            res = pop.n + i
            out = problem_outcome(o, chance[p, sev], u_resolve, u_follow)
            rec = R.new(first_id + i, -1, res, 0, "initial", False, start, (d,), 1, sev,
                        self._neighbourhood[res], self._age_group[res])
            rec[R.INITIAL] = True
            rec[R.DECISION_DAY] = start
            rec[R.CLOSED_DAY] = end
            rec[R.WAIT_DAYS] = 0.0
            rec[R.POLICY] = policy
            rec[R.OUTCOME] = out
            rec[R.N_ESCALATED] = int(out == ESCALATION)
            rec[R.SATISFACTION] = grade(self.satisfaction, cat.fit[p], out == RESOLVED, 0.0, 1, False, False, z_grade)
            self.cases.append(rec)
            # Care in progress that ends unresolved comes back as a follow-up episode, as it would
            # for a new case: without this the first years would lack that stream.
            if out in (ESCALATION, RELAPSE) and self.generations > 1:
                after = end - math.log(1.0 - u_delay) * self.followup_days
                if after < self.horizon:
                    new_sev = min(3, sev + 1) if out == ESCALATION else sev
                    self.spawn(res, 1, [d], [new_sev], after, first_id + i, out)

    def run(self) -> Raw:
        self._initial_grants = np.zeros(0, dtype=GRANT_DTYPE)
        self._initial_caseload()
        self._programmes()
        self.env.process(self._source())
        # The run makes millions of short-lived objects and almost no reference cycles: the cyclic
        # garbage collector would spend about a fifth of the run finding nothing (benchmarks/).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self.env.run(until=self.horizon)
        finally:
            if was_enabled:
                _enable_gc_with_survivors_aged()
        grants = np.array(self.grants, dtype=GRANT_DTYPE) if self.grants else np.zeros(0, dtype=GRANT_DTYPE)
        grants = np.concatenate([self._initial_grants.view(np.ndarray).astype(GRANT_DTYPE), grants])
        return Raw(
            scenario=self.scenario, replication=self.replication, horizon=self.horizon, cases=self.cases,
            grants=grants, events=self.buttons.events() if self.buttons else [], waiting=self.waiting_log,
            budget_names=self.budgets.names,
            provision_names=self.cat.names + ["discretion"] + list(self.scenario.programmes),
            domain_names=self.domain_names, allocations=self.budgets.allocations, age_groups=self.pop.age_groups,
            subgroups=self.pop.subgroups, provider_names=self.provider_names, prevented=self.prevented,
        )


def _enable_gc_with_survivors_aged() -> None:
    """Switch the cyclic collector back on with everything alive moved to its oldest generation.

    Otherwise the first collection after the run walks every object the run made (with the
    collector off they all stay in the youngest generation), about a tenth of `Model.run`'s time,
    to find no cycles. `gc.freeze` then `gc.unfreeze` moves them in two list splices; it is
    skipped if someone else keeps objects frozen, as unfreezing would release theirs too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
    gc.enable()


def run_replication(scenario: Scenario, seed: int, replication: int) -> Raw:
    """Draw the population for (seed, replication) and simulate it under the scenario's policy."""
    pop = draw(scenario, seed, replication)
    return Model(scenario, pop, replication).run()
