"""One executor for every way of running: the same tables here, in two processes and on a Dask
cluster, a failing task reported by its key while the others finish, and a scheduler that
cannot be reached refused in one line."""

from __future__ import annotations

import json
import sys

import pandas as pd
import pytest

import sim.study.executor as E
import sim.study.replicate as R
from sim.cli import main
from sim.study.compare import compare
from sim.study.executor import executor
from sim.study.replicate import ReplicationsFailed, Runner, rep_folder

from tests.helpers import small, variant

DASK = "dask.distributed is not installed: pip install 'ontschot[dask]'"


def _world(n: int) -> int:
    """A task for every executor: module-level, so a worker process or machine can import it."""
    if n == 2:
        raise ValueError(f"no world {n}\nhere")
    return n * n



@pytest.fixture(scope="module")
def pair():
    return [small("eindhoven_radical_maatwerk.yaml", 10_000, years=1), small("eindhoven_capped.yaml", 10_000, years=1)]


def _how(way: str, cluster_address) -> dict:
    return {"sequential": {}, "processes": {"workers": 2}, "dask": {"scheduler": cluster_address}}[way]


@pytest.fixture(params=["sequential", "processes", "dask"])
def way(request):
    """How to run, with the cluster started only for the Dask case."""
    address = request.getfixturevalue("cluster") if request.param == "dask" else None
    return request.param, _how(request.param, address)


def test_the_same_comparison_is_bit_identical_however_it_runs(pair, cluster, tmp_path):
    """Sequential, two local processes and a Dask cluster of two workers: equal frames to the last
    bit, and every stored file with the same SHA-256 (on the cluster the parent writes them)."""
    runs = {w: compare(pair, seed=4, replications=2, store=tmp_path / w, **_how(w, cluster))
            for w in ("sequential", "processes", "dask")}
    first = runs["sequential"]
    for other in (runs["processes"], runs["dask"]):
        pd.testing.assert_frame_equal(first.differences, other.differences, check_exact=True)
        for a1, a2 in zip(first.arms, other.arms):
            for table in ("summary", "timeseries", "events", "waits", "groups"):
                pd.testing.assert_frame_equal(getattr(a1, table), getattr(a2, table), check_exact=True)
    for label in ("eindhoven_radical_maatwerk", "eindhoven_capped"):
        for r in range(2):
            files = [json.loads((rep_folder(tmp_path / w, label, r) / "manifest.json").read_text())["files"]
                     for w in runs]
            assert files[0] == files[1] == files[2] and "cases.parquet" in files[0]


def test_the_order_replications_run_in_changes_nothing(pair):
    """Replication 1 before replication 0, each arm alone: the same tables as in order."""
    in_order = compare(pair, seed=9, replications=2)
    with Runner(pair[::-1], ["b", "a"], seed=9) as runner:
        runner.run([1])
        runner.run([0])
        backwards = runner.collected(range(2))[::-1]
    for arm, reps in zip(in_order.arms, backwards):
        pd.testing.assert_frame_equal(arm.summary.drop(columns="cost_per_year"),
                                      pd.concat([r.summary for r in reps], ignore_index=True), check_exact=True)
        pd.testing.assert_frame_equal(arm.timeseries, pd.concat([r.timeseries for r in reps], ignore_index=True),
                                      check_exact=True)


def test_a_task_that_raises_is_reported_by_its_key_and_the_others_finish(way):
    name, how = way
    tasks = [(("world", n, "rep", 0), (n,)) for n in range(5)]
    with executor(**how) as ex:
        assert ex.slots == (1 if name == "sequential" else 2)
        outcomes = {o.key: o for o in ex.run(_world, tasks)}
        assert {o.key for o in ex.run(_world, [])} == set()  # nothing to do is no error
    assert set(outcomes) == {key for key, _ in tasks}
    bad = outcomes.pop(("world", 2, "rep", 0))
    assert bad.value is None and bad.error == "ValueError: no world 2 here"
    assert {k[1]: o.value for k, o in outcomes.items()} == {0: 0, 1: 1, 3: 9, 4: 16}
    assert all(o.ok for o in outcomes.values())


def test_a_failed_replication_is_named_the_others_stored_and_a_rerun_runs_only_it(pair, tmp_path, monkeypatch,
                                                                                   capsys):
    real, ran = R.simulate, []

    def flaky(s, seed, arm, rep, folder):
        ran.append((arm, rep))
        if (arm, rep) == (1, 1):
            raise RuntimeError("the disk of a worker went away")
        return real(s, seed, arm, rep, folder)

    monkeypatch.setattr(R, "simulate", flaky)
    with pytest.raises(ReplicationsFailed) as info:
        compare(pair, seed=2, replications=2, store=tmp_path / "store")
    assert len(ran) == 4  # the failure stopped nothing
    assert "1 of 4 replications failed (replication 1 of 'eindhoven_capped')" in str(info.value)
    assert "the same command runs only the missing ones again" in str(info.value) and info.value.status == 1
    err = capsys.readouterr().err
    assert "replication 1 of 'eindhoven_capped' failed: RuntimeError: the disk of a worker went away" in err
    assert not rep_folder(tmp_path / "store", "eindhoven_capped", 1).exists()
    assert rep_folder(tmp_path / "store", "eindhoven_capped", 0).exists()
    ran.clear()
    monkeypatch.setattr(R, "simulate", lambda s, seed, arm, rep, folder: ran.append((arm, rep)) or real(s, seed, arm, rep, folder))
    again = compare(pair, seed=2, replications=2, store=tmp_path / "store")
    assert ran == [(1, 1)] and again.reused == 3
    pd.testing.assert_frame_equal(again.differences, compare(pair, seed=2, replications=2).differences, check_exact=True)


def test_the_command_exits_1_naming_the_failed_replication(tmp_path, monkeypatch, capsys):
    a, b = variant(tmp_path, residents=5_000, years=1), variant(tmp_path, residents=5_000, years=1)
    real = R.simulate

    def unlucky(s, seed, arm, rep, folder):
        if (arm, rep) == (0, 0):
            raise ValueError("bad luck")
        return real(s, seed, arm, rep, folder)

    monkeypatch.setattr(R, "simulate", unlucky)
    assert main(["compare", a.path, b.path, "--replications", "1", "--out", str(tmp_path / "out")]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("ontschot:")]  # not the bar
    label = a.path.rsplit("/", 1)[-1].removesuffix(".yaml")
    assert lines[0] == f"ontschot: replication 0 of '{label}' failed: ValueError: bad luck"
    assert lines[-1].startswith(f"ontschot: 1 of 2 replications failed (replication 0 of '{label}')")
    assert rep_folder(tmp_path / "out" / "replications", b.path.rsplit("/", 1)[-1].removesuffix(".yaml"), 0).exists()


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    pytest.importorskip("dask.distributed", reason=DASK)
    monkeypatch.setattr(E, "CONNECT_TIMEOUT", 1.0)
    a, b = variant(tmp_path, residents=5_000, years=1), variant(tmp_path, residents=5_000, years=1)
    out = tmp_path / "out"
    assert main(["compare", a.path, b.path, "--scheduler", "tcp://127.0.0.1:1", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith("ontschot: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")
    assert err.rstrip().endswith("start one with `dask scheduler` or check the address")
    assert not out.exists()


def test_a_worker_with_another_version_of_ontschot_is_refused(cluster, monkeypatch):
    """This machine pretends to be another version: the cluster's workers are not, so it is refused."""
    monkeypatch.setattr(E, "__version__", "0.0.0+elsewhere")
    with pytest.raises(E.SchedulerError, match=r"the Dask worker at tcp://127\.0\.0\.1:\d+ runs Ontschot .* and "
                       r"this machine 0\.0\.0\+elsewhere \(and 1 more workers differ\); install the same version"):
        executor(scheduler=cluster)


def test_without_dask_a_scheduler_says_how_to_install_it(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # what an installation without the extra sees
    a = variant(tmp_path, residents=5_000, years=1)
    assert main(["sweep", a.path, "--vary", "budget.pooled_share=0,1", "--scheduler", "tcp://127.0.0.1:8786",
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'ontschot[dask]'" in err[0] and "tcp://127.0.0.1:8786" in err[0]


def test_workers_and_a_scheduler_together_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["compare", "a.yaml", "b.yaml", "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"])
    assert info.value.code == 2 and "not allowed with argument --workers" in capsys.readouterr().err
    with pytest.raises(Exception, match="not both"):
        executor(workers=2, scheduler="tcp://127.0.0.1:8786")


def test_a_worker_of_another_version_that_joins_later_refuses_before_computing(cluster, monkeypatch):
    """The versions agree when the command connects; then they differ (as when a worker of another
    version joins later): every task is refused on its worker before it computes, and the run stops
    with the same words as at connection time."""
    tasks = [(("world", n, "rep", 0), (n,)) for n in (0, 1, 3)]
    with executor(scheduler=cluster) as ex:
        monkeypatch.setattr(E, "__version__", "0.0.0+elsewhere")
        seen = []
        with pytest.raises(E.SchedulerError, match=r"the Dask worker at tcp://127\.0\.0\.1:\d+ runs Ontschot "
                           r"\d+\.\d+\.\d+\S* and this machine 0\.0\.0\+elsewhere; install the same version") as info:
            seen.extend(ex.run(_world, tasks))
    assert seen == [] and "draait Ontschot" in info.value.message("nl")


class _Future:
    """What a Dask future looks like to the executor once as_completed hands it over."""

    def __init__(self, status: str, exc: BaseException):
        self.status, self.exc = status, exc

    def result(self):
        raise self.exc


def test_only_a_future_the_scheduler_marked_as_failed_is_the_tasks_failure():
    """A task that raised (state "error") is its own failure and the others go on; a future cancelled
    because the scheduler was lost, or one whose result could not be fetched, is the cluster's:
    one ClusterLost (exit status 1) in both languages, not a failure per task."""
    pytest.importorskip("dask.distributed", reason=DASK)
    from concurrent.futures import CancelledError

    dask = object.__new__(E._Dask)
    dask.address = "tcp://127.0.0.1:8786"
    own = dask._outcome(_Future("error", ValueError("no world 2")), ("w", 2), 0, 5)
    assert own.error == "ValueError: no world 2"
    for status, exc in (("cancelled", CancelledError("scheduler-connection-lost")),
                        ("finished", OSError("Connection reset by peer"))):
        with pytest.raises(E.ClusterLost) as info:
            dask._outcome(_Future(status, exc), ("w", 3), 2, 5)
        assert info.value.status == 1
        assert str(info.value).startswith("lost the Dask scheduler at tcp://127.0.0.1:8786 after 2 of 5 tasks came back")
        assert info.value.message("nl").startswith("de Dask-scheduler op tcp://127.0.0.1:8786 is weggevallen na 2 van 5")
