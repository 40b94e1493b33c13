"""`ontschot explore` end to end, small: two policies at 20,000 residents over one year, four
worlds, two replications. The same tables sequentially, in two processes and on a Dask cluster;
an interrupted exploration resumes to the same tables; a run that raises is named by its key and
stops nothing; bad input is one line and exit status 2 before anything runs."""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pandas as pd
import pytest
from pypdf import PdfReader

import sim
import sim.study.executor as E
import sim.study.explore_run as X
from sim.cli import build_parser, main
from sim.model.engine import run_replication
from sim.model.tables import tables
from sim.policy.uncertain import world
from sim.study.explore_run import STORE, run_folder, verdict

from tests.helpers import BASE, ROOT, SCENARIOS

DASK = "dask.distributed is not installed: pip install 'ontschot[dask]'"
POLICIES = ("eindhoven_radical_maatwerk", "eindhoven_capped")
WORLDS, REPS, SEED = 4, 2, 3
FAILS = "deficit > 2000000"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """The two shipped Eindhoven policies at workshop size for one year; their ranges come from the base."""
    folder = tmp_path_factory.mktemp("policies")
    for name in POLICIES:
        (folder / f"{name}.yaml").write_text(f"extends: {SCENARIOS / name}.yaml\nmunicipality: {{residents: 20000}}\n"
                                             "run: {horizon_years: 1}\n", encoding="utf-8")
    return [str(folder / f"{name}.yaml") for name in POLICIES]


def _args(files, out, *more) -> list[str]:
    return ["explore", *files, "--samples", str(WORLDS), "--replications", str(REPS), "--seed", str(SEED),
            "--fails", FAILS, "--out", str(out), *more]


@pytest.fixture(scope="module")
def sequential(files, tmp_path_factory):
    """One exploration run in this process: the folder every other test compares with."""
    out = tmp_path_factory.mktemp("explore") / "sequential"
    assert main(_args(files, out)) == 0
    return out



def _tables(out) -> dict[str, pd.DataFrame]:
    return {"worlds": pd.read_parquet(out / "worlds.parquet"), "timeseries": pd.read_parquet(out / "timeseries.parquet"),
            "groups": pd.read_csv(out / "groups.csv"), "sensitivity": pd.read_csv(out / "sensitivity.csv"),
            "robustness": pd.read_csv(out / "robustness.csv")}


def _same(a, b) -> None:
    ta, tb = _tables(a), _tables(b)
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], check_exact=True, obj=name)


def _stored_files(out) -> dict:
    """Every stored run's files with their checksums, by run folder."""
    return {str(m.parent.relative_to(out)): json.loads(m.read_text())["files"]
            for m in sorted((out / STORE).rglob("manifest.json"))}


@pytest.mark.parametrize("how", ["processes", "dask"])
def test_the_same_exploration_is_bit_identical_however_it_runs(how, files, sequential, tmp_path, request):
    more = ["--workers", "2"] if how == "processes" else ["--scheduler", request.getfixturevalue("cluster")]
    out = tmp_path / how
    assert main(_args(files, out, *more)) == 0
    _same(sequential, out)
    stored = _stored_files(out)
    assert len(stored) == WORLDS * REPS * len(POLICIES) and stored == _stored_files(sequential)


def test_each_run_is_the_policy_in_its_world_with_luck_from_the_seed_and_replication_alone(files, sequential):
    """A row of worlds.csv is what running that world by hand gives, and replication r's residents
    do not depend on the world: the number of cases on day 0 is the same in every world."""
    t = pd.read_parquet(sequential / "worlds.parquet")
    assert len(t) == WORLDS * len(POLICIES) * REPS and t["world"].nunique() == WORLDS
    s = sim.load_scenario(files[1])
    row = t[(t["world"] == 2) & (t["policy"] == POLICIES[1]) & (t["replication"] == 1)].iloc[0]
    w = world(s, {p: row[p].item() if hasattr(row[p], "item") else row[p] for p in s.uncertain})
    summary = tables(run_replication(w, SEED, 1))["summary"].iloc[0]
    assert row["deficit"] == summary["deficit"] and row["n_cases"] == summary["n_cases"]
    assert row["cost_per_year"] == summary["total_cost"] / 1
    first = t[t["policy"] == POLICIES[0]]
    assert (first["difference.deficit"] == 0).all()
    capped = t[t["policy"] == POLICIES[1]].set_index(["world", "replication"])
    radical = first.set_index(["world", "replication"])
    assert (capped["difference.deficit"] == capped["deficit"] - radical["deficit"]).all()
    assert t.groupby("world")["population.latent_share"].nunique().eq(1).all()  # one world: one value
    assert t["population.max_problems"].isin([2, 3, 4]).all() and t["population.max_problems"].dtype.kind == "i"


def test_the_outputs_say_how_many_worlds_and_replications_which_method_and_that_ranges_are_assumptions(sequential):
    for name in ("worlds.csv", "worlds.parquet", "groups.csv", "timeseries.parquet", "sensitivity.csv", "noise.csv",
                 "robustness.csv", "discovery_boxes.csv", "discovery_limits.csv", "discovery_rules.txt",
                 "explore.pdf", "report.html", f"sensitivity_{POLICIES[0]}_deficit.png",
                 f"sensitivity_{POLICIES[1]}_difference.deficit.png"):
        assert (sequential / name).is_file(), name
    m = json.loads((sequential / "manifest.json").read_text())
    assert (m["method"], m["worlds"], m["replications"], m["seed"], m["fails"]) == ("lhs", WORLDS, REPS, SEED, FAILS)
    assert [a["label"] for a in m["scenarios"]] == list(POLICIES) and all(len(a["scenario_hash"]) == 64
                                                                          for a in m["scenarios"])
    assert "worlds.csv" in m["files"] and m["version"] == sim.__version__
    html = (sequential / "report.html").read_text(encoding="utf-8")
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(sequential / "explore.pdf").pages)
    for text in (html, pdf):
        assert "4 worlds" in text and "2 replications per world" in text and "Latin hypercube" in text
        assert "assumptions to discuss" in text
        assert "never from the world" in text  # the worlds share their luck, and the report says so
    rules = (sequential / "discovery_rules.txt").read_text(encoding="utf-8")
    assert "deficit after reserve above EUR 2.0M" in rules and "of the 4 worlds" in rules


def test_the_exploration_writes_its_tables_to_one_workbook_with_the_csvs_numbers(sequential):
    """tables.xlsx: one sheet per CSV of the exploration, its numbers those of the CSV, listed in the manifest."""
    from openpyxl import load_workbook

    book = load_workbook(sequential / "tables.xlsx", read_only=True)
    m = json.loads((sequential / "manifest.json").read_text())
    assert "tables.xlsx" in m["files"]
    for csv in ("worlds.csv", "sensitivity.csv", "robustness.csv"):
        table = pd.read_csv(sequential / csv)
        sheet = next(book[n] for n in book.sheetnames if n.startswith(csv[:-4][:31]))
        rows = list(sheet.iter_rows(values_only=True))
        numbers = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
        assert len(rows) - 1 >= len(table), csv  # a header (and perhaps a units row) above the table's rows
        last = rows[-len(table):]
        for j, column in enumerate(table.columns):
            if column in numbers:
                shown = [r[j] for r in last]
                want = table[column].tolist()
                assert all((pd.isna(w) and v is None) or v == pytest.approx(w, rel=1e-12) for v, w in zip(shown, want)), \
                    (csv, column)


def test_an_interrupted_exploration_resumes_to_the_same_tables(files, sequential, tmp_path, monkeypatch, capsys):
    """One stored run deleted, one damaged: only those two run again, the tables are the same, in Dutch too."""
    out = tmp_path / "resumed"
    shutil.copytree(sequential, out)
    shutil.rmtree(run_folder(out / STORE, POLICIES[0], 1, 0))
    (run_folder(out / STORE, POLICIES[1], 3, 1) / "summary.parquet").write_bytes(b"not parquet")
    real, ran = X.simulate_world, []
    monkeypatch.setattr(X, "simulate_world", lambda *a: ran.append(a[-1]) or real(*a))
    capsys.readouterr()
    assert main(_args(files, out, "--lang", "nl")) == 0
    assert len(ran) == 2
    captured = capsys.readouterr()
    # the damaged run and the progress bar, both in the user's language
    assert f"wereld 3 van '{POLICIES[1]}', herhaling 1 in " in captured.err and "wordt opnieuw berekend" in captured.err
    assert "computing it again" not in captured.err
    assert "runs (wereld, beleid, herhaling)" in captured.err
    assert "14 van de 16 runs kwamen terug uit" in captured.out
    _same(sequential, out)
    assert "aannames om over te praten" in (out / "report.html").read_text(encoding="utf-8")


def test_a_run_that_raises_is_named_by_its_key_the_others_finish_and_a_rerun_does_only_it(files, sequential, tmp_path,
                                                                                          monkeypatch, capsys):
    out = tmp_path / "failing"
    shutil.copytree(sequential, out)
    gone = [(POLICIES[0], 0, 1), (POLICIES[1], 1, 0), (POLICIES[1], 2, 1)]
    for policy, w, r in gone:
        shutil.rmtree(run_folder(out / STORE, policy, w, r))
    real = X.simulate_world
    bad_latent = pd.read_parquet(sequential / "worlds.parquet").query("world == 1")["population.latent_share"].iloc[0]

    def flaky(portable, values, world_hash, seed, replication):
        if values["population.latent_share"] == bad_latent:
            raise RuntimeError("a worker's disk\nwent away")
        return real(portable, values, world_hash, seed, replication)

    monkeypatch.setattr(X, "simulate_world", flaky)
    capsys.readouterr()
    assert main(_args(files, out)) == 1
    err = capsys.readouterr().err
    assert f"world 1 of '{POLICIES[1]}', replication 0 failed: RuntimeError: a worker's disk went away" in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"ontschot: 1 of 3 runs failed (world 1 of '{POLICIES[1]}', replication 0); the 2 others "
                           "finished and are stored in ") and last.endswith("runs only the missing ones again")
    s = {p: sim.load_scenario(f) for p, f in zip(POLICIES, files)}
    values = X.plan(list(s.items()), "lhs", WORLDS, REPS, SEED)
    for policy, w, r in gone:
        stored = verdict(run_folder(out / STORE, policy, w, r), values.scenarios[(w, policy)], SEED, r)
        assert stored is (w != 1)
    monkeypatch.setattr(X, "simulate_world", real)
    assert main(_args(files, out)) == 0
    assert "15 of the 16 runs were read back" in capsys.readouterr().out
    _same(sequential, out)


def _one_line_exit_2(argv, capsys, out) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert not out.exists()
    return err


def test_bad_input_is_one_line_and_exit_2_before_anything_runs(files, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    plain = tmp_path / "plain.yaml"
    removed = "".join(f"  {p}: null\n" for p in sim.load_scenario(BASE).uncertain)  # a file may drop its base's ranges
    plain.write_text(f"extends: {BASE}\nname: plain\nuncertain:\n{removed}", encoding="utf-8")
    assert "has no 'uncertain:' section" in _one_line_exit_2(["explore", str(plain), "--out", str(out)], capsys, out)
    typo = tmp_path / "typo.yaml"
    typo.write_text(f"extends: {files[0]}\nuncertain:\n  population.latnt_share: {{low: 0.1, high: 0.2, why: guess}}\n",
                    encoding="utf-8")
    err = _one_line_exit_2(["explore", str(typo), "--out", str(out)], capsys, out)
    assert "typo.yaml" in err and "latnt_share" in err and "latent_share" in err
    other = tmp_path / "other.yaml"
    other.write_text(f"extends: {files[1]}\nuncertain:\n  access.miss_probability: {{low: 0.2, high: 0.3, why: x}}\n",
                     encoding="utf-8")
    err = _one_line_exit_2(["explore", files[0], str(other), "--out", str(out)], capsys, out)
    assert "gives other uncertain ranges" in err and "'access.miss_probability'" in err
    err = _one_line_exit_2(["explore", files[0], "--method", "sobol", "--samples", "6", "--out", str(out)], capsys, out)
    assert "Sobol' points balance only in powers of two, so give a power of two such as 4 or 8" in err
    err = _one_line_exit_2(["explore", files[0], "--fails", "defecit > 0", "--out", str(out)], capsys, out)
    assert "no metric called 'defecit'" in err
    err = _one_line_exit_2(["explore", files[0], "--fails", "deficit_y3 > 0", "--out", str(out)], capsys, out)
    assert "no column 'deficit_y3'" in err and "runs 1 years" in err
    monkeypatch.setattr(X, "available", lambda: False)
    err = _one_line_exit_2(["explore", files[0], "--fails", "deficit > 0", "--out", str(out)], capsys, out)
    assert "pip install 'ontschot[explore]'" in err
    pytest.importorskip("dask.distributed", reason=DASK)
    monkeypatch.setattr(E, "CONNECT_TIMEOUT", 1.0)
    err = _one_line_exit_2(["explore", files[0], "--scheduler", "tcp://127.0.0.1:1", "--out", str(out)], capsys, out)
    assert err.startswith("ontschot: cannot reach the Dask scheduler at tcp://127.0.0.1:1: ")


def test_a_users_folder_is_never_replaced(files, tmp_path, capsys):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my notes")
    assert main(_args(files, mine)) == 2
    assert "notes.txt" in capsys.readouterr().err and (mine / "notes.txt").read_text() == "my notes"


def test_the_readme_explore_example_runs_on_shipped_files(tmp_path):
    """The README's command parses, names shipped files with ranges, and explores them (made small here)."""
    from sim.policy.scale import rescale
    from sim.study.explore_run import explore
    from sim.study.failure import parse

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^python3 -m pip install \".\[explore\]\" && python3 -m sim (explore scenarios/.+)$", readme, re.M).group(1)
    args = build_parser().parse_args(shlex.split(command))
    policies = []
    for path in args.scenarios:
        s = rescale(sim.load_scenario(ROOT / path), 3_000)
        s.run.horizon_years = 1
        assert s.uncertain, path
        policies.append((path, s))
    x = explore(policies, method=args.method, samples=3 if args.method == "lhs" else args.samples,
                replications=args.replications, seed=args.seed,
                failure=parse(args.fails) if args.fails else None, store=tmp_path / STORE)
    assert x.worlds == 3 and len(x.table) == 3 * len(policies) * args.replications
