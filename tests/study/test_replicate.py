"""Replications in worker processes and the resumable store: the same numbers however they ran."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sim

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


def test_one_worker_and_two_store_bit_identical_files(pair, tmp_path):
    """Not only equal frames: every stored file has the same SHA-256 whichever process made it,
    and the numbers that come back are equal to the last bit."""
    one = compare(pair, seed=8, replications=2, workers=1, store=tmp_path / "one")
    two = compare(pair, seed=8, replications=2, workers=2, store=tmp_path / "two")
    pd.testing.assert_frame_equal(one.differences, two.differences, check_exact=True)
    for a1, a2 in zip(one.arms, two.arms):
        pd.testing.assert_frame_equal(a1.summary, a2.summary, check_exact=True)
    for label in ("eindhoven_radical_maatwerk", "eindhoven_capped"):
        for r in range(2):
            files = [json.loads((rep_folder(tmp_path / w, label, r) / "manifest.json").read_text())["files"]
                     for w in ("one", "two")]
            assert files[0] == files[1] and {"summary.parquet", "cases.parquet", "scenario.json"} <= set(files[0])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_scenario_that_json_cannot_carry_is_refused_before_anything_runs(pair, tmp_path, workers, monkeypatch):
    """An infinity set in Python would reach a worker as null (and be stored so); the parent
    refuses it, naming the field, whatever the number of workers, so no count of workers runs it
    differently."""
    import sim.study.replicate as R
    from sim.errors import ScenarioError

    endless = pair[1].model_copy(deep=True)
    endless.budget.initial_reserve = float("inf")
    monkeypatch.setattr(R, "simulate", lambda *a: pytest.fail("simulated before refusing"))
    with pytest.raises(ScenarioError) as info:
        compare([pair[0], endless], seed=1, replications=1, workers=workers, store=tmp_path / "store")
    assert info.value.field == "budget.initial_reserve" and "JSON" in info.value.message()
    assert not (tmp_path / "store").exists()
    text, path = R._portable(pair[1])  # a scenario from a file comes back exactly
    back = R._revived(text, path)
    assert back.model_dump() == pair[1].model_dump() and back.content_hash == pair[1].content_hash


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
    assert stored(folder, pair[1], 7) and stored(folder, pair[1], 7, 0)
    assert not stored(folder, pair[1], 7, 1)                     # another replication's folder
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


def test_a_memo_runs_a_scenario_seen_before_not_again(pair, monkeypatch):
    """The memo keeps each replication by the scenario's content: a second comparison that meets
    the same scenario (in another arm) takes it from there, with the same numbers."""
    import sim.study.replicate as R

    ran = []
    real = R.simulate
    monkeypatch.setattr(R, "simulate", lambda s, *a: ran.append(s.name) or real(s, *a))
    memo: dict = {}
    first = compare(pair, seed=5, replications=2, memo=memo)
    assert len(ran) == 4 and len(memo) == 4
    changed = with_values(pair[1], {"budget.pooled_share": 0.5})
    second = compare([changed, pair[0]], seed=5, replications=2, memo=memo, labels=["changed", "radical"])
    assert len(ran) == 6  # only the changed scenario ran; the radical one came from the memo, now as arm 1
    pd.testing.assert_frame_equal(second.arms[1].summary, first.arms[0].summary)
    assert compare(pair, seed=6, replications=1, memo=memo) and len(ran) == 8  # another seed runs again


def test_compare_whole_writes_each_arm_exactly_as_a_run_would(pair, tmp_path):
    """`ontschot run A B` writes each scenario's folder from the comparison's replications: every
    table, read back from its Parquet file, and every CSV are the same as those of sim.run.
    (In memory an all-empty text column may come back from Parquet as text rather than objects.)"""
    from sim.report.output import write_tables
    from sim.study.compare import compare_whole
    from sim.study.results import TABLES

    from tests.fingerprints import table_hash

    c, results = compare_whole(pair, ["radical", "capped"], seed=3, replications=2)
    assert [r.scenario for r in results] == [a.scenario for a in c.arms] and c.replications == 2
    for k, (s, r) in enumerate(zip(pair, results)):
        assert r.seed == 3 and r.replications == 2
        (tmp_path / f"whole{k}").mkdir()
        (tmp_path / f"alone{k}").mkdir()
        write_tables(r, tmp_path / f"whole{k}")
        write_tables(sim.run(s, seed=3, replications=2), tmp_path / f"alone{k}")
        for t in TABLES:
            whole, alone = (pd.read_parquet(tmp_path / f"{w}{k}" / f"{t}.parquet") for w in ("whole", "alone"))
            assert table_hash(whole) == table_hash(alone), t
            csv = "ledger_by_month" if t == "ledger" else t  # the ledger's CSV is per month
            assert (tmp_path / f"whole{k}" / f"{csv}.csv").read_bytes() == (tmp_path / f"alone{k}" / f"{csv}.csv").read_bytes()
