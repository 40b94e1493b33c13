"""The store: one atomic writer for files and folders, and one manifest for every result.

The faults (a user's folders, killed writers, full disks, concurrent writers) are in
tests/study/test_store_faults.py."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

import sim
from sim.study.store import atomic_dir, atomic_file, manifest, replaceable

from tests.helpers import small


@pytest.fixture(scope="module")
def pair():
    return small("eindhoven_radical_maatwerk.yaml", 5_000, years=1), small("eindhoven_capped.yaml", 5_000, years=1)


def a_result(target, scenario, keep=(), **files):
    """Write a folder through `atomic_dir` as every writer does: its files, then its manifest."""
    with atomic_dir(target, keep=keep) as tmp:
        for name, text in files.items():
            (tmp / name.replace("__", ".")).write_text(text)
        manifest(scenario, 1, folder=tmp)
    return target


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


def test_a_new_file_gets_the_mode_the_umask_asks_for(tmp_path):
    old = os.umask(0o027)
    try:
        with atomic_file(tmp_path / "new.md") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_an_atomic_folder_keeps_the_named_store_and_replaces_the_rest(pair, tmp_path):
    target = a_result(tmp_path / "out", pair[0], stale__txt="old")
    (target / "replications").mkdir(parents=True)
    (target / "replications" / "kept.txt").write_text("stored")  # carried over, so never looked into
    a_result(target, pair[0], keep=("replications",), new__txt="new")
    assert sorted(p.name for p in target.iterdir()) == ["manifest.json", "new.txt", "replications"]
    assert (target / "replications" / "kept.txt").read_text() == "stored"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_interrupted_atomic_folder_puts_the_store_back(tmp_path):
    target = tmp_path / "out"
    (target / "replications").mkdir(parents=True)  # a folder holding only the store may be written
    (target / "replications" / "kept.txt").write_text("stored")
    with pytest.raises(KeyboardInterrupt):
        with atomic_dir(target, keep=("replications",)) as tmp:
            (tmp / "half.txt").write_text("half")
            raise KeyboardInterrupt
    assert [p.name for p in target.iterdir()] == ["replications"]
    assert (target / "replications" / "kept.txt").read_text() == "stored"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_one_scenarios_manifest_names_it_and_is_written_when_asked(pair, tmp_path):
    s = pair[0]
    (tmp_path / "cases.csv").write_text("a,b\n1,2\n")
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "curve.png").write_bytes(b"\x89PNG")
    m = manifest(s, 4, replications=3, created="2024-01-01T00:00:00+00:00", folder=tmp_path)
    assert list(m) == ["tool", "format", "scenario", "scenario_file", "scenario_hash", "seed", "replications",
                       "version", "created", "files"]
    assert m["tool"] == "ontschot" and m["format"] == 1
    assert m["files"] == {  # every file but the manifest, with its size and SHA-256
        "cases.csv": {"bytes": 8, "sha256": hashlib.sha256(b"a,b\n1,2\n").hexdigest()},
        "pictures/curve.png": {"bytes": 4, "sha256": hashlib.sha256(b"\x89PNG").hexdigest()}}
    assert list(manifest(s, 4)) == ["scenario", "scenario_file", "scenario_hash", "seed", "version", "created"]
    assert m["scenario"] == s.name and m["scenario_hash"] == s.content_hash and m["seed"] == 4
    assert m["version"] == sim.__version__ and m["created"] == "2024-01-01T00:00:00+00:00"
    assert json.loads((tmp_path / "manifest.json").read_text()) == m
    assert replaceable(tmp_path)  # a folder holding only what its Ontschot manifest lists is a result
    (tmp_path / "pictures" / "mine.png").write_bytes(b"a user's")
    assert not replaceable(tmp_path)


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
