"""The scenario library: comparison bases, paired differences, claim checks and the docs table."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

import sim
from tests.helpers import ROOT
from sim.report import library as L

RES, REPS, YEARS = 8000, 2, 2


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A small library: a copy of the Eindhoven base, a file that changes nothing but its name,
    and a policy that claims lower cost for tailored care for everyone (it costs more)."""
    (tmp_path / "scenarios" / "base").mkdir(parents=True)
    shutil.copy(ROOT / "scenarios" / "base" / "eindhoven.yaml", tmp_path / "scenarios" / "base" / "b.yaml")
    write(tmp_path / "scenarios" / "same.yaml", "extends: base/b.yaml\nname: Same as the base\n")
    write(tmp_path / "scenarios" / "more" / "maatwerk.yaml", """\
extends: ../base/b.yaml
name: Maatwerk for all
source_text: 000_example.txt
mechanism: tailored care | for everyone
claim: Tailored care is cheaper in the end.
claims: {cost: lower, satisfaction: higher}
plan: {policy: maatwerk}
budget: {pooled_share: 1.0}
""")
    return tmp_path


def test_policy_files_skip_bases_and_include_subfolders(lib: Path) -> None:
    names = [p.relative_to(lib / "scenarios").as_posix() for p in L.policy_files(lib)]
    assert names == ["more/maatwerk.yaml", "same.yaml"]


def test_comparison_base_has_the_policys_residents_and_the_bases_policy(tmp_path: Path) -> None:
    base = ROOT / "scenarios" / "eindhoven_capped.yaml"
    shipped = sim.load_scenario(base)
    assert shipped.buttons and shipped.population.multi_problem_share != 0.21
    policy = write(tmp_path / "p.yaml", f"""\
extends: {base}
name: Capped, no buttons, other town
municipality: {{name: Othertown, residents: 12345}}
population: {{multi_problem_share: 0.21}}
buttons: []
plan: {{policy: standard}}
""")
    b = L.comparison_base(policy)
    assert b.name == shipped.name                      # the base keeps its own name
    assert b.municipality.name == "Othertown" and b.municipality.residents == 12345
    assert b.population.multi_problem_share == 0.21
    assert b.population.max_problems == shipped.population.max_problems  # merged, not replaced
    assert b.buttons == shipped.buttons and b.plan.policy == shipped.plan.policy  # the base's policy
    p = sim.load_scenario(policy)
    assert p.buttons == [] and p.municipality.residents == 12345


def test_a_file_compared_with_its_own_base_differs_by_exactly_zero(lib: Path) -> None:
    d = L.compare(lib / "scenarios" / "same.yaml", seed=3, replications=REPS, residents=RES, years=YEARS)
    assert d.attrs["base"] != d.attrs["policy"]      # two scenarios, two runs (names count in the cache)
    assert set(d.index) == set(L.ROWS)
    assert (d[["mean", "low", "high"]] == 0).all().all(), d
    assert d.loc["cost", "base"] > 0 and d.attrs["years"] == YEARS


def test_a_policy_that_costs_more_shows_it_and_its_claim_is_not_reproduced(lib: Path) -> None:
    df = L.library_table(lib, seed=1, replications=REPS, residents=RES, progress=False, years=YEARS)
    assert list(df["file"]) == ["scenarios/more/maatwerk.yaml", "scenarios/same.yaml"]
    m = df.iloc[0]
    assert m["cost_low"] > 0 and m["cost_pct"] > 0, m[["cost", "cost_low", "cost_high"]]  # (the % interval is wider)
    assert m["check"]["cost"] == "not reproduced"
    assert df.iloc[1]["check"] == {}
    md = L.render_markdown(df)
    rows = [line for line in md.splitlines() if line.startswith("| [")]
    assert len(rows) == 2
    assert "cost: **not reproduced** (the model gives higher)" in rows[0]
    assert "not reproduced" not in rows[1] and "no claim stated" in rows[1]
    assert "[more/maatwerk.yaml](../scenarios/more/maatwerk.yaml)" in rows[0]
    assert "tailored care \\| for everyone" in rows[0]   # a pipe in the text does not break the table
    assert "`000_example.txt`" in rows[0] and "| `plan.policy`, `budget.pooled_share` |" in rows[0]


def test_parameters_are_exactly_what_the_file_sets(tmp_path: Path) -> None:
    f = write(tmp_path / "p.yaml", f"""\
extends: {ROOT / 'scenarios' / 'base' / 'eindhoven.yaml'}
name: n
description: d
story: s
sources: [a]
source_text: t.txt
mechanism: m
claim: c
claims: {{cost: lower}}
municipality: {{residents: 1000}}
population: {{latent_share: 0.1}}
access:
  mode: integral
  referral_check: {{days: 7, steer_share: 0.2}}
budget: {{pooled_share: [{{from_day: 0, value: 0}}, {{from_day: 365, value: 1}}]}}
buttons: []
prevention: {{}}
programmes:
  coach: {{budget: pool, cost_per_year: 1000, description: words}}
provisions:
  wmo_general: {{fit: 0.5, source: assumption}}
""")
    assert L.parameters(f) == ["access.mode", "access.referral_check.days", "access.referral_check.steer_share",
                               "budget.pooled_share", "buttons", "prevention", "programmes.coach.budget",
                               "programmes.coach.cost_per_year", "provisions.wmo_general.fit"]
    sim.load_scenario(f)  # what the test asks for is a valid file


@pytest.mark.parametrize("claimed, low, high, expected", [
    ("lower", -3.0, -1.0, "reproduced"),
    ("lower", 1.0, 3.0, "not reproduced"),
    ("lower", -1.0, 2.0, "unclear"),
    ("higher", 0.5, 0.9, "reproduced"),
    ("higher", -0.9, -0.5, "not reproduced"),
    ("higher", -0.1, 0.1, "unclear"),
    ("lower", 0.0, 0.0, "unclear"),        # touching 0 is not on a side
    ("higher", 0.0, 2.0, "unclear"),
    ("lower", math.nan, math.nan, "unclear"),
])
def test_verdict(claimed: str, low: float, high: float, expected: str) -> None:
    assert L.verdict(claimed, low, high) == expected


def _row(file: str, claims: dict, low: float, high: float) -> dict:
    row = {"file": file, "name": file, "base": "Base", "source_text": "", "mechanism": "m", "claim": "",
           "claims": claims, "parameters": ["plan.policy"], "years": 4, "replications": 2, "seed": 1}
    for m in L.ROWS:
        row[m], row[f"{m}_low"], row[f"{m}_high"] = (low + high) / 2, low, high
    row["check"] = {m: L.verdict(c, low, high) for m, c in claims.items()}
    return row


def test_render_markdown_one_row_per_file_and_never_hides_a_failed_claim() -> None:
    df = pd.DataFrame([_row("scenarios/a.yaml", {"cost": "lower"}, 4e6, 8e6),
                       _row("scenarios/b.yaml", {"wait": "lower"}, -8.0, -4.0),
                       _row("scenarios/c.yaml", {"exposure": "higher"}, -0.001, 0.001)])
    rows = [line for line in L.render_markdown(df).splitlines() if line.startswith("| [")]
    assert len(rows) == 3
    assert "lower cost: **not reproduced**" in rows[0]
    assert "lower wait: reproduced" in rows[1] and "not reproduced" not in rows[1]
    assert "higher legal exposure: unclear" in rows[2]
    assert "+1.50 (+1.00 to +2.00) EUR M a year" in rows[0]   # EUR 6M over 4 years, 1 to 2 a year
    assert "wait -0.9 (-1.1 to -0.6) weeks" in rows[1]  # -6 days, -8 to -4 days, said in weeks
    assert "satisfaction +0.000 (-0.001 to +0.001) points" in rows[2]  # a small interval is not shown as 0
    assert all(r.count(" | ") == 5 for r in rows)


def test_parameters_are_grouped_by_parent_in_the_table() -> None:
    assert L._grouped(["buttons", "plan.policy", "plan.discretion_max", "budget.pooled_share"]) == \
        "`buttons`, `plan.{policy, discretion_max}`, `budget.pooled_share`"


def test_docs_have_the_markers_and_the_command() -> None:
    text = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    assert 0 <= text.index(L.BEGIN) < text.index(L.END)
    assert "python -m sim.report.library --write docs/scenarios.md" in text


def test_command_writes_then_checks(lib: Path) -> None:
    doc = write(lib / "docs" / "scenarios.md", f"# Scenarios\n\nbefore\n\n{L.BEGIN}\nold\n{L.END}\n\nafter\n")
    args = ["--root", str(lib), "--write", str(doc), "--replications", "2", "--residents", str(RES), "--years", "2"]
    assert L.main(args + ["--check"]) == 1
    assert L.main(args) == 0
    text = doc.read_text()
    assert text.startswith("# Scenarios\n\nbefore\n\n") and text.endswith("\n\nafter\n") and "\nold\n" not in text
    assert text.count("| [") == 2 and "8,000 residents" in text
    assert L.main(args + ["--check"]) == 0
    assert not [p for p in doc.parent.iterdir() if p.name != "scenarios.md"]   # no temporary file left


def test_load_scenario_overlay() -> None:
    path = ROOT / "scenarios" / "base" / "eindhoven.yaml"
    s = sim.load_scenario(path, overlay={"municipality": {"residents": 1234}})
    plain = sim.load_scenario(path)
    assert s.municipality.residents == 1234 and s.municipality.name == plain.municipality.name
    with pytest.raises(sim.ScenarioError, match="overlay"):
        sim.load_scenario(path, overlay={"municipality": {"residents": -1}})


def test_the_library_runs_a_shared_base_once_through_the_one_comparison(lib: Path, monkeypatch) -> None:
    """Both policy files extend the same base: the comparisons' memo runs it once, not once per file."""
    import sim.study.replicate as R

    ran: list[str] = []
    real = R.simulate
    monkeypatch.setattr(R, "simulate", lambda s, *a: ran.append(s.name) or real(s, *a))
    df = L.library_table(lib, seed=1, replications=REPS, residents=RES, progress=False, years=YEARS)
    assert len(df) == 2
    assert sorted(set(ran)) == sorted({"Maatwerk for all", "Same as the base", df.iloc[0]["base"]})
    assert len(ran) == 3 * REPS  # the base, then each policy: every replication simulated once


def test_an_effect_that_rounds_to_zero_has_no_minus_sign() -> None:
    """`_num` meant 'no -0.0' but wrote '-0.00' for -0.001 (x + 0.0 only mends an exact minus zero)."""
    row = pd.Series({"wait": -0.001, "wait_low": -0.004, "wait_high": 0.3})
    assert L._effect(row, "wait", 1, 1) == "+0.0 (+0.0 to +0.3)"
    assert L._effect(row, "wait", 1, 1, "nl") == "+0,0 (+0,0 tot +0,3)"


def test_the_dutch_library_writes_money_the_one_dutch_way() -> None:
    """'€ +1,50 miljoen per jaar (+1,00 tot +2,00)', as the brief and the report write money, never 'mln euro'."""
    df = pd.DataFrame([_row("scenarios/a.yaml", {"cost": "lower"}, 4e6, 8e6)])
    row = [line for line in L.render_markdown(df, "nl").splitlines() if line.startswith("| [")][0]
    assert "%, € +1,50 miljoen per jaar (+1,00 tot +2,00)<br>" in row
    assert "tekort € +1,50 miljoen per jaar (+1,00 tot +2,00)" in row
    assert "mln" not in row and "miljoen euro" not in row
    assert L.with_unit("-0,27", "eur_m", "nl") == "€ -0,27 miljoen per jaar"
    assert L.with_unit("-0.27", "eur_m", "en") == "-0.27 EUR M a year" and L.with_unit("3", "days", "nl") == "3 dagen"
