"""The store: one atomic writer for files and folders, and one manifest for every result."""

from __future__ import annotations

import json
import os
import stat

import pytest

import sim
from sim.study.store import atomic_dir, atomic_file, manifest, replaceable

from tests.helpers import small


def test_an_atomic_file_replaces_its_target_whole_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "doc.md"
    target.write_text("old")
    os.chmod(target, 0o640)
    with atomic_file(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".doc.md.") and tmp.name.endswith(".tmp")
        tmp.write_text("new")
        assert target.read_text() == "old"  # not yet: only when the block finishes
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_an_interrupted_atomic_file_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "doc.md"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_file(target) as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_an_atomic_file_makes_its_folder(tmp_path):
    with atomic_file(tmp_path / "a" / "b.txt") as tmp:
        tmp.write_text("x")
    assert (tmp_path / "a" / "b.txt").read_text() == "x"


def test_an_atomic_folder_keeps_the_named_store_and_replaces_the_rest(tmp_path):
    target = tmp_path / "out"
    (target / "replications").mkdir(parents=True)
    (target / "replications" / "kept.txt").write_text("stored")
    (target / "stale.txt").write_text("old")
    with atomic_dir(target, keep=("replications",)) as tmp:
        (tmp / "new.txt").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["new.txt", "replications"]
    assert (target / "replications" / "kept.txt").read_text() == "stored"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_interrupted_atomic_folder_puts_the_store_back(tmp_path):
    target = tmp_path / "out"
    (target / "replications").mkdir(parents=True)
    (target / "replications" / "kept.txt").write_text("stored")
    with pytest.raises(KeyboardInterrupt):
        with atomic_dir(target, keep=("replications",)) as tmp:
            (tmp / "half.txt").write_text("half")
            raise KeyboardInterrupt
    assert [p.name for p in target.iterdir()] == ["replications"]
    assert (target / "replications" / "kept.txt").read_text() == "stored"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.fixture(scope="module")
def pair():
    return small("eindhoven_radical_maatwerk.yaml", 5_000, years=1), small("eindhoven_capped.yaml", 5_000, years=1)


def test_one_scenarios_manifest_names_it_and_is_written_when_asked(pair, tmp_path):
    s = pair[0]
    m = manifest(s, 4, replications=3, created="2024-01-01T00:00:00+00:00", folder=tmp_path)
    assert list(m) == ["scenario", "scenario_file", "scenario_hash", "seed", "replications", "version", "created"]
    assert m["scenario"] == s.name and m["scenario_hash"] == s.content_hash and m["seed"] == 4
    assert m["version"] == sim.__version__ and m["created"] == "2024-01-01T00:00:00+00:00"
    assert json.loads((tmp_path / "manifest.json").read_text()) == m
    assert replaceable(tmp_path)  # a folder with a manifest is an Ontschot result


def test_several_scenarios_manifest_lists_each_with_its_label(pair):
    m = manifest([("a", pair[0]), ("b", pair[1])], 1, stopping="asked")
    assert [x["label"] for x in m["scenarios"]] == ["a", "b"]
    assert [x["scenario_hash"] for x in m["scenarios"]] == [s.content_hash for s in pair]
    assert m["stopping"] == "asked" and m["created"].endswith("+00:00") and "scenario" not in m


def test_every_writer_records_the_same_provenance(pair, tmp_path):
    """A run's, a stored replication's and a comparison's manifests share their fields."""
    from sim.study.compare import compare
    from sim.study.replicate import rep_folder

    c = compare(list(pair), seed=2, replications=1, store=tmp_path / "store", labels=["a", "b"])
    rep = json.loads((rep_folder(tmp_path / "store", "b", 0) / "manifest.json").read_text())
    run = sim.run(pair[1], seed=2, replications=1).manifest()
    whole = c.manifest(tmp_path / "c")
    assert json.loads((tmp_path / "c" / "manifest.json").read_text()) == whole
    for key in ("scenario", "scenario_file", "scenario_hash", "seed", "version"):
        assert rep[key] == run[key], key
    assert rep["replication"] == 0 and run["replications"] == 1
    assert whole["scenarios"][1]["scenario_hash"] == rep["scenario_hash"] and whole["seed"] == rep["seed"] == 2
    assert whole["replications"] == 1 and whole["stopping"] == c.stop_reason == "asked"
