"""Fingerprints of every shipped scenario's five tables, to prove that a change moved no number.

A structural change (moving modules, splitting the journey into steps) must leave every table
bit-identical. This module runs each shipped scenario file at a small, fast configuration (a
few thousand residents, the full four-year term, one replication, seed 1) and hashes each
table with SHA-256 over its column names, dtypes and the bytes of every value.

    python -m tests.fingerprints            # print the fingerprints
    python -m tests.fingerprints --write    # store them in tests/fingerprints.json

A change that is meant to move numbers (a model change) rewrites the file and says so in its
commit; a change that is not must leave `tests/test_fingerprints.py` passing untouched.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
STORED = Path(__file__).resolve().parent / "fingerprints.json"
RESIDENTS = 3_000
SEED = 1
TABLES = ("cases", "ledger", "timeseries", "events", "summary")


def table_hash(df: pd.DataFrame) -> str:
    """SHA-256 over a table's columns, dtypes and values (floats by their exact bytes)."""
    h = hashlib.sha256()
    h.update(repr(list(df.columns)).encode())
    h.update(repr([str(t) for t in df.dtypes]).encode())
    h.update(str(len(df)).encode())
    for col in df.columns:
        s = df[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        values = s.to_numpy()
        if values.dtype.kind in "biuf":
            h.update(np.ascontiguousarray(values).tobytes())
        else:
            h.update("\x1f".join(map(repr, values.tolist())).encode())
    return h.hexdigest()


def scenario_files() -> list[Path]:
    return sorted(SCENARIOS.rglob("*.yaml"))


def fingerprint(path: Path) -> dict[str, str]:
    import sim
    from sim.policy.scale import rescale

    scenario = rescale(sim.load_scenario(path), RESIDENTS)
    result = sim.run(scenario, seed=SEED, replications=1)
    return {name: table_hash(getattr(result, name)) for name in TABLES}


def compute() -> dict[str, dict[str, str]]:
    return {str(p.relative_to(SCENARIOS)): fingerprint(p) for p in scenario_files()}


if __name__ == "__main__":
    prints = compute()
    text = json.dumps(prints, indent=1, sort_keys=True) + "\n"
    if "--write" in sys.argv:
        STORED.write_text(text)
    else:
        sys.stdout.write(text)
