"""Reading scenario files: safe YAML, `extends:` deep-merge, and errors that name file, line and field.

The malformed files live in tests/policy/bad/. Each one says in its header what the loader must report:

    # expect-field: budget.pooled_shar      (or '-' when the problem has no field, e.g. YAML syntax)
    # expect-text: Did you mean 'pooled_share'?   (any number of these; all must appear)
    # expect-file: bad_base.yaml            (only when the error is in another file than the one loaded)

and marks the line the error must name with `# ERROR` (in the file the error names). Adding a
bad case is adding a file; no line numbers are written down anywhere.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import sim
from sim.errors import ScenarioError
from sim.policy.loader import load_scenario, scenario_hash
from tests.helpers import ROOT


HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"
BASELINE = ROOT / "scenarios" / "base" / "eindhoven.yaml"  # a complete file, no extends
BAD_FILES = sorted(BAD.glob("*.yaml"))


class Expected:
    """What a bad file says the loader must report, read from its header."""

    def __init__(self, path: Path):
        text = path.read_text(encoding="utf-8")
        head = dict.fromkeys(("field", "file"))
        self.texts: list[str] = []
        for line in text.splitlines():
            m = re.match(r"#\s*expect-(field|text|file):\s*(.*?)\s*$", line)
            if m and m[1] == "text":
                self.texts.append(m[2])
            elif m:
                head[m[1]] = m[2]
        assert head["field"] is not None, f"{path.name} has no '# expect-field:' line"
        self.path = path
        self.field = None if head["field"] == "-" else head["field"]
        self.file = (path.parent / head["file"]).resolve() if head["file"] else path.resolve()
        self.line = error_line(self.file)


def error_line(path: Path) -> int:
    """The (1-based) number of the one line marked `# ERROR`."""
    marked = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "# ERROR" in line]
    assert len(marked) == 1, f"{path.name} must mark exactly one line with '# ERROR', found {marked}"
    return marked[0]


def line_of(text: str, pattern: str) -> int:
    """The number of the first line of `text` that contains `pattern`."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if pattern in line)


def test_the_corpus_is_big_enough_and_covers_the_required_cases():
    names = {p.stem for p in BAD_FILES}
    assert len(names) >= 15
    required = {"wrong_type", "unknown_key", "negative_budget", "share_above_one", "missing_extends",
                "extends_loop_a", "release_above_fire", "yaml_syntax"}
    assert required <= names


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_file_is_rejected_naming_file_line_and_field(path):
    want = Expected(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert Path(err.file).resolve() == want.file
    assert err.line == want.line, err.message()
    assert err.field == want.field, err.message()
    for text in want.texts:
        assert text in err.message(), f"{text!r} not in {err.message()!r}"
    msg = err.message()
    assert "\n" not in msg and "Traceback" not in msg
    if want.field is not None:
        assert f"field '{want.field}'" in msg
    assert f", line {want.line}:" in msg


def test_the_shipped_scenarios_load():
    for path in sorted((ROOT / "scenarios").rglob("*.yaml")):
        s = load_scenario(path)
        assert s.name and len(s.content_hash) == 64


# ---------------------------------------------------------------- extends: deep merge

def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def child(tmp_path: Path, body: str, name: str = "child.yaml", base: Path = BASELINE) -> Path:
    return write(tmp_path / name, f"extends: {base}\n{body}")


def test_child_overriding_one_nested_key_keeps_the_siblings(tmp_path):
    base = load_scenario(BASELINE)
    s = load_scenario(child(tmp_path, "budget:\n  initial_reserve: 1000000\ndomains:\n  wmo:\n    budget: 50000000\n"))
    assert s.budget.initial_reserve == 1_000_000
    assert s.budget.underspend == base.budget.underspend
    assert s.budget.pooled_share == base.budget.pooled_share
    assert s.domains["wmo"].budget[0].value == 50_000_000
    assert s.domains["wmo"].incidence == base.domains["wmo"].incidence
    assert s.domains["wmo"].label_nl == base.domains["wmo"].label_nl
    assert s.domains["jeugd"] == base.domains["jeugd"]
    assert list(s.domains) == list(base.domains)
    assert s.name == base.name


def test_lists_replace_rather_than_append(tmp_path):
    base = load_scenario(BASELINE)
    assert len(base.sources) > 1
    s = load_scenario(child(tmp_path, "sources: [only this one]\ndomains:\n  wmo:\n    severity: [0.5, 0.4, 0.1]\n"))
    assert s.sources == ["only this one"]
    assert s.domains["wmo"].severity == [0.5, 0.4, 0.1]


def test_a_list_of_buttons_in_the_child_replaces_the_base_list(tmp_path):
    two = child(tmp_path, "buttons:\n"
                "  - {name: a, metric: spent_share, fire: 1.0, release: 0.9, action: waitlist}\n"
                "  - {name: b, metric: waitlist, fire: 100, release: 50, action: close_intake}\n", name="two.yaml")
    one = child(tmp_path, "buttons:\n  - {name: c, metric: spent_share, fire: 1.1, release: 1.0, action: approval}\n",
                name="one.yaml", base=two)
    assert [b.name for b in load_scenario(two).buttons] == ["a", "b"]
    assert [b.name for b in load_scenario(one).buttons] == ["c"]


def test_three_levels_of_extends_merge_in_order(tmp_path):
    mid = child(tmp_path, "budget:\n  pooled_share: 0.5\n  initial_reserve: 10\n", name="mid.yaml")
    top = child(tmp_path, "budget:\n  initial_reserve: 20\n", name="top.yaml", base=mid)
    s = load_scenario(top)
    assert s.budget.pooled_share[0].value == 0.5
    assert s.budget.initial_reserve == 20


def test_extends_is_relative_to_the_extending_file(tmp_path, monkeypatch):
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(BASELINE, tmp_path / "base.yaml")
    write(sub / "child.yaml", "extends: ../base.yaml\nname: Relative\n")
    monkeypatch.chdir(sub.parent.parent)  # anywhere else than the file's folder
    assert load_scenario(sub / "child.yaml").name == "Relative"


def test_an_error_in_a_value_from_the_base_names_the_base_file_and_line(tmp_path):
    base = child(tmp_path, "# a base with one bad value\nlaw:\n  appeal_share: 1.7\n", name="base.yaml")
    top = child(tmp_path, "name: Fine itself\nlaw:\n  appeal_days: 90\n", name="top.yaml", base=base)
    with pytest.raises(ScenarioError) as info:
        load_scenario(top)
    err = info.value
    assert Path(err.file).resolve() == base.resolve()
    assert err.line == line_of(base.read_text(), "appeal_share")
    assert err.field == "law.appeal_share"
    assert "less than or equal to 1" in err.problem


def test_an_error_in_a_value_the_child_overrides_names_the_child(tmp_path):
    base = child(tmp_path, "law:\n  appeal_share: 0.2\n", name="base.yaml")
    top = child(tmp_path, "name: x\nlaw:\n  appeal_share: -1\n", name="top.yaml", base=base)
    with pytest.raises(ScenarioError) as info:
        load_scenario(top)
    assert Path(info.value.file).resolve() == top.resolve()
    assert info.value.line == line_of(top.read_text(), "appeal_share")


def test_a_child_fixing_the_bad_value_of_its_base_is_valid(tmp_path):
    base = child(tmp_path, "law:\n  appeal_share: 1.7\n", name="base.yaml")
    top = child(tmp_path, "law:\n  appeal_share: 0.3\n", name="top.yaml", base=base)
    assert load_scenario(top).law.appeal_share == 0.3


def test_a_consistency_error_points_at_the_file_that_wrote_the_field(tmp_path):
    # The base defines the button; the child sets release above fire: the child is blamed.
    base = child(tmp_path, "buttons:\n  - name: cap\n    metric: spent_share\n    fire: 1.0\n    release: 0.9\n"
                 "    action: waitlist\n", name="base.yaml")
    top = child(tmp_path, "buttons:\n  - name: cap\n    metric: spent_share\n    fire: 1.0\n    release: 1.2\n"
                "    action: waitlist\n", name="top.yaml", base=base)
    with pytest.raises(ScenarioError) as info:
        load_scenario(top)
    assert Path(info.value.file).resolve() == top.resolve()
    assert info.value.line == line_of(top.read_text(), "release")
    assert info.value.field == "buttons[0].release"


# ---------------------------------------------------------------- content hash

def test_the_hash_is_the_same_for_files_that_merge_to_the_same_content(tmp_path):
    h = load_scenario(BASELINE).content_hash
    # only `extends`: the same content
    assert load_scenario(child(tmp_path, "", name="same.yaml")).content_hash == h
    # a full copy, reordered and without comments
    data = yaml.safe_load(BASELINE.read_text())
    reordered = dict(reversed(list(data.items())))
    assert load_scenario(write(tmp_path / "copy.yaml", yaml.safe_dump(reordered, sort_keys=True))).content_hash == h
    # restating a base value, and a plain value written as dated steps, change nothing
    restated = child(tmp_path, "budget:\n  underspend: return\n  pooled_share: [{from_day: 0, value: 0.0}]\n",
                     name="restated.yaml")
    assert load_scenario(restated).content_hash == h


def test_the_hash_does_not_depend_on_writing_out_a_default(tmp_path):
    button = "  - {name: cap, metric: spent_share, fire: 1.0, release: 0.9, action: waitlist%s}\n"
    implicit = child(tmp_path, "buttons:\n" + button % "", name="implicit.yaml")
    explicit = child(tmp_path, "buttons:\n" + button % ", active: true, approval_days: 14", name="explicit.yaml")
    assert load_scenario(implicit).content_hash == load_scenario(explicit).content_hash


def test_the_hash_changes_when_a_value_changes(tmp_path):
    h = load_scenario(BASELINE).content_hash
    changed = [
        "domains:\n  wmo:\n    budget: 46800001\n",
        "name: Another name\n",
        "budget:\n  pooled_share: [{from_day: 0, value: 0.0}, {from_day: 365, value: 0.0}]\n",
    ]
    hashes = {load_scenario(child(tmp_path, body, name=f"c{i}.yaml")).content_hash for i, body in enumerate(changed)}
    assert h not in hashes and len(hashes) == len(changed)


def test_the_hash_is_what_scenario_hash_computes():
    s = load_scenario(BASELINE)
    assert s.content_hash == scenario_hash(s) == sim.load_scenario(BASELINE).content_hash


# ---------------------------------------------------------------- YAML details

def test_a_scenario_file_cannot_run_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for tag in ("!!python/object/apply:os.system ['echo pwned > pwned.txt']",
                "!!python/name:os.system", "!!python/object/new:os.system ['echo pwned > pwned.txt']"):
        path = child(tmp_path, f"name: {tag}\n", name="evil.yaml")
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
        assert info.value.line == 2
        assert not (tmp_path / "pwned.txt").exists()


def test_yaml_merge_keys_are_not_taken_for_duplicate_keys(tmp_path):
    path = child(tmp_path, "budget:\n  <<: {pooled_share: 0.1, underspend: reserve}\n  pooled_share: 0.2\n")
    s = load_scenario(path)
    assert s.budget.pooled_share[0].value == 0.2
    assert s.budget.underspend == "reserve"


def test_an_error_in_a_merged_yaml_anchor_names_the_anchor_line(tmp_path):
    # `plan: &p` is fine where it is; merged into budget, discretion_max is an unknown key there.
    path = child(tmp_path, "plan: &p\n  discretion_max: 5\nbudget:\n  <<: *p\n  pooled_share: 0.1\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.field == "budget.discretion_max"
    assert info.value.line == line_of(path.read_text(), "discretion_max")


def test_a_yaml_alias_loop_is_an_error_not_a_hang(tmp_path):
    path = child(tmp_path, "sources: &s [a, *s]\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.line == 2


def test_an_unquoted_yes_or_no_gets_a_hint(tmp_path):
    path = child(tmp_path, "access:\n  mode: yes\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.field == "access.mode"
    assert "quotes" in info.value.problem and "got true" in info.value.problem


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert "nope.yaml" in info.value.message() and "not found" in info.value.message()


def test_a_folder_as_extends_target_is_an_error(tmp_path):
    (tmp_path / "folder").mkdir()
    path = write(tmp_path / "c.yaml", "name: x\nextends: folder\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert (info.value.field, info.value.line) == ("extends", 2)


def test_an_empty_extends_target_is_reported_at_the_extends_line(tmp_path):
    write(tmp_path / "empty.yaml", "# nothing\n")
    path = write(tmp_path / "c.yaml", "name: x\nextends: empty.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert (info.value.field, info.value.line) == ("extends", 2)
    assert "empty" in info.value.problem


def test_not_utf8_is_reported(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: Gemeente 's-Hertogenbosch \xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "UTF-8" in info.value.problem


def test_the_count_of_further_problems_is_given(tmp_path):
    path = child(tmp_path, "law:\n  appeal_share: 2\n  appeal_days: -1\nbudget:\n  initial_reserve: -1\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.more == 2
    assert "(2 more problems after this one.)" in info.value.message()


def test_file_names_inside_the_working_folder_are_shown_relative(monkeypatch):
    monkeypatch.chdir(HERE)
    with pytest.raises(ScenarioError) as info:
        load_scenario(Path("bad") / "unknown_key.yaml")
    assert info.value.message().startswith(str(Path("bad") / "unknown_key.yaml") + ", line ")


def test_a_file_that_renames_itself_does_not_inherit_the_dutch_name(tmp_path):
    """name_nl and story_nl follow name and story: a policy file extending the radical scenario
    under its own name must not be shown in Dutch under the radical scenario's Dutch name."""
    base = sim.load_scenario(ROOT / "scenarios" / "eindhoven_radical_maatwerk.yaml")
    assert base.title("nl") == "Eindhoven, radicaal maatwerk" and base.title("en") == "Eindhoven radical maatwerk"
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(f"extends: {ROOT / 'scenarios' / 'eindhoven_radical_maatwerk.yaml'}\nname: Something else\n"
                       "story: Another story.\n")
    s = sim.load_scenario(renamed)
    assert s.title("nl") == "Something else" and s.told("nl") == "Another story."
    same = tmp_path / "same.yaml"
    same.write_text(f"extends: {ROOT / 'scenarios' / 'eindhoven_radical_maatwerk.yaml'}\nrun: {{replications: 2}}\n")
    assert sim.load_scenario(same).title("nl") == "Eindhoven, radicaal maatwerk"


def test_sources_nl_follows_sources(tmp_path):
    """A file that cites its own sources does not keep its base's Dutch descriptions of other sources; a file
    that cites none of its own keeps both; the Dutch list goes one to one with the English (else exit 2 with the
    line of sources_nl)."""
    base = sim.load_scenario(BASELINE)
    assert base.sources_nl and base.sources_told("nl") != base.sources
    kept = sim.load_scenario(child(tmp_path, "run: {replications: 2}\n", name="kept.yaml"))
    assert kept.sources_told("nl") == base.sources_nl
    own = sim.load_scenario(child(tmp_path, "sources:\n  - 'My own source'\n", name="own.yaml"))
    assert own.sources_told("nl") == ["My own source"]
    both = sim.load_scenario(child(tmp_path, "sources: ['A source']\nsources_nl: ['Een bron']\n", name="both.yaml"))
    assert both.sources_told("nl") == ["Een bron"] and both.sources_told("en") == ["A source"]
    bad = child(tmp_path, "sources: ['A', 'B']\nsources_nl:\n  - 'Een'\n", name="bad.yaml")
    with pytest.raises(ScenarioError) as info:
        load_scenario(bad)
    assert info.value.field == "sources_nl" and info.value.line == line_of(bad.read_text(), "sources_nl")
    assert "has 1 entries but sources has 2" in info.value.problem
