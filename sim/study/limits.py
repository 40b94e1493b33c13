"""What this machine can hold: every study's size bounded before anything runs.

A command-line number has no natural end (`explore --samples 1000000000` asked for 104 GiB,
`--workers 1000` started a process per task), and neither has the same argument to `sim.compare`,
`sim.sweep` or `explore`. So each study is weighed here, before its first run, and refused
(`LimitError`, exit status 2) with one line that says what was asked, what the machine has and
what is allowed. The command line and the Python functions call the same checks, so both are
bounded alike. Every bound, and why:

- **Workers** (`workers`): at most this machine's cores (`os.sched_getaffinity`, what this
  process may run on, else `os.cpu_count`). More local processes than cores only queue for the
  same cores and each holds a whole replication in memory. A larger number is *lowered* to the
  cores with a notice rather than refused: results are bit-identical whatever the number of
  workers (sim.study.executor), so nothing is lost, and a command written on a larger machine
  still runs. With `--scheduler` the cluster decides how many workers run; nothing is bounded
  here but what this process holds.
- **Seed** (`seed`): a whole number from 0 to 2**63 - 1. `numpy.random.SeedSequence` takes any
  non-negative integer, but the seed is written into manifests and tables and read back as a
  signed 64-bit integer (pandas, Parquet), so a larger one could not be read back.
- **Precision** (`precision`): a percentage above 0 and at most 100; an interval wider than
  its mean is no precision. How many replications it may add is bounded by `max_replications`,
  which is weighed like `replications`.
- **Replications, samples, sweep points, municipalities** (`fits`): the number of runs times what
  one run costs (`run_cost`, made from the scenario before anything runs) must fit in memory
  and in time. Memory: what the study keeps until it ends (explore: the design's points, a
  scenario per world and policy, each run's light tables; compare and sweep: each replication's
  light tables; `sim.run`: each replication's full tables) plus one running replication per
  worker, within `MEMORY_SHARE` of this machine's memory. Time: the runs spread over the local
  workers must finish within `MAX_SECONDS` (ASSUMPTION: a week; a study that needs longer is a
  job for a cluster, `--scheduler`, where time is not bounded here).

`run_cost` is the one estimate of a run used here: `sim.policy.scale.estimate`, made from the
scenario's expected episodes of care and ledger rows and measured costs of each.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from typing import Sequence

from ..errors import Said, UsageError, count
from ..policy.calendar import DAYS_PER_YEAR
from ..policy.scale import estimate, machine_memory
from ..policy.scenario import Scenario

MAX_SEED = 2**63 - 1  # a signed 64-bit integer, as manifests and tables are read back
MAX_INDEX = 2**63 - 1  # a case id or a replication number to look up: a 64-bit integer column
MAX_PRECISION = 100.0  # percent: an interval half as wide as its mean at most
MAX_SECONDS = 7 * 24 * 3600  # ASSUMPTION: a week on this machine; longer belongs on a cluster
MEMORY_SHARE = 0.8  # ASSUMPTION: of the machine's memory, the rest left to the system and other programs

# What a study keeps of a run until it ends. `sim.run` keeps every table: by the end of a replication
# its tables take the peak from about 285 to about 800 MB for about 108,000 requests (benchmarks/README.md),
# about 5 KB a request. A comparison keeps the light tables and every episode's wait (8 bytes);
# ASSUMPTION: 200 KB for its monthly series, events and figures per resident. An exploration keeps
# each run's summary, groups and series: 44 KB on disk (benchmarks/README.md), about twice that
# in memory (ASSUMPTION), and one scenario per world and policy (about 64 KB measured with
# tracemalloc on eindhoven_capped.yaml).
FULL_BYTES_PER_REQUEST = 5_000
LIGHT_BYTES = 200_000
WAIT_BYTES = 8
EXPLORE_RUN_BYTES = 100_000
SCENARIO_BYTES = 64_000
POINT_BYTES = 8 * 8  # a design point per uncertain value: float64, and SALib's working copies (ASSUMPTION)


class LimitError(UsageError):
    """A study larger than this machine can hold, refused before it starts (exit status 2)."""


@dataclass(frozen=True)
class Cost:
    """Memory in bytes and time in seconds on one core."""

    bytes: float
    seconds: float

    def __add__(self, other: "Cost") -> "Cost":
        return Cost(self.bytes + other.bytes, self.seconds + other.seconds)

    def __mul__(self, n: float) -> "Cost":
        return Cost(self.bytes * n, self.seconds * n)


@dataclass(frozen=True)
class RunCost:
    """What one replication of a scenario costs: its peak memory while it runs, its time, its requests."""

    peak: float
    seconds: float
    requests: float


def run_cost(scenario: Scenario) -> RunCost:
    """The estimate of one replication of `scenario`, made before anything runs.

    The one estimate of a run (`sim.policy.scale.estimate`, which also refuses a single run the
    machine cannot hold), read here so that every study's bound follows it.
    """
    cost = estimate(scenario)
    return RunCost(peak=cost.bytes, seconds=cost.seconds, requests=cost.requests)


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on every system
        return max(1, os.cpu_count() or 1)


def memory() -> float:
    """This machine's memory in bytes as this process may use it (`sim.policy.scale.machine_memory`)."""
    return machine_memory()


def _bytes(n: float) -> Said:
    """Bytes in the unit that reads best; a unit is the same word in both languages."""
    if n >= 1e12:
        return (count(n / 1e12, ",.1f") if n < 1e13 else count(n / 1e12)) + " TB"
    if n >= 1e9:
        return count(n / 1e9, ",.1f") + " GB"
    return count(max(n / 1e6, 1)) + " MB"


def _time(seconds: float) -> Said:
    for size, en, nl in ((DAYS_PER_YEAR * 86400, "years", "jaar"), (86400, "days", "dagen"), (3600, "hours", "uur")):
        if seconds >= 2 * size:
            return Said("{n} " + en, "{n} " + nl).format(n=count(seconds / size))
    return Said("{n} minutes", "{n} minuten").format(n=count(max(seconds / 60, 1)))


def workers(asked: int, scheduler: str | None = None) -> tuple[int, Said | None]:
    """The local workers to start for `asked`, and a notice when that is fewer (see the module's docstring).

    A cluster (`scheduler`) decides its own size. Fewer than 1 is refused.
    """
    if isinstance(asked, bool) or not isinstance(asked, int) or asked < 1:
        raise LimitError(Said("workers must be a whole number of at least 1, got {n}",
                              "workers moet een geheel getal van minstens 1 zijn, niet {n}").format(n=asked))
    have = cores()
    if scheduler is not None or asked <= have:
        return asked, None
    return have, Said("--workers {asked}: this machine has {have} cores, so {have} workers run (the results are the "
                      "same for any number of workers)",
                      "--workers {asked}: deze machine heeft {have} kernen, dus er draaien {have} workers (de "
                      "uitkomsten zijn hetzelfde bij elk aantal workers)").format(asked=asked, have=have)


def local_workers(asked: int, scheduler: str | None = None) -> int:
    """`workers` for a Python caller: the notice, if any, on stderr in English."""
    n, notice = workers(asked, scheduler)
    if notice is not None:
        print(f"ontschot: {notice.en}", file=sys.stderr)
    return n


def seed(value: int | None) -> None:
    """Refuse a seed that is not a whole number from 0 to MAX_SEED (None: the scenario's own)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise LimitError(Said("the seed must be a whole number from 0 to {most}, got {value}",
                              "de seed moet een geheel getal van 0 tot {most} zijn, niet {value}").format(
            most=MAX_SEED, value=value))


def precision(value: float | None) -> None:
    """Refuse a precision that is not a percentage above 0 and at most MAX_PRECISION."""
    if value is None:
        return
    if not (isinstance(value, (int, float)) and 0 < value <= MAX_PRECISION):  # NaN fails both
        raise LimitError(Said("the precision must be a percentage above 0 and at most {most}, got {value}",
                              "de precisie moet een percentage boven 0 en hoogstens {most} zijn, niet {value}").format(
            most=count(MAX_PRECISION), value=value))


def count_at_least(option: str, value: int, least: int = 1) -> None:
    """Refuse a count (replications, samples) that is not a whole number of at least `least`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise LimitError(Said("{option} must be a whole number of at least {least}, got {value}",
                              "{option} moet een geheel getal van minstens {least} zijn, niet {value}").format(
            option=option, least=least, value=value))


def _most(room: float, each: float) -> int:
    """How many of `each` fit in `room` (a very large number when each costs nothing)."""
    if room < 0:
        return 0
    return 10**12 if each <= 0 else int(min(math.floor(room / each), 10**12))


def _n(value: int) -> Said | str:
    """A count as each language groups it; a number too long to read as such says so."""
    return count(value, ",") if abs(value) < 10**30 else Said("more than 10^30", "meer dan 10^30")


def fits(option: "str | Said", value: int, per_unit: Cost, fixed: Cost = Cost(0, 0), parallel: int = 1,
         local: bool = True) -> None:
    """Refuse `value` of `option` if the study does not fit this machine (LimitError, one line).

    A study costs `fixed` plus `value` times `per_unit` (memory kept to the end; time on one
    core). Its time, spread over `parallel` local workers, is bounded only when it runs `local`ly.
    """
    budget = MEMORY_SHARE * memory()
    need = fixed + per_unit * value
    wall = need.seconds / max(parallel, 1)
    if need.bytes <= budget and (not local or wall <= MAX_SECONDS):
        return
    most = _most(budget - fixed.bytes, per_unit.bytes)
    if local:
        most = min(most, _most(MAX_SECONDS * max(parallel, 1) - fixed.seconds, per_unit.seconds))
    allowed = (Said("at most {option} {most} fits", "hoogstens {option} {most} past").format(option=option, most=_n(most))
               if most >= 1 else Said("even {option} 1 does not fit: give a smaller municipality or a shorter horizon",
                                      "zelfs {option} 1 past niet: geef een kleinere gemeente of een kortere looptijd"
                                      ).format(option=option))
    on = (Said("one core", "één kern") if parallel <= 1 else
          Said("{p} cores", "{p} kernen").format(p=parallel))
    took = Said(" and take about {t} on {on}", " en ongeveer {t} duren op {on}").format(t=_time(wall), on=on) if local else ""
    week = (Said(" and a week", " en een week") if local else "")
    raise LimitError(Said(
        "{option} {value}: this would need about {mem} of memory{took}; this machine has {have}, of which a study "
        "may use {share}%{week}; {allowed}",
        "{option} {value}: dit zou ongeveer {mem} geheugen vragen{took}; deze machine heeft {have}, waarvan een "
        "studie {share}%{week} mag gebruiken; {allowed}").format(week=week, 
        option=option, value=_n(value), mem=_bytes(need.bytes), took=took, have=_bytes(memory()),
        share=round(MEMORY_SHARE * 100), allowed=allowed))


def replications_fit(scenarios: Sequence[Scenario], replications: int, option: str = "--replications",
                     workers: int = 1, scheduler: str | None = None, full: bool = False) -> None:
    """Bound a comparison (or a sweep, or municipalities, or `sim.run` with `full` tables kept) of
    `scenarios` over `replications` each: every arm's replications kept, one running per worker."""
    count_at_least(option, replications)
    costs = [run_cost(s) for s in scenarios]
    per_rep = Cost(sum(c.requests * (FULL_BYTES_PER_REQUEST if full else WAIT_BYTES) + LIGHT_BYTES for c in costs),
                   sum(c.seconds for c in costs))
    running = 0.0 if scheduler is not None else workers * max(c.peak for c in costs)
    fits(option, replications, per_rep, Cost(running, 0), parallel=workers, local=scheduler is None)


def arms_fit(option: str, arms: int, scenario: Scenario, replications: int, workers: int = 1,
             scheduler: str | None = None) -> None:
    """Bound `arms` variants of `scenario` (a sweep's points, a table's municipalities) before they are
    built, each about the size of `scenario`, over `replications` each."""
    count_at_least(option, arms)
    c = run_cost(scenario)
    per_arm = Cost(replications * (c.requests * WAIT_BYTES + LIGHT_BYTES) + SCENARIO_BYTES, replications * c.seconds)
    running = 0.0 if scheduler is not None else workers * c.peak
    fits(option, arms, per_arm, Cost(running, 0), parallel=workers, local=scheduler is None)


def samples_fit(samples: int, worlds_per_sample: int, uncertain: int, policies: Sequence[Scenario], replications: int,
                workers: int = 1, scheduler: str | None = None) -> None:
    """Bound an exploration: `samples` times `worlds_per_sample` worlds (sim.study.design.worlds_for per
    sample), each with its design point of `uncertain` values and a scenario per policy, every policy
    run `replications` times in every world."""
    count_at_least("--samples", samples)
    count_at_least("--replications", replications)
    costs = [run_cost(s) for s in policies]
    per_world = Cost(uncertain * POINT_BYTES + len(policies) * (SCENARIO_BYTES + replications * EXPLORE_RUN_BYTES),
                     replications * sum(c.seconds for c in costs))
    running = 0.0 if scheduler is not None else workers * max(c.peak for c in costs)
    fits("--samples", samples, per_world * worlds_per_sample, Cost(running, 0), parallel=workers,
         local=scheduler is None)


# The checks of each study, called by the command line (before the output folder is looked at)
# and by the Python function of the same study (before its first run), so both are bounded alike.

def bound_run(scenario: Scenario, seed_: int | None, replications: int | None) -> None:
    """`sim.run`: one scenario's replications, every table of each kept in memory."""
    seed(seed_)
    replications_fit([scenario], scenario.run.replications if replications is None else replications, full=True)


def bound_compare(scenarios: Sequence[Scenario], seed_: int | None = None, replications: int | None = None,
                  precision_: float | None = None, max_replications: int = 100, workers: int = 1,
                  scheduler: str | None = None, full: bool = False) -> None:
    """`sim.compare` (and `ontschot run A B`, which reads every arm's `full` tables back): with a
    precision, as many replications as `max_replications` may come to."""
    seed(seed_)
    precision(precision_)
    if precision_ is not None:
        replications_fit(scenarios, max_replications, "--max-replications", workers, scheduler, full)
    else:
        asked = scenarios[0].run.replications if replications is None else replications
        replications_fit(scenarios, asked, "--replications", workers, scheduler, full)


def bound_sweep(scenario: Scenario, points: int, seed_: int | None = None, replications: int | None = None,
                workers: int = 1, scheduler: str | None = None) -> None:
    """`sim.sweep`: its points, before each is built, each about the size of `scenario`."""
    seed(seed_)
    n = scenario.run.replications if replications is None else replications
    replications_fit([scenario], n, "--replications", workers, scheduler)
    arms_fit(Said("--vary (points)", "--vary (punten)"), points, scenario, n, workers, scheduler)


def bound_explore(policies: Sequence[Scenario], worlds_per_sample: int, uncertain: int, samples: int,
                  replications: int, seed_: int | None = None, workers: int = 1, scheduler: str | None = None) -> None:
    """`explore`: its worlds before the design is drawn (sim.study.design.worlds_for gives them per sample)."""
    seed(seed_)
    samples_fit(samples, worlds_per_sample, uncertain, policies, replications, workers, scheduler)


def bound_municipalities(file: str, rows: Sequence[Scenario], seed_: int | None = None, replications: int | None = None,
                         workers: int = 1, scheduler: str | None = None) -> None:
    """`municipalities`: every row of `file` (each already bounded on its own by the model's size
    limit), as large as its largest, over `replications` each."""
    seed(seed_)
    largest = max(rows, key=lambda s: run_cost(s).requests)
    n = largest.run.replications if replications is None else replications
    replications_fit([largest], n, "--replications", workers, scheduler)
    arms_fit(Said("rows of {file}", "regels van {file}").format(file=file), len(rows), largest, n, workers, scheduler)


__all__ = ["Cost", "LimitError", "MAX_INDEX", "MAX_PRECISION", "MAX_SECONDS", "MAX_SEED", "MEMORY_SHARE", "RunCost",
           "arms_fit", "bound_compare", "bound_explore", "bound_municipalities", "bound_run",
           "bound_sweep", "cores", "count_at_least", "fits", "local_workers", "memory", "precision", "replications_fit",
           "run_cost", "samples_fit", "seed", "workers"]
