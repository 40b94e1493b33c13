"""Uncertain values: ranges in the scenario file, the worlds drawn from them, and their checks.

The bad files (a range outside its field, low above high, an unknown path...) are in
tests/policy/bad/uncertain_*.yaml and checked by test_loader.py like every other bad file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError
from scipy.stats import triang

from sim.cli import main
from sim.errors import ScenarioError
from sim.policy.loader import load_scenario
from sim.policy.uncertain import Uncertain, listing, uncertain_paths, world
from tests.helpers import ROOT, SHIPPED

BASE = ROOT / "scenarios" / "base" / "eindhoven.yaml"
CAPPED = ROOT / "scenarios" / "eindhoven_capped.yaml"
U = np.array([0.0, 0.1, 0.25, 0.5, 0.75, 0.999])


def child(tmp_path: Path, body: str, name: str = "child.yaml", base: Path = BASE) -> Path:
    path = tmp_path / name
    path.write_text(f"extends: {base}\nname: child\nstory: a child\n{body}", encoding="utf-8")
    return path


# ---------------------------------------------------------------- the range and its draws

def test_uniform_maps_u_linearly_between_low_and_high():
    u = Uncertain(low=0.2, high=0.45, why="a reason")
    assert u.kind == "uniform" and u.bounds == (0.2, 0.45)
    assert np.allclose(u.ppf(U), 0.2 + U * 0.25)


def test_triangular_is_scipys_triangle_with_the_mode_as_its_peak():
    u = Uncertain(low=10, mode=14, high=20, why="a reason")
    assert u.kind == "triangular" and u.bounds == (10, 20)
    assert np.allclose(u.ppf(U), triang.ppf(U, 0.4, loc=10, scale=10))
    assert u.ppf(np.array([0.0]))[0] == 10
    assert u.ppf(np.array([0.4]))[0] == pytest.approx(14)  # the mode holds 40% of the mass below it


def test_discrete_gives_each_value_an_equal_share_of_u():
    u = Uncertain(values=["desks", "integral"], why="a reason")
    assert u.kind == "discrete"
    assert u.ppf(np.array([0.0, 0.49, 0.5, 0.999, 1.0])) == ["desks", "desks", "integral", "integral", "integral"]
    assert Uncertain(values=[2, 3, 4], why="r").bounds == (2, 4)
    with pytest.raises(ValueError):
        u.bounds  # noqa: B018 (words have no bounds)


def test_a_whole_number_field_draws_whole_numbers(tmp_path):
    s = load_scenario(child(tmp_path, "uncertain:\n  outcome.max_generations: {low: 1, high: 3, why: r}\n"
                                      "  outcome.followup_days: {low: 60, high: 180, why: r}\n"))
    draws = s.uncertain["outcome.max_generations"].ppf(U)
    assert draws.dtype.kind == "i" and set(draws) <= {1, 2, 3} and {1, 3} <= set(draws)
    assert s.uncertain["outcome.followup_days"].ppf(np.array([0.5]))[0] == pytest.approx(120.0)
    w = world(s, {"outcome.max_generations": draws[3], "outcome.followup_days": np.float64(90.5)})
    assert w.outcome.max_generations == 2 and w.outcome.followup_days == 90.5
    assert world(s, {"outcome.max_generations": 2.6}).outcome.max_generations == 3  # a float is rounded


@pytest.mark.parametrize("fields, problem", [
    ({"low": 0.5, "high": 0.2}, "must not be below low"),
    ({"low": 0.1, "high": 0.3, "mode": 0.5}, "must lie between low and high"),
    ({"low": 0.1}, "give low and high together"),
    ({"values": []}, "at least 1 item"),
    ({"values": [1], "low": 0.0, "high": 1.0}, "not both"),
    ({}, "give low and high (a range"),
    ({"low": float("nan"), "high": 1.0}, "finite number"),
])
def test_a_range_that_is_no_range_is_refused(fields, problem):
    with pytest.raises(ValidationError, match=problem.replace("(", r"\(")):
        Uncertain(**fields, why="a reason")


def test_a_range_needs_a_reason():
    with pytest.raises(ValidationError, match="why"):
        Uncertain(low=0.1, high=0.2)
    with pytest.raises(ValidationError, match="at least 1 character"):
        Uncertain(low=0.1, high=0.2, why="  ")


# ---------------------------------------------------------------- worlds

def test_world_sets_the_values_and_keeps_the_rest():
    s = load_scenario(CAPPED)
    w = world(s, {"access.miss_probability": 0.4, "provisions.wmo_tailored.duration_days": 600,
                  "domains.wmo.processing_days": np.float64(42.0)})
    assert (w.access.miss_probability, w.provisions["wmo_tailored"].duration_days,
            w.domains["wmo"].processing_days) == (0.4, 600, 42)
    assert (w.name, w.name_nl, w.path, w.assumed) == (s.name, s.name_nl, s.path, s.assumed)
    assert w.domains["wmo"].label_nl == s.domains["wmo"].label_nl and w.uncertain == s.uncertain
    assert w.content_hash != s.content_hash
    assert w.model_dump(exclude={"access", "provisions", "domains"}) == s.model_dump(exclude={"access", "provisions", "domains"})
    assert s.access.miss_probability == 0.3  # the scenario itself is untouched
    same = world(s, {"access.miss_probability": s.access.miss_probability})
    assert same.content_hash == s.content_hash


def test_a_dated_field_with_one_value_takes_one_value_for_the_whole_run(tmp_path):
    s = load_scenario(BASE)
    w = world(s, {"budget.pooled_share": 0.5})
    assert [(st.from_day, st.value) for st in w.budget.pooled_share] == [(0, 0.5)]
    dated = load_scenario(child(tmp_path, "budget:\n  pooled_share: [{from_day: 0, value: 0.0}, {from_day: 365, value: 1.0}]\n"))
    w = world(dated, {"budget.pooled_share[1].value": 0.6, "budget.pooled_share[1].from_day": 500})
    assert [(st.from_day, st.value) for st in w.budget.pooled_share] == [(0, 0.0), (500, 0.6)]
    with pytest.raises(ScenarioError, match="holds 2 dated values"):
        world(dated, {"budget.pooled_share": 0.5})


def test_world_also_takes_list_entries_by_dotted_index():
    s = load_scenario(CAPPED)
    assert world(s, {"buttons.0.fire": 1.1}).buttons[0].fire == world(s, {"buttons[0].fire": 1.1}).buttons[0].fire == 1.1


@pytest.mark.parametrize("values, field, problem", [
    ({"access.miss_probability": 1.4}, "access.miss_probability", "less than or equal to 1"),
    ({"access.mode": "teams"}, "access.mode", "'desks' or 'integral'"),
    ({"buttons[0].release": 2.0}, "buttons[0].release", "must be below fire"),
    ({"population.latent_shar": 0.2}, "population.latent_shar", "Did you mean 'latent_share'?"),
    ({"domains.wmo.budget[0].value": 1e6, "domains.nope.incidence": 3}, "domains.nope.incidence", "no 'nope'"),
    ({"name": "other"}, "name", "no run reads"),
])
def test_world_refuses_what_a_file_could_not_say_naming_the_path(values, field, problem):
    with pytest.raises(ScenarioError) as info:
        world(load_scenario(CAPPED), values)
    assert info.value.field == field and problem in info.value.message()
    assert Path(info.value.file) == CAPPED


# ---------------------------------------------------------------- inheritance through extends:

def test_a_child_inherits_adds_overrides_and_removes_ranges(tmp_path):
    base = load_scenario(BASE)
    assert uncertain_paths(load_scenario(CAPPED)) == uncertain_paths(base)  # inherited through three files
    s = load_scenario(child(tmp_path, "uncertain:\n"
                                      "  population.latent_share: {low: 0.1, high: 0.2, why: my own}\n"
                                      "  access.miss_probability: null\n"
                                      "  law.appeal_share: {low: 0.2, high: 0.4, why: added}\n"))
    paths = uncertain_paths(s)
    assert paths == [p for p in uncertain_paths(base) if p != "access.miss_probability"] + ["law.appeal_share"]
    over = s.uncertain["population.latent_share"]
    assert (over.kind, over.bounds, over.mode, over.why) == ("uniform", (0.1, 0.2), None, "my own")  # replaced whole
    assert s.content_hash == load_scenario(child(tmp_path, "", name="plain.yaml")).content_hash  # ranges change no run


def test_a_child_that_breaks_an_inherited_range_is_told_at_the_base_line(tmp_path):
    body = "provisions:\n  jeugd_tailored:\n    when_full: contract_extra\n    max_wait_days: null\n"
    with pytest.raises(ScenarioError) as info:
        load_scenario(child(tmp_path, body))
    err = info.value
    line = next(i for i, t in enumerate(BASE.read_text().splitlines(), 1) if "jeugd_tailored.max_wait_days:" in t)
    assert (Path(err.file).resolve(), err.line) == (BASE, line)
    assert err.field == "uncertain.provisions.jeugd_tailored.max_wait_days.low" and "when_full: wait" in err.message()
    fixed = body + "uncertain:\n  provisions.jeugd_tailored.max_wait_days: null\n"
    assert "provisions.jeugd_tailored.max_wait_days" not in load_scenario(child(tmp_path, fixed)).uncertain


# ---------------------------------------------------------------- the shipped ranges

def test_the_base_ships_ranges_for_its_main_assumptions():
    s = load_scenario(BASE)
    assert 8 <= len(s.uncertain) <= 15
    assert {"population.latent_share", "access.miss_probability", "outcome.escalation_share",
            "domains.wmo.processing_days", "provisions.integral_plan.effectiveness",
            "provisions.wmo_tailored.duration_days"} <= set(s.uncertain)
    assert {u.kind for u in s.uncertain.values()} == {"uniform", "triangular", "discrete"}
    assert all("docs/calibration.md §" in u.why or u.why.startswith("ASSUMPTION") for u in s.uncertain.values())
    for path, u in s.uncertain.items():  # the value a run uses lies inside its range
        low, high = u.bounds
        assert low <= value_at(s, path) <= high, path


def value_at(s, path: str):
    """The value in force at a dotted path (a dated field's first step)."""
    node = s
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node[0].value if isinstance(node, list) else node


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT / "scenarios")))
def test_every_shipped_range_edge_gives_a_valid_scenario(path):
    s = load_scenario(path)
    assert s.uncertain, "every shipped file inherits the base's ranges"
    for p, u in s.uncertain.items():
        for v in (u.values or [u.low, u.high]):
            assert value_at(world(s, {p: v}), p) == v, p
    for q in (0.0, 0.999):  # every range at its lowest, and at its highest, at once
        w = world(s, {p: u.ppf(np.array([q]))[0] for p, u in s.uncertain.items()})
        assert all(value_at(w, p) == pytest.approx(u.ppf(np.array([q]))[0]) for p, u in s.uncertain.items())


# ---------------------------------------------------------------- ontschot validate lists them

def test_validate_lists_path_range_and_why_in_english_and_dutch(capsys):
    assert main(["validate", str(CAPPED)]) == 0
    out = capsys.readouterr().out
    assert "valid (" in out and "14 uncertain values, which explore draws from" in out
    assert "`population.latent_share`: triangular from 0.05 to 0.35, most likely 0.15 (ASSUMPTION: no published" in out
    assert "`population.max_problems`: one of 2, 3, 4 (ASSUMPTION" in out
    assert main(["validate", "--lang", "nl", str(CAPPED)]) == 0
    out = capsys.readouterr().out
    assert "geldig (Eindhoven met een plafond" in out and "14 onzekere waarden, waaruit explore trekt" in out
    assert "`access.miss_probability`: uniform van 0,15 tot 0,45 (AANNAME: geen gepubliceerd" in out
    assert "`provisions.jeugd_tailored.max_wait_days`: driehoekig van 70 tot 826, meest waarschijnlijk 182" in out


def test_a_scenario_without_ranges_lists_nothing():
    s = load_scenario(BASE)
    s.uncertain = {}
    assert listing(s) == [] and listing(s, "nl") == []


# ---------------------------------------------------------------- ranges that make no sense to explore

NONSENSE = [  # (the ranges, the path to blame, words the message must hold, the base)
    ("  population.latent_share: {low: 0.3, high: 0.3, why: r}\n", "population.latent_share", "has no width", BASE),
    ("  access.miss_probability: {values: [0.2], why: r}\n", "access.miss_probability", "has no width", BASE),
    ("  access.miss_probability: {values: [0.2, 0.2, 0.2], why: r}\n", "access.miss_probability", "has no width", BASE),
    ("  outcome.max_generations: {values: [2, 2.0], why: r}\n", "outcome.max_generations", "has no width", BASE),
    ("  buttons.0.fire: {low: 1.0, high: 1.1, why: r}\n  buttons[0].fire: {low: 1.0, high: 1.2, why: r}\n",
     "buttons[0].fire", "reaches the same value as 'buttons.0.fire'", CAPPED),
    ("  budget.pooled_share: {low: 0.1, high: 0.5, why: r}\n  budget.pooled_share[0].value: {low: 0.2, high: 0.4, why: r}\n",
     "budget.pooled_share[0].value", "reaches the same value as 'budget.pooled_share'", BASE),
    ("  run.horizon_years: {low: 2, high: 4, why: r}\n", "run.horizon_years", "a setting of the run", BASE),
    ("  run.seed: {low: 1, high: 9, why: r}\n", "run.seed", "a setting of the run", BASE),
    ("  run.replications: {values: [2, 5], why: r}\n", "run.replications", "a setting of the run", BASE),
    ("  run.warm_start: {values: [given, steady], why: r}\n", "run.warm_start", "a setting of the run", BASE),
    ("  run.history.pooled_share: {low: 0.1, high: 0.4, why: r}\n", "run.history.pooled_share", "a setting of the run", BASE),
    ("  municipality.name: {values: [Best, Oss], why: r}\n", "municipality.name", "the municipality's name", BASE),
    ("  domains.wmo.label_nl: {values: [a, b], why: r}\n", "domains.wmo.label_nl", "is text", BASE),
    ("  access.mode: {low: 0, high: 1, why: r}\n", "access.mode", "is a choice (desks, integral)", BASE),
    ("  budget.underspend: {low: 0, high: 1, why: r}\n", "budget.underspend", "is a choice (return, reserve)", BASE),
]


@pytest.mark.parametrize("ranges, path, words, base", NONSENSE, ids=[c[1] + "-" + c[2][:12] for c in NONSENSE])
def test_a_range_that_makes_no_sense_is_refused_naming_file_line_and_field(tmp_path, capsys, ranges, path, words, base):
    file = child(tmp_path, "uncertain:\n" + ranges, base=base)
    with pytest.raises(ScenarioError) as info:
        load_scenario(file)
    err = info.value
    wanted = file.read_text(encoding="utf-8").splitlines()
    assert Path(err.file) == file and err.field == f"uncertain.{path}", err.message()
    assert wanted[err.line - 1].strip().startswith(path + ":"), err.message()
    assert words in err.message() and err.message("nl") != err.message()
    out = tmp_path / "out"
    for command in (["validate", str(file)], ["explore", str(file), "--samples", "4", "--out", str(out)],
                    ["validate", "--lang", "nl", str(file)]):
        assert main(command) == 2
        said = capsys.readouterr().err
        assert f"{file.name}" in said and f"line {err.line}" in said.replace("regel", "line") and path in said
        assert "Traceback" not in said
    assert not out.exists()  # refused before anything ran


def test_a_choice_explored_by_its_values_is_accepted(tmp_path):
    s = load_scenario(child(tmp_path, "uncertain:\n  access.mode: {values: [desks, integral], why: r}\n"))
    assert world(s, {"access.mode": "integral"}).access.mode[0].value == "integral"


def test_a_world_cannot_set_a_setting_of_the_run():
    with pytest.raises(ScenarioError, match="a setting of the run"):
        world(load_scenario(BASE), {"run.horizon_years": 2})
