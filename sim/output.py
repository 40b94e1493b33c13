"""Writing a result to disk so that nothing is lost: a whole result or none.

Everything is written into a temporary folder beside the target and moved into place with one
rename at the end, so an interrupted run leaves no half-written output. Every result carries a
manifest with the scenario's content hash, the seed, the package version and the creation time.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .results import TABLES, Result


@contextmanager
def atomic_dir(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder that replaces `target` only if the block finishes."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


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
    for name in TABLES:
        df = result.table(name)
        df.to_parquet(folder / f"{name}.parquet", index=False)
        write_csv(df, folder / f"{name}.csv")
    summary = {
        "scenario": result.scenario.name,
        "replications": [{k: _clean(v) for k, v in row.items()} for row in result.summary.to_dict("records")],
        "mean": {k: _clean(float(v)) for k, v in result.summary.mean(numeric_only=True).items() if k != "replication"},
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2))
    (folder / "manifest.json").write_text(json.dumps(result.manifest(), indent=2))


def write_result(result: Result, out: str | Path, lang: str = "en") -> Path:
    """Tables (Parquet and CSV), summary.json, manifest.json and the two curves, atomically."""
    out = Path(out)
    with atomic_dir(out) as tmp:
        write_tables(result, tmp)
        write_pictures([result], tmp, lang)
    return out


def write_pictures(results: list[Result], folder: Path, lang: str) -> None:
    """The two curves and the report, for one scenario or overlaid for several."""
    import matplotlib.pyplot as plt

    from .plots import cost_curve, satisfaction_curve
    from .report import report

    for name, draw in (("cost_curve.png", cost_curve), ("satisfaction_curve.png", satisfaction_curve)):
        fig = draw(results, lang=lang)
        fig.savefig(folder / name, dpi=120)
        plt.close(fig)
    (folder / "report.md").write_text(report(results, lang), encoding="utf-8")


def write_comparison(results: list[Result], out: str | Path, lang: str = "en") -> Path:
    """Overlaid curves and a side-by-side report for several scenarios, in `out/comparison`."""
    target = Path(out) / "comparison"
    with atomic_dir(target) as tmp:
        write_pictures(results, tmp, lang)
    return target
