"""Running replications: in worker processes, stored one by one, resumable.

Replication r of a scenario draws its residents from (seed, r) and nothing else, so its tables
are the same whichever process runs it and in whatever order: results are bit-identical for any
number of workers. Each finished replication is written to its own folder in a store
(`<store>/<arm>/rep_0007/`, atomically) with a manifest; a rerun reuses every stored replication
whose scenario hash, seed and package version match, so an interrupted comparison resumes where
it stopped. Only the light tables (summary, timeseries, events and the waits) come back to the
parent process; the cases and the ledger stay on disk for `ontschot explain` (and `gathered`
reads a whole arm back as a Result). A `memo` (a plain dict) keeps the light part of every
replication in memory as well, keyed by the scenario's content, the seed and the replication, so
a workshop or the scenario library that meets the same scenario again does not run it again.
"""

from __future__ import annotations

import json
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from .._version import __version__
from ..model.engine import run_replication
from .store import MANIFEST, atomic_dir, manifest
from .results import TABLES, Result
from ..policy.scenario import Scenario
from ..model.tables import tables

LIGHT = ("summary", "timeseries", "events")
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
    reused: bool = False  # read back from the store rather than simulated in this run


def rep_folder(store: Path, arm: str, replication: int) -> Path:
    return Path(store) / arm / f"rep_{replication:04d}"


def _normal(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as it comes back from Parquet, so a fresh replication and a stored one are equal."""
    return pa.Table.from_pandas(df, preserve_index=False).to_pandas()


def _waits(cases: pd.DataFrame) -> np.ndarray:
    w = cases.loc[~cases["initial"].to_numpy(dtype=bool), "wait_days"].to_numpy(dtype=float)
    return w[~np.isnan(w)]


def stored(folder: Path, scenario: Scenario, seed: int) -> bool:
    """True when `folder` holds a whole replication of this very scenario, seed and package version."""
    try:
        m = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    return (m.get("scenario_hash") == scenario.content_hash and m.get("seed") == seed
            and m.get("version") == __version__ and all((folder / f"{t}.parquet").exists() for t in TABLES))


def load(folder: Path, arm: int, replication: int) -> Replication:
    """The light part of a stored replication."""
    light = {t: pd.read_parquet(folder / f"{t}.parquet") for t in LIGHT}
    cases = pd.read_parquet(folder / "cases.parquet", columns=["initial", "wait_days"])
    return Replication(arm, replication, waits=_waits(cases), reused=True, **light)


def _portable(scenario: Scenario) -> tuple[str, str | None]:
    """A scenario as text for a worker process (pydantic's generic dated fields do not pickle)."""
    return scenario.model_dump_json(), scenario.path


def _revived(text: str, path: str | None) -> Scenario:
    scenario = Scenario.model_validate_json(text)
    scenario._path = path
    return scenario


def _simulate_portable(portable: tuple[str, str | None], seed: int, arm: int, replication: int,
                       folder: str | None) -> Replication:
    """What a worker process runs: `simulate` on a scenario sent as text."""
    return simulate(_revived(*portable), seed, arm, replication, folder)


def simulate(scenario: Scenario, seed: int, arm: int, replication: int, folder: str | None) -> Replication:
    """Run one replication; store all its tables in `folder` (if given) before returning the light part."""
    frames = tables(run_replication(scenario, seed, replication))
    if folder is not None:
        with atomic_dir(folder) as tmp:
            for name, df in frames.items():
                df.to_parquet(tmp / f"{name}.parquet", index=False)
            manifest(scenario, seed, replication=replication, folder=tmp)
            (tmp / SCENARIO).write_text(scenario.model_dump_json(indent=2))
    light = {t: _normal(frames[t]) for t in LIGHT}
    return Replication(arm, replication, waits=_waits(frames["cases"]), **light)


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
    """Runs replications of several scenarios (arms) with the same seed, in `workers` processes.

    Use as a context manager; `run(reps)` may be called several times (the precision rule adds
    replications in rounds) and reuses one pool of workers. Finished replications are in `done`,
    keyed by (arm, replication). A replication found in `memo` is taken from there; every one
    finished or read from the store is put there, for the caller's next comparison.
    """

    def __init__(self, scenarios: list[Scenario], labels: list[str], seed: int, workers: int = 1,
                 store: Path | None = None, progress: bool = False, memo: Memo | None = None):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.scenarios, self.labels, self.seed = scenarios, labels, seed
        self.workers, self.store = workers, (Path(store) if store is not None else None)
        self.done: dict[tuple[int, int], Replication] = {}
        self.memo = memo
        self._hashes = [s.content_hash for s in scenarios] if memo is not None else []
        self._pool: ProcessPoolExecutor | None = None
        self._bar = None
        if progress:
            from tqdm import tqdm

            self._bar = tqdm(total=0, desc="replications", unit="run", delay=1.0)

    def __enter__(self) -> "Runner":
        if self.workers > 1:
            # 'spawn': a fresh interpreter per worker, safe whatever threads the parent has.
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._bar is not None:
            self._bar.close()

    def _folder(self, arm: int, rep: int) -> Path | None:
        return rep_folder(self.store, self.labels[arm], rep) if self.store is not None else None

    def run(self, replications: Iterable[int]) -> None:
        """Make sure every arm has each of `replications`: reuse the store, simulate the rest.

        Tasks go replication by replication (all arms of replication 0 first), so an interrupted
        run leaves complete pairs behind.
        """
        todo = []
        for rep in replications:
            for arm, scenario in enumerate(self.scenarios):
                if (arm, rep) in self.done or self._remembered(arm, rep):
                    continue
                folder = self._folder(arm, rep)
                if folder is not None and stored(folder, scenario, self.seed):
                    self._finish(load(folder, arm, rep), count=False)
                else:
                    todo.append((arm, rep, None if folder is None else str(folder)))
        if self._bar is not None:
            self._bar.total += len(todo)
            self._bar.refresh()
        if self._pool is None:
            for arm, rep, folder in todo:
                self._finish(simulate(self.scenarios[arm], self.seed, arm, rep, folder))
            return
        portable = [_portable(s) for s in self.scenarios]
        pending = {self._pool.submit(_simulate_portable, portable[arm], self.seed, arm, rep, folder)
                   for arm, rep, folder in todo}
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    self._finish(f.result())
        except BaseException:
            for f in pending:
                f.cancel()
            raise

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

