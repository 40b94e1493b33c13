"""Running an exploration: every policy in every world, stored run by run, so that it resumes.

`explore` draws the worlds (`sim.study.design`), builds each policy's scenario in each world
(`sim.policy.uncertain.world`, checked like a file, in this process, before anything runs), and
sends one task per (world, policy, replication) to the one executor (`sim.study.executor`): this
process, local worker processes or a Dask cluster. A task gets the policy's scenario as JSON text
(`sim.study.replicate._portable`) and the world's values, builds the world itself, runs one
replication and sends back only what explore's outputs need: the run's summary row (with
`cost_per_year`), its figures per resident (`sim.study.groups`) and its monthly timeseries. The
five full tables stay behind: at Eindhoven size they are about 19 MB a replication, which over
thousands of runs would fill a disk; this is a few kilobytes (benchmarks/README.md measures it).

This process stores each finished run in `<out>/.runs/<policy>/world_00003/rep_0001/`, atomically,
with a manifest (the world's scenario hash, the seed, the replication, the package version and
every file's checksum), whatever ran it: a cluster's workers need no shared disk. A rerun reuses
a stored run only when its manifest matches and every file checks out, so an interrupted
exploration resumes where it stopped, and a rerun with more worlds or replications computes only
what is missing. The result folder's final write carries `.runs` across (`atomic_dir(keep=...)`).
A run that raises is reported by its key on stderr; the others finish and are stored, and then
`RunsFailed` (exit status 1) names every run that failed.

Common random numbers, on purpose across worlds as well as policies. Replication r of every
policy in every world draws its residents and its luck from (seed, r) alone
(`run_replication(scenario, seed, r)`): the world's part of a task's key deliberately does not
enter the random streams. So a policy's paired difference in a world is its effect in that
world, and the difference between two worlds is as far as possible the changed assumptions
rather than other luck: the sensitivity indices are not drowned in the simulation's noise.
How large that noise still is (the spread between a world's replications beside the spread
between worlds) is reported beside the indices (`sensitivity.noise`, the report's noise sentence).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._version import __version__
from ..errors import Said, UsageError, said, spoken
from ..model.engine import run_replication
from ..model.tables import tables
from ..policy.uncertain import range_issues, world
from . import metrics as M
from .design import METHODS, Design, DesignError, draw, values, worlds_for
from .discovery import DiscoveryUnavailable, NEEDS, available
from .executor import Executor, Outcome, executor
from .explore import EXPLORED, Exploration, analyse
from .failure import DIFFERENCE, Failure, FailureError
from .groups import GROUP_INPUTS, GROUP_METRICS, groups
from .limits import bound_explore, local_workers
from .replicate import _normal, _portable, _revived
from .store import MANIFEST, atomic_dir, damaged, inside, manifest, now, refuse

if TYPE_CHECKING:
    from ..policy.scenario import Scenario

STORE = ".runs"  # inside the result folder: every finished run, carried across the final write
PARTS = ("summary", "groups", "timeseries")  # what one run keeps
Key = tuple[str, int, str, str, str, int]  # ("world", w, "policy", label, "replication", r)


class RunsFailed(UsageError):
    """Some runs raised; the others finished and are stored. Exit status 1: the input was valid."""

    status = 1


@dataclass
class Run:
    """What explore keeps of one replication of one policy in one world."""

    summary: pd.DataFrame  # one row, cost_per_year added
    groups: pd.DataFrame  # the figures per resident: all, one problem, several
    timeseries: pd.DataFrame  # per month and budget
    reused: bool = False


def run_folder(store: Path, policy: str, w: int, replication: int) -> Path:
    return Path(store) / policy / f"world_{w:05d}" / f"rep_{replication:04d}"


def _kept(frames: dict[str, pd.DataFrame], scenario: "Scenario") -> dict[str, pd.DataFrame]:
    """A run's tables cut down to what explore needs, each as it comes back from Parquet."""
    summary = M.derived(frames["summary"].copy(), scenario.run.horizon_years)
    cases = _normal(frames["cases"][list(GROUP_INPUTS)])  # as compare counts them
    return {"summary": _normal(summary), "groups": _normal(groups(cases)), "timeseries": _normal(frames["timeseries"])}


def simulate_world(portable: tuple[str, str | None], world_values: dict[str, Any], world_hash: str, seed: int,
                   replication: int) -> dict[str, pd.DataFrame]:
    """The task: one replication of one policy in one world (module level, so any worker can import it).

    The world is built here from the policy's scenario and the values, and must hash as the one
    the parent built and checked, or this worker would run another world than the one stored.
    """
    scenario = world(_revived(*portable), world_values)
    if scenario.content_hash != world_hash:
        raise RuntimeError(f"the world built on this worker (hash {scenario.content_hash[:12]}) is not the one "
                           f"asked for ({world_hash[:12]}); is the same version of Ontschot installed here?")
    return _kept(tables(run_replication(scenario, seed, replication)), scenario)


OWN_FILES = frozenset(f"{p}.parquet" for p in PARTS)  # a damaged stored run's own files, replaced when it runs again


def keep_run(parts: dict[str, pd.DataFrame], scenario: "Scenario", seed: int, key: Key,
             world_values: dict[str, Any], folder: Path, store: Path | None = None) -> None:
    """Write one run's parts and its manifest into `folder`, atomically (the manifest last),
    following no symbolic link from `store` down to it."""
    _, w, _, policy, _, r = key
    with atomic_dir(folder, within=store, remake=OWN_FILES) as tmp:
        for name, df in parts.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        manifest(scenario, seed, replication=r, world=w, policy=policy, values=world_values, folder=tmp)


def verdict(folder: Path, scenario: "Scenario", seed: int, replication: int) -> bool | str:
    """True when `folder` holds this very run (world hash, seed, replication, version, checksums);
    False when nothing of it is stored; a string saying why when what is stored cannot be trusted."""
    if not folder.exists():
        return False
    try:
        m = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return Said("its {m} is missing or cannot be read", "het {m} ontbreekt of is niet te lezen").format(m=MANIFEST)
    if not isinstance(m, dict):
        return Said("its {m} is not a manifest", "het {m} is geen manifest").format(m=MANIFEST)
    if m.get("scenario_hash") != scenario.content_hash or m.get("seed") != seed or m.get("version") != __version__:
        return False
    if m.get("replication") != replication:
        return Said("its {m} is that of replication {r}", "het {m} is dat van herhaling {r}").format(
            m=MANIFEST, r=m.get("replication"))
    why = damaged(folder, m)
    if why is None and any(f"{p}.parquet" not in m["files"] for p in PARTS):
        why = Said("a part is missing", "er ontbreekt een deel")
    return True if why is None else why


def _load(folder: Path) -> Run:
    try:
        return Run(**{p: pd.read_parquet(folder / f"{p}.parquet") for p in PARTS}, reused=True)
    except (OSError, ValueError, KeyError) as exc:  # Arrow's errors derive from these
        raise ValueError(Said("cannot be read ({kind})", "is niet te lezen ({kind})").format(kind=type(exc).__name__)) from exc


def _say(line: "Said | str", bar=None) -> None:
    """One line on stderr, above the progress bar when one is drawn, in the language the command line speaks."""
    text = said(line, spoken())
    if bar is not None:
        bar.write(f"ontschot: {text}", file=sys.stderr)
    else:
        print(f"ontschot: {text}", file=sys.stderr)


def key_words(key: Key) -> Said:
    _, w, _, policy, _, r = key
    return Said("world {w} of '{policy}', replication {r}", "wereld {w} van '{policy}', herhaling {r}").format(
        w=w, policy=policy, r=r)


def ranges_of(policies: list[tuple[str, "Scenario"]]) -> dict:
    """The first policy's uncertain ranges; a later policy whose own ranges differ is refused.

    Every policy must meet the same worlds, so the worlds come from one set of ranges. A later
    file with other ranges would be silently overruled, so it is refused instead.
    """
    label, first = policies[0]
    where = first.path or f"scenario '{first.name}'"
    if not first.uncertain:
        raise DesignError(Said("nothing to explore: {where} has no 'uncertain:' section; give each value to explore a "
                               "range there (docs/scenarios.md, 'Uncertain values')",
                               "niets te verkennen: {where} heeft geen sectie 'uncertain:'; geef daar elke waarde die je "
                               "wilt verkennen een bereik (docs/scenarios.md, 'Uncertain values')").format(where=where))
    issues = range_issues(first)  # a scenario built in Python is checked as a file is (and whole numbers marked)
    if issues:
        loc, problem = issues[0]
        raise DesignError(Said("{where}: field '{field}': {problem}", "{where}: veld '{field}': {problem}").format(
            where=where, field=".".join(map(str, loc)), problem=problem))
    mine = {p: u.model_dump() for p, u in first.uncertain.items()}
    for other_label, s in policies[1:]:
        theirs = {p: u.model_dump() for p, u in s.uncertain.items()}
        if theirs != mine:
            path = next((p for p in [*mine, *theirs] if mine.get(p) != theirs.get(p)), "")
            raise DesignError(Said("{other} gives other uncertain ranges than {where} (first at '{path}'); every policy "
                                   "meets the same worlds, drawn from the first file's ranges: give every file the same "
                                   "'uncertain:' section (the same base file)",
                                   "{other} geeft andere onzekere bereiken dan {where} (het eerst bij '{path}'); elk beleid "
                                   "ontmoet dezelfde werelden, getrokken uit de bereiken van het eerste bestand: geef elk "
                                   "bestand dezelfde sectie 'uncertain:' (hetzelfde basisbestand)").format(
                other=s.path or other_label, where=where, path=path))
        if s.run.horizon_years != first.run.horizon_years:
            raise UsageError(Said("the policies run over different horizons ({a} and {b} years); a paired comparison "
                                  "needs the same run.horizon_years",
                                  "de beleidsvarianten lopen over verschillende looptijden ({a} en {b} jaar); een gepaarde "
                                  "vergelijking vraagt dezelfde run.horizon_years").format(
                a=first.run.horizon_years, b=s.run.horizon_years))
    return dict(first.uncertain)


def failure_columns(scenario: "Scenario") -> set[str]:
    """Every column of the worlds table a --fails expression may name (beside `difference.` ones)."""
    years = range(1, int(scenario.run.horizon_years) + 1)
    out = set(M.REGISTRY)
    for m in M.REGISTRY.values():
        out |= {m.year_column(y) for y in years} if m.by_year else set()
        out |= {m.domain_column(d) for d in scenario.domains} if m.by_domain else set()
    return out


def check_failure(failure: Failure | None, scenario: "Scenario") -> None:
    """Refuse, before anything runs, a failure no worlds table can answer, or one without PRIM."""
    if failure is None:
        return
    known = failure_columns(scenario)
    for c in failure.clauses:
        if c.metric not in known:
            raise FailureError(Said("--fails '{text}': this scenario has no column '{metric}' (it runs {years} years "
                                    "over the domains {domains})",
                                    "--fails '{text}': dit scenario heeft geen kolom '{metric}' (het loopt {years} jaar "
                                    "over de domeinen {domains})").format(
                text=failure.text, metric=c.metric, years=scenario.run.horizon_years, domains=", ".join(scenario.domains)))
    if not available():
        raise DiscoveryUnavailable(NEEDS)


@dataclass
class Plan:
    """Everything an exploration will run, built and checked before anything runs."""

    policies: list[tuple[str, "Scenario"]]
    design: Design
    worlds: pd.DataFrame  # world, then one column per path
    scenarios: dict[tuple[int, str], "Scenario"]  # (world, policy) -> the policy's scenario in that world
    seed: int
    replications: int

    def keys(self) -> list[Key]:
        """Every task, world by world, then replication, then policy (a stopped run leaves whole pairs)."""
        return [("world", w, "policy", label, "replication", r) for w in range(self.design.worlds)
                for r in range(self.replications) for label, _ in self.policies]

    def values(self, w: int) -> dict[str, Any]:
        """World `w`'s values as plain Python (each column keeps its type: a whole number stays whole)."""
        out = {}
        for path in self.design.paths:
            v = self.worlds[path].iat[w]
            out[path] = v.item() if hasattr(v, "item") else v
        return out


def plan(policies: list[tuple[str, "Scenario"]], method: str, samples: int, replications: int,
         seed: int | None = None) -> Plan:
    """Draw the worlds and build every policy in every world (ScenarioError names a bad one)."""
    if replications < 1:
        raise UsageError(Said("replications must be at least 1, got {n}", "het aantal herhalingen moet minstens 1 zijn, "
                              "niet {n}").format(n=replications))
    ranges = ranges_of(policies)
    seed = policies[0][1].run.seed if seed is None else seed
    design = draw(method, list(ranges), samples, seed)
    worlds = values(design, ranges)
    out = Plan(policies, design, worlds, {}, seed, replications)
    for w in range(design.worlds):
        for label, s in policies:
            out.scenarios[(w, label)] = world(s, out.values(w))
    return out


def _stored(p: Plan, store: Path | None, key: Key, bar=None) -> Run | None:
    """The run of `key` from the store, or None to compute it (saying why if something stored was untrusted)."""
    if store is None:
        return None
    _, w, _, label, _, r = key
    folder = run_folder(store, label, w, r)
    why = verdict(folder, p.scenarios[(w, label)], p.seed, r)
    if why is True:
        try:
            return _load(folder)
        except ValueError as exc:
            why = exc.args[0] if exc.args else str(exc)
    inside(folder, store)  # it will be replaced: a link or a user's file in it is refused before anything runs
    refuse(folder, remake=OWN_FILES)
    if isinstance(why, str):
        _say(Said("{run} in {folder}: {why}; computing it again", "{run} in {folder}: {why}; wordt opnieuw "
                  "berekend").format(run=key_words(key), folder=folder, why=why), bar)
    return None


def _bar(label: str | None, total: int):
    """A progress bar counting the runs to compute (none when nothing is left to run)."""
    if label is None or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=label, unit="run", file=sys.stderr)


def run_all(p: Plan, ex: Executor, store: Path | None = None, progress: str | None = None) -> dict[Key, Run]:
    """Every run of the plan: the stored ones read back, the rest computed through `ex` and stored.

    RunsFailed, after all the others finished, if any raised (each named on stderr as it fails).
    """
    done: dict[Key, Run] = {}
    todo = []
    for key in p.keys():
        found = _stored(p, store, key)
        if found is not None:
            done[key] = found
        else:
            todo.append(key)
    portable = {label: _portable(s) for label, s in p.policies}
    tasks = [(k, (portable[k[3]], p.values(k[1]), p.scenarios[(k[1], k[3])].content_hash, p.seed, k[5]))
             for k in todo]
    bar, failed = _bar(progress, len(todo)), []
    try:
        for outcome in ex.run(simulate_world, tasks):
            _taken(p, store, outcome, done, failed, bar)
    finally:
        if bar is not None:
            bar.close()
    if failed:
        names = Said("; ", "; ").join(key_words(k) for k in sorted(failed, key=lambda k: (k[1], k[3], k[5])))
        others = len(todo) - len(failed)
        kept = (Said("the {others} others finished and are stored in {store}, and the same command runs only the "
                     "missing ones again", "de {others} andere zijn klaar en bewaard in {store}, en hetzelfde commando "
                     "draait alleen de ontbrekende opnieuw").format(others=others, store=store)
                if store is not None else Said("the {others} others finished", "de {others} andere zijn klaar"
                                               ).format(others=others))
        raise RunsFailed(Said("{n} of {total} runs failed ({names}); {kept}",
                              "{n} van {total} runs mislukten ({names}); {kept}").format(
            n=len(failed), total=len(todo), names=names, kept=kept))
    return done


def _taken(p: Plan, store: Path | None, outcome: Outcome, done: dict, failed: list, bar) -> None:
    """File one finished task under its key (and in the store); a failure is named on stderr."""
    key = outcome.key
    if bar is not None:
        bar.update(1)
    if not outcome.ok:
        failed.append(key)
        _say(Said("{run} failed: {error}", "{run} is mislukt: {error}").format(run=key_words(key), error=outcome.error),
             bar)
        return
    _, w, _, label, _, r = key
    if store is not None:
        keep_run(outcome.value, p.scenarios[(w, label)], p.seed, key, p.values(w), run_folder(store, label, w, r), store)
    done[key] = Run(**outcome.value)


def worlds_table(p: Plan, done: dict[Key, Run]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(worlds table, groups, timeseries), in key order whatever order the runs finished in.

    The worlds table has one row per world, policy and replication: the world's values, the
    run's summary metrics and its figures per resident for all residents (the registry's
    per-resident metrics); `analyse` adds the paired differences. Built from whole frames, so
    every column keeps the type the run gave it.
    """
    labels = [lab for lab, _ in p.policies]
    order = sorted(p.keys(), key=lambda k: (k[1], labels.index(k[3]), k[5]))
    head = pd.DataFrame([{"world": k[1], "policy": k[3], "replication": k[5]} for k in order])
    paths = list(p.design.paths)
    worlds = p.worlds.set_index("world").loc[head["world"], paths].reset_index(drop=True)
    summary = pd.concat([done[k].summary for k in order], ignore_index=True).drop(columns="replication")
    everyone = pd.concat([done[k].groups[done[k].groups["group"] == "all"] for k in order], ignore_index=True)
    table = pd.concat([head, worlds, summary, everyone[list(GROUP_METRICS)]], axis=1)

    def stacked(part: str) -> pd.DataFrame:
        frames = [getattr(done[k], part).drop(columns="replication").assign(world=k[1], policy=k[3],
                                                                             replication=k[5]) for k in order]
        out = pd.concat(frames, ignore_index=True)
        return out[["world", "policy", "replication"] + [c for c in out if c not in ("world", "policy", "replication")]]

    return table, stacked("groups"), stacked("timeseries")


def bound(policies: list[tuple[str, "Scenario"]], method: str, samples: int, replications: int,
          seed: int | None = None, workers: int = 1, scheduler: str | None = None) -> None:
    """Refuse an exploration this machine cannot hold (sim.study.limits), before its design is drawn.

    An unknown method is left to the design, which names the methods."""
    if method not in METHODS or not (isinstance(samples, int) and isinstance(replications, int)) or min(samples, replications) < 1:
        return  # the design and the plan say what is wrong with these, in their words
    k = len(ranges_of(policies))
    bound_explore([s for _, s in policies], worlds_for(method, 1, k), k, samples, replications, seed, workers, scheduler)


def explore(policies: list[tuple[str, "Scenario"]], method: str = "lhs", samples: int = 32, replications: int = 2,
            seed: int | None = None, store: str | Path | None = None, workers: int = 1, scheduler: str | None = None,
            failure: Failure | None = None, progress: str | None = None) -> Exploration:
    """Run every policy in every world and draw the three answers; see the module docstring.

    `policies` are (label, scenario) pairs, the first the one the others are compared with and
    whose `uncertain:` ranges give the worlds. `store` keeps every run for a rerun; `progress`
    is the progress bar's label (None: no bar). With `scheduler` ("tcp://HOST:PORT") the runs go
    to that Dask cluster instead of `workers` local processes, with the same numbers.
    """
    workers = local_workers(workers, scheduler)
    bound(policies, method, samples, replications, seed, workers, scheduler)  # before the design is drawn
    p = plan(policies, method, samples, replications, seed)
    check_failure(failure, policies[0][1])
    store = Path(store) if store is not None else None
    with executor(workers, scheduler) as ex:  # an unreachable scheduler: refused before anything runs
        if scheduler is not None and ex.slots == 0:
            _say(Said("the Dask scheduler at {s} has no workers yet; the runs wait until one joins (`dask worker {s}`)",
                      "de Dask-scheduler op {s} heeft nog geen workers; de runs wachten tot er een aansluit "
                      "(`dask worker {s}`)").format(s=scheduler))
        done = run_all(p, ex, store, progress)
    table, group_table, timeseries = worlds_table(p, done)
    x = analyse(policies, p.design, dict(policies[0][1].uncertain), table, replications, failure=failure,
                metrics=EXPLORED, created=now())
    x.groups, x.timeseries = group_table, timeseries
    x.reused = sum(r.reused for r in done.values())
    return x


__all__ = ["DIFFERENCE", "PARTS", "STORE", "Plan", "Run", "RunsFailed", "explore", "plan", "run_folder",
           "simulate_world", "verdict", "worlds_table"]
