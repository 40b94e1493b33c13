"""Under which conditions a policy fails: scenario discovery with PRIM.

Given the worlds (one row each, one column per uncertain path) and which of them fail, PRIM
(Friedman and Fisher's patient rule induction) peels a box off the space of assumptions step by
step, each step trading a little coverage (the share of the failing worlds inside the box) for
density (the share of the worlds inside the box that fail). The whole trajectory of boxes is
kept, because where to stop on it is a judgement for the reader: the report draws it.

PRIM comes from the EMA Workbench of TU Delft (`ema_workbench.analysis.prim`), the reference
implementation of scenario discovery, as the optional extra `ontschot[explore]`. It installs
cleanly from PyPI, but it is noisy on import (a warning about ipyparallel, an ImportWarning
about altair) and uses a pandas keyword pandas 3 deprecates; those warnings are silenced here,
around its import and its call only, and it is imported only when discovery is asked for (it
takes about two seconds, with scikit-learn and seaborn behind it).

The chosen box is the knee of the trade-off, taken as the box that best matches the failing
worlds: the highest harmonic mean of coverage and density (the F1 score of the box as a rule
for "this world fails"), among the boxes that still cover at least half of the failing worlds
(`MIN_COVERAGE`); of equals, the one with fewer restricted assumptions. The densest box with
that coverage, the other common reading, peels on into noise: on a planted box with 1% of the
worlds mislabelled it restricts a third, irrelevant assumption to gain one point of density for
four of coverage. PRIM's own threshold is set just above 0, so every failing world is a case of
interest and PRIM never swaps its box for a "dump box" when the failures are rare.
Numbers only: the rule in words is the report's.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Said, UsageError

MIN_COVERAGE = 0.5  # ASSUMPTION: a chosen box holds at least half of the failing worlds
# ASSUMPTION: a box of fewer worlds than this is a lead, not a finding: with under 20 worlds the share of
# them that fail (the box's density) is known to no better than about 20 percentage points either way
# (its 95% interval), so the words of a rule say how few worlds it rests on.
FEW_WORLDS = 20
PEEL_ALPHA = 0.05  # the EMA Workbench's default: each step peels 5% of the worlds still in the box
MASS_MIN = 0.05  # a box holds at least 5% of the worlds
THRESHOLD = 1e-9  # y is 1 for a failing world, 0 otherwise: the failing ones are the cases of interest
NEEDS = Said("scenario discovery needs the EMA Workbench: pip install 'ontschot[explore]'",
             "scenario discovery vraagt de EMA Workbench: pip install 'ontschot[explore]'")


class DiscoveryUnavailable(UsageError):
    """--fails without the optional extra that brings PRIM (exit status 2)."""


@dataclass(frozen=True)
class Discovery:
    """A PRIM run: the peeling trajectory, the box chosen on it, and its limits."""

    trajectory: pd.DataFrame  # box, coverage, density, mass, restricted (number of restricted paths)
    chosen: int | None  # the row of the chosen box; None when no world fails, or every one does
    limits: pd.DataFrame  # path, low, high (None where not restricted), lowest, highest (the worlds' range)
    worlds: int
    failing: int

    @property
    def box(self) -> dict[str, float] | None:
        """The chosen box's coverage, density and mass, or None."""
        if self.chosen is None:
            return None
        row = self.trajectory.iloc[self.chosen]
        return {k: float(row[k]) for k in ("coverage", "density", "mass")} | {"restricted": int(row["restricted"])}

    @property
    def box_worlds(self) -> tuple[int, int] | None:
        """How many worlds the chosen box holds, and how many of them fail: what its rule rests on."""
        box = self.box
        if box is None:
            return None
        inside = int(round(box["mass"] * self.worlds))
        return inside, int(round(box["density"] * inside))

    @property
    def few_worlds(self) -> bool:
        """Whether the chosen box rests on fewer worlds than FEW_WORLDS, so its rule is only a lead."""
        held = self.box_worlds
        return held is not None and held[0] < FEW_WORLDS


def prim_module() -> Any:
    """The EMA Workbench's PRIM module, imported quietly; DiscoveryUnavailable without the extra."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:
        raise DiscoveryUnavailable(NEEDS) from None
    return prim


def available() -> bool:
    """True when scenario discovery can run (checked before a long explore starts)."""
    import importlib.util

    return importlib.util.find_spec("ema_workbench") is not None


def _limits(box: pd.DataFrame, initial: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    rows = []
    for path in columns:
        lo, hi = float(box.at[0, path]), float(box.at[1, path])
        lowest, highest = float(initial.at[0, path]), float(initial.at[1, path])
        if lo > lowest or hi < highest:
            rows.append({"path": path, "low": lo if lo > lowest else None, "high": hi if hi < highest else None,
                         "lowest": lowest, "highest": highest})
    return pd.DataFrame(rows, columns=["path", "low", "high", "lowest", "highest"])


def _choose(trajectory: pd.DataFrame, min_coverage: float) -> int | None:
    ok = trajectory[trajectory["coverage"] >= min_coverage].copy()
    if ok.empty:
        return None
    c, d = ok["coverage"], ok["density"]
    ok["match"] = (2 * c * d / (c + d)).round(12)  # rounded: equal scores tie, whatever the float noise
    ok["fewer"] = -ok["restricted"]
    return int(ok.sort_values(["match", "fewer", "coverage"], ascending=False, kind="stable").index[0])


def discover(x: pd.DataFrame, fails: np.ndarray, min_coverage: float = MIN_COVERAGE) -> Discovery:
    """PRIM on the worlds `x` (numeric columns, one per path) with `fails` the failing worlds."""
    fails = np.asarray(fails, dtype=bool)
    x = x.reset_index(drop=True).astype(float)
    empty = pd.DataFrame(columns=["box", "coverage", "density", "mass", "restricted"])
    n, k = len(x), int(fails.sum())
    if k == 0 or k == n:
        return Discovery(empty, None, _limits(pd.DataFrame(), pd.DataFrame(), []), n, k)
    prim = prim_module()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        finder = prim.Prim(x, fails.astype(float), threshold=THRESHOLD, peel_alpha=PEEL_ALPHA, mass_min=MASS_MIN)
        box = finder.find_box()
    t = box.peeling_trajectory.reset_index(drop=True)
    trajectory = pd.DataFrame({"box": np.arange(len(t)), "coverage": t["coverage"].astype(float),
                               "density": t["density"].astype(float), "mass": t["mass"].astype(float),
                               "restricted": t["res_dim"].astype(int)})
    chosen = _choose(trajectory, min_coverage)
    limits = _limits(box.box_lims[chosen].reset_index(drop=True), finder.box_init.reset_index(drop=True),
                     list(x.columns)) if chosen is not None else _limits(pd.DataFrame(), pd.DataFrame(), [])
    return Discovery(trajectory, chosen, limits, n, k)
