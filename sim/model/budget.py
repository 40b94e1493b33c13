"""Budgets during the run: running spending rates, so spent-to-date is exact at constant cost.

No event is scheduled per monthly payment. A grant raises its budget's rate (euros a day) until
the grant ends; an ending lowers it again, applied lazily from a heap of end days when the budget
is next read. Spent-to-date, outstanding commitments and the projected year-end spend are then
exact at any moment. The ledger table itself (one row per commitment and per monthly payment)
is built after the run from the grants, in `sim.ledger`.

Budget set-ups: one budget per domain (earmarked) plus one pool. `pooled_share` moves that share
of every domain's allocation into the pool; 0 is fully earmarked, 1 fully pooled.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from ..policy.calendar import DAYS_PER_YEAR, day_in_year, end_of_year, start_of_year, year_of
from ..policy.scenario import Scenario
from ..policy.timeline import Timeline

NAN = float("nan")
# Why a budget paid (`Budgets.payer`): codes kept with each grant, named in the steps table's `rule` column.
PAYER_RULES = ("across", "earmarked", "pooled", "own_budget", "spoken_for")
ACROSS, EARMARKED, POOLED, OWN_BUDGET, SPOKEN_FOR = range(len(PAYER_RULES))


@dataclass
class Account:
    """One budget's running state: rate, accrued spend and the grants still running."""

    name: str
    allocation: list[float]  # per budget year
    rate: float = 0.0  # euros a day now being paid
    spent: float = 0.0  # accrued since day 0, up to `t`
    t: float = 0.0
    ends_weighted: float = 0.0  # sum of rate * end over running grants, for outstanding commitments
    year: int = 0
    spent_at_year_start: float = 0.0
    ends: list = field(default_factory=list)  # heap of (end day, rate)

    def advance(self, now: float) -> None:
        """Accrue spending up to `now`, applying grant endings and year boundaries in order."""
        ends = self.ends
        # The year's end inline with the calendar's constant (`end_of_year`): this runs at every read
        # of a budget, where a function call would cost time.
        boundary = (self.year + 1) * DAYS_PER_YEAR
        while True:
            if ends and ends[0][0] <= now and ends[0][0] <= boundary:
                end, r = heapq.heappop(ends)
                self.spent += self.rate * (end - self.t)
                self.t = end
                self.rate -= r
                self.ends_weighted -= r * end
            elif boundary <= now:
                self.spent += self.rate * (boundary - self.t)
                self.t = boundary
                self.year += 1
                self.spent_at_year_start = self.spent
                boundary += DAYS_PER_YEAR
            else:
                break
        self.spent += self.rate * (now - self.t)
        self.t = now

    def commit(self, now: float, rate: float, end: float) -> None:
        """Raise the rate from `now` without accruing first: the accrual the new rate would add
        for (t, now] is taken off in advance, so `spent` stays exact. Endings before `now` are
        applied when the budget is next read. Only a year boundary forces an `advance` here,
        so that the year-start snapshot never sees a grant from after it."""
        if now >= (self.year + 1) * DAYS_PER_YEAR:  # `end_of_year`, inline as in `advance`
            self.advance(now)
        self.rate += rate
        self.spent -= rate * (now - self.t)
        self.ends_weighted += rate * end
        heapq.heappush(self.ends, (end, rate))

    def pay_once(self, now: float, amount: float) -> None:
        self.advance(now)
        self.spent += amount

    def bulk_commit(self, rates: np.ndarray, ends: np.ndarray) -> None:
        """The existing caseload on day 0, in one go."""
        self.rate += float(rates.sum())
        self.ends_weighted += float((rates * ends).sum())
        self.ends.extend(zip(ends.tolist(), rates.tolist()))
        heapq.heapify(self.ends)

    # Metrics read by the emergency buttons; call `advance(now)` first.
    def year_allocation(self) -> float:
        return self.allocation[min(self.year, len(self.allocation) - 1)]

    def spent_this_year(self) -> float:
        return self.spent - self.spent_at_year_start

    def outstanding(self, now: float) -> float:
        return max(0.0, self.ends_weighted - self.rate * now)

    def projected(self, now: float) -> float:
        return self.spent_this_year() + self.rate * (end_of_year(self.year) - now)


def _share(value: float, allocation: float) -> float:
    if allocation > 0:
        return value / allocation
    return float("inf") if value > 0 else 0.0


class Budgets:
    """The municipality's budgets: one account per domain and the pool, plus the payer rule.

    With `budget.neighbourhood_pools` the pool is split into one pot per neighbourhood
    (a buurtbegroting), each paying for its own residents only.
    """

    def __init__(self, scenario: Scenario):
        doms = scenario.domain_names()
        pots = scenario.municipality.neighbourhoods if scenario.budget.neighbourhood_pools else 1
        self.n_domains = len(doms)
        self.names = doms + (["pool"] if pots == 1 else [f"neighbourhood_{k + 1}" for k in range(pots)])
        self.pools = list(range(len(doms), len(doms) + pots))
        self.pooled_share: Timeline[float] = Timeline(scenario.budget.pooled_share)
        self.allocations = annual_allocations(scenario)  # (budgets, years)
        self.accounts = [Account(n, self.allocations[i].tolist()) for i, n in enumerate(self.names)]
        self.extras: dict[tuple[int, int], float] = {}  # (pot, budget year) -> cross-domain extras paid and committed

    def pool_of(self, neighbourhood: int) -> int:
        """The pot that pays for a resident of this neighbourhood."""
        pools = self.pools
        return pools[0] if len(pools) == 1 else pools[neighbourhood % len(pools)]

    def payer(self, now: float, domain: int | None, neighbourhood: int = 0) -> tuple[int, int, float]:
        """Which budget pays a grant, why (the code of a rule in `PAYER_RULES`), and the pooled share it read.

        Own domain first, the pool when the domain's year is spoken for: with a pooled share of
        0 the domain always pays (earmarked), with 1 the pool always pays (pooled); in between
        the domain pays while its projected year-end spend stays under its allocation. A
        cross-domain provision or discretionary money (`domain=None`) is paid by the pool.
        `payers` is the same rule for many grants at one moment.
        """
        if domain is None:
            return self.pool_of(neighbourhood), ACROSS, NAN
        share = self.pooled_share.at(now)
        if share >= 1.0:
            return self.pool_of(neighbourhood), POOLED, share
        if share <= 0.0:
            return domain, EARMARKED, share
        if self.has_room(domain, now):
            return domain, OWN_BUDGET, share
        return self.pool_of(neighbourhood), SPOKEN_FOR, share

    def has_room(self, domain: int, now: float) -> bool:
        """Whether a domain's budget can still pay this year: its projected year-end spend is under its allocation."""
        acc = self.accounts[domain]
        acc.advance(now)
        return acc.projected(now) < acc.year_allocation()

    def pool_room(self, now: float, neighbourhood: int = 0) -> float:
        """What the pool (a resident's pot) can still take on for cross-domain and discretionary
        extras this budget year: its allocation for the year minus what those extras have paid
        and committed in it (`took_extra`). The domains' own care that the pool pays (under a
        pooled share of 1, or when a domain's year is spoken for) is an entitlement and does not
        use this room: the law does not let a pool refuse it."""
        pot = self.pool_of(neighbourhood)
        year = year_of(now)
        return self.accounts[pot].allocation[min(year, len(self.accounts[pot].allocation) - 1)] - self.extras.get(
            (pot, year), 0.0)

    def took_extra(self, pot: int, start: float, end: float, rate: float, lump: float) -> None:
        """A cross-domain or discretionary grant on a pot: what it pays in its starting budget year."""
        year = year_of(start)
        this_year = lump + rate * max(0.0, min(end, end_of_year(year)) - start)
        self.extras[(pot, year)] = self.extras.get((pot, year), 0.0) + this_year

    def payers(self, now: float, domains: np.ndarray, neighbourhoods: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """`payer` for many grants in a domain at one moment, decided before any of them is committed.

        The same branches in the same order as `payer` (no grant here is across domains), with
        `has_room` read once per domain: the budgets do not change between the grants, as they
        are committed together afterwards. Returns budgets, rules and the pooled share.
        """
        share = self.pooled_share.at(now)
        n = len(domains)
        pools = np.array(self.pools, dtype=np.int64)
        pots = pools[np.asarray(neighbourhoods, dtype=np.int64) % len(pools)]
        domains = np.asarray(domains, dtype=np.int64)
        if share >= 1.0:
            return pots, np.full(n, POOLED), share
        if share <= 0.0:
            return domains, np.full(n, EARMARKED), share
        room = np.array([self.has_room(d, now) for d in range(self.n_domains)], dtype=bool)
        own = room[domains]
        return np.where(own, domains, pots), np.where(own, OWN_BUDGET, SPOKEN_FOR), share

    def metric(self, name: str, budget: str | int, now: float) -> float:
        """A button's metric on one budget, on all pots ('pool') or on the total ('total')."""
        if budget == "total":
            accounts = self.accounts
        elif budget == "pool":
            accounts = [self.accounts[i] for i in self.pools]
        else:
            accounts = [self.accounts[budget if isinstance(budget, int) else self.names.index(budget)]]
        spent = alloc = out = proj = 0.0
        for acc in accounts:
            acc.advance(now)
            spent += acc.spent_this_year()
            alloc += acc.year_allocation()
            if name == "committed_share":
                out += acc.outstanding(now)
            elif name == "projected_share":
                proj += acc.projected(now)
        if name == "spent_share":
            return _share(spent, alloc * max(day_in_year(now), 1.0) / DAYS_PER_YEAR)
        if name == "committed_share":
            return _share(spent + out, alloc)
        if name == "projected_share":
            return _share(proj, alloc)
        raise ValueError(f"unknown budget metric {name}")


def annual_allocations(scenario: Scenario) -> np.ndarray:
    """Allocation per budget (domains, then the pool or its neighbourhood pots) and budget year,
    honouring dated values day by day. Neighbourhood pots share the pool equally, as residents
    are spread evenly over neighbourhoods."""
    doms = scenario.domain_names()
    years = scenario.run.horizon_years
    share = Timeline(scenario.budget.pooled_share)
    pots = scenario.municipality.neighbourhoods if scenario.budget.neighbourhood_pools else 1
    out = np.zeros((len(doms) + pots, years))
    for y in range(years):
        days = range(start_of_year(y), end_of_year(y))
        s = np.array([share.at(d) for d in days])
        for i, d in enumerate(doms):
            b = Timeline(scenario.domains[d].budget)
            amount = np.array([b.at(day) for day in days]) if not b.constant else np.full(DAYS_PER_YEAR, float(b.values[0]))
            out[i, y] = float((amount * (1 - s)).mean())
            out[len(doms):, y] += float((amount * s).mean()) / pots
    return out
