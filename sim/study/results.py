"""Running a scenario over replications, and the Result that holds its tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..model.engine import run_replication
from ..policy.scenario import Scenario
from ..model.tables import tables
from .limits import bound_run
from .store import manifest as _manifest, now

TABLES = ("cases", "ledger", "timeseries", "events", "summary", "steps")


@dataclass
class Result:
    """The six tables of a run, over all replications, and where they came from."""

    scenario: Scenario
    seed: int
    replications: int
    cases: pd.DataFrame
    ledger: pd.DataFrame
    timeseries: pd.DataFrame
    events: pd.DataFrame
    summary: pd.DataFrame
    steps: pd.DataFrame  # the journey's decisions, for `ontschot explain` (docs/tables.md)
    created: str = field(default_factory=now)

    def manifest(self, folder: str | Path | None = None) -> dict:
        """Provenance recorded with every result (written to `folder`/manifest.json when given)."""
        return _manifest(self.scenario, self.seed, replications=self.replications, created=self.created, folder=folder)

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    @property
    def groups(self) -> pd.DataFrame:
        """Per replication and group (all, one problem, several problems): the figures per resident."""
        from .groups import groups

        return groups(self.cases)


def run(scenario: Scenario, seed: int | None = None, replications: int | None = None,
        progress: bool | str = False) -> Result:
    """Simulate `replications` independent replications of a scenario from one seed.

    Replication r draws its population from (seed, r), so results do not depend on how many
    workers run them or in which order. Scenarios run with the same seed meet the same residents.
    """
    bound_run(scenario, seed, replications)  # within what this machine holds, before anything runs
    seed = scenario.run.seed if seed is None else seed
    replications = scenario.run.replications if replications is None else replications
    reps = range(replications)
    if progress:
        from tqdm import tqdm

        # `progress` may be the bar's label in the reader's language, chosen by the caller
        reps = tqdm(reps, desc=progress if isinstance(progress, str) else scenario.name, unit="run", delay=2.0)
    parts: dict[str, list[pd.DataFrame]] = {t: [] for t in TABLES}
    for r in reps:
        for name, df in tables(run_replication(scenario, seed, r)).items():
            parts[name].append(df)
    frames = {t: pd.concat(parts[t], ignore_index=True) for t in TABLES}
    return Result(scenario=scenario, seed=seed, replications=replications, **frames)
