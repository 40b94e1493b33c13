"""Plausibility warnings: a value that is allowed but probably a slip is said, with its file, line,
field, the published range and what was probably meant; `--strict` refuses the file (exit 2).

Every slip here is one the issue names: 60 residents (a Dutch thousands point dropped), a Wmo
budget of 46.8 (millions), a legal term of 8 (weeks), a cost per client far from the published one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main
from sim.errors import ScenarioError
from sim.policy.loader import load_scenario
from sim.policy.plausible import RULES, doubts
from tests.helpers import ROOT

SMALL = ROOT / "scenarios" / "base" / "small_municipality.yaml"


def child(tmp_path: Path, body: str, name: str = "slip.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"extends: {SMALL}\n{body}", encoding="utf-8")
    return path


def marked(path: Path) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if "# SLIP" in line)


SLIPS = {  # body (the slip's line marked), field, what the warning says was probably meant (en, nl)
    "residents": ("municipality:\n  residents: 60  # SLIP\n", "municipality.residents",
                  "probably meant: 60,000 residents", "waarschijnlijk bedoeld: 60.000 inwoners"),
    "budget_in_millions": ("domains:\n  wmo:\n    budget: 46.8  # SLIP\n", "domains.wmo.budget",
                           "probably meant: EUR 46,800,000", "waarschijnlijk bedoeld: EUR 46.800.000"),
    "term_in_weeks": ("law:\n  decision_term_days: 8  # SLIP\n", "law.decision_term_days",
                      "probably meant: 8 weeks, which is 56 days", "waarschijnlijk bedoeld: 8 weken, dat is 56 dagen"),
    "domain_term_in_weeks": ("domains:\n  jeugd:\n    decision_term_days: 6  # SLIP\n", "domains.jeugd.decision_term_days",
                             "probably meant: 6 weeks, which is 42 days", "6 weken, dat is 42 dagen"),
    "cost_per_client_low": ("domains:\n  jeugd:\n    budget: 77500  # SLIP\n", "domains.jeugd.budget",
                            "probably meant: a larger budget", "waarschijnlijk bedoeld: een groter budget"),
    "cost_per_client_high": ("domains:\n  wmo:\n    initial_caseload: 18  # SLIP\n", "domains.wmo.budget",
                             "probably meant: a smaller budget, or a larger initial_caseload",
                             "een grotere initial_caseload"),
}


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_a_slip_is_warned_of_with_its_file_line_field_range_and_what_was_meant(tmp_path, slip):
    body, field, meant_en, meant_nl = SLIPS[slip]
    path = child(tmp_path, body)
    found = [u for u in load_scenario(path).unlikely if u.field == field]
    assert len(found) == 1, [u.message() for u in load_scenario(path).unlikely]
    u = found[0]
    if slip != "cost_per_client_high":  # the budget is blamed, which the base file gives
        assert Path(u.file).resolve() == path.resolve() and u.line == marked(path)
    en, nl = u.message("en"), u.message("nl")
    assert f"line {u.line}: field '{field}': " in en and f"regel {u.line}: veld '{field}': " in nl
    assert meant_en in en and meant_nl in nl
    assert "docs/calibration.md" in en and "docs/calibration.md" in nl


def test_the_budget_per_resident_is_held_against_the_published_range(tmp_path):
    # Every domain's budget is plausible on its own, but together they were set for a town 30 times the size.
    path = child(tmp_path, "municipality:\n  size_reference: 900000\n")
    u = [u for u in load_scenario(path).unlikely if u.field == "domains"]
    assert len(u) == 1
    assert "EUR 196-1,174" in u[0].message() and "per resident" in u[0].message()
    assert "EUR 196-1.174" in u[0].message("nl") and "per inwoner" in u[0].message("nl")


def test_the_shipped_scenarios_raise_no_warning():
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        assert load_scenario(path).unlikely == (), path


def test_the_rules_flag_values_outside_their_range_and_only_those():
    base = load_scenario(SMALL)
    assert doubts(base) == []
    for residents, warned in ((899, True), (900, False), (950_000, False), (950_001, True)):
        s = base.model_copy(update={"municipality": base.municipality.model_copy(update={"residents": residents})})
        assert any(d.loc == ("municipality", "residents") for d in doubts(s)) is warned, residents
    assert all(rule.what.en and rule.what.nl for rule in RULES)


# ---------------------------------------------------------------- on the command line


def test_validate_prints_warnings_on_stderr_and_passes(tmp_path, capsys):
    path = child(tmp_path, SLIPS["residents"][0] + SLIPS["term_in_weeks"][0])
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr()
    lines = [line for line in out.err.splitlines() if line.startswith("ontschot: warning: ")]
    assert len(lines) == 2
    assert f"slip.yaml, line 3: field 'municipality.residents': 60 is unlikely" in lines[0]
    assert "probably meant" in lines[0] and "valid" in out.out


def test_validate_speaks_dutch_with_lang_nl(tmp_path, capsys):
    path = child(tmp_path, SLIPS["term_in_weeks"][0])
    assert main(["validate", str(path), "--lang", "nl"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("ontschot: waarschuwing: ") and "regel 3: veld 'law.decision_term_days'" in err
    assert "warning" not in err and "probably" not in err


def test_strict_turns_warnings_into_exit_2(tmp_path, capsys):
    bad = child(tmp_path, SLIPS["budget_in_millions"][0])
    good = child(tmp_path, "", name="good.yaml")
    assert main(["validate", "--strict", str(good)]) == 0
    assert main(["validate", "--strict", str(bad), str(good)]) == 2
    err = capsys.readouterr().err
    assert "ontschot: warning: " in err and "--strict refuses" in err and "Traceback" not in err


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "explore", "municipalities"])
def test_every_command_that_reads_a_scenario_warns_and_refuses_with_strict(tmp_path, capsys, command):
    slip = child(tmp_path, SLIPS["term_in_weeks"][0])
    table = tmp_path / "towns.csv"
    table.write_text("municipality,residents\nA,3000\n", encoding="utf-8")
    out = str(tmp_path / "out")
    argv = {"run": ["run", str(slip)], "compare": ["compare", str(slip), str(slip)],
            "sweep": ["sweep", str(slip), "--vary", "plan.hardship_share=0,0.1"], "explore": ["explore", str(slip)],
            "municipalities": ["municipalities", str(table), "--base", str(slip)]}[command]
    assert main([*argv, "--out", out, "--strict"]) == 2
    err = capsys.readouterr().err
    assert "ontschot: warning: " in err and "field 'law.decision_term_days'" in err and "--strict refuses" in err
    assert not Path(out).exists()  # refused before anything ran or was written
