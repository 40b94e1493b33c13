"""Error messages in Dutch with `--lang nl` (issue 18): the loader's, the command line's (argparse's
own among them), the output folder's and the store's, the cluster's and the municipalities table's.

Each bad input runs through `ontschot` as a user gives it (`main(argv)`, and once as a process so the
real command line is read), once with `--lang nl` and once in English. Both must exit with the same
status and one line after "ontschot:"; the Dutch line may hold none of a list of English words (the
approach of tests/test_dutch_everywhere.py), the English one none of a list of Dutch words and the
English words the old code said, word for word.

A last test reads every `Said(en, nl)` written in sim/ (with ast) and checks that its Dutch is there,
differs from its English and fills the same blanks.
"""

from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "scenarios" / "base" / "small_municipality.yaml"

# English words a Dutch message must not hold (outside file names, field paths and quoted values).
ENGLISH = ["the", "must", "should", "cannot", "field", "line", "file", "not", "found", "unknown", "Did you mean",
           "Allowed", "got", "give", "folder", "input", "valid", "and", "with", "at least", "see", "required",
           "missing", "whole number", "than", "equal", "column", "holds", "reach", "expected", "damaged", "again",
           "choose", "another", "results", "scheduler at", "empty", "look like", "values"]
DUTCH = ["moet", "regel", "veld", "niet", "geen", "bestand", "kolom", "zie", "gegeven", "opnieuw", "kies", "onbekende"]


def _words(words: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


def found(words: list[str], text: str) -> list[str]:
    """The words of `words` in `text`, without what is quoted ('...') or a path (a value the user wrote)."""
    text = re.sub(r"'[^']*'", "''", text)
    text = re.sub(r"(/|\w:\\)[^\s,;()]+", "PATH", text)
    return sorted(set(_words(words).findall(text)))


def said(argv: list, capsys, monkeypatch, tmp_path: Path) -> tuple[int, str]:
    """`ontschot ARGV` in tmp_path: its exit status and what it wrote to stderr (argparse's exit counted)."""
    monkeypatch.chdir(tmp_path)
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse refuses before main's own handling
        status = exc.code
    err = capsys.readouterr().err
    # `municipalities` first says how it reads the CSV (its separator): a notice, not part of the error
    notice = ("columns separated by", "kolommen gescheiden door")
    err = "".join(line for line in err.splitlines(keepends=True) if not any(n in line for n in notice))
    return status, err.replace(str(tmp_path), "TMP")


def tiny(folder: Path, body: str = "", name: str = "tiny") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"extends: {SMALL}\nmunicipality: {{residents: 5000}}\nrun: {{horizon_years: 1, replications: 1}}\n"
                    + body, encoding="utf-8")
    return path


def _bad_yaml(tmp: Path) -> list:
    (tmp / "bad.yaml").write_text("name: x\n  municipality: : y\n", encoding="utf-8")
    return ["validate", tmp / "bad.yaml"]


def _unknown_field(tmp: Path) -> list:
    return ["validate", tiny(tmp, "budget: {pooled_shar: 0.5}\n")]


def _below_minimum(tmp: Path) -> list:
    return ["run", tiny(tmp, "budget: {initial_reserve: -5}\n")]


def _wrong_type(tmp: Path) -> list:
    (tmp / "wrong.yaml").write_text(f"extends: {SMALL}\nmunicipality: {{residents: many}}\n", encoding="utf-8")
    return ["run", tmp / "wrong.yaml"]


def _wrong_word(tmp: Path) -> list:
    return ["validate", tiny(tmp, "access: {mode: kiosk}\n")]


def _missing_file(tmp: Path) -> list:
    return ["run", tmp / "no_such.yaml"]


def _zero_replications(tmp: Path) -> list:
    return ["run", tiny(tmp), "--replications", "0"]


def _words_for_replications(tmp: Path) -> list:
    return ["compare", tiny(tmp), tiny(tmp, name="other"), "--replications", "many"]


def _bad_vary(tmp: Path) -> list:
    return ["sweep", tiny(tmp), "--vary", "budget.pooled_share"]


def _vary_missing(tmp: Path) -> list:
    return ["sweep", tiny(tmp)]


def _foreign_out(tmp: Path) -> list:
    (tmp / "mine").mkdir()
    (tmp / "mine" / "notes.txt").write_text("my own notes", encoding="utf-8")
    return ["run", tiny(tmp), "--out", tmp / "mine"]


def _damaged_result(tmp: Path) -> list:
    (tmp / "result").mkdir()
    (tmp / "result" / "cases.parquet").write_bytes(b"PAR1 not really")
    (tmp / "result" / "manifest.json").write_text("{", encoding="utf-8")
    return ["explain", tmp / "result", "3"]


def _no_result(tmp: Path) -> list:
    return ["explain", tmp, "3"]


def _bad_csv(tmp: Path) -> list:
    (tmp / "towns.csv").write_text("municipality,residents\nBest,many\n", encoding="utf-8")
    return ["municipalities", tmp / "towns.csv", "--base", tiny(tmp)]


def _bad_csv_column(tmp: Path) -> list:
    (tmp / "towns.csv").write_text("municipality,residents,budget.pooled_shar\nBest,5000,0.5\n", encoding="utf-8")
    return ["municipalities", tmp / "towns.csv", "--base", tiny(tmp)]


def _bad_fails(tmp: Path) -> list:
    return ["explore", tiny(tmp), "--fails", "deficit >"]


def _sobol_samples(tmp: Path) -> list:
    return ["explore", tiny(tmp), "--method", "sobol", "--samples", "3", "--replications", "1", "--out", tmp / "x"]


# name -> (the bad input, the exit status, what the English said before it spoke Dutch)
CASES = {
    "bad YAML": (_bad_yaml, 2, "is not valid YAML: mapping values are not allowed here"),
    "unknown field with a suggestion": (_unknown_field, 2, "unknown key 'pooled_shar'. Did you mean 'pooled_share'?"),
    "value below the minimum": (_below_minimum, 2, "input should be greater than or equal to 0 (got -5)"),
    "wrong type": (_wrong_type, 2, "input should be a valid integer, unable to parse string as an integer (got 'many')"),
    "a word not allowed": (_wrong_word, 2, "input should be 'desks' or 'integral' (got 'kiosk')"),
    "missing file": (_missing_file, 2, "no_such.yaml: file not found"),
    "zero replications": (_zero_replications, 2, "argument --replications: must be at least 1, got 0 (see 'ontschot run --help')"),
    "words for replications": (_words_for_replications, 2, "must be a whole number, got 'many'"),
    "bad --vary": (_bad_vary, 2, "must look like PATH=V1,V2,..., got 'budget.pooled_share'"),
    "--vary missing": (_vary_missing, 2, "the following arguments are required: --vary"),
    "a foreign --out folder": (_foreign_out, 2, "is not an Ontschot result: it holds"),
    "a damaged result": (_damaged_result, 2, "manifest.json' is damaged (JSONDecodeError): run the scenario again"),
    "no result": (_no_result, 2, "holds no results: expected cases.parquet"),
    "bad residents in a CSV": (_bad_csv, 2, "line 2, column 'residents': must be a whole number from 1 to 2,000,000"),
    "a CSV column that names no field": (_bad_csv_column, 2, "names no scenario field (there is no 'pooled_shar' under "
                                                             "'budget'; did you mean 'pooled_share'?)"),
    "bad --fails": (_bad_fails, 2, "--fails 'deficit >': expected METRIC OP NUMBER"),
    "sobol samples not a power of two": (_sobol_samples, 2, "--samples 3 for method sobol: Sobol' points balance only "
                                                            "in powers of two"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_error_is_dutch_with_lang_nl_and_unchanged_in_english(name, tmp_path, capsys, monkeypatch):
    make, status, english = CASES[name]
    argv = make(tmp_path)
    status_en, said_en = said(argv, capsys, monkeypatch, tmp_path)
    status_nl, said_nl = said(argv + ["--lang", "nl"], capsys, monkeypatch, tmp_path)
    assert status_en == status_nl == status, (said_en, said_nl)
    for text in (said_en, said_nl):
        assert text.startswith("ontschot: ") and len(text.strip().splitlines()) == 1 and "Traceback" not in text, text
    assert english in said_en, said_en
    assert not found(DUTCH, said_en), said_en
    assert not found(ENGLISH, said_nl), (found(ENGLISH, said_nl), said_nl)
    assert said_nl != said_en


def test_an_unreachable_scheduler_is_dutch(tmp_path, capsys, monkeypatch):
    pytest.importorskip("dask.distributed")
    from sim.study import executor as E

    monkeypatch.setattr(E, "CONNECT_TIMEOUT", 1.0)
    argv = ["compare", tiny(tmp_path), tiny(tmp_path, name="other"), "--scheduler", "tcp://127.0.0.1:9",
            "--out", tmp_path / "out", "--lang", "nl"]
    status, text = said(argv, capsys, monkeypatch, tmp_path)
    assert status == 2 and len(text.strip().splitlines()) == 1, text
    assert text.startswith("ontschot: kan de Dask-scheduler op tcp://127.0.0.1:9 niet bereiken: "), text
    assert text.rstrip().endswith("start er een met `dask scheduler` of controleer het adres"), text


def test_lang_nl_is_read_from_the_command_line_before_argparse_refuses(tmp_path):
    """argparse complains before it has parsed --lang: the real command line is read for it, both spellings."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for lang in (["--lang", "nl"], ["--lang=nl"]):
        done = subprocess.run([sys.executable, "-m", "sim", "run", str(tmp_path / "x.yaml"), "--replications", "0",
                               *lang], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
        assert done.returncode == 2
        assert done.stderr == "ontschot: argument --replications: moet minstens 1 zijn, niet 0 (zie 'ontschot run --help')\n"


def test_validate_says_each_bad_file_in_dutch(tmp_path, capsys, monkeypatch):
    bad = tiny(tmp_path, "budget: {pooled_share: 1.5}\n")
    status, text = said(["validate", bad, "--lang", "nl"], capsys, monkeypatch, tmp_path)
    assert status == 2
    assert "tiny.yaml, regel 4: veld 'budget.pooled_share': moet kleiner dan of gelijk aan 1 zijn (gegeven: 1.5)" in text, text


# ---------------------------------------------------------------- every Said in sim/

# Words that are the same in both languages (names, code, punctuation) may be said alike.
SAME = {"true/false", "--fails '{text}': ", ", ", "; ", "", " or ", "{problem} ({context}{where})",
        "{where}: field '{field}': {problem}"}


def _saids() -> list[tuple[str, int, str, str]]:
    out = []
    for path in sorted((ROOT / "sim").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Said" and len(node.args) == 2 \
                    and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args):
                out.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value, node.args[1].value))
    return out


def _blanks(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_said_in_sim_has_its_own_dutch_with_the_same_blanks():
    saids = _saids()
    assert len(saids) > 150, len(saids)  # the loader, the checks, the store, the cluster, the command line, ...
    for file, line, en, nl in saids:
        where = f"{file}:{line}"
        assert nl.strip() or not en.strip(), f"{where}: no Dutch for {en!r}"
        assert nl != en or en in SAME, f"{where}: the Dutch is the English: {en!r}"
        assert _blanks(en) == _blanks(nl), f"{where}: {en!r} and {nl!r} fill other blanks"
        assert not found(["the", "must", "should", "cannot", "with", "and", "not"], nl), f"{where}: English in {nl!r}"


def test_the_language_a_command_speaks_ends_with_the_command(tmp_path, capsys, monkeypatch):
    """`ontschot --lang nl` makes a study's running lines Dutch (`sim.errors.speak`) only while the command runs:
    a notebook or a test that calls `main` in its own process keeps speaking its own language afterwards."""
    from sim.errors import spoken

    assert spoken() == "en"
    said(["validate", str(tmp_path / "no_such.yaml"), "--lang", "nl"], capsys, monkeypatch, tmp_path)
    assert spoken() == "en"
