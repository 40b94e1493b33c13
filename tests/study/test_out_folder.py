"""What `--out` may be: Ontschot replaces only what it wrote and can verify, and never writes or
deletes through a symbolic link.

Each case is a user's folder as a careless user or an attacker would leave it: a manifest that
claims to be Ontschot's and lists the user's file (without checksums, or with wrong ones), an
earlier result whose report a user edited, and a symbolic link inside `--out` (in place of the
store of replications, of a stored arm, of a result file) pointing to a folder of the user's.
For `run`, `compare`, `sweep` and `explore` the command must refuse with exit status 2 and one
line naming the file, and a snapshot of everything under the test's folder, the user's folders
and --out alike, must be the same byte for byte afterwards: nothing deleted, nothing written,
inside --out or outside it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sim.cli import main
from sim.report.output import STORE
from sim.study.compare import compare
from sim.study.explore_run import keep_run, run_folder
from sim.study.replicate import rep_folder, verdict
from sim.study.store import ForeignFolder, atomic_dir, digest, inside, manifest, unverified

from tests.helpers import small
from tests.study.test_store_faults import one_line, tiny

EXPLORE_RUNS = ".runs"


def snapshot(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every file, folder and link under `root`, links not followed: what must not change."""
    seen: dict[str, tuple[str, bytes | str]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            seen[rel] = ("link", str(path.readlink()))
        elif path.is_dir():
            seen[rel] = ("dir", "")
        else:
            seen[rel] = ("file", path.read_bytes())
    return seen


def commands(tmp: Path, out: Path) -> dict[str, list[str]]:
    """The four commands that write a result folder, each aimed at `out`, at the smallest size."""
    a, b = str(tiny(tmp, "a")), str(tiny(tmp, "b", extends="eindhoven_radical_maatwerk.yaml"))
    return {"run": ["run", a, "--out", str(out)],
            "compare": ["compare", a, b, "--replications", "1", "--out", str(out)],
            "sweep": ["sweep", a, "--vary", "buttons.0.fire=0.98,1.0", "--replications", "1", "--out", str(out)],
            "explore": ["explore", a, "--samples", "4", "--replications", "1", "--out", str(out)]}


def refused(tmp: Path, args: list[str], capsys, lang: str = "en") -> str:
    """Run `args` and require exit 2, one line, and every byte under `tmp` as it was."""
    before = snapshot(tmp)
    capsys.readouterr()
    assert main([*args, "--lang", lang]) == 2
    line = one_line(capsys.readouterr().err)
    assert snapshot(tmp) == before, "something under the test's folder was written or deleted"
    return line


@pytest.fixture(scope="module")
def scenario():
    return small("eindhoven_capped.yaml", 5_000, years=1)


def earlier(target: Path, scenario, **files: str) -> Path:
    """An earlier Ontschot result holding `files`, written as every writer writes one."""
    with atomic_dir(target) as tmp:
        for name, text in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_text(text, encoding="utf-8")
        manifest(scenario, 1, folder=tmp)
    return target


# ---------------------------------------------------------------- a manifest that claims to be ours

FAKES = {
    "no checksums": lambda size: {},
    "size only": lambda size: {"bytes": size},
    "wrong checksum": lambda size: {"bytes": size, "sha256": "0" * 64},
    "not an entry": lambda size: None,
}


@pytest.mark.parametrize("fake", FAKES)
@pytest.mark.parametrize("command", ["run", "compare", "sweep", "explore"])
def test_a_manifest_claiming_a_users_file_does_not_get_it_deleted(tmp_path, capsys, command, fake):
    mine = tmp_path / "mine"
    mine.mkdir()
    thesis = mine / "thesis.txt"
    thesis.write_text("four years of work\n", encoding="utf-8")
    (mine / "manifest.json").write_text(json.dumps({"tool": "ontschot", "format": 1, "files": {
        "thesis.txt": FAKES[fake](thesis.stat().st_size)}}))
    line = refused(tmp_path, commands(tmp_path, mine)[command], capsys)
    assert str(thesis) in line and "--out OTHER" in line and "nothing was written or deleted" in line


# ---------------------------------------------------------------- an earlier result a user edited

def _same_size_edit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("a", "b", 1) if "a" in text else "b" + text[1:], encoding="utf-8")


def test_a_run_whose_report_a_user_edited_is_not_overwritten(tmp_path, capsys):
    """A real result, its report.md edited by the user (same size, so only the SHA-256 tells): the
    next run into it is refused, naming report.md, in either language, and changes nothing."""
    out = tmp_path / "res"
    args = commands(tmp_path, out)["run"]
    assert main(args) == 0
    report = out / "report.md"
    size = report.stat().st_size
    _same_size_edit(report)
    assert report.stat().st_size == size
    line = refused(tmp_path, args, capsys)
    assert f"'{report}' (changed since Ontschot wrote it" in line and "move or delete them yourself" in line
    nl = refused(tmp_path, args, capsys, lang="nl")
    assert f"'{report}' (veranderd sinds Ontschot het schreef" in nl and "verplaats of verwijder ze zelf" in nl
    report.unlink()  # the user moves the edited report away: now everything left is verifiably ours
    assert main(args) == 0 and report.exists()


@pytest.mark.parametrize("command", ["compare", "sweep", "explore"])
def test_an_edited_file_of_an_earlier_result_is_kept_whatever_the_command(tmp_path, scenario, capsys, command):
    out = earlier(tmp_path / "res", scenario, **{"report.html": "<p>ours</p>", "pictures/cost.png": "png"})
    (out / "pictures" / "cost.png").write_text("my own drawing", encoding="utf-8")
    line = refused(tmp_path, commands(tmp_path, out)[command], capsys)
    assert str(out / "pictures" / "cost.png") in line and "changed since Ontschot wrote it" in line
    assert str(out / "report.html") not in line  # what still checks out is not named


def test_a_file_missing_from_an_earlier_result_does_not_stop_the_next(tmp_path, scenario, capsys):
    """Deleting a file of a result destroys nothing of the user's: the folder is still replaced."""
    out = earlier(tmp_path / "res", scenario, **{"report.md": "ours", "notes.md": "ours too"})
    (out / "notes.md").unlink()
    assert not unverified(out)


# ---------------------------------------------------------------- symbolic links inside --out

def _elsewhere(tmp: Path) -> Path:
    """A folder of the user's, outside --out, that a link points to."""
    folder = tmp / "elsewhere"
    folder.mkdir()
    (folder / "budget.xlsx").write_bytes(b"the user's spreadsheet")
    return folder


@pytest.mark.parametrize("command, store", [("compare", STORE), ("sweep", STORE), ("explore", EXPLORE_RUNS),
                                            ("run", STORE)])
def test_a_store_replaced_by_a_link_is_refused_before_anything_runs(tmp_path, scenario, capsys, command, store):
    elsewhere = _elsewhere(tmp_path)
    out = earlier(tmp_path / "res", scenario, **{"report.md": "ours"})
    (out / store).symlink_to(elsewhere, target_is_directory=True)
    line = refused(tmp_path, commands(tmp_path, out)[command], capsys)
    assert f"'{out / store}' is a symbolic link inside '{out}'" in line and "remove the link yourself" in line
    nl = refused(tmp_path, commands(tmp_path, out)[command], capsys, lang="nl")
    assert "is een symbolische link in" in nl


@pytest.mark.parametrize("command", ["compare", "sweep", "explore", "run"])
def test_a_link_deeper_inside_out_is_refused(tmp_path, scenario, capsys, command):
    """A stored arm that is a link, and a result's table that is a link to a user's file."""
    elsewhere = _elsewhere(tmp_path)
    out = earlier(tmp_path / "res", scenario, **{"report.md": "ours"})
    store = out / (EXPLORE_RUNS if command == "explore" else STORE)
    store.mkdir()
    (store / "a").symlink_to(elsewhere, target_is_directory=True)
    line = refused(tmp_path, commands(tmp_path, out)[command], capsys)
    assert f"'{store / 'a'}' is a symbolic link" in line
    (store / "a").unlink()
    (out / "report.md").unlink()
    (out / "report.md").symlink_to(elsewhere / "budget.xlsx")
    line = refused(tmp_path, commands(tmp_path, out)[command], capsys)
    assert f"'{out / 'report.md'}' is a symbolic link" in line


def test_out_itself_a_link_is_refused_naming_the_folder_it_points_to(tmp_path, scenario, capsys):
    """Results replace their folder; through a link that would replace the link, not the folder it
    names, so --out must name the folder itself (which may then be any folder a result may be)."""
    real = earlier(tmp_path / "real", scenario, **{"report.md": "ours"})
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    line = refused(tmp_path, commands(tmp_path, tmp_path / "link")["run"], capsys)
    assert "is a symbolic link" in line and f"('{real}')" in line
    assert main(commands(tmp_path, real)["run"]) == 0  # named directly, the earlier result is replaced


def test_a_link_made_inside_the_store_while_a_comparison_runs_is_not_written_through(tmp_path, monkeypatch):
    """The command line checks --out before it starts; the store checks again before every
    replication it writes, so a link put in place of an arm's folder later is refused too, and
    nothing is simulated into the user's folder."""
    import sim.study.replicate as R

    elsewhere = _elsewhere(tmp_path)
    before = snapshot(elsewhere)
    store = tmp_path / "res" / STORE
    store.mkdir(parents=True)
    (store / "capped").symlink_to(elsewhere, target_is_directory=True)
    pair = [small("eindhoven_radical_maatwerk.yaml", 5_000, years=1), small("eindhoven_capped.yaml", 5_000, years=1)]
    monkeypatch.setattr(R, "simulate", lambda *a: pytest.fail("simulated before refusing"))
    with pytest.raises(ForeignFolder, match="capped' is a symbolic link"):
        compare(pair, seed=3, replications=1, store=store, labels=["radical", "capped"])
    assert snapshot(elsewhere) == before


def test_a_stored_run_is_never_written_through_a_link(tmp_path, scenario):
    """`keep_run` and a replication's `keep` write only below their store: a link anywhere between
    (the store itself, a policy's folder) is refused before the write and again at the swap."""
    import pandas as pd

    from sim.study.replicate import keep

    elsewhere = _elsewhere(tmp_path)
    before = snapshot(elsewhere)
    res = tmp_path / "res"
    res.mkdir()
    parts = {"summary": pd.DataFrame({"replication": [0]})}
    for store in (res / EXPLORE_RUNS, res / "other"):
        if store.name == EXPLORE_RUNS:
            store.symlink_to(elsewhere, target_is_directory=True)
            link = store
        else:
            store.mkdir()
            (store / "policy").symlink_to(elsewhere, target_is_directory=True)
            link = store / "policy"
        folder = run_folder(store, "policy", 0, 0)
        with pytest.raises(ForeignFolder, match=f"'{link}' is a symbolic link"):
            keep_run(parts, scenario, 1, ("world", 0, "policy", "policy", "replication", 0), {}, folder, store)
        with pytest.raises(ForeignFolder, match=f"'{link}' is a symbolic link"):
            keep({}, scenario, 1, 0, rep_folder(store, "policy", 0), store)
        with pytest.raises(ForeignFolder):
            inside(folder, store)
    assert snapshot(elsewhere) == before


# ---------------------------------------------------------------- what the store promises

def test_the_store_detects_damage_to_one_file_but_not_a_forgery_of_a_file_and_its_manifest(tmp_path, scenario):
    """The promise (docs/tables.md): a stored replication is reused only while every file has the
    size and SHA-256 its manifest records, which catches accidental damage to a table or to the
    manifest alone. A deliberate forgery that edits a table and its manifest entry alike is out of
    scope (anyone who can write the store can write any key beside it), and this test says so."""
    import pandas as pd

    from sim.study.replicate import keep
    from sim.model.tables import tables
    from sim.model.engine import run_replication

    store = tmp_path / "store"
    folder = rep_folder(store, "capped", 0)
    keep(tables(run_replication(scenario, 1, 0)), scenario, 1, 0, folder, store)
    assert verdict(folder, scenario, 1, 0) is True
    table, record = folder / "summary.parquet", json.loads((folder / "manifest.json").read_text())
    whole, forged = table.read_bytes(), pd.read_parquet(table).assign(total_cost=0.0)

    forged.to_parquet(table, index=False)  # the table alone: detected
    assert "summary.parquet is damaged" in verdict(folder, scenario, 1, 0)
    table.write_bytes(whole)
    edited = json.loads(json.dumps(record))  # the manifest's entry alone: detected
    edited["files"]["summary.parquet"]["sha256"] = "f" * 64
    (folder / "manifest.json").write_text(json.dumps(edited))
    assert "summary.parquet is damaged" in verdict(folder, scenario, 1, 0)

    forged.to_parquet(table, index=False)  # both, consistently: a forgery, which the store does not claim to catch
    edited["files"]["summary.parquet"] = {"bytes": table.stat().st_size, "sha256": digest(table)}
    (folder / "manifest.json").write_text(json.dumps(edited))
    assert verdict(folder, scenario, 1, 0) is True


def test_a_damaged_stored_replication_may_be_replaced_but_a_users_file_beside_it_may_not(tmp_path, scenario):
    """Damage to a replication's own files is computed again (its writer may replace them); a file
    of the user's in its folder, or a table replaced by a link, is never deleted."""
    from sim.study.replicate import OWN_FILES, keep

    store = tmp_path / "store"
    folder = rep_folder(store, "capped", 0)
    keep(tables_of(scenario), scenario, 1, 0, folder, store)
    (folder / "summary.parquet").write_bytes(b"damaged")
    assert not unverified(folder, remake=OWN_FILES)
    assert [p for p, _ in unverified(folder)] == [folder / "summary.parquet"]  # nobody else may replace it
    (folder / "summary.parquet").unlink()
    (folder / "summary.parquet").symlink_to(tmp_path / "mine.parquet")
    assert [p for p, _ in unverified(folder, remake=OWN_FILES)] == [folder / "summary.parquet"]


def tables_of(scenario):
    from sim.model.engine import run_replication
    from sim.model.tables import tables

    return tables(run_replication(scenario, 1, 0))
