"""The file reader as an attacker would try it: every input either loads or gets the project's own error.

The corpus in tests/policy/bad/ holds the bad inputs that can be written as text files. The ones
here cannot (a FIFO, a symbolic-link loop, Latin-1 and UTF-16 bytes, files nested thousands of
levels deep or megabytes long), so they are made in a temporary folder. Each must give one
ScenarioError that names the file (and the line, where there is one), quickly, never a
traceback or a hang; a property-based fuzz of `load_scenario` then mutates a real scenario file
at the level of its text, control characters included.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from sim.errors import ScenarioError
from sim.policy.loader import load_scenario
from sim.policy.yaml_file import MAX_DEPTH, MAX_FILE_BYTES
from tests.helpers import ROOT, SCENARIOS

CAPPED = SCENARIOS / "eindhoven_capped.yaml"
BASE = SCENARIOS / "eindhoven_radical_maatwerk.yaml"


def rejected(path, *texts: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = info.value.message()
    assert "\n" not in message
    for text in texts:
        assert text in message, message
    return info.value


def child(folder, body: str, name: str = "child.yaml"):
    path = folder / name
    path.write_text(f"extends: {BASE}\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 3_000, 20_000])
@pytest.mark.parametrize("style", ["flow", "block", "indented"])
def test_deep_nesting_is_refused_on_its_line(tmp_path, depth, style):
    if style == "flow":
        body = "description: " + "[" * depth + "]" * depth + "\n"
    elif style == "block":  # block sequences nest on one line: "- - - x"
        body = "description:\n" + "- " * depth + "x\n"
    else:  # indentation grows with depth, so deep files are large: 1,000 levels is half a megabyte
        depth = min(depth, 1_000)
        body = "".join(f"{' ' * i}k{i}:\n" for i in range(depth)) + f"{' ' * depth}0\n"
    err = rejected(child(tmp_path, body), f"nested more than {MAX_DEPTH} levels deep")
    assert err.line is not None


def test_deep_nesting_through_a_chain_of_aliases_is_refused(tmp_path):
    # under a scenario field: a file whose top-level keys are no scenario fields is refused before it is walked
    body = "provisions:\n  a0: &a0 [1]\n" + "".join(f"  a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 200))
    rejected(child(tmp_path, body), "levels deep", "aliases")


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    body = "provisions:\n  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9))
    err = rejected(child(tmp_path, body), "expands to more than")
    assert err.field == "provisions"  # the top-level key the expansion is under


def test_a_file_larger_than_a_scenario_can_be_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"extends: {BASE}\n")
        f.write("# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    rejected(path, "MB")


def test_a_latin1_byte_is_refused_with_its_line_and_column(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(f"extends: {BASE}\nname: Caf\xe9 budget\n".encode("latin-1"))
    err = rejected(path, "not UTF-8", "0xE9", "column 10", "save it as UTF-8")
    assert err.line == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_files_are_refused_clearly(tmp_path, encoding):
    path = tmp_path / "wide.yaml"
    path.write_bytes(f"extends: {BASE}\nname: Wide\n".encode(encoding))
    err = rejected(path, "UTF-")
    assert err.line == 1


def test_a_utf8_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + f"extends: {BASE}\nname: With a mark\n".encode())
    assert load_scenario(path).name == "With a mark"


def test_every_control_character_is_refused_on_its_line(tmp_path):
    for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]:
        path = child(tmp_path, f"description: a{chr(code)}b\n", name=f"c{code}.yaml")
        err = rejected(path, f"U+{code:04X}")
        assert err.line == 2


def test_a_fifo_is_refused_without_opening_it(tmp_path):
    """Opening a named pipe blocks until someone writes to it; the reader must not open it at all."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (tmp_path / "child.yaml").write_text("extends: pipe.yaml\n", encoding="utf-8")
    code = ("import sys; from sim.policy.loader import load_scenario; from sim.errors import ScenarioError\n"
            "for p in sys.argv[1:]:\n"
            "    try: load_scenario(p)\n"
            "    except ScenarioError as e: print(e.message())\n")
    out = subprocess.run([sys.executable, "-c", code, str(fifo), str(tmp_path / "child.yaml")], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = out.stdout.splitlines()
    assert len(lines) == 2 and all("not a regular file" in line for line in lines), out


def test_a_symlink_loop_is_refused(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    rejected(tmp_path / "a.yaml", "loop of symbolic links")
    (tmp_path / "d.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    err = rejected(tmp_path / "d.yaml", "loop of symbolic links")
    assert err.field == "extends" and err.line == 1


@pytest.mark.parametrize("name, text", [("a\x00b.yaml", "NUL character"), ("x" * 5_000 + ".yaml", "5,005 characters")])
def test_an_impossible_file_name_is_refused(tmp_path, name, text):
    rejected(tmp_path / name, text)
    (tmp_path / "e.yaml").write_text(f'extends: "{name.replace(chr(0), chr(92) + "0")}"\n', encoding="utf-8")
    err = rejected(tmp_path / "e.yaml", text)
    assert err.field == "extends"


def test_the_command_line_answers_every_reader_fault_with_one_line(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    deep = child(tmp_path, "description: " + "[" * 5_000 + "]" * 5_000 + "\n", name="deep.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"name: caf\xe9\n")
    for path in (fifo, deep, latin, tmp_path / ("y" * 300 + ".yaml")):
        out = subprocess.run([sys.executable, "-m", "sim", "validate", str(path)], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert out.returncode == 2, out
        assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1, out.stderr
        assert "Traceback" not in out.stderr and out.stderr.startswith("ontschot: ")


# --- a property-based fuzz of the loader --------------------------------------------------------
TEXT = CAPPED.read_text(encoding="utf-8").replace("extends: eindhoven_radical_maatwerk.yaml", f"extends: {BASE}")
CONTROL = st.sampled_from([chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0xA0, 0xFEFF, 0xFFFE)])
PIECES = st.one_of(CONTROL, st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?<= \t\n") + ["<<: ", "*a", "&a ", "!!python/object:os.system ",
                                                                               ".inf", ".nan", "1e400", "2024-13-45", "~"]),
                   st.text(max_size=8))


@st.composite
def mutated(draw) -> str:
    """The capped scenario's text with a few insertions, deletions or duplicated lines."""
    text = TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            text = text[:at] + draw(PIECES) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        else:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
    return text


@seed(20261201)
@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=mutated())
def test_fuzz_every_mutated_file_loads_or_gets_our_error(tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_scenario(path)
    except ScenarioError as exc:
        assert "\n" not in exc.message()
