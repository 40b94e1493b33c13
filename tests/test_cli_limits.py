"""Every number on the command line, of every command, is bounded before any work (sim.study.limits).

A property test draws each number across its whole type (0, negatives, huge, non-numbers, inf,
NaN, digits of other scripts) and requires that the command either refuses it with exit status 2
and one line, no traceback, before anything starts and without an output folder, or accepts it
within the limits. Nothing runs: the first thing that would do work (the replications' runner,
the exploration's plan, the story of a case) is replaced by a stand-in that stops the command and
says what it was given, which is then checked against the machine. Beside it, the Python
functions are bounded alike, and `municipalities`' two crashes are clean exits.
"""

from __future__ import annotations

import contextlib
import io
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import sim
import sim.report.explain as EXPLAIN
import sim.study.compare as C
import sim.study.explore_run as X
import sim.study.municipalities as MUN
import sim.study.results as RES
from sim.cli import main
from sim.study import limits as L
from sim.study.design import worlds_for

from tests.helpers import BASE

SMALL = str(BASE)  # scenarios/base/small_municipality.yaml: 30,000 residents, with uncertain ranges


class Started(Exception):
    """The stand-in for the first piece of work: the command got this far with these values."""

    def __init__(self, **given):
        super().__init__("started")
        self.given = given


class _Runner:
    """Stands in for sim.study.replicate.Runner: records what a comparison or municipalities would run."""

    def __init__(self, scenarios, labels, seed, workers=1, scheduler=None, **_):
        self.scenarios, self.seed, self.workers, self.scheduler = scenarios, seed, workers, scheduler

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self, replications):
        raise Started(scenarios=self.scenarios, seed=self.seed, workers=self.workers, replications=len(replications))


def _plan(policies, method, samples, replications, seed=None):
    raise Started(policies=policies, method=method, samples=samples, replications=replications, seed=seed)


def _replication(scenario, seed, replication):
    raise Started(seed=seed)


def _explain(result, case_id, replication=0, **_):
    raise Started(case_id=case_id, replication=replication)


@pytest.fixture(autouse=True)
def nothing_runs(monkeypatch):
    monkeypatch.setattr(C, "Runner", _Runner)
    monkeypatch.setattr(MUN, "Runner", _Runner)
    monkeypatch.setattr(X, "plan", _plan)
    monkeypatch.setattr(RES, "run_replication", _replication)
    monkeypatch.setattr(EXPLAIN, "explain", _explain)


# Numbers across their whole type, as a user or an attacker would type them.
NUMBERS = st.one_of(
    st.sampled_from(["0", "-0", "-1", "1", "2", "3", "1e9", "inf", "-inf", "nan", "NaN", "abc", "", " 7 ", "1_000",
                     "\u0663", "0x10", "1.5", "2.0", "99999999999", "9" * 30, "9" * 5000, "1000000000",
                     "9223372036854775807", "9223372036854775808", "100", "101", "1e-300", "0.5"]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=6),
)

# Every command's numbers: (command line before the option, the option).
OPTIONS = [
    (["run", SMALL], "--seed"), (["run", SMALL], "--replications"),
    (["compare", SMALL, SMALL], "--replications"), (["compare", SMALL, SMALL, "--precision", "5"], "--max-replications"),
    (["compare", SMALL, SMALL], "--precision"), (["compare", SMALL, SMALL], "--workers"),
    (["compare", SMALL, SMALL], "--seed"),
    (["sweep", SMALL, "--vary", "buttons.0.fire=0.9,1.0"], "--replications"),
    (["sweep", SMALL, "--vary", "buttons.0.fire=0.9,1.0"], "--workers"),
    (["sweep", SMALL, "--vary", "buttons.0.fire=0.9,1.0"], "--seed"),
    (["explore", SMALL], "--samples"), (["explore", SMALL], "--replications"), (["explore", SMALL], "--workers"),
    (["explore", SMALL], "--seed"), (["explore", SMALL, "--method", "sobol"], "--samples"),
    (["municipalities", "TABLE", "--base", SMALL], "--replications"),
    (["municipalities", "TABLE", "--base", SMALL], "--workers"), (["municipalities", "TABLE", "--base", SMALL], "--seed"),
    (["explain", "RESULT"], "--replication"), (["explain", "RESULT", "--"], None),  # None: the positional CASE_ID
]


def _command(argv: list[str], folder: Path) -> tuple[int | None, str, dict | None]:
    """Run `ontschot` in this process: (exit status, stderr, what the work was given if it started)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            return main(argv), err.getvalue(), None
        except SystemExit as exc:  # argparse's own refusals
            return int(exc.code), err.getvalue(), None
        except Started as started:
            return None, err.getvalue(), started.given


def _within_limits(argv: list[str], given: dict) -> None:
    """What a command accepted fits the machine: no more workers than cores, a seed a 64-bit integer,
    and the runs it would start within its memory and a week (by the same estimate of a run)."""
    seed = given.get("seed")
    assert seed is None or 0 <= seed <= L.MAX_SEED
    if "workers" in given:
        assert 1 <= given["workers"] <= L.cores()
    if "replications" in given and "scenarios" in given:
        scenarios, n = given["scenarios"], given["replications"]
        seconds = n * sum(L.run_cost(s).seconds for s in scenarios) / given.get("workers", 1)
        assert seconds <= L.MAX_SECONDS and n * len(scenarios) * L.LIGHT_BYTES <= L.memory()
    if "policies" in given:
        k = len(given["policies"][0][1].uncertain)
        runs = worlds_for(given["method"], given["samples"], k) * len(given["policies"]) * given["replications"]
        assert runs * L.EXPLORE_RUN_BYTES <= L.memory()
        assert runs * L.run_cost(given["policies"][0][1]).seconds <= L.MAX_SECONDS * L.cores()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(OPTIONS), value=NUMBERS, lang=st.sampled_from(["en", "nl"]))
def test_every_command_line_number_is_refused_before_work_or_accepted_within_the_limits(where, value, lang):
    head, option = where
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "table.csv").write_text("municipality,residents\nVlieland,1200\n", encoding="utf-8")
        (folder / "result").mkdir()
        head = [str(folder / "table.csv") if a == "TABLE" else str(folder / "result") if a == "RESULT" else a
                for a in head]
        argv = head + ([value] if option is None else [f"{option}={value}"]) + ["--lang", lang]
        if head[0] != "explain":
            argv += ["--out", str(folder / "out")]
        status, err, given_ = _command(argv, folder)
        if given_ is not None:  # accepted: only what fits was started
            _within_limits(argv, given_)
            return
        assert status == 2, (argv[-4:], status, err)
        lines = [line for line in err.splitlines() if line.strip()]
        # what is said besides the refusal: how a CSV is read, and workers lowered to the cores
        notice = [line for line in lines if "table.csv: " in line and "(,)" in line
                  or "--workers" in line and ("cores" in line or "kernen" in line)]
        assert "Traceback" not in err and len(lines) - len(notice) == 1, err
        assert lines[-1].startswith("ontschot: ")
        assert not (folder / "out").exists()  # refused before anything was made


def test_more_workers_than_cores_are_lowered_with_a_notice_in_the_readers_language():
    with tempfile.TemporaryDirectory() as tmp:
        status, err, given_ = _command(["compare", SMALL, SMALL, "--workers", "1000", "--replications", "2",
                                        "--lang", "nl", "--out", str(Path(tmp) / "out")], Path(tmp))
    assert status is None and given_["workers"] == L.cores()
    assert f"--workers 1000: deze machine heeft {L.cores()} kernen" in err


@pytest.mark.parametrize("argv, words", [
    (["explore", SMALL, "--samples", "1000000000"], "--samples 1,000,000,000: this would need about"),
    (["compare", SMALL, SMALL, "--replications", "100000000"], "at most --replications"),
    (["compare", SMALL, SMALL, "--precision", "1", "--max-replications", "1000000000"], "at most --max-replications"),
    (["run", SMALL, "--replications", "1000000"], "this machine has"),
    (["sweep", SMALL, "--vary", "buttons.0.fire=" + ",".join(str(0.5 + k / 1000) for k in range(300)),
      "--vary", "buttons.0.release=" + ",".join(str(0.4 + k / 1000) for k in range(300))],  # 90,000 points
     "at most --vary (points)"),
])
def test_what_the_machine_cannot_hold_is_refused_in_one_line_saying_what_it_needs_and_has(argv, words, tmp_path):
    status, err, given_ = _command(argv + ["--out", str(tmp_path / "out")], tmp_path)
    assert given_ is None and status == 2
    assert err.count("\n") == 1 and words in err, err
    assert not (tmp_path / "out").exists()


def test_the_python_functions_are_bounded_as_the_command_line_is():
    s = sim.load_scenario(SMALL)
    with pytest.raises(L.LimitError, match="at most --replications"):
        sim.run(s, replications=10**8)
    with pytest.raises(L.LimitError, match="at most --replications"):
        sim.compare([s, s], replications=10**8)
    with pytest.raises(L.LimitError, match="seed"):
        sim.compare([s, s], replications=2, seed=-1)
    with pytest.raises(L.LimitError, match=r"--vary \(points\)"):
        sim.sweep(s, {"buttons.0.fire": [0.5 + k / 10**7 for k in range(10**6)]}, replications=2)
    with pytest.raises(L.LimitError, match="at most --samples"):
        X.explore([("a", s), ("b", s)], samples=10**9, replications=2)


def test_municipalities_rows_a_date_that_cannot_be_and_a_row_too_large_exit_2_naming_the_cell(tmp_path):
    """The two crashes: 'ValueError: day is out of range for month' and a MemoryError mid-run."""
    table = tmp_path / "t.csv"
    cases = [("municipality,residents,run.horizon_years\nA,1000,2023-02-30\n", "line 2, column 'run.horizon_years'"),
             ("municipality,residents,domains.wmo.incidence\nA,2000000,1000\n", "line 2, column 'residents'")]
    for text, where in cases:
        table.write_text(text, encoding="utf-8")
        status, err, given_ = _command(["municipalities", str(table), "--base", SMALL, "--out", str(tmp_path / "o")],
                                       tmp_path)
        assert given_ is None and status == 2 and "Traceback" not in err
        assert f"{table}, {where}: " in err.splitlines()[-1], err
        assert not (tmp_path / "o").exists()


def test_many_municipalities_are_bounded_by_the_machine(tmp_path):
    table = tmp_path / "many.csv"
    table.write_text("municipality,residents\n" + "".join(f"M{k},2000000\n" for k in range(300)), encoding="utf-8")
    status, err, given_ = _command(["municipalities", str(table), "--base", SMALL, "--replications", "100",
                                    "--out", str(tmp_path / "o")], tmp_path)
    assert given_ is None and status == 2 and f"rows of {table}" in err, err


def test_the_bounds_follow_the_machine(monkeypatch):
    """What fits is what this machine has: half the memory, half the runs (not a fixed number)."""
    s = sim.load_scenario(SMALL)

    def most(mem: int) -> int:
        monkeypatch.setattr(L, "memory", lambda: mem)
        try:
            L.replications_fit([s, s], 10**12, scheduler="tcp://x:1")  # a cluster: memory alone bounds it
        except L.LimitError as exc:
            return int(str(exc).rsplit("--replications ", 1)[1].split()[0].replace(",", ""))
        raise AssertionError("not refused")

    big, small = most(32 * 10**9), most(16 * 10**9)
    assert math.isclose(small / big, 0.5, rel_tol=0.01)
