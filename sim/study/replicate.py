"""Running replications: here, in worker processes or on a Dask cluster, stored one by one, resumable.

Replication r of a scenario draws its residents from (seed, r) and nothing else, so its tables
are the same whichever process or machine runs it and in whatever order: results are
bit-identical for any executor (sim.study.executor says why in full). A replication that fails
is reported by its scenario and number; the others finish and are stored, and a rerun computes
only what is missing. Each finished replication is written to its own folder in a store
(`<store>/<arm>/rep_0007/`, atomically) with a manifest; a rerun reuses every stored replication
whose scenario hash, seed and package version match, so an interrupted comparison resumes where
it stopped; every stored file is checked against the size and SHA-256 its manifest recorded, and
a damaged one is recomputed (saying so) rather than trusted. Only the light tables (summary,
timeseries, events and the waits) come back to the parent process; the cases and the ledger stay
on disk for `ontschot explain` (and `gathered` reads a whole arm back as a Result). A `memo` (a plain dict) keeps the light part of every
replication in memory as well, keyed by the scenario's content, the seed and the replication, so
a workshop or the scenario library that meets the same scenario again does not run it again.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
from pydantic import ValidationError

from .._version import __version__
from ..model.engine import run_replication
from ..errors import Said, ScenarioError, UsageError, said, spoken
from .executor import Executor, Outcome, executor
from .store import MANIFEST, atomic_dir, damaged, inside, manifest, refuse
from .groups import GROUP_INPUTS, groups
from .results import TABLES, Result
from ..policy.scenario import Scenario
from ..model.tables import tables

LIGHT = ("summary", "timeseries", "events")
CASE_COLUMNS = GROUP_INPUTS  # what a comparison reads of the cases: its waits and its residents
SCENARIO = "scenario.json"  # the merged scenario that ran: explain needs it when the file has changed


@dataclass
class Replication:
    """What a comparison keeps in memory of one replication of one scenario (an arm)."""

    arm: int
    replication: int
    summary: pd.DataFrame  # one row
    timeseries: pd.DataFrame
    events: pd.DataFrame
    waits: np.ndarray  # wait_days of every episode of the run (not the day-0 caseload) that started help
    groups: pd.DataFrame  # per resident, for all, one problem and several (sim.study.groups)
    reused: bool = False  # read back from the store rather than simulated in this run


def rep_folder(store: Path, arm: str, replication: int) -> Path:
    return Path(store) / arm / f"rep_{replication:04d}"


def _normal(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as it comes back from Parquet, so a fresh replication and a stored one are equal."""
    return pa.Table.from_pandas(df, preserve_index=False).to_pandas()


def _waits(cases: pd.DataFrame) -> np.ndarray:
    w = cases.loc[~cases["initial"].to_numpy(dtype=bool), "wait_days"].to_numpy(dtype=float)
    return w[~np.isnan(w)]


class Damaged(Exception):
    """A stored replication that cannot be read back; the message says which file and why."""


def verdict(folder: Path, scenario: Scenario, seed: int, replication: int | None = None) -> bool | str:
    """Whether `folder` holds a whole replication of this very scenario, seed and package version.

    True: it may be reused. False: nothing is stored there for them (another scenario, seed or
    version, or nothing at all), which is no fault. A string: something is stored for them but
    damaged or unverifiable, saying which file and why; it is recomputed like a missing one.
    Every file is checked against the size and SHA-256 its manifest recorded, so a truncated
    table or another replication's file copied over this one's is never used.
    """
    if not folder.exists():
        return False
    try:
        m = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError:
        return Said("{m} is missing", "{m} ontbreekt").format(m=MANIFEST)
    except (OSError, ValueError):
        return Said("{m} cannot be read", "{m} is niet te lezen").format(m=MANIFEST)
    if not isinstance(m, dict):
        return Said("{m} is not a manifest", "{m} is geen manifest").format(m=MANIFEST)
    if (m.get("scenario_hash") != scenario.content_hash or m.get("seed") != seed
            or m.get("version") != __version__):
        return False
    if replication is not None and m.get("replication") != replication:
        return Said("{m} is that of replication {r}", "{m} is dat van herhaling {r}").format(m=MANIFEST,
                                                                                              r=m.get("replication"))
    why = damaged(folder, m)
    if why is not None:
        return why
    missing = next((f"{t}.parquet" for t in TABLES if f"{t}.parquet" not in m["files"]), None)
    return Said("{f} is missing", "{f} ontbreekt").format(f=missing) if missing else True


def stored(folder: Path, scenario: Scenario, seed: int, replication: int | None = None) -> bool:
    """True when `folder` holds a whole, undamaged replication of this very scenario, seed and package version."""
    return verdict(folder, scenario, seed, replication) is True


def _read(folder: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    try:
        return pd.read_parquet(folder / f"{table}.parquet", columns=columns)
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        raise Damaged(Said("{t}.parquet cannot be read ({kind})", "{t}.parquet is niet te lezen ({kind})").format(
            t=table, kind=type(exc).__name__)) from exc


def load(folder: Path, arm: int, replication: int) -> Replication:
    """The light part of a stored replication (Damaged if a table does not parse)."""
    light = {t: _read(folder, t) for t in LIGHT}
    cases = _read(folder, "cases", columns=list(CASE_COLUMNS))
    return Replication(arm, replication, waits=_waits(cases), groups=groups(cases), reused=True, **light)


def _infinite(value, path: str = "") -> str | None:
    """The dotted path of the first number in a scenario's data that is not finite."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or None
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, (list, tuple)) else ()
    for key, sub in items:
        hit = _infinite(sub, f"{path}.{key}" if path else str(key))
        if hit is not None:
            return hit
    return None


def _portable(scenario: Scenario) -> tuple[str, str | None]:
    """A scenario as text for a worker process (pydantic's generic dated fields do not pickle).

    The text must bring back exactly this scenario, or a worker would run another one (JSON has
    no infinity: it would come back as null). A file cannot hold such a value (the schema refuses
    it), but a scenario built in Python can; it is refused here, in the parent, before anything runs.
    """
    text = scenario.model_dump_json()
    try:
        back = _revived(text, scenario.path)
        # Field by field: private records (where it was read from, which values are assumed) stay in the parent.
        same = back.model_dump() == scenario.model_dump() and back.content_hash == scenario.content_hash
    except ValidationError:
        same = False
    if not same:
        field = _infinite(scenario.model_dump())
        raise ScenarioError(scenario.path or f"scenario '{scenario.name}'", None, field, Said(
            "holds a value that does not survive being written as JSON (an infinity or NaN set in Python?), so it would "
            "neither run the same in a worker process nor be stored faithfully; give a finite number",
            "bevat een waarde die het schrijven als JSON niet overleeft (een oneindig of NaN, in Python gezet?), dus die "
            "zou in een werkproces niet hetzelfde draaien en niet getrouw bewaard worden; geef een eindig getal"))
    return text, scenario.path


def _revived(text: str, path: str | None) -> Scenario:
    scenario = Scenario.model_validate_json(text)
    scenario._path = path
    return scenario


def _simulate_portable(portable: tuple[str, str | None], seed: int, arm: int, replication: int,
                       folder: str | None) -> Replication:
    """What a task on this machine runs: `simulate` on a scenario sent as text."""
    return simulate(_revived(*portable), seed, arm, replication, folder)


def _simulate_shipped(portable: tuple[str, str | None], seed: int, arm: int,
                      replication: int) -> tuple[Replication, dict[str, pd.DataFrame]]:
    """What a task on a cluster runs: the light part and every table, for the parent to store.

    A worker on another machine cannot write to the parent's disk (the store need not be shared),
    so the tables travel back and the parent writes them, exactly as a local worker would.
    """
    frames = tables(run_replication(_revived(*portable), seed, replication))
    return _light(frames, arm, replication), frames


def simulate(scenario: Scenario, seed: int, arm: int, replication: int, folder: str | None) -> Replication:
    """Run one replication; store all its tables in `folder` (if given) before returning the light part.

    `folder` is a `rep_folder` (`<store>/<arm>/rep_NNNN`), so the store it must stay inside is
    two levels up; the task's arguments stay as they were."""
    frames = tables(run_replication(scenario, seed, replication))
    if folder is not None:
        keep(frames, scenario, seed, replication, folder, Path(folder).parents[1])
    return _light(frames, arm, replication)


# What a stored replication consists of: a file of these names that fails its checksum is
# Ontschot's own damaged copy, replaced when the replication is computed again (sim.study.store).
OWN_FILES = frozenset({*(f"{t}.parquet" for t in TABLES), SCENARIO})


def keep(frames: dict[str, pd.DataFrame], scenario: Scenario, seed: int, replication: int, folder: str | Path,
         store: str | Path | None = None) -> None:
    """Write one replication's tables, the scenario that ran and the manifest into `folder`, atomically.

    With `store` (the folder of replications `folder` lies in), nothing between the two may be a
    symbolic link: the write never follows one out of the store."""
    with atomic_dir(folder, within=store, remake=OWN_FILES) as tmp:
        for name, df in frames.items():
            df.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / SCENARIO).write_text(scenario.model_dump_json(indent=2))
        manifest(scenario, seed, replication=replication, folder=tmp)  # last: it lists every file's checksum


def _light(frames: dict[str, pd.DataFrame], arm: int, replication: int) -> Replication:
    light = {t: _normal(frames[t]) for t in LIGHT}
    cases = _normal(frames["cases"][list(CASE_COLUMNS)])  # as a stored replication reads them back
    return Replication(arm, replication, waits=_waits(cases), groups=groups(cases), **light)


class ReplicationsFailed(UsageError):
    """Some replications raised; the others finished (and are stored). Exit status 1, not 2:
    the input was valid, the computation was not."""

    status = 1


def gathered(store: Path, label: str, scenario: Scenario, seed: int, replications: int) -> Result:
    """One arm's stored replications read back whole, every table in replication order, as a Result.

    What `ontschot run A B` writes into each scenario's own folder: the numbers are those the
    comparison ran (Parquet gives back exactly what was written), not a second run.
    """
    folders = [rep_folder(store, label, r) for r in range(replications)]
    frames = {t: pd.concat([pd.read_parquet(f / f"{t}.parquet") for f in folders], ignore_index=True)
              for t in TABLES}
    return Result(scenario=scenario, seed=seed, replications=replications, **frames)


# A caller's memory of replications across comparisons: (scenario content hash, seed, replication) -> Replication.
Memo = dict[tuple[str, int, int], Replication]


class Runner:
    """Runs replications of several scenarios (arms) with the same seed, through one executor.

    The executor (sim.study.executor) is this process (`workers=1`), `workers` local processes,
    or the Dask cluster at `scheduler`. Use as a context manager; `run(reps)` may be called
    several times (the precision rule adds replications in rounds) and reuses the executor's
    workers. Finished replications are in `done`, keyed by (arm, replication), whatever order
    they came back in. A replication found in `memo` is taken from there; every one finished or
    read from the store is put there, for the caller's next comparison.
    """

    def __init__(self, scenarios: list[Scenario], labels: list[str], seed: int, workers: int = 1,
                 store: Path | None = None, progress: bool | str = False, memo: Memo | None = None,
                 scheduler: str | None = None):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.scenarios, self.labels, self.seed = scenarios, labels, seed
        self.workers, self.scheduler, self.store = workers, scheduler, (Path(store) if store is not None else None)
        self.done: dict[tuple[int, int], Replication] = {}
        self.memo = memo
        # Sent as text to every executor alike; refused here, before anything runs, if JSON cannot carry it.
        self._portable = [_portable(s) for s in scenarios]
        self._hashes = [s.content_hash for s in scenarios] if memo is not None else []
        self._executor: Executor | None = None
        self._bar = None
        if progress:
            from tqdm import tqdm

            # `progress` may be the bar's label in the reader's language, chosen by the caller
            self._bar = tqdm(total=0, desc=progress if isinstance(progress, str) else "replications", unit="run", delay=1.0)

    def __enter__(self) -> "Runner":
        try:
            self._executor = executor(self.workers, self.scheduler)  # an unreachable scheduler: before anything runs
        except BaseException:
            self.__exit__()
            raise
        if self.scheduler is not None and self._executor.slots == 0:
            self._say(Said("the Dask scheduler at {s} has no workers yet; the replications wait until one joins "
                           "(`dask worker {s}`)", "de Dask-scheduler op {s} heeft nog geen workers; de herhalingen "
                           "wachten tot er een aansluit (`dask worker {s}`)").format(s=self.scheduler))
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.close()
        if self._bar is not None:
            self._bar.close()

    def _folder(self, arm: int, rep: int) -> Path | None:
        return rep_folder(self.store, self.labels[arm], rep) if self.store is not None else None

    def run(self, replications: Iterable[int]) -> None:
        """Make sure every arm has each of `replications`: reuse the store, simulate the rest.

        Tasks go replication by replication (all arms of replication 0 first), so an interrupted
        run leaves complete pairs behind. A replication that raises is reported on stderr by its
        scenario and number as it fails; the others finish (and are stored), and then
        ReplicationsFailed names every one that failed.
        """
        todo = []
        for rep in replications:
            for arm in range(len(self.scenarios)):
                if (arm, rep) in self.done or self._remembered(arm, rep):
                    continue
                folder = self._folder(arm, rep)
                found = None if folder is None else self._reused(folder, arm, rep)
                if found is not None:
                    self._finish(found, count=False)
                    continue
                todo.append((arm, rep, folder))
        if self._bar is not None and todo:
            self._bar.total += len(todo)
            self._bar.delay = 0  # drawn from now on (refresh draws it), so closing it ends its line
            self._bar.refresh()
        assert self._executor is not None, "use the Runner as a context manager"
        failed = [o.key for o in self._executor.run(*self._tasks(todo)) if not self._taken(o)]
        if failed:
            self._failed(failed, len(todo))

    def _tasks(self, todo: list[tuple[int, int, Path | None]]) -> tuple:
        """The function and the (key, args) of every task, for this executor.

        On this machine a task writes its own folder of the store; on a cluster, whose workers may
        not see this disk, the tables come back and `_taken` writes them here (and without a
        store only the light part comes back, wherever it ran).
        """
        key = lambda arm, rep: ("scenario", self.labels[arm], "replication", rep)  # noqa: E731
        if self._executor.local or self.store is None:
            return _simulate_portable, [(key(arm, rep), (self._portable[arm], self.seed, arm, rep,
                                                         None if folder is None else str(folder)))
                                        for arm, rep, folder in todo]
        return _simulate_shipped, [(key(arm, rep), (self._portable[arm], self.seed, arm, rep))
                                   for arm, rep, folder in todo]

    def _taken(self, outcome: Outcome) -> bool:
        """File one finished task under its key; False (and a line on stderr) if it failed."""
        _, label, _, rep = outcome.key
        if not outcome.ok:
            self._say(Said("replication {rep} of '{label}' failed: {error}", "herhaling {rep} van '{label}' is "
                           "mislukt: {error}").format(rep=rep, label=label, error=outcome.error))
            if self._bar is not None:
                self._bar.update(1)
            return False
        r = outcome.value
        if isinstance(r, tuple):  # from a cluster: the light part and every table, to store here
            r, frames = r
            folder = self._folder(r.arm, r.replication)
            if folder is not None:
                keep(frames, self.scenarios[r.arm], self.seed, r.replication, folder, self.store)
        self._finish(r)
        return True

    def _failed(self, keys: list[tuple], tried: int) -> None:
        names = Said(", ", ", ").join(Said("replication {rep} of '{label}'", "herhaling {rep} van '{label}'").format(
            rep=rep, label=label) for _, label, _, rep in sorted(keys, key=str))
        others = tried - len(keys)
        kept = (Said("the {others} others finished and are stored in {store}, and the same command runs only the "
                     "missing ones again", "de {others} andere zijn klaar en bewaard in {store}, en hetzelfde commando "
                     "draait alleen de ontbrekende opnieuw").format(others=others, store=self.store)
                if self.store is not None else Said("the {others} others finished", "de {others} andere zijn klaar"
                                                    ).format(others=others))
        raise ReplicationsFailed(Said("{n} of {tried} replications failed ({names}); {kept}",
                                      "{n} van {tried} herhalingen mislukten ({names}); {kept}").format(
            n=len(keys), tried=tried, names=names, kept=kept))

    def _reused(self, folder: Path, arm: int, rep: int) -> Replication | None:
        """Replication `rep` of `arm` read back from the store, or None to simulate it: nothing is
        stored for it, or what is stored is damaged (then one line on stderr says which file)."""
        why = verdict(folder, self.scenarios[arm], self.seed, rep)
        if why is True:
            try:
                return load(folder, arm, rep)
            except Damaged as exc:
                why = exc.args[0] if exc.args else str(exc)
        if why is not True:  # it will be replaced: a user's file or a link in it is refused before anything is simulated
            inside(folder, self.store)
            refuse(folder, remake=OWN_FILES)
        if isinstance(why, str):
            self._say(Said("replication {rep} of '{label}' in {folder}: {why}; computing it again",
                           "herhaling {rep} van '{label}' in {folder}: {why}; wordt opnieuw berekend").format(
                rep=rep, label=self.labels[arm], folder=folder, why=why))
        return None

    def _say(self, line: "Said | str") -> None:
        """One line for the user on stderr, above the progress bar if one shows.

        A bar still in its delay is not shown yet: writing above it would draw it once and then
        leave it without an end of line, so the line is printed plainly then.
        """
        bar, text = self._bar, said(line, spoken())  # in the language the command line speaks
        if bar is not None and bar.last_print_t >= bar.start_t + bar.delay:
            bar.write(f"ontschot: {text}", file=sys.stderr)
        else:
            print(f"ontschot: {text}", file=sys.stderr)

    def _remembered(self, arm: int, rep: int) -> bool:
        """Take replication `rep` of `arm` from the memo, if it holds one of this very scenario and seed."""
        if self.memo is None:
            return False
        r = self.memo.get((self._hashes[arm], self.seed, rep))
        if r is None:
            return False
        self.done[(arm, rep)] = replace(r, arm=arm)  # the same scenario may be another arm this time
        return True

    def _finish(self, r: Replication, count: bool = True) -> None:
        self.done[(r.arm, r.replication)] = r
        if self.memo is not None:
            self.memo[(self._hashes[r.arm], self.seed, r.replication)] = r
        if count and self._bar is not None:
            self._bar.update(1)

    def collected(self, replications: Iterable[int]) -> list[list[Replication]]:
        """Per arm, the replications asked for, in replication order."""
        reps = list(replications)
        return [[self.done[(arm, r)] for r in reps] for arm in range(len(self.scenarios))]

