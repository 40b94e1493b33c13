"""A Dask cluster that loses a machine in the middle of an exploration.

Each test starts its own cluster on 127.0.0.1 out of real processes (a scheduler and worker
processes, as `dask scheduler` and `dask worker` start them, each in a session of its own), so
one can be killed with SIGKILL the way a machine dies, and runs `ontschot explore` as a user
would, in a process of its own. What is required:

- a worker killed while runs are still to come changes nothing: Dask gives its tasks to the other
  worker, the command exits 0, and every table is byte for byte that of a local run with the same
  seed, and so is every stored run;
- a scheduler killed in the middle stops the command with one line and exit status 1, no
  traceback; the runs that came back are stored whole; with `allowed-failures` 0 a killed
  worker's tasks fail as KilledWorker, named one by one, exit 1; and a rerun on a live cluster
  computes only what is missing, to the same tables.

Everything is bounded by timeouts and every process started here is killed in a `finally`.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from sim.cli import main
from sim.study.explore_run import STORE

from tests.helpers import ROOT, SCENARIOS

distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed: "
                                                              "pip install 'ontschot[dask]'")

POLICIES = ("eindhoven_radical_maatwerk", "eindhoven_capped")
WORLDS, REPS, SEED = 8, 1, 5  # 16 runs of a few tenths of a second: a kill lands while most are still to come
TABLES = ("worlds.csv", "worlds.parquet", "sensitivity.csv", "robustness.csv", "noise.csv", "groups.csv",
          "timeseries.parquet")
START = 90.0  # seconds a cluster may take to start on a busy machine
RUN = 120.0  # seconds an exploration may take before the test gives up on it
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The two shipped Eindhoven policies at 10,000 residents over one year; their ranges come from the base."""
    folder = tmp_path_factory.mktemp("policies")
    for name in POLICIES:
        (folder / f"{name}.yaml").write_text(f"extends: {SCENARIOS / name}.yaml\nmunicipality: {{residents: 10000}}\n"
                                             "run: {horizon_years: 1}\n", encoding="utf-8")
    return [str(folder / f"{name}.yaml") for name in POLICIES]


def _args(files, out, *more) -> list[str]:
    return ["explore", *files, "--samples", str(WORLDS), "--replications", str(REPS), "--seed", str(SEED),
            "--out", str(out), *more]


@pytest.fixture(scope="module")
def local(files, tmp_path_factory):
    """The same exploration run in this process: the tables every cluster run must equal."""
    out = tmp_path_factory.mktemp("local") / "out"
    assert main(_args(files, out)) == 0
    return out


class Cluster:
    """A scheduler and worker processes on 127.0.0.1, each in its own session so SIGKILL takes all of it."""

    def __init__(self, folder: Path, allowed_failures: int | None = None):
        self.folder, self.procs, self.workers = folder, [], []
        self.env = dict(ENV)
        if allowed_failures is not None:
            self.env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
        info = folder / "scheduler.json"
        self.scheduler = self._start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                      "--port", "0", "--no-dashboard", "--scheduler-file", str(info)], "scheduler")
        deadline = time.monotonic() + START
        while True:
            try:
                self.address = json.loads(info.read_text())["address"]
                break
            except (OSError, ValueError, KeyError):
                assert time.monotonic() < deadline and self.scheduler.poll() is None, "the scheduler did not start"
                time.sleep(0.2)

    def _start(self, command: list[str], name: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")
        proc = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def add_workers(self, n: int) -> None:
        """`n` worker processes of one thread each, without a nanny (so a killed one stays dead)."""
        for _ in range(n):
            self.workers.append(self._start([sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                                             "--nthreads", "1", "--no-nanny", "--no-dashboard", "--death-timeout", "60"],
                                            f"worker{len(self.workers)}"))
        with distributed.Client(self.address, timeout=START, set_as_default=False) as c:
            c.wait_for_workers(len([w for w in self.workers if w.poll() is None]), timeout=START)

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """SIGKILL the process and its session: no goodbye to the scheduler, as when a machine dies."""
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=30)

    def close(self) -> None:
        for proc in self.procs:
            self.kill(proc)


@contextmanager
def cluster(folder: Path, workers: int, allowed_failures: int | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    c = None
    try:
        c = Cluster(folder, allowed_failures)
        c.add_workers(workers)
        yield c
    finally:
        if c is not None:
            c.close()


def _stored(out: Path) -> dict[str, int]:
    """Every whole stored run (a rep_NNNN folder with its manifest; a temporary folder does not count): mtime by path."""
    return {str(m.relative_to(out)): m.stat().st_mtime_ns for m in (out / STORE).glob("*/world_*/rep_*/manifest.json")
            if re.fullmatch(r"rep_\d{4}", m.parent.name)}


def _explore_until(files, out: Path, address: str, kill, after: int) -> tuple[subprocess.CompletedProcess, int]:
    """Run the exploration in a process of its own; once `after` runs are stored, call `kill()`.

    Returns the finished process and how many runs were stored when the kill came; the command
    must still have been running then, with runs left to do, or the test would prove nothing.
    """
    proc = subprocess.Popen([sys.executable, "-m", "sim", *_args(files, out, "--scheduler", address)], cwd=ROOT,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline, stored = time.monotonic() + RUN, None
        while stored is None:
            n = len(_stored(out))
            if n >= after:
                assert proc.poll() is None and n < WORLDS * REPS * len(POLICIES), "finished before the kill"
                kill()
                stored = n
            assert proc.poll() is None, "the exploration ended before the kill"
            assert time.monotonic() < deadline, "no runs were stored in time"
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=RUN)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout.decode(), stderr.decode()), stored


def _same_as_local(out: Path, local: Path) -> None:
    """Every table byte for byte the local run's, and every stored run's files with the same checksums."""
    for name in TABLES:
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
    runs = {str(m.parent.relative_to(out / STORE)): json.loads(m.read_text())["files"]
            for m in sorted((out / STORE).rglob("manifest.json"))}
    assert runs == {str(m.parent.relative_to(local / STORE)): json.loads(m.read_text())["files"]
                    for m in sorted((local / STORE).rglob("manifest.json"))}
    assert len(runs) == WORLDS * REPS * len(POLICIES)


def _lines(stderr: str) -> list[str]:
    """What the command said, without its progress bar."""
    return [line for line in stderr.replace("\r", "\n").splitlines() if line.startswith("ontschot:")]


def test_a_worker_killed_mid_exploration_changes_no_table(files, local, tmp_path):
    started = time.monotonic()
    with cluster(tmp_path / "cluster", workers=2) as c:
        out = tmp_path / "out"
        done, stored = _explore_until(files, out, c.address, lambda: c.kill(c.workers[0]), after=2)
        assert done.returncode == 0, done.stderr[-2000:]
        assert c.workers[1].poll() is None  # the other worker did the rest
    assert "Traceback" not in done.stderr and not _lines(done.stderr)  # nothing failed, nothing to say
    assert stored < WORLDS * REPS * len(POLICIES)
    _same_as_local(out, local)
    assert time.monotonic() - started < RUN


def test_a_dead_scheduler_is_one_line_and_a_rerun_on_a_live_cluster_computes_only_what_is_missing(files, local,
                                                                                                  tmp_path):
    out, total = tmp_path / "out", WORLDS * REPS * len(POLICIES)
    with cluster(tmp_path / "first", workers=2) as c:
        died, _ = _explore_until(files, out, c.address, lambda: c.kill(c.scheduler), after=2)
    assert died.returncode == 1 and "Traceback" not in died.stderr
    said = _lines(died.stderr)
    assert len(said) == 1 and said[0].startswith(f"ontschot: lost the Dask scheduler at {c.address} after ")
    assert "rerun the same command" in said[0]
    kept = _stored(out)  # every stored run is whole: its manifest lists it and the rerun verifies it
    assert 2 <= len(kept) < total and not (out / "worlds.csv").exists()

    # A rerun on a scheduler that allows no failures: a worker killed mid-run fails its tasks by name.
    with cluster(tmp_path / "second", workers=2, allowed_failures=0) as c:
        killed, _ = _explore_until(files, out, c.address, lambda: c.kill(c.workers[0]), after=len(kept) + 2)
        said = _lines(killed.stderr)
        assert killed.returncode == 1 and "Traceback" not in killed.stderr, killed.stderr[-2000:]
        assert re.fullmatch(r"ontschot: world \d+ of '\w+', replication \d failed: KilledWorker: every worker it was "
                            r"given to died while running it \(1, the last at tcp://127\.0\.0\.1:\d+; .*", said[0])
        failed = int(re.match(r"ontschot: (\d+) of \d+ runs failed", said[-1]).group(1))
        assert failed == len(said) - 1 >= 1
        again = _stored(out)
        assert all(again[k] == t for k, t in kept.items())  # what the first run stored was reused, not rewritten
        assert len(again) == total - failed

        # One more worker and the same command again: only the failed runs are computed.
        c.add_workers(1)
        proc = subprocess.run([sys.executable, "-m", "sim", *_args(files, out, "--scheduler", c.address)], cwd=ROOT,
                              env=ENV, capture_output=True, text=True, timeout=RUN)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert f"{total - failed} of the {total} runs were read back" in proc.stdout
    final = _stored(out)
    assert all(final[k] == t for k, t in again.items()) and len(final) == total
    _same_as_local(out, local)
