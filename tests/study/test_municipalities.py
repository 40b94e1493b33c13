"""`ontschot municipalities`: one scenario per row of a CSV on a shared base, run as one set of
tasks, stored, summarised; a bad cell names its line and column."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import sim
import sim.study.replicate as R
from sim.cli import main
from sim.study.municipalities import read_table
from sim.study.replicate import rep_folder

from tests.helpers import BASE

TABLE = """municipality,residents,domains.wmo.incidence,budget.pooled_share
Vlieland,1200,,
Schiermonnikoog,950,50.0,0.5
Ameland,3800,,1
"""


@pytest.fixture()
def files(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(f"extends: {BASE}\nrun: {{horizon_years: 1}}\n", encoding="utf-8")
    table = tmp_path / "islands.csv"
    table.write_text(TABLE, encoding="utf-8")
    return table, base


def test_three_municipalities_run_stored_and_summarised(files, tmp_path, monkeypatch, capsys):
    table, base = files
    out = tmp_path / "out"
    assert main(["municipalities", str(table), "--base", str(base), "--out", str(out), "--replications", "1",
                 "--seed", "3"]) == 0
    assert "3 municipalities, 1 replication each" in capsys.readouterr().out
    summary = pd.read_csv(out / "municipalities.csv")
    assert summary["municipality"].tolist() == ["Vlieland", "Schiermonnikoog", "Ameland"]
    assert summary["residents"].tolist() == [1200, 950, 3800]
    # Each row is the base scaled to its residents with the row's own values, as stored with its replication.
    ran = json.loads((rep_folder(out / "replications", "schiermonnikoog", 0) / "scenario.json").read_text())
    assert ran["municipality"]["residents"] == 950 and ran["domains"]["wmo"]["incidence"] == 50.0
    assert ran["budget"]["pooled_share"][0]["value"] == 0.5
    shipped = sim.load_scenario(BASE)
    assert ran["domains"]["wmo"]["initial_caseload"] == round(shipped.domains["wmo"].initial_caseload * 950 / 30_000)
    # The summary's numbers are the scenario's own run, not something made up for the table.
    ameland = read_table(table, sim.load_scenario(base))[2]
    alone = sim.run(ameland, seed=3, replications=1).summary.iloc[0]
    row = summary.set_index("municipality").loc["Ameland"]
    assert row["cost_per_year"] == pytest.approx(alone["total_cost"], rel=1e-12)
    assert row["mean_satisfaction"] == pytest.approx(alone["mean_satisfaction"], rel=1e-12)
    # More replications later: the stored ones are reused, only the new ones run.
    calls = []
    real = R.simulate
    monkeypatch.setattr(R, "simulate", lambda s, seed, arm, rep, folder: calls.append(rep) or real(s, seed, arm, rep, folder))
    assert main(["municipalities", str(table), "--base", str(base), "--out", str(out), "--replications", "2",
                 "--seed", "3", "--lang", "nl"]) == 0
    assert calls == [1, 1, 1]
    assert "3 gemeenten, elk 2 herhalingen" in capsys.readouterr().out
    assert pd.read_csv(out / "municipalities.csv")["replications"].tolist() == [2, 2, 2]


@pytest.mark.parametrize("text, where", [
    ("municipality,residents,domains.wmo.incidense\nA,900,3\n", "line 1, column 'domains.wmo.incidense'"),
    ("municipality,residents\nA,900\nB,nine hundred\n", "line 3, column 'residents'"),
    ("municipality,residents,domains.wmo.incidence\nA,900,3\nB,900,-4\n", "line 3, column 'domains.wmo.incidence'"),
    ("municipality,residents,budget.pooled_share\nA,900,2\n", "line 2, column 'budget.pooled_share'"),
    ("municipality,residents\n,900\n", "line 2, column 'municipality'"),
    ("municipality,residents\nA,900,3\n", "line 2: has 3 cells"),
    ("name,residents\nA,900\n", "line 1: there is no column 'municipality'"),
])
def test_a_bad_row_names_its_line_and_column(files, tmp_path, capsys, text, where):
    table, base = files
    table.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["municipalities", str(table), "--base", str(base), "--out", str(out)]) == 2
    form, *err = capsys.readouterr().err.strip().splitlines()  # first the line that says how the file is read
    assert form == f"ontschot: {table}: columns separated by commas (,)"
    assert len(err) == 1 and err[0].startswith(f"ontschot: {table}, {where}"), err
    assert not out.exists()


# ---------------------------------------------------------------- a Dutch spreadsheet's CSV

DUTCH = """municipality;residents;domains.wmo.incidence;budget.pooled_share;domains.jeugd.budget
Son en Breugel;17.460;19,8;0,5;1.234.567,5
Vlieland;1200;;0.25;
"""


def test_a_semicolon_csv_with_decimal_commas_and_thousands_points_is_read(files, tmp_path):
    table, base = files
    table.write_text(DUTCH, encoding="utf-8-sig")  # as a spreadsheet saves it, with a byte-order mark
    son, vlieland = read_table(table, sim.load_scenario(base))
    assert son.municipality.residents == 17_460  # 17.460: a thousands point, not 17.46 residents
    assert son.domains["wmo"].incidence == 1.98e1 and son.budget.pooled_share[0].value == 0.5
    assert son.domains["jeugd"].budget[0].value == 1_234_567.5
    assert vlieland.municipality.residents == 1200 and vlieland.budget.pooled_share[0].value == 0.25
    # The same table with commas reads the same.
    table.write_text(DUTCH.replace(",", ".").replace("17.460", "17460").replace("1.234.567.5", "1234567.5")
                     .replace(";", ","), encoding="utf-8")
    assert [s.model_dump() for s in read_table(table, sim.load_scenario(base))] == [son.model_dump(), vlieland.model_dump()]


@pytest.mark.parametrize("lang, said", [
    ("en", "columns separated by semicolons (;); numbers read with a decimal comma (1,5) and thousands points"),
    ("nl", "kolommen gescheiden door puntkomma's (;); getallen gelezen met een decimale komma (1,5)"),
])
def test_the_command_says_which_separator_it_found(files, tmp_path, capsys, lang, said):
    table, base = files
    table.write_text("municipality;residents\nA;negen\n", encoding="utf-8")  # a bad row: stops before running
    assert main(["municipalities", str(table), "--base", str(base), "--out", str(tmp_path / "out"), "--lang", lang]) == 2
    form = capsys.readouterr().err.splitlines()[0]
    assert form == f"ontschot: {table}: {said}" or form.startswith(f"ontschot: {table}: {said}")


def test_each_municipality_is_named_by_its_row_in_both_languages(files):
    """A row's scenario is derived in code from the base: it must not keep the base's Dutch name."""
    table, base = files
    shipped = sim.load_scenario(base)
    assert shipped.title("nl") != "Vlieland"
    rows = read_table(table, shipped)
    assert [(s.title("en"), s.title("nl")) for s in rows] == [(n, n) for n in ("Vlieland", "Schiermonnikoog", "Ameland")]
