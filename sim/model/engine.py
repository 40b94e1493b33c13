"""One replication: wire the population, budgets, buttons and teams together and run SimPy.

The run loop. `sim.model.state` holds the mechanism's state and the operations a journey needs,
`sim.model.settings` the scenario's settings by concern, and `sim.model.journey` the journey
itself and how an episode is started; this module brings requests to the door in arrival order,
puts the day-0 caseload and the programmes on the budgets, runs SimPy, and hands what is left
over as a `Raw`. Turning the raw rows into tables is in `sim.model.tables`.
"""

from __future__ import annotations

import gc
from functools import partial
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from . import record as R
from .desk import EpisodeProcess
from .budget import ACROSS
from .episodes import episode, spawn
from .journey import follow_up
from .lean import lean_plans
from .outcome import ESCALATION, RELAPSE, RESOLVED, grade, problem_outcome, resolve_chance
from .population import U_EARLY, U_FOLLOW, U_FOLLOW_DELAY, U_PREVENT, Population, draw
from .state import EXTRA_PROVIDER, State
from .steady import ORIGINS
from ..policy.calendar import DAYS_PER_MONTH, per_day
from ..policy.scenario import Scenario
from ..policy.timeline import Timeline

__all__ = ["EXTRA_PROVIDER", "GRANT_DTYPE", "Model", "Raw", "run_replication"]


@dataclass
class Raw:
    """What one replication leaves behind, before it becomes tables."""

    scenario: Scenario
    replication: int
    horizon: float
    cases: list  # records, see sim.model.record
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
    steps: np.ndarray  # the journey's decisions: (decisions, record.STEP_WIDTH) numbers, see record.STEP_COLUMNS
    lean_intakes: np.ndarray  # case ids of lean-path episodes, whose one intake their record holds
    lean_where: str  # where those intakes were: 'desk' or 'team'


# A grant, and why its budget pays: `rule` is a code of budget.PAYER_RULES (-1 for a programme),
# `share` the pooled share the payer rule read.
GRANT_DTYPE = np.dtype([("case_id", "i8"), ("provision", "i4"), ("domain", "i4"), ("payer", "i4"),
                        ("start", "f8"), ("end", "f8"), ("rate", "f8"), ("lump", "f8"), ("provider", "i4"),
                        ("rule", "i1"), ("share", "f8")])


class Model:
    """One replication's run loop around its `State` (`self.state`)."""

    def __init__(self, scenario: Scenario, pop: Population, replication: int = 0):
        self.scenario = scenario
        self.pop = pop
        self.replication = replication
        self.state = st = State(scenario, pop)
        self.env = st.env
        self.horizon = st.horizon
        self.prevented = 0
        st.lean = lean_plans(st)  # the lean path for single-problem episodes, where it applies
        st.spawn = partial(spawn, st)  # how the journey starts a follow-up episode (sim.model.episodes)

    # --- set-up and run --------------------------------------------------------------------
    def _source(self):
        """Start each new request's episode on its arrival day.

        An episode's first step runs here, just after the wake-up for the next request has been
        scheduled. That is the order of events a process started here would give (its urgent
        start event would be next in line), without the start event.
        """
        env, st = self.env, self.state
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
            EpisodeProcess(env, episode(st, i, 0, doms, sevs, 0.0, -1, "new"), now=True)

    def _requests(self) -> Iterator[tuple[float, int, list[int], list[int]]]:
        """New requests in arrival order: (day, resident, domains, severities). Latent demand comes
        forward only as access (or outreach to its subgroup) allows; prevention stops a share of
        new problems before they arise."""
        pop, st = self.pop, self.state
        D = len(st.domain_names)
        problems = pop.problems.tolist()
        severity = pop.severity.tolist()
        lead = pop.lead.tolist()
        latent = pop.latent.tolist()
        latent_u = pop.latent_u.tolist()
        subgroup = st.subgroup
        uptake, outreach = st.access.uptake, st.access.outreach
        inflow = st.prevention.inflow
        prevent = inflow if any(inflow) else None
        single = (pop.problems.sum(axis=1) == 1).tolist()
        U = st.U
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
        s, st = self.scenario, self.state
        code = len(st.cat.names) + 1
        blank = len(st.domain_names)
        for name, prog in s.programmes.items():
            steps = Timeline(prog.cost_per_year)
            bounds = steps.days[1:] + [self.horizon]
            for start, end, cost in zip(steps.days, bounds, steps.values):
                if cost <= 0 or start >= self.horizon:
                    continue
                payers = (st.budgets.pools if prog.budget == "pool" else [st.domain_names.index(prog.budget)])
                domain = blank if prog.budget == "pool" else payers[0]
                for b in payers:
                    self.env.process(self._programme_step(code, domain, b, float(start), float(end),
                                                          per_day(cost / len(payers))))
            code += 1

    def _programme_step(self, code: int, domain: int, payer: int, start: float, end: float, rate: float):
        if start > 0:
            yield self.env.timeout(start)
        st = self.state
        st.budgets.accounts[payer].commit(start, rate, end)
        st.grants.append((-1, code, domain, payer, start, end, rate, 0.0, 0, -1, R.NAN))

    def _initial_caseload(self) -> None:
        """Clients already in care on day 0, with remaining durations drawn in steady state.

        For a lognormal duration the length-biased duration (the one a client in care at a
        random moment is in) is lognormal with mu + sigma^2; the remaining part is uniform on it.
        Who pays is the budgets' payer rule, decided for all of them at day 0 before any is
        committed (`Budgets.payers`; a cross-domain plan is the pool's); care that ends
        unresolved comes back by the journey's follow-up rule (`journey.follow_up`). With
        `run.warm_start: steady` the clients, their provisions and generations are the model's
        own steady state (`sim.model.steady`), and the problems on their way back on day 0 start
        their episodes when they return (`_returns`).
        """
        pop, st = self.pop, self.state
        cat = st.cat
        m = len(pop.init_domain)
        if m == 0:
            return
        policy = st.plan.policy.at(0)
        steady = pop.steady
        prov = self._initial_provisions(policy) if steady is None else steady.provision[pop.init_class]
        tailored = np.array([t if t is not None else -1 for t in cat.tailored], dtype=np.int64)
        stands_in = np.isin(np.array(cat.kind, dtype=object)[prov], ("cross_domain", "personal_budget"))
        costed = np.where(stands_in, tailored[pop.init_domain], prov)  # the care a cross-domain plan stands in for
        mu, sg = np.array(cat.mu)[costed], np.array(cat.sigma)[costed]
        full = np.exp(mu + sg**2 + sg * pop.init_z[:, 0])
        remaining = pop.init_u[:, 2] * full * np.array(st.prevention.speed)[pop.init_domain]  # prevention speeds outflow
        sev_cost = np.array(st.outcome.severity_cost)[pop.init_severity - 1]
        scaled = np.array(cat.scaled)[costed]
        monthly = (np.array(cat.monthly_cost)[costed] * np.where(scaled, sev_cost, 1.0)
                   * np.array(cat.cost_factor)[prov])
        rate = monthly / DAYS_PER_MONTH
        nb = np.array(st.neighbourhood[pop.n:pop.n + m], dtype=np.int64)
        payer, rules, share = st.budgets.payers(0.0, pop.init_domain, nb)
        share = np.full(m, share)
        if stands_in.any():  # a cross-domain plan in progress is paid by the pool, as `Budgets.payer` says
            pots = np.array(st.budgets.pools, dtype=np.int64)[nb % len(st.budgets.pools)]
            payer, rules, share = (np.where(stands_in, pots, payer), np.where(stands_in, ACROSS, rules),
                                   np.where(stands_in, np.nan, share))
        for b in np.unique(payer):
            sel = payer == b
            st.budgets.accounts[int(b)].bulk_commit(rate[sel], remaining[sel])
        first_id = len(st.cases)
        ids = np.arange(first_id, first_id + m)
        self._initial_grants = np.rec.fromarrays(
            [ids, prov, pop.init_domain.astype(np.int64), payer, np.zeros(m), remaining, rate, np.zeros(m),
             np.zeros(m, dtype=np.int64), rules, share],
            dtype=GRANT_DTYPE)
        self._initial_records(first_id, prov, remaining, full, policy)

    def _returns(self) -> None:
        """The problems on their way back on day 0 (warm start 'steady'): each starts its episode
        when it returns, as a relapse, an escalation or a missed problem surfacing would, with no
        parent in the run (the episode it follows ended before day 0)."""
        pop, st = self.pop, self.state
        if pop.steady is None or not len(pop.back_stream):
            return
        ss, first = pop.steady, pop.n + len(pop.init_domain)
        columns = (ss.back_domain[pop.back_stream].tolist(), ss.back_severity[pop.back_stream].tolist(),
                   ss.back_generation[pop.back_stream].tolist(), ss.back_origin[pop.back_stream].tolist(),
                   pop.back_delay.tolist())
        for j, (d, sev, gen, origin, delay) in enumerate(zip(*columns)):
            if delay < self.horizon:
                spawn(st, first + j, gen, [d], [sev], delay, -1, ORIGINS[origin])

    def _initial_provisions(self, policy: str) -> np.ndarray:
        """The provision each day-0 client is in: the policy on day 0 for their problem and severity."""
        pop, st = self.pop, self.state
        cat, std_max = st.cat, st.plan.standard_max_severity

        def provision(d: int, sev: int) -> int:
            general = cat.general[d]
            use_general = general is not None and policy != "maatwerk" and sev <= std_max
            return general if use_general else cat.tailored[d]

        table = [[provision(d, sev) if sev else 0 for sev in range(4)] for d in range(len(st.domain_names))]
        return np.array(table, dtype=np.int64)[pop.init_domain, pop.init_severity]

    def _initial_records(self, first_id: int, prov: np.ndarray, remaining: np.ndarray, full: np.ndarray,
                         policy: str) -> None:
        """The day-0 caseload's records and follow-ups, from Python lists: indexing NumPy arrays
        row by row costs more than the rest."""
        pop, st = self.pop, self.state
        cat, o = st.cat, st.outcome
        rows = np.arange(pop.n, pop.n + len(prov))
        if pop.steady is None:  # everyone a first episode, resolving as a single problem would
            gens = np.zeros(len(prov), dtype=np.int64)
            chance = {(p, sev): resolve_chance(o.params, cat.effectiveness[p], sev, 0.0, False, 0.0)
                      for p, sev in set(zip(prov.tolist(), pop.init_severity.tolist()))}
            chances = [chance[p, sev] for p, sev in zip(prov.tolist(), pop.init_severity.tolist())]
        else:  # each client's stream in the steady state: its generation and its chance to resolve
            gens = pop.steady.generation[pop.init_class]
            chances = pop.steady.resolve[pop.init_class].tolist()
        u = st.U[rows, gens, pop.init_domain]
        columns = (pop.init_domain.tolist(), pop.init_severity.tolist(), prov.tolist(), pop.init_u[:, 1].tolist(),
                   u[:, U_FOLLOW].tolist(), u[:, U_FOLLOW_DELAY].tolist(), (remaining - full).tolist(),
                   remaining.tolist(), pop.init_z[:, 1].tolist(), gens.tolist(), chances)
        cases = st.cases
        for i, (d, sev, p, u_resolve, u_follow, u_delay, start, end, z_grade, gen, pr) in enumerate(zip(*columns)):
            res, cid = pop.n + i, first_id + i
            out = problem_outcome(o.params, pr, u_resolve, u_follow)
            rec = R.new(cid, -1, res, gen, "initial", False, start, (d,), 1, sev,
                        st.neighbourhood[res], st.age_group[res])
            rec[R.INITIAL] = True
            rec[R.DECISION_DAY] = start
            rec[R.CLOSED_DAY] = end
            rec[R.WAIT_DAYS] = 0.0
            rec[R.POLICY] = policy
            rec[R.OUTCOME] = out
            rec[R.N_ESCALATED] = int(out == ESCALATION)
            rec[R.SATISFACTION] = grade(o.satisfaction, cat.fit[p], out == RESOLVED, 0.0, 1, False, False, z_grade)
            cases.append(rec)
            # Care in progress that ends unresolved comes back as a follow-up episode, as it would
            # for a new case: without this the first years would lack that stream.
            if out == ESCALATION or out == RELAPSE:  # the follow-up rule's first test, to save the call
                follow_up(st, cid, res, gen, d, sev, out, 0.0, end, u_delay)

    def run(self) -> Raw:
        st = self.state
        self._initial_grants = np.zeros(0, dtype=GRANT_DTYPE)
        self._initial_caseload()
        self._returns()
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
        grants = np.array(st.grants, dtype=GRANT_DTYPE) if st.grants else np.zeros(0, dtype=GRANT_DTYPE)
        grants = np.concatenate([self._initial_grants.view(np.ndarray).astype(GRANT_DTYPE), grants])
        return Raw(
            scenario=self.scenario, replication=self.replication, horizon=self.horizon, cases=st.cases,
            grants=grants, events=st.buttons.events() if st.buttons else [], waiting=st.waiting_log,
            budget_names=st.budgets.names,
            provision_names=st.cat.names + ["discretion"] + list(self.scenario.programmes),
            domain_names=st.domain_names, allocations=st.budgets.allocations, age_groups=self.pop.age_groups,
            subgroups=self.pop.subgroups, provider_names=st.providers.names, prevented=self.prevented,
            steps=np.array(st.steps, dtype=np.float64).reshape(-1, R.STEP_WIDTH),
            lean_intakes=np.array(st.lean_intakes, dtype=np.int64),
            lean_where="team" if st.access.mode.values[0] != "desks" else "desk",
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
