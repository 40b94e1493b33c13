"""`ontschot compare`, `sweep` and `explain` from the command line: what a user gets, and what a
user who got an argument wrong is told (exit status 2, one line, no traceback, no output)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent


def tiny(folder: Path, name: str, extends: str, years: int = 1, residents: int = 10_000) -> Path:
    """A shipped scenario at a small size, as a user would write one: a file that extends it."""
    path = folder / f"{name}.yaml"
    path.write_text(f"extends: {ROOT / 'scenarios' / extends}\n"
                    f"municipality: {{residents: {residents}}}\n"
                    f"run: {{horizon_years: {years}, replications: 2}}\n")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scenarios")
    return tiny(folder, "radical", "eindhoven_radical_maatwerk.yaml"), tiny(folder, "capped", "eindhoven_capped.yaml")


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ontschot: ")
    return lines[0]


@pytest.mark.parametrize("extra, words", [
    (["--replications", "0"], "at least 1"),
    (["--precision", "0"], "above 0"),
    (["--precision", "-3"], "above 0"),
    (["--precision", "lots"], "percentage"),
    (["--replications", "2", "--precision", "5"], "not allowed with"),
    (["--workers", "0"], "at least 1"),
    (["--max-replications", "1", "--precision", "5"], "at least 5"),
])
def test_compare_bad_arguments_exit_2(files, tmp_path, capsys, extra, words):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exc:
        main(["compare", *map(str, files), "--out", str(out), *extra])
    assert exc.value.code == 2
    assert words in one_line(capsys.readouterr().err)
    assert not out.exists()


def test_compare_a_missing_file_exits_2_naming_it(files, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compare", str(files[0]), str(tmp_path / "nowhere.yaml"), "--out", str(out)]) == 2
    assert "nowhere.yaml" in one_line(capsys.readouterr().err)
    assert not out.exists()


def test_compare_needs_two_files_and_a_safe_output_folder(files, tmp_path, capsys):
    assert main(["compare", str(files[0]), "--out", str(tmp_path / "o")]) == 2
    assert "at least two" in one_line(capsys.readouterr().err)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    assert main(["compare", *map(str, files), "--out", str(precious)]) == 2
    assert "not an Ontschot result" in one_line(capsys.readouterr().err)
    assert (precious / "thesis.docx").read_text() == "years of work"


@pytest.mark.parametrize("vary, words", [
    ("buttons.0.fier=1.0,1.1", "Did you mean 'fire'"),
    ("nothing.here=1,2", "there is no field 'nothing'"),
    ("buttons.0.fire", "PATH=V1,V2"),
    ("buttons.0.fire=0.5,0.6", "contradictory"),
])
def test_sweep_bad_parameters_exit_2(files, tmp_path, capsys, vary, words):
    out = tmp_path / "out"
    code = None
    try:
        code = main(["sweep", str(files[1]), "--vary", vary, "--out", str(out)])
    except SystemExit as exc:  # argparse rejects a malformed --vary itself
        code = exc.code
    assert code == 2
    assert words in one_line(capsys.readouterr().err)
    assert not out.exists()


def test_explain_on_a_folder_that_is_not_a_result_exits_2(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "none"), "3"]) == 2
    assert "not a result folder" in one_line(capsys.readouterr().err)


def test_an_interrupted_compare_resumes_to_the_same_result(files, tmp_path):
    """Kill the command once the first replication is stored; the rerun reuses it and its tables
    equal those of a run that was never interrupted."""
    cmd = [sys.executable, "-m", "sim", "compare", *map(str, files), "--replications", "3"]
    out = tmp_path / "interrupted"
    proc = subprocess.Popen([*cmd, "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = out / "replications" / "radical" / "rep_0000" / "manifest.json"
    deadline = time.monotonic() + 120
    while not first.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)  # no chance to clean up: the hardest interruption
    proc.wait()
    assert first.exists()
    assert not (out / "manifest.json").exists() or proc.returncode == 0
    resumed = subprocess.run([*cmd, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    if proc.returncode != 0:  # it really was interrupted: the rerun says what it reused
        assert re.search(r"\(\d+ replications? reused", resumed.stdout), resumed.stdout
    whole = tmp_path / "whole"
    fresh = subprocess.run([*cmd, "--out", str(whole)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert fresh.returncode == 0, fresh.stderr
    for table in ("differences.csv", "summary.csv", "timeseries.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(out / table), pd.read_csv(whole / table))
    assert json.loads((out / "manifest.json").read_text())["replications"] == 3


@pytest.fixture(scope="module")
def compared(files, tmp_path_factory):
    out = tmp_path_factory.mktemp("compare") / "out"
    assert main(["compare", *map(str, files), "--out", str(out), "--replications", "2", "--lang", "nl"]) == 0
    return out


def test_compare_writes_the_whole_result(compared):
    names = {p.name for p in compared.iterdir()}
    assert {"brief.pdf", "report.html", "model.md", "differences.csv", "means.csv", "summary.csv", "acceptability.csv",
            "timeseries.parquet", "events.csv", "manifest.json", "replications", "cost_curves.png",
            "satisfaction_curves.png", "deficit_per_year.png", "button_timeline.png", "wait_distribution.png",
            "cost_vs_satisfaction.png", "acceptability.png"} <= names
    assert not [n for n in names if n.startswith(".")]  # no temporary folder left behind
    m = json.loads((compared / "manifest.json").read_text())
    assert [s["label"] for s in m["scenarios"]] == ["radical", "capped"]
    assert all(len(s["scenario_hash"]) == 64 for s in m["scenarios"])
    assert m["seed"] == 1 and m["replications"] == 2 and m["version"] and m["created"]
    d = pd.read_csv(compared / "differences.csv")
    assert set(d["scenario"]) == {"capped"} and "cost_per_year" in set(d["metric"])


def test_the_brief_is_one_a4_page_and_the_report_is_dutch_and_offline(compared):
    from pypdf import PdfReader

    pdf = PdfReader(str(compared / "brief.pdf"))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)  # A4 in mm
    html = (compared / "report.html").read_text(encoding="utf-8")
    assert "lang='nl'" in html and "herhalingen" in html
    without_pictures = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)
    assert not re.search(r"(?i)(https?:|//[a-z0-9.-]+\.[a-z]{2,}/|@import|<script|<link)", without_pictures)


def test_explain_tells_a_case_of_the_comparison(compared, capsys):
    assert main(["explain", str(compared), "5", "--scenario", "capped"]) == 0
    out = capsys.readouterr().out
    assert "Case 5" in out and "capped" in out


def test_sweep_writes_the_tradeoff_curve(files, tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", str(files[1]), "--vary", "buttons.0.fire=1.0,1.5", "--replications", "2",
                 "--out", str(out)]) == 0
    assert {"tradeoff.png", "sweep.csv", "summary.csv", "manifest.json"} <= {p.name for p in out.iterdir()}
    t = pd.read_csv(out / "sweep.csv")
    assert list(t["buttons.0.fire"]) == [1.0, 1.5]
    assert json.loads((out / "manifest.json").read_text())["parameters"] == ["buttons.0.fire"]


def test_an_interrupt_says_how_to_resume(files, tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    # sys.modules: `sim.compare` as an attribute is the function, not the module.
    monkeypatch.setattr(sys.modules["sim.study.compare"], "compare", interrupted)
    out = tmp_path / "out"
    assert main(["compare", *map(str, files), "--out", str(out)]) == 130
    err = capsys.readouterr().err
    assert "picks up where this one stopped" in err and str(out / "replications") in err


def test_run_with_several_scenarios_can_be_repeated_into_the_same_folder(files, tmp_path):
    """`ontschot run A B` writes one folder per scenario and an overlaid comparison, each with a
    manifest, so that running it again replaces them instead of refusing."""
    out = tmp_path / "results"
    for _ in range(2):
        assert main(["run", *map(str, files), "--out", str(out), "--replications", "1"]) == 0
    assert {p.name for p in out.iterdir()} == {"radical", "capped", "comparison"}
    manifest = json.loads((out / "comparison" / "manifest.json").read_text())
    assert [m["scenario_file"] for m in manifest["scenarios"]] == [str(f) for f in files]
    assert {"report.md", "cost_curve.png", "satisfaction_curve.png"} <= {p.name for p in (out / "comparison").iterdir()}


@pytest.mark.parametrize("command", ["compare", "sweep"])
def test_compare_and_sweep_refuse_the_working_folder_before_running(files, tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)
    args = [*map(str, files)] if command == "compare" else [str(files[1]), "--vary", "buttons.0.fire=1.0,1.5"]
    assert main([command, *args, "--out", "."]) == 2
    line = one_line(capsys.readouterr().err)
    assert "working in" in line and "--out OTHER" in line
    assert list(tmp_path.iterdir()) == []
