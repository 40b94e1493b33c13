"""The mechanism's live state during one replication, and the few operations a journey needs.

A journey (`sim.model.journey`) reads the settings (`sim.model.settings`) and acts on this
state: it queues at desks and teams, commits grants to budgets, takes places at providers and
at the community provision, waits on buttons, and fills in its case record. The run loop
(`sim.model.engine`) builds the state, starts the episodes and turns what is left into a `Raw`.
The state sits below both, so the journey needs nothing from the run loop (no import circle).

Everything a journey decides is also noted in `steps`, a flat buffer of numbers in the layout of
`record.STEP_COLUMNS`, so that `ontschot explain` can tell why without re-deriving the rules.
"""

from __future__ import annotations

import heapq
from array import array

import simpy

from . import record as R
from .budget import Budgets
from .buttons import Buttons
from .desk import Desk
from .plan import Catalogue
from .population import U_DISCRETION, U_PGB, Population
from .settings import Settings
from ..policy.calendar import DAYS_PER_MONTH, days_left_in_year
from ..policy.scenario import Scenario

EXTRA_PROVIDER = "extra_contracted"


class Providers:
    """The named providers of the provisions that have them: who they are, their places and ceilings.

    Codes name providers in the grants (0: none, the last: extra contracted care). A provider
    with a capacity has a `Desk` of places per provision; euros committed per budget year count
    against its ceiling.
    """

    __slots__ = ("names", "code", "places", "committed")

    def __init__(self, env: simpy.Environment, cat: Catalogue):
        names = [""]
        self.code: list[list[int]] = []  # per provision, the code of each of its providers
        for provs in cat.providers:
            codes = []
            for n in provs:
                if n not in names:
                    names.append(n)
                codes.append(names.index(n))
            self.code.append(codes)
        names.append(EXTRA_PROVIDER)
        self.names = names
        self.places = [[Desk(env, pv.capacity) if pv.capacity else None for pv in specs] for specs in cat.provider_specs]
        self.committed: list[list[dict[int, float]]] = [[{} for _ in specs] for specs in cat.provider_specs]


class State:
    """One replication's desks, teams, budgets, buttons, providers and records."""

    def __init__(self, scenario: Scenario, pop: Population):
        s = scenario
        self.env = env = simpy.Environment()
        cfg = Settings.from_scenario(s, pop.subgroups)
        self.horizon = cfg.horizon
        self.access, self.plan, self.law, self.outcome = cfg.access, cfg.plan, cfg.law, cfg.outcome
        self.prevention = cfg.prevention
        self.domain_names = list(cfg.domain_names)
        self.cat = Catalogue.from_scenario(s)
        self.budgets = Budgets(s)
        self.U, self.Z = pop.U, pop.Z
        # Python lists: indexing a NumPy array per case costs more than the list it would save.
        self.latent = pop.latent.tolist()
        self.neighbourhood = pop.neighbourhood.tolist()
        self.age_group = pop.age_group.tolist()
        self.subgroup = pop.subgroup.tolist()
        self.desks = [Desk(env, s.domains[d].desk_staff) for d in self.domain_names]
        a = s.access
        if a.teams == "per_neighbourhood":  # village teams: an equal part of the staff each
            k = s.municipality.neighbourhoods
            self.teams = [Desk(env, a.integral_staff // k + (i < a.integral_staff % k)) for i in range(k)]
        else:
            self.teams = [Desk(env, a.integral_staff)]
        self.providers = Providers(env, self.cat)
        self.community_cap = self.cat.capacity[self.cat.community] if self.cat.community is not None else 0
        self._community_ends: list[float] = []
        self.cases: list[list] = []
        self.grants: list[tuple] = []
        self.steps = array("d")  # the journey's decisions, record.STEP_WIDTH numbers each (record.STEP_COLUMNS)
        self.lean_intakes = array("q")  # lean-path episodes: their one intake is in their record
        self.waiting = 0
        self.waiting_log: list[tuple[float, int]] = [(0.0, 0)]
        self.buttons = (Buttons(s.buttons, self.domain_names, env, self.budgets.metric, lambda: self.waiting)
                        if s.buttons else None)
        self.lean: list | None = None  # the lean path's plans, set by the run loop (sim.model.lean.lean_plans)
        self.spawn = None  # starts an episode (res, gen, domains, severities, delay, parent, origin); set by the run loop

    def open_case(self, res: int, gen: int, doms: tuple, max_severity: int, parent: int, origin: str) -> list:
        """A new case record for an episode that arrives now."""
        rec = R.new(len(self.cases), parent, res, gen, origin, self.latent[res], self.env.now, doms,
                    len(doms), max_severity, self.neighbourhood[res], self.age_group[res], self.subgroup[res])
        self.cases.append(rec)
        return rec

    def team_of(self, res: int) -> Desk:
        """The integral team that serves this resident: their neighbourhood's, or the one team."""
        teams = self.teams
        return teams[0] if len(teams) == 1 else teams[self.neighbourhood[res] % len(teams)]

    def grant(self, case_id: int, provision: int, paid_as: int | None, domain: int, start: float, end: float,
              rate: float, res: int = 0, provider: int = 0, lump: float = 0.0) -> int:
        """Commit a provision for one problem in `domain`; returns the paying budget's index.

        `paid_as` is the domain whose budget would pay, or None for cross-domain spending (pool).
        A `lump` is paid at once (a fee per result, discretionary money) instead of a daily rate.
        The grant keeps the payer's rule and the pooled share it read: the steps table's 'grant'
        and 'lump' rows are the grants themselves (no extra record in the hot path).
        """
        budgets = self.budgets
        payer, rule, share = budgets.payer(start, paid_as, self.neighbourhood[res])
        acc = budgets.accounts[payer]
        if lump:
            acc.pay_once(start, lump)
        if rate:
            acc.commit(start, rate, end)
        if paid_as is None:  # a cross-domain or discretionary extra: it uses the pool's room for extras
            budgets.took_extra(payer, start, end, rate, lump)
        self.grants.append((case_id, provision, domain, payer, start, end, rate, lump, provider, rule, share))
        return payer

    def pay_discretion(self, case_id: int, domain: int, day: float, amount: float, res: int = 0) -> int:
        """Discretionary money ('doen wat nodig is'), paid at once from the pool."""
        return self.grant(case_id, len(self.cat.names), None, domain, day, day, 0.0, res, 0, amount)

    def pool_can_pay(self, rec: list, doms: list, sevs: list, lu: list, policy: str, now: float) -> bool:
        """Whether the pool pays this case's cross-domain or discretionary extra: only while it has
        room for it this budget year (`Budgets.pool_room`) against the extra's expected cost this
        year (`extra_cost`). Entitled care paid from the pool never asks this: under a pooled
        share of 1 the pool pays every domain's care, and only the extras need room. A refusal is
        noted as a 'pool' step (rule 'no_room', value: the room left), and the case gets the
        per-domain provisions instead."""
        budgets = self.budgets
        if budgets.pooled_share.at(now) <= 0:
            return False
        if len(doms) == 1:  # a single problem's plan never needs the pool's extras
            return True
        provision, cost = self.extra_cost(doms, sevs, lu, policy, now)
        if cost <= 0:
            return True
        pot = budgets.pool_of(self.neighbourhood[rec[R.RESIDENT]])
        room = budgets.pool_room(now, self.neighbourhood[rec[R.RESIDENT]])
        if cost <= room:
            return True
        self.steps.extend((rec[R.CASE_ID], now, R.KIND["pool"], R.NONE, provision, pot, 0, R.NONE, R.RULE["no_room"],
                           R.NAN, room))
        return False

    def extra_cost(self, doms: list, sevs: list, lu: list, policy: str, now: float) -> tuple[int, float]:
        """The extra a multi-problem case would ask of the pool, and what it is expected to cost this
        budget year: one cross-domain plan under maatwerk (its monthly cost for each problem over
        the mean duration of the tailored care it stands in for, up to the year's end), the
        discretionary amount under discretion, or a personal budget across domains. (provision, euros)."""
        cat, pl = self.cat, self.plan
        left = days_left_in_year(now)
        speed = self.prevention.speed

        def yearly(p: int) -> float:
            total = 0.0
            for d, sev in zip(doms, sevs):
                q = cat.costed_as(p, d)
                monthly = cat.monthly_cost[q] * (self.outcome.severity_cost[sev - 1] if cat.scaled[q] else 1.0)
                total += monthly * cat.cost_factor[p] * min(cat.mean_days(q) * speed[d], left) / DAYS_PER_MONTH
            return total

        if policy == "maatwerk" and cat.cross is not None:
            return cat.cross, yearly(cat.cross)
        if policy == "discretion":
            return len(cat.names), lu[U_DISCRETION] * pl.discretion_max
        if cat.personal is not None and pl.pgb_integral and lu[U_PGB] < pl.pgb_share.at(now):
            return cat.personal, yearly(cat.personal)
        return R.NONE, 0.0

    def community_room(self, now: float) -> bool:
        """Whether the community provision has a free place now (places free up as its care ends)."""
        ends = self._community_ends
        while ends and ends[0] <= now:
            heapq.heappop(ends)
        return len(ends) < self.community_cap

    def take_community(self, now: float, end: float) -> None:
        heapq.heappush(self._community_ends, end)

    def waiting_changed(self, delta: int) -> None:
        """A case starts (+1) or stops (-1) being held back by a button: the waitlist metric."""
        self.waiting += delta
        self.waiting_log.append((self.env.now, self.waiting))
