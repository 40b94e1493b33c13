"""`ontschot explain DIR` without a case id: a few cases worth telling, chosen from the cases table."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sim
from sim.cli import main
from sim.policy.scenario import Button
from sim.report.explain import explain
from sim.report.output import write_tables
from sim.study.compare import compare

from tests.helpers import small


def _as_file(s: sim.Scenario, path: Path) -> sim.Scenario:
    path.write_text(yaml.safe_dump(s.model_dump(mode="json", exclude={"extends"}), sort_keys=False), encoding="utf-8")
    return sim.load_scenario(path)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A small desk-based run with a waiting list that surely fires."""
    root = tmp_path_factory.mktemp("worth_run")
    s = small("baseline_earmarked.yaml", 10_000, years=2)
    s.buttons = [Button(name="waiting_list", metric="committed_share", budget="total", fire=1.3, release=1.25,
                        action="waitlist", domains=["wmo", "jeugd"])]
    s = _as_file(s, root / "waiting.yaml")
    out = root / "result"
    out.mkdir()
    write_tables(sim.run(s, seed=1, replications=2), out)
    return out


@pytest.fixture(scope="module")
def compare_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("worth_compare")
    arms = [_as_file(small(f"{n}.yaml", 10_000, years=2), root / f"{n}.yaml")
            for n in ("eindhoven_radical_maatwerk", "eindhoven_capped")]
    c = compare(arms, seed=1, replications=1, store=root / "out" / "replications")
    (root / "out" / "manifest.json").write_text(json.dumps(c.manifest()))
    return root / "out"


def _ids(text: str, word: str = "case") -> list[int]:
    return [int(x) for x in re.findall(rf"^  {word} (\d+):", text, flags=re.M)]


def _first(cases: pd.DataFrame, rows: pd.Series) -> int:
    """The lowest id among the rows that begin within the term (not the day-0 caseload: in care or in processing)."""
    return int(cases.loc[rows & ~cases["origin"].isin(["initial", "pipeline"]), "case_id"].min())


def test_a_run_folder_lists_the_lowest_id_of_each_kind(run_dir):
    text = explain(run_dir, None)
    cases = pd.read_parquet(run_dir / "cases.parquet").query("replication == 0")
    several, delayed, escalated = _ids(text)
    assert several == _first(cases, cases["n_problems"] >= 2)
    assert delayed == _first(cases, cases["delay_days"] > 0)  # the waiting list held it back
    # The lowest escalated case whose costlier episode arrived within the run, and that episode.
    followed = cases[(cases["origin"] == "escalated") & (cases["parent_case_id"] >= 0)]
    assert escalated == _first(cases, (cases["n_escalated"] > 0) & cases["case_id"].isin(followed["parent_case_id"]))
    child = followed[followed["parent_case_id"] == escalated]
    assert f"(its follow-up: case {int(child['case_id'].min())})" in text
    assert "a button (waiting_list) held it back" in text
    assert f"Tell one: ontschot explain {run_dir} {several}\n" in text
    # Each one is told: the listing's ids are cases the story can be told of, with what was promised.
    story = explain(run_dir, delayed)
    assert "waiting_list" in story
    assert explain(run_dir, None) == text  # deterministic


def test_another_replication_and_dutch(run_dir):
    text = explain(run_dir, None, replication=1, lang="nl")
    cases = pd.read_parquet(run_dir / "cases.parquet").query("replication == 1")
    assert _ids(text, "casus")[0] == _first(cases, cases["n_problems"] >= 2)
    assert text.startswith("Casussen om te vertellen in herhaling 1 van waiting")
    assert "--replication 1" in text and "noodknop" in text
    for english in ("case ", "several", "held it back", "Tell one", "escalated"):
        assert english not in text


def test_a_comparison_lists_each_scenario_and_one_resident_told_side_by_side(compare_dir):
    text = explain(compare_dir, None)
    labels = ("eindhoven_radical_maatwerk", "eindhoven_capped")
    assert text.startswith("Cases worth telling in replication 0, per scenario:")
    for lab in labels:
        cases = pd.read_parquet(compare_dir / "replications" / lab / "rep_0000" / "cases.parquet")
        section = text.split(f"\n{lab} (")[1].split("\n\n")[0]
        assert _ids(section)[0] == _first(cases, cases["n_problems"] >= 2)
        held, acted = cases["delay_days"] > 0, cases["button"] != ""
        if (held | acted).any():  # the capped arm: one held back, else one a button steered, cut or refused
            assert _ids(section)[1] == _first(cases, held if held.any() else acted)
        else:  # the radical arm has no buttons
            assert "no case a button acted on" in section
    found = re.search(r"Case (\d+) is the same resident \((\d+)\) in every scenario", text)
    assert found, text
    case, resident = int(found[1]), int(found[2])
    ends = set()
    for lab in labels:
        cases = pd.read_parquet(compare_dir / "replications" / lab / "rep_0000" / "cases.parquet").set_index("case_id")
        assert cases.loc[case, "resident_id"] == resident
        ends.add(cases.loc[case, "outcome"])
    assert len(ends) > 1
    assert f"Tell one: ontschot explain {compare_dir} {case}\n" in text
    one = explain(compare_dir, None, scenario="eindhoven_capped", lang="nl")
    assert "--scenario eindhoven_capped" in one and "eindhoven_radical_maatwerk" not in one


def test_the_command_line_lists_without_a_case_id(run_dir, capsys):
    assert main(["explain", str(run_dir), "--lang", "nl"]) == 0
    assert capsys.readouterr().out.rstrip() == explain(run_dir, None, lang="nl").rstrip()
