"""Scaling a municipality: the same policy for more or fewer residents.

A scenario's absolute figures (caseloads on day 0, budgets, staff, places, provider ceilings,
programme costs) belong to one municipality size. `municipality.size_reference` names that
size, so a file for a village of 24,013 residents can extend a base set for 30,000 and say only
its own population: the loader scales the rest here. Tests and workshops use the same function
to shrink a shipped scenario to a small municipality that runs in a second.

Rates (incidence per 1,000, shares, costs per client, durations) do not change with size.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import Said, count
from .calendar import DAYS_PER_MONTH, DAYS_PER_YEAR, days_in_years
from .scenario import Scenario


def _places(n: int, f: float) -> int:
    """Staff and places: rounded up, never below one, so a small desk still exists."""
    return max(1, math.ceil(n * f - 1e-9))


def rescale(s: Scenario, residents: int) -> Scenario:
    """A copy of `s` for `residents`, every absolute figure in proportion to its size."""
    s = s.model_copy(deep=True)
    reference = s.municipality.size_reference or s.municipality.residents
    f = residents / reference
    s.municipality.residents = residents
    s.municipality.size_reference = residents
    if f == 1.0:
        return s
    for dom in s.domains.values():
        dom.initial_caseload = round(dom.initial_caseload * f)
        for step in dom.budget:
            step.value *= f
        dom.desk_staff = _places(dom.desk_staff, f)
    s.access.integral_staff = max(_places(s.access.integral_staff, f),
                                  s.municipality.neighbourhoods if s.access.teams == "per_neighbourhood" else 1)
    s.budget.initial_reserve *= f
    for prov in s.provisions.values():
        if prov.capacity is not None:
            prov.capacity = _places(prov.capacity, f)
        for pv in prov.providers.values():
            if pv.capacity is not None:
                pv.capacity = _places(pv.capacity, f)
            if pv.ceiling is not None:
                pv.ceiling *= f
    for prog in s.programmes.values():
        for step in prog.cost_per_year:
            step.value *= f
    for b in s.buttons:
        if b.metric == "waitlist":  # a waiting-list length is a count of residents
            b.fire, b.release = b.fire * f, b.release * f
    return s


def at_reference(s: Scenario) -> Scenario:
    """The scenario with its figures scaled to its residents, if a size reference says they differ."""
    ref = s.municipality.size_reference
    if ref is None or ref == s.municipality.residents:
        return s
    return rescale(s, s.municipality.residents)


# What a run costs, measured (one replication of the small base through `sim.run`, tables
# included, `nice` on a shared two-core machine, peak RSS from getrusage):
#   30,000 residents, 4 years:                     15,031 cases,   211,919 ledger rows,  4.7 s, 194 MB
#   120,000 residents, 4 years:                    59,488 cases,   840,965 ledger rows, 13.5 s, 384 MB
#   30,000 residents, 1 year, wmo care 50 years:   41,940 cases,   511,813 ledger rows,  4.8 s, 287 MB
#   30,000 residents, 4 years, wmo care 50 years:  50,063 cases, 1,930,822 ledger rows,  9.7 s, 550 MB
# Fitted over cases and ledger rows: about 1.9 KB and 165 microseconds per case, 175 bytes and 2.5
# microseconds per ledger row, on top of about 130 MB and 2 s for the interpreter and its libraries.
# The constants below round those up; the counts `estimate` feeds them are upper estimates too
# (every follow-up taken, every case paying its longest provision's months), so the estimate
# exceeds what a run measures (for the first line above about 250 MB and 9 s).
BASE_BYTES = 150_000_000
BASE_SECONDS = 3.0
BYTES_PER_EPISODE = 2_000
BYTES_PER_LEDGER_ROW = 180
SECONDS_PER_EPISODE = 200e-6
SECONDS_PER_LEDGER_ROW = 3e-6
# ASSUMPTION: a replication that would run longer than an hour is no workshop's or council's run;
# refuse it rather than let it hold the machine (a generous cap: Eindhoven's runs take seconds).
MAX_SECONDS = 3_600.0


@dataclass(frozen=True)
class RunCost:
    """What one replication of a scenario would hold and take, estimated before anything runs.

    `requests`: episodes of care (new requests with hidden demand, their follow-ups, the day-0
    caseload); `events`: the ledger's rows (a commitment and one payment per month of care in the
    run); `bytes` and `seconds`: memory and time by the measured constants above. `driver` is the
    field path that drives the estimate most, for a refusal to name.
    """

    requests: float
    events: float
    bytes: float
    seconds: float
    driver: tuple


def expected_requests(s: Scenario) -> float:
    """New requests over the horizon (latent demand included) plus the clients in care on day 0.

    The population draws a Poisson number of cases around this mean (`sim.model.population`),
    so it bounds what one replication holds before any of it is drawn.
    """
    return sum(_new_per_year(s).values()) * s.run.horizon_years + sum(d.initial_caseload for d in s.domains.values())


def _new_per_year(s: Scenario) -> dict[str, float]:
    """New requests a year per domain, hidden demand included as if all of it came forward."""
    rest = 1.0 - sum(g.residents_share for g in s.population.subgroups.values())
    out = {name: s.municipality.residents * rest * d.incidence / 1000 * (1.0 + s.population.latent_share)
           for name, d in s.domains.items()}
    for g in s.population.subgroups.values():
        latent = 1.0 + (g.latent_share if g.latent_share is not None else s.population.latent_share)
        for name, inc in g.incidence.items():
            if name in out:
                out[name] += s.municipality.residents * g.residents_share * inc / 1000 * latent
    return out


def _longest_care(s: Scenario, domain: str) -> tuple[float, tuple]:
    """The longest mean duration (days) of a provision that can serve `domain`, and its field path."""
    best, where = 0.0, ("domains", domain)
    for name, p in s.provisions.items():
        if p.duration_days is not None and (p.domains == "all" or domain in p.domains) and p.duration_days > best:
            best, where = p.duration_days, ("provisions", name, "duration_days")
    return best, where


def estimate(s: Scenario) -> RunCost:
    """Memory and time of one replication of `s`, from the scenario alone (see `RunCost`).

    Upper factors where the model may or may not: every unresolved problem's follow-ups (escalation
    and relapse shares over max_generations), every extra problem of a multi-problem case, all
    hidden demand coming forward. The day-0 caseload is the larger of the given caseloads and the
    steady state the longest care would hold (inflow x duration), so a case open for 50 years in a
    steady start counts; each episode pays monthly for its longest provision's duration within the
    horizon. The scenario must be scaled to its residents (`at_reference`).
    """
    o = s.outcome
    back = min(1.0, o.escalation_share + o.relapse_share)
    follow = sum(back ** k for k in range(o.max_generations))
    problems = 1.0 + s.population.multi_problem_share * (s.population.max_problems - 1)
    days = days_in_years(s.run.horizon_years)
    episodes = rows = 0.0
    drivers: dict[tuple, float] = {}
    for name, per_year in _new_per_year(s).items():
        care, where = _longest_care(s, name)
        new = per_year * s.run.horizon_years * follow * problems
        steady = per_year * follow * problems * care / DAYS_PER_YEAR
        stock = max(s.domains[name].initial_caseload, steady)
        months = min(care, days) / DAYS_PER_MONTH + 2  # the first month, the commitment row, whole months within the run
        episodes += new + stock
        rows += (new + stock) * months
        drivers[("domains", name, "incidence")] = new * (BYTES_PER_EPISODE + BYTES_PER_LEDGER_ROW * months)
        drivers[where] = drivers.get(where, 0.0) + stock * (BYTES_PER_EPISODE + BYTES_PER_LEDGER_ROW * months)
    if s.municipality.residents > 500_000:  # a city's size drives everything in proportion
        drivers[("municipality", "residents")] = sum(drivers.values())
    driver = max(drivers, key=drivers.__getitem__) if drivers else ("municipality", "residents")
    return RunCost(requests=episodes, events=rows,
                   bytes=BASE_BYTES + episodes * BYTES_PER_EPISODE + rows * BYTES_PER_LEDGER_ROW,
                   seconds=BASE_SECONDS + episodes * SECONDS_PER_EPISODE + rows * SECONDS_PER_LEDGER_ROW, driver=driver)


def machine_memory() -> float:
    """Bytes this process may hold: the machine's physical memory, or a container's limit (cgroup v2,
    then v1) or the address-space limit if lower."""
    try:
        phys = float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):  # a system that does not say: no refusal on memory
        phys = math.inf
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < phys:
            phys = float(text)
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY and soft > 0:
            phys = min(phys, float(soft))
    except (ImportError, ValueError, OSError):
        pass
    return phys


def cost_problem(s: Scenario) -> tuple[tuple, Said] | None:
    """The one line that refuses a run the machine cannot hold or that would run past the cap, or None."""
    cost, memory = estimate(s), machine_memory()
    if cost.bytes > memory:
        return cost.driver, Said(
            "one replication of this run would need about {need} GB of memory ({episodes} episodes of care, {rows} "
            "ledger rows); this machine has {have} GB: lower this value, the residents or the horizon",
            "één replicatie van deze run zou ongeveer {need} GB geheugen nodig hebben ({episodes} zorgepisodes, "
            "{rows} grootboekregels); deze machine heeft {have} GB: verlaag deze waarde, de inwoners of de looptijd"
        ).format(need=count(cost.bytes / 1e9, ",.1f"), have=count(memory / 1e9, ",.1f"),
                 episodes=count(cost.requests), rows=count(cost.events))
    if cost.seconds > MAX_SECONDS:
        return cost.driver, Said(
            "one replication of this run would take about {need} hours ({episodes} episodes of care, {rows} ledger "
            "rows); at most 1 hour is allowed: lower this value, the residents or the horizon",
            "één replicatie van deze run zou ongeveer {need} uur duren ({episodes} zorgepisodes, {rows} "
            "grootboekregels); hoogstens 1 uur is toegestaan: verlaag deze waarde, de inwoners of de looptijd"
        ).format(need=count(cost.seconds / 3600, ",.1f"), episodes=count(cost.requests), rows=count(cost.events))
    return None


def size_problems(s: Scenario) -> list[tuple[tuple, Said]]:
    """Sizes the run cannot hold, as (field path, problem), in the form of `consistency_issues`."""
    issues: list[tuple[tuple, Said]] = []
    residents = s.municipality.residents
    in_care = sum(d.initial_caseload for d in s.domains.values())
    if in_care > residents:
        issues.append((("domains",), Said(
            "the initial caseloads add up to {in_care} clients in care on day 0, more than the municipality's "
            "{residents} residents",
            "de beginbestanden tellen op tot {in_care} cliënten in zorg op dag 0, meer dan de {residents} inwoners "
            "van de gemeente").format(in_care=count(in_care), residents=count(residents))))
    problem = cost_problem(s)
    if problem is not None:
        issues.append(problem)
    return issues
