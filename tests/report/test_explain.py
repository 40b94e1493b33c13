"""`explain`: one case's journey in plain words, from a run folder or a comparison's store."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import sim
from sim.study.compare import compare
from sim.errors import UsageError
from sim.report.explain import explain
from sim.report.output import write_tables
from sim.policy.scenario import Button

from tests.helpers import small


def _as_file(s: sim.Scenario, path: Path) -> sim.Scenario:
    """The scenario written to a file and read back, so the manifest names a file whose hash matches."""
    path.write_text(yaml.safe_dump(s.model_dump(mode="json", exclude={"extends"}), sort_keys=False), encoding="utf-8")
    return sim.load_scenario(path)


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory) -> Path:
    """A small desk-based run with two buttons that surely fire: a waiting list and an approval step."""
    root = tmp_path_factory.mktemp("explain_run")
    s = small("baseline_earmarked.yaml", 20_000, years=2)
    s.buttons = [
        Button(name="waiting_list", metric="committed_share", budget="total", fire=1.3, release=1.25,
               action="waitlist", domains=["wmo", "jeugd"]),
        Button(name="approval_step", metric="spent_share", budget="total", fire=0.5, release=0.4,
               action="approval", approval_above=5000, approval_days=21, domains=["participatie"]),
    ]
    s = _as_file(s, root / "waiting.yaml")
    out = root / "result"
    out.mkdir()
    write_tables(sim.run(s, seed=1, replications=1), out)
    return out


@pytest.fixture(scope="session")
def compare_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("explain_compare")
    arms = [_as_file(small(f"{n}.yaml", 20_000, years=2), root / f"{n}.yaml")
            for n in ("eindhoven_radical_maatwerk", "eindhoven_capped")]
    c = compare(arms, seed=1, replications=1, store=root / "out" / "replications")
    (root / "out" / "manifest.json").write_text(json.dumps(c.manifest()))
    return root / "out"


def _cases(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "cases.parquet")


def _step(text: str, start: str) -> str:
    """The numbered step that begins with `start`, joined onto one line."""
    flat = re.sub(r"\n\s+", " ", text)
    return next(line for line in flat.splitlines() if start in line)


def test_a_multi_problem_case_under_desks_names_every_desk(run_dir):
    c = _cases(run_dir)
    case = c[(c["n_problems"] == 3) & (c["n_missed"] == 0) & c["decision_day"].notna()].iloc[0]
    text = explain(run_dir, int(case["case_id"]))
    access = _step(text, "Access by desks")
    for d in case["domains"].split("+"):
        assert d.lower() in access.lower()
    assert access.count(" desk") >= 3 and "3 intakes" in access and "2 hand-offs of 14.0 days" in access
    assert "Resident" in text and "problems" in text and "policy 'standard'" in text


def test_a_missed_problem_is_named_with_its_follow_up(run_dir):
    c = _cases(run_dir)
    children = c[c["origin"] == "missed"]
    parent = c[c["case_id"].isin(children["parent_case_id"]) & (c["n_missed"] == 1)].iloc[0]
    child = children[children["parent_case_id"] == parent["case_id"]].iloc[0]
    text = explain(run_dir, int(parent["case_id"]))
    assert child["domains"] in _step(text, "missed 1 problem").lower()
    assert f"case {int(child['case_id'])} (missed" in re.sub(r"\s+", " ", text)


def test_a_case_delayed_by_a_button_names_the_button_its_delay_and_its_press(run_dir):
    c = _cases(run_dir)
    case = c[(c["button"] == "waiting_list") & (c["delay_days"] > 0)].iloc[0]
    text = explain(run_dir, int(case["case_id"]))
    step = _step(text, "Emergency button")
    assert "'waiting_list' held the case on a waiting list" in step and f"{case['delay_days']:.1f} days" in step
    presses = pd.read_parquet(run_dir / "events.parquet").query("kind == 'press' and button == 'waiting_list'")
    day = float(re.search(r"pressed on day ([\d,.]+)", step).group(1).replace(",", ""))
    assert any(abs(day - d) < 0.05 for d in presses["day"])
    assert "fires at 1.30" in step
    approval = c[(c["button"] == "approval_step")].iloc[0]
    assert "wait 21.0 days for approval" in explain(run_dir, int(approval["case_id"]))
    if case["legal_exposure"]:
        assert "Legal exposure" in text


def test_the_ledger_euros_printed_add_up_to_the_cost(run_dir):
    c = _cases(run_dir)
    pick = pd.concat([c[c["n_problems"] > 1].head(8), c[c["initial"]].head(3), c[c["cost"] < c["committed"]].head(5),
                      c.sample(10, random_state=3)])
    for row in pick.itertuples():
        text = explain(run_dir, int(row.case_id))
        paid = [float(x.replace(",", "")) for x in re.findall(r"EUR\s+([\d,]+\.\d\d)\s+paid", text)]
        assert sum(paid) == pytest.approx(row.cost, abs=0.01 * max(1, len(paid))), row.case_id
        assert f"Cost within the horizon: EUR {row.cost:,.2f}" in re.sub(r"\s+", " ", text)


def test_the_ledger_is_read_by_case_only(run_dir, monkeypatch):
    seen = []
    real = pd.read_parquet

    def spy(path, *args, **kwargs):
        seen.append((Path(path).stem, kwargs.get("filters"), kwargs.get("columns")))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", spy)
    explain(run_dir, 3000)
    ledger = [s for s in seen if s[0] == "ledger"]
    assert ledger and all(f is not None and any(("case_id", "==", 3000) in conj for conj in f) for _, f, _ in ledger)
    assert all(cols is not None for _, _, cols in ledger)


def test_unknown_case_replication_or_scenario_is_a_usage_error(run_dir, compare_dir, tmp_path):
    top = int(_cases(run_dir)["case_id"].max())
    with pytest.raises(UsageError, match=rf"case 99999999 is not in replication 0 of waiting \(case ids run 0 to {top}\)"):
        explain(run_dir, 99999999)
    with pytest.raises(UsageError, match="replication 3 is not in .*replications run 0 to 0"):
        explain(run_dir, 1, replication=3)
    with pytest.raises(UsageError, match="replication 2 is not stored for eindhoven_radical_maatwerk; replications run 0 to 0"):
        explain(compare_dir, 1, replication=2)
    with pytest.raises(UsageError, match="no scenario 'nope'.*eindhoven_radical_maatwerk, eindhoven_capped"):
        explain(compare_dir, 1, scenario="nope")
    with pytest.raises(UsageError, match="case 99999999 is not in replication 0 of eindhoven_capped"):
        explain(compare_dir, 99999999)
    with pytest.raises(UsageError, match="holds no results"):
        explain(tmp_path, 1)
    with pytest.raises(UsageError, match="language"):
        explain(run_dir, 1, lang="de")


def test_dutch_output_speaks_dutch(run_dir):
    c = _cases(run_dir)
    case = c[(c["button"] == "waiting_list") & (c["n_problems"] > 1)].iloc[0]
    text = explain(run_dir, int(case["case_id"]), lang="nl")
    for word in ("Casus", "Dag", "vroeg hulp", "loket", "Noodknop", "wachtlijst", "betaald uit", "Kosten binnen de horizon"):
        assert word in text
    assert "asked for help" not in text and "EUR" not in text
    assert re.search(r"€ [\d.]+,\d\d", text)


def test_a_comparison_explains_every_scenario_and_warns_about_case_ids(compare_dir):
    c = pd.read_parquet(compare_dir / "replications" / "eindhoven_capped" / "rep_0000" / "cases.parquet")
    case = c[(c["button"] == "ceiling") & (c["n_problems"] > 1)].iloc[0]
    text = re.sub(r"\s+", " ", explain(compare_dir, int(case["case_id"])))
    assert "common random numbers" in text
    assert "of eindhoven_radical_maatwerk (" in text and "of eindhoven_capped (" in text
    assert "rests on the tables alone" not in text
    one = explain(compare_dir, int(case["case_id"]), scenario="eindhoven_capped")
    assert "eindhoven_radical_maatwerk" not in one and "common random numbers" not in one
    step = _step(one, "Emergency button 'ceiling'")
    assert "'ceiling' steered the plan to the general provision for problems up to severity" in step and "pressed on day" in step
    assert "integral team" in one


def test_without_the_scenario_file_the_tables_alone_explain_and_say_so(run_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    # With its stored copy of the merged scenario, a result no longer needs the file.
    manifest = json.loads((copy / "manifest.json").read_text())
    c = _cases(run_dir)
    case = int(c[(c["n_problems"] > 1) & (c["n_intakes"] > 1)]["case_id"].iloc[0])
    (copy / "manifest.json").write_text(json.dumps({**manifest, "scenario_file": str(tmp_path / "gone.yaml")}))
    assert "rests on the tables alone" not in re.sub(r"\s+", " ", explain(copy, case))
    (copy / "scenario.json").unlink()
    for change, why in (({"scenario_hash": "0" * 64}, "does not hash"), ({"scenario_file": str(tmp_path / "gone.yaml")}, "no longer exists")):
        (copy / "manifest.json").write_text(json.dumps({**manifest, **change}))
        text = re.sub(r"\s+", " ", explain(copy, case))
        assert why in text and "rests on the tables alone" in text
        assert "Access by desks" in text and "fires at" not in text


def test_the_story_comes_from_the_noted_steps_not_the_scenario(run_dir, tmp_path):
    """Without any scenario, the desks, the hand-offs, the button's days and why a budget paid are
    still told: they are read from the steps the journey noted, not re-derived from the rules."""
    copy = tmp_path / "bare"
    shutil.copytree(run_dir, copy)
    (copy / "scenario.json").unlink()
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps({**manifest, "scenario_file": str(tmp_path / "gone.yaml")}))
    c = _cases(run_dir)
    case = c[(c["n_problems"] == 3) & (c["n_missed"] == 0) & (c["button"] == "waiting_list") & c["decision_day"].notna()].iloc[0]
    text = re.sub(r"\s+", " ", explain(copy, int(case["case_id"])))
    assert "rests on the tables alone" in text
    assert "3 intakes" in text and "2 hand-offs of 14.0 days" in text
    assert "held the case on a waiting list for" in text and "(earmarked: a domain's budget pays its own problems)" in text
    steps = pd.read_parquet(run_dir / "steps.parquet", filters=[("case_id", "==", int(case["case_id"]))])
    held = steps[(steps["step"] == "button") & (steps["rule"] == "waitlist")]
    assert f"for {held['days'].iloc[0]:,.1f} days" in text


def test_the_steps_are_read_by_case_only(run_dir, monkeypatch):
    seen = []
    real = pd.read_parquet

    def spy(path, *args, **kwargs):
        seen.append((Path(path).stem, kwargs.get("filters")))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", spy)
    explain(run_dir, 3000)
    steps = [f for name, f in seen if name == "steps"]
    assert steps and all(any(("case_id", "==", 3000) in conj for conj in f) for f in steps)


def test_a_result_without_a_steps_table_is_a_one_line_usage_error(run_dir, tmp_path):
    copy = tmp_path / "old"
    shutil.copytree(run_dir, copy)
    (copy / "steps.parquet").unlink()
    with pytest.raises(UsageError, match=r"has no steps table \(steps.parquet\).*run the scenario again") as err:
        explain(copy, 3000)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("damage", ["truncated cases", "truncated ledger", "replaced steps", "manifest a list",
                                    "manifest not json", "no manifest"])
def test_a_damaged_result_names_the_damaged_file_in_one_line(run_dir, tmp_path, damage):
    """Every file explain reads is checked against the size and SHA-256 its manifest recorded."""
    copy = tmp_path / "damaged"
    shutil.copytree(run_dir, copy)
    if damage.startswith("truncated"):
        name = damage.split()[1] + ".parquet"
        data = (copy / name).read_bytes()
        (copy / name).write_bytes(data[: len(data) // 2])
    elif damage == "replaced steps":  # a sound Parquet file, but not the one the run wrote
        pd.read_parquet(copy / "steps.parquet").iloc[:10].to_parquet(copy / "steps.parquet", index=False)
        name = "steps.parquet"
    elif damage == "manifest a list":
        (copy / "manifest.json").write_text("[]")
        name = "manifest.json"
    elif damage == "manifest not json":
        (copy / "manifest.json").write_text("{")
        name = "manifest.json"
    else:
        (copy / "manifest.json").unlink()
        name = "manifest.json"
    cases = pd.read_parquet(run_dir / "cases.parquet")
    case = int(cases.loc[cases["n_problems"] > 1, "case_id"].iloc[0])
    with pytest.raises(UsageError) as err:
        explain(copy, case)
    message = str(err.value)
    assert "\n" not in message and name in message, message
    assert "not an Ontschot result" in message if damage == "no manifest" else "damaged" in message


def test_a_damaged_stored_replication_is_named_too(compare_dir, tmp_path):
    copy = tmp_path / "damaged"
    shutil.copytree(compare_dir, copy)
    target = next((copy / "replications").glob("*/rep_0000/cases.parquet"))
    target.write_bytes(target.read_bytes()[:200])
    with pytest.raises(UsageError, match=r"cases\.parquet' is damaged"):
        explain(copy, 5)
