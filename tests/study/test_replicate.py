"""Replications in worker processes and the resumable store: the same numbers however they ran."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.helpers import small
from sim.study.compare import compare
from sim.study.replicate import rep_folder, stored
from sim.study.sweep import with_values


@pytest.fixture(scope="module")
def pair():
    return [small("eindhoven_radical_maatwerk.yaml", 10_000, years=1), small("eindhoven_capped.yaml", 10_000, years=1)]


def _same(c1, c2) -> None:
    pd.testing.assert_frame_equal(c1.differences, c2.differences)
    for a1, a2 in zip(c1.arms, c2.arms):
        pd.testing.assert_frame_equal(a1.summary, a2.summary)
        pd.testing.assert_frame_equal(a1.timeseries, a2.timeseries)
        pd.testing.assert_frame_equal(a1.events, a2.events)
        assert np.array_equal(a1.waits.to_numpy(), a2.waits.to_numpy())


def test_one_worker_and_two_give_identical_results(pair, tmp_path):
    one = compare(pair, seed=5, replications=3, workers=1)
    two = compare(pair, seed=5, replications=3, workers=2, store=tmp_path / "store")
    _same(one, two)
    # The workers stored every replication's six tables, each with its manifest.
    for label in ("eindhoven_radical_maatwerk", "eindhoven_capped"):
        for r in range(3):
            folder = rep_folder(tmp_path / "store", label, r)
            assert {p.name for p in folder.iterdir()} == {"cases.parquet", "ledger.parquet", "timeseries.parquet",
                                                          "events.parquet", "summary.parquet", "steps.parquet",
                                                          "manifest.json", "scenario.json"}


def test_a_resumed_run_equals_an_uninterrupted_one(pair, tmp_path):
    store = tmp_path / "store"
    whole = compare(pair, seed=6, replications=4)
    compare(pair, seed=6, replications=2, store=store)  # "interrupted" after two replications
    # A half-written replication (no manifest) and a leftover temporary folder are not trusted.
    (rep_folder(store, "eindhoven_capped", 2)).mkdir(parents=True)
    (store / "eindhoven_capped" / ".rep_0003.x.tmp").mkdir()
    resumed = compare(pair, seed=6, replications=4, store=store)
    assert resumed.reused == 4  # two replications of each scenario came from the store
    _same(whole, resumed)
    assert compare(pair, seed=6, replications=4, store=store).reused == 8


def test_the_store_is_only_reused_for_the_same_scenario_seed_and_version(pair, tmp_path):
    store = tmp_path / "store"
    compare(pair, seed=7, replications=1, store=store)
    folder = rep_folder(store, "eindhoven_capped", 0)
    assert stored(folder, pair[1], 7)
    assert not stored(folder, pair[1], 8)                        # another seed
    changed = with_values(pair[1], {"budget.pooled_share": 0.5})
    assert not stored(folder, changed, 7)                        # another policy: another content hash
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps(manifest | {"version": "0.0.0"}))
    assert not stored(folder, pair[1], 7)                        # another version of the package
    # A rerun with the changed policy replaces the stored replication rather than reusing it.
    again = compare([pair[0], changed], seed=7, replications=1, store=store,
                    labels=["eindhoven_radical_maatwerk", "eindhoven_capped"])
    assert again.reused == 1
    assert json.loads((folder / "manifest.json").read_text())["scenario_hash"] == changed.content_hash
