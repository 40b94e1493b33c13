"""Where a result's tables lie on disk, in either layout, read a case at a time.

`ontschot run` writes DIR/cases.parquet, steps.parquet etc. (all replications, with a replication column);
`ontschot compare` writes DIR/replications/<label>/rep_0000/cases.parquet etc. A `Source` is one
scenario's replication in either layout; `read` takes only the rows and columns asked for
(Parquet filters), and `scenario_of` finds the scenario that ran, if it can still be trusted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import ScenarioError, UsageError
from ..policy.scenario import Scenario


@dataclass
class Source:
    """Where one scenario's replication lies on disk, and what its manifest says."""

    label: str
    folder: Path  # holds cases.parquet, ledger.parquet, ...
    replication: int
    manifest: dict  # scenario, scenario_file, scenario_hash, seed


def sources(root: Path, replication: int, label: str | None) -> list[Source]:
    """The scenario replications a result folder holds, in either layout; UsageError if none fits."""
    manifest = _json(root / "manifest.json")
    if (root / "cases.parquet").exists():  # ontschot run
        name = Path(manifest.get("scenario_file") or "").stem or manifest.get("scenario", root.name)
        if label is not None and label not in (name, manifest.get("scenario")):
            raise UsageError(f"'{root}' holds one scenario, {name}; leave out the scenario or give '{name}'")
        reps = sorted(pd.read_parquet(root / "summary.parquet", columns=["replication"])["replication"].unique().tolist())
        if replication not in reps:
            raise UsageError(f"replication {replication} is not in {root}; replications run {_span(reps)}")
        return [Source(name, root, replication, manifest)]
    store = root / "replications"
    if not store.is_dir():
        raise UsageError(f"'{root}' holds no results: expected cases.parquet (from ontschot run) or a replications "
                         "folder (from ontschot compare)")
    listed = [s["label"] for s in manifest.get("scenarios", [])]
    labels = [x for x in listed if (store / x).is_dir()] + sorted(
        p.name for p in store.iterdir() if p.is_dir() and p.name not in listed and not p.name.startswith("."))
    if label is not None:
        if label not in labels:
            raise UsageError(f"no scenario '{label}' in {root}; choose one of: {', '.join(labels)}")
        labels = [label]
    out = []
    for lab in labels:
        folder = store / lab / f"rep_{replication:04d}"
        if not (folder / "cases.parquet").exists():
            reps = sorted(int(p.name[4:]) for p in (store / lab).glob("rep_[0-9]*") if (p / "cases.parquet").exists())
            raise UsageError(f"replication {replication} is not stored for {lab}; replications run {_span(reps)}")
        out.append(Source(lab, folder, replication, _json(folder / "manifest.json")))
    return out


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _span(values: list[int]) -> str:
    if not values:
        return "nowhere: none is stored"
    contiguous = values == list(range(values[0], values[-1] + 1))
    return f"{values[0]} to {values[-1]}" if contiguous else ", ".join(map(str, values))


def read(src: Source, table: str, filters: list | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows of one replication only: Parquet filters, so large tables are never loaded whole.

    A table that is not there is a UsageError that says so in one line: results written before
    the steps table existed have none, and must be run again to be explained.
    """
    path = src.folder / f"{table}.parquet"
    if not path.is_file():
        again = " (written before the journey noted its steps: run the scenario again)" if table == "steps" else ""
        raise UsageError(f"'{src.folder}' has no {table} table ({path.name}){again}")
    rep = ("replication", "==", src.replication)
    if filters is None:
        f: list = [rep]
    else:
        f = [[rep, *conj] for conj in filters]
    return pd.read_parquet(path, columns=columns, filters=f)


def scenario_of(src: Source) -> tuple[Scenario | None, str | None]:
    """The run's scenario: the merged copy stored with the result if it hashes the same, else its
    file if that still exists and hashes the same; else why not."""
    from ..policy.loader import load_scenario

    stored = src.folder / "scenario.json"
    if stored.is_file():
        try:
            s = Scenario.model_validate_json(stored.read_text())
        except ValueError:
            s = None
        if s is not None and s.content_hash == src.manifest.get("scenario_hash"):
            return s, None
    file = src.manifest.get("scenario_file")
    if not file:
        return None, "why_none"
    path = Path(file)
    candidates = [path] if path.is_absolute() else [path, src.folder / path]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        return None, "why_missing"
    try:
        s = load_scenario(found)
    except ScenarioError as exc:
        return None, f"why_invalid:{exc}"
    return (s, None) if s.content_hash == src.manifest.get("scenario_hash") else (None, "why_changed")
