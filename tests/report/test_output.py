"""Nothing is lost: whole results or none, each with its provenance."""

import json

import numpy as np
import pandas as pd
import pytest

import sim
from sim.report.output import atomic_dir, write_result

from tests.helpers import small

FILES = {f"{t}.{ext}" for t in ("cases", "ledger", "timeseries", "events", "summary", "steps") for ext in ("parquet", "csv")}
FILES = FILES - {"ledger.csv"} | {"ledger_by_month.csv"}  # a city's ledger is too long for a spreadsheet
FILES |= {"summary.json", "manifest.json", "scenario.json", "cost_curve.png", "satisfaction_curve.png", "report.md", "groups.csv"}


@pytest.fixture(scope="module")
def result():
    return sim.run(small("eindhoven_capped.yaml", residents=10_000, years=2), seed=2, replications=2)


def test_run_writes_every_table_picture_and_manifest(result, tmp_path):
    out = write_result(result, tmp_path / "res", lang="nl")
    assert {p.name for p in out.iterdir()} == FILES
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario_hash"] == result.scenario.content_hash
    assert manifest["seed"] == 2 and manifest["version"] == sim.__version__ and manifest["created"]
    stored = sim.Scenario.model_validate_json((out / "scenario.json").read_text())
    assert stored.content_hash == result.scenario.content_hash  # the merged scenario that ran
    back = pd.read_parquet(out / "summary.parquet")
    pd.testing.assert_frame_equal(back, result.summary, check_dtype=False)
    assert json.loads((out / "summary.json").read_text())["mean"]["total_cost"] == pytest.approx(result.summary["total_cost"].mean())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_required_columns_exist(result):
    required = {
        "cases": ["case_id", "replication", "arrival_day", "closed_day", "segment", "domains", "n_intakes",
                  "wait_days", "cost", "outcome", "satisfaction"],
        "ledger": ["replication", "day", "budget", "domain", "case_id", "amount", "kind"],
        "summary": ["replication", "total_cost", "deficit", "mean_satisfaction", "share_satisfied", "mean_wait_days",
                    "p90_wait_days", "escalations", "legal_exposure_cases"],
    }
    for table, cols in required.items():
        assert set(cols) <= set(result.table(table).columns), table


def test_interrupted_write_leaves_nothing(tmp_path):
    target = tmp_path / "res"
    with pytest.raises(KeyboardInterrupt):
        with atomic_dir(target) as tmp:
            (tmp / "cases.csv").write_text("half")
            raise KeyboardInterrupt
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_rerun_replaces_a_previous_result_whole(result, tmp_path):
    """An earlier result, even one with a file this writer no longer writes, is replaced whole;
    a folder with a file Ontschot did not write is not (tests/study/test_store_faults.py)."""
    target = tmp_path / "res"
    with atomic_dir(target) as tmp:
        (tmp / "stale.txt").write_text("old")
        result.manifest(tmp)
    write_result(result, target)
    assert not (target / "stale.txt").exists()
    assert {p.name for p in target.iterdir()} == FILES
    manifest = json.loads((target / "manifest.json").read_text())
    assert set(manifest["files"]) == FILES - {"manifest.json"}  # what marks the folder as a result


def test_a_result_folder_gets_the_mode_the_umask_asks_for(result, tmp_path):
    import os
    import stat

    for mask, mode in ((0o022, 0o755), (0o002, 0o775), (0o077, 0o700)):
        old = os.umask(mask)
        try:
            out = write_result(result, tmp_path / f"res_{mask:o}")
        finally:
            os.umask(old)
        assert stat.S_IMODE(out.stat().st_mode) == mode, oct(mask)
        assert stat.S_IMODE((out / "report.md").stat().st_mode) == 0o666 & ~mask


def test_dutch_labels(result):
    from sim.report.plots import cost_curve, satisfaction_curve
    from sim.report.run_report import report

    assert "Totale uitgaven" in report([result], "nl") and "Total spending" in report([result], "en")
    fig = cost_curve([result], lang="nl")
    texts = [fig._suptitle.get_text()] + [t.get_text() for ax in fig.axes for t in (ax.title, ax.xaxis.label)]
    assert any("Cumulatieve uitgaven" in t for t in texts) and any("raadsperiode" in t for t in texts)
    sat = satisfaction_curve([result], lang="nl")
    assert "Tevredenheid" in sat.axes[0].get_title()


def test_the_run_report_writes_numbers_as_its_reader_does(result):
    """The Dutch report used to print English numbers ('EUR 10.3M', '7.86') under Dutch words."""
    from sim.report.numbers import eur_m, grade, percent
    from sim.report.run_report import report

    s = result.summary
    en, nl = report([result], "en"), report([result], "nl")
    cost, sat, share = s["total_cost"].mean(), s["mean_satisfaction"].mean(), s["share_satisfied"].mean()
    assert f"| Total spending | {eur_m(cost)}, " in en  # the mean, its share of the budget, then its 5-95% range
    assert f"| Totale uitgaven | {eur_m(cost, 'nl')}" in nl and " mln" in nl and "EUR" not in nl.split("## ")[0]
    assert f"| {grade(sat)}" in en and f"| {grade(sat, 'nl')}" in nl and "," in grade(sat, "nl")
    assert f"| {percent(share)}" in en and f"| {percent(share, 1, 'nl')}" in nl


@pytest.mark.parametrize("replications, says, not_says", [(1, "one replication", "5-95%"),
                                                          (3, "the lowest and the highest", "with the 5-95% range"),
                                                          (20, "with the 5-95% range", "the lowest")])
def test_the_run_report_names_a_5_95_range_only_when_there_are_enough_replications(replications, says, not_says):
    from sim.report.run_report import _cell, _intro
    from sim.report.labels import label

    intro = label(_intro(replications), "en", years=4, n=replications, seed=1)
    assert says in intro and not_says not in intro
    values = pd.Series(np.arange(replications, dtype=float))
    cell = _cell(values, "mean_satisfaction", "en")
    if replications == 1:
        assert "(" not in cell
    elif replications < 20:
        assert cell.endswith("(0.00 - 2.00)")  # the lowest and the highest
    else:
        lo, hi = np.percentile(values, [5, 95])
        assert cell.endswith(f"({lo:.2f} - {hi:.2f})")
    assert "tussen haakjes het bereik van 5-95%" not in label(_intro(3), "nl", years=4, n=3, seed=1)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_comparisons_report_md_says_its_differences_as_the_brief_does(tmp_path, lang):
    """`ontschot run A B`: the comparison's report.md gives each later scenario's paired differences in the
    brief's sentences (one rule for 'no clear difference' and 'no difference that matters')."""
    from sim.report.brief import headlines
    from sim.report.output import write_comparison
    from sim.study.compare import compare_whole
    from tests.helpers import small

    pair = [small("eindhoven_radical_maatwerk.yaml", 10_000, years=1), small("eindhoven_capped.yaml", 10_000, years=1)]
    c, results = compare_whole(pair, ["radical", "capped"], seed=3, replications=2)
    md = (write_comparison(c, results, tmp_path, lang) / "report.md").read_text(encoding="utf-8")
    for heading, said in headlines(c, lang):
        assert f"**{heading}**" in md and all(f"- {s}" in md for s in said)
    assert ("no difference that matters" if lang == "en" else "geen verschil dat ertoe doet") in md
