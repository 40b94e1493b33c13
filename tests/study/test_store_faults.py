"""Faults the store must survive: a user's folders and files, killed and concurrent writers, a
place that cannot be written, a disk that fills up, and a damaged store of replications.

Each test makes the fault happen for real (a folder a user made, a process killed with a signal
at a random moment, a file-size limit the kernel enforces, bytes cut off a stored table) and
checks what the user is promised: nothing of theirs is deleted, a bad place gets exit status 2
and one line before anything runs, no temporary folder outlives the next run, and a damaged
replication is recomputed, saying so, to the numbers an undamaged run gives.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.study.compare import compare
from sim.study.replicate import OWN_FILES, rep_folder, verdict
from sim.study.store import (MARKER, UNLISTED, ForeignFolder, atomic_dir, foreign, manifest, replaceable,
                             unverified)

from tests.helpers import small

ROOT = Path(__file__).resolve().parents[2]


def tiny(folder: Path, name: str = "tiny", residents: int = 5_000, years: int = 1,
         extends: str = "eindhoven_capped.yaml") -> Path:
    """A shipped scenario at a small size, as a user would write one."""
    path = folder / f"{name}.yaml"
    path.write_text(f"extends: {ROOT / 'scenarios' / extends}\nmunicipality: {{residents: {residents}}}\n"
                    f"run: {{horizon_years: {years}, replications: 1}}\n")
    return path


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ontschot: ")
    return lines[0]


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def ontschot(*args: str, cwd: Path = ROOT, limit: int | None = None, **kw) -> subprocess.CompletedProcess:
    """`python -m sim` as a user runs it; `limit` caps the size of any file it writes (RLIMIT_FSIZE),
    which the kernel enforces like a full disk (Python ignores SIGXFSZ, so the write fails with EFBIG)."""
    pre = (lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))) if limit else None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, preexec_fn=pre, env=env, **kw)


@pytest.fixture(scope="module")
def scenario():
    return small("eindhoven_capped.yaml", 5_000, years=1)


def a_result(target: Path, scenario, **files) -> Path:
    with atomic_dir(target) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text)
        manifest(scenario, 1, folder=tmp)
    return target


# ---------------------------------------------------------------- part 1: a user's files

def test_a_users_folder_holding_a_manifest_survives_out(tmp_path, capsys):
    webapp = tmp_path / "webapp"
    webapp.mkdir()
    (webapp / "manifest.json").write_text('{"name": "my app", "icons": []}')
    (webapp / "index.html").write_text("<html>years of work</html>")
    assert main(["run", str(tiny(tmp_path)), "--out", str(webapp)]) == 2
    line = one_line(capsys.readouterr().err)
    assert str(webapp) in line and "--out OTHER" in line
    assert sorted(p.name for p in webapp.iterdir()) == ["index.html", "manifest.json"]
    assert (webapp / "index.html").read_text() == "<html>years of work</html>"
    # A manifest that claims to be Ontschot's but lists no files is not taken at its word either.
    (webapp / "manifest.json").write_text(json.dumps({"tool": "ontschot", "format": 1}))
    assert not replaceable(webapp)


def test_a_users_file_in_a_comparisons_store_survives_run_into_it(tmp_path, capsys):
    """`ontschot run` replaces a comparison's folder whole, store and all, but only when every
    file in it is one Ontschot wrote."""
    from sim.report.output import STORE, write_compare

    res = tmp_path / "res"
    pair = [small("eindhoven_radical_maatwerk.yaml", 5_000, years=1), small("eindhoven_capped.yaml", 5_000, years=1)]
    write_compare(compare(pair, seed=1, replications=1, store=res / STORE, labels=["a", "b"]), res)
    scenario = str(tiny(tmp_path))
    for notes in (res / STORE / "notes.txt", rep_folder(res / STORE, "b", 0) / "notes.txt"):
        notes.write_text("my notes")
        assert main(["run", scenario, "--out", str(res)]) == 2
        line = one_line(capsys.readouterr().err)
        assert str(notes) in line and "did not write" in line
        assert notes.read_text() == "my notes" and (res / "brief.pdf").exists()
        notes.unlink()
    assert main(["run", scenario, "--out", str(res)]) == 0  # only Ontschot's files left: replaced
    assert not (res / STORE).exists() and (res / "cases.parquet").exists()


def test_a_folder_named_like_the_old_swap_folder_survives(tmp_path, scenario):
    old = tmp_path / ".res.old"
    old.mkdir()
    (old / "precious.txt").write_text("mine")
    stray = tmp_path / ".res.12345.tmp"  # named like a temporary folder, but not marked as ours
    stray.mkdir()
    (stray / "also.txt").write_text("mine too")
    for text in ("first", "second"):
        a_result(tmp_path / "res", scenario, note=text)
    assert (tmp_path / "res" / "note").read_text() == "second"
    assert (old / "precious.txt").read_text() == "mine" and (stray / "also.txt").read_text() == "mine too"
    assert temporaries(tmp_path) == [".res.12345.tmp", ".res.old"]


def test_a_symbolic_link_is_not_written_through(tmp_path, scenario, capsys):
    mine = tmp_path / "mine"
    a_result(mine, scenario)  # even to an Ontschot result
    (tmp_path / "link").symlink_to(mine, target_is_directory=True)
    assert main(["run", str(tiny(tmp_path)), "--out", str(tmp_path / "link")]) == 2
    assert "symbolic link" in one_line(capsys.readouterr().err)
    assert (tmp_path / "link").is_symlink()


def test_a_writer_that_writes_after_its_manifest_is_stopped(tmp_path, scenario):
    """Every result must stay replaceable, so a file its manifest does not list is a bug, caught
    before the swap: the earlier result stands."""
    target = a_result(tmp_path / "res", scenario, note="earlier")
    with pytest.raises(RuntimeError, match="late.txt"):
        with atomic_dir(target) as tmp:
            manifest(scenario, 1, folder=tmp)
            (tmp / "late.txt").write_text("after the manifest")
    assert (target / "note").read_text() == "earlier" and temporaries(tmp_path) == []


def test_an_earlier_versions_replication_is_recognised_but_not_its_other_results(tmp_path, scenario):
    legacy = {"scenario": "x", "scenario_file": None, "scenario_hash": "0" * 64, "seed": 1, "version": "0.1",
              "created": "2024-01-01T00:00:00+00:00"}
    rep = tmp_path / "rep_0000"
    rep.mkdir()
    (rep / "manifest.json").write_text(json.dumps(legacy | {"replication": 0}))
    (rep / "summary.parquet").write_bytes(b"PAR1")
    # Only a replication's own writer replaces it (its tables are computed again), and only if it
    # holds nothing but a replication's own files: nothing here can be verified, so nothing else may.
    assert not unverified(rep, remake=OWN_FILES) and not replaceable(rep)
    (rep / "notes.txt").write_text("mine")
    assert unverified(rep, remake=OWN_FILES) == [(rep / "notes.txt", UNLISTED)]
    run = tmp_path / "run"
    run.mkdir()
    (run / "manifest.json").write_text(json.dumps(legacy | {"replications": 1}))
    assert foreign(run) == run / "manifest.json"
    with pytest.raises(ForeignFolder, match="looks like a result of Ontschot 0.1.*delete it yourself"):
        with atomic_dir(run):
            pass
    assert (run / "manifest.json").exists()


# ---------------------------------------------------------------- part 4: where results are written

def test_out_on_the_working_folder_or_around_it_or_a_scenario_is_refused(tmp_path, monkeypatch, capsys):
    work = tmp_path / "work"
    work.mkdir()
    scenario = tiny(work)
    monkeypatch.chdir(work)
    import sim.study.results

    def never(*a, **k):
        raise AssertionError("simulated before refusing")

    monkeypatch.setattr(sim.study.results, "run", never)
    for out, words in ((".", "working in"), (str(work), "working in"), ("..", "working in"),
                       (str(tmp_path), "working in")):
        assert main(["run", str(scenario), "--out", out]) == 2, out
        assert words in one_line(capsys.readouterr().err)
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(scenario), "--out", str(work)]) == 2
    assert "scenario file" in one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"] and [p.name for p in work.iterdir()] == ["tiny.yaml"]


def test_out_in_a_place_that_cannot_be_written_is_refused_before_running(tmp_path, monkeypatch, capsys):
    import sim.study.results

    def never(*a, **k):
        raise AssertionError("simulated before refusing")

    monkeypatch.setattr(sim.study.results, "run", never)
    scenario = str(tiny(tmp_path))
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    assert main(["run", scenario, "--out", str(blocker / "deeper" / "out")]) == 2
    assert "is a file, not a folder" in one_line(capsys.readouterr().err)
    if os.geteuid() != 0:  # root writes through chmod, so only the path under a file can be tried then
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        try:
            assert main(["run", scenario, "--out", str(locked / "out")]) == 2
            line = one_line(capsys.readouterr().err)
            assert "Permission denied" in line and "--out OTHER" in line
        finally:
            locked.chmod(0o755)
        assert list(locked.iterdir()) == []


def test_a_full_disk_before_running_is_refused_and_during_writing_says_so_in_one_line(tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse large writes as a full disk would. A limit below the
    probe's size is found before simulating (exit 2); one above it fails while the tables are
    written (exit 1), leaving the earlier result as it was and no temporary folder."""
    scenario, out = str(tiny(tmp_path)), tmp_path / "out"
    first = ontschot("run", scenario, "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = (out / "manifest.json").read_text()
    early = ontschot("run", scenario, "--out", str(out), limit=1024)
    assert early.returncode == 2 and early.stdout == "" and "File too large" in one_line(early.stderr)
    late = ontschot("run", scenario, "--out", str(out), limit=64 * 1024)
    assert late.returncode == 1, late.stderr
    line = one_line(late.stderr)
    assert "could not finish writing" in line and str(out) in line and "File too large" in line
    assert (out / "manifest.json").read_text() == before and temporaries(tmp_path) == []


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_run_killed_while_writing_leaves_nothing_the_next_run_does_not_remove(tmp_path, how):
    """Kill `ontschot run` at a random moment after its temporary folder appears, until one kill
    lands inside the write (bounded in time); the next run then leaves no temporary folder."""
    scenario, out = str(tiny(tmp_path, residents=40_000, years=2)), tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng, deadline, landed = random.Random(11), time.monotonic() + 150, False
    while not landed and time.monotonic() < deadline:
        proc = subprocess.Popen([sys.executable, "-m", "sim", "run", scenario, "--out", str(out)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while proc.poll() is None and not any(n.startswith(".out.") for n in os.listdir(tmp_path)):
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.3))
        proc.send_signal(how)
        proc.wait()
        landed = proc.returncode == -how and any(n.startswith(".out.") for n in os.listdir(tmp_path))
    assert landed, "no kill landed inside the write"
    left = [tmp_path / n for n in temporaries(tmp_path)]
    assert all((p / MARKER).is_file() for p in left)  # marked as ours, with the writer's pid
    again = ontschot("run", scenario, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert temporaries(tmp_path) == []
    assert replaceable(out) and (out / "cases.parquet").exists()


def test_a_killed_writers_folder_is_removed_but_never_a_living_ones_or_an_unmarked_one(tmp_path, scenario):
    ctx = multiprocessing.get_context("fork")

    def killed_while_writing(target):
        with atomic_dir(target) as tmp:
            (tmp / "half.parquet").write_bytes(b"half")
            os.kill(os.getpid(), signal.SIGKILL)

    child = ctx.Process(target=killed_while_writing, args=(tmp_path / "res",))
    child.start()
    child.join()
    assert child.exitcode == -signal.SIGKILL
    [dead] = temporaries(tmp_path)
    unmarked = tmp_path / ".res.unmarked.tmp"
    unmarked.mkdir()
    with atomic_dir(tmp_path / "res") as living:  # this process's own folder, while it writes
        a_result(tmp_path / "other", scenario)  # a write beside it sweeps: the dead one goes, the living stays
        assert living.exists() and not (tmp_path / dead).exists()
        manifest(scenario, 1, folder=living)
    assert temporaries(tmp_path) == [".res.unmarked.tmp"]


def test_a_result_set_aside_when_its_writer_was_killed_is_put_back(tmp_path, scenario):
    """Killed between the two renames of a swap, the old result sits in a marked folder and the
    target is gone: the next write beside it puts it back rather than deleting it."""
    ctx = multiprocessing.get_context("fork")
    target = a_result(tmp_path / "res", scenario, note="earlier")

    def killed_between_renames():
        from sim.study import store

        aside = store._beside(target, folder=True)
        os.rename(target, aside / store.ASIDE)
        os.kill(os.getpid(), signal.SIGKILL)

    child = ctx.Process(target=killed_between_renames)
    child.start()
    child.join()
    assert not target.exists()
    a_result(tmp_path / "other", scenario)
    assert (target / "note").read_text() == "earlier" and temporaries(tmp_path) == []


def _write_at_once(target: str, scenario, me: int, barrier) -> None:
    with atomic_dir(target) as tmp:
        (tmp / "writer.txt").write_text(str(me))
        manifest(scenario, me, folder=tmp)
        barrier.wait()  # every writer finishes at the same instant


def test_forty_writers_finishing_the_same_folder_at_once_all_succeed(tmp_path, scenario):
    """Five rounds of forty processes that finish writing the same folder at the same instant
    (the old swap failed for about one writer in ten, so a round rarely passed)."""
    ctx = multiprocessing.get_context("fork")
    target = tmp_path / "res"
    for round in range(5):
        barrier = ctx.Barrier(40)
        writers = [ctx.Process(target=_write_at_once, args=(str(target), scenario, i, barrier)) for i in range(40)]
        for w in writers:
            w.start()
        for w in writers:
            w.join(120)
        assert [w.exitcode for w in writers] == [0] * 40, round
        me = int((target / "writer.txt").read_text())
        assert json.loads((target / "manifest.json").read_text())["seed"] == me  # one writer's whole result
        assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


# ---------------------------------------------------------------- part 5: a damaged store

PAIR_LABELS = ["radical", "capped"]


@pytest.fixture(scope="module")
def pair():
    return [small("eindhoven_radical_maatwerk.yaml", 5_000, years=1), small("eindhoven_capped.yaml", 5_000, years=1)]


@pytest.fixture(scope="module")
def undamaged(pair):
    return compare(pair, seed=3, replications=2, labels=PAIR_LABELS)


def _truncate(name):
    def damage(rep0, rep1):
        data = (rep0 / name).read_bytes()
        (rep0 / name).write_bytes(data[: len(data) // 2])
    return damage


def _copied_summary(rep0, rep1):
    shutil.copy(rep1 / "summary.parquet", rep0 / "summary.parquet")


def _copied_folder(rep0, rep1):
    shutil.rmtree(rep0)
    shutil.copytree(rep1, rep0)


def _from_before_checksums(rep0, rep1):
    m = json.loads((rep0 / "manifest.json").read_text())
    old = {k: m[k] for k in ("scenario", "scenario_file", "scenario_hash", "seed", "replication", "version", "created")}
    (rep0 / "manifest.json").write_text(json.dumps(old))


def _unparseable_with_a_matching_checksum(rep0, rep1):
    from sim.study.store import digest

    _truncate("summary.parquet")(rep0, rep1)
    m = json.loads((rep0 / "manifest.json").read_text())
    m["files"]["summary.parquet"] = {"bytes": (rep0 / "summary.parquet").stat().st_size,
                                     "sha256": digest(rep0 / "summary.parquet")}
    (rep0 / "manifest.json").write_text(json.dumps(m))


@pytest.mark.parametrize("damage, says", [
    (_truncate("summary.parquet"), "summary.parquet is damaged"),
    (_truncate("cases.parquet"), "cases.parquet is damaged"),
    (_truncate("timeseries.parquet"), "timeseries.parquet is damaged"),
    (_truncate("ledger.parquet"), "ledger.parquet is damaged"),
    (_copied_summary, "summary.parquet is damaged"),
    (_copied_folder, "manifest.json is that of replication 1"),
    (_from_before_checksums, "without checksums"),
    (_unparseable_with_a_matching_checksum, "summary.parquet cannot be read"),
], ids=["summary", "cases", "timeseries", "ledger", "copied-summary", "copied-folder", "legacy", "unparseable"])
def test_a_damaged_replication_is_recomputed_saying_so(pair, undamaged, tmp_path, capsys, damage, says):
    store = tmp_path / "store"
    compare(pair, seed=3, replications=2, store=store, labels=PAIR_LABELS)
    capsys.readouterr()
    rep0 = rep_folder(store, "capped", 0)
    damage(rep0, rep_folder(store, "capped", 1))
    again = compare(pair, seed=3, replications=2, store=store, labels=PAIR_LABELS)
    line = one_line(capsys.readouterr().err)
    assert "replication 0 of 'capped'" in line and says in line and "computing it again" in line, line
    assert again.reused == 3  # the three undamaged ones are still trusted
    pd.testing.assert_frame_equal(again.differences, undamaged.differences, check_exact=True)
    assert verdict(rep0, pair[1], 3, 0) is True  # stored afresh, whole
    assert compare(pair, seed=3, replications=2, store=store, labels=PAIR_LABELS).reused == 4
    assert capsys.readouterr().err == ""


def test_a_replication_that_must_be_recomputed_but_holds_what_no_manifest_lists_is_refused(pair, tmp_path,
                                                                                          monkeypatch, capsys):
    """A user's file in it, or a manifest too damaged to say what Ontschot wrote: nothing there is
    deleted, and nothing is simulated before the refusal."""
    import sim.study.replicate as R

    store = tmp_path / "store"
    compare(pair, seed=3, replications=1, store=store, labels=PAIR_LABELS)
    rep0 = rep_folder(store, "capped", 0)
    (rep0 / "summary.parquet").write_bytes(b"damaged")
    (rep0 / "notes.txt").write_text("mine")
    monkeypatch.setattr(R, "simulate", lambda *a: pytest.fail("simulated before refusing"))
    with pytest.raises(ForeignFolder, match="notes.txt"):
        compare(pair, seed=3, replications=1, store=store, labels=PAIR_LABELS)
    assert (rep0 / "notes.txt").read_text() == "mine"
    (rep0 / "notes.txt").unlink()
    (rep0 / "manifest.json").write_text("[]")
    with pytest.raises(ForeignFolder, match="rep_0000"):
        compare(pair, seed=3, replications=1, store=store, labels=PAIR_LABELS)
    assert (rep0 / "summary.parquet").read_bytes() == b"damaged"
    assert capsys.readouterr().err == ""  # it did not say it would compute it again


@pytest.mark.parametrize("damage, says", [
    (_truncate("summary.parquet"), "summary.parquet: beschadigd"),
    (_copied_folder, "manifest.json is dat van herhaling 1"),
    (_from_before_checksums, "zonder controlegetallen"),
    (_unparseable_with_a_matching_checksum, "summary.parquet is niet te lezen"),
], ids=["summary", "copied-folder", "legacy", "unparseable"])
def test_a_damaged_replication_is_said_in_the_language_the_command_line_speaks(pair, tmp_path, capsys, damage, says):
    """With --lang nl (`sim.errors.speak`), the line that says a stored replication is computed again is Dutch."""
    from sim.errors import speak

    store = tmp_path / "store"
    compare(pair, seed=3, replications=2, store=store, labels=PAIR_LABELS)
    capsys.readouterr()
    damage(rep_folder(store, "capped", 0), rep_folder(store, "capped", 1))
    speak("nl")
    try:
        compare(pair, seed=3, replications=2, store=store, labels=PAIR_LABELS)
    finally:
        speak("en")
    line = one_line(capsys.readouterr().err).replace(str(tmp_path), "TMP")  # the folder's name is no word said
    assert "herhaling 0 van 'capped'" in line and says in line and "wordt opnieuw berekend" in line, line
    assert "computing" not in line and "replication" not in line, line
