"""Writing a result to disk so that nothing is lost: a whole result or none.

Everything is written into a temporary folder beside the target and moved into place with one
rename at the end (`sim.study.store.atomic_dir`), so an interrupted run leaves no half-written
output. Every result carries a manifest with the scenario's content hash, the seed, the package
version and the creation time, made by the one manifest writer (`sim.study.store.manifest`); it
is written last, because it lists every file of the result with its checksum, and only a folder
whose files its manifest lists is ever replaced by a later result.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..study.results import TABLES, Result
from ..study.store import atomic_dir


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


def write_tables(result: Result, folder: Path) -> None:
    from .ledger_months import ledger_by_month

    for name in TABLES:
        df = result.table(name)
        df.to_parquet(folder / f"{name}.parquet", index=False)
        if name != "ledger":  # a city's ledger is too long for a spreadsheet: Parquet, and per month as CSV
            write_csv(df, folder / f"{name}.csv")
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
        (tmp / "report.html").write_text(render(c, lang, pictures), encoding="utf-8")
        (tmp / "model.md").write_text(model_md(c), encoding="utf-8")
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
        sw.comparison.manifest(tmp, parameters=sw.parameters, points=sw.points)
    return out
