"""tables.xlsx: a comparison's, sweep's and exploration's tables in one workbook, one sheet per table,
headed with units in the reader's language, every number a number equal to its CSV's."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import sim
from sim.report.output import write_compare
from sim.report.labels import luck
from sim.report.workbook import ABOUT, MAX_SHEET_NAME, WORKBOOK, heading, sheet_name, write_workbook
from sim.study.store import digest

from tests.helpers import small


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> Path:
    c = sim.compare([small("eindhoven_radical_maatwerk.yaml", residents=3_000, years=1),
                     small("eindhoven_capped.yaml", residents=3_000, years=1)], seed=4, replications=2)
    return write_compare(c, tmp_path_factory.mktemp("cmp") / "out", lang="nl")


def assert_sheets_equal_csvs(folder: Path) -> list[str]:
    """Every sheet holds its CSV: the same rows, and in every cell the same number (or the same text)."""
    book = load_workbook(folder / WORKBOOK, read_only=True)
    csvs = sorted(p.stem for p in folder.glob("*.csv"))
    tables = [n for n in book.sheetnames if n not in ABOUT.values()]
    assert sorted(tables) == csvs
    for name in tables:
        rows = list(book[name].iter_rows(values_only=True))
        table = pd.read_csv(folder / f"{name}.csv")
        assert len(rows) == len(table) + 1, name
        numbers = 0
        for k, column in enumerate(table.columns):
            if not pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column]):
                continue
            for got, want in zip((r[k] for r in rows[1:]), table[column]):
                if isinstance(want, float) and math.isnan(want):
                    assert got is None, (name, column)
                else:
                    assert isinstance(got, (int, float)) and not isinstance(got, bool), (name, column, got)
                    # The same number; a spreadsheet keeps 15 significant digits, so the 17th may differ.
                    assert got == pytest.approx(want, rel=1e-15, abs=0), (name, column, got, want)
                    numbers += 1
        assert numbers or table.empty, name
    return tables


def test_a_comparison_writes_its_tables_to_one_workbook_equal_to_the_csvs(compared):
    sheets = assert_sheets_equal_csvs(compared)
    assert {"differences", "means", "summary", "acceptability", "groups", "timeseries", "events"} <= set(sheets)
    manifest = json.loads((compared / "manifest.json").read_text())
    listed = manifest["files"][WORKBOOK] if "files" in manifest else None
    assert listed is not None and listed["sha256"] == digest(compared / WORKBOOK)


def test_the_headers_are_dutch_with_units_with_lang_nl(compared):
    book = load_workbook(compared / WORKBOOK, read_only=True)
    summary = next(book["summary"].iter_rows(values_only=True))
    assert "Uitgaven per jaar (EUR)" in summary and "Gemiddelde wachttijd tot hulp (dagen)" in summary
    assert "cost_per_year" not in summary and not any("(weken)" in str(h) for h in summary)  # the sheet holds days
    differences = list(book["differences"].iter_rows(values_only=True))
    assert "Eenheid" in differences[0] and {"EUR", "aandeel, 0-1"} <= {r[differences[0].index("Eenheid")] for r in differences[1:]}


def test_headings_say_the_table_s_unit_not_the_report_s():
    assert heading("cost_per_year") == "Spending per year (EUR)"  # euros, as the CSV holds them, not millions
    assert heading("mean_wait_days") == "Mean wait for help (days)"
    assert heading("share_satisfied", "nl").endswith("(aandeel, 0-1)")
    assert heading("deficit_difference_low") == "Deficit after reserve (difference, 95% interval low, EUR)"
    assert heading("buttons.0.fire") == "buttons.0.fire"  # a swept field keeps the name the scenario file uses


def test_sheet_names_fit_31_characters_and_stay_apart(tmp_path):
    taken: set[str] = set()
    long = "a_table_with_a_name_far_longer_than_a_sheet_allows"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) == len(second) == MAX_SHEET_NAME and first != second
    df = pd.DataFrame({"replication": [0, 1], "total_cost": [1.5e6, float("nan")], "scenario": ["a", "b"]})
    assert write_workbook([(long, df), (long, df)], tmp_path / "t.xlsx") == [first, second]
    rows = list(load_workbook(tmp_path / "t.xlsx")[first].iter_rows(values_only=True))
    assert rows == [("Replication", "Total spending (EUR)", "Scenario"), (0, 1.5e6, "a"), (1, None, "b")]


def test_a_sweep_writes_its_workbook_too(tmp_path):
    from sim.cli import main
    from tests.helpers import SCENARIOS

    scenario = tmp_path / "capped.yaml"
    scenario.write_text(f"extends: {SCENARIOS / 'eindhoven_capped.yaml'}\nmunicipality: {{residents: 3000}}\n"
                        "run: {horizon_years: 1}\n", encoding="utf-8")
    out = tmp_path / "sweep"
    assert main(["sweep", str(scenario), "--vary", "buttons.0.fire=1.0,1.5", "--replications", "1",
                 "--out", str(out)]) == 0
    assert set(assert_sheets_equal_csvs(out)) == {"sweep", "summary"}
    header = next(load_workbook(out / WORKBOOK, read_only=True)["sweep"].iter_rows(values_only=True))
    assert "buttons.0.fire" in header and "Spending per year (95% interval low, EUR)" in header
    assert WORKBOOK in json.loads((out / "manifest.json").read_text())["files"]


def test_the_first_sheet_says_what_the_intervals_cover_in_the_readers_language(compared, tmp_path):
    """A spreadsheet, like the brief and report.html, says its intervals cover the luck and not the assumptions."""
    book = load_workbook(compared / WORKBOOK, read_only=True)
    assert book.sheetnames[0] == ABOUT["nl"]
    note = str(next(book[ABOUT["nl"]].iter_rows(values_only=True))[0])
    assert note.startswith("Wat de intervallen dekken: het toeval") and "luck" not in note  # the brief's Dutch note
    c = sim.compare([small("eindhoven_radical_maatwerk.yaml", residents=3_000, years=1),
                     small("eindhoven_capped.yaml", residents=3_000, years=1)], seed=4, replications=2)
    en = load_workbook(write_compare(c, tmp_path / "en", lang="en") / WORKBOOK, read_only=True)
    said = str(next(en[ABOUT["en"]].iter_rows(values_only=True))[0])
    assert en.sheetnames[0] == ABOUT["en"] and said == luck([a.scenario for a in c.arms], "en")  # the brief's words
    assert said.startswith("What the intervals cover: the simulation's luck")
