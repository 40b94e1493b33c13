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

from ..errors import Said, count
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


# What one request for help costs a run in memory, measured: a four-year Eindhoven-size
# replication holds 108,124 episodes (78,362 new, 29,762 in care on day 0) at a peak of about
# 640 MB (benchmarks/README.md), about 6 KB each with its luck, records, ledger and tables.
BYTES_PER_REQUEST = 6_000
MAX_REQUESTS = 2_000_000  # about 12 GB by that measure; Eindhoven's four years hold about 110,000


def expected_requests(s: Scenario) -> float:
    """New requests over the horizon (latent demand included) plus the clients in care on day 0.

    The population draws a Poisson number of cases around this mean (`sim.model.population`),
    so it bounds what one replication holds before any of it is drawn.
    """
    years = s.run.horizon_years
    rest = 1.0 - sum(g.residents_share for g in s.population.subgroups.values())
    per_year = s.municipality.residents * rest * sum(d.incidence for d in s.domains.values()) / 1000
    for g in s.population.subgroups.values():
        per_year += s.municipality.residents * g.residents_share * sum(g.incidence.values()) / 1000
    latent = 1.0 + s.population.latent_share
    return per_year * latent * years + sum(d.initial_caseload for d in s.domains.values())


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
    requests = expected_requests(s)
    if requests > MAX_REQUESTS:
        gb = requests * BYTES_PER_REQUEST / 1e9
        issues.append((("municipality", "residents"), Said(
            "this run would hold about {requests} requests for help (about {gb} GB of memory); at most {most} fit: "
            "give fewer residents, lower incidences or a shorter horizon",
            "deze run zou ongeveer {requests} hulpvragen bevatten (ongeveer {gb} GB geheugen); er passen er hoogstens "
            "{most}: geef minder inwoners, lagere incidenties of een kortere looptijd").format(
            requests=count(requests), gb=count(gb), most=count(MAX_REQUESTS))))
    return issues
