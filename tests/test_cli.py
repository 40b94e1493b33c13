"""The `ontschot` command on bad input: exit status 2, one paragraph naming file, line and field,
no traceback and no output folder; plus `validate` and `schema`.

Most tests call `sim.cli.main` in-process (fast); a few run `python -m sim` as a subprocess to
see exactly what a user sees, tracebacks included.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main
from tests.policy.test_loader import BAD_FILES, BASELINE, Expected  # the corpus and its expectations

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = re.compile(r"^ontschot: (?P<file>.+?)(?:, line (?P<line>\d+))?: (?:field '(?P<field>[^']+)': )?(?P<problem>.+)$")


def sim_cmd(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def one_paragraph(err: str) -> re.Match:
    """stderr holds exactly one line, in the documented format, and no traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    m = MESSAGE.match(lines[0])
    assert m, lines[0]
    return m


def check_message(m: re.Match, want: Expected) -> None:
    assert Path(m["file"]).resolve() == want.file, m.string
    assert m["line"] is not None and int(m["line"]) == want.line, m.string
    assert m["field"] == want.field, m.string
    for text in want.texts:
        assert text in m.string, f"{text!r} not in {m.string!r}"


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_run_on_a_bad_file_exits_2_with_one_message_and_leaves_no_output(path, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    check_message(one_paragraph(captured.err), Expected(path))
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder beside it either


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_validate_on_a_bad_file_exits_2_with_the_same_message(path, capsys):
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    check_message(one_paragraph(captured.err), Expected(path))


def test_run_with_one_bad_file_among_good_ones_runs_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    bad = BAD_FILES[0]
    assert main(["run", str(BASELINE), str(bad), "--out", str(out)]) == 2
    assert not out.exists()
    assert capsys.readouterr().out == ""


def test_validate_checks_every_file_and_reports_each_bad_one(capsys):
    files = [str(BASELINE), *map(str, BAD_FILES)]
    assert main(["validate", *files]) == 2
    captured = capsys.readouterr()
    assert captured.out.count(": valid (") == 1
    errors = captured.err.strip().splitlines()
    assert len(errors) == len(BAD_FILES)
    for path, line in zip(BAD_FILES, errors):
        check_message(MESSAGE.match(line), Expected(path))


def test_validate_a_good_file_exits_0_without_running(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(BASELINE)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out and "content hash" in out
    assert list(tmp_path.iterdir()) == []  # nothing written, no results/ folder


# ---------------------------------------------------------------- as a user sees it (subprocess)

def test_subprocess_validate_all_bad_files_no_traceback():
    r = sim_cmd("validate", *[str(p.relative_to(ROOT)) for p in BAD_FILES])
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == len(BAD_FILES)
    for path, line in zip(BAD_FILES, lines):
        check_message(MESSAGE.match(line), Expected(path))


def test_subprocess_python_tag_is_refused_not_executed(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"extends: {BASELINE}\nname: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n")
    r = sim_cmd("run", str(evil), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    m = one_paragraph(r.stderr)
    assert int(m["line"]) == 2
    assert not (tmp_path / "pwned.txt").exists()
    assert not (tmp_path / "out").exists()


def test_subprocess_bad_file_in_run(tmp_path):
    path = next(p for p in BAD_FILES if p.stem == "unknown_key")
    r = sim_cmd("run", str(path), "--out", str(tmp_path / "out"))
    assert r.returncode == 2
    check_message(one_paragraph(r.stderr), Expected(path))
    assert "Did you mean 'pooled_share'?" in r.stderr
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- bad command-line arguments

@pytest.mark.parametrize("args, says", [
    (["--replications", "0"], "--replications: must be at least 1, got 0"),
    (["--replications", "-3"], "must be at least 1"),
    (["--replications", "many"], "must be a whole number"),
    (["--seed", "-1"], "--seed: must be at least 0"),
    (["--lang", "fr"], "invalid choice: 'fr'"),
])
def test_bad_arguments_exit_2_with_one_line(args, says, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as info:
        main(["run", str(BASELINE), "--out", str(out), *args])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert says in err and err.startswith("ontschot: ") and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_subprocess_zero_replications(tmp_path):
    r = sim_cmd("run", str(BASELINE), "--replications", "0", "--out", str(tmp_path / "out"))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "at least 1" in r.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_scenario_file_on_the_command_line(tmp_path, capsys):
    missing = tmp_path / "no_such_scenario.yaml"
    for command in (["run", str(missing), "--out", str(tmp_path / "out")], ["validate", str(missing)]):
        assert main(command) == 2
        m = one_paragraph(capsys.readouterr().err)
        assert Path(m["file"]) == missing and "not found" in m["problem"]
    assert not (tmp_path / "out").exists()


def test_an_out_path_inside_a_file_is_refused_before_running(tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    assert main(["run", str(BASELINE), "--out", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and len(err.strip().splitlines()) == 1
    assert blocker.read_text() == "not a folder"


def test_the_same_file_twice_is_an_a_a_check_with_two_names(tmp_path, capsys):
    """`run A A` (and `compare A A`) check that a scenario against itself differs by exactly zero."""
    small = tmp_path / "s.yaml"
    small.write_text(f"extends: {ROOT / 'scenarios' / 'base' / 'small_municipality.yaml'}\n"
                     "municipality: {residents: 3000}\nrun: {horizon_years: 1}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(small), str(small), "--replications", "2", "--out", str(out)]) == 0
    assert (out / "s" / "cases.parquet").is_file() and (out / "s_2" / "cases.parquet").is_file()
    import pandas as pd

    pd.testing.assert_frame_equal(pd.read_csv(out / "s" / "summary.csv"), pd.read_csv(out / "s_2" / "summary.csv"))
    assert (out / "comparison" / "manifest.json").is_file()


def test_no_command_exits_2():
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


# ---------------------------------------------------------------- schema

@pytest.fixture(scope="module")
def schema() -> dict:
    r = sim_cmd("schema")
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return json.loads(r.stdout)


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        assert node["$ref"].startswith("#/$defs/")
        node = schema["$defs"][node["$ref"][len("#/$defs/"):]]
    return node


def test_schema_is_json_with_the_top_level_fields(schema):
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"
    for key in ("name", "municipality", "domains", "provisions", "buttons", "budget", "extends"):
        assert key in schema["properties"]
    assert schema.get("additionalProperties") is False
    assert {"name", "municipality", "domains", "provisions"} <= set(schema["required"])


def test_schema_dated_field_accepts_a_number_and_a_list_of_steps(schema):
    budget = resolve(schema, schema["properties"]["budget"])
    assert budget.get("additionalProperties") is False
    pooled = budget["properties"]["pooled_share"]
    branches = [resolve(schema, b) for b in pooled["anyOf"]]
    number = next(b for b in branches if b.get("type") == "number")
    assert (number["minimum"], number["maximum"]) == (0, 1)
    array = next(b for b in branches if b.get("type") == "array")
    step = resolve(schema, array["items"])
    assert set(step["properties"]) == {"from_day", "value"}
    assert set(step["required"]) == {"from_day", "value"}
    assert step["properties"]["value"]["type"] == "number"
    assert step.get("additionalProperties") is False


def test_schema_enums_and_descriptions(schema):
    access = resolve(schema, schema["properties"]["access"])
    mode = access["properties"]["mode"]
    plain = next(resolve(schema, b) for b in mode["anyOf"] if resolve(schema, b).get("type") != "array")
    assert set(plain["enum"]) == {"desks", "integral"}
    button = resolve(schema, schema["properties"]["buttons"]["items"])
    assert set(button["properties"]["action"]["enum"]) >= {"waitlist", "approval", "close_intake"}
    for name in ("metric", "budget", "fire", "release"):
        assert button["properties"][name].get("description"), name


def test_schema_validates_the_shipped_scenarios_with_jsonschema(schema):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        if "extends" in data:
            continue  # a partial file: the schema describes the merged scenario
        jsonschema.validate(data, schema)


def test_run_with_several_scenarios_pairs_them_so_their_horizons_must_match(tmp_path, capsys):
    """`run A B` compares its scenarios on the same residents (sim.study.compare): a one-year and
    a two-year file cannot be paired, which is said before anything is written."""
    for name, years in (("one", 1), ("two", 2)):
        (tmp_path / f"{name}.yaml").write_text(f"extends: {BASELINE}\nmunicipality: {{residents: 2000}}\n"
                                               f"run: {{horizon_years: {years}, replications: 1}}\n")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "different horizons" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_validate_notes_a_changed_policy_that_keeps_its_base_story(tmp_path, capsys):
    """A note, not an error: the file is valid, but a report would describe the base's policy."""
    base = ROOT / "scenarios" / "eindhoven_capped.yaml"
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text(f"extends: {base}\nname: Quieter cap\nplan: {{standard_max_severity: 2}}\n", encoding="utf-8")
    told = tmp_path / "told.yaml"
    told.write_text(f"extends: {base}\nname: Told cap\nstory: A cap that steers medium problems too.\n"
                    "plan: {standard_max_severity: 2}\n", encoding="utf-8")
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(f"extends: {base}\nname: Only a new name\nrun: {{replications: 2}}\n", encoding="utf-8")
    assert main(["validate", str(quiet), str(told), str(renamed)]) == 0
    out = capsys.readouterr().out.splitlines()
    notes = [line for line in out if ": note: " in line]
    assert len(notes) == 1 and notes[0].startswith(str(quiet)) and "plan" in notes[0] and "story" in notes[0]
    assert main(["validate", "--lang", "nl", str(quiet)]) == 0
    said = capsys.readouterr().out
    assert ": opmerking: verandert het beleid (plan) maar houdt het verhaal" in said and "keeps" not in said


def test_a_reader_that_stops_listening_gets_no_error_line():
    """`ontschot validate ... | head -1`: the pipe closes early; no 'Broken pipe' line, status 0."""
    done = subprocess.run(f"'{sys.executable}' -m sim validate scenarios/eindhoven_capped.yaml | head -c 10",
                          shell=True, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout and "Broken pipe" not in done.stderr and "Errno" not in done.stderr, done.stderr


@pytest.mark.parametrize("yaml_text, field", [
    ("name_nl: [1, 2]\n", "name_nl"),
    ("mechanism_nl: {a: 1}\n", "mechanism_nl"),
    ("claim_nl: 3\n", "claim_nl"),
    ("provisions: {wmo_general: {label_nl: [x]}}\n", "provisions.wmo_general.label_nl"),
    ("uncertain: {access.miss_probability: {low: 0.1, high: 0.4, why: ok, why_nl: ''}}\n",
     "uncertain.access.miss_probability.why_nl"),
])
def test_the_dutch_text_fields_refuse_what_is_no_text(yaml_text, field, tmp_path, capsys):
    """The Dutch names and texts are validated like every field: exit 2, one line naming file, line and field."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {ROOT / 'scenarios' / 'eindhoven_capped.yaml'}\n{yaml_text}", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    m = one_paragraph(capsys.readouterr().err)
    assert Path(m["file"]).resolve() == bad.resolve() and m["line"] is not None and m["field"] == field, m.string
