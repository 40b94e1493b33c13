"""What an error message shows: a field for every key the file writes, content only of a scenario.

A message may quote a file (an unknown key, a value, PyYAML's account of a syntax error) only
where the file is a scenario: an `extends:` that names /etc/shadow or a key file must not echo
its first line. And whatever mapping a file holds, the loader answers with a ScenarioError that
names file and field, never a traceback (a key written with brackets once ended in
"IndexError: tuple index out of range").
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.errors import ScenarioError
from sim.policy.loader import load_scenario
from tests.helpers import ROOT

SMALL = ROOT / "scenarios" / "base" / "small_municipality.yaml"
SECRET = "s3cr3t-hash-line"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


# ---------------------------------------------------------------- content only of a scenario

SYSTEM_FILES = {
    "shadow": f"root:{SECRET}:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n",  # one YAML mapping of one key
    "config": f"password: {SECRET}\nuser: admin\n",  # a YAML mapping, no scenario field
    "ssh": f"Host *\n  IdentityFile {SECRET}\n  Port: 22\n",  # not YAML at all (a syntax error on line 3)
    "alias": f"token: *{SECRET}\n",  # PyYAML's words would quote the undefined alias
    "tag": f"key: !{SECRET} 1\n",  # ...and the unknown tag
    "dup": f"{SECRET}: 1\n{SECRET}: 2\n",  # the duplicate-key message would name the key
    "escape": f'"{SECRET}": "\\q"\n',  # an unknown escape character
}


@pytest.mark.parametrize("kind", sorted(SYSTEM_FILES))
def test_an_extends_naming_a_file_that_is_no_scenario_quotes_none_of_it(tmp_path, kind):
    target = write(tmp_path / "system_file", SYSTEM_FILES[kind])
    child = write(tmp_path / "child.yaml", f"name: x\nextends: {target}\n")
    err = refused(child)
    for lang in ("en", "nl"):
        assert SECRET not in err.message(lang)
    assert (Path(err.file), err.line, err.field) == (child, 2, "extends")
    assert "is not a scenario file" in err.message() and "is geen scenariobestand" in err.message("nl")


@pytest.mark.parametrize("kind", sorted(SYSTEM_FILES))
def test_a_file_named_on_the_command_line_that_is_no_scenario_quotes_none_of_it(tmp_path, kind, capsys):
    target = write(tmp_path / "system_file", SYSTEM_FILES[kind])
    assert main(["validate", str(target)]) == 2
    said = capsys.readouterr().err
    assert SECRET not in said and "is not a scenario file" in said and "Traceback" not in said


def test_a_real_system_file_is_not_echoed(tmp_path):
    for name in ("/etc/passwd", "/etc/group", "/etc/hostname", "/etc/shadow", "/etc/ssh/ssh_config"):
        if not os.access(name, os.R_OK):
            continue
        first = Path(name).read_text(errors="replace").strip().splitlines()
        child = write(tmp_path / "child.yaml", f"extends: {name}\nname: x\n")
        message = refused(child).message()
        assert not first or first[0].strip() not in message, message


def test_a_scenario_with_a_misspelt_key_is_still_a_scenario_and_gets_its_did_you_mean(tmp_path):
    base = write(tmp_path / "base.yaml", (ROOT / "scenarios" / "base" / "eindhoven.yaml").read_text(encoding="utf-8") + "domians: {}\n")
    child = write(tmp_path / "child.yaml", "extends: base.yaml\nname: x\n")
    err = refused(child)
    assert (Path(err.file).name, err.field) == ("base.yaml", "domians")
    assert "Did you mean 'domains'?" in err.message()


def test_a_scenario_with_a_syntax_error_still_gets_pyyamls_words(tmp_path):
    path = write(tmp_path / "tab.yaml", f"extends: {SMALL}\nname: x\nrun:\n\thorizon_years: 2\n")
    err = refused(path)
    assert err.line == 4 and "tab" in err.message() and "not a scenario" not in err.message()


# ---------------------------------------------------------------- every key gets its field

@pytest.mark.parametrize("body, field, hint", [
    ("provisions[wmo_general]:\n  duration_days: 5\n", "provisions[wmo_general]", "write provisions: and below it"),
    ("provisions.wmo_general:\n  duration_days: 5\n", "provisions.wmo_general", "write provisions: and below it"),
    ("provisions:\n  wmo_general:\n    duration_days[0]: 5\n", "provisions.wmo_general.duration_days[0]", "write duration_days:"),
    ("run: {'horizon_years[1]': 2}\n", "run.horizon_years[1]", "write horizon_years:"),
])
def test_a_key_written_with_brackets_is_named_as_the_field(tmp_path, body, field, hint):
    err = refused(write(tmp_path / "child.yaml", f"extends: {SMALL}\nname: x\n{body}"))
    assert err.field == field, err.message()
    assert hint in err.message() and err.line is not None


@pytest.mark.parametrize("body, field", [
    ("provisions:\n  '': {}\n", "provisions.''"),
    ("domains:\n  1.5: {}\n", "domains.1.5"),
    ("uncertain:\n  ~: {low: 1, high: 2, why: r}\n", "uncertain.None"),
])
def test_an_odd_key_is_named(tmp_path, body, field):
    err = refused(write(tmp_path / "child.yaml", f"extends: {SMALL}\nname: x\n{body}"))
    assert err.field == field, err.message()


# ---------------------------------------------------------------- any mapping: a ScenarioError, never a traceback

_NAMES = ["name", "extends", "run", "horizon_years", "provisions", "wmo_general", "domains", "wmo", "budget",
          "buttons", "uncertain", "low", "high", "why", "values", "municipality", "residents",
          "provisions[wmo_general]", "buttons[0]", "a.b", "", "<<"]
_keys = st.one_of(st.sampled_from(_NAMES), st.text(max_size=6), st.integers(-3, 3), st.none(), st.booleans(),
                  st.floats(allow_nan=True, allow_infinity=True))
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10), st.sampled_from(_NAMES))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(_keys, inner, max_size=3)), max_leaves=12)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.dictionaries(_keys, _values, max_size=5), extends=st.booleans(), flow=st.booleans())
def test_any_yaml_mapping_gives_a_scenario_error_or_a_scenario(tmp_path, data, extends, flow):
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    path = write(tmp_path / "fuzz.yaml", (f"extends: {SMALL}\n" if extends else "") + text)
    try:
        load_scenario(path)
    except ScenarioError as err:
        message = err.message()
        assert "\n" not in message and "Traceback" not in message
