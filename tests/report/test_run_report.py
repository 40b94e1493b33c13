"""report.md of a run (`sim.report.run_report.report`), on one tiny run computed once for the module.

A small municipality of 3,000 residents, one year, one replication, then the same with two
replications. Every row is looked up by its metric's words and its cell recomputed from the
result's summary through the metric's one display rule, so a row taken from the wrong column, a
figure not divided into millions or a missing spread fails.
"""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.report.labels import label
from sim.report.metric_words import name
from sim.report.run_report import _cell, _fmt, report
from sim.study.metrics import RUN_REPORT, metric

from tests.helpers import variant


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    s = variant(tmp_path_factory.mktemp("run_report"), residents=3_000, years=1)
    return sim.run(s, seed=4, replications=1), sim.run(s, seed=4, replications=2)


def _rows(md: str) -> dict[str, str]:
    """The headline table's rows: the metric's words -> the first scenario's cell."""
    rows = {}
    for line in md.splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(parts) >= 2:
            rows.setdefault(parts[0], parts[1])
    return rows


def _columns(result) -> list[str]:
    return [c for m in RUN_REPORT for c in (m, *metric(m).cause_columns()) if c in result.summary]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_each_row_is_its_summary_figure_through_its_display_rule(tiny, lang):
    one, _ = tiny
    rows = _rows(report([one], lang))
    columns = _columns(one)
    assert len(columns) >= len(RUN_REPORT) - 1
    budget = float(one.summary["allocation"].mean())
    for col in columns:
        assert rows[name(col, lang)] == _cell(one.summary[col], col, lang, budget), col


def test_money_is_written_in_millions_with_its_share_of_the_budget(tiny):
    one, _ = tiny
    rows = _rows(report([one], "en"))
    cost = float(one.summary["total_cost"].iloc[0])
    said = rows[name("total_cost", "en")]
    assert said.startswith(_fmt(cost, "total_cost", "en"))
    assert f"{cost / 1e6:.1f}" in said  # millions, as the display rule says
    assert "%" in said  # its share of the allocations


def test_one_replication_has_no_spread_and_two_have_one(tiny):
    one, two = tiny
    col = "mean_satisfaction"
    assert "(" not in _rows(report([one], "en"))[name(col, "en")]
    lo, hi = np.nanmin(two.summary[col]), np.nanmax(two.summary[col])
    assert _rows(report([two], "en"))[name(col, "en")].endswith(f"({_fmt(lo, col)} - {_fmt(hi, col)})")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_report_says_its_title_and_its_provenance(tiny, lang):
    one, _ = tiny
    md = report([one], lang)
    assert md.startswith("# ") and md.endswith("\n")
    assert one.manifest()["scenario_hash"][:12] in md
    assert label("r_legal", lang) in md
