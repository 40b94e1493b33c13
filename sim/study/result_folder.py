"""Where a result's tables lie on disk, in either layout, read a case at a time.

`ontschot run` writes DIR/cases.parquet, steps.parquet etc. (all replications, with a replication column);
`ontschot compare` writes DIR/replications/<label>/rep_0000/cases.parquet etc. A `Source` is one
scenario's replication in either layout; `read` takes only the rows and columns asked for
(Parquet filters), and `scenario_of` finds the scenario that ran, if it can still be trusted.

Nothing damaged is trusted: a folder's `manifest.json` must be an Ontschot manifest, and a table
is read only after its size and SHA-256 match what the manifest recorded when it was written
(sim.study.store), so a truncated or replaced file is named in one line instead of a traceback
from deep inside Arrow, or a story told from the wrong rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Said, ScenarioError, UsageError, count
from ..policy.scenario import Scenario
from .store import MANIFEST, TOOL, mismatch


@dataclass
class Source:
    """Where one scenario's replication lies on disk, and what its manifest says."""

    label: str
    folder: Path  # holds cases.parquet, ledger.parquet, ...
    replication: int
    manifest: dict  # scenario, scenario_file, scenario_hash, seed, files (their sizes and SHA-256)
    checked: set[str] = field(default_factory=set)  # tables whose checksum has been verified


def sources(root: Path, replication: int, label: str | None) -> list[Source]:
    """The scenario replications a result folder holds, in either layout; UsageError if none fits."""
    manifest = _json(root / MANIFEST, required=False)
    if (root / "cases.parquet").exists():  # ontschot run
        manifest = _json(root / MANIFEST)
        name = Path(manifest.get("scenario_file") or "").stem or manifest.get("scenario", root.name)
        if label is not None and label not in (name, manifest.get("scenario")):
            raise UsageError(Said("'{root}' holds one scenario, {name}; leave out the scenario or give '{name}'",
                                  "'{root}' bevat één scenario, {name}; laat het scenario weg of geef '{name}'"
                                  ).format(root=root, name=name))
        whole = _parquet(Source(name, root, -1, manifest), "summary", columns=["replication"])
        reps = sorted(whole["replication"].unique().tolist())
        if replication not in reps:
            raise UsageError(Said("replication {r} is not in {root}; replications run {span}",
                                  "herhaling {r} staat niet in {root}; de herhalingen lopen {span}"
                                  ).format(r=replication, root=root, span=_span(reps)))
        return [Source(name, root, replication, manifest)]
    store = root / "replications"
    if not store.is_dir():
        raise UsageError(Said("'{root}' holds no results: expected cases.parquet (from ontschot run) or a replications "
                              "folder (from ontschot compare)",
                              "'{root}' bevat geen resultaten: verwacht werd cases.parquet (van ontschot run) of een map "
                              "replications (van ontschot compare)").format(root=root))
    listed = [s["label"] for s in manifest.get("scenarios", [])]
    labels = [x for x in listed if (store / x).is_dir()] + sorted(
        p.name for p in store.iterdir() if p.is_dir() and p.name not in listed and not p.name.startswith("."))
    if label is not None:
        if label not in labels:
            raise UsageError(Said("no scenario '{label}' in {root}; choose one of: {labels}",
                                  "geen scenario '{label}' in {root}; kies uit: {labels}"
                                  ).format(label=label, root=root, labels=", ".join(labels)))
        labels = [label]
    out = []
    for lab in labels:
        folder = store / lab / f"rep_{replication:04d}"
        if not (folder / "cases.parquet").exists():
            reps = sorted(int(p.name[4:]) for p in (store / lab).glob("rep_[0-9]*") if (p / "cases.parquet").exists())
            raise UsageError(Said("replication {r} is not stored for {lab}; replications run {span}",
                                  "herhaling {r} is niet bewaard voor {lab}; de herhalingen lopen {span}"
                                  ).format(r=replication, lab=lab, span=_span(reps)))
        out.append(Source(lab, folder, replication, _json(folder / "manifest.json")))
    return out


DAMAGED = Said("'{path}' is damaged ({why}): run the scenario again",
               "'{path}' is beschadigd ({why}): draai het scenario opnieuw")


def _json(path: Path, required: bool = True) -> dict:
    """A result's manifest; a UsageError naming it when it is damaged, or missing where it is `required`.

    A comparison's own manifest is written last, so an interrupted one has stored replications
    (each with its manifest) and none yet: its replications can still be explained.
    """
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if not required:
            return {}
        raise UsageError(Said("'{folder}' has no {manifest}: it is not an Ontschot result",
                              "'{folder}' heeft geen {manifest}: het is geen resultaat van Ontschot"
                              ).format(folder=path.parent, manifest=MANIFEST)) from None
    except (OSError, ValueError) as exc:
        raise UsageError(DAMAGED.format(path=path, why=type(exc).__name__)) from None
    if not isinstance(record, dict):
        raise UsageError(Said("'{path}' is damaged (it holds {kind}, not a manifest): run the scenario again",
                              "'{path}' is beschadigd (het bevat {kind}, geen manifest): draai het scenario opnieuw"
                              ).format(path=path, kind=type(record).__name__))
    return record


def _verified(src: Source, table: str, path: Path) -> None:
    """Check a table against the size and SHA-256 its manifest recorded, once per table."""
    if table in src.checked:
        return
    files = src.manifest.get("files")
    want = files.get(path.name) if isinstance(files, dict) else None
    if src.manifest.get("tool") == TOOL and isinstance(want, dict):
        size = path.lstat().st_size
        if mismatch(path, want) is not None:  # a symbolic link in a table's place is not followed
            raise UsageError(Said("'{path}' is damaged: it is not the file the run wrote ({size} bytes, its SHA-256 "
                                  "does not match the manifest); run the scenario again",
                                  "'{path}' is beschadigd: het is niet het bestand dat de run schreef ({size} bytes, de "
                                  "SHA-256 klopt niet met het manifest); draai het scenario opnieuw"
                                  ).format(path=path, size=count(size)))
    src.checked.add(table)


def _span(values: list[int]) -> Said | str:
    if not values:
        return Said("nowhere: none is stored", "nergens: er is er geen bewaard")
    contiguous = values == list(range(values[0], values[-1] + 1))
    return Said("{a} to {b}", "van {a} tot {b}").format(a=values[0], b=values[-1]) if contiguous else ", ".join(map(str, values))


def read(src: Source, table: str, filters: list | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows of one replication only: Parquet filters, so large tables are never loaded whole.

    A table that is not there is a UsageError that says so in one line: results written before
    the steps table existed have none, and must be run again to be explained.
    """
    path = src.folder / f"{table}.parquet"
    if not path.is_file():
        again = Said(" (written before the journey noted its steps: run the scenario again)",
                     " (geschreven voordat de reis haar stappen noteerde: draai het scenario opnieuw)") if table == "steps" else ""
        raise UsageError(Said("'{folder}' has no {table} table ({name}){again}", "'{folder}' heeft geen tabel {table} "
                              "({name}){again}").format(folder=src.folder, table=table, name=path.name, again=again))
    rep = ("replication", "==", src.replication)
    return _parquet(src, table, columns, [rep] if filters is None else [[rep, *conj] for conj in filters])


def _parquet(src: Source, table: str, columns: list[str] | None = None, filters: list | None = None) -> pd.DataFrame:
    """A verified table's rows (all of them when no filters are given); a damaged one is a UsageError."""
    path = src.folder / f"{table}.parquet"
    _verified(src, table, path)
    try:
        return pd.read_parquet(path, columns=columns, filters=filters)
    except (OSError, ValueError, KeyError) as exc:  # Arrow's errors derive from these
        raise UsageError(Said("'{path}' is damaged and cannot be read ({why}): run the scenario again",
                              "'{path}' is beschadigd en niet te lezen ({why}): draai het scenario opnieuw"
                              ).format(path=path, why=type(exc).__name__)) from None


def scenario_of(src: Source) -> tuple[Scenario | None, str | None]:
    """The run's scenario: the merged copy stored with the result if it hashes the same, else its
    file if that still exists and hashes the same; else why not."""
    from ..policy.loader import load_scenario

    stored = src.folder / "scenario.json"
    if stored.is_file():
        try:
            s = Scenario.model_validate_json(stored.read_text())
        except ValueError:
            s = None
        if s is not None and s.content_hash == src.manifest.get("scenario_hash"):
            return s, None
    file = src.manifest.get("scenario_file")
    if not file:
        return None, "why_none"
    path = Path(file)
    candidates = [path] if path.is_absolute() else [path, src.folder / path]
    found = next((p for p in candidates if p.is_file()), None)
    if found is None:
        return None, "why_missing"
    try:
        s = load_scenario(found)
    except ScenarioError as exc:
        return None, f"why_invalid:{exc}"
    return (s, None) if s.content_hash == src.manifest.get("scenario_hash") else (None, "why_changed")
