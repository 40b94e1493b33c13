"""Writing a result to disk so that nothing is lost: a whole result or none.

Everything is written into a temporary folder beside the target and moved into place with one
rename at the end (`sim.study.store.atomic_dir`), so an interrupted run leaves no half-written
output. Every result carries a manifest with the scenario's content hash, the seed, the package
version and the creation time, made by the one manifest writer (`sim.study.store.manifest`); it
is written last, because it lists every file of the result with its checksum, and only a folder
whose files its manifest lists with the sizes and SHA-256 they still have is ever replaced by a
later result (nothing is written through a symbolic link inside it either).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

from ..study.results import TABLES, Result
from ..study.store import atomic_dir
from .labels import luck
from .workbook import csv_workbook

if TYPE_CHECKING:
    import pandas as pd

    from ..study.explore import Exploration


def _clean(value):
    """JSON has no NaN: write null instead."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def write_csv(df, path: Path) -> None:
    """CSV for spreadsheets, written by Arrow (several times faster than pandas on a million-row
    ledger). Floats are rounded to 4 decimals (money to a hundredth of a cent); the Parquet file
    keeps full precision."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    floats = df.select_dtypes("float").columns
    table = pa.Table.from_pandas(df.assign(**{c: df[c].round(4) for c in floats}), preserve_index=False)
    pacsv.write_csv(table, path)


SPREADSHEET_ROWS = 1_048_575  # the rows a spreadsheet opens (1,048,576) less the header


def write_spreadsheet_csv(df, folder: Path, name: str) -> list[str]:
    """`name`.csv when the table fits a spreadsheet; else one CSV per replication (and, for a
    replication longer than a spreadsheet, in parts), so that every CSV of a result opens whole.

    A city's steps or cases over many replications pass a spreadsheet's 1,048,576 rows; a CSV cut
    off there would lose rows without a word. The Parquet file always holds the whole table.
    Returns the names written.
    """
    if len(df) <= SPREADSHEET_ROWS:
        write_csv(df, folder / f"{name}.csv")
        return [f"{name}.csv"]
    written = []
    for rep, part in df.groupby("replication", sort=True):
        for k, start in enumerate(range(0, len(part), SPREADSHEET_ROWS)):
            file = f"{name}_rep_{int(rep):04d}" + (f"_part{k + 1}" if len(part) > SPREADSHEET_ROWS else "") + ".csv"
            write_csv(part.iloc[start:start + SPREADSHEET_ROWS], folder / file)
            written.append(file)
    return written


def write_tables(result: Result, folder: Path) -> None:
    from .ledger_months import ledger_by_month

    for name in TABLES:
        df = result.table(name)
        df.to_parquet(folder / f"{name}.parquet", index=False)
        if name != "ledger":  # a city's ledger is too long for a spreadsheet: Parquet, and per month as CSV
            write_spreadsheet_csv(df, folder, name)
    write_csv(ledger_by_month(result.ledger), folder / "ledger_by_month.csv")
    summary = {
        "scenario": result.scenario.name,
        "replications": [{k: _clean(v) for k, v in row.items()} for row in result.summary.to_dict("records")],
        "mean": {k: _clean(float(v)) for k, v in result.summary.mean(numeric_only=True).items() if k != "replication"},
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2))
    write_csv(result.groups, folder / "groups.csv")  # per resident: all, one problem, several (sim.study.groups)
    (folder / "scenario.json").write_text(result.scenario.model_dump_json(indent=2))
    result.manifest(folder)  # last: it lists every file written, which is what marks the folder as a result


def write_result(result: Result, out: str | Path, lang: str = "en") -> Path:
    """Tables (Parquet and CSV), summary.json, manifest.json and the two curves, atomically."""
    out = Path(out)
    with atomic_dir(out) as tmp:
        write_pictures([result], tmp, lang)
        write_tables(result, tmp)  # ends with the manifest, which lists the pictures too
    return out


def write_pictures(results: list[Result], folder: Path, lang: str, comparison=None) -> None:
    """The two curves and the report, for one scenario or overlaid for several (with the comparison's differences)."""
    from .plots import cost_curve, satisfaction_curve
    from .run_report import report

    for name, draw in (("cost_curve.png", cost_curve), ("satisfaction_curve.png", satisfaction_curve)):
        draw(results, lang=lang).savefig(folder / name, dpi=120)  # a plain Figure: no pyplot state to close
    (folder / "report.md").write_text(report(results, lang, comparison), encoding="utf-8")


def write_comparison(c, results: list[Result], out: str | Path, lang: str = "en") -> Path:
    """Overlaid curves and a side-by-side report for several scenarios, in `out/comparison`.

    `results` are the comparison `c`'s arms read back whole (`sim.study.compare.compare_whole`),
    so the folder's manifest is the comparison's: every arm's hash, the one seed, how many.
    """
    target = Path(out) / "comparison"
    with atomic_dir(target) as tmp:
        write_pictures(results, tmp, lang, c)
        c.manifest(tmp)
    return target


STORE = "replications"  # a comparison's folder of finished replications, kept across reruns


def write_compare(c, out: str | Path, lang: str = "en") -> Path:
    """A comparison's tables, pictures, brief.pdf, report.html and model.md, atomically.

    The store of replications (`out/replications`, written as they finished) is carried over.
    """
    import pandas as pd

    from .brief import write_brief
    from ..study.compare import acceptability
    from .figures import render_pictures
    from .stress import model_md
    from .webreport import render

    out = Path(out)
    with atomic_dir(out, keep=(STORE,)) as tmp:
        groups = pd.concat([a.groups.assign(scenario=a.label) for a in c.arms], ignore_index=True)
        for name, df in (("differences", c.differences), ("means", c.means), ("summary", c.summary()),
                         ("acceptability", acceptability(c)), ("groups", groups)):
            write_csv(df, tmp / f"{name}.csv")
        ts = pd.concat([a.timeseries.assign(scenario=a.label) for a in c.arms], ignore_index=True)
        ts.to_parquet(tmp / "timeseries.parquet", index=False)
        write_csv(ts, tmp / "timeseries.csv")
        write_csv(pd.concat([a.events.assign(scenario=a.label) for a in c.arms], ignore_index=True), tmp / "events.csv")
        pictures = render_pictures(c, lang)
        for name, data in pictures.items():
            (tmp / name).write_bytes(data)
        write_brief(c, tmp / "brief.pdf", lang=lang)
        (tmp / "report.html").write_text(render(c, lang), encoding="utf-8")  # charts drawn again, for screens
        (tmp / "model.md").write_text(model_md(c, lang), encoding="utf-8")
        csv_workbook(tmp, lang, luck([a.scenario for a in c.arms], lang))  # every table above in one spreadsheet, tables.xlsx
        c.manifest(tmp)
    return out


def write_sweep(sw, out: str | Path, lang: str = "en") -> Path:
    """A sweep's table (sweep.csv), the trade-off curve and a manifest, atomically (store kept)."""
    from .figures import png
    from .tradeoff import tradeoff_curve

    out = Path(out)
    with atomic_dir(out, keep=(STORE,)) as tmp:
        write_csv(sw.table, tmp / "sweep.csv")
        write_csv(sw.comparison.summary(), tmp / "summary.csv")
        (tmp / "tradeoff.png").write_bytes(png(tradeoff_curve(sw, lang=lang)))
        csv_workbook(tmp, lang, luck([a.scenario for a in sw.comparison.arms], lang))
        sw.comparison.manifest(tmp, parameters=sw.parameters, points=sw.points)
    return out


# ---------------------------------------------------------------- an exploration (`ontschot explore`)


def discovery_boxes(x: "Exploration") -> tuple["pd.DataFrame", "pd.DataFrame"]:
    """Every policy's PRIM boxes (its peeling trajectory, the chosen one marked) and the chosen box's limits."""
    import pandas as pd

    trajectories, limits = [], []
    for policy, found in x.discoveries.items():
        t = found.trajectory.copy()
        t.insert(0, "policy", policy)
        t["chosen"] = [k == found.chosen for k in range(len(t))]
        trajectories.append(t)
        limits.append(found.limits.assign(policy=policy))
    columns = ["policy", "box", "coverage", "density", "mass", "restricted", "chosen"]
    t = pd.concat(trajectories, ignore_index=True) if trajectories else pd.DataFrame(columns=columns)
    lim = pd.concat(limits, ignore_index=True) if limits else pd.DataFrame(columns=["policy"])
    return t[columns], lim[["policy", *[c for c in lim.columns if c != "policy"]]]


def write_exploration(x: "Exploration", out: str | Path, lang: str = "en", keep: tuple[str, ...] = (".runs",)) -> Path:
    """An exploration's result folder, written whole or not at all (`atomic_dir`), the store of runs kept.

    worlds.parquet and worlds.csv, groups.csv, timeseries.parquet, sensitivity.csv, noise.csv,
    robustness.csv, with --fails the PRIM boxes (discovery_boxes.csv, discovery_limits.csv, the
    rules in words in discovery_rules.txt), every picture, explore.pdf, report.html and last the
    manifest (every policy's scenario hash, the seed, method, worlds and replications).
    """
    from ..study.store import manifest
    from .explore_report import page, render_pictures, rule, write_pdf

    out = Path(out)
    with atomic_dir(out, keep=keep) as tmp:
        x.table.to_parquet(tmp / "worlds.parquet", index=False)
        write_csv(x.table, tmp / "worlds.csv")
        if x.groups is not None:
            write_csv(x.groups, tmp / "groups.csv")
        if x.timeseries is not None:
            x.timeseries.to_parquet(tmp / "timeseries.parquet", index=False)
        for name, df in (("sensitivity", x.sensitivity), ("noise", x.noise), ("robustness", x.robustness)):
            write_csv(df, tmp / f"{name}.csv")
        if x.failure is not None:
            trajectory, limits = discovery_boxes(x)
            write_csv(trajectory, tmp / "discovery_boxes.csv")
            write_csv(limits, tmp / "discovery_limits.csv")
            rules = [r for r in (rule(x, p, lang) for p in x.labels) if r]
            (tmp / "discovery_rules.txt").write_text("\n".join(rules) + "\n", encoding="utf-8")
        pictures = render_pictures(x, lang)
        for name_, data in pictures.items():
            (tmp / name_).write_bytes(data)
        write_pdf(x, tmp / "explore.pdf", lang)
        (tmp / "report.html").write_text(page(x, lang, pictures), encoding="utf-8")
        csv_workbook(tmp, lang, luck([s for _, s in x.policies], lang))
        manifest(x.policies, x.seed, created=x.created or None, folder=tmp, command="explore", method=x.method,
                 samples=x.samples, worlds=x.worlds, replications=x.replications, paths=list(x.paths),
                 fails=x.failure.text if x.failure is not None else None, reused=x.reused)
    return out
